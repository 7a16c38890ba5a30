/* plan.h - one network round as rows {target, question, transport}; every row runs as one probe. */
#ifndef PLAN_H
#define PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/observation.h"
#include "net/probe.h"
#include "net/wire.h"

/* Why a row is asked; tells the stage that reads the answer. */
enum plan_purpose {
	PLAN_DELEGATION, /* "ZONE NS?" to a parent server (target: parent address index) */
	PLAN_SOA,        /* "ZONE SOA?" to a server (target: server index) */
	PLAN_SOA_TCP,    /* the same over TCP, beside a UDP one (--transport=both) */
	PLAN_APEX_NS,    /* "ZONE NS?" to a server */
	PLAN_CONTENT,    /* a compared RRset (item) to a server */
	PLAN_DNSKEY,     /* "ZONE DNSKEY?" (DO=1) to a server */
	PLAN_CDS,        /* "ZONE CDS?" (item 0) or "ZONE CDNSKEY?" (item 1) to a server */
	PLAN_DS,         /* "ZONE DS?" to a parent server (target: parent address index) */
	PLAN_GLUE,       /* A or AAAA of an in-bailiwick NS name (item) to a server */
	PLAN_PURPOSES    /* the number of purposes */
};

/* Queries sent during a run, by purpose: what -v reports at the end. */
struct plan_tally {
	size_t asked[PLAN_PURPOSES]; /* questions sent (a retransmit is the same question) */
	size_t resolver;             /* questions sent to the resolver(s) */
	size_t datagrams;            /* UDP datagrams sent, retransmits included */
	size_t tcp;                  /* questions sent (also) over TCP */
};

/* One question to one address over one transport. */
struct plan_row {
	enum plan_purpose purpose;
	size_t target;            /* server index, or parent address index (PLAN_DELEGATION) */
	size_t item;              /* PLAN_CONTENT, PLAN_GLUE: index of the RRset; else 0 */
	enum transport transport; /* TRANSPORT_UDP (TCP after a truncated answer), TRANSPORT_TCP */
};

/* The rows of a round and their probes (probes[i] asks rows[i]). */
struct plan {
	struct plan_row *rows;
	struct probe *probes;
	size_t n, cap;
	bool failed; /* a row could not be added, or a probe ran out of memory: the
		      * round is incomplete (ENOMEM) */
};

/* Add ROW asking Q (qname not owned: it must outlive the run) of ADDR with
 * OPTS. Returns false on ENOMEM (plan->failed set). */
bool plan_add(struct plan *plan, const struct plan_row *row, const struct server_addr *addr,
	      const struct wire_question *q, const struct wire_query_opts *opts);

/* Run every row at once, inside DEADLINE_US (see probe_run). A probe that
 * failed for want of memory sets plan->failed. */
void plan_run(struct plan *plan, const struct probe_timing *timing, int64_t deadline_us);

/* Add what the N probes sent to T: under PURPOSES[i] (NULL: all to the
 * resolver). Probes never started count nothing. */
void plan_tally_probes(struct plan_tally *t, const struct probe *probes, size_t n,
		       const struct plan_row *rows);

/* Add what PLAN's probes sent to T, by purpose. */
void plan_tally_add(struct plan_tally *t, const struct plan *plan);

/* The text of T for -v: "queries: SOA 26, NS 26, ...". Into BUF; returns BUF. */
const char *plan_tally_text(const struct plan_tally *t, char *buf, size_t size);

/* Free the rows and probes (replies included); leaves an empty plan. */
void plan_free(struct plan *plan);

#endif
