/* content.h - compare RRset values across servers: who serves which value of each compared RRset.
 */
#ifndef CONTENT_H
#define CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "mp/mp_state.h"

#define CONTENT_VALUES_MAX  8            /* distinct values kept per RRset; more are counted */
#define CONTENT_NO_MAJORITY ((size_t)-1) /* content_result.reference when no value has one */

/* The outcome of comparing one RRset. */
struct content_result {
	size_t compared; /* servers whose value was compared */
	size_t n_values; /* distinct values among them (at most CONTENT_VALUES_MAX kept) */
	size_t value[CONTENT_VALUES_MAX];  /* rrset table index of each value, most served first */
	size_t served[CONTENT_VALUES_MAX]; /* servers serving each value */
	size_t extra_values;               /* distinct values past CONTENT_VALUES_MAX */
	size_t reference;    /* index in value[] of the value the others differ from (0), or
				CONTENT_NO_MAJORITY: none (a tie), every server compared is odd */
	size_t odd;          /* servers not serving the reference value (all without one) */
	size_t first_odd;    /* the first of them (valid when odd > 0) */
	enum mp_state state; /* set by the judge: its mismatch state when odd > 0, else OK */
};

/* Compare RRset ITEM: VALUES[i * n_items + item] is what server i served
 * (an rrset table index, or (size_t)-1 when it was not asked or did not
 * answer authoritatively); only servers with ELIGIBLE[i] take part (those at
 * their group's reference serial). The reference value is the one most
 * servers serve (ties: the one the first server serves). Pure. */
void content_compare(const size_t *values, size_t n_items, size_t item, const bool *eligible,
		     size_t n, struct content_result *out);

/* Make R's reference the value a majority serves, and recount the odd servers:
 * the one value served by more than half of the servers compared (GROUP NULL)
 * or of the groups that took part (GROUP[i]: the group of server i; a group
 * counts for every value one of its compared servers serves). Without such a
 * value (a tie) there is no reference, and every server compared is odd: no
 * side is blamed. Same VALUES, N_ITEMS, ITEM, ELIGIBLE and N as for
 * content_compare. Pure. */
void content_majority(struct content_result *r, const size_t *values, size_t n_items, size_t item,
		      const bool *eligible, size_t n, const size_t *group);

/* True when server I serves something other than the reference value of R
 * (any value it serves, when R has no reference). */
bool content_is_odd(const struct content_result *r, const size_t *values, size_t n_items,
		    size_t item, const bool *eligible, size_t i);

#endif
