/* servers.c - the server list: hosts added by discovery, addresses by lookup, servers frozen for
 * judging. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include "core/dname.h"
#include "servers/servers.h"

/* True when LIST may still be written. A write to a frozen list is refused and marks
 * it failed: the check ends UNKNOWN instead of judging a list that changed under it. */
static bool servers_writable(struct server_list *list)
{
	if (!list->frozen)
		return true;
	list->failed = true;
	return false;
}

/* Count NAME as left out by the cap, once: remember it while there is room. */
static void servers_drop_name(struct server_list *list, const ldns_rdf *name)
{
	size_t i;

	for (i = 0; i < list->n_overflow; i++)
		if (dname_equal(list->overflow[i], name))
			return;
	list->dropped++;
	if (list->n_overflow < SERVERS_NAMES_SEEN_MAX) {
		list->overflow[list->n_overflow] = ldns_rdf_clone(name);
		if (list->overflow[list->n_overflow] != NULL)
			list->n_overflow++;
	}
}

/* A new zeroed host at the end of LIST, or NULL on ENOMEM (list->failed set). */
static struct server_host *servers_append_host(struct server_list *list)
{
	struct server_host *h;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct server_host *grown = realloc(list->hosts, cap * sizeof *grown);
		if (grown == NULL) {
			list->failed = true;
			return NULL;
		}
		list->hosts = grown;
		list->cap = cap;
	}
	h = &list->hosts[list->n];
	memset(h, 0, sizeof *h);
	return h;
}

int servers_add_name(struct server_list *list, const ldns_rdf *name, unsigned origin)
{
	size_t i;
	struct server_host *h;

	if (!servers_writable(list))
		return -1;
	for (i = 0; i < list->n; i++)
		if (list->hosts[i].name != NULL && dname_equal(list->hosts[i].name, name)) {
			list->hosts[i].origin |= origin;
			return (int)i;
		}
	if (list->n >= SERVERS_NAMES_MAX && !(origin & (ORIGIN_USER | ORIGIN_PRIMARY))) {
		servers_drop_name(list, name);
		return -1;
	}
	h = servers_append_host(list);
	if (h == NULL)
		return -1;
	h->name = ldns_rdf_clone(name);
	if (h->name == NULL) {
		list->failed = true;
		return -1;
	}
	dname_display(name, h->display, sizeof h->display);
	h->origin = origin;
	return (int)list->n++;
}

int servers_add_address(struct server_list *list, const struct server_addr *addr, unsigned origin)
{
	size_t i;
	struct server_host *h;

	if (!servers_writable(list))
		return -1;
	for (i = 0; i < list->n; i++)
		if (list->hosts[i].name == NULL && list->hosts[i].n_addrs == 1 &&
		    server_addr_same(&list->hosts[i].addrs[0], addr)) {
			list->hosts[i].origin |= origin;
			return (int)i;
		}
	h = servers_append_host(list);
	if (h == NULL)
		return -1;
	h->addrs[0] = *addr;
	h->n_addrs = 1;
	h->resolved = true;
	snprintf(h->display, sizeof h->display, "%s", addr->text);
	h->origin = origin;
	return (int)list->n++;
}

/* Add ADDR to host H unless it is there (see servers_add_addr). */
static void servers_host_add_addr(struct server_host *h, const struct server_addr *addr,
				  bool repeated)
{
	size_t j;

	for (j = 0; j < h->n_addrs; j++)
		if (server_addr_same(&h->addrs[j], addr))
			return;
	if (h->n_addrs >= SERVERS_ADDRS_PER_NAME) {
		if (!repeated)
			h->dropped++;
		return;
	}
	h->addrs[h->n_addrs++] = *addr;
}

void servers_add_addr(struct server_list *list, size_t host, const struct server_addr *addr,
		      bool repeated)
{
	if (servers_writable(list) && host < list->n)
		servers_host_add_addr(&list->hosts[host], addr, repeated);
}

void servers_add_glue(struct server_list *list, size_t host, const struct server_addr *addr)
{
	struct server_host *h = host < list->n ? &list->hosts[host] : NULL;
	size_t j;

	if (!servers_writable(list) || h == NULL)
		return;
	for (j = 0; j < h->n_glue; j++)
		if (server_addr_same_ip(&h->glue[j], addr))
			return;
	if (h->n_glue < SERVERS_ADDRS_PER_NAME)
		h->glue[h->n_glue++] = *addr;
}

void servers_lookup_begin(struct server_list *list, size_t host)
{
	if (!servers_writable(list) || host >= list->n)
		return;
	list->hosts[host].resolved = true;
	list->hosts[host].dropped = 0;
}

void servers_lookup_unanswered(struct server_list *list, size_t host)
{
	if (servers_writable(list) && host < list->n)
		list->hosts[host].resolved = false;
}

void servers_set_error(struct server_list *list, size_t host, const char *text)
{
	if (servers_writable(list) && host < list->n)
		snprintf(list->hosts[host].error, sizeof list->hosts[host].error, "%s", text);
}

void servers_set_failed(struct server_list *list)
{
	list->failed = true;
}

void servers_use_glue(struct server_list *list, uint16_t port, int family)
{
	size_t i, j;

	if (!servers_writable(list))
		return;

	for (i = 0; i < list->n; i++) {
		struct server_host *h = &list->hosts[i];
		if (h->n_glue == 0 || h->n_addrs > 0 || h->resolved || h->queried)
			continue;
		for (j = 0; j < h->n_glue; j++) {
			struct server_addr a = h->glue[j];
			if (family != AF_UNSPEC && a.family != family)
				continue;
			server_addr_set_port(&a, port);
			servers_host_add_addr(h, &a, false);
		}
		h->resolved = true;
		h->from_glue = true;
	}
}

/* True when every address of A (N of them, of FAMILY or any) is in B (M). */
static bool servers_addrs_within(const struct server_addr *a, size_t n, const struct server_addr *b,
				 size_t m, int family)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		bool found = family != AF_UNSPEC && a[i].family != family;
		for (j = 0; j < m && !found; j++)
			found = server_addr_same_ip(&a[i], &b[j]);
		if (!found)
			return false;
	}
	return true;
}

/* "a, b" from the addresses of A (N) of FAMILY (or any), into BUF. */
static void servers_addr_list(const struct server_addr *a, size_t n, int family, char *buf,
			      size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used + 1 < size; i++) {
		if (family != AF_UNSPEC && a[i].family != family)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used > 0 ? ", " : "",
					 a[i].text);
	}
	if (buf[0] == '\0')
		snprintf(buf, size, "none");
}

bool servers_glue_compare(const struct server_host *h, const struct server_addr *zone_addrs,
			  size_t n, int family, struct glue_diff *out)
{
	if (h->n_glue == 0 || h->name == NULL)
		return false;
	if (servers_addrs_within(h->glue, h->n_glue, zone_addrs, n, family) &&
	    servers_addrs_within(zone_addrs, n, h->glue, h->n_glue, family))
		return false;
	snprintf(out->name, sizeof out->name, "%s", h->display);
	servers_addr_list(h->glue, h->n_glue, family, out->parent, sizeof out->parent);
	servers_addr_list(zone_addrs, n, family, out->zone, sizeof out->zone);
	return true;
}

bool server_host_is_hint_only(const struct server_host *h)
{
	return h->origin == ORIGIN_HINT;
}

bool servers_need_resolver(const struct server_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->hosts[i].name != NULL)
			return true;
	return false;
}

bool servers_pending(const struct server_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!list->hosts[i].queried && !server_host_is_hint_only(&list->hosts[i]))
			return true;
	return false;
}

/* Append a server of host H (address A, or none). Returns false on ENOMEM. */
static bool servers_append(struct server_list *list, size_t h, const struct server_addr *a)
{
	struct server *s;

	if (list->n_servers == list->cap_servers) {
		size_t cap = list->cap_servers ? list->cap_servers * 2 : 16;
		struct server *grown = realloc(list->servers, cap * sizeof *grown);
		if (grown == NULL) {
			list->failed = true;
			return false;
		}
		list->servers = grown;
		list->cap_servers = cap;
	}
	s = &list->servers[list->n_servers++];
	memset(s, 0, sizeof *s);
	s->host = h;
	s->has_addr = a != NULL;
	if (a != NULL) {
		s->addr = *a;
		if (list->port != 0 && server_addr_port(a) != list->port)
			s->shown_port = server_addr_port(a);
	}
	return true;
}

size_t servers_take_new(struct server_list *list, size_t *first)
{
	size_t i, j, before = list->n_servers;

	*first = before;
	if (!servers_writable(list))
		return 0;
	for (i = 0; i < list->n; i++) {
		struct server_host *h = &list->hosts[i];
		if (h->queried || (server_host_is_hint_only(h) && !h->resolved))
			continue; /* done already, or a hint whose lookups were not all waited for
				   */
		h->queried = true;
		for (j = 0; j < h->n_addrs || (j == 0 && h->n_addrs == 0); j++) {
			if (list->n_servers >= SERVERS_MAX) { /* a name without address too */
				list->servers_dropped++;
				continue;
			}
			if (!servers_append(list, i, h->n_addrs > 0 ? &h->addrs[j] : NULL))
				break;
		}
	}
	return list->n_servers - before;
}

/* qsort order of hosts: by name (case-insensitively), bare addresses last. */
static int servers_host_cmp(const void *a, const void *b)
{
	const struct server_host *x = a, *y = b;

	if ((x->name == NULL) != (y->name == NULL))
		return x->name == NULL ? 1 : -1;
	return strcasecmp(x->display, y->display);
}

/* qsort order of servers: by host, IPv4 before IPv6, then by address; the
 * old index (sort_key) last, so that the order is total. */
static int servers_cmp(const void *a, const void *b)
{
	const struct server *x = a, *y = b;
	int c;

	if (x->host != y->host)
		return x->host < y->host ? -1 : 1;
	if (x->has_addr != y->has_addr)
		return x->has_addr ? 1 : -1;
	if (x->addr.family != y->addr.family)
		return x->addr.family == AF_INET ? -1 : 1;
	c = memcmp(&x->addr.sa, &y->addr.sa, sizeof x->addr.sa);
	if (c != 0)
		return c;
	return x->sort_key < y->sort_key ? -1 : x->sort_key > y->sort_key;
}

/* The server of a named host with the same IP and port as bare-address server
 * S, or SERVERS_NONE. */
static size_t servers_same_endpoint(const struct server_list *list, size_t s)
{
	size_t i;

	for (i = 0; i < list->n_servers; i++)
		if (i != s && list->servers[i].has_addr &&
		    list->hosts[list->servers[i].host].name != NULL &&
		    !server_host_is_hint_only(&list->hosts[list->servers[i].host]) &&
		    server_addr_same(&list->servers[i].addr, &list->servers[s].addr))
			return i;
	return SERVERS_NONE;
}

/* Mark in MAP the servers to drop (hints, duplicate -P addresses) and set origins. */
static void servers_select(struct server_list *list, size_t *map)
{
	size_t i, twin;

	for (i = 0; i < list->n_servers; i++) {
		const struct server_host *h = &list->hosts[list->servers[i].host];
		list->servers[i].origin = h->origin;
		map[i] = server_host_is_hint_only(h) ? SERVERS_NONE : 0;
	}
	for (i = 0; i < list->n_servers; i++) {
		const struct server_host *h = &list->hosts[list->servers[i].host];
		if (map[i] == SERVERS_NONE || h->name != NULL || !list->servers[i].has_addr)
			continue;
		twin = servers_same_endpoint(list, i);
		if (twin == SERVERS_NONE)
			continue;
		list->servers[twin].origin |= h->origin & (ORIGIN_PRIMARY | ORIGIN_USER);
		map[i] = SERVERS_NONE;
	}
}

/* Sort the hosts; renumber the servers' host indexes accordingly. */
static bool servers_sort_hosts(struct server_list *list)
{
	size_t i, *rank = calloc(list->n + 1, sizeof *rank);

	if (rank == NULL) {
		list->failed = true;
		return false;
	}
	for (i = 0; i < list->n; i++)
		list->hosts[i].sort_key = i;
	qsort(list->hosts, list->n, sizeof *list->hosts, servers_host_cmp);
	for (i = 0; i < list->n; i++)
		rank[list->hosts[i].sort_key] = i;
	for (i = 0; i < list->n_servers; i++)
		list->servers[i].host = rank[list->servers[i].host];
	free(rank);
	return true;
}

size_t servers_freeze(struct server_list *list, size_t *map)
{
	size_t i, kept = 0, n = list->n_servers;
	struct server *old = list->servers;
	struct server *sorted = calloc(n + 1, sizeof *sorted);

	if (sorted == NULL || !servers_writable(list) || !servers_sort_hosts(list)) {
		free(sorted);
		list->failed = true;
		for (i = 0; i < n; i++)
			map[i] = SERVERS_NONE;
		list->n_servers = 0;
		list->frozen = true;
		return 0;
	}
	servers_select(list, map);
	for (i = 0; i < n; i++)
		if (map[i] != SERVERS_NONE) {
			sorted[kept] = old[i];
			sorted[kept++].sort_key = i;
		}
	qsort(sorted, kept, sizeof *sorted, servers_cmp);
	for (i = 0; i < kept; i++) {
		const struct server_host *h = &list->hosts[sorted[i].host];
		map[sorted[i].sort_key] = i;
		sorted[i].dname = h->name;
		sorted[i].name = h->name != NULL ? h->display : "";
	}
	free(old);
	list->servers = sorted;
	list->n_servers = kept;
	list->cap_servers = n + 1;
	list->frozen = true;
	return kept;
}

size_t servers_unchecked(const struct server_list *list)
{
	size_t i, n = list->servers_dropped + list->dropped;

	for (i = 0; i < list->n; i++)
		n += list->hosts[i].dropped;
	return n;
}

void servers_free(struct server_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		ldns_rdf_deep_free(list->hosts[i].name);
	for (i = 0; i < list->n_overflow; i++)
		ldns_rdf_deep_free(list->overflow[i]);
	free(list->hosts);
	free(list->servers);
	memset(list, 0, sizeof *list);
}
