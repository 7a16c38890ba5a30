/* soa_query.h - the check's main round: every address asked for the zone's SOA (and apex NS) at once. */
#ifndef SOA_QUERY_H
#define SOA_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "discover.h"
#include "lookup.h"
#include "observation.h"

#define SOA_ADDRS_MAX 256 /* addresses checked per run, all names together */

/* What to ask. */
struct soa_query_opts {
	bool nsid;     /* ask for NSID */
	bool tcp_only; /* TCP only */
	bool ask_ns;   /* also ask each address for the apex NS RRset */
};

/* The observations of a run, and the zone's own NS set as its servers told it. */
struct soa_round {
	struct observation *obs;
	size_t n, cap;
	size_t dropped; /* addresses not checked because of SOA_ADDRS_MAX */
	ldns_rdf *child_ns[DISCOVER_NAMES_SEEN_MAX]; /* union of the apex NS answers, owned;
							 names past the cap are dropped when
							 they join the ns_list (and counted) */
	size_t n_child_ns;
	bool child_ns_known; /* at least one server answered the NS query */
};

/* Ask every address of HOSTS->hosts[FROM..n) for ZONE's SOA (and apex NS when
 * O->ask_ns), all at once, within NET's deadline. Appends one observation per
 * address, and one OUTCOME_NO_ADDRESS observation per host without address. */
void soa_query_hosts(const struct net_ctx *net, const ldns_rdf *zone,
		     const struct soa_query_opts *o, const struct ns_list *hosts, size_t from,
		     struct soa_round *round);

/* Free everything ROUND owns. */
void soa_round_free(struct soa_round *round);

#endif
