/* glue.h - the glue check's questions (A and AAAA of in-bailiwick NS names, asked of one of
 * the zone's servers each) and the differences between their answers and the glue. */
#ifndef QUERY_GLUE_H
#define QUERY_GLUE_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "core/server.h"
#include "query/items.h"
#include "query/query.h"

/* Add to QI the A (unless FAMILY is AF_INET6) and AAAA (unless AF_INET) items of the
 * in-bailiwick NS names of SERVERS below ZONE (with glue only, when GLUED) that have
 * none yet: every name of the list (QI has room for them all). Returns false on ENOMEM. */
bool query_glue_items_add(struct query_items *qi, const struct server_list *servers,
			  const ldns_rdf *zone, int family, bool glued);

/* Fill OUT (room for MAX) with the in-bailiwick NS names of SERVERS whose parent glue
 * differs from what the zone's servers answered in A for QI's glue items (for FAMILY,
 * or both). A name no server answered for is not compared. Returns the count. */
size_t query_glue_diffs(const struct query_items *qi, const struct answers *a,
			const struct server_list *servers, int family, struct glue_diff *out,
			size_t max);

/* Fill OUT (room for MAX) with the glued in-bailiwick NS names of SERVERS that QI asked
 * about but whose A or AAAA no server of A answered usably (their glue is not
 * compared), one of those asked having answered the SOA (a server that failed the
 * SOA too has its own finding): who was asked, and why each answer was unusable.
 * Returns how many names, MAX or more. */
size_t query_glue_unanswered(const struct query_items *qi, const struct answers *a,
			     const struct server_list *servers, struct glue_unanswered *out,
			     size_t max);

#endif
