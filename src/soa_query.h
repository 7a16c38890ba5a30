/* soa_query.h - the check's main round: every address asked for the zone's SOA (and apex NS) at
 * once. */
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

/* The SOA round in two halves, so that the caller can run its probes in one
 * poll() loop with others (the delegation queries):
 *   soa_query_probe_count  probes needed for the hosts not queried yet
 *   soa_query_plan         one observation per address of every host not
 *                          queried yet (one OUTCOME_NO_ADDRESS observation
 *                          for a resolved name without address), and its
 *                          SOA probe (and apex NS probe when O->ask_ns) in
 *                          PROBES; INDEX[k] is the observation of address k.
 *                          Hints not fully resolved (lookups not waited
 *                          for) are left for a later round. Returns the number of addresses.
 *   soa_query_collect      after the run: observations, the zone's own NS set
 *                          (round->child_ns); clears the probes. */
size_t soa_query_probe_count(const struct ns_list *hosts, const struct soa_query_opts *o);
size_t soa_query_plan(const ldns_rdf *zone, const struct soa_query_opts *o, struct ns_list *hosts,
		      struct soa_round *round, struct probe *probes, long *index);
void soa_query_collect(const ldns_rdf *zone, const struct soa_query_opts *o,
		       struct soa_round *round, struct probe *probes, const long *index, size_t k);

/* Free everything ROUND owns. */
void soa_round_free(struct soa_round *round);

#endif
