/* check_soa.c - main(): parse the command line, run the check, print, exit with its state. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "cli/extra_opts.h"
#include "mp/mp_strbuf.h"
#include "cli/options.h"
#include "report/report.h"
#include "report/report_json.h"
#include "core/trace.h"
#include "net/clock.h"

#define BACKSTOP_SLACK_US 200000 /* the engine keeps -t; this only catches a bug */
#define BACKSTOP_FIRST_S  10.0   /* until -t is parsed: its default */

#define BACKSTOP_DETAIL "check_soa: internal time limit exceeded (-t plus 0.2 s)"

/* What the backstop prints: set up before the timer is armed (no malloc in the handler). */
static const char *backstop_msg = "SOA UNKNOWN - " BACKSTOP_DETAIL "\n";
static size_t backstop_len;

static void backstop_fired(int sig)
{
	ssize_t ignored;

	(void)sig;
	ignored = write(STDOUT_FILENO, backstop_msg, backstop_len);
	(void)ignored;
	_exit(MP_UNKNOWN);
}

/* Arm a one-shot timer at START_US (clock_now_us) + TIMEOUT_S + slack: the run is
 * deadline-driven, so this fires only if something blocks that should not. Arming
 * again replaces the timer. */
static void backstop_arm(double timeout_s, int64_t start_us)
{
	struct itimerval it;
	long long us = (long long)(timeout_s * 1e6) + BACKSTOP_SLACK_US -
		       (long long)(clock_now_us() - start_us);

	backstop_len = strlen(backstop_msg);
	if (us < 1)
		us = 1; /* the time is up already: fire now (0 would disarm) */
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)(us / 1000000);
	it.it_value.tv_usec = (suseconds_t)(us % 1000000);
	signal(SIGALRM, backstop_fired);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Write the output of a check that could not start (bad arguments) into OUT,
 * as JSON when --output-format=json was parsed before the problem. */
static void report_bad_arguments(const struct options *opts, const char *err, struct mp_strbuf *out)
{
	struct report_json_input j;

	if (opts->format != OPT_FORMAT_JSON) {
		report_failure(NULL, MP_UNKNOWN, err, out);
		return;
	}
	memset(&j, 0, sizeof j);
	j.state = MP_UNKNOWN;
	j.error = err;
	report_json_write(&j, out);
}

/* In JSON mode the backstop prints a JSON document too; BUF keeps it. */
static void backstop_prepare(const struct options *opts, struct mp_strbuf *buf)
{
	if (opts->format != OPT_FORMAT_JSON)
		return;
	report_bad_arguments(opts, BACKSTOP_DETAIL, buf);
	if (!buf->failed)
		backstop_msg = mp_strbuf_str(buf);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct mp_strbuf out = {0}, backstop = {0};
	struct extra_opts_argv args;
	struct extra_opts_search search;
	char err[OPT_ERROR_MAX];
	enum mp_state state;
	int64_t start_us = clock_now_us();

	/* The budget covers everything from here: reading an ini file included. */
	backstop_arm(BACKSTOP_FIRST_S, start_us);
	options_init(&opts);
	extra_opts_default_search(&search);
	if (extra_opts_expand(argc, argv, "check_soa", &search, &args, err, sizeof err) != 0) {
		report_failure(NULL, MP_UNKNOWN, err, &out);
		state = MP_UNKNOWN;
	} else if (options_parse(args.argc, args.argv, &opts, err) != 0) {
		report_bad_arguments(&opts, err, &out);
		state = MP_UNKNOWN;
	} else if (opts.action == OPT_HELP) {
		options_print_help(stdout);
		state = MP_OK;
	} else if (opts.action == OPT_VERSION) {
		options_print_version(stdout);
		state = MP_OK;
	} else {
		backstop_prepare(&opts, &backstop);
		backstop_arm(opts.timeout_s, start_us);
		trace_set_level(opts.verbose);
		state = check_run(&opts, start_us, &out);
	}
	signal(SIGALRM, SIG_IGN); /* done: the backstop must not print a second line */
	if (out.failed) {
		fputs("SOA UNKNOWN - out of memory\n", stdout);
		state = MP_UNKNOWN;
	} else {
		fputs(mp_strbuf_str(&out), stdout);
	}
	mp_strbuf_free(&out);
	fflush(stdout);
	mp_strbuf_free(&backstop);
	extra_opts_free(&args);
	return (int)state;
}
