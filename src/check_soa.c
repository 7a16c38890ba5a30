/* check_soa.c - main(): parse the command line, run the check, print, exit with its state. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "mp_strbuf.h"
#include "options.h"
#include "report.h"
#include "trace.h"

#define BACKSTOP_SLACK_US 200000 /* the engine keeps -t; this only catches a bug */

static void backstop_fired(int sig)
{
	static const char msg[] =
		"SOA UNKNOWN - check_soa: internal time limit exceeded (-t plus 0.2 s)\n";
	ssize_t ignored;

	(void)sig;
	ignored = write(STDOUT_FILENO, msg, sizeof msg - 1);
	(void)ignored;
	_exit(MP_UNKNOWN);
}

/* Arm a one-shot timer at -t + slack: the run is deadline-driven, so this
 * fires only if something blocks that should not. */
static void backstop_arm(double timeout_s)
{
	struct itimerval it;
	long long us = (long long)(timeout_s * 1e6) + BACKSTOP_SLACK_US;

	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)(us / 1000000);
	it.it_value.tv_usec = (suseconds_t)(us % 1000000);
	signal(SIGALRM, backstop_fired);
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct mp_strbuf out = {0};
	char err[OPT_ERROR_MAX];
	enum mp_state state;

	options_init(&opts);
	if (options_parse(argc, argv, &opts, err) != 0) {
		report_failure(NULL, MP_UNKNOWN, err, &out);
		state = MP_UNKNOWN;
	} else if (opts.action == OPT_HELP) {
		options_print_help(stdout);
		state = MP_OK;
	} else if (opts.action == OPT_VERSION) {
		options_print_version(stdout);
		state = MP_OK;
	} else {
		backstop_arm(opts.timeout_s);
		trace_set_level(opts.verbose);
		state = check_run(&opts, &out);
	}
	if (out.failed) {
		fputs("SOA UNKNOWN - out of memory\n", stdout);
		state = MP_UNKNOWN;
	} else {
		fputs(mp_strbuf_str(&out), stdout);
	}
	mp_strbuf_free(&out);
	fflush(stdout);
	return (int)state;
}
