/* query.c - plan every server's questions for a round and read what each server answered. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dname.h"
#include "servers/lookup.h"
#include "query/query.h"
#include "core/trace.h"
#include "net/wire.h"

/* Give every server of A N_ITEMS content columns (more than before): the new
 * ones are RRSET_NONE. Returns false on ENOMEM. */
static bool answers_widen(struct answers *a, size_t n_items)
{
	size_t *content = calloc(a->cap * n_items + 1, sizeof *content);
	struct answer_fail *fail = calloc(a->cap * n_items + 1, sizeof *fail);
	size_t i, k;

	if (content == NULL || fail == NULL) {
		free(content);
		free(fail);
		a->failed = true;
		return false;
	}
	for (i = 0; i < a->cap; i++)
		for (k = 0; k < n_items; k++) {
			bool old = k < a->n_items && i < a->n;
			content[i * n_items + k] =
			    old ? a->content[i * a->n_items + k] : RRSET_NONE;
			if (old)
				fail[i * n_items + k] = a->content_fail[i * a->n_items + k];
		}
	free(a->content);
	free(a->content_fail);
	a->content = content;
	a->content_fail = fail;
	a->n_items = n_items;
	return true;
}

/* Make room in A for N servers; new entries are fresh. Returns false on ENOMEM. */
static bool answers_reserve(struct answers *a, size_t n, size_t n_items)
{
	size_t i, k, cap = a->cap ? a->cap : 16;
	struct observation *obs;
	size_t *content;
	struct answer_fail *fail;

	if (a->cap > 0 && n_items != a->n_items && !answers_widen(a, n_items))
		return false;
	a->n_items = n_items;
	while (cap < n)
		cap *= 2;
	if (cap != a->cap) {
		obs = realloc(a->obs, cap * sizeof *obs);
		if (obs != NULL)
			a->obs = obs;
		content =
		    obs != NULL ? realloc(a->content, (cap * n_items + 1) * sizeof *content) : NULL;
		if (content != NULL)
			a->content = content;
		fail = content != NULL
			   ? realloc(a->content_fail, (cap * n_items + 1) * sizeof *fail)
			   : NULL;
		if (fail == NULL) {
			a->failed = true;
			return false;
		}
		a->content_fail = fail;
		a->cap = cap;
	}
	for (i = a->n; i < n; i++) {
		memset(&a->obs[i], 0, sizeof a->obs[i]);
		a->obs[i].rcode = -1;
		a->obs[i].ns_value = RRSET_NONE;
		for (k = 0; k < n_items; k++) {
			a->content[i * n_items + k] = RRSET_NONE;
			a->content_fail[i * n_items + k] = (struct answer_fail){ANSWER_OK, 0};
		}
	}
	a->n = n;
	return true;
}

static const struct wire_query_opts query_plain = {
    .rd = false, .edns = true, .nsid = false, .skip_additional = true, .skip_authority = true};

/* The purpose whose answer also carries compared item K of O (the zone's SOA,
 * or its NS set when that is asked anyway), or PLAN_PURPOSES when K needs a
 * question of its own. */
static enum plan_purpose query_item_shared(const struct query_opts *o, const ldns_rdf *zone,
					   size_t k)
{
	const struct query_item *it = &o->items[k];

	if (it->sampled || !dname_equal(it->owner, zone))
		return PLAN_PURPOSES;
	if (it->type == LDNS_RR_TYPE_SOA)
		return PLAN_SOA;
	if (it->type == LDNS_RR_TYPE_NS && o->ask_ns)
		return PLAN_APEX_NS;
	return PLAN_PURPOSES;
}

/* Add the rows of server S (index I) to PLAN. */
static bool query_plan_server(struct plan *plan, const ldns_rdf *zone, const struct query_opts *o,
			      const struct server *s, size_t i)
{
	const struct wire_query_opts soa_opts = {.rd = false,
						 .edns = true,
						 .nsid = o->nsid,
						 .dnssec_ok = o->dnssec,
						 .skip_additional = true,
						 .skip_authority_aa = true};
	const enum transport tr = o->tcp_only ? TRANSPORT_TCP : TRANSPORT_UDP;
	struct wire_question q = {zone, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN};
	struct plan_row row = {PLAN_SOA, i, 0, tr};
	size_t k;

	if (!plan_add(plan, &row, &s->addr, &q, &soa_opts))
		return false;
	if (o->both && !o->tcp_only) {
		row.purpose = PLAN_SOA_TCP;
		row.transport = TRANSPORT_TCP;
		if (!plan_add(plan, &row, &s->addr, &q, &soa_opts))
			return false;
		row.transport = tr;
	}
	if (o->dnssec && !dnssec_plan_server(plan, zone, s, i, tr))
		return false;
	if (o->dnssec && o->dnssec_cds && !dnssec_plan_cds(plan, zone, s, i, tr))
		return false;
	if (o->ask_ns) {
		row.purpose = PLAN_APEX_NS;
		q.qtype = LDNS_RR_TYPE_NS;
		if (!plan_add(plan, &row, &s->addr, &q, &query_plain))
			return false;
	}
	row.purpose = PLAN_CONTENT;
	for (k = 0; k < o->n_items; k++) {
		if (o->items[k].sampled || query_item_shared(o, zone, k) != PLAN_PURPOSES)
			continue;
		row.item = k;
		q.qname = o->items[k].owner;
		q.qtype = o->items[k].type;
		if (!plan_add(plan, &row, &s->addr, &q, &query_plain))
			return false;
	}
	return true;
}

/* The server to ask when CAND[POS] gives no usable answer: one of another NS
 * name, half the candidates on (or the next one); SERVERS_NONE without one. */
static size_t query_fallback_server(const struct server_list *servers, const size_t *cand, size_t m,
				    size_t pos)
{
	size_t step, j;

	for (step = 0; step + 1 < m; step++) {
		j = cand[(pos + m / 2 + step) % m];
		if (j != cand[pos] && servers->servers[j].host != servers->servers[cand[pos]].host)
			return j;
	}
	return m > 1 ? cand[(pos + 1) % m] : SERVERS_NONE;
}

/* Add one glue row: item K to server TARGET; a deferred fallback row when DEFERRED. */
static bool query_plan_glue_row(struct plan *plan, const struct query_opts *o,
				const struct server_list *servers, size_t k, size_t target,
				bool deferred)
{
	struct plan_row row = {PLAN_GLUE, target, k, o->tcp_only ? TRANSPORT_TCP : TRANSPORT_UDP};
	struct wire_question q = {o->items[k].owner, o->items[k].type, LDNS_RR_CLASS_IN};
	struct probe *p;

	if (!plan_add(plan, &row, &servers->servers[target].addr, &q, &query_plain))
		return false;
	p = &plan->probes[plan->n - 1];
	p->optional = true; /* a glue check is no reason to wait: a server that drops the
			       question must not hold the round until its give-up */
	p->need_aa = true;
	p->deferred = deferred;
	if (deferred)
		plan->probes[plan->n - 2].fallback = plan->n;
	return true;
}

/* Ask the sampled items added since the last round of one server each (the
 * A and AAAA of a name of the same one), the names spread over the new
 * servers [FIRST, ...) and those that answered before. */
static bool query_plan_sampled(struct plan *plan, struct answers *a, const struct query_opts *o,
			       const struct server_list *servers, size_t first)
{
	size_t *cand = malloc((servers->n_servers + 1) * sizeof *cand);
	size_t i, k, m = 0, names = 0, pick = 0, fb = SERVERS_NONE;

	if (cand == NULL) {
		a->failed = true;
		return false;
	}
	for (i = 0; i < servers->n_servers; i++)
		if (servers->servers[i].has_addr &&
		    (i >= first || a->obs[i].outcome == OUTCOME_ANSWERED))
			cand[m++] = i;
	for (k = a->items_planned; k < o->n_items && m > 0; k++) {
		if (!o->items[k].sampled)
			continue;
		if (names == 0 || !dname_equal(o->items[k].owner, o->items[k - 1].owner)) {
			pick = cand[names % m];
			fb = query_fallback_server(servers, cand, m, names % m);
			names++;
		}
		if (!query_plan_glue_row(plan, o, servers, k, pick, false) ||
		    (fb != SERVERS_NONE && !query_plan_glue_row(plan, o, servers, k, fb, true))) {
			free(cand);
			return false;
		}
	}
	if (m > 0)
		a->items_planned = o->n_items;
	free(cand);
	return true;
}

bool query_plan(struct plan *plan, struct answers *a, const ldns_rdf *zone,
		const struct query_opts *o, const struct server_list *servers, size_t first)
{
	size_t i, asked = 0;

	if (!answers_reserve(a, servers->n_servers, o->n_items))
		return false;
	for (i = first; i < servers->n_servers; i++) {
		const struct server *s = &servers->servers[i];
		if (!s->has_addr) {
			a->obs[i].outcome = OUTCOME_NO_ADDRESS;
			snprintf(a->obs[i].error, sizeof a->obs[i].error, "%s",
				 servers->hosts[s->host].error);
			continue;
		}
		if (!query_plan_server(plan, zone, o, s, i))
			return false;
		asked++;
	}
	trace(1, "asking %zu address(es) for the SOA of the zone", asked);
	return query_plan_sampled(plan, a, o, servers, first);
}

/* Record what probe P (the SOA query) observed into O. */
static void query_observe(const struct probe *p, const ldns_rdf *zone, struct observation *o)
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

/* Record what the TCP probe P of the same SOA question found into T. */
static void query_observe_tcp(const struct probe *p, const ldns_rdf *zone,
			      struct transport_check *t)
{
	struct observation o;

	memset(&o, 0, sizeof o);
	o.rcode = -1;
	query_observe(p, zone, &o);
	t->asked = true;
	t->outcome = o.outcome;
	t->has_soa = o.has_soa;
	t->serial = o.soa.serial;
	snprintf(t->error, sizeof t->error, "%s", o.outcome == OUTCOME_ANSWERED ? "" : o.error);
}

/* --transport=both: a server that answers over one transport and not the
 * other, or differently, is a failed server whose error names the transport. */
static void query_merge_transports(struct observation *o)
{
	const struct transport_check *t = &o->tcp_check;
	char why[OBS_ERROR_MAX];

	if (!t->asked)
		return;
	if (o->outcome == OUTCOME_ANSWERED && t->outcome != OUTCOME_ANSWERED) {
		o->outcome = t->outcome == OUTCOME_NO_ADDRESS ? OUTCOME_UNREACHABLE : t->outcome;
		snprintf(why, sizeof why, "over TCP: %.140s", t->error);
	} else if (o->outcome != OUTCOME_ANSWERED && o->outcome != OUTCOME_NO_ADDRESS &&
		   t->outcome == OUTCOME_ANSWERED) {
		snprintf(why, sizeof why, "over UDP: %.120s, TCP answers", o->error);
	} else if (o->outcome == OUTCOME_ANSWERED && t->serial != o->soa.serial) {
		o->outcome = OUTCOME_INVALID;
		snprintf(why, sizeof why, "serial %u over TCP, %u over UDP", t->serial,
			 o->soa.serial);
	} else {
		return;
	}
	snprintf(o->error, sizeof o->error, "%s", why);
}

/* Why probe P, which got no valid reply, failed. */
static struct answer_fail query_probe_fail(const struct probe *p)
{
	if (p->invalid_replies > 0 && (p->unreach == UNREACH_NONE || p->unreach == UNREACH_TIMEOUT))
		return (struct answer_fail){ANSWER_INVALID, 0};
	return (struct answer_fail){ANSWER_UNREACHABLE, (uint8_t)p->unreach};
}

/* The value of the answer of probe P for (OWNER, TYPE) in A's table, or
 * RRSET_NONE with *WHY set. */
static size_t query_take_value(struct answers *a, const struct probe *p, const ldns_rdf *owner,
			       ldns_rr_type type, struct answer_fail *why)
{
	if (p->deferred && p->st.asked_us == 0) {
		*why = (struct answer_fail){ANSWER_OK, 0}; /* a fallback never needed: not asked */
		return RRSET_NONE;
	}
	if (!p->done) {
		*why = query_probe_fail(p);
		return RRSET_NONE;
	}
	return rrset_table_take(&a->rrsets, p->reply, owner, type, why);
}

/* Take an apex NS answer: keep its value (or why there is none) for server I
 * and merge its names into the zone's own NS set. */
static void query_take_ns(struct answers *a, const struct probe *p, const ldns_rdf *zone, size_t i)
{
	ldns_rdf *names[SERVERS_NAMES_SEEN_MAX];
	struct answer_fail *why = &a->obs[i].ns_fail;
	size_t j, k, n;

	a->obs[i].ns_value = query_take_value(a, p, zone, LDNS_RR_TYPE_NS, why);
	if (a->obs[i].ns_value == RRSET_NONE)
		return;
	if (ldns_pkt_get_rcode(p->reply) != LDNS_RCODE_NOERROR ||
	    a->rrsets.values[a->obs[i].ns_value].n == 0) {
		a->obs[i].ns_value = RRSET_NONE; /* the apex has NS records: none is a failure */
		*why = (struct answer_fail){ANSWER_NO_NS, 0};
		return;
	}
	n = lookup_ns_names(ldns_pkt_answer(p->reply), zone, names, SERVERS_NAMES_SEEN_MAX,
			    &a->failed);
	a->child_ns_known = true;
	for (j = 0; j < n; j++) {
		bool seen = false;
		for (k = 0; k < a->n_child_ns && !seen; k++)
			seen = dname_equal(a->child_ns[k], names[j]);
		if (!seen && a->n_child_ns < SERVERS_NAMES_SEEN_MAX)
			a->child_ns[a->n_child_ns++] = names[j];
		else
			ldns_rdf_deep_free(names[j]);
	}
}

/* The compared items of O that the answer of probe P to ROW (its SOA or NS)
 * carries, or why it carries none. */
static void query_take_shared(struct answers *a, const ldns_rdf *zone, const struct query_opts *o,
			      const struct plan_row *row, const struct probe *p)
{
	size_t k, cell;

	for (k = 0; k < o->n_items && k < a->n_items; k++)
		if (query_item_shared(o, zone, k) == row->purpose) {
			cell = row->target * a->n_items + k;
			a->content[cell] = query_take_value(
			    a, p, o->items[k].owner, o->items[k].type, &a->content_fail[cell]);
		}
}

void query_collect(struct answers *a, const ldns_rdf *zone, const struct query_opts *o,
		   const struct plan *plan)
{
	size_t r;

	for (r = 0; r < plan->n; r++) {
		const struct plan_row *row = &plan->rows[r];
		const struct probe *p = &plan->probes[r];
		struct observation *obs;
		if (row->purpose == PLAN_DELEGATION || row->purpose == PLAN_DS ||
		    row->purpose == PLAN_DNSKEY || row->purpose == PLAN_CDS || row->target >= a->n)
			continue;
		obs = &a->obs[row->target];
		if (row->purpose == PLAN_SOA || row->purpose == PLAN_APEX_NS)
			query_take_shared(a, zone, o, row, p);
		if (row->purpose == PLAN_SOA) {
			query_observe(p, zone, obs);
			trace(2,
			      "%s: outcome %d, rcode %d, serial %u, %u UDP send(s), %s, %u us%s%s",
			      p->addr.text, (int)obs->outcome, obs->rcode,
			      obs->has_soa ? obs->soa.serial : 0, obs->udp_sends,
			      obs->transport == TRANSPORT_TCP ? "TCP" : "UDP", obs->rtt_us,
			      obs->error[0] ? ": " : "", obs->error);
		} else if (row->purpose == PLAN_SOA_TCP) {
			query_observe_tcp(p, zone, &obs->tcp_check);
		} else if (row->purpose == PLAN_APEX_NS) {
			query_take_ns(a, p, zone, row->target);
		} else if ((row->purpose == PLAN_CONTENT || row->purpose == PLAN_GLUE) &&
			   row->item < o->n_items) {
			size_t cell = row->target * a->n_items + row->item;
			a->content[cell] =
			    query_take_value(a, p, o->items[row->item].owner,
					     o->items[row->item].type, &a->content_fail[cell]);
		}
	}
	for (r = 0; r < plan->n; r++)
		if (plan->rows[r].purpose == PLAN_SOA_TCP && plan->rows[r].target < a->n)
			query_merge_transports(&a->obs[plan->rows[r].target]);
	if (o->dnssec)
		dnssec_collect(&a->dnssec, a->obs, a->n, zone, plan);
	if (o->dnssec && o->dnssec_cds)
		dnssec_collect_cds(&a->rrsets, a->obs, a->n, zone, plan);
	if (a->rrsets.failed || a->dnssec.failed)
		a->failed = true;
}

bool answers_reorder(struct answers *a, const size_t *map, size_t n_new)
{
	struct observation *obs = calloc(n_new + 1, sizeof *obs);
	size_t *content = calloc(n_new * a->n_items + 1, sizeof *content);
	struct answer_fail *fail = calloc(n_new * a->n_items + 1, sizeof *fail);
	size_t i;

	if (obs == NULL || content == NULL || fail == NULL) {
		free(obs);
		free(content);
		free(fail);
		a->failed = true;
		return false;
	}
	for (i = 0; i < a->n; i++) {
		if (map[i] == SERVERS_NONE || map[i] >= n_new)
			continue;
		obs[map[i]] = a->obs[i];
		if (a->n_items > 0) {
			memcpy(&content[map[i] * a->n_items], &a->content[i * a->n_items],
			       a->n_items * sizeof *content);
			memcpy(&fail[map[i] * a->n_items], &a->content_fail[i * a->n_items],
			       a->n_items * sizeof *fail);
		}
	}
	free(a->obs);
	free(a->content);
	free(a->content_fail);
	a->obs = obs;
	a->content = content;
	a->content_fail = fail;
	a->n = n_new;
	a->cap = n_new + 1;
	return true;
}

void answers_free(struct answers *a)
{
	size_t i;

	for (i = 0; i < a->n_child_ns; i++)
		ldns_rdf_deep_free(a->child_ns[i]);
	rrset_table_free(&a->rrsets);
	dnssec_answers_free(&a->dnssec);
	free(a->obs);
	free(a->content);
	free(a->content_fail);
	memset(a, 0, sizeof *a);
}
