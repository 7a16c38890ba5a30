/* servers.h - the one owner of the server list: the functions that add NS names and addresses,
 * then freeze the list (its types are in core/server.h).
 *
 * Discovery, lookup and glue write the list only through these functions; once
 * servers_freeze has run, every writer refuses (and marks the list failed, so the check
 * ends UNKNOWN) and later stages read it const. */
#ifndef SERVERS_H
#define SERVERS_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "core/server.h"

/* Add NAME (cloned) with ORIGIN, or OR the origin into an existing entry with
 * the same name. Discovered names (ORIGIN_PARENT, ORIGIN_CHILD, ORIGIN_HINT)
 * are capped at SERVERS_NAMES_MAX: a new name past it is not added but counted
 * in list->dropped (once per distinct name, for the first
 * SERVERS_NAMES_SEEN_MAX of them). Names the user gave (-n, -P) are bounded by
 * the options instead. Returns the index, or -1 when the name was dropped or
 * on ENOMEM (then list->failed is set). Pre: !list->frozen. */
int servers_add_name(struct server_list *list, const ldns_rdf *name, unsigned origin);

/* Add a bare address (from -n/-P) with ORIGIN, or OR the origin into the bare-address
 * host with the same address AND port (one endpoint is one server; the same address at
 * another port is another server). Returns the index or -1 (ENOMEM, list->failed). */
int servers_add_address(struct server_list *list, const struct server_addr *addr, unsigned origin);

/* Add ADDR to the addresses of host HOST of LIST unless it is there already (same
 * address and port); an address past SERVERS_ADDRS_PER_NAME is counted in its dropped
 * unless REPEATED (seen before in the same answer). Pre: !list->frozen (else refused,
 * list->failed set). */
void servers_add_addr(struct server_list *list, size_t host, const struct server_addr *addr,
		      bool repeated);

/* Add ADDR to the parent's glue of host HOST of LIST unless it is there already (capped).
 * Pre: !list->frozen. */
void servers_add_glue(struct server_list *list, size_t host, const struct server_addr *addr);

/* The lookups of host HOST's name start: it counts as resolved until one of them goes
 * unanswered (servers_lookup_unanswered), and the addresses the caps leave out are
 * counted anew. Pre: !list->frozen. */
void servers_lookup_begin(struct server_list *list, size_t host);
void servers_lookup_unanswered(struct server_list *list, size_t host);

/* Why host HOST has no address (TEXT, copied and cut to fit). Pre: !list->frozen. */
void servers_set_error(struct server_list *list, size_t host, const char *text);

/* Something on the way to the list failed (ENOMEM, a failed lookup round): the list is
 * incomplete and the check ends UNKNOWN. */
void servers_set_failed(struct server_list *list);

/* Give every host that has glue but no addresses yet, and is not resolved,
 * its glue as addresses (port PORT, FAMILY AF_UNSPEC or one family): the
 * zone's own names need no resolver, which cannot answer for a dead zone. */
void servers_use_glue(struct server_list *list, uint16_t port, int family);

/* Compare host H's glue with ZONE_ADDRS (N addresses the zone's own servers
 * serve for its name), for FAMILY (or both). Returns true, with OUT filled,
 * when they differ. */
bool servers_glue_compare(const struct server_host *h, const struct server_addr *zone_addrs,
			  size_t n, int family, struct glue_diff *out);

/* True when H is only a hint: no parent, child, user or primary origin. */
bool server_host_is_hint_only(const struct server_host *h);

/* True when some host has a name to look up. */
bool servers_need_resolver(const struct server_list *list);

/* True when a confirmed host (not only a hint) has no servers yet. */
bool servers_pending(const struct server_list *list);

/* Give every host not queried yet its servers (one per address, or one
 * without address for a resolved name that has none), skipping hints whose
 * lookups were not all waited for. Indexes of the new servers are
 * [*first, list->n_servers). Returns the number of new servers. Servers
 * (addresses, and names without one) past SERVERS_MAX are not added but
 * counted in servers_dropped: the list never holds more than SERVERS_MAX. */
size_t servers_take_new(struct server_list *list, size_t *first);

/* Freeze the list: drop servers of hosts that stayed mere hints, merge a -P
 * address into the NS server with the same IP and port (one endpoint is one server),
 * sort hosts by name (bare addresses last) and servers by host, IPv4 first,
 * then address. MAP (room for the servers before freezing) receives, for each
 * old server index, its new index or SERVERS_NONE when dropped. Returns the
 * new count. Pre: map has n_servers entries. */
size_t servers_freeze(struct server_list *list, size_t *map);

/* What the resource caps left out: NS names, addresses of a name, addresses in all. */
size_t servers_unchecked(const struct server_list *list);

/* Free every name and array; leaves an empty list. */
void servers_free(struct server_list *list);

#endif
