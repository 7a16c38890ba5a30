/* query.h - what every server is asked (SOA, apex NS, compared RRsets) and what it answered. */
#ifndef QUERY_H
#define QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "core/observation.h"
#include "net/plan.h"
#include "query/dnssec_query.h"
#include "query/rrset.h"
#include "servers/servers.h"

/* An RRset every answering server is asked for, to compare content. */
struct query_item {
	const ldns_rdf *owner; /* absolute name; not owned */
	ldns_rr_type type;
	bool sampled; /* asked of one server (a second when the first gives no usable answer),
			 in the round it is added in, and not waited for once the other
			 questions are answered (glue checks); else asked of every server */
};

/* What to ask each server. */
struct query_opts {
	bool nsid;                      /* ask for NSID with the SOA */
	bool tcp_only;                  /* TCP only */
	bool both;                      /* also ask the SOA over TCP (--transport=both) */
	bool ask_ns;                    /* also ask for the apex NS RRset */
	const struct query_item *items; /* RRsets to compare; not owned */
	size_t n_items;
	bool dnssec;     /* SOA with DO=1, the apex DNSKEY, and the DS of the parent */
	bool dnssec_cds; /* also CDS and CDNSKEY (--dnssec=on, or auto once the zone shows it is
			    signed: check.c) */
};

/* The answers of a run, indexed by server (the server list's order). */
struct answers {
	struct observation *obs;          /* per server: its SOA answer */
	size_t *content;                  /* per server, n_items each: rrset index or RRSET_NONE */
	struct answer_fail *content_fail; /* per server, n_items each: why there is no index */
	size_t n, cap, n_items;
	struct rrset_table rrsets;                  /* every distinct RRset value seen */
	ldns_rdf *child_ns[SERVERS_NAMES_SEEN_MAX]; /* union of the apex NS answers, owned */
	size_t n_child_ns;
	bool child_ns_known;          /* at least one server answered the NS query */
	bool failed;                  /* an allocation failed: answers are incomplete */
	size_t items_planned;         /* sampled items [0, items_planned) have their rows */
	struct dnssec_answers dnssec; /* the parent's DS set (--dnssec) */
};

/* Add to PLAN the rows for the servers [FIRST, servers->n_servers): the SOA
 * question, and the apex NS and compared RRsets when O asks for them (a
 * compared apex SOA or NS is read from those answers, not asked again); give
 * each new server its observation in A (no-address servers are settled
 * here). The sampled items added to O since the last round are asked of one
 * server each (A and AAAA of a name of the same one), spread over the new
 * servers and those that answered before; a second server is asked only when
 * the first gives no usable answer (a deferred fallback row). Returns false
 * on ENOMEM (a->failed or plan->failed set). */
bool query_plan(struct plan *plan, struct answers *a, const ldns_rdf *zone,
		const struct query_opts *o, const struct server_list *servers, size_t first);

/* Read the answers of PLAN's SOA, apex NS and content rows into A. */
void query_collect(struct answers *a, const ldns_rdf *zone, const struct query_opts *o,
		   const struct plan *plan);

/* Renumber A after servers_freeze: MAP[old] is the new index or SERVERS_NONE;
 * N_NEW servers remain. Returns false on ENOMEM (a->failed set). */
bool answers_reorder(struct answers *a, const size_t *map, size_t n_new);

/* Free everything A owns. */
void answers_free(struct answers *a);

#endif
