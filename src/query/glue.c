/* glue.c - the glue check: which names to ask about, and what differs from the parent's glue. */
#include "config.h"

#include <sys/socket.h>

#include "core/dname.h"
#include "query/glue.h"
#include "servers/servers.h"

/* True when NAME already has glue-check items. */
static bool query_glue_has_items(const struct query_items *qi, const ldns_rdf *name)
{
	size_t k;

	for (k = qi->n_compare; k < qi->n; k++)
		if (dname_equal(qi->items[k].owner, name))
			return true;
	return false;
}

bool query_glue_items_add(struct query_items *qi, const struct server_list *servers,
			  const ldns_rdf *zone, int family, bool glued)
{
	size_t i;

	for (i = 0; i < servers->n; i++) {
		const ldns_rdf *name = servers->hosts[i].name;
		if (name == NULL || !dname_is_subdomain(name, zone) ||
		    (glued && servers->hosts[i].n_glue == 0) || query_glue_has_items(qi, name))
			continue;
		if ((family != AF_INET6 && !query_items_add_sampled(qi, name, LDNS_RR_TYPE_A)) ||
		    (family != AF_INET && !query_items_add_sampled(qi, name, LDNS_RR_TYPE_AAAA)))
			return false;
	}
	return true;
}

/* The addresses the zone serves for NAME (its glue items' first answers), or
 * SERVERS_NONE when it was not asked or no server answered. */
static size_t query_glue_zone_addrs(const struct query_items *qi, const struct answers *a,
				    size_t n_servers, const ldns_rdf *name, struct server_addr *out,
				    size_t max)
{
	size_t k, i, r, n = 0;
	bool asked = false;

	for (k = qi->n_compare; k < qi->n; k++) {
		const struct rrset_value *v = NULL;
		if (!dname_equal(qi->items[k].owner, name))
			continue;
		for (i = 0; i < n_servers && v == NULL; i++) {
			size_t id = a->content[i * a->n_items + k];
			if (id != RRSET_NONE && id < a->rrsets.n)
				v = &a->rrsets.values[id];
		}
		for (r = 0; v != NULL && r < v->n && n < max; r++)
			if (server_addr_from_bytes(&out[n],
						   v->type == LDNS_RR_TYPE_A ? AF_INET : AF_INET6,
						   v->rdata[r].data, v->rdata[r].len, 53) == 0)
				n++;
		if (v == NULL)
			return SERVERS_NONE; /* no server answered: nothing to compare */
		asked = true;
	}
	return asked ? n : SERVERS_NONE; /* not asked: the name was not known in time */
}

size_t query_glue_diffs(const struct query_items *qi, const struct answers *a,
			const struct server_list *servers, int family, struct glue_diff *out,
			size_t max)
{
	struct server_addr zone[SERVERS_ADDRS_PER_NAME * 2];
	size_t i, n = 0, m;

	for (i = 0; i < servers->n && n < max; i++) {
		const struct server_host *h = &servers->hosts[i];
		if (h->name == NULL || h->n_glue == 0)
			continue;
		m = query_glue_zone_addrs(qi, a, servers->n_servers, h->name, zone,
					  sizeof zone / sizeof zone[0]);
		if (m != SERVERS_NONE && servers_glue_compare(h, zone, m, family, &out[n]))
			n++;
	}
	return n;
}
