/* test_check_run.c - whole checks on a scripted network (fakenet.h) in virtual time: a server is
 * an address and a port; the state save keeps to what is left of -t. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fakecheck.h"
#include "fakenet.h"
#include "mp/mp_state.h"
#include "tap.h"

static char base[64]; /* a temporary directory for state directories */

#define CHECK(scn, out, ...) fakecheck(scn, out, (const char *const[]){__VA_ARGS__, NULL})

/* Real (not virtual) monotonic milliseconds. */
static long long real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* -n 192.0.2.1#5300 -n 192.0.2.1 (port 53), in both orders: both are checked, each shown
 * with its port when it is not -p's. */
static void test_same_address_two_ports(void)
{
	static const char *const orders[2][2] = {{"192.0.2.1#5300", "192.0.2.1"},
						 {"192.0.2.1", "192.0.2.1#5300"}};
	struct mp_strbuf out;
	size_t k;

	for (k = 0; k < 2; k++) {
		int state = CHECK("two-ports.scn", &out, "-D", "zone.example", "-n", orders[k][0],
				  "-n", orders[k][1]);
		tap_int_eq(state, MP_WARNING, "-n %s -n %s: both servers are checked (WARNING)",
			   orders[k][0], orders[k][1]);
		tap_str_eq(
		    fakecheck_status(&out),
		    "SOA WARNING - zone.example: 1 of 2 servers behind (192.0.2.1#5300 at 5, "
		    "1 behind 6)",
		    "-n %s -n %s: the one behind is named with its port", orders[k][0],
		    orders[k][1]);
		tap_ok(tap_contains(mp_strbuf_str(&out), "\n[WARNING] 192.0.2.1#5300: serial 5 ") &&
			   tap_contains(mp_strbuf_str(&out), "\n[OK] 192.0.2.1: serial 6,") &&
			   tap_contains(mp_strbuf_str(&out), " rtt_192.0.2.1%235300=") &&
			   tap_contains(mp_strbuf_str(&out), " rtt_192.0.2.1="),
		       "-n %s -n %s: a line and perfdata per server", orders[k][0], orders[k][1]);
		mp_strbuf_free(&out);
	}
	CHECK("two-ports.scn", &out, "-D", "zone.example", "-n", "192.0.2.1#5300", "-p", "5300",
	      "-P", "192.0.2.1#53");
	tap_str_eq(
	    fakecheck_status(&out),
	    "SOA WARNING - zone.example: 1 of 2 servers behind (192.0.2.1 at 5, 1 behind "
	    "primary 6)",
	    "-p 5300 -P ADDRESS#53: the primary is a server of its own, shown with its port");
	tap_ok(tap_contains(mp_strbuf_str(&out), "\n[OK] 192.0.2.1#53 (primary): serial 6"),
	       "-p 5300: the primary's line names port 53");
	mp_strbuf_free(&out);
}

/* The one file of DIR whose name ends in SUFFIX, into PATH; false when there is none. */
static bool find_file(const char *dir, const char *suffix, char *path, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d != NULL && !found && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), m = strlen(suffix);
		if (n > m && strcmp(e->d_name + n - m, suffix) == 0) {
			snprintf(path, size, "%s/%s", dir, e->d_name);
			found = true;
		}
	}
	if (d != NULL)
		closedir(d);
	return found;
}

/* Fork a child that holds the write lock on PATH until *RELEASE is closed. */
static pid_t hold_lock(const char *path, int *release)
{
	int ready[2], rel[2];
	pid_t pid;
	char c;

	if (pipe(ready) != 0 || pipe(rel) != 0)
		exit(2);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct flock fl;
		int fd = open(path, O_RDWR), rc = 1;
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		close(ready[0]);
		close(rel[1]);
		if (fd >= 0 && fcntl(fd, F_SETLKW, &fl) == 0 && write(ready[1], "x", 1) == 1)
			rc = read(rel[0], &c, 1) == 0 ? 0 : 1;
		if (fd >= 0)
			close(fd);
		close(ready[1]);
		close(rel[0]);
		_exit(rc);
	}
	close(ready[1]);
	close(rel[0]);
	if (read(ready[0], &c, 1) != 1)
		exit(2);
	close(ready[0]);
	*release = rel[1];
	return pid;
}

/* The network keeps one server until its give-up at 1002 ms of -t 1.05: the save has the
 * 38 ms left (less the output's 10 ms), not 2 s for another check's lock. */
static void test_save_within_budget(void)
{
	char dir[96], lock[512];
	struct mp_strbuf out;
	long long start, took;
	int state, release, status_code = -1;
	pid_t pid;

	snprintf(dir, sizeof dir, "%s/locked", base);
	CHECK("zone-drop.scn", &out, "-D", "zone.example", "-s", "192.0.2.53", "-t", "1.05",
	      "--query-timeout", "1", "--critical-latency", "3600", "--state-dir", dir);
	tap_ok(!tap_contains(mp_strbuf_str(&out), "state file"),
	       "a first run makes the state directory and saves, without a note");
	mp_strbuf_free(&out);
	if (!find_file(dir, ".lock", lock, sizeof lock)) {
		tap_ok(0, "the state's lock file is in %s", dir);
		return;
	}
	pid = hold_lock(lock, &release);
	start = real_ms();
	state = CHECK("zone-drop.scn", &out, "-D", "zone.example", "-s", "192.0.2.53", "-t", "1.05",
		      "--query-timeout", "1", "--critical-latency", "3600", "--state-dir", dir);
	took = real_ms() - start;
	close(release);
	waitpid(pid, &status_code, 0);
	tap_int_eq(state, MP_WARNING,
		   "lock held by another check: the verdict stands (the latency was measured)");
	tap_ok(tap_contains(mp_strbuf_str(&out), "state file ") &&
		   tap_contains(mp_strbuf_str(&out),
				".state: not saved: lock file soa-zone.example-") &&
		   tap_contains(mp_strbuf_str(&out), "held by another check until the time was up"),
	       "the output says the save was skipped: %s",
	       strstr(mp_strbuf_str(&out), "state file") ? strstr(mp_strbuf_str(&out), "state file")
							 : "(no note)");
	tap_ok(took < 1900, "the save gave up within the budget: %lld ms real", took);
	mp_strbuf_free(&out);
	snprintf(dir, sizeof dir, "%s/no-time", base);
	state = CHECK("zone-drop.scn", &out, "-D", "zone.example", "-s", "192.0.2.53", "-t", "0.05",
		      "--critical-latency", "3600", "--state-dir", dir);
	tap_ok(state == MP_WARNING &&
		   tap_contains(mp_strbuf_str(&out),
				".state: not saved: no time left of the -t budget\n"),
	       "-t 0.05 all spent on the network: the save is skipped and says so");
	tap_ok(access(dir, F_OK) != 0, "... and it made nothing (%s)", dir);
	mp_strbuf_free(&out);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_base(void)
{
	nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	snprintf(base, sizeof base, "/tmp/test_check_run.XXXXXX");
	if (mkdtemp(base) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	atexit(remove_base);
	fakenet_install();
	test_same_address_two_ports();
	test_save_within_budget();
	fakenet_free();
	return tap_done();
}
