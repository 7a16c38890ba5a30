/* dnssec.h - the DNSSEC verdict: per address signature periods, validation and DS match; per zone
 * whether it is signed and whether a provider's servers agree on the keys. Pure. */
#ifndef JUDGE_DNSSEC_H
#define JUDGE_DNSSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dnssec.h"
#include "core/observation.h"
#include "mp/mp_state.h"

/* --dnssec and its thresholds. */
struct dnssec_config {
	enum dnssec_mode mode;
	int64_t warn_s, crit_s;            /* signature time left below which to alarm */
	bool soa_sanity;                   /* validity shorter than SOA EXPIRE: WARNING */
	enum mp_state keys_mismatch_state; /* DNSKEY sets differ at one serial */
};

/* What can be wrong; the order is the order of the status line. */
enum dnssec_problem {
	DNSSEC_NOT_SIGNED,     /* --dnssec=on: no DNSKEY anywhere, no DS (zone) */
	DNSSEC_UNSIGNED,       /* an address serves no DNSKEY or an RRset without RRSIG */
	DNSSEC_BOGUS,          /* a signature does not verify with the address's keys */
	DNSSEC_EXPIRED,        /* a signature past its expiration */
	DNSSEC_NOT_YET,        /* a signature before its inception */
	DNSSEC_DS_MISMATCH,    /* no DS of the parent matches a SEP key of the address */
	DNSSEC_EXPIRING,       /* less time left than --warning/--critical-signature */
	DNSSEC_KEYS_DIFFER,    /* DNSKEY sets differ among a group's servers at one serial */
	DNSSEC_CDS_DIFFER,     /* CDS or CDNSKEY sets differ among the addresses (--dnssec=on) */
	DNSSEC_SHORT_VALIDITY, /* --soa-sanity: validity shorter than SOA EXPIRE */
	DNSSEC_NOT_CHECKED,    /* the DNSKEY question got no usable answer */
	DNSSEC_VALID,          /* nothing wrong (OK) */
	DNSSEC_PROBLEMS
};

/* The DNSSEC verdict on one address. */
struct dnssec_addr {
	bool judged;         /* it answered the SOA and DNSSEC was judged */
	enum mp_state state; /* the worst of its problems */
	unsigned problems;   /* 1 << enum dnssec_problem */
	bool left_known;     /* some verified signature has a period */
	int64_t left;        /* seconds to the earliest expiration of a verified signature */
	size_t left_set;     /* enum dnssec_set of that signature */
	int64_t validity;    /* shortest expiration - inception of a verified SOA RRSIG */
	bool ds_match;       /* a DS matches one of its SEP keys */
	enum mp_state expiring_state; /* DNSSEC_EXPIRING: WARNING or CRITICAL */
};

/* One problem over the zone: its state, how many addresses, the worst one. */
struct dnssec_problem_count {
	enum mp_state state;
	size_t count;
	size_t server;   /* the first (DNSSEC_EXPIRING: the one with the least time) address */
	uint32_t serial; /* DNSSEC_KEYS_DIFFER: the serial at which they differ */
};

#define DNSSEC_GROUPS_MAX 32 /* providers judged for multi-signer (JUDGE_GROUPS_MAX) */
#define DNSSEC_MULTI_MAX  32 /* multi-signer problems kept; more are counted */

/* What RFC 8901 multi-signer asks of one provider that it does not do. */
enum dnssec_multi_kind {
	DNSSEC_MULTI_ZSK_MISSING, /* its DNSKEY set lacks another provider's ZSK */
	DNSSEC_MULTI_NO_DS,       /* no DS of the parent matches one of its KSKs */
};

struct dnssec_multi_problem {
	enum dnssec_multi_kind kind;
	size_t group; /* the provider that falls short */
	size_t other; /* DNSSEC_MULTI_ZSK_MISSING: the provider whose ZSK it lacks */
	uint16_t tag; /* ... and that ZSK */
	uint8_t algorithm;
};

/* The multi-signer verdict (--multi-provider, two providers or more). */
struct dnssec_multi {
	bool checked;
	size_t rep[DNSSEC_GROUPS_MAX]; /* per provider: the server whose key set stands for it,
					  or (size_t)-1 when none served keys */
	size_t n_groups;
	struct dnssec_multi_problem p[DNSSEC_MULTI_MAX];
	size_t n, dropped;
};

/* The DNSSEC verdict of a run. */
struct dnssec_verdict {
	bool checked;   /* judged: the zone is signed, or --dnssec=on */
	bool is_signed; /* a DS at the parent, or an address serves a DNSKEY */
	enum mp_state state;
	struct dnssec_problem_count problems[DNSSEC_PROBLEMS];
	bool left_known;
	int64_t left_min;  /* the least time left over every address (negative: expired) */
	size_t left_worst; /* its address */
	struct dnssec_multi multi;
};

/* Seconds from NOW to the RRSIG time T (RFC 4034 3.1.5: serial-number
 * arithmetic on 32 bits, so the nearest such time to NOW): negative when T is past. */
int64_t dnssec_time_delta(uint32_t t, int64_t now);

/* Judge address OBS (answered the SOA) of a signed zone under CFG at NOW,
 * with the parent's DS set DS (NULL or not known: not judged), into OUT. */
void dnssec_judge_addr(const struct observation *obs, const struct dnssec_ds *ds,
		       const struct dnssec_config *cfg, int64_t now, struct dnssec_addr *out);

/* True when the zone looks signed: the parent publishes a DS or one of the N
 * answering addresses serves a DNSKEY or an RRSIG. */
bool dnssec_zone_signed(const struct observation *obs, size_t n, const struct dnssec_ds *ds);

/* True when A and B served the same DNSKEY set (tag, algorithm, flags; order ignored). */
bool dnssec_keys_same(const struct dnssec_obs *a, const struct dnssec_obs *b);

/* RFC 8901 multi-signer over the N servers OBS in N_GROUPS providers (GROUP[i]): every
 * provider's DNSKEY set holds every other provider's ZSKs, and (with a DS set at the parent)
 * a DS matches a KSK of every provider. Each provider is stood for by its first server that
 * served keys (the others are compared with it by the key-set rule). Fills OUT. */
void dnssec_judge_multi(const struct observation *obs, size_t n, const size_t *group,
			size_t n_groups, const struct dnssec_ds *ds, struct dnssec_multi *out);

/* Count address I's verdict A into V (problems, time left). */
void dnssec_count(struct dnssec_verdict *v, size_t i, const struct dnssec_addr *a);

#endif
