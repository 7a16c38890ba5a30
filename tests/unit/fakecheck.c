/* fakecheck.c - a whole check_soa run on a scripted network (fakecheck.h). */
#include "fakecheck.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli/options.h"
#include "fakenet.h"
#include "net/clock.h"

int fakecheck_run(const char *scn, struct mp_strbuf *out, const char *const *args, char *err,
		  size_t size)
{
	char *argv[FAKECHECK_ARGS_MAX + 2], why[OPT_ERROR_MAX];
	struct options o;
	int argc = 0;

	memset(out, 0, sizeof *out);
	fakenet_reset();
	if (fakenet_load(scn, why, sizeof why) != 0) {
		snprintf(err, size, "scenario %s loads: %s", scn, why);
		return -1;
	}
	argv[argc++] = (char *)"check_soa";
	for (; *args != NULL && argc <= FAKECHECK_ARGS_MAX; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	options_init(&o);
	if (options_parse(argc, argv, &o, why) != 0) {
		snprintf(err, size, "options parse: %s", why);
		return -1;
	}
	return (int)check_run(&o, clock_now_us(), out);
}

const char *fakecheck_status(const struct mp_strbuf *out)
{
	static char buf[1024];
	const char *s = mp_strbuf_str(out);
	size_t n = strcspn(s, "\n");
	const char *bar = strstr(s, " |");

	if (bar != NULL && (size_t)(bar - s) < n)
		n = (size_t)(bar - s);
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	return buf;
}
