/* discover.h - find a zone's delegation: its parent zone, the parent's servers, their NS set. */
#ifndef DISCOVER_H
#define DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "servers/lookup.h"
#include "net/plan.h"
#include "servers/servers.h"

enum discover_status {
	DISCOVER_OK,
	DISCOVER_RESOLVER_FAILED, /* no resolver answered: UNKNOWN */
	DISCOVER_NXDOMAIN,        /* the zone does not exist: CRITICAL */
	DISCOVER_NOT_DELEGATED,   /* the parent has no delegation for it: CRITICAL */
	DISCOVER_PARENT_FAILED,   /* the parent's servers could not be asked: UNKNOWN */
	DISCOVER_NOMEM,           /* memory ran out: UNKNOWN */
};

/* What discovery learnt about the parent side. */
struct delegation {
	enum discover_status status;
	char detail[2 * OBS_ERROR_MAX]; /* explanation when status != OK */
	char parent[OBS_NAME_MAX];      /* parent zone, escaped; "" for the root */
	size_t parent_addrs;            /* parent server addresses asked */
	size_t parent_answered;         /* ... of which gave a usable answer */
	bool hint_signed; /* the resolver's answer for the zone's NS set (asked with DO=1 when
			     discover_begin's HINT_DO) carried an RRSIG of it: the zone is signed */
};

/* Discovery in stages, so that its last network round can share one poll()
 * loop with the SOA round:
 *   discover_begin   the resolver: the parent zone's nameservers (and, as a
 *                    hint, the zone's own NS names, added to NS as ORIGIN_HINT)
 *   (the caller resolves d->parent's addresses, port 53)
 *   discover_plan    one "ZONE NS?" row (RD=0) per parent address
 *   (the caller runs the plan, with the SOA rows of the hinted servers)
 *   discover_finish  the parent's answers: delegated names join NS with
 *                    ORIGIN_PARENT, or NXDOMAIN / not delegated / no answer.
 * For the root zone, discover_begin takes the NS set from the resolver
 * (ORIGIN_PARENT) and there is nothing to plan. */
struct discovery {
	struct server_list parent; /* the parent zone's nameservers */
	struct delegation deleg;
	bool is_root;
};

/* HINT_DO: ask the resolver for the zone's NS set with the DO bit, and say in
 * d->deleg.hint_signed whether an RRSIG of it came back (the same question, no more). */
enum discover_status discover_begin(const struct net_ctx *net, const ldns_rdf *zone,
				    struct server_list *ns, struct discovery *d, bool hint_do);

/* Add to PLAN one delegation row (PLAN_DELEGATION, "ZONE NS?", RD=0) per
 * address of the parent's servers. Returns false on ENOMEM. */
bool discover_plan(const struct discovery *d, const ldns_rdf *zone, struct plan *plan);

/* Read the delegation rows of PLAN after the run: delegated names join NS
 * with ORIGIN_PARENT. Returns d->deleg.status (DISCOVER_NOMEM when the plan
 * or NS failed for want of memory). */
enum discover_status discover_finish(struct discovery *d, const ldns_rdf *zone,
				     const struct plan *plan, struct server_list *ns);

/* Free what D owns. */
void discovery_free(struct discovery *d);

#endif
