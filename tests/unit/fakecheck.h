/* fakecheck.h - a whole check_soa run on a scripted network (fakenet.h): for the engine tests. */
#ifndef TESTS_FAKECHECK_H
#define TESTS_FAKECHECK_H

#include <stddef.h>

#include "mp/mp_strbuf.h"
#include "tap.h"

#define FAKECHECK_ARGS_MAX  24  /* arguments after "check_soa" */
#define FAKECHECK_ERROR_MAX 512 /* room for why a run could not start */

/* Load scenario SCN on a fresh fake network and run "check_soa ARGS..." (NULL-terminated) on
 * it into OUT (zeroed first; caller frees). Returns the plugin state, or -1 with ERR (SIZE
 * bytes) saying why when the scenario does not load or the arguments do not parse. */
int fakecheck_run(const char *scn, struct mp_strbuf *out, const char *const *args, char *err,
		  size_t size);

/* fakecheck_run, with a failed test line saying why when the run could not start. */
static inline int fakecheck(const char *scn, struct mp_strbuf *out, const char *const *args)
{
	char err[FAKECHECK_ERROR_MAX];
	int state = fakecheck_run(scn, out, args, err, sizeof err);

	if (state < 0)
		tap_ok(0, "%s", err);
	return state;
}

/* The status line of OUT up to " |" (all of it when there is no perfdata). Static buffer. */
const char *fakecheck_status(const struct mp_strbuf *out);

#endif
