/* dnssec_query.c - ask each server its apex DNSKEY and the parent its DS; read keys and RRSIGs and
 * verify the signatures against the keys the same address served (no clock: the judge has it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dname.h"
#include "core/trace.h"
#include "query/dnssec_keys.h"
#include "query/dnssec_query.h"
#include "query/dnssec_verify.h"
#include "query/rrset.h"

bool dnssec_plan_server(struct plan *plan, const ldns_rdf *zone, const struct server *s, size_t i,
			enum transport tr)
{
	const struct wire_query_opts opts = {.rd = false,
					     .edns = true,
					     .dnssec_ok = true,
					     .skip_additional = true,
					     .skip_authority = true};
	const struct wire_question q = {zone, LDNS_RR_TYPE_DNSKEY, LDNS_RR_CLASS_IN};
	const struct plan_row row = {PLAN_DNSKEY, i, 0, tr};

	return plan_add(plan, &row, &s->addr, &q, &opts);
}

bool dnssec_plan_cds(struct plan *plan, const ldns_rdf *zone, const struct server *s, size_t i,
		     enum transport tr)
{
	const struct wire_query_opts opts = {
	    .rd = false, .edns = true, .skip_additional = true, .skip_authority = true};
	struct wire_question q = {zone, LDNS_RR_TYPE_CDS, LDNS_RR_CLASS_IN};
	struct plan_row row = {PLAN_CDS, i, 0, tr};

	if (!plan_add(plan, &row, &s->addr, &q, &opts))
		return false;
	row.item = 1;
	q.qtype = LDNS_RR_TYPE_CDNSKEY;
	return plan_add(plan, &row, &s->addr, &q, &opts);
}

void dnssec_collect_cds(struct rrset_table *table, struct observation *obs, size_t n,
			const ldns_rdf *zone, const struct plan *plan)
{
	size_t r;

	for (r = 0; r < plan->n; r++) {
		const struct plan_row *row = &plan->rows[r];
		const struct probe *p = &plan->probes[r];
		struct dnssec_obs *o;
		struct answer_fail why;
		if (row->purpose != PLAN_CDS || row->target >= n || row->item > 1)
			continue;
		o = &obs[row->target].dnssec;
		o->cds_asked = true;
		o->cds[row->item] =
		    p->done
			? rrset_table_take(table, p->reply, zone,
					   row->item == 0 ? LDNS_RR_TYPE_CDS : LDNS_RR_TYPE_CDNSKEY,
					   &why)
			: RRSET_NONE;
	}
}

bool dnssec_plan_ds(struct plan *plan, const ldns_rdf *zone, struct dnssec_answers *d)
{
	const struct wire_query_opts opts = {.rd = false, .edns = true, .skip_additional = true};
	const struct wire_question q = {zone, LDNS_RR_TYPE_DS, LDNS_RR_CLASS_IN};
	size_t r, n = plan->n;

	for (r = 0; r < n; r++) {
		struct plan_row row = plan->rows[r];
		struct server_addr addr;
		if (row.purpose != PLAN_DELEGATION)
			continue;
		addr = plan->probes[r].addr;
		row.purpose = PLAN_DS;
		if (!plan_add(plan, &row, &addr, &q, &opts))
			return false;
		d->ds.asked = true;
	}
	return true;
}

/* True when P got an authoritative NOERROR answer. */
static bool dnssec_authoritative(const struct probe *p)
{
	return p->done && p->reply != NULL && ldns_pkt_aa(p->reply) &&
	       ldns_pkt_get_rcode(p->reply) == LDNS_RCODE_NOERROR;
}

/* True when RR is a well-formed record of TYPE, class IN, owned by ZONE. */
static bool dnssec_rr_is(const ldns_rr *rr, const ldns_rdf *zone, ldns_rr_type type, size_t rdfs)
{
	return ldns_rr_get_type(rr) == type && ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
	       ldns_rr_rd_count(rr) == rdfs && dname_equal(ldns_rr_owner(rr), zone);
}

/* Take the DS answer of the first parent server that answered authoritatively. */
static void dnssec_take_ds(struct dnssec_answers *d, const ldns_rdf *zone, const struct probe *p)
{
	const ldns_rr_list *answer;
	size_t i;

	if (d->ds.known || !dnssec_authoritative(p))
		return;
	d->ds.known = d->ds.answered = true;
	answer = ldns_pkt_answer(p->reply);
	for (i = 0; answer != NULL && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		ldns_rr *copy;
		if (!dnssec_rr_is(rr, zone, LDNS_RR_TYPE_DS, 4))
			continue;
		if (d->ds.n == DNSSEC_DS_MAX) {
			d->ds.dropped++;
			continue;
		}
		if (d->ds_rrs == NULL)
			d->ds_rrs = ldns_rr_list_new();
		copy = rrset_rr_clone(rr);
		if (d->ds_rrs == NULL || copy == NULL || !ldns_rr_list_push_rr(d->ds_rrs, copy)) {
			ldns_rr_free(copy);
			d->failed = true;
			return;
		}
		d->ds.rec[d->ds.n++] =
		    (struct dnssec_ds_rec){ldns_rdf2native_int16(ldns_rr_rdf(rr, 0)),
					   ldns_rdf2native_int8(ldns_rr_rdf(rr, 1)),
					   ldns_rdf2native_int8(ldns_rr_rdf(rr, 2))};
	}
	trace(2, "the parent publishes %zu DS record(s)", d->ds.n + d->ds.dropped);
}

/* The records of TYPE owned by ZONE in the answer of P into LIST (not
 * copied: they stay the packet's), at most MAX; the rest are counted in
 * *DROPPED. Returns false on ENOMEM. */
static bool dnssec_gather(const struct probe *p, const ldns_rdf *zone, ldns_rr_type type,
			  size_t rdfs, ldns_rr_list *list, size_t max, size_t *dropped)
{
	const ldns_rr_list *answer = ldns_pkt_answer(p->reply);
	size_t i;

	for (i = 0; answer != NULL && i < ldns_rr_list_rr_count(answer); i++) {
		ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (!dnssec_rr_is(rr, zone, type, rdfs))
			continue;
		if (ldns_rr_list_rr_count(list) >= max) {
			(*dropped)++;
			continue;
		}
		if (!ldns_rr_list_push_rr(list, rr))
			return false;
	}
	return true;
}

/* Fill O's keys from KEYS (the DNSKEY records it served), each matched
 * against the parent's DS records. */
static void dnssec_take_keys(const struct dnssec_answers *d, const ldns_rr_list *keys,
			     struct dnssec_obs *o)
{
	size_t i, k;

	for (i = 0; i < ldns_rr_list_rr_count(keys) && o->n_keys < DNSSEC_KEYS_MAX; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(keys, i);
		struct dnssec_key *key = &o->keys[o->n_keys++];
		key->flags = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		key->algorithm = ldns_rdf2native_int8(ldns_rr_rdf(rr, 2));
		key->tag = dnssec_key_tag(rr);
		key->ds_match = false;
		for (k = 0; d->ds_rrs != NULL && k < ldns_rr_list_rr_count(d->ds_rrs); k++)
			if (dnssec_ds_matches(ldns_rr_list_rr(d->ds_rrs, k), rr))
				key->ds_match = true;
	}
}

/* True when KEYS holds a key with TAG and ALGORITHM. */
static bool dnssec_has_key(const struct dnssec_obs *o, uint16_t tag, uint8_t algorithm)
{
	size_t i;

	for (i = 0; i < o->n_keys; i++)
		if (o->keys[i].tag == tag && o->keys[i].algorithm == algorithm)
			return true;
	return false;
}

/* The wire form of SIG, RRSET and KEYS into a malloc()ed buffer of *LEN bytes (caller
 * frees), or NULL when it is larger than DNSSEC_MEMO_BYTES_MAX or on ENOMEM. */
static uint8_t *dnssec_memo_input(const ldns_rr *sig, const ldns_rr_list *rrset,
				  const ldns_rr_list *keys, size_t *len)
{
	ldns_buffer *b = ldns_buffer_new(512);
	uint8_t *out = NULL;
	size_t i;
	bool ok = b != NULL && ldns_rr2buffer_wire(b, sig, LDNS_SECTION_ANSWER) == LDNS_STATUS_OK &&
		  ldns_buffer_reserve(b, 2);

	if (ok) /* the RRset's length: where the keys start */
		ldns_buffer_write_u16(b, (uint16_t)ldns_rr_list_rr_count(rrset));
	for (i = 0; ok && i < ldns_rr_list_rr_count(rrset); i++)
		ok = ldns_rr2buffer_wire(b, ldns_rr_list_rr(rrset, i), LDNS_SECTION_ANSWER) ==
		     LDNS_STATUS_OK;
	for (i = 0; ok && i < ldns_rr_list_rr_count(keys); i++)
		ok = ldns_rr2buffer_wire(b, ldns_rr_list_rr(keys, i), LDNS_SECTION_ANSWER) ==
		     LDNS_STATUS_OK;
	if (ok && ldns_buffer_position(b) <= DNSSEC_MEMO_BYTES_MAX &&
	    (out = malloc(ldns_buffer_position(b) + 1)) != NULL) {
		*len = ldns_buffer_position(b);
		memcpy(out, ldns_buffer_begin(b), *len);
	}
	ldns_buffer_free(b);
	return out;
}

/* dnssec_verify_rrsig of SIG over RRSET with KEYS, answered from D's memo when the
 * same bytes were verified before in this run. LDNS_STATUS_MEM_ERR when memory ran
 * out on the way: no verdict. */
static ldns_status dnssec_verify(struct dnssec_answers *d, const ldns_rr_list *rrset,
				 const ldns_rr *sig, const ldns_rr_list *keys)
{
	size_t len = 0, i;
	uint8_t *input = dnssec_memo_input(sig, rrset, keys, &len);
	ldns_status st;

	for (i = 0; input != NULL && i < d->n_memo; i++)
		if (d->memo[i].len == len && memcmp(d->memo[i].input, input, len) == 0) {
			free(input);
			d->remembered++;
			return d->memo[i].status;
		}
	st = dnssec_verify_rrsig(rrset, sig, keys);
	d->verified++;
	if (st == LDNS_STATUS_MEM_ERR) { /* nothing known: not remembered */
		free(input);
		return st;
	}
	if (input != NULL && d->n_memo < DNSSEC_MEMO_MAX)
		d->memo[d->n_memo++] = (struct dnssec_memo){input, len, st};
	else
		free(input);
	return st;
}

/* Verify the RRSIGs over RRSET (type TYPE, owner ZONE) in the answer of P
 * against KEYS into OUT, the period aside. */
static bool dnssec_verify_set(struct dnssec_answers *d, const struct probe *p, const ldns_rdf *zone,
			      ldns_rr_type type, const ldns_rr_list *rrset,
			      const ldns_rr_list *keys, const struct dnssec_obs *o,
			      struct dnssec_sigs *out)
{
	ldns_rr_list *sigs = ldns_rr_list_new();
	size_t i, dropped = 0;
	bool ok =
	    sigs != NULL && dnssec_gather(p, zone, LDNS_RR_TYPE_RRSIG, 9, sigs, SIZE_MAX, &dropped);

	for (i = 0; ok && i < ldns_rr_list_rr_count(sigs); i++) {
		ldns_rr *sig = ldns_rr_list_rr(sigs, i);
		struct dnssec_sig *s;
		ldns_status st;
		if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(sig)) != type)
			continue;
		if (out->n == DNSSEC_SIGS_MAX) {
			out->dropped++;
			continue;
		}
		s = &out->sig[out->n++];
		s->algorithm = ldns_rdf2native_int8(ldns_rr_rrsig_algorithm(sig));
		s->expiration = ldns_rdf2native_int32(ldns_rr_rrsig_expiration(sig));
		s->inception = ldns_rdf2native_int32(ldns_rr_rrsig_inception(sig));
		s->key_tag = ldns_rdf2native_int16(ldns_rr_rrsig_keytag(sig));
		if (!dnssec_has_key(o, s->key_tag, s->algorithm) ||
		    ldns_rr_list_rr_count(rrset) == 0) {
			s->result = DNSSEC_SIG_NO_KEY;
			continue;
		}
		st = dnssec_verify(d, rrset, sig, keys);
		if (st == LDNS_STATUS_MEM_ERR) {
			ok = false;
			break;
		}
		s->result = st == LDNS_STATUS_OK                     ? DNSSEC_SIG_VALID
			    : st == LDNS_STATUS_CRYPTO_ALGO_NOT_IMPL ? DNSSEC_SIG_UNSUPPORTED
								     : DNSSEC_SIG_BOGUS;
	}
	ldns_rr_list_free(sigs);
	return ok;
}

/* The probe of PLAN asking PURPOSE of server I, or NULL. */
static const struct probe *dnssec_probe_of(const struct plan *plan, enum plan_purpose purpose,
					   size_t i)
{
	size_t r;

	for (r = 0; r < plan->n; r++)
		if (plan->rows[r].purpose == purpose && plan->rows[r].target == i)
			return &plan->probes[r];
	return NULL;
}

/* Why the DNSKEY question P got no usable answer, into O. */
static void dnssec_key_failure(const struct probe *p, struct dnssec_obs *o)
{
	char why[OBS_ERROR_MAX];

	if (!p->done) {
		probe_failure_text(p, why, sizeof why);
		snprintf(o->dnskey_error, sizeof o->dnskey_error, "%.80s", why);
	} else if (ldns_pkt_get_rcode(p->reply) != LDNS_RCODE_NOERROR) {
		snprintf(o->dnskey_error, sizeof o->dnskey_error, "%s",
			 obs_rcode_name((int)ldns_pkt_get_rcode(p->reply)));
	} else {
		snprintf(o->dnskey_error, sizeof o->dnskey_error, "not authoritative");
	}
}

/* Server I's DNSKEY answer KP and SOA answer SP into O. Returns false on ENOMEM. */
static bool dnssec_observe(struct dnssec_answers *d, const ldns_rdf *zone, const struct probe *kp,
			   const struct probe *sp, struct dnssec_obs *o)
{
	ldns_rr_list *keys = ldns_rr_list_new(), *soa = ldns_rr_list_new();
	size_t dropped = 0;
	bool ok = keys != NULL && soa != NULL;

	o->asked = true;
	if (!dnssec_authoritative(kp)) {
		dnssec_key_failure(kp, o);
	} else if (ok) {
		o->dnskey_answered = true;
		ok = dnssec_gather(kp, zone, LDNS_RR_TYPE_DNSKEY, 4, keys, DNSSEC_KEYS_MAX,
				   &o->keys_dropped);
		dnssec_take_keys(d, keys, o);
		dnssec_keys_sort(keys); /* canonical order: servers that serve the same keys in
					    another order give the memo the same bytes */
		ok = ok && dnssec_verify_set(d, kp, zone, LDNS_RR_TYPE_DNSKEY, keys, keys, o,
					     &o->sigs[DNSSEC_SET_DNSKEY]);
	}
	if (ok && sp != NULL && sp->done && sp->reply != NULL)
		ok = dnssec_gather(sp, zone, LDNS_RR_TYPE_SOA, 7, soa, 1, &dropped) &&
		     dnssec_verify_set(d, sp, zone, LDNS_RR_TYPE_SOA, soa, keys, o,
				       &o->sigs[DNSSEC_SET_SOA]);
	ldns_rr_list_free(keys);
	ldns_rr_list_free(soa);
	return ok;
}

void dnssec_collect(struct dnssec_answers *d, struct observation *obs, size_t n,
		    const ldns_rdf *zone, const struct plan *plan)
{
	size_t r;

	for (r = 0; r < plan->n; r++)
		if (plan->rows[r].purpose == PLAN_DS)
			dnssec_take_ds(d, zone, &plan->probes[r]);
	for (r = 0; r < plan->n; r++) {
		const struct plan_row *row = &plan->rows[r];
		if (row->purpose != PLAN_DNSKEY || row->target >= n)
			continue;
		memset(&obs[row->target].dnssec, 0, sizeof obs[row->target].dnssec);
		obs[row->target].dnssec.cds[0] = obs[row->target].dnssec.cds[1] = RRSET_NONE;
		if (!dnssec_observe(d, zone, &plan->probes[r],
				    dnssec_probe_of(plan, PLAN_SOA, row->target),
				    &obs[row->target].dnssec))
			d->failed = true;
	}
	trace(2, "DNSSEC: %zu signature verification(s), %zu answered by an earlier identical one",
	      d->verified, d->remembered);
}

void dnssec_answers_free(struct dnssec_answers *d)
{
	size_t i;

	for (i = 0; i < d->n_memo; i++)
		free(d->memo[i].input);
	ldns_rr_list_deep_free(d->ds_rrs);
	memset(d, 0, sizeof *d);
}
