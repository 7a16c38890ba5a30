/* soa_query.c - query every address for the SOA (and apex NS) at once and record observations. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dname.h"
#include "soa_query.h"
#include "trace.h"
#include "wire.h"

/* Append a zeroed observation to ROUND; NULL on ENOMEM. */
static struct observation *soa_round_new_obs(struct soa_round *round)
{
	struct observation *o;

	if (round->n == round->cap) {
		size_t cap = round->cap ? round->cap * 2 : 16;
		struct observation *grown = realloc(round->obs, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		round->obs = grown;
		round->cap = cap;
	}
	o = &round->obs[round->n++];
	memset(o, 0, sizeof *o);
	o->rcode = -1;
	return o;
}

void soa_round_free(struct soa_round *round)
{
	size_t i;

	for (i = 0; i < round->n_child_ns; i++)
		ldns_rdf_deep_free(round->child_ns[i]);
	free(round->obs);
	memset(round, 0, sizeof *round);
}

/* An order-independent digest of a set of NS names (FNV-1a of each, lower-cased, summed). */
static uint64_t soa_ns_digest(ldns_rdf *const *names, size_t n)
{
	uint64_t sum = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const uint8_t *d = ldns_rdf_data(names[i]);
		uint64_t h = 1469598103934665603ULL;
		for (j = 0; j < ldns_rdf_size(names[i]); j++) {
			uint8_t c = d[j];
			h ^= (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
			h *= 1099511628211ULL;
		}
		sum += h;
	}
	return sum;
}

/* Take an authoritative apex NS answer: note it in OBS and merge it into ROUND. */
static void soa_take_ns(const struct probe *p, const ldns_rdf *zone, struct observation *obs,
			struct soa_round *round)
{
	ldns_rdf *names[DISCOVER_NAMES_SEEN_MAX];
	size_t i, j, n;

	if (!p->done || !ldns_pkt_aa(p->reply) ||
	    ldns_pkt_get_rcode(p->reply) != LDNS_RCODE_NOERROR)
		return;
	n = lookup_ns_names(ldns_pkt_answer(p->reply), zone, names, DISCOVER_NAMES_SEEN_MAX);
	if (n == 0)
		return;
	obs->ns_answered = true;
	obs->ns_count = (unsigned)n;
	obs->ns_digest = soa_ns_digest(names, n);
	round->child_ns_known = true;
	for (i = 0; i < n; i++) {
		bool seen = false;
		for (j = 0; j < round->n_child_ns && !seen; j++)
			seen = dname_equal(round->child_ns[j], names[i]);
		if (!seen && round->n_child_ns < DISCOVER_NAMES_SEEN_MAX)
			round->child_ns[round->n_child_ns++] = names[i];
		else
			ldns_rdf_deep_free(names[i]);
	}
}

/* Record what probe P (the SOA query) observed into O. */
static void soa_observe(const struct probe *p, const ldns_rdf *zone, struct observation *o)
{
	char why[OBS_ERROR_MAX];

	o->transport = p->done ? p->transport : TRANSPORT_NONE;
	o->tc_seen = p->tc_seen;
	o->udp_sends = p->udp_sends;
	o->invalid_replies = p->invalid_replies;
	o->rtt_us = p->rtt_us;
	if (p->done) {
		wire_classify_soa(p->reply, zone, o);
		return;
	}
	probe_failure_text(p, why, sizeof why);
	snprintf(o->error, sizeof o->error, "%s", why);
	if (p->invalid_replies > 0 &&
	    (p->unreach == UNREACH_NONE || p->unreach == UNREACH_TIMEOUT)) {
		o->outcome = OUTCOME_INVALID;
	} else {
		o->outcome = OUTCOME_UNREACHABLE;
		o->unreach = p->unreach;
		o->sys_errno = p->sys_errno;
	}
}

/* Start an observation for host H (and address A, or none). Returns its index or -1. */
static long soa_begin_obs(struct soa_round *round, const struct ns_host *h, size_t host,
			  const struct server_addr *a)
{
	struct observation *o = soa_round_new_obs(round);

	if (o == NULL)
		return -1;
	snprintf(o->ns_name, sizeof o->ns_name, "%s", h->name != NULL ? h->display : "");
	o->origin = h->origin;
	o->host = host;
	if (a != NULL) {
		o->addr = *a;
	} else {
		o->outcome = OUTCOME_NO_ADDRESS;
		snprintf(o->error, sizeof o->error, "%s", h->error);
	}
	return (long)(round->n - 1);
}

size_t soa_query_probe_count(const struct ns_list *hosts, const struct soa_query_opts *o)
{
	size_t i, n = 0;

	for (i = 0; i < hosts->n; i++)
		if (!hosts->hosts[i].queried)
			n += hosts->hosts[i].n_addrs;
	if (n > SOA_ADDRS_MAX)
		n = SOA_ADDRS_MAX;
	return n * (o->ask_ns ? 2 : 1);
}

/* Plan the probes of address A at slot K. */
static void soa_plan_address(const ldns_rdf *zone, const struct soa_query_opts *o,
			     const struct server_addr *a, struct probe *probes, size_t k)
{
	const struct wire_query_opts qo = {.rd = false, .edns = true, .nsid = o->nsid};
	const struct wire_query_opts nso = {.rd = false, .edns = true, .nsid = false};
	const struct wire_question soa_q = {zone, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN};
	const struct wire_question ns_q = {zone, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN};
	size_t per = o->ask_ns ? 2 : 1;

	probe_init(&probes[k * per], a, &soa_q, &qo, o->tcp_only);
	if (o->ask_ns)
		probe_init(&probes[k * per + 1], a, &ns_q, &nso, o->tcp_only);
}

size_t soa_query_plan(const ldns_rdf *zone, const struct soa_query_opts *o, struct ns_list *hosts,
		      struct soa_round *round, struct probe *probes, long *index)
{
	size_t room = round->n < SOA_ADDRS_MAX ? SOA_ADDRS_MAX - round->n : 0, i, j, k = 0;

	for (i = 0; i < hosts->n; i++) {
		struct ns_host *h = &hosts->hosts[i];
		if (h->queried || (ns_host_is_hint_only(h) && !h->resolved))
			continue; /* done already, or a hint whose lookups were not all waited for
				   */
		h->queried = true;
		if (h->n_addrs == 0)
			soa_begin_obs(round, h, i, NULL);
		for (j = 0; j < h->n_addrs; j++) {
			if (k >= room) {
				round->dropped++;
				continue;
			}
			index[k] = soa_begin_obs(round, h, i, &h->addrs[j]);
			if (index[k] < 0)
				continue;
			soa_plan_address(zone, o, &h->addrs[j], probes, k++);
		}
	}
	trace(1, "asking %zu address(es) for the SOA of the zone", k);
	return k;
}

void soa_query_collect(const ldns_rdf *zone, const struct soa_query_opts *o,
		       struct soa_round *round, struct probe *probes, const long *index, size_t k)
{
	size_t i, j, per = o->ask_ns ? 2 : 1;

	for (i = 0; i < k; i++) {
		struct observation *obs = &round->obs[index[i]];
		soa_observe(&probes[i * per], zone, obs);
		trace(2, "%s %s: outcome %d, rcode %d, serial %u, %u UDP send(s), %s, %u us%s%s",
		      obs->ns_name, obs->addr.text, (int)obs->outcome, obs->rcode,
		      obs->has_soa ? obs->soa.serial : 0, obs->udp_sends,
		      obs->transport == TRANSPORT_TCP ? "TCP" : "UDP", obs->rtt_us,
		      obs->error[0] ? ": " : "", obs->error);
		if (o->ask_ns)
			soa_take_ns(&probes[i * per + 1], zone, obs, round);
		for (j = 0; j < per; j++)
			probe_clear(&probes[i * per + j]);
	}
}
