/* mp_range.h - Monitoring Plugins threshold ranges ("10", "10:", "~:10", "10:20", "@10:20"). */
#ifndef MP_RANGE_H
#define MP_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "mp/mp_state.h"

/* A parsed range. A value "alerts" when it lies outside [start, end]
 * (or inside it, when inverted with a leading '@'). Bounds are inclusive. */
struct mp_range {
	double start;
	double end;
	bool start_infinite; /* "~:" */
	bool end_infinite;   /* "N:" */
	bool inside;         /* '@': alert when inside */
	bool set;            /* false for a range that was never given */
	char text[64];       /* the range as given, for perfdata; "" when unset */
};

/* Result of parsing; every failure is a distinct value so that the caller can
 * name the problem in its one-line error. */
enum mp_range_error {
	MP_RANGE_OK = 0,
	MP_RANGE_EMPTY,        /* "" */
	MP_RANGE_SYNTAX,       /* not a number where one is needed, trailing junk, "%" */
	MP_RANGE_START_GT_END, /* "5:3" */
	MP_RANGE_TOO_LONG      /* longer than sizeof(text) - 1 */
};

/* Parse TEXT strictly into *OUT. Accepted forms (N, M decimal numbers
 * -?DIGITS[.DIGITS]: only '-' as sign, digits on both sides of a '.', no
 * exponent, no unit, no spaces; read without regard to the locale):
 *   "N"    alert outside 0..N        "N:"   alert below N
 *   "~:N"  alert above N             "N:M"  alert outside N..M
 * each optionally prefixed by '@' (alert inside instead). Rejected: "", "@",
 * "~", "~:", ":", "::", "5:3", "-5" (0 > -5), "1:12%", "1e3", "0x10", "+3",
 * ".5", "nan", "inf".
 * Pre: text != NULL, out != NULL. On error *out is cleared (out->set == false). */
enum mp_range_error mp_range_parse(const char *text, struct mp_range *out);

/* A short English description of ERR ("start is greater than end", ...). */
const char *mp_range_strerror(enum mp_range_error err);

/* True when VALUE alerts against RANGE. An unset (or NULL) range never alerts;
 * a NaN value alerts on every set range, since it cannot be judged good. */
bool mp_range_alerts(const struct mp_range *range, double value);

/* Evaluate VALUE against a warning and a critical range (either may be unset or NULL):
 * CRITICAL if it alerts on CRIT, else WARNING if it alerts on WARN, else OK. */
enum mp_state mp_range_state(double value, const struct mp_range *warn,
			     const struct mp_range *crit);

#endif
