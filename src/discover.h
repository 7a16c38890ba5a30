/* discover.h - find a zone's delegation: its parent zone, the parent's servers, their NS set. */
#ifndef DISCOVER_H
#define DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "lookup.h"

#define DISCOVER_NAMES_MAX 32 /* NS names checked per zone (parent and child together) */
#define DISCOVER_NAMES_SEEN_MAX                                                                    \
	128 /* NS names read from one answer; names past the cap                                   \
	       are remembered up to this many, to count each once */

/* The nameservers of a zone: a growable list of hosts, names unique. */
struct ns_list {
	struct ns_host *hosts;
	size_t n, cap;
	ldns_rdf *overflow[DISCOVER_NAMES_SEEN_MAX]; /* names past the cap, owned (counting only) */
	size_t n_overflow;
	size_t dropped; /* distinct names not checked because of DISCOVER_NAMES_MAX */
};

/* Add NAME (cloned) with ORIGIN, or OR the origin into an existing entry with
 * the same name. Discovered names (ORIGIN_PARENT, ORIGIN_CHILD) are capped at
 * DISCOVER_NAMES_MAX: a new name past it is not added but counted in
 * list->dropped (once per distinct name, for the first DISCOVER_NAMES_SEEN_MAX
 * of them). Names the user gave (-n, -P) are bounded by the options instead.
 * Returns the index, or -1 when the name was dropped or on ENOMEM. */
int ns_list_add_name(struct ns_list *list, const ldns_rdf *name, unsigned origin);

/* Add a bare address (from -n/-P) with ORIGIN. Returns the index or -1. */
int ns_list_add_address(struct ns_list *list, const struct server_addr *addr, unsigned origin);

/* Free every name and the array; leaves an empty list. */
void ns_list_free(struct ns_list *list);

enum discover_status {
	DISCOVER_OK,
	DISCOVER_RESOLVER_FAILED, /* no resolver answered: UNKNOWN */
	DISCOVER_NXDOMAIN,        /* the zone does not exist: CRITICAL */
	DISCOVER_NOT_DELEGATED,   /* the parent has no delegation for it: CRITICAL */
	DISCOVER_PARENT_FAILED,   /* the parent's servers could not be asked: UNKNOWN */
};

/* What discovery learnt about the parent side. */
struct delegation {
	enum discover_status status;
	char detail[2 * OBS_ERROR_MAX]; /* explanation when status != OK */
	char parent[OBS_NAME_MAX];      /* parent zone, escaped; "" for the root */
	size_t parent_addrs;            /* parent server addresses asked */
	size_t parent_answered;         /* ... of which gave a usable answer */
};

/* Discovery in stages, so that its last network round can share one poll()
 * loop with the SOA round:
 *   discover_begin   the resolver: the parent zone's nameservers (and, as a
 *                    hint, the zone's own NS names, added to NS as ORIGIN_HINT)
 *   (the caller resolves d->parent's addresses, port 53)
 *   discover_plan    one "ZONE NS?" probe (RD=0) per parent address
 *   (the caller runs the probes)
 *   discover_finish  the parent's answers: delegated names join NS with
 *                    ORIGIN_PARENT, or NXDOMAIN / not delegated / no answer.
 * For the root zone, discover_begin takes the NS set from the resolver
 * (ORIGIN_PARENT) and there is nothing to plan. */
struct discovery {
	struct ns_list parent; /* the parent zone's nameservers */
	struct delegation deleg;
	bool is_root;
};

enum discover_status discover_begin(const struct net_ctx *net, const ldns_rdf *zone,
				    struct ns_list *ns, struct discovery *d);

/* Number of probes discover_plan will fill (the parent's addresses). */
size_t discover_probe_count(const struct discovery *d);

/* Fill PROBES (room for discover_probe_count) with the delegation queries. Returns the count. */
size_t discover_plan(const struct discovery *d, const ldns_rdf *zone, struct probe *probes);

/* Read the N delegation probes after the run and clear them (as
 * soa_query_collect does its own); returns d->deleg.status. */
enum discover_status discover_finish(struct discovery *d, const ldns_rdf *zone,
				     struct probe *probes, size_t n, struct ns_list *ns);

/* Free what D owns. */
void discovery_free(struct discovery *d);

#endif
