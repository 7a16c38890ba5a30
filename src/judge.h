/* judge.h - the verdict: a pure function from observations and thresholds to plugin states. */
#ifndef JUDGE_H
#define JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mp_range.h"
#include "mp_state.h"
#include "observation.h"

/* The thresholds and policies the user chose. */
struct judge_config {
	const struct mp_range *warn_lag, *crit_lag;       /* on the largest lag */
	const struct mp_range *warn_failed, *crit_failed; /* on the failed count */
	enum mp_state ns_mismatch_state;                  /* when parent and child NS sets differ */
	bool use_primary; /* -P: reference from ORIGIN_PRIMARY observations */
};

/* What was observed. Names are display strings (already escaped). */
struct judge_input {
	const struct observation *obs;
	size_t n;
	bool ns_compared; /* both the parent's and the child's NS sets are known */
	size_t n_parent_only, n_child_only; /* NS names on one side only */
	size_t unchecked;                   /* addresses or names left out by the resource caps */
};

/* How one address fares against the reference. */
enum addr_kind {
	ADDR_IN_SYNC,
	ADDR_BEHIND,
	ADDR_AHEAD,        /* newer than the primary (-P) */
	ADDR_INCOMPARABLE, /* its serial cannot be ordered against the reference */
	ADDR_FAILED,       /* unreachable, lame, invalid or no address */
	ADDR_UNJUDGED,     /* answered, but there is no reference (set unorderable) */
};

struct addr_verdict {
	enum mp_state state;
	enum addr_kind kind;
	uint32_t lag; /* increments behind the reference (ADDR_BEHIND, ADDR_IN_SYNC: 0) */
};

/* The verdict of a run. */
struct verdict {
	enum mp_state state; /* the worst of the rule states below */
	enum mp_state lag_state, failed_state, mismatch_state, ahead_state, order_state;
	bool has_reference;
	uint32_t reference; /* newest serial, or the primary's */
	bool reference_is_primary;
	bool primary_failed; /* -P given, but no primary address answered */
	bool unorderable;    /* serials 2^31 or more apart: no order */
	uint32_t max_lag;
	size_t total, answered, in_sync, behind, ahead, incomparable;
	size_t failed, unreachable, lame, invalid, no_address;
	size_t worst_behind; /* index of the address with the largest lag */
	size_t first_ahead;  /* index of the first address ahead (when ahead > 0) */
	size_t first_failed; /* index of the first failed address (when failed > 0) */
};

/* Judge IN under CFG. Fills OUT and PER_ADDR[0..in->n). Pure: no I/O, no
 * clock, no globals. Pre: per_addr has room for in->n entries. */
void judge_run(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
	       struct addr_verdict *per_addr);

#endif
