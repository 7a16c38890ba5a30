/* test_servers.c - unit tests for the server list: names, caps, servers taken, freezing, glue. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "core/dname.h"
#include "core/observation.h"
#include "servers/servers.h"
#include "tap.h"

/* Add the name TEXT with ORIGIN to LIST; returns the index or -1. */
static int add_name(struct server_list *list, const char *text, unsigned origin)
{
	ldns_rdf *name = NULL;
	int idx;

	if (dname_parse(text, &name) != DNAME_OK) {
		printf("# bad test name %s\n", text);
		return -2;
	}
	idx = servers_add_name(list, name, origin);
	ldns_rdf_deep_free(name);
	return idx;
}

/* The address TEXT with PORT. */
static struct server_addr addr(const char *text, uint16_t port)
{
	struct server_addr a;

	memset(&a, 0, sizeof a);
	if (server_addr_from_text(&a, text, port) != 0)
		printf("# bad test address %s\n", text);
	return a;
}

/* Give host IDX of LIST the address TEXT (port 53) and mark it resolved. */
static void give(struct server_list *list, int idx, const char *text)
{
	struct server_addr a = addr(text, 53);

	if (idx < 0)
		return;
	servers_lookup_begin(list, (size_t)idx);
	servers_add_addr(list, (size_t)idx, &a, false);
}

static void test_add_name_dedupe(void)
{
	struct server_list list;
	int a, b, c;

	memset(&list, 0, sizeof list);
	a = add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	b = add_name(&list, "NS1.Example.COM.", ORIGIN_CHILD);
	c = add_name(&list, "ns2.example.com", ORIGIN_CHILD);
	tap_ok(a == 0 && b == 0 && c == 1 && list.n == 2,
	       "servers: a name added twice (in another case) is one host");
	tap_int_eq(list.hosts[0].origin, ORIGIN_PARENT | ORIGIN_CHILD,
		   "servers: adding a known name ORs its origin");
	tap_str_eq(list.hosts[0].display, "ns1.example.com",
		   "servers: a host keeps the display form of the name first added");
	tap_ok(list.hosts[0].name != list.hosts[1].name && !list.failed && !list.frozen,
	       "servers: names are cloned; nothing failed");
	servers_free(&list);
	tap_ok(list.n == 0 && list.hosts == NULL, "servers: free leaves an empty list");
}

static void test_names_cap(void)
{
	struct server_list list;
	char name[64];
	size_t i;
	bool all_added = true;
	int x;

	memset(&list, 0, sizeof list);
	for (i = 0; i < SERVERS_NAMES_MAX; i++) {
		snprintf(name, sizeof name, "ns%zu.example.com", i);
		if (add_name(&list, name, ORIGIN_PARENT) != (int)i)
			all_added = false;
	}
	tap_ok(all_added && list.n == SERVERS_NAMES_MAX && list.dropped == 0,
	       "servers: SERVERS_NAMES_MAX discovered names are all added");
	x = add_name(&list, "extra1.example.com", ORIGIN_CHILD);
	tap_ok(x == -1 && list.n == SERVERS_NAMES_MAX && list.dropped == 1 && !list.failed,
	       "servers: a discovered name past the cap is dropped and counted");
	add_name(&list, "extra1.example.com", ORIGIN_PARENT);
	add_name(&list, "EXTRA1.example.com", ORIGIN_HINT);
	tap_int_eq(list.dropped, 1, "servers: a dropped name is counted once however often seen");
	add_name(&list, "extra2.example.com", ORIGIN_HINT);
	tap_int_eq(list.dropped, 2, "servers: each distinct dropped name is counted");
	tap_int_eq(add_name(&list, "NS0.example.com", ORIGIN_CHILD), 0,
		   "servers: a known name past the cap is still found");
	tap_ok(list.hosts[0].origin == (ORIGIN_PARENT | ORIGIN_CHILD),
	       "servers: ... and its origin ORed");
	x = add_name(&list, "user.example.net", ORIGIN_USER);
	tap_ok(x == (int)SERVERS_NAMES_MAX && list.dropped == 2,
	       "servers: a name the user gave (-n) is not capped");
	x = add_name(&list, "primary.example.net", ORIGIN_PRIMARY);
	tap_ok(x == (int)SERVERS_NAMES_MAX + 1, "servers: a -P name is not capped");
	tap_ok(servers_unchecked(&list) == 2, "servers: dropped names count as unchecked");
	servers_free(&list);
}

static void test_add_addr(void)
{
	struct server_list list;
	struct server_addr a;
	char text[32];
	size_t i, h;

	memset(&list, 0, sizeof list);
	h = (size_t)add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	for (i = 0; i < SERVERS_ADDRS_PER_NAME; i++) {
		snprintf(text, sizeof text, "192.0.2.%zu", i + 1);
		a = addr(text, 53);
		servers_add_addr(&list, h, &a, false);
	}
	a = addr("192.0.2.1", 53);
	servers_add_addr(&list, h, &a, false);
	tap_ok(list.hosts[h].n_addrs == SERVERS_ADDRS_PER_NAME && list.hosts[h].dropped == 0,
	       "servers: an address a host has already is not added again");
	a = addr("198.51.100.1", 53);
	servers_add_addr(&list, h, &a, false);
	servers_add_addr(&list, h, &a, true);
	tap_ok(list.hosts[h].n_addrs == SERVERS_ADDRS_PER_NAME && list.hosts[h].dropped == 1,
	       "servers: an address past the cap is counted, a repeated one not again");
	servers_lookup_begin(&list, h);
	tap_ok(list.hosts[h].resolved && list.hosts[h].dropped == 0,
	       "servers: a name looked up again counts what the cap leaves out anew");
	servers_lookup_unanswered(&list, h);
	servers_set_error(&list, h, "lookup failed (timeout)");
	tap_ok(!list.hosts[h].resolved &&
		   strcmp(list.hosts[h].error, "lookup failed (timeout)") == 0,
	       "servers: an unanswered lookup leaves the name unresolved, with its reason");
	servers_free(&list);
}

/* After servers_freeze every writer refuses: the list stays as frozen, and is marked
 * failed (the check ends UNKNOWN rather than judge a list that changed under it). */
static void test_frozen_refuses_writes(void)
{
	struct server_list list;
	struct server_addr a = addr("192.0.2.9", 53);
	size_t map[4], first, h, n_hosts, n_addrs;
	ldns_rdf *name = NULL;

	memset(&list, 0, sizeof list);
	h = (size_t)add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	give(&list, (int)h, "192.0.2.1");
	servers_take_new(&list, &first);
	servers_freeze(&list, map);
	tap_ok(list.frozen && !list.failed, "servers: a frozen list is frozen, not failed");
	n_hosts = list.n;
	n_addrs = list.hosts[0].n_addrs;
	servers_add_addr(&list, 0, &a, false);
	servers_add_glue(&list, 0, &a);
	servers_lookup_unanswered(&list, 0);
	servers_set_error(&list, 0, "changed");
	tap_ok(list.hosts[0].n_addrs == n_addrs && list.hosts[0].n_glue == 0 &&
		   list.hosts[0].resolved && list.hosts[0].error[0] == '\0' && list.failed,
	       "servers: a frozen host's addresses, glue, lookup state and error are not "
	       "written; the list is marked failed");
	list.failed = false;
	dname_parse("ns2.example.com", &name);
	tap_ok(servers_add_name(&list, name, ORIGIN_CHILD) == -1 &&
		   servers_add_address(&list, &a, ORIGIN_USER) == -1 && list.n == n_hosts &&
		   servers_take_new(&list, &first) == 0 && list.failed,
	       "servers: a frozen list takes no name, address or new server");
	ldns_rdf_deep_free(name);
	servers_free(&list);
}

/* -n 198.51.100.1#5300 -n 198.51.100.1#53: two servers, in either order; the same
 * endpoint twice is one. */
static void test_same_address_two_ports(void)
{
	const uint16_t ports[2][2] = {{5300, 53}, {53, 5300}};
	struct server_list list;
	struct server_addr a;
	size_t map[4], first, n, o;

	for (o = 0; o < 2; o++) {
		memset(&list, 0, sizeof list);
		a = addr("198.51.100.1", ports[o][0]);
		servers_add_address(&list, &a, ORIGIN_USER);
		a = addr("198.51.100.1", ports[o][1]);
		servers_add_address(&list, &a, ORIGIN_USER);
		a = addr("198.51.100.1", ports[o][1]);
		servers_add_address(&list, &a, ORIGIN_PRIMARY);
		tap_int_eq(list.n, 2, "servers: one address at ports %u and %u is two hosts",
			   (unsigned)ports[o][0], (unsigned)ports[o][1]);
		servers_take_new(&list, &first);
		n = servers_freeze(&list, map);
		tap_ok(n == 2 && server_addr_port(&list.servers[0].addr) !=
				     server_addr_port(&list.servers[1].addr),
		       "servers: ... and two servers after the freeze, one per port");
		tap_ok(list.servers[0].origin + list.servers[1].origin ==
			   ORIGIN_USER + (ORIGIN_USER | ORIGIN_PRIMARY),
		       "servers: the same endpoint again (-P) is merged into its -n server only");
		servers_free(&list);
	}
	memset(&list, 0, sizeof list);
	add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	a = addr("192.0.2.1", 53);
	servers_add_addr(&list, 0, &a, false);
	a = addr("192.0.2.1", 5300);
	servers_add_addr(&list, 0, &a, false);
	servers_add_addr(&list, 0, &a, false);
	tap_int_eq(list.hosts[0].n_addrs, 2,
		   "servers: a host keeps one address at two ports, once each");
	servers_free(&list);
}

static void test_take_new(void)
{
	struct server_list list;
	size_t first = 99, n;
	int a, b, hint, hint_ok;

	memset(&list, 0, sizeof list);
	a = add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	give(&list, a, "192.0.2.1");
	give(&list, a, "2001:db8::1");
	b = add_name(&list, "ns2.example.com", ORIGIN_PARENT);
	servers_lookup_begin(&list, (size_t)b); /* resolved, no address */
	hint = add_name(&list, "hint.example.com", ORIGIN_HINT);
	hint_ok = add_name(&list, "hint2.example.com", ORIGIN_HINT);
	give(&list, hint_ok, "192.0.2.9");
	n = servers_take_new(&list, &first);
	tap_ok(n == 4 && first == 0 && list.n_servers == 4,
	       "servers: take_new gives one server per address, one for a name without address, "
	       "one for a resolved hint");
	tap_ok(list.servers[0].host == 0 && list.servers[0].has_addr && list.servers[1].host == 0 &&
		   list.servers[1].has_addr && list.servers[1].addr.family == AF_INET6,
	       "servers: each address of a name is a server of that host");
	tap_ok(list.servers[2].host == (size_t)b && !list.servers[2].has_addr,
	       "servers: a resolved name without address gets a server without address");
	tap_ok(!list.hosts[hint].queried && list.hosts[a].queried &&
		   list.servers[3].host == (size_t)hint_ok,
	       "servers: a hint whose lookups were not waited for is skipped");
	tap_ok(servers_pending(&list) == false,
	       "servers: nothing is pending once every confirmed name has servers");
	n = servers_take_new(&list, &first);
	tap_ok(n == 0 && first == 4, "servers: take_new gives nothing new the second time");
	b = add_name(&list, "ns3.example.com", ORIGIN_CHILD);
	tap_ok(servers_pending(&list), "servers: a new confirmed name is pending");
	give(&list, b, "192.0.2.3");
	n = servers_take_new(&list, &first);
	tap_ok(n == 1 && first == 4 && list.servers[4].host == (size_t)b,
	       "servers: take_new gives only the servers of new hosts, from *first on");
	servers_lookup_begin(&list, (size_t)hint);
	n = servers_take_new(&list, &first);
	tap_ok(n == 1 && first == 5 && !list.servers[5].has_addr,
	       "servers: a hint taken once its lookups are done");
	servers_free(&list);
}

static void test_servers_cap(void)
{
	struct server_list list;
	char name[64], text[64];
	size_t h, i, first;
	int idx;

	memset(&list, 0, sizeof list);
	for (h = 0; h < 17; h++) {
		snprintf(name, sizeof name, "ns%zu.example.com", h);
		idx = add_name(&list, name, ORIGIN_PARENT);
		for (i = 0; i < SERVERS_ADDRS_PER_NAME; i++) {
			snprintf(text, sizeof text, "2001:db8::%zx:%zx", h, i + 1);
			give(&list, idx, text);
		}
	}
	tap_int_eq(servers_take_new(&list, &first), SERVERS_MAX,
		   "servers: at most SERVERS_MAX addresses become servers");
	tap_ok(list.servers_dropped == 17 * SERVERS_ADDRS_PER_NAME - SERVERS_MAX &&
		   servers_unchecked(&list) == list.servers_dropped,
	       "servers: addresses past SERVERS_MAX are counted as unchecked");
	servers_free(&list);
}

/* A list of N_ADDR addresses of one host each (user names, not capped), then
 * N_NONE names without address; take them. */
static void fill_mixed(struct server_list *list, size_t n_addr, size_t n_none)
{
	char name[64], text[64];
	size_t h, first;
	int idx;

	memset(list, 0, sizeof *list);
	for (h = 0; h < n_addr + n_none; h++) {
		snprintf(name, sizeof name, "ns%zu.example.com", h);
		idx = add_name(list, name, ORIGIN_USER);
		list->hosts[idx].resolved = true;
		if (h < n_addr) {
			snprintf(text, sizeof text, "2001:db8::%zx", h + 1);
			give(list, idx, text);
		}
	}
	servers_take_new(list, &first);
}

static void test_servers_cap_no_address(void)
{
	struct server_list list;

	fill_mixed(&list, SERVERS_MAX - 1, 1);
	tap_ok(list.n_servers == SERVERS_MAX && list.servers_dropped == 0,
	       "servers: SERVERS_MAX servers with a name without address: all taken");
	servers_free(&list);
	fill_mixed(&list, SERVERS_MAX - 1, 2);
	tap_ok(list.n_servers == SERVERS_MAX && list.servers_dropped == 1 &&
		   servers_unchecked(&list) == 1,
	       "servers: a name without address one past SERVERS_MAX is not added, but counted");
	servers_free(&list);
	fill_mixed(&list, SERVERS_MAX, 16);
	tap_ok(list.n_servers == SERVERS_MAX && list.servers_dropped == 16,
	       "servers: names without address past SERVERS_MAX: the list never grows past it");
	servers_free(&list);
}

static void test_names_true_count(void)
{
	struct server_list list;
	char name[64];
	size_t i, pass;

	memset(&list, 0, sizeof list);
	for (pass = 0; pass < 2; pass++) /* the parent's set, then the zone's: the same names */
		for (i = 0; i < 300; i++) {
			snprintf(name, sizeof name, "ns%zu.example.com", i);
			add_name(&list, name, pass == 0 ? ORIGIN_PARENT : ORIGIN_CHILD);
		}
	tap_ok(list.n == SERVERS_NAMES_MAX && list.dropped == 300 - SERVERS_NAMES_MAX,
	       "servers: 300 NS names seen twice: 32 kept, 268 left out, each counted once");
	servers_free(&list);
}

static void test_freeze_hints_and_sort(void)
{
	struct server_list list;
	size_t map[8], first, n, i;
	int ns2, ns1, hint;
	struct server_addr bare = addr("203.0.113.7", 53);

	memset(&list, 0, sizeof list);
	ns2 = add_name(&list, "ns2.example.com", ORIGIN_PARENT);
	give(&list, ns2, "2001:db8::2");
	give(&list, ns2, "192.0.2.2");
	servers_add_address(&list, &bare, ORIGIN_USER);
	hint = add_name(&list, "hint.example.com", ORIGIN_HINT);
	give(&list, hint, "192.0.2.8");
	ns1 = add_name(&list, "NS1.example.com", ORIGIN_CHILD);
	give(&list, ns1, "2001:db8::1");
	give(&list, ns1, "192.0.2.1");
	servers_take_new(&list, &first);
	/* old order: 0 ns2 v6, 1 ns2 v4, 2 bare, 3 hint, 4 ns1 v6, 5 ns1 v4 */
	for (i = 0; i < 8; i++)
		map[i] = 77;
	n = servers_freeze(&list, map);
	tap_ok(n == 5 && list.n_servers == 5 && list.frozen,
	       "servers: freeze drops the servers of hosts that stayed hints");
	tap_ok(map[3] == SERVERS_NONE, "servers: map marks a dropped hint server SERVERS_NONE");
	tap_ok(strcmp(list.servers[0].name, "NS1.example.com") == 0 &&
		   strcmp(list.servers[2].name, "ns2.example.com") == 0,
	       "servers: servers are sorted by name, case-insensitively");
	tap_ok(list.servers[0].addr.family == AF_INET && list.servers[1].addr.family == AF_INET6 &&
		   list.servers[2].addr.family == AF_INET &&
		   list.servers[3].addr.family == AF_INET6,
	       "servers: within a name IPv4 comes before IPv6");
	tap_ok(list.servers[4].name[0] == '\0' && list.servers[4].dname == NULL &&
		   strcmp(list.servers[4].addr.text, "203.0.113.7") == 0,
	       "servers: a bare address comes last, with name \"\" and no dname");
	tap_ok(map[0] == 3 && map[1] == 2 && map[2] == 4 && map[4] == 1 && map[5] == 0,
	       "servers: map gives each old server its new index");
	tap_ok(list.servers[0].dname != NULL &&
		   dname_equal(list.servers[0].dname, list.hosts[list.servers[0].host].name) &&
		   list.servers[0].origin == ORIGIN_CHILD &&
		   list.servers[2].origin == ORIGIN_PARENT,
	       "servers: frozen servers point at their host's name and carry its origin");
	servers_free(&list);
}

/* Freeze a list of ns1.example.com (192.0.2.1#53) and a bare -P 192.0.2.1#PORT; return
 * the count, the map in MAP (2 entries), the list in LIST (caller frees). */
static size_t freeze_primary(struct server_list *list, uint16_t port, size_t *map)
{
	struct server_addr p = addr("192.0.2.1", port);
	size_t first;
	int ns1;

	memset(list, 0, sizeof *list);
	ns1 = add_name(list, "ns1.example.com", ORIGIN_PARENT | ORIGIN_CHILD);
	give(list, ns1, "192.0.2.1");
	servers_add_address(list, &p, ORIGIN_PRIMARY);
	servers_take_new(list, &first);
	return servers_freeze(list, map);
}

static void test_freeze_primary_merge(void)
{
	struct server_list list;
	size_t map[2], n;

	n = freeze_primary(&list, 53, map);
	tap_ok(n == 1 && map[0] == 0 && map[1] == SERVERS_NONE,
	       "servers: a bare -P address with the IP and port of an NS server is merged into it");
	tap_int_eq(list.servers[0].origin, ORIGIN_PARENT | ORIGIN_CHILD | ORIGIN_PRIMARY,
		   "servers: the merged server gets ORIGIN_PRIMARY ORed in");
	servers_free(&list);
	n = freeze_primary(&list, 5353, map);
	tap_ok(n == 2 && map[0] == 0 && map[1] == 1,
	       "servers: a -P address on another port stays a server of its own");
	tap_ok(list.servers[0].origin == (ORIGIN_PARENT | ORIGIN_CHILD) &&
		   list.servers[1].origin == ORIGIN_PRIMARY && list.servers[1].name[0] == '\0',
	       "servers: ... and the NS server does not become a primary");
	servers_free(&list);
}

static void test_use_glue(void)
{
	struct server_list list;
	struct server_addr g4 = addr("192.0.2.53", 53), g6 = addr("2001:db8::53", 53);
	int in, done, v4only;

	memset(&list, 0, sizeof list);
	in = add_name(&list, "ns1.example.com", ORIGIN_PARENT);
	servers_add_glue(&list, (size_t)in, &g4);
	servers_add_glue(&list, (size_t)in, &g6);
	servers_add_glue(&list, (size_t)in, &g4);
	done = add_name(&list, "ns2.example.com", ORIGIN_PARENT);
	servers_add_glue(&list, (size_t)done, &g4);
	servers_lookup_begin(&list, (size_t)done);
	tap_int_eq(list.hosts[in].n_glue, 2, "servers: glue is kept once per address");
	servers_use_glue(&list, 5353, AF_UNSPEC);
	tap_ok(list.hosts[in].n_addrs == 2 && list.hosts[in].from_glue && list.hosts[in].resolved,
	       "servers: a name with glue and no address gets its glue as addresses");
	tap_ok(list.hosts[in].addrs[0].family == AF_INET &&
		   ntohs(((struct sockaddr_in *)&list.hosts[in].addrs[0].sa)->sin_port) == 5353,
	       "servers: glue addresses take the port given");
	tap_ok(list.hosts[done].n_addrs == 0 && !list.hosts[done].from_glue,
	       "servers: a name already resolved keeps its (lack of) addresses");
	v4only = add_name(&list, "ns3.example.com", ORIGIN_PARENT);
	servers_add_glue(&list, (size_t)v4only, &g4);
	servers_add_glue(&list, (size_t)v4only, &g6);
	servers_use_glue(&list, 53, AF_INET6);
	tap_ok(
	    list.hosts[v4only].n_addrs == 1 && list.hosts[v4only].addrs[0].family == AF_INET6 &&
		list.hosts[in].n_addrs == 2,
	    "servers: use_glue takes only the family asked for, and leaves hosts with addresses");
	servers_free(&list);
}

/* Add NAME with glue GLUE and zone addresses ADDRS (NULL-terminated lists). */
static void glue_host(struct server_list *list, const char *name, const char *const *glue,
		      const char *const *addrs)
{
	int idx = add_name(list, name, ORIGIN_PARENT | ORIGIN_CHILD);
	struct server_addr a;
	size_t i;

	for (i = 0; glue[i] != NULL; i++) {
		a = addr(glue[i], 53);
		servers_add_glue(list, (size_t)idx, &a);
	}
	for (i = 0; addrs[i] != NULL; i++)
		give(list, idx, addrs[i]);
}

/* The glue differences of LIST against each host's own addresses (as the zone's). */
static size_t servers_glue_diffs(const struct server_list *list, int family, struct glue_diff *out,
				 size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < list->n && n < max; i++) {
		const struct server_host *h = &list->hosts[i];
		if (h->n_addrs == 0 || h->from_glue)
			continue;
		if (servers_glue_compare(h, h->addrs, h->n_addrs, family, &out[n]))
			n++;
	}
	return n;
}

static void test_glue_diffs(void)
{
	static const char *const same[] = {"192.0.2.1", "2001:db8::1", NULL};
	static const char *const same_rev[] = {"2001:db8::1", "192.0.2.1", NULL};
	static const char *const glue[] = {"192.0.2.1", "2001:db8::1", NULL};
	static const char *const zone[] = {"192.0.2.2", "2001:db8::1", NULL};
	static const char *const none[] = {NULL};
	struct server_list list;
	struct glue_diff d[4];
	size_t n;

	memset(&list, 0, sizeof list);
	glue_host(&list, "ns1.example.com", same, same_rev);
	glue_host(&list, "ns3.example.com", same, none);
	n = servers_glue_diffs(&list, AF_UNSPEC, d, 4);
	tap_int_eq(n, 0,
		   "servers: glue equal to the zone's addresses (any order) is no difference");
	glue_host(&list, "ns2.example.com", glue, zone);
	n = servers_glue_diffs(&list, AF_UNSPEC, d, 4);
	tap_int_eq(n, 1, "servers: glue differing from the zone's addresses is a difference");
	tap_ok(n == 1 && strcmp(d[0].name, "ns2.example.com") == 0 &&
		   strcmp(d[0].parent, "192.0.2.1, 2001:db8::1") == 0 &&
		   strcmp(d[0].zone, "192.0.2.2, 2001:db8::1") == 0,
	       "servers: a glue difference names the host, the parent's and the zone's addresses");
	tap_int_eq(servers_glue_diffs(&list, AF_INET6, d, 4), 0,
		   "servers: a difference in IPv4 only is none when only IPv6 is checked");
	n = servers_glue_diffs(&list, AF_INET, d, 4);
	tap_ok(n == 1 && strcmp(d[0].parent, "192.0.2.1") == 0 &&
		   strcmp(d[0].zone, "192.0.2.2") == 0,
	       "servers: with one family the texts list only that family");
	tap_int_eq(servers_glue_diffs(&list, AF_UNSPEC, d, 0), 0,
		   "servers: no more differences than asked for are written");
	list.hosts[2].from_glue = true;
	tap_int_eq(servers_glue_diffs(&list, AF_UNSPEC, d, 4), 0,
		   "servers: addresses taken from the glue are not compared with it");
	servers_free(&list);
}

static void test_predicates(void)
{
	struct server_list list;
	struct server_addr a = addr("192.0.2.1", 53);
	int h;

	memset(&list, 0, sizeof list);
	servers_add_address(&list, &a, ORIGIN_USER);
	tap_ok(!servers_need_resolver(&list), "servers: bare addresses need no resolver");
	tap_ok(servers_add_address(&list, &a, ORIGIN_PRIMARY) == 0 &&
		   list.hosts[0].origin == (ORIGIN_USER | ORIGIN_PRIMARY) && list.n == 1,
	       "servers: a bare address given twice is one host with both origins");
	h = add_name(&list, "ns.example.com", ORIGIN_HINT);
	tap_ok(servers_need_resolver(&list), "servers: a name needs the resolver");
	tap_ok(server_host_is_hint_only(&list.hosts[h]), "servers: a host only hinted is a hint");
	add_name(&list, "ns.example.com", ORIGIN_PARENT);
	tap_ok(!server_host_is_hint_only(&list.hosts[h]),
	       "servers: a hint confirmed by the parent is no longer only a hint");
	servers_free(&list);
}

int main(void)
{
	test_add_name_dedupe();
	test_names_cap();
	test_add_addr();
	test_frozen_refuses_writes();
	test_same_address_two_ports();
	test_take_new();
	test_servers_cap();
	test_servers_cap_no_address();
	test_names_true_count();
	test_freeze_hints_and_sort();
	test_freeze_primary_merge();
	test_use_glue();
	test_glue_diffs();
	test_predicates();
	return tap_done();
}
