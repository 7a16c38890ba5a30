/* servers.h - the one owner of the server list: NS names, their addresses, and (frozen) the servers
 * to judge. */
#ifndef SERVERS_H
#define SERVERS_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "observation.h"

#define SERVERS_NAMES_MAX 32 /* NS names checked per zone (parent and child together) */
#define SERVERS_NAMES_SEEN_MAX                                                                     \
	128                        /* NS names read from one answer; names past the cap are        \
				      remembered up to this many, to count each once */
#define SERVERS_ADDRS_PER_NAME 16  /* addresses kept per NS name */
#define SERVERS_MAX            256 /* addresses checked per run, all names together */
#define SERVERS_NONE           ((size_t)-1)

/* An NS name (or a bare address given with -n/-P) and the addresses it resolves to.
 * Discovery adds hosts, lookup fills their addresses; nobody else writes them. */
struct server_host {
	ldns_rdf *name;             /* owned, wire form; NULL for a bare address */
	char display[OBS_NAME_MAX]; /* escaped name, or the address text */
	unsigned origin;            /* enum server_origin bits */
	struct server_addr addrs[SERVERS_ADDRS_PER_NAME];
	size_t n_addrs;
	size_t dropped;            /* distinct addresses not kept (SERVERS_ADDRS_PER_NAME) */
	char error[OBS_ERROR_MAX]; /* why n_addrs is 0 */
	struct server_addr
	    glue[SERVERS_ADDRS_PER_NAME]; /* the parent's glue (in-bailiwick names) */
	size_t n_glue;
	bool from_glue;  /* its addresses are the parent's glue, not the resolver's */
	bool resolved;   /* every address lookup of the name got a reply */
	bool queried;    /* its addresses have servers (and questions) */
	size_t sort_key; /* scratch for sorting the list */
};

/* One server to check: one address of one host, or a host without address.
 * The unit every plan row, observation and verdict refers to (by index). */
struct server {
	size_t host;             /* index in the list's hosts */
	struct server_addr addr; /* valid when has_addr */
	bool has_addr;
	unsigned origin;  /* the host's origin, plus ORIGIN_PRIMARY when a -P address is the same
			     IP (one address is one server) */
	const char *name; /* the host's display name; "" for a bare address (not owned) */
	const ldns_rdf *dname; /* the host's wire-form name, NULL for a bare address (not owned) */
	size_t sort_key;       /* scratch for freezing */
};

/* The hosts and servers of a run. Growing until servers_freeze; read-only after. */
struct server_list {
	struct server_host *hosts;
	size_t n, cap;
	ldns_rdf *overflow[SERVERS_NAMES_SEEN_MAX]; /* names past the cap, owned (counting only) */
	size_t n_overflow;
	size_t dropped; /* distinct names not checked because of SERVERS_NAMES_MAX */
	struct server *servers;
	size_t n_servers, cap_servers;
	size_t servers_dropped; /* addresses not checked because of SERVERS_MAX */
	bool failed;            /* an allocation failed: the list is incomplete (UNKNOWN) */
	bool frozen;
};

/* Add NAME (cloned) with ORIGIN, or OR the origin into an existing entry with
 * the same name. Discovered names (ORIGIN_PARENT, ORIGIN_CHILD, ORIGIN_HINT)
 * are capped at SERVERS_NAMES_MAX: a new name past it is not added but counted
 * in list->dropped (once per distinct name, for the first
 * SERVERS_NAMES_SEEN_MAX of them). Names the user gave (-n, -P) are bounded by
 * the options instead. Returns the index, or -1 when the name was dropped or
 * on ENOMEM (then list->failed is set). Pre: !list->frozen. */
int servers_add_name(struct server_list *list, const ldns_rdf *name, unsigned origin);

/* Add a bare address (from -n/-P) with ORIGIN. Returns the index or -1 (ENOMEM, list->failed). */
int servers_add_address(struct server_list *list, const struct server_addr *addr, unsigned origin);

/* Add ADDR to host H's addresses unless it is there already; an address past
 * SERVERS_ADDRS_PER_NAME is counted in h->dropped unless REPEATED (seen before
 * in the same answer). */
void servers_host_add_addr(struct server_host *h, const struct server_addr *addr, bool repeated);

/* Add ADDR to host H's glue unless it is there already (capped). */
void servers_host_add_glue(struct server_host *h, const struct server_addr *addr);

/* Give every host that has glue but no addresses yet, and is not resolved,
 * its glue as addresses (port PORT, FAMILY AF_UNSPEC or one family): the
 * zone's own names need no resolver, which cannot answer for a dead zone. */
void servers_use_glue(struct server_list *list, uint16_t port, int family);

/* A difference between the parent's glue and the zone's addresses of a name. */
struct glue_diff {
	char name[OBS_NAME_MAX];    /* the NS name, display form */
	char parent[OBS_ERROR_MAX]; /* the glue, "a, b" */
	char zone[OBS_ERROR_MAX];   /* the addresses the zone gives (through the resolver) */
};

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
 * [*first, list->n_servers). Returns the number of new servers. Addresses
 * past SERVERS_MAX are counted in servers_dropped. */
size_t servers_take_new(struct server_list *list, size_t *first);

/* Freeze the list: drop servers of hosts that stayed mere hints, merge a -P
 * address into the NS server with the same IP (one address is one server),
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
