/* judge.h - the verdict: a pure function from servers, their answers and the thresholds to
 * findings.
 *
 * The verdict model. The judge computes every state that any output shows, once:
 *  - per address (struct addr_verdict): its kind (where its serial stands), its state, and
 *    whether it took part in the comparisons among servers at one serial (compared,
 *    consist_id). The zero value is ADDR_NOT_JUDGED, never "in sync": an address the judge
 *    did not look at stays ADDR_NOT_JUDGED, gets state UNKNOWN, and is counted in a
 *    FINDING_NOT_JUDGED finding (UNKNOWN), so it can never read as healthy;
 *  - per group (provider): group_verdict.state (its serial rules) and combined_state (the
 *    state outputs show for the group: its rules, its servers' states, WARNING when empty
 *    or silent);
 *  - per compared RRset and consistency check: content_result.state;
 *  - per finding: finding.state; overall: verdict.state, the worst of the findings and of
 *    the groups' rules.
 * Writers (report/) render these; they never derive a state or decide who took part. */
#ifndef JUDGE_H
#define JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "judge/consistency.h"
#include "judge/content.h"
#include "judge/dnssec.h"
#include "judge/history.h"
#include "mp/mp_range.h"
#include "mp/mp_state.h"
#include "core/observation.h"
#include "core/server.h"
#include "judge/soa_sanity.h"

#define JUDGE_GROUPS_MAX   32              /* server groups (providers) per run */
#define JUDGE_FINDINGS_MAX 256             /* findings kept per run; more are counted */
#define JUDGE_ZONE         ((size_t)-1)    /* finding.group of a finding about the whole zone */
#define JUDGE_ITEMS_MAX    32              /* compared RRsets */
#define JUDGE_ITEM_NS      JUDGE_ITEMS_MAX /* the apex NS question, beside the compared RRsets */

/* The thresholds and policies the user chose. */
struct judge_config {
	const struct mp_range *warn_lag, *crit_lag;       /* on the largest lag (per group) */
	const struct mp_range *warn_failed, *crit_failed; /* on the failed count (per group) */
	enum mp_state ns_mismatch_state;                  /* when parent and child NS sets differ */
	bool use_primary; /* -P: reference from ORIGIN_PRIMARY servers of the group */
	enum mp_state content_mismatch_state;     /* when a compared RRset differs */
	unsigned consistency;                     /* 1 << enum consistency_check for each check */
	enum mp_state consistency_mismatch_state; /* when servers at one serial disagree */
	const struct mp_range *warn_latency, *crit_latency; /* seconds, on the largest latency */
	bool soa_sanity; /* --soa-sanity: SOA timers and a date serial checked against the norms */
	struct dnssec_config dnssec; /* --dnssec and the signature thresholds */
};

/* What was observed: servers[i] answered obs[i]. */
struct judge_input {
	const struct server *servers;
	const struct observation *obs;
	size_t n;
	const size_t *group;   /* group of each server (< n_groups); NULL: one group of all */
	size_t n_groups;       /* 1 when not grouped; at most JUDGE_GROUPS_MAX */
	const size_t *content; /* rrset index per server and item (n * n_items), or NULL */
	size_t content_stride; /* items per server in content (n_items when 0) */
	const struct answer_fail *content_fail; /* why a content cell is RRSET_NONE (same layout),
						   or NULL */
	size_t n_items;                         /* compared RRsets, at most JUDGE_ITEMS_MAX */
	size_t n_glue_diffs;           /* names whose parent glue differs from the zone's data */
	size_t n_glue_unanswered;      /* glued names without a usable answer from any server
					  asked: their glue not compared */
	bool latency;                  /* measure publication latency (state or serial scheme) */
	const struct history *history; /* when each serial was first seen; NULL: no state */
	bool state_lost;   /* the latency state could not be read or written: not measurable */
	int serial_scheme; /* enum serial_scheme in effect, for a bound without state */
	int64_t now;       /* wall clock, Unix seconds */
	bool ns_compared;  /* both the parent's and the child's NS sets are known */
	size_t n_parent_only, n_child_only; /* NS names on one side only */
	size_t unchecked;                   /* addresses or names left out by the resource caps */
	bool dnssec;                        /* the DNSSEC questions were asked (obs[i].dnssec) */
	const struct dnssec_ds *ds;         /* the parent's DS set, or NULL (not asked) */
};

/* Where one address's serial stands against its group's reference. */
enum addr_kind {
	ADDR_NOT_JUDGED, /* the zero value: the judge did not look at it (state UNKNOWN) */
	ADDR_IN_SYNC,
	ADDR_BEHIND,
	ADDR_AHEAD,        /* newer than the primary (-P) */
	ADDR_INCOMPARABLE, /* its serial cannot be ordered against the reference */
	ADDR_FAILED,       /* unreachable, lame, invalid or no address */
	ADDR_UNJUDGED,     /* answered, but there is no reference (set unorderable) */
};

/* Everything else that can be wrong with an address: several at once. */
enum addr_flag {
	ADDR_FLAG_CONTENT = 1u << 0,    /* serves a compared RRset that differs */
	ADDR_FLAG_SOA = 1u << 1,        /* serves SOA fields that differ at the same serial */
	ADDR_FLAG_NS = 1u << 2,         /* serves an apex NS set that differs at the same serial */
	ADDR_FLAG_UNANSWERED = 1u << 3, /* answered the SOA, not every other question */
};

struct addr_verdict {
	enum mp_state state;
	enum addr_kind kind;
	unsigned flags;     /* enum addr_flag bits */
	uint32_t lag;       /* increments behind the reference (ADDR_BEHIND, ADDR_IN_SYNC: 0) */
	bool latency_known; /* latency below is measured (or bounded) */
	bool latency_bound; /* ... only a lower bound, from the serials (no state) */
	int64_t latency;    /* seconds it has served stale data; 0 when current */
	bool compared;      /* took part in the content and consistency comparisons (it is at
			       its group's reference serial) */
	size_t consist_id[CONSIST_CHECKS]; /* per consistency check: its value id among the
					      compared servers of its group (consistency_ids),
					      CONSIST_NONE when it took no part */
	struct dnssec_addr dnssec;         /* its signatures, keys and DS match */
	uint64_t unanswered; /* bit k: no usable answer to compared RRset k (JUDGE_ITEM_NS:
				the apex NS question), though it answered the SOA */
};

/* The serial rules applied to one group of servers (or to all of them). */
struct group_verdict {
	enum mp_state state;          /* the worst of the rule states below */
	enum mp_state combined_state; /* what outputs show for the group: the worst of state and
					 of its servers' address states; at least WARNING when
					 it has no server or none answered */
	enum mp_state lag_state, failed_state, ahead_state, order_state;
	bool has_reference;
	uint32_t reference; /* newest serial, or the primary's */
	bool reference_is_primary;
	bool primary_failed; /* -P given (in this group), but no primary address answered */
	bool unorderable;    /* serials 2^31 or more apart: no order */
	uint32_t max_lag;
	size_t total, answered, in_sync, behind, ahead, incomparable;
	size_t failed, unreachable, lame, invalid, no_address;
	size_t worst_behind; /* server with the largest lag (when behind > 0) */
	size_t first_ahead;  /* first server ahead (when ahead > 0) */
	size_t first_failed; /* first failed server (when failed > 0) */
};

/* What a finding is about. The order of the enum is the order of the status line. */
enum finding_kind {
	FINDING_NO_ANSWER,          /* no server answered for the zone */
	FINDING_CONTENT,            /* a compared RRset differs between servers (item) */
	FINDING_CONTENT_FAILED,     /* servers that answered the SOA, not compared RRset item */
	FINDING_GROUP_EMPTY,        /* a --provider pattern matches no NS name */
	FINDING_GROUP_DOWN,         /* no server of a group answered: its redundancy is gone */
	FINDING_CONSISTENCY,        /* servers at one serial disagree (item: verdict.consistency) */
	FINDING_CONSISTENCY_FAILED, /* servers that answered the SOA, not the apex NS question
				       (item: JUDGE_ITEM_NS) */
	FINDING_GLUE,               /* the parent's glue for a name differs from the zone (item) */
	FINDING_GLUE_UNANSWERED,    /* glued names no server asked answered usably for: their glue
				       is not compared (count: names) */
	FINDING_SANITY,             /* an SOA value outside the recommendations (item) */
	FINDING_UNORDERABLE,        /* a group's serials cannot be ordered */
	FINDING_INCOMPARABLE,       /* serials that cannot be ordered against the primary */
	FINDING_BEHIND,             /* servers behind the group's reference */
	FINDING_AHEAD,              /* servers ahead of the primary */
	FINDING_MNAME_SPLIT, /* not grouped, but the servers split cleanly by SOA MNAME (count:
				groups), each group in sync: the zone looks multi-provider */
	FINDING_UNREACHABLE, /* failed servers, by kind of failure */
	FINDING_LAME,
	FINDING_INVALID,
	FINDING_NO_ADDRESS,
	FINDING_PRIMARY_FAILED,  /* -P given, no primary address answered */
	FINDING_DNSSEC,          /* a DNSSEC problem (item: enum dnssec_problem), or valid */
	FINDING_DNSSEC_PROVIDER, /* multi-signer: a provider falls short (item: dnssec.multi.p) */
	FINDING_NS_MISMATCH,     /* parent and child NS sets differ */
	FINDING_LATENCY,         /* the largest publication latency, beyond its thresholds */
	FINDING_NOT_JUDGED,      /* addresses the judge did not look at (UNKNOWN) */
	FINDING_IN_SYNC,         /* no problem: every server at the reference */
	FINDING_LATENCY_LOST,    /* a latency threshold is set, the state is unusable: UNKNOWN */
	FINDING_UNCHECKED,       /* resource caps left servers out: never OK (WARNING) */
};

/* One statement of the verdict: {state, kind, subject, values}. Every output
 * format is written from the list of findings and the group verdicts. */
struct finding {
	enum finding_kind kind;
	enum mp_state state; /* what it contributes to the overall state */
	size_t group;        /* the group it is about, or JUDGE_ZONE */
	size_t count;        /* servers (or names) concerned */
	size_t server;       /* the first (or worst) server concerned, SERVERS_NONE if none */
	size_t item;         /* FINDING_CONTENT: the compared RRset */
};

/* The verdict of a run. */
struct verdict {
	enum mp_state state;          /* the worst state of all findings */
	enum mp_state mismatch_state; /* of the NS set comparison */
	struct group_verdict all;     /* counts over every server (with one group: that group) */
	struct group_verdict groups[JUDGE_GROUPS_MAX];
	size_t n_groups;
	struct content_result content[JUDGE_ITEMS_MAX]; /* per compared RRset */
	size_t n_content;
	struct consistency_result {
		enum consistency_check check;
		size_t group;            /* JUDGE_ZONE without groups */
		struct content_result r; /* values are server indexes (consistency_ids) */
	} consistency[JUDGE_GROUPS_MAX * CONSIST_CHECKS]; /* every check of every group */
	size_t n_consistency;
	struct soa_problem sanity[JUDGE_ITEMS_MAX]; /* --soa-sanity, distinct problems */
	size_t n_sanity;
	struct finding findings[JUDGE_FINDINGS_MAX];
	size_t n_findings;
	size_t findings_dropped; /* findings past JUDGE_FINDINGS_MAX (their states still count) */
	size_t mname_groups;   /* not grouped: 2 or more when the answers split cleanly by SOA MNAME
				  (providers_mname_split), else 0 */
	bool latency_known;    /* some address's latency is known */
	bool latency_measured; /* ... and latency_max is measured from the state: not a
				  bound, not a first run (perfdata show only this) */
	int64_t latency_max;   /* the largest known latency, seconds */
	size_t latency_worst;  /* its server */
	enum mp_state latency_state;
	struct dnssec_verdict dnssec;
};

/* Judge IN under CFG into OUT and PER_ADDR[0..in->n). Pure: no I/O, no clock,
 * no globals, no allocation. Pre: per_addr has room for in->n entries. */
void judge_run(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
	       struct addr_verdict *per_addr);

/* The DNSSEC part of judge_run: OUT->dnssec and PER_ADDR[i].dnssec (no findings). */
void judge_dnssec(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
		  struct addr_verdict *per_addr);

/* The rrset table index server I served for compared RRset ITEM of IN
 * (honouring content_stride), or (size_t)-1. Pre: in->content != NULL. */
size_t judge_content_of(const struct judge_input *in, size_t i, size_t item);

/* True when server I took part in comparing RRset ITEM and served its value V (an rrset
 * table index). Pre: in->content != NULL. */
bool judge_content_serves(const struct judge_input *in, const struct addr_verdict *per_addr,
			  size_t i, size_t item, size_t v);

/* True when server I took part in consistency result RES and served its value V (a value
 * id: the index of the first server serving it). */
bool judge_consistency_serves(const struct addr_verdict *per_addr, size_t i,
			      const struct consistency_result *res, size_t v);

/* Why server I of IN gave no usable answer to question Q (a compared RRset,
 * or JUDGE_ITEM_NS), or NULL when it answered it or was not asked. */
const struct answer_fail *judge_answer_fail(const struct judge_input *in, size_t i, size_t q);

/* The first finding of KIND about GROUP (JUDGE_ZONE: about the whole zone), or NULL. */
const struct finding *judge_find(const struct verdict *v, enum finding_kind kind, size_t group);

#endif
