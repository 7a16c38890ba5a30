/* items.h - the RRsets every server is asked for beside its SOA: --compare's, then glue checks. */
#ifndef QUERY_ITEMS_H
#define QUERY_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "core/observation.h"
#include "core/server.h"
#include "query/query.h"

#define QUERY_COMPARE_MAX 32 /* compared RRsets (--compare) */
/* and the A and AAAA of every NS name the server list may hold (SERVERS_NAMES_MAX, the one
 * cap on names: what it leaves out is reported) */
#define QUERY_ITEMS_MAX (QUERY_COMPARE_MAX + 2 * SERVERS_NAMES_MAX)

/* An RRset to compare, as configured: TYPE at NAME relative to the zone ("" is the apex). */
struct query_item_spec {
	ldns_rr_type type;
	const char *name; /* not owned */
};

/* The items of a run: items[0 .. n_compare) are compared, the rest check glue. */
struct query_items {
	struct query_item items[QUERY_ITEMS_MAX];
	ldns_rdf *owner[QUERY_ITEMS_MAX];                /* owned: the items' owner names */
	size_t n;                                        /* items in use */
	size_t n_compare;                                /* the compared ones, first */
	char name[QUERY_COMPARE_MAX][OBS_NAME_MAX + 16]; /* "MX", "A www.example.com" */
	const char *names[QUERY_COMPARE_MAX];            /* name[k], for the report */
};

#define QUERY_ITEMS_TOO_LONG (-1) /* a --compare name is too long with the zone appended */
#define QUERY_ITEMS_NOMEM    (-2) /* memory ran out */

/* Fill QI (zeroed) with the N (at most QUERY_COMPARE_MAX) RRsets of SPEC below ZONE:
 * absolute owners and display names. Returns 0, QUERY_ITEMS_TOO_LONG or
 * QUERY_ITEMS_NOMEM. QI owns what it holds: query_items_free. */
int query_items_compare(struct query_items *qi, const ldns_rdf *zone,
			const struct query_item_spec *spec, size_t n);

/* Add the item TYPE at NAME (cloned), sampled, for the glue check. Returns false on
 * ENOMEM (a full QI, which the glue check's cap keeps from happening, adds nothing). */
bool query_items_add_sampled(struct query_items *qi, const ldns_rdf *name, ldns_rr_type type);

/* Free the owner names QI holds. */
void query_items_free(struct query_items *qi);

#endif
