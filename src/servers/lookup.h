/* lookup.h - questions to the recursive resolver(s): batches with fallback, and NS name ->
 * addresses. */
#ifndef LOOKUP_H
#define LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "core/observation.h"
#include "net/plan.h"
#include "net/probe.h"
#include "servers/servers.h"

/* The network side of a run: where to ask, how long to wait. Read-only (but *tally). */
struct net_ctx {
	const struct server_addr *resolvers; /* at least one */
	size_t n_resolvers;
	struct probe_timing timing;
	int64_t deadline_us;      /* clock_now_us() time by which everything must end */
	int family;               /* AF_UNSPEC, AF_INET or AF_INET6: addresses wanted */
	uint16_t ns_port;         /* port of the nameservers */
	struct plan_tally *tally; /* the queries sent are counted here (not owned; NULL: not) */
};

/* One question for the resolver, and its answer. */
struct lookup {
	struct wire_question q;    /* qname not owned */
	ldns_pkt *reply;           /* owned; NULL when no resolver answered */
	char error[OBS_ERROR_MAX]; /* why reply is NULL */
	bool optional;             /* speculative: not waited for once the others are done */
	bool dnssec_ok;            /* set the DO bit: the RRSIGs come with the answer */
};

#define LOOKUP_NOMEM ((size_t)-1) /* lookup_run could not allocate: nothing was asked */

/* Ask the resolvers every question of LOOKUPS at once (RD=1). Questions
 * that get no valid reply from the first resolver go to the next, and so on,
 * within the deadline. Returns the number of lookups that got a reply, or
 * LOOKUP_NOMEM when memory ran out on the way (the error of every lookup
 * without a reply is then "out of memory"; the replies got are kept). */
size_t lookup_run(const struct net_ctx *net, struct lookup *lookups, size_t n);

/* Free the replies of N lookups. */
void lookup_clear(struct lookup *lookups, size_t n);

/* Resolve every host of LIST that has a name to its A and/or AAAA records
 * (per net->family), in one batch, writing LIST through the servers module's
 * functions. Ports are set to net->ns_port. A name without any address gets an
 * error text. Returns false on ENOMEM (the lookups could not be made: the
 * check must end UNKNOWN). */
bool lookup_addresses(const struct net_ctx *net, struct server_list *list);

/* Hosts to resolve in one shared batch. The lookups of a host that is only a
 * hint (origin ORIGIN_HINT alone) are speculative: not waited for once the
 * others are done (the host then stays unresolved). */
struct host_batch {
	struct server_list *list; /* written through servers.h only */
	uint16_t port;            /* port for the addresses found */
};

/* lookup_addresses over several host lists at once, in one resolver round;
 * false on ENOMEM. */
bool lookup_addresses_batch(const struct net_ctx *net, const struct host_batch *b, size_t nb);

/* Collect into OUT (up to MAX) the names of the NS records owned by ZONE in
 * SECTION of REPLY. Names are cloned (caller frees). Returns the count; a
 * name that could not be cloned sets *NOMEM (else left alone). */
size_t lookup_ns_names(const ldns_rr_list *section, const ldns_rdf *zone, ldns_rdf **out,
		       size_t max, bool *nomem);

#endif
