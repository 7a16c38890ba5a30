/* serial_rules.c - the serial rules of one group: its reference serial, where each address
 * stands against it, the failed count, and the group's rule states. */
#include "config.h"

#include <string.h>

#include "judge/judge.h"
#include "judge/judge_int.h"
#include "judge/serial.h"

/* True when server I belongs to group G. */
bool judge_in_group(const struct judge_input *in, size_t i, size_t g)
{
	return g == JUDGE_ZONE || in->group == NULL || in->group[i] == g;
}

/* True when server I of group G counts for the reference in PASS (0: primaries only). */
static bool judge_reference_candidate(const struct judge_input *in, size_t i, size_t g,
				      unsigned pass)
{
	return judge_in_group(in, i, g) && in->obs[i].outcome == OUTCOME_ANSWERED &&
	       (pass == 1 || (in->servers[i].origin & ORIGIN_PRIMARY));
}

/* The newest serial of the candidates of PASS, without allocating (RFC 1982:
 * the newest must be at least as new as every other). Returns the number of
 * candidates; *ordered tells whether a newest exists. */
static size_t judge_newest(const struct judge_input *in, size_t g, unsigned pass, uint32_t *newest,
			   bool *ordered)
{
	size_t i, j, n = 0;
	bool found = false;

	for (i = 0; i < in->n; i++) {
		if (!judge_reference_candidate(in, i, g, pass))
			continue;
		n++;
		if (found && serial_compare(in->obs[i].soa.serial, *newest) != SERIAL_GREATER)
			continue;
		*newest = in->obs[i].soa.serial;
		found = true;
	}
	*ordered = found;
	for (j = 0; found && j < in->n; j++) {
		enum serial_cmp c;
		if (!judge_reference_candidate(in, j, g, pass))
			continue;
		c = serial_compare(in->obs[j].soa.serial, *newest);
		if (c != SERIAL_LESS && c != SERIAL_EQUAL)
			*ordered = false;
	}
	return n;
}

/* True when group G holds a -P server (with providers, only the primary's
 * own provider is judged against it). */
static bool judge_has_primary(const struct judge_input *in, size_t g)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (judge_in_group(in, i, g) && (in->servers[i].origin & ORIGIN_PRIMARY))
			return true;
	return false;
}

/* Pick group G's reference serial: the newest of its primary's answers with
 * -P (if any answered), else the newest of all its answers. */
static void judge_reference(const struct judge_input *in, const struct judge_config *cfg, size_t g,
			    struct group_verdict *out)
{
	size_t n = 0;
	unsigned pass;
	bool ordered = false;
	bool primary_here = cfg->use_primary && (in->group == NULL || judge_has_primary(in, g));

	for (pass = primary_here ? 0 : 1; pass < 2 && n == 0; pass++) {
		n = judge_newest(in, g, pass, &out->reference, &ordered);
		out->reference_is_primary = pass == 0 && n > 0;
	}
	out->primary_failed = primary_here && !out->reference_is_primary;
	out->has_reference = n > 0 && ordered;
	out->unorderable = n > 0 && !ordered;
	if (!out->has_reference)
		out->reference = 0;
}

/* A failed address is at least a WARNING on its line; CRITICAL when the
 * failed-count rule says so, or when nothing answered for the zone at all. */
static enum mp_state judge_failed_addr_state(const struct group_verdict *v, bool zone_answered)
{
	enum mp_state s = mp_state_worst(MP_WARNING, v->failed_state);

	return zone_answered ? s : MP_CRITICAL;
}

/* Place one answered address against its group's reference. */
static void judge_answered(const struct observation *o, const struct judge_config *cfg,
			   struct group_verdict *v, struct addr_verdict *a, size_t i)
{
	if (!v->has_reference) {
		a->kind = ADDR_UNJUDGED;
		a->state = MP_CRITICAL;
		return;
	}
	switch (serial_compare(o->soa.serial, v->reference)) {
	case SERIAL_EQUAL:
		a->kind = ADDR_IN_SYNC;
		a->compared = true; /* at the reference: takes part in the comparisons */
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
static void judge_count_failure(const struct observation *o, struct group_verdict *v, size_t i)
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

/* Combine a group's rule states into its state. */
static void judge_group_state(struct group_verdict *v, const struct judge_config *cfg)
{
	v->lag_state = v->has_reference
			   ? mp_range_state((double)v->max_lag, cfg->warn_lag, cfg->crit_lag)
			   : MP_OK;
	v->ahead_state = v->ahead > 0 ? MP_WARNING : MP_OK;
	v->order_state = (v->unorderable || v->incomparable > 0) ? MP_CRITICAL : MP_OK;
	v->state = mp_state_worst(v->lag_state, v->failed_state);
	v->state = mp_state_worst(v->state, v->ahead_state);
	v->state = mp_state_worst(v->state, v->order_state);
}

/* Count group G's servers (failures first: the failed rule sets address states). */
static void judge_group_count(const struct judge_input *in, const struct judge_config *cfg,
			      size_t g, struct group_verdict *v)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		if (!judge_in_group(in, i, g))
			continue;
		v->total++;
		if (in->obs[i].outcome != OUTCOME_ANSWERED)
			judge_count_failure(&in->obs[i], v, i);
	}
	v->answered = v->total - v->failed;
	v->failed_state = mp_range_state((double)v->failed, cfg->warn_failed, cfg->crit_failed);
}

/* Reset address verdict A before judging it: no value id in any comparison yet. */
void judge_addr_reset(struct addr_verdict *a)
{
	unsigned c;

	memset(a, 0, sizeof *a);
	for (c = 0; c < CONSIST_CHECKS; c++)
		a->consist_id[c] = CONSIST_NONE;
}

/* Apply the serial rules to group G: fill V and the per-address verdicts of its servers. */
void judge_group(const struct judge_input *in, const struct judge_config *cfg, size_t g,
		 bool zone_answered, struct group_verdict *v, struct addr_verdict *per_addr)
{
	size_t i;

	memset(v, 0, sizeof *v);
	judge_reference(in, cfg, g, v);
	judge_group_count(in, cfg, g, v);
	for (i = 0; i < in->n; i++) {
		struct addr_verdict *a = &per_addr[i];
		if (!judge_in_group(in, i, g))
			continue;
		judge_addr_reset(a);
		if (in->obs[i].outcome == OUTCOME_ANSWERED) {
			judge_answered(&in->obs[i], cfg, v, a, i);
		} else {
			a->kind = ADDR_FAILED;
			a->state = judge_failed_addr_state(v, zone_answered);
		}
	}
	judge_group_state(v, cfg);
}
