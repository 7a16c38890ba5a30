/* mp_usage.h - helpers for the house-format --help/--version texts and argument errors. */
#ifndef MP_USAGE_H
#define MP_USAGE_H

#include <stdio.h>

/* Print one option in the Monitoring Plugins help format:
 *  " -x, --long=ARG\n    description wrapped at 78 columns, 4-space indent\n"
 * SHORT_OPT may be 0 for long-only options (" --long=ARG"); ARG may be NULL.
 * In DESCRIPTION (may be NULL) a '\n' forces a line break, runs of blanks
 * collapse to one space, and a word longer than a line is split over lines
 * (after a '/' when one falls in the second half of the line): no line is ever
 * wider than 78 columns. */
void mp_usage_option(FILE *out, char short_opt, const char *long_opt, const char *arg,
		     const char *description);

#endif
