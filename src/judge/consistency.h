/* consistency.h - what servers at the same serial must agree on beyond it: SOA fields, apex NS set.
 */
#ifndef CONSISTENCY_H
#define CONSISTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "mp/mp_strbuf.h"
#include "core/observation.h"
#include "query/rrset.h"

#define CONSIST_NONE ((size_t)-1) /* the value id of a server that takes no part */

/* The comparisons, in the order they are reported. */
enum consistency_check {
	CONSIST_MNAME,  /* SOA MNAME (case-insensitive) */
	CONSIST_RNAME,  /* SOA RNAME (case-insensitive) */
	CONSIST_TIMERS, /* SOA REFRESH, RETRY, EXPIRE, MINIMUM together */
	CONSIST_NS,     /* the apex NS RRset each server serves */
	CONSIST_CHECKS
};

/* Give each ELIGIBLE server i of the N a value id for check C in IDS[i]: the
 * index of the first eligible server with an equal value, or (size_t)-1 when
 * it takes no part (not eligible, or no NS answer for CONSIST_NS). Pure. */
void consistency_ids(enum consistency_check c, const struct observation *obs, const bool *eligible,
		     size_t n, size_t *ids);

/* "SOA MNAME", "SOA RNAME", "SOA timers", "apex NS set". */
const char *consistency_name(enum consistency_check c);

/* Append server O's value for check C (unescaped: names are display forms, an
 * NS set is RRSETS's text of it) to OUT. */
void consistency_value_text(enum consistency_check c, const struct observation *o,
			    const struct rrset_table *rrsets, struct mp_strbuf *out);

#endif
