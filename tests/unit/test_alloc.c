/* test_alloc.c - whole checks on a scripted network (fakenet.h) with the Nth allocation failed, for
 * every N: the check ends UNKNOWN ("out of memory") or with its undisturbed verdict, and frees all.
 *
 * Environment, for debugging: TEST_ALLOC_CASE=NAME runs that case alone; with TEST_ALLOC_N=N
 * only the run that fails allocation N (its whole output printed; break on failalloc_hit);
 * TEST_ALLOC_VERBOSE=1 lists every wrong outcome and where each block left was allocated. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include <openssl/crypto.h>

#include "check.h"
#include "cli/options.h"
#include "failalloc.h"
#include "fakenet.h"
#include "mp/mp_strbuf.h"
#include "net/clock.h"
#include "net/netio.h"
#include "tap.h"

#define ARGS_MAX   16
#define STATUS_MAX 1024
#define SHOWN_MAX  5 /* wrong outcomes printed, per case */

#define STATE_DIR_MARK "@STATE_DIR@" /* an argument replaced by a fresh temporary directory */

static char state_dir[] = "/tmp/test_alloc.XXXXXX";

/* One whole check: a scenario and the command line. */
struct alloc_case {
	const char *name;
	const char *scn;
	const char *args[ARGS_MAX];
	bool history; /* every run finds the state a first run left (else none) */
};

static const struct alloc_case cases[] = {
    {.name = "in sync", .scn = "zone.scn", .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "one server behind",
     .scn = "zone-lag.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "NS set differs",
     .scn = "zone-extra.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "glue differs",
     .scn = "zone-glue.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "multi-provider, content compared",
     .scn = "zone-multi.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "--multi-provider"}},
    {.name = "primary, both transports, NSID",
     .scn = "zone.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-P", "ns1.zone.example",
	      "--transport=both", "--nsid"}},
    /* a latency threshold: the state is loaded and saved; the first case finds none,
     * the second the state an undisturbed run left */
    {.name = "latency state, first run",
     .scn = "zone-lag.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "--warning-latency", "3600", "--state-dir",
	      STATE_DIR_MARK}},
    {.name = "latency state, with history",
     .scn = "zone-lag.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "--warning-latency", "3600", "--state-dir",
	      STATE_DIR_MARK},
     .history = true},
    /* DNSSEC (auto): keys, DS and signatures verified (two addresses valid, one bogus);
     * the time left is the wall clock's */
    {.name = "signed zone, one bogus signature",
     .scn = "zone-signed-bogus.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "truncated answer, TCP",
     .scn = "zone-tc.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "zone does not exist",
     .scn = "zone-nxdomain.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}},
    {.name = "first resolver dead",
     .scn = "zone-resolver-dead.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-s", "192.0.2.54", "-t", "2"}},
    {.name = "servers given, JSON",
     .scn = "zone.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-n", "ns1.zone.example", "-n", "192.0.2.2",
	      "--compare", "NS", "--output-format=json"}},
};

/* What one run ended with. */
struct outcome {
	int state;
	char status[STATUS_MAX]; /* the first line, up to " |" */
	char *output;            /* all of it (caller frees) */
	size_t count, live;      /* allocations made, blocks left */
	size_t freed_older;      /* blocks from before the run it freed */
	bool failed;             /* the allocation to fail was reached */
	bool clean;              /* no socket left open, no misuse of the fake */
};

/* The fake network's own allocations are the test's, not the check's. */
static const struct netio_ops *fake;
#define PAUSED(call)                                                                               \
	do {                                                                                       \
		failalloc_pause();                                                                 \
		call;                                                                              \
		failalloc_resume();                                                                \
	} while (0)

static int paused_socket(int domain, int type, int protocol)
{
	int r;
	PAUSED(r = fake->socket(domain, type, protocol));
	return r;
}
static int paused_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;
	PAUSED(r = fake->connect(fd, addr, len));
	return r;
}
static ssize_t paused_send(int fd, const void *buf, size_t len, int flags)
{
	ssize_t r;
	PAUSED(r = fake->send(fd, buf, len, flags));
	return r;
}
static ssize_t paused_recv(int fd, void *buf, size_t len, int flags)
{
	ssize_t r;
	PAUSED(r = fake->recv(fd, buf, len, flags));
	return r;
}
static int paused_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	int r;
	PAUSED(r = fake->poll(fds, n, timeout_ms));
	return r;
}
static int paused_close(int fd)
{
	int r;
	PAUSED(r = fake->close(fd));
	return r;
}
static int paused_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int r;
	PAUSED(r = fake->getsockopt(fd, level, name, val, len));
	return r;
}
static int64_t paused_now_us(void)
{
	return fake->now_us();
}

static const struct netio_ops paused_ops = {
    .socket = paused_socket,
    .connect = paused_connect,
    .send = paused_send,
    .recv = paused_recv,
    .poll = paused_poll,
    .close = paused_close,
    .getsockopt = paused_getsockopt,
    .now_us = paused_now_us,
};

/* The state file a first run left, for the runs of a case with history. */
static struct {
	char name[256];
	char data[65536];
	size_t len;
} seed;

/* Remove the files of the state directory: every run starts without a state. */
static void state_dir_empty(void)
{
	DIR *dir = opendir(state_dir);
	struct dirent *e;
	char path[sizeof state_dir + 256];

	while (dir != NULL && (e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%.255s", state_dir, e->d_name);
		unlink(path);
	}
	if (dir != NULL)
		closedir(dir);
}

/* Keep the state file in the state directory as the seed (none: an empty seed). */
static void state_seed_take(void)
{
	DIR *dir = opendir(state_dir);
	struct dirent *e;
	char path[sizeof state_dir + 256];
	FILE *f;

	seed.len = 0;
	while (dir != NULL && (e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 6 || n >= sizeof seed.name || strcmp(e->d_name + n - 6, ".state") != 0)
			continue;
		snprintf(seed.name, sizeof seed.name, "%s", e->d_name);
		snprintf(path, sizeof path, "%s/%s", state_dir, e->d_name);
		f = fopen(path, "rb");
		if (f != NULL) {
			seed.len = fread(seed.data, 1, sizeof seed.data, f);
			fclose(f);
		}
	}
	if (dir != NULL)
		closedir(dir);
}

/* Put the seed back as the only file of the state directory. */
static void state_seed_put(void)
{
	char path[sizeof state_dir + 256];
	FILE *f;

	state_dir_empty();
	if (seed.len == 0)
		return;
	snprintf(path, sizeof path, "%s/%s", state_dir, seed.name);
	f = fopen(path, "wb");
	if (f != NULL) {
		fwrite(seed.data, 1, seed.len, f);
		fclose(f);
	}
}

/* Parse the arguments of C into O. Returns false (and says why) when they do not parse. */
static bool case_options(const struct alloc_case *c, struct options *o)
{
	char *argv[ARGS_MAX + 2], err[OPT_ERROR_MAX];
	int argc = 0;
	size_t i;

	argv[argc++] = (char *)"check_soa";
	for (i = 0; i < ARGS_MAX && c->args[i] != NULL; i++)
		argv[argc++] =
		    strcmp(c->args[i], STATE_DIR_MARK) == 0 ? state_dir : (char *)c->args[i];
	argv[argc] = NULL;
	options_init(o);
	if (options_parse(argc, argv, o, err) == 0)
		return true;
	tap_ok(0, "%s: options parse: %s", c->name, err);
	return false;
}

/* Mask the wall-clock part of status line S: the digits of "signatures ... left". */
static void status_mask_clock(char *s)
{
	char *at = strstr(s, "signatures "), *end = at != NULL ? strstr(at, " left") : NULL;

	for (; at != NULL && at < end; at++)
		if (*at >= '0' && *at <= '9')
			*at = '#';
}

/* Run case C with allocation FAIL_AT failed (0: none) into OUT, as check_soa's main would
 * print it (a buffer that failed to grow prints "SOA UNKNOWN - out of memory"). */
static bool case_run(const struct alloc_case *c, const struct options *o, size_t fail_at,
		     struct outcome *out)
{
	char err[FAKENET_ERROR_MAX];
	struct mp_strbuf buf = {0};
	const char *text;

	if (c->history)
		state_seed_put();
	else
		state_dir_empty();
	fakenet_reset();
	if (fakenet_load(c->scn, err, sizeof err) != 0) {
		tap_ok(0, "%s: scenario %s loads: %s", c->name, c->scn, err);
		return false;
	}
	OPENSSL_thread_stop();
	failalloc_start(fail_at);
	out->state = (int)check_run(o, clock_now_us(), &buf);
	failalloc_pause();
	/* OpenSSL's error state for this thread: kept for the process, not the check's */
	OPENSSL_thread_stop();
	text = buf.failed ? "SOA UNKNOWN - out of memory\n" : mp_strbuf_str(&buf);
	if (buf.failed)
		out->state = MP_UNKNOWN;
	out->output = strdup(text);
	snprintf(out->status, sizeof out->status, "%.*s", (int)strcspn(text, "\n"), text);
	if (strstr(out->status, " |") != NULL)
		*strstr(out->status, " |") = '\0';
	status_mask_clock(out->status);
	failalloc_resume();
	mp_strbuf_free(&buf);
	failalloc_stop();
	out->count = failalloc_count();
	out->failed = failalloc_failures() == 1;
	out->live = failalloc_live();
	out->freed_older = failalloc_freed_older();
	out->clean = fakenet_error() == NULL && fakenet_open_sockets() == 0;
	return out->output != NULL;
}

/* True when A, a run with an allocation failed, is UNKNOWN (out of memory) or ends as BASE. */
static bool outcome_allowed(const struct outcome *a, const struct outcome *base)
{
	if (a->state == MP_UNKNOWN && strstr(a->status, "out of memory") != NULL)
		return true;
	return a->state == base->state && strcmp(a->status, base->status) == 0;
}

/* Fail each allocation of case C in turn; ONLY_N > 0: that one alone, printed. */
static void case_test(const struct alloc_case *c, size_t only_n)
{
	struct options o;
	struct outcome base, run;
	size_t n, swapped = 0, oom = 0, same = 0, wrong = 0, leaks = 0, unclean = 0, missed = 0;
	struct timespec t0, t1;
	bool is_oom, verbose = getenv("TEST_ALLOC_VERBOSE") != NULL;

	if (!case_options(c, &o))
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* a first run for what is set up once per process (time zone, ...) and the state
	 * the history cases start from, then the count */
	seed.len = 0;
	if (!case_run(c, &o, 0, &base))
		return;
	free(base.output);
	if (c->history)
		state_seed_take();
	if (c->history)
		tap_ok(seed.len > 0, "%s: a state to start from (%zu bytes)", c->name, seed.len);
	if (!case_run(c, &o, 0, &base))
		return;
	tap_ok(base.live == 0 && base.clean && !base.failed && base.count > 0,
	       "%s: undisturbed: %.160s, %zu allocations, %zu blocks left", c->name, base.status,
	       base.count, base.live);
	for (n = only_n > 0 ? only_n : 1; n <= base.count; n++) {
		if (!case_run(c, &o, n, &run))
			break;
		if (only_n > 0) {
			printf("# allocation %zu failed: %zu blocks left, output:\n%s", n, run.live,
			       run.output);
			failalloc_print_live();
		}
		if (!outcome_allowed(&run, &base) && (wrong++ < SHOWN_MAX || verbose))
			printf("# allocation %zu failed: state %d, \"%.300s\"\n", n, run.state,
			       run.status);
		if (run.live != 0 && run.live <= run.freed_older)
			swapped++; /* a library's cache entry replaced, not memory grown */
		else if (run.live != 0 && (leaks++ < SHOWN_MAX || verbose)) {
			printf("# allocation %zu failed: %zu blocks left, %zu older ones freed\n",
			       n, run.live, run.freed_older);
			if (verbose)
				failalloc_print_live();
		}
		is_oom = run.state == MP_UNKNOWN && strstr(run.status, "out of memory") != NULL;
		if (!is_oom && verbose) {
			printf("# allocation %zu failed, the check went on: \"%.200s\"\n", n,
			       run.status);
			failalloc_print_failed();
		}
		oom += is_oom;
		same += !is_oom && outcome_allowed(&run, &base);
		unclean += !run.clean;
		missed += !run.failed;
		free(run.output);
		if (only_n > 0)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tap_ok(wrong == 0,
	       "%s: each of the %zu allocations failed in turn: %zu UNKNOWN (out of memory), "
	       "%zu as undisturbed, %zu other verdicts",
	       c->name, base.count, oom, same, wrong);
	tap_ok(leaks == 0 && unclean == 0 && missed == 0,
	       "%s: every block freed, every socket closed (%zu leaking, %zu unclean, %zu "
	       "failures not reached; %zu runs replaced a library's cache entry)",
	       c->name, leaks, unclean, missed, swapped);
	printf("# %s: %.2f s\n", c->name,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(base.output);
}

int main(void)
{
	const char *only_case = getenv("TEST_ALLOC_CASE"), *only_n = getenv("TEST_ALLOC_N");
	size_t i;

	if (!failalloc_available()) {
		printf("1..0 # SKIP the allocator cannot be interposed here (a sanitizer or "
		       "valgrind owns malloc)\n");
		return 0;
	}
	if (mkdtemp(state_dir) == NULL) {
		printf("1..0 # SKIP no temporary directory for the latency state\n");
		return 0;
	}
	fakenet_install();
	fake = netio();
	netio_set(&paused_ops);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (only_case == NULL || strcmp(only_case, cases[i].name) == 0)
			case_test(&cases[i], only_n != NULL ? (size_t)atol(only_n) : 0);
	netio_set(NULL);
	fakenet_free();
	state_dir_empty();
	rmdir(state_dir);
	return tap_done();
}
