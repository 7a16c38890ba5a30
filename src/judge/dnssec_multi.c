/* dnssec_multi.c - RFC 8901 multi-signer: every provider serves the other providers' ZSKs, and
 * the parent's DS set matches a KSK of every provider. Pure. */
#include "config.h"

#include <string.h>

#include "judge/dnssec.h"

/* True when O serves a key with TAG, ALGORITHM and FLAGS. */
static bool dnssec_serves(const struct dnssec_obs *o, const struct dnssec_key *k)
{
	size_t i;

	for (i = 0; i < o->n_keys; i++)
		if (o->keys[i].tag == k->tag && o->keys[i].algorithm == k->algorithm &&
		    o->keys[i].flags == k->flags)
			return true;
	return false;
}

/* Note problem P in OUT (counted past DNSSEC_MULTI_MAX). */
static void dnssec_multi_add(struct dnssec_multi *out, const struct dnssec_multi_problem *p)
{
	if (out->n < DNSSEC_MULTI_MAX)
		out->p[out->n++] = *p;
	else
		out->dropped++;
}

/* Provider G (served by REP) against provider H's ZSKs. */
static void dnssec_multi_zsks(const struct dnssec_obs *rep, size_t g,
			      const struct dnssec_obs *h_rep, size_t h, struct dnssec_multi *out)
{
	size_t k;

	for (k = 0; k < h_rep->n_keys; k++) {
		const struct dnssec_key *z = &h_rep->keys[k];
		if ((z->flags & 1u) || dnssec_serves(rep, z))
			continue;
		dnssec_multi_add(out, &(struct dnssec_multi_problem){DNSSEC_MULTI_ZSK_MISSING, g, h,
								     z->tag, z->algorithm});
	}
}

/* True when a KSK that O serves matches a DS. */
static bool dnssec_ksk_has_ds(const struct dnssec_obs *o)
{
	size_t k;

	for (k = 0; k < o->n_keys; k++)
		if ((o->keys[k].flags & 1u) && o->keys[k].ds_match)
			return true;
	return false;
}

void dnssec_judge_multi(const struct observation *obs, size_t n, const size_t *group,
			size_t n_groups, const struct dnssec_ds *ds, struct dnssec_multi *out)
{
	size_t i, g, h;

	memset(out, 0, sizeof *out);
	if (group == NULL || n_groups < 2 || n_groups > DNSSEC_GROUPS_MAX)
		return;
	out->checked = true;
	out->n_groups = n_groups;
	for (g = 0; g < n_groups; g++)
		out->rep[g] = (size_t)-1;
	for (i = 0; i < n; i++)
		if (group[i] < n_groups && out->rep[group[i]] == (size_t)-1 &&
		    obs[i].outcome == OUTCOME_ANSWERED && obs[i].dnssec.n_keys > 0)
			out->rep[group[i]] = i;
	for (g = 0; g < n_groups; g++) {
		if (out->rep[g] == (size_t)-1)
			continue;
		for (h = 0; h < n_groups; h++)
			if (h != g && out->rep[h] != (size_t)-1)
				dnssec_multi_zsks(&obs[out->rep[g]].dnssec, g,
						  &obs[out->rep[h]].dnssec, h, out);
		if (ds != NULL && ds->known && ds->n > 0 &&
		    !dnssec_ksk_has_ds(&obs[out->rep[g]].dnssec))
			dnssec_multi_add(
			    out, &(struct dnssec_multi_problem){DNSSEC_MULTI_NO_DS, g, g, 0, 0});
	}
}
