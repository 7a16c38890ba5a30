/* dnssec_query.h - the DNSSEC questions of a round (apex DNSKEY per server, DS of the parent) and
 * what their answers and the SOA's RRSIGs say, cryptography included (time is the judge's). */
#ifndef DNSSEC_QUERY_H
#define DNSSEC_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "core/dnssec.h"
#include "core/observation.h"
#include "core/server.h"
#include "net/plan.h"
#include "query/rrset.h"

#define DNSSEC_MEMO_MAX       32   /* verifications remembered per run */
#define DNSSEC_MEMO_BYTES_MAX 8192 /* larger inputs are verified every time */

/* One verification done: its input (the RRSIG, the RRset and the keys, in wire form) and
 * what came of it. Servers of one zone mostly serve the same bytes: verified once. */
struct dnssec_memo {
	uint8_t *input; /* owned */
	size_t len;
	ldns_status status;
};

/* The parent's DS set of a run: as data, and the records to match keys against. */
struct dnssec_answers {
	struct dnssec_ds ds;
	ldns_rr_list *ds_rrs; /* owned; at most DNSSEC_DS_MAX records; NULL until known */
	bool failed;          /* an allocation failed: DNSSEC results are incomplete */
	struct dnssec_memo memo[DNSSEC_MEMO_MAX];
	size_t n_memo;
	size_t verified, remembered; /* verifications run, and answered from the memo */
};

/* Add to PLAN the apex DNSKEY question (DO=1) for server S (index I) over
 * transport TR. Returns false on ENOMEM. */
bool dnssec_plan_server(struct plan *plan, const ldns_rdf *zone, const struct server *s, size_t i,
			enum transport tr);

/* Add to PLAN a "ZONE DS?" row (PLAN_DS) beside every delegation row
 * (PLAN_DELEGATION) it holds, to the same address. Marks D's DS as asked.
 * Returns false on ENOMEM. */
bool dnssec_plan_ds(struct plan *plan, const ldns_rdf *zone, struct dnssec_answers *d);

/* Read PLAN's DS rows into D (the first authoritative answer wins), then
 * each server's DNSKEY and SOA answers into OBS[target].dnssec (N servers):
 * keys, RRSIGs, whether each RRSIG verifies against the keys the same
 * address served, and which keys a DS matches. */
void dnssec_collect(struct dnssec_answers *d, struct observation *obs, size_t n,
		    const ldns_rdf *zone, const struct plan *plan);

/* Add to PLAN the CDS and CDNSKEY questions (PLAN_CDS, item 0 and 1) for server S (index
 * I) over transport TR. Returns false on ENOMEM. */
bool dnssec_plan_cds(struct plan *plan, const ldns_rdf *zone, const struct server *s, size_t i,
		     enum transport tr);

/* Read PLAN's CDS and CDNSKEY answers into OBS[target].dnssec.cds (N servers), their values
 * kept in TABLE. Call after dnssec_collect. */
void dnssec_collect_cds(struct rrset_table *table, struct observation *obs, size_t n,
			const ldns_rdf *zone, const struct plan *plan);

/* Free what D owns. */
void dnssec_answers_free(struct dnssec_answers *d);

#endif
