/* lookup.c - resolver batches with fallback, and address resolution of NS names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "net/clock.h"
#include "core/dname.h"
#include "servers/lookup.h"
#include "core/trace.h"

/* Send the still-unanswered lookups to RESOLVER; keep the replies. Returns
 * false when a probe ran out of memory (the round is incomplete). */
static bool lookup_round(const struct net_ctx *net, const struct server_addr *resolver,
			 int64_t deadline, struct lookup *lookups, size_t n, struct probe *probes,
			 size_t *which)
{
	static const struct wire_query_opts opts = {.rd = true, .edns = true, .nsid = false};
	static const struct wire_query_opts opts_do = {.rd = true, .edns = true, .dnssec_ok = true};
	size_t i, m = 0;
	bool required = false, ok = true;

	for (i = 0; i < n; i++) {
		if (lookups[i].reply != NULL)
			continue;
		probe_init(&probes[m], resolver, &lookups[i].q,
			   lookups[i].dnssec_ok ? &opts_do : &opts, false);
		probes[m].optional = lookups[i].optional;
		required = required || !lookups[i].optional;
		which[m++] = i;
	}
	if (m == 0 || !required) /* speculative questions alone are not worth a wait */
		return true;
	trace(2, "asking resolver %s %zu question(s)", resolver->text, m);
	probe_run(probes, m, &net->timing, deadline);
	if (net->tally != NULL)
		plan_tally_probes(net->tally, probes, m, NULL);
	for (i = 0; i < m; i++) {
		struct lookup *l = &lookups[which[i]];
		char why[OBS_ERROR_MAX];
		if (probe_out_of_memory(&probes[i]))
			ok = false;
		if (probes[i].done) {
			l->reply = probes[i].reply;
			probes[i].reply = NULL;
		} else {
			/* every resolver tried is named: "resolver A: timeout, resolver B#5353:
			 * ..." */
			size_t used = strlen(l->error);
			uint16_t port = server_addr_port(resolver);
			char where[OBS_ADDR_MAX + 8];
			if (port == 53)
				snprintf(where, sizeof where, "%s", resolver->text);
			else
				snprintf(where, sizeof where, "%s#%u", resolver->text,
					 (unsigned)port);
			snprintf(l->error + used, sizeof l->error - used, "%sresolver %s: %s",
				 used > 0 ? ", " : "", where,
				 probe_failure_text(&probes[i], why, sizeof why));
		}
		probe_clear(&probes[i]);
	}
	return ok;
}

/* The deadline for one of LEFT resolvers still to try: an equal share of
 * what remains, so that a dead first resolver cannot spend a short -t alone. */
static int64_t lookup_share(int64_t deadline, size_t left)
{
	int64_t now = clock_now_us();

	if (left <= 1 || deadline <= now)
		return deadline;
	return now + (deadline - now) / (int64_t)left;
}

size_t lookup_run(const struct net_ctx *net, struct lookup *lookups, size_t n)
{
	struct probe *probes = calloc(n ? n : 1, sizeof *probes);
	size_t *which = calloc(n ? n : 1, sizeof *which);
	size_t r, i, answered = 0;
	bool ok = probes != NULL && which != NULL;

	for (r = 0; ok && r < net->n_resolvers && clock_now_us() < net->deadline_us; r++)
		ok = lookup_round(net, &net->resolvers[r],
				  lookup_share(net->deadline_us, net->n_resolvers - r), lookups, n,
				  probes, which);
	free(probes);
	free(which);
	if (!ok) {
		for (i = 0; i < n; i++)
			if (lookups[i].reply == NULL)
				snprintf(lookups[i].error, sizeof lookups[i].error,
					 "out of memory");
		return LOOKUP_NOMEM;
	}
	for (i = 0; i < n; i++) {
		if (lookups[i].reply != NULL)
			answered++;
		else if (lookups[i].error[0] == '\0')
			snprintf(lookups[i].error, sizeof lookups[i].error,
				 "no resolver asked: time budget spent");
	}
	return answered;
}

void lookup_clear(struct lookup *lookups, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ldns_pkt_free(lookups[i].reply);
		lookups[i].reply = NULL;
	}
}

size_t lookup_ns_names(const ldns_rr_list *section, const ldns_rdf *zone, ldns_rdf **out,
		       size_t max, bool *nomem)
{
	size_t i, j, count = 0;

	for (i = 0; section != NULL && i < ldns_rr_list_rr_count(section); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(section, i);
		const ldns_rdf *target;
		bool seen = false;
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS || ldns_rr_rd_count(rr) != 1 ||
		    !dname_equal(ldns_rr_owner(rr), zone))
			continue;
		target = ldns_rr_rdf(rr, 0);
		if (ldns_rdf_get_type(target) != LDNS_RDF_TYPE_DNAME)
			continue;
		for (j = 0; j < count && !seen; j++)
			seen = dname_equal(out[j], target);
		if (seen || count >= max)
			continue;
		out[count] = ldns_rdf_clone(target);
		if (out[count] != NULL)
			count++;
		else
			*nomem = true;
	}
	return count;
}

/* True when the address record at index I of ANSWER repeats an earlier one. */
static bool lookup_address_repeated(const ldns_rr_list *answer, size_t i)
{
	const ldns_rr *rr = ldns_rr_list_rr(answer, i);
	size_t j;

	for (j = 0; j < i; j++) {
		const ldns_rr *other = ldns_rr_list_rr(answer, j);
		if (ldns_rr_get_type(other) == ldns_rr_get_type(rr) &&
		    ldns_rr_rd_count(other) == 1 &&
		    ldns_rdf_compare(ldns_rr_rdf(other, 0), ldns_rr_rdf(rr, 0)) == 0)
			return true;
	}
	return false;
}

/* Which host of which list a lookup is for, and the port of the addresses it finds. */
struct lookup_owner {
	struct server_list *list;
	size_t host;
	uint16_t port;
};

/* Add the A or AAAA records of REPLY's answer to O's host (deduplicated, capped at
 * SERVERS_ADDRS_PER_NAME; each distinct address past the cap is counted once). */
static void lookup_take_addresses(const ldns_pkt *reply, const struct lookup_owner *o)
{
	const ldns_rr_list *answer = ldns_pkt_answer(reply);
	size_t i;

	for (i = 0; answer != NULL && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		ldns_rr_type t = ldns_rr_get_type(rr);
		struct server_addr a;
		const ldns_rdf *rd;
		if ((t != LDNS_RR_TYPE_A && t != LDNS_RR_TYPE_AAAA) || ldns_rr_rd_count(rr) != 1)
			continue;
		rd = ldns_rr_rdf(rr, 0);
		if (server_addr_from_bytes(&a, t == LDNS_RR_TYPE_A ? AF_INET : AF_INET6,
					   ldns_rdf_data(rd), ldns_rdf_size(rd), o->port) != 0)
			continue;
		servers_add_addr(o->list, o->host, &a, lookup_address_repeated(answer, i));
	}
}

/* Explain why host H of LIST got no address from the lookups it owns. */
static void lookup_explain_none(struct server_list *list, size_t h, const struct lookup *l,
				const struct lookup_owner *owner, size_t m)
{
	char why[OBS_ERROR_MAX];
	size_t j;

	snprintf(why, sizeof why, "no A/AAAA record");
	for (j = 0; j < m; j++) {
		int rcode;
		if (owner[j].list != list || owner[j].host != h)
			continue;
		if (l[j].reply == NULL) {
			snprintf(why, sizeof why, "lookup failed (%.140s)", l[j].error);
			break;
		}
		rcode = (int)ldns_pkt_get_rcode(l[j].reply);
		if (rcode != LDNS_RCODE_NOERROR)
			snprintf(why, sizeof why, "lookup answered %s", obs_rcode_name(rcode));
	}
	servers_set_error(list, h, why);
}

/* The record types to ask for under FAMILY, in order. Returns how many. */
static size_t lookup_types(int family, ldns_rr_type *types)
{
	size_t n = 0;

	if (family != AF_INET6)
		types[n++] = LDNS_RR_TYPE_A;
	if (family != AF_INET)
		types[n++] = LDNS_RR_TYPE_AAAA;
	return n;
}

/* Questions for the hosts of B not resolved yet; fills L and OWNER. Returns the count. */
static size_t lookup_plan(const struct host_batch *b, size_t nb, const ldns_rr_type *types,
			  size_t per, struct lookup *l, struct lookup_owner *owner)
{
	size_t i, j, k, m = 0;

	for (i = 0; i < nb; i++)
		for (j = 0; j < b[i].list->n; j++) {
			const struct server_host *h = &b[i].list->hosts[j];
			if (h->name == NULL || h->resolved || h->queried)
				continue;
			for (k = 0; k < per; k++, m++) {
				l[m].q =
				    (struct wire_question){h->name, types[k], LDNS_RR_CLASS_IN};
				l[m].optional = server_host_is_hint_only(h);
				owner[m] = (struct lookup_owner){b[i].list, j, b[i].port};
			}
			servers_lookup_begin(b[i].list, j);
		}
	return m;
}

/* After the lookups: note unanswered ones, explain names left without address. */
static void lookup_conclude(const struct host_batch *b, size_t nb, const struct lookup *l,
			    const struct lookup_owner *owner, size_t m)
{
	size_t i, j, k;

	for (j = 0; j < m; j++)
		if (l[j].reply == NULL)
			servers_lookup_unanswered(owner[j].list, owner[j].host);
	for (i = 0; i < nb; i++)
		for (j = 0; j < b[i].list->n; j++) {
			const struct server_host *h = &b[i].list->hosts[j];
			for (k = 0; k < h->n_addrs; k++)
				trace(2, "%s has address %s", h->display, h->addrs[k].text);
			if (h->name == NULL || h->n_addrs > 0 ||
			    (server_host_is_hint_only(h) && !h->resolved))
				continue;
			lookup_explain_none(b[i].list, j, l, owner, m);
			trace(1, "%s: no address: %s", h->display, h->error);
		}
}

bool lookup_addresses_batch(const struct net_ctx *net, const struct host_batch *b, size_t nb)
{
	bool ok = false;
	ldns_rr_type types[2];
	size_t per = lookup_types(net->family, types), total = 0, i, j, m;
	struct lookup *l;
	struct lookup_owner *owner;

	for (i = 0; i < nb; i++)
		total += b[i].list->n;
	l = calloc(total * per + 1, sizeof *l);
	owner = calloc(total * per + 1, sizeof *owner);
	if (l != NULL && owner != NULL) {
		m = lookup_plan(b, nb, types, per, l, owner);
		ok = lookup_run(net, l, m) != LOOKUP_NOMEM;
		for (j = 0; j < m; j++)
			if (l[j].reply != NULL &&
			    ldns_pkt_get_rcode(l[j].reply) == LDNS_RCODE_NOERROR)
				lookup_take_addresses(l[j].reply, &owner[j]);
		lookup_conclude(b, nb, l, owner, m);
		lookup_clear(l, m);
	}
	free(l);
	free(owner);
	return ok;
}

bool lookup_addresses(const struct net_ctx *net, struct server_list *list)
{
	struct host_batch b = {list, net->ns_port};

	return lookup_addresses_batch(net, &b, 1);
}
