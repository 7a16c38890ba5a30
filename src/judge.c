/* judge.c - verdict rules: serial lag, failed addresses, NS mismatch, servers ahead of the primary.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "serial.h"

/* Pick the reference serial: the newest of the primary's answers with -P (if
 * any answered), else the newest of all answers. */
static void judge_reference(const struct judge_input *in, const struct judge_config *cfg,
			    struct verdict *out)
{
	uint32_t *serials = calloc(in->n + 1, sizeof *serials);
	size_t i, n = 0, pass;

	if (serials == NULL)
		return; /* has_reference stays false: judged as unorderable below */
	for (pass = cfg->use_primary ? 0 : 1; pass < 2 && n == 0; pass++) {
		for (i = 0; i < in->n; i++) {
			const struct observation *o = &in->obs[i];
			if (o->outcome != OUTCOME_ANSWERED)
				continue;
			if (pass == 0 && !(o->origin & ORIGIN_PRIMARY))
				continue;
			serials[n++] = o->soa.serial;
		}
		out->reference_is_primary = pass == 0 && n > 0;
	}
	out->primary_failed = cfg->use_primary && !out->reference_is_primary;
	out->has_reference = n > 0 && serial_newest(serials, n, &out->reference);
	out->unorderable = n > 0 && !out->has_reference;
	free(serials);
}

/* A failed address is at least a WARNING on its line; CRITICAL when the
 * failed-count rule says so, or when nothing answered at all. */
static enum mp_state judge_failed_addr_state(const struct verdict *v)
{
	enum mp_state s = mp_state_worst(MP_WARNING, v->failed_state);

	return v->answered == 0 ? MP_CRITICAL : s;
}

/* Place one answered address against the reference. */
static void judge_answered(const struct observation *o, const struct judge_config *cfg,
			   struct verdict *v, struct addr_verdict *a, size_t i)
{
	if (!v->has_reference) {
		a->kind = ADDR_UNJUDGED;
		a->state = MP_CRITICAL;
		return;
	}
	switch (serial_compare(o->soa.serial, v->reference)) {
	case SERIAL_EQUAL:
		a->kind = ADDR_IN_SYNC;
		v->in_sync++;
		break;
	case SERIAL_LESS:
		a->kind = ADDR_BEHIND;
		a->lag = serial_distance(o->soa.serial, v->reference);
		if (v->behind++ == 0 || a->lag > v->max_lag)
			v->worst_behind = i;
		if (a->lag > v->max_lag)
			v->max_lag = a->lag;
		break;
	case SERIAL_GREATER:
		a->kind = ADDR_AHEAD;
		a->state = MP_WARNING;
		if (v->ahead++ == 0)
			v->first_ahead = i;
		return;
	case SERIAL_INCOMPARABLE:
		a->kind = ADDR_INCOMPARABLE;
		a->state = MP_CRITICAL;
		v->incomparable++;
		return;
	}
	a->state = mp_range_state((double)a->lag, cfg->warn_lag, cfg->crit_lag);
}

/* Count a failed address by its kind of failure. */
static void judge_count_failure(const struct observation *o, struct verdict *v, size_t i)
{
	if (v->failed++ == 0)
		v->first_failed = i;
	switch (o->outcome) {
	case OUTCOME_LAME:
		v->lame++;
		break;
	case OUTCOME_UNREACHABLE:
		v->unreachable++;
		break;
	case OUTCOME_INVALID:
		v->invalid++;
		break;
	case OUTCOME_NO_ADDRESS:
		v->no_address++;
		break;
	case OUTCOME_ANSWERED:
		break;
	}
}

/* Combine the rule states into the overall state. */
static void judge_overall(const struct judge_input *in, const struct judge_config *cfg,
			  struct verdict *v)
{
	bool mismatch = in->ns_compared && (in->n_parent_only + in->n_child_only) > 0;

	v->lag_state = v->has_reference
			   ? mp_range_state((double)v->max_lag, cfg->warn_lag, cfg->crit_lag)
			   : MP_OK;
	v->mismatch_state = mismatch ? cfg->ns_mismatch_state : MP_OK;
	v->ahead_state = v->ahead > 0 ? MP_WARNING : MP_OK;
	v->order_state = (v->unorderable || v->incomparable > 0) ? MP_CRITICAL : MP_OK;
	v->state = mp_state_worst(v->lag_state, v->failed_state);
	v->state = mp_state_worst(v->state, v->mismatch_state);
	v->state = mp_state_worst(v->state, v->ahead_state);
	v->state = mp_state_worst(v->state, v->order_state);
	if (v->answered == 0)
		v->state = MP_CRITICAL;
}

void judge_run(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
	       struct addr_verdict *per_addr)
{
	size_t i;

	memset(out, 0, sizeof *out);
	out->total = in->n;
	judge_reference(in, cfg, out);
	for (i = 0; i < in->n; i++)
		if (in->obs[i].outcome != OUTCOME_ANSWERED)
			judge_count_failure(&in->obs[i], out, i);
	out->answered = in->n - out->failed;
	out->failed_state = mp_range_state((double)out->failed, cfg->warn_failed, cfg->crit_failed);
	for (i = 0; i < in->n; i++) {
		struct addr_verdict *a = &per_addr[i];
		memset(a, 0, sizeof *a);
		if (in->obs[i].outcome == OUTCOME_ANSWERED) {
			judge_answered(&in->obs[i], cfg, out, a, i);
		} else {
			a->kind = ADDR_FAILED;
			a->state = judge_failed_addr_state(out);
		}
	}
	judge_overall(in, cfg, out);
}
