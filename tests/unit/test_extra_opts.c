/* test_extra_opts.c - unit tests for --extra-opts: ini parsing, file search, argv expansion. */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/extra_opts.h"
#include "cli/options.h"
#include "net/clock.h"
#include "tap.h"

#define MAX_TEMP_FILES 8

static char temp_files[MAX_TEMP_FILES][64];
static size_t n_temp_files;

/* Write TEXT (LEN bytes) to a new temporary file; returns its path (removed at exit). */
static const char *temp_file(const char *text, size_t len)
{
	char *path = temp_files[n_temp_files++];
	int fd;

	snprintf(path, sizeof temp_files[0], "/tmp/test_extra_opts.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror("temp_file");
		exit(2);
	}
	close(fd);
	return path;
}

/* A temporary file holding the string TEXT. */
static const char *temp_text(const char *text)
{
	return temp_file(text, strlen(text));
}

static void remove_temp_files(void)
{
	size_t i;

	for (i = 0; i < n_temp_files; i++)
		unlink(temp_files[i]);
}

/* The arguments of X joined with single spaces, into BUF. */
static const char *joined(const struct extra_opts_argv *x, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < x->argc && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", x->argv[i]);
	return buf;
}

/* Parse TEXT for SECTION; returns the result and the arguments (or the error) in OUT. */
static int parse(const char *text, const char *section, char *out, size_t size)
{
	struct extra_opts_argv x = {0};
	char err[EXTRA_OPTS_ERROR_MAX];
	int rc = extra_opts_parse_ini(text, strlen(text), "f.ini", section, &x, err, sizeof err);

	if (rc < 0)
		snprintf(out, size, "%s", err);
	else
		joined(&x, out, size);
	extra_opts_free(&x);
	return rc;
}

static void test_ini_lines(void)
{
	char got[1024];

	tap_int_eq(parse("[check_soa]\nwarning = 5\ntcp\n", "check_soa", got, sizeof got), 2,
		   "two option lines of the section are taken");
	tap_str_eq(got, "--warning=5 --tcp", "key = value gives --key=value, a bare key a flag");
	parse("[check_soa]\n  resolver\t=  192.0.2.53#5353  \n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--resolver=192.0.2.53#5353",
		   "blanks around keys and values are trimmed; '#' inside a value stays");
	parse("[check_soa]\n# comment\n; comment too\n\n   \nnsid\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--nsid", "comments (# and ;) and blank lines are ignored");
	parse("[check_soa]\nw = 3\nv\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "-w 3 -v", "one-letter keys become short options");
	parse("[check_soa]\ndomain = \" example.com \"\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--domain= example.com ", "double quotes around a value are removed");
	parse("[check_soa]\ndomain =\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--domain=", "an empty value after '=' is passed as empty");
	parse("[check_soa]\r\ntcp\r\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--tcp", "CRLF line ends are accepted");
	parse(
	    "tcp\n[other]\nnsid\n[ check_soa ]\nwarning=1\n[other]\nipv4\n[check_soa]\ncritical=2",
	    "check_soa", got, sizeof got);
	tap_str_eq(got, "--warning=1 --critical=2",
		   "only the wanted section counts; it may appear twice; no final newline needed");
	tap_int_eq(parse("[check_soa]\n", "check_soa", got, sizeof got), 0,
		   "an empty section is fine");
	parse("[other]\n= junk\n[check_soa]\ntcp\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--tcp", "lines of other sections are not judged");
}

static void test_ini_errors(void)
{
	char got[1024], text[4096];
	struct extra_opts_argv x = {0};
	char err[EXTRA_OPTS_ERROR_MAX];
	int i, n;

	tap_int_eq(parse("[other]\ntcp\n", "check_soa", got, sizeof got), -1,
		   "a missing section is an error");
	tap_str_eq(got, "--extra-opts: section [check_soa] not found in f.ini",
		   "the error names the section and the file");
	parse("[check_soa]\n= 5\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--extra-opts: f.ini:2: expected \"key = value\" or \"key\"",
		   "a line without key is an error naming file and line");
	tap_int_eq(parse("[check_soa]\n--tcp\n", "check_soa", got, sizeof got), -1,
		   "a key starting with '-' is an error");
	tap_int_eq(parse("[check_soa]\nwarn ing = 5\n", "check_soa", got, sizeof got), -1,
		   "a key with a blank inside is an error");
	tap_int_eq(parse("[check_soa\ntcp\n", "check_soa", got, sizeof got), -1,
		   "an unclosed section header is an error");
	tap_int_eq(parse("[]\n[check_soa]\n", "check_soa", got, sizeof got), -1,
		   "an empty section name is an error");
	parse("[check_soa]\nextra-opts = other\n", "check_soa", got, sizeof got);
	tap_str_eq(got, "--extra-opts: f.ini:2: extra-opts cannot be nested",
		   "extra-opts inside an ini file is refused");

	memset(text, 'a', sizeof text);
	memcpy(text, "[check_soa]\nk=", 14);
	text[14 + EXTRA_OPTS_LINE_MAX] = '\0';
	tap_int_eq(parse(text, "check_soa", got, sizeof got), -1, "an overlong line is an error");
	tap_ok(tap_contains(got, "f.ini:2: line longer than 1024 bytes"),
	       "the overlong line is named: %s", got);
	text[14 + EXTRA_OPTS_LINE_MAX - 3] = '\0';
	tap_int_eq(parse(text, "check_soa", got, sizeof got), 1,
		   "a line of exactly the maximum length is fine");

	tap_int_eq(extra_opts_parse_ini("[check_soa]\nt\0cp\n", 17, "f.ini", "check_soa", &x, err,
					sizeof err),
		   -1, "a NUL byte in a line is an error");
	extra_opts_free(&x);

	n = snprintf(text, sizeof text, "[check_soa]\n");
	for (i = 0; i <= EXTRA_OPTS_ARGS_MAX; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "v\n");
	tap_int_eq(parse(text, "check_soa", got, sizeof got), -1,
		   "more than %d options is an error", EXTRA_OPTS_ARGS_MAX);
	tap_ok(tap_contains(got, "more than 256 options"), "the limit is named: %s", got);
}

/* Expand ARGV (NULL-terminated) with SEARCH; the result or the error in OUT. */
static int expand(const char *const *argv, const struct extra_opts_search *search, char *out,
		  size_t size)
{
	struct extra_opts_argv x;
	char err[EXTRA_OPTS_ERROR_MAX];
	int argc = 0, rc;

	while (argv[argc] != NULL)
		argc++;
	rc = extra_opts_expand(argc, (char *const *)argv, "check_soa", search, &x, err, sizeof err);
	if (rc < 0) { /* no argv to check: the caller checks the error text */
		snprintf(out, size, "%s", err);
	} else {
		joined(&x, out, size);
		tap_ok(x.argv[x.argc] == NULL, "the expanded argv ends with NULL");
	}
	extra_opts_free(&x);
	return rc;
}

#define NOT_REGULAR_BUDGET_MS 3000 /* a FIFO that blocked the open would never end */

/* Expand ARGV with SEARCH in a child that is killed after NOT_REGULAR_BUDGET_MS; the
 * result (or error, or "(hung)") into OUT, and how long it took into *MS. */
static int expand_bounded(const char *const *argv, const struct extra_opts_search *search,
			  char *out, size_t size, long long *ms)
{
	int64_t start = clock_now_us();
	int fds[2], status = 0, rc = -2;
	struct pollfd p;
	ssize_t n = 0;
	pid_t pid;

	if (pipe(fds) != 0)
		exit(2);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char got[1024];
		int r;
		close(fds[0]);
		r = expand(argv, search, got, sizeof got);
		if (write(fds[1], got, strlen(got)) < 0)
			r = 3;
		close(fds[1]);
		_exit(r == 0 ? 0 : r == 3 ? 3 : 1);
	}
	close(fds[1]);
	p = (struct pollfd){fds[0], POLLIN, 0};
	if (poll(&p, 1, NOT_REGULAR_BUDGET_MS) == 1)
		n = read(fds[0], out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	if (n <= 0) {
		kill(pid, SIGKILL);
		snprintf(out, size, "(hung)");
	}
	close(fds[0]);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		rc = WEXITSTATUS(status) == 0 ? 0 : -1;
	*ms = (long long)((clock_now_us() - start) / 1000);
	return rc;
}

/* --extra-opts=@FIFO, MP_CONFIG_FILE naming a FIFO, a directory, a device: refused at
 * once (the open does not wait for a writer), never read. */
static void test_not_regular(void)
{
	char fifo[64], arg[128], got[1024];
	const char *argv[] = {"check_soa", arg, "-D", "x", NULL};
	const char *bare[] = {"check_soa", "--extra-opts", "-D", "x", NULL};
	struct extra_opts_search none = {NULL, NULL, 0};
	struct extra_opts_search env = {fifo, NULL, 0};
	long long ms;

	snprintf(fifo, sizeof fifo, "/tmp/test_extra_opts.fifo.%ld", (long)getpid());
	unlink(fifo);
	if (mkfifo(fifo, 0600) != 0) {
		perror("mkfifo");
		exit(2);
	}
	snprintf(arg, sizeof arg, "--extra-opts=@%s", fifo);
	tap_int_eq(expand_bounded(argv, &none, got, sizeof got, &ms), -1,
		   "--extra-opts=@FIFO (no writer) is refused");
	tap_ok(tap_contains(got, "is not a regular file") && tap_contains(got, fifo),
	       "at once (%lld ms), naming it: %s", ms, got);
	tap_int_eq(expand_bounded(bare, &env, got, sizeof got, &ms), -1,
		   "MP_CONFIG_FILE naming a FIFO is refused");
	tap_ok(tap_contains(got, "is not a regular file"), "at once (%lld ms): %s", ms, got);
	unlink(fifo);
	snprintf(arg, sizeof arg, "--extra-opts=@/tmp");
	tap_int_eq(expand_bounded(argv, &none, got, sizeof got, &ms), -1, "a directory is refused");
	tap_str_eq(got, "--extra-opts: /tmp is not a regular file", "with that error");
	snprintf(arg, sizeof arg, "--extra-opts=@/dev/zero");
	tap_int_eq(expand_bounded(argv, &none, got, sizeof got, &ms), -1,
		   "a device is refused (/dev/zero would never end)");
	tap_str_eq(got, "--extra-opts: /dev/zero is not a regular file", "with that error");
}

static void test_expand(void)
{
	const char *ini = temp_text("[check_soa]\nwarning=5\n[strict]\nw=0\nc = 1\n");
	struct extra_opts_search none = {NULL, NULL, 0};
	char a1[128], a2[128], got[1024];

	{
		const char *argv[] = {"check_soa", "-D", "example.com", NULL};
		expand(argv, &none, got, sizeof got);
		tap_str_eq(got, "check_soa -D example.com", "without --extra-opts argv is copied");
	}
	snprintf(a1, sizeof a1, "--extra-opts=@%s", ini);
	{
		const char *argv[] = {"check_soa", "-D", "example.com", a1, "-w", "7", NULL};
		expand(argv, &none, got, sizeof got);
		tap_str_eq(got, "check_soa --warning=5 -D example.com -w 7",
			   "@FILE reads the plugin's section, placed before the command line");
	}
	snprintf(a1, sizeof a1, "--extra-opts=strict@%s", ini);
	snprintf(a2, sizeof a2, "@%s", ini);
	{
		const char *argv[] = {"check_soa", a1, "--extra-opts", a2, "-D", "x", NULL};
		expand(argv, &none, got, sizeof got);
		tap_str_eq(got, "check_soa -w 0 -c 1 --warning=5 -D x",
			   "SECTION@FILE and a separate argument; files in command-line order");
	}
	{
		const char *argv[] = {"check_soa", "-D", "x", "--", "--extra-opts", NULL};
		expand(argv, &none, got, sizeof got);
		tap_str_eq(got, "check_soa -D x -- --extra-opts", "nothing after -- is expanded");
	}
}

static void test_search(void)
{
	const char *ini = temp_text("[check_soa]\ntcp\n[other]\nnsid\n");
	const char *paths[] = {"/nonexistent/a.ini", ini, "/nonexistent/b.ini"};
	struct extra_opts_search search = {NULL, paths, 3};
	struct extra_opts_search env = {ini, NULL, 0};
	struct extra_opts_search empty = {"", paths, 1};
	char got[1024];

	{
		const char *argv[] = {"check_soa", "--extra-opts", "-D", "x", NULL};
		expand(argv, &search, got, sizeof got);
		tap_str_eq(got, "check_soa --tcp -D x",
			   "bare --extra-opts: default section from the first existing file");
	}
	{
		const char *argv[] = {"check_soa", "--extra-opts=other", NULL};
		expand(argv, &search, got, sizeof got);
		tap_str_eq(got, "check_soa --nsid", "--extra-opts=SECTION uses the search path");
		expand(argv, &env, got, sizeof got);
		tap_str_eq(got, "check_soa --nsid", "MP_CONFIG_FILE is used when set");
	}
	{
		const char *argv[] = {"check_soa", "--extra-opts", NULL};
		tap_int_eq(expand(argv, &empty, got, sizeof got), -1,
			   "no file in the search path is an error");
		tap_ok(tap_contains(got, "no ini file"), "the error says so: %s", got);
	}
	{
		const char *argv[] = {"check_soa", "--extra-opts=@/nonexistent/c.ini", NULL};
		expand(argv, &search, got, sizeof got);
		tap_str_eq(
		    got, "--extra-opts: cannot open /nonexistent/c.ini: No such file or directory",
		    "a missing file is an error naming it");
	}
	{
		const char *argv[] = {"check_soa", "--extra-opts=x@", NULL};
		tap_int_eq(expand(argv, &search, got, sizeof got), -1,
			   "'@' without file is an error");
	}
}

static void test_file_size_cap(void)
{
	size_t len = EXTRA_OPTS_FILE_MAX + 1;
	char *big = malloc(len), got[1024], arg[128];
	const char *path;
	struct extra_opts_search none = {NULL, NULL, 0};
	const char *argv[] = {"check_soa", arg, NULL};

	memset(big, '#', len);
	memcpy(big, "[check_soa]\n", 12);
	big[len - 1] = '\n';
	path = temp_file(big, len);
	snprintf(arg, sizeof arg, "--extra-opts=@%s", path);
	tap_int_eq(expand(argv, &none, got, sizeof got), -1, "a file over the size cap is refused");
	tap_ok(tap_contains(got, "is larger than 65536 bytes"), "the error says so: %s", got);
	free(big);
}

/* The ini file's options and the command line together, through options_parse. */
static void test_command_line_wins(void)
{
	const char *ini = temp_text("[check_soa]\nwarning = 5\ndomain=from.file\nnsid\n");
	struct extra_opts_search none = {NULL, NULL, 0};
	struct extra_opts_argv x;
	struct options o;
	char arg[128], err[OPT_ERROR_MAX];
	char *argv[] = {"check_soa", arg, "-w", "7", NULL};

	snprintf(arg, sizeof arg, "--extra-opts=@%s", ini);
	options_init(&o);
	tap_int_eq(extra_opts_expand(4, argv, "check_soa", &none, &x, err, sizeof err), 0,
		   "expansion succeeds");
	tap_int_eq(options_parse(x.argc, x.argv, &o, err), 0, "the expanded argv parses");
	tap_str_eq(o.warn_lag.text, "7", "the command line wins over the file for -w");
	tap_str_eq(o.zone, "from.file", "an option given only in the file applies");
	tap_ok(o.nsid, "a flag from the file applies");
	extra_opts_free(&x);
}

int main(void)
{
	test_ini_lines();
	test_ini_errors();
	test_expand();
	test_search();
	test_file_size_cap();
	test_not_regular();
	test_command_line_wins();
	remove_temp_files();
	return tap_done();
}
