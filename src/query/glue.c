/* glue.c - the glue check: which names to ask about, and what differs from the parent's glue. */
#include "config.h"

#include <stdio.h>
#include <string.h>
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

/* Whether glue item K got a usable answer from one of the N_SERVERS servers of A. */
static bool query_glue_item_answered(const struct answers *a, size_t n_servers, size_t k)
{
	size_t i, id;

	for (i = 0; i < n_servers; i++) {
		id = a->content[i * a->n_items + k];
		if (id != RRSET_NONE && id < a->rrsets.n)
			return true;
	}
	return false;
}

/* Note in U that server I failed item K (type TYPE; 0: every item of the name) with WHY. */
static void query_glue_note(struct glue_unanswered *u, size_t i, uint16_t type,
			    const struct answer_fail *why)
{
	if (u->n_asked < GLUE_ASKED_MAX)
		u->asked[u->n_asked] = (struct glue_asked){i, type, *why};
	u->n_asked++;
}

/* Fill U with who left NAME's failing glue items (FAIL[0..n_fail), of the name's N_ALL
 * items) without a usable answer: one entry per server when it failed them all alike.
 * Returns true when one of them answered the SOA (a failure its own line does not say). */
static bool query_glue_who(const struct query_items *qi, const struct answers *a, size_t n_servers,
			   const size_t *fail, size_t n_fail, size_t n_all,
			   struct glue_unanswered *u)
{
	size_t i, f, before;
	bool news = false;

	for (i = 0; i < n_servers; i++) {
		const struct answer_fail *cell = &a->content_fail[i * a->n_items];
		bool alike = n_fail == n_all;
		before = u->n_asked;
		for (f = 0; f < n_fail; f++)
			alike = alike && cell[fail[f]].why != ANSWER_OK &&
				cell[fail[f]].why == cell[fail[0]].why &&
				cell[fail[f]].detail == cell[fail[0]].detail;
		if (alike)
			query_glue_note(u, i, 0, &cell[fail[0]]);
		for (f = 0; !alike && f < n_fail; f++)
			if (cell[fail[f]].why != ANSWER_OK)
				query_glue_note(u, i, (uint16_t)qi->items[fail[f]].type,
						&cell[fail[f]]);
		news = news || (u->n_asked > before && a->obs[i].outcome == OUTCOME_ANSWERED);
	}
	return news;
}

/* Fill U for host H when one of its glue items got no usable answer from any
 * server asked, one of which answered the SOA. Returns false when its glue was
 * compared, never asked about, or asked only of servers that failed the SOA too
 * (unreachable, lame: their own findings say so, as for the other questions). */
static bool query_glue_unanswered_one(const struct query_items *qi, const struct answers *a,
				      size_t n_servers, const struct server_host *h,
				      struct glue_unanswered *u)
{
	size_t k, fail[2], n_fail = 0, n_all = 0;

	for (k = qi->n_compare; k < qi->n && k < a->n_items; k++) {
		if (!dname_equal(qi->items[k].owner, h->name))
			continue;
		n_all++;
		if (!query_glue_item_answered(a, n_servers, k) && n_fail < 2)
			fail[n_fail++] = k;
	}
	if (n_fail == 0)
		return false;
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", h->display);
	return query_glue_who(qi, a, n_servers, fail, n_fail, n_all, u);
}

size_t query_glue_unanswered(const struct query_items *qi, const struct answers *a,
			     const struct server_list *servers, struct glue_unanswered *out,
			     size_t max)
{
	struct glue_unanswered scratch;
	size_t i, n = 0;

	for (i = 0; i < servers->n; i++) {
		const struct server_host *h = &servers->hosts[i];
		if (h->name == NULL || h->n_glue == 0)
			continue;
		if (query_glue_unanswered_one(qi, a, servers->n_servers, h,
					      n < max ? &out[n] : &scratch))
			n++;
	}
	return n;
}
