/* runstat.c - run a command N times and print wall time, CPU time and peak RSS of each run.
 *
 * Usage: runstat [-n N] [-o FILE] CMD [ARG...]
 *
 * One line per run on stdout: "wall_ms user_ms sys_ms maxrss_kb exit_status". Wall time is
 * CLOCK_MONOTONIC around fork..wait4; CPU time and peak RSS come from wait4(), so they cover
 * the command and every descendant it waited for (a shell script's children included).
 * The command's stdout goes to FILE (the last run's output is kept) or /dev/null; its stdin
 * is /dev/null and its stderr is left alone.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null";
	int runs = 1, opt, i;

	while ((opt = getopt(argc, argv, "+n:o:")) != -1) {
		if (opt == 'n')
			runs = atoi(optarg);
		else if (opt == 'o')
			out = optarg;
		else
			return 2;
	}
	if (optind == argc || runs < 1) {
		fprintf(stderr, "usage: runstat [-n N] [-o FILE] CMD [ARG...]\n");
		return 2;
	}
	for (i = 0; i < runs; i++) {
		struct rusage ru;
		int status = 0;
		double start = now_ms(), wall;
		pid_t pid = fork();
		if (pid < 0) {
			perror("runstat: fork");
			return 1;
		}
		if (pid == 0) {
			int in = open("/dev/null", O_RDONLY);
			int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (in < 0 || o < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0)
				_exit(126);
			execvp(argv[optind], argv + optind);
			perror("runstat: exec");
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("runstat: wait4");
			return 1;
		}
		wall = now_ms() - start;
		printf("%.3f %.3f %.3f %ld %d\n", wall, tv_ms(ru.ru_utime), tv_ms(ru.ru_stime),
		       ru.ru_maxrss,
		       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		fflush(stdout);
	}
	return 0;
}
