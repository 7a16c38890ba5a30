/* dnssec.c - judge DNSSEC per address: RRSIG periods against the run's clock, verification
 * results, DS match, thresholds on the time left. Pure: no I/O, no clock, no allocation. */
#include "config.h"

#include <string.h>

#include "judge/dnssec.h"
#include "judge/judge.h"

int64_t dnssec_time_delta(uint32_t t, int64_t now)
{
	uint32_t d = t - (uint32_t)((uint64_t)now & 0xffffffffu);

	return d < 0x80000000u ? (int64_t)d : (int64_t)d - 0x100000000;
}

/* Add PROBLEM with STATE to OUT. */
static void dnssec_flag(struct dnssec_addr *out, enum dnssec_problem problem, enum mp_state state)
{
	out->problems |= 1u << problem;
	out->state = mp_state_worst(out->state, state);
}

/* Judge the RRSIGs S of one RRset (SET) at NOW into OUT. */
static void dnssec_judge_sigs(const struct dnssec_sigs *s, size_t set, int64_t now,
			      struct dnssec_addr *out)
{
	size_t i, verified = 0, unsupported = 0;

	if (s->n == 0 && s->dropped == 0) {
		dnssec_flag(out, DNSSEC_UNSIGNED, MP_CRITICAL);
		return;
	}
	for (i = 0; i < s->n; i++) {
		const struct dnssec_sig *g = &s->sig[i];
		int64_t left = dnssec_time_delta(g->expiration, now);
		if (g->result == DNSSEC_SIG_BOGUS)
			dnssec_flag(out, DNSSEC_BOGUS, MP_CRITICAL);
		unsupported += g->result == DNSSEC_SIG_UNSUPPORTED;
		if (g->result != DNSSEC_SIG_VALID)
			continue;
		verified++;
		if (left < 0)
			dnssec_flag(out, DNSSEC_EXPIRED, MP_CRITICAL);
		else if (dnssec_time_delta(g->inception, now) > 0)
			dnssec_flag(out, DNSSEC_NOT_YET, MP_CRITICAL);
		if (!out->left_known || left < out->left) {
			out->left_known = true;
			out->left = left;
			out->left_set = set;
		}
		if (set == DNSSEC_SET_SOA) {
			int64_t validity = (int64_t)(uint32_t)(g->expiration - g->inception);
			if (out->validity < 0 || validity < out->validity)
				out->validity = validity;
		}
	}
	if (verified == 0 && unsupported > 0 && unsupported == s->n)
		dnssec_flag(out, DNSSEC_NOT_CHECKED, MP_UNKNOWN);
	else if (verified == 0)
		dnssec_flag(out, DNSSEC_BOGUS, MP_CRITICAL); /* no key verifies any of them */
}

/* The DS rule: with a DS set at the parent, a SEP key of the address matches one. */
static void dnssec_judge_ds(const struct dnssec_obs *o, const struct dnssec_ds *ds,
			    struct dnssec_addr *out)
{
	size_t i;

	for (i = 0; i < o->n_keys; i++)
		if ((o->keys[i].flags & 1u) && o->keys[i].ds_match)
			out->ds_match = true;
	if (ds != NULL && ds->known && ds->n > 0 && !out->ds_match)
		dnssec_flag(out, DNSSEC_DS_MISMATCH, MP_CRITICAL);
}

void dnssec_judge_addr(const struct observation *obs, const struct dnssec_ds *ds,
		       const struct dnssec_config *cfg, int64_t now, struct dnssec_addr *out)
{
	const struct dnssec_obs *o = &obs->dnssec;
	size_t set;

	memset(out, 0, sizeof *out);
	out->validity = -1;
	if (obs->outcome != OUTCOME_ANSWERED || !o->asked)
		return;
	out->judged = true;
	if (!o->dnskey_answered) {
		dnssec_flag(out, DNSSEC_NOT_CHECKED, MP_UNKNOWN);
		return;
	}
	if (o->n_keys == 0 && o->keys_dropped == 0) {
		dnssec_flag(out, DNSSEC_UNSIGNED, MP_CRITICAL);
		return;
	}
	for (set = 0; set < DNSSEC_SETS; set++)
		dnssec_judge_sigs(&o->sigs[set], set, now, out);
	dnssec_judge_ds(o, ds, out);
	if (out->left_known && out->left >= 0 &&
	    (out->left < cfg->warn_s || out->left < cfg->crit_s)) {
		out->expiring_state = out->left < cfg->crit_s ? MP_CRITICAL : MP_WARNING;
		dnssec_flag(out, DNSSEC_EXPIRING, out->expiring_state);
	}
	if (cfg->soa_sanity && obs->has_soa && out->validity >= 0 &&
	    out->validity < (int64_t)obs->soa.expire)
		dnssec_flag(out, DNSSEC_SHORT_VALIDITY, MP_WARNING);
	if (out->problems == 0)
		out->problems = 1u << DNSSEC_VALID;
}

bool dnssec_zone_signed(const struct observation *obs, size_t n, const struct dnssec_ds *ds)
{
	size_t i;

	if (ds != NULL && ds->known && ds->n + ds->dropped > 0)
		return true;
	for (i = 0; i < n; i++) {
		const struct dnssec_obs *o = &obs[i].dnssec;
		if (obs[i].outcome != OUTCOME_ANSWERED)
			continue;
		if (o->n_keys + o->keys_dropped > 0 || o->sigs[DNSSEC_SET_SOA].n > 0)
			return true;
	}
	return false;
}

/* True when A's keys all appear in B's. */
static bool dnssec_keys_within(const struct dnssec_obs *a, const struct dnssec_obs *b)
{
	size_t i, k;

	for (i = 0; i < a->n_keys; i++) {
		bool found = false;
		for (k = 0; k < b->n_keys && !found; k++)
			found = a->keys[i].tag == b->keys[k].tag &&
				a->keys[i].algorithm == b->keys[k].algorithm &&
				a->keys[i].flags == b->keys[k].flags;
		if (!found)
			return false;
	}
	return true;
}

bool dnssec_keys_same(const struct dnssec_obs *a, const struct dnssec_obs *b)
{
	return a->n_keys == b->n_keys && a->keys_dropped == b->keys_dropped &&
	       dnssec_keys_within(a, b) && dnssec_keys_within(b, a);
}

/* The state problem P stands for at address A. */
static enum mp_state dnssec_problem_state(enum dnssec_problem p, const struct dnssec_addr *a)
{
	switch (p) {
	case DNSSEC_EXPIRING:
		return a->expiring_state;
	case DNSSEC_SHORT_VALIDITY:
		return MP_WARNING;
	case DNSSEC_NOT_CHECKED:
		return MP_UNKNOWN;
	case DNSSEC_VALID:
	case DNSSEC_KEYS_DIFFER: /* its state is the option's, set by judge_dnssec_keys */
	case DNSSEC_CDS_DIFFER:  /* ... and by judge_dnssec_cds */
		return MP_OK;
	default:
		return MP_CRITICAL;
	}
}

void dnssec_count(struct dnssec_verdict *v, size_t i, const struct dnssec_addr *a)
{
	size_t p;

	if (!a->judged)
		return;
	for (p = 0; p < DNSSEC_PROBLEMS; p++) {
		struct dnssec_problem_count *c = &v->problems[p];
		if (!(a->problems & (1u << p)))
			continue;
		if (c->count++ == 0 || (p == DNSSEC_EXPIRING && a->left < v->left_min))
			c->server = i;
		c->state = mp_state_worst(c->state, dnssec_problem_state(p, a));
		v->state = mp_state_worst(v->state, c->state);
	}
	if (a->left_known && (!v->left_known || a->left < v->left_min)) {
		v->left_known = true;
		v->left_min = a->left;
		v->left_worst = i;
	}
}

/* The DNSKEY sets of a group's servers at one serial: each is compared with
 * the first server of its group at its serial; a difference is a half-done
 * rollover (DNSSEC_KEYS_DIFFER with CFG's state). */
static void judge_dnssec_keys(const struct judge_input *in, const struct judge_config *cfg,
			      struct verdict *out, struct addr_verdict *per_addr)
{
	struct dnssec_problem_count *c = &out->dnssec.problems[DNSSEC_KEYS_DIFFER];
	size_t i, k;

	for (i = 0; i < in->n && cfg->dnssec.keys_mismatch_state != MP_OK; i++) {
		if (!per_addr[i].dnssec.judged || in->obs[i].dnssec.n_keys == 0)
			continue; /* an unsigned copy is said as such */
		for (k = 0; k < i; k++) {
			if (!per_addr[k].dnssec.judged || in->obs[k].dnssec.n_keys == 0 ||
			    in->obs[k].soa.serial != in->obs[i].soa.serial ||
			    (in->group != NULL && in->group[k] != in->group[i]))
				continue;
			if (!dnssec_keys_same(&in->obs[k].dnssec, &in->obs[i].dnssec)) {
				per_addr[i].dnssec.problems |= 1u << DNSSEC_KEYS_DIFFER;
				per_addr[i].dnssec.problems &= ~(1u << DNSSEC_VALID);
				per_addr[i].dnssec.state = mp_state_worst(
				    per_addr[i].dnssec.state, cfg->dnssec.keys_mismatch_state);
				if (c->state == MP_OK)
					c->serial = in->obs[i].soa.serial;
				c->state =
				    cfg->dnssec.keys_mismatch_state; /* counted by dnssec_count */
			}
			break;
		}
	}
}

/* CDS and CDNSKEY (asked with --dnssec=on): every address that answered serves the same
 * RRset as the first one that did (NODATA is a value); a difference is CFG's key-mismatch
 * state. */
static void judge_dnssec_cds(const struct judge_input *in, const struct judge_config *cfg,
			     struct verdict *out, struct addr_verdict *per_addr)
{
	struct dnssec_problem_count *c = &out->dnssec.problems[DNSSEC_CDS_DIFFER];
	size_t i, k, first;

	for (k = 0; k < 2 && cfg->dnssec.keys_mismatch_state != MP_OK; k++) {
		first = (size_t)-1;
		for (i = 0; i < in->n; i++) {
			const struct dnssec_obs *o = &in->obs[i].dnssec;
			if (!per_addr[i].dnssec.judged || !o->cds_asked || o->cds[k] == (size_t)-1)
				continue;
			if (first == (size_t)-1) {
				first = o->cds[k];
			} else if (o->cds[k] != first) {
				per_addr[i].dnssec.problems |= 1u << DNSSEC_CDS_DIFFER;
				per_addr[i].dnssec.problems &= ~(1u << DNSSEC_VALID);
				per_addr[i].dnssec.state = mp_state_worst(
				    per_addr[i].dnssec.state, cfg->dnssec.keys_mismatch_state);
				c->state =
				    cfg->dnssec.keys_mismatch_state; /* counted by dnssec_count */
			}
		}
	}
}

void judge_dnssec(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
		  struct addr_verdict *per_addr)
{
	struct dnssec_verdict *d = &out->dnssec;
	size_t i;

	if (!in->dnssec || cfg->dnssec.mode == DNSSEC_MODE_OFF)
		return;
	d->is_signed = dnssec_zone_signed(in->obs, in->n, in->ds);
	d->checked = d->is_signed || cfg->dnssec.mode == DNSSEC_MODE_ON;
	if (d->checked && !d->is_signed) {
		d->problems[DNSSEC_NOT_SIGNED] =
		    (struct dnssec_problem_count){MP_CRITICAL, 1, (size_t)-1, 0};
		d->state = MP_CRITICAL;
		return;
	}
	if (!d->checked)
		return;
	for (i = 0; i < in->n; i++)
		dnssec_judge_addr(&in->obs[i], in->ds, &cfg->dnssec, in->now, &per_addr[i].dnssec);
	judge_dnssec_keys(in, cfg, out, per_addr);
	judge_dnssec_cds(in, cfg, out, per_addr);
	for (i = 0; i < in->n; i++)
		dnssec_count(d, i, &per_addr[i].dnssec);
	dnssec_judge_multi(in->obs, in->n, in->group, in->n_groups, in->ds, &d->multi);
	if (d->multi.n + d->multi.dropped > 0)
		d->state = mp_state_worst(d->state, MP_WARNING);
}
