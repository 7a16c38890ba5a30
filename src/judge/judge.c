/* judge.c - the verdict: findings from the serial rules (serial_rules.c), content, consistency,
 * glue, latency, SOA sanity, DNSSEC and the NS sets; the states every output shows. */
#include "config.h"

#include <string.h>

#include "judge/judge.h"
#include "judge/judge_int.h"
#include "judge/providers.h"
#include "judge/unanswered.h"
#include "judge/serial.h"
#include "judge/serial_format.h"

/* Append a finding (or count it when the list is full); its state joins the
 * overall state. Returns the finding, or NULL when it was only counted. */
static struct finding *judge_add(struct verdict *v, enum finding_kind kind, enum mp_state state,
				 size_t group, size_t count, size_t server)
{
	v->state = mp_state_worst(v->state, state);
	if (v->n_findings == JUDGE_FINDINGS_MAX) {
		v->findings_dropped++;
		return NULL;
	}
	v->findings[v->n_findings] = (struct finding){kind, state, group, count, server, 0};
	return &v->findings[v->n_findings++];
}

/* Append a finding about item ITEM (an RRset, a glue name, a sanity problem). */
static void judge_add_item(struct verdict *v, enum finding_kind kind, enum mp_state state,
			   size_t group, size_t count, size_t server, size_t item)
{
	struct finding *f = judge_add(v, kind, state, group, count, server);

	if (f != NULL)
		f->item = item;
}

/* The first server of group G (JUDGE_ZONE: of all) whose SOA query ended in OUTCOME: the
 * one a failure finding names. SERVERS_NONE if there is none. */
static size_t judge_first_with(const struct judge_input *in, size_t g, enum obs_outcome outcome)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->obs[i].outcome == outcome &&
		    (g == JUDGE_ZONE || in->group == NULL || in->group[i] == g))
			return i;
	return SERVERS_NONE;
}

/* The findings of one group's serial rules, in status-line order. A group
 * down (GROUP_DOWN, named before) gets no separate failure findings. */
static void judge_group_findings(const struct judge_input *in, struct verdict *v, size_t g,
				 const struct group_verdict *gv)
{
	if (g != JUDGE_ZONE && gv->total > 0 && gv->answered == 0 &&
	    judge_find(v, FINDING_GROUP_DOWN, g) != NULL)
		return;
	if (gv->unorderable)
		judge_add(v, FINDING_UNORDERABLE, MP_CRITICAL, g, gv->answered, SERVERS_NONE);
	if (gv->incomparable > 0)
		judge_add(v, FINDING_INCOMPARABLE, MP_CRITICAL, g, gv->incomparable, SERVERS_NONE);
	if (gv->behind > 0)
		judge_add(v, FINDING_BEHIND, gv->lag_state, g, gv->behind, gv->worst_behind);
	if (gv->ahead > 0)
		judge_add(v, FINDING_AHEAD, gv->ahead_state, g, gv->ahead, gv->first_ahead);
	if (g == JUDGE_ZONE && v->mname_groups >= 2) /* the lag above is between providers */
		judge_add(v, FINDING_MNAME_SPLIT, MP_OK, g, v->mname_groups, SERVERS_NONE);
	if (gv->unreachable > 0)
		judge_add(v, FINDING_UNREACHABLE, gv->failed_state, g, gv->unreachable,
			  judge_first_with(in, g, OUTCOME_UNREACHABLE));
	if (gv->lame > 0)
		judge_add(v, FINDING_LAME, gv->failed_state, g, gv->lame,
			  judge_first_with(in, g, OUTCOME_LAME));
	if (gv->invalid > 0)
		judge_add(v, FINDING_INVALID, gv->failed_state, g, gv->invalid,
			  judge_first_with(in, g, OUTCOME_INVALID));
	if (gv->no_address > 0)
		judge_add(v, FINDING_NO_ADDRESS, gv->failed_state, g, gv->no_address,
			  judge_first_with(in, g, OUTCOME_NO_ADDRESS));
	if (gv->primary_failed)
		judge_add(v, FINDING_PRIMARY_FAILED, MP_OK, g, 0, SERVERS_NONE);
}

/* Servers that answered the SOA but gave no usable answer to question Q are
 * not counted as agreeing: flagged with STATE (judge/unanswered.c), and one
 * finding of KIND counts them and names the first. */
static void judge_unanswered(const struct judge_input *in, size_t q, enum finding_kind kind,
			     enum mp_state state, struct verdict *v, struct addr_verdict *per_addr)
{
	size_t first, count = unanswered_flag(in, q, state, per_addr, &first);

	if (count > 0)
		judge_add_item(v, kind, state, JUDGE_ZONE, count, first, q);
}

/* Compare the RRsets of IN among the servers at their group's reference
 * serial (a lagging server is lag, not a content difference); flag and
 * report each RRset that differs. The servers (with groups: the providers)
 * that serve a value only a minority serves are flagged; on a tie, with no
 * majority, every side is. */
static void judge_content(const struct judge_input *in, const struct judge_config *cfg,
			  struct verdict *v, struct addr_verdict *per_addr)
{
	bool eligible[SERVERS_MAX];
	size_t i, k, n = in->n < SERVERS_MAX ? in->n : SERVERS_MAX;
	size_t stride = in->content_stride > 0 ? in->content_stride : in->n_items;

	if (in->content == NULL)
		return;
	for (i = 0; i < n; i++)
		eligible[i] = per_addr[i].compared;
	v->n_content = in->n_items < JUDGE_ITEMS_MAX ? in->n_items : JUDGE_ITEMS_MAX;
	for (k = 0; k < v->n_content; k++) {
		struct content_result *r = &v->content[k];
		content_compare(in->content, stride, k, eligible, n, r);
		content_majority(r, in->content, stride, k, eligible, n, in->group);
		r->state = r->odd > 0 ? cfg->content_mismatch_state : MP_OK;
		if (r->odd == 0)
			continue;
		for (i = 0; i < n; i++)
			if (content_is_odd(r, in->content, stride, k, eligible, i)) {
				per_addr[i].flags |= ADDR_FLAG_CONTENT;
				per_addr[i].state =
				    mp_state_worst(per_addr[i].state, cfg->content_mismatch_state);
			}
		judge_add_item(v, FINDING_CONTENT, cfg->content_mismatch_state, JUDGE_ZONE, r->odd,
			       r->first_odd, k);
	}
	for (k = 0; k < v->n_content; k++)
		judge_unanswered(in, k, FINDING_CONTENT_FAILED, cfg->content_mismatch_state, v,
				 per_addr);
}

/* Compare check C among the servers of group G at its reference serial. */
static void judge_consistency_group(const struct judge_input *in, const struct judge_config *cfg,
				    enum consistency_check c, size_t g, struct verdict *v,
				    struct addr_verdict *per_addr)
{
	bool eligible[SERVERS_MAX] = {false};
	size_t ids[SERVERS_MAX];
	size_t i, n = in->n < SERVERS_MAX ? in->n : SERVERS_MAX;
	struct consistency_result *res;
	unsigned flag = c == CONSIST_NS ? ADDR_FLAG_NS : ADDR_FLAG_SOA;

	if (v->n_consistency == sizeof v->consistency / sizeof v->consistency[0])
		return; /* room for every check of every group: never reached */
	for (i = 0; i < n; i++)
		eligible[i] = per_addr[i].compared && judge_in_group(in, i, g);
	consistency_ids(c, in->obs, eligible, n, ids);
	for (i = 0; i < n; i++)
		if (eligible[i])
			per_addr[i].consist_id[c] = ids[i];
	res = &v->consistency[v->n_consistency];
	content_compare(ids, 1, 0, eligible, n, &res->r);
	res->r.state = res->r.odd > 0 ? cfg->consistency_mismatch_state : MP_OK;
	if (res->r.compared == 0)
		return;
	res->check = c;
	res->group = in->group == NULL ? JUDGE_ZONE : g;
	if (res->r.odd == 0) { /* kept for the JSON: identical */
		v->n_consistency++;
		return;
	}
	for (i = 0; i < n; i++)
		if (content_is_odd(&res->r, ids, 1, 0, eligible, i)) {
			per_addr[i].flags |= flag;
			per_addr[i].state =
			    mp_state_worst(per_addr[i].state, cfg->consistency_mismatch_state);
		}
	judge_add_item(v, FINDING_CONSISTENCY, cfg->consistency_mismatch_state, res->group,
		       res->r.odd, res->r.first_odd, v->n_consistency++);
}

/* Servers at one serial must agree on the SOA fields and the apex NS set,
 * within each group (providers write their own SOA). */
static void judge_consistency(const struct judge_input *in, const struct judge_config *cfg,
			      struct verdict *v, struct addr_verdict *per_addr)
{
	unsigned c;
	size_t g;

	for (c = 0; c < CONSIST_CHECKS; c++) {
		if (!(cfg->consistency & (1u << c)))
			continue;
		for (g = 0; g < v->n_groups; g++)
			judge_consistency_group(in, cfg, (enum consistency_check)c,
						in->group == NULL ? JUDGE_ZONE : g, v, per_addr);
	}
}

/* Publication latency of answered address I against REFERENCE: from the
 * history when there is one, else a lower bound from the serial scheme. */
static void judge_latency_of(const struct judge_input *in, size_t i, uint32_t reference,
			     struct addr_verdict *a)
{
	uint32_t served = in->obs[i].soa.serial;

	if (a->kind == ADDR_IN_SYNC) {
		a->latency_known = true;
		return;
	}
	if (a->kind != ADDR_BEHIND)
		return;
	if (in->history != NULL) {
		a->latency_known =
		    history_latency(in->history, served, reference, in->now, &a->latency);
		return;
	}
	a->latency_known = serial_format_stale_min((enum serial_scheme)in->serial_scheme, served,
						   reference, in->now, &a->latency);
	a->latency_bound = a->latency_known;
}

/* Latency of every answered address; the largest alarms on --*-latency. */
static void judge_latency(const struct judge_input *in, const struct judge_config *cfg,
			  struct verdict *v, struct addr_verdict *per_addr)
{
	size_t i;

	if (!in->latency)
		return;
	for (i = 0; i < in->n; i++) {
		const struct group_verdict *gv = in->group != NULL && in->group[i] < v->n_groups
						     ? &v->groups[in->group[i]]
						     : &v->groups[0];
		if (!gv->has_reference || in->obs[i].outcome != OUTCOME_ANSWERED)
			continue;
		judge_latency_of(in, i, gv->reference, &per_addr[i]);
		if (!per_addr[i].latency_known)
			continue;
		if (!per_addr[i].latency_bound) /* a bound without state never alarms */
			per_addr[i].state =
			    mp_state_worst(per_addr[i].state,
					   mp_range_state((double)per_addr[i].latency,
							  cfg->warn_latency, cfg->crit_latency));
		if (!v->latency_known || per_addr[i].latency > v->latency_max) {
			v->latency_max = per_addr[i].latency;
			v->latency_worst = i;
		}
		v->latency_known = true;
	}
	/* Without a history, behind servers have a bound at best: no measured maximum. */
	v->latency_measured = v->latency_known && in->history != NULL;
	if (!v->latency_known || per_addr[v->latency_worst].latency_bound)
		return;
	v->latency_state =
	    mp_range_state((double)v->latency_max, cfg->warn_latency, cfg->crit_latency);
	if (v->latency_state != MP_OK)
		judge_add(v, FINDING_LATENCY, v->latency_state, JUDGE_ZONE, 1, v->latency_worst);
}

/* A latency threshold was asked for and the state that measures it is unusable:
 * UNKNOWN, unless something is CRITICAL (then that still wins, and says more). */
static void judge_latency_lost(const struct judge_input *in, const struct judge_config *cfg,
			       struct verdict *v)
{
	if (!in->latency || !in->state_lost ||
	    !((cfg->warn_latency != NULL && cfg->warn_latency->set) ||
	      (cfg->crit_latency != NULL && cfg->crit_latency->set)))
		return;
	judge_add(v, FINDING_LATENCY_LOST, MP_UNKNOWN, JUDGE_ZONE, 0, SERVERS_NONE);
	if (v->state != MP_CRITICAL)
		v->state = MP_UNKNOWN;
}

/* True when V already holds problem P. */
static bool judge_sanity_known(const struct verdict *v, const struct soa_problem *p)
{
	size_t k;

	for (k = 0; k < v->n_sanity; k++)
		if (v->sanity[k].kind == p->kind && v->sanity[k].value == p->value)
			return true;
	return false;
}

/* --soa-sanity: the SOA of every server at its group's serial against the
 * recommendations; each distinct problem once, naming its first server. */
static void judge_sanity(const struct judge_input *in, const struct judge_config *cfg,
			 struct verdict *v, struct addr_verdict *per_addr)
{
	struct soa_problem found[SOA_SANITY_MAX];
	size_t i, k, n;

	for (i = 0; cfg->soa_sanity && i < in->n; i++) {
		const struct soa_fields *f = &in->obs[i].soa;
		struct soa_values values = {f->serial, f->refresh, f->retry, f->expire, f->minimum};
		if (per_addr[i].kind != ADDR_IN_SYNC)
			continue;
		n = soa_sanity_check(&values, in->now, found, SOA_SANITY_MAX);
		for (k = 0; k < n && k < SOA_SANITY_MAX; k++) {
			per_addr[i].state = mp_state_worst(per_addr[i].state, MP_WARNING);
			if (judge_sanity_known(v, &found[k]) || v->n_sanity == JUDGE_ITEMS_MAX)
				continue;
			v->sanity[v->n_sanity] = found[k];
			judge_add_item(v, FINDING_SANITY, MP_WARNING, JUDGE_ZONE, 1, i,
				       v->n_sanity++);
		}
	}
}

/* The findings about whole groups: a pattern that matched nothing, a group
 * without any answering server (WARNING at least: its redundancy is gone). */
static void judge_group_health(struct verdict *v, size_t g)
{
	const struct group_verdict *gv = &v->groups[g];

	if (gv->total == 0)
		judge_add(v, FINDING_GROUP_EMPTY, MP_WARNING, g, 0, SERVERS_NONE);
	else if (gv->answered == 0)
		judge_add(v, FINDING_GROUP_DOWN, mp_state_worst(MP_WARNING, gv->failed_state), g,
			  gv->total, SERVERS_NONE);
}

/* Sum the groups' counts into V->all (with one group, all is that group). */
static void judge_sum_groups(struct verdict *v)
{
	size_t g;

	if (v->n_groups == 1) {
		v->all = v->groups[0];
		return;
	}
	memset(&v->all, 0, sizeof v->all);
	for (g = 0; g < v->n_groups; g++) {
		const struct group_verdict *gv = &v->groups[g];
		v->all.total += gv->total;
		v->all.answered += gv->answered;
		v->all.in_sync += gv->in_sync;
		v->all.behind += gv->behind;
		v->all.ahead += gv->ahead;
		v->all.incomparable += gv->incomparable;
		v->all.failed += gv->failed;
		v->all.unreachable += gv->unreachable;
		v->all.lame += gv->lame;
		v->all.invalid += gv->invalid;
		v->all.no_address += gv->no_address;
		if (gv->max_lag > v->all.max_lag)
			v->all.max_lag = gv->max_lag;
		v->all.state = mp_state_worst(v->all.state, gv->state);
	}
}

/* Addresses no rule looked at (in no group the judge kept): UNKNOWN, never a zeroed OK,
 * and one finding that counts them. */
static void judge_not_judged(const struct judge_input *in, struct verdict *v,
			     struct addr_verdict *per_addr)
{
	size_t i, n = 0, first = SERVERS_NONE;

	for (i = 0; i < in->n; i++) {
		if (per_addr[i].kind != ADDR_NOT_JUDGED)
			continue;
		judge_addr_reset(&per_addr[i]);
		per_addr[i].state = MP_UNKNOWN;
		if (n++ == 0)
			first = i;
	}
	if (n > 0)
		judge_add(v, FINDING_NOT_JUDGED, MP_UNKNOWN, JUDGE_ZONE, n, first);
}

/* The state outputs show for group G (JUDGE_ZONE: every server) in GV: the worst of its
 * rules and of its servers' address states; an empty or silent group is at least a
 * WARNING (its redundancy is gone). */
static void judge_combined_state(const struct judge_input *in, size_t g,
				 const struct addr_verdict *per_addr, struct group_verdict *gv)
{
	size_t i;

	gv->combined_state = gv->state;
	if (gv->total == 0 || gv->answered == 0)
		gv->combined_state = mp_state_worst(gv->combined_state, MP_WARNING);
	for (i = 0; i < in->n; i++)
		if (judge_in_group(in, i, g))
			gv->combined_state = mp_state_worst(gv->combined_state, per_addr[i].state);
}

/* Answered addresses of the whole zone, whatever their group. */
static size_t judge_zone_answered(const struct judge_input *in)
{
	size_t i, n = 0;

	for (i = 0; i < in->n; i++)
		if (in->obs[i].outcome == OUTCOME_ANSWERED)
			n++;
	return n;
}

void judge_run(const struct judge_input *in, const struct judge_config *cfg, struct verdict *out,
	       struct addr_verdict *per_addr)
{
	size_t g, n_groups = in->group != NULL && in->n_groups > 0 ? in->n_groups : 1;
	bool answered = judge_zone_answered(in) > 0;
	bool mismatch = in->ns_compared && (in->n_parent_only + in->n_child_only) > 0;

	memset(out, 0, sizeof *out);
	memset(per_addr, 0, in->n * sizeof *per_addr);
	out->n_groups = n_groups > JUDGE_GROUPS_MAX ? JUDGE_GROUPS_MAX : n_groups;
	if (in->group == NULL)
		out->mname_groups = providers_mname_split(in->obs, in->n);
	for (g = 0; g < out->n_groups; g++)
		judge_group(in, cfg, in->group != NULL ? g : JUDGE_ZONE, answered, &out->groups[g],
			    per_addr);
	judge_sum_groups(out);
	for (g = 0; g < out->n_groups; g++) /* a rule may alert without a finding (-w 1:) */
		out->state = mp_state_worst(out->state, out->groups[g].state);
	if (!answered)
		judge_add(out, FINDING_NO_ANSWER, MP_CRITICAL, JUDGE_ZONE, out->all.total,
			  SERVERS_NONE);
	judge_content(in, cfg, out, per_addr);
	judge_consistency(in, cfg, out, per_addr);
	if (cfg->consistency & (1u << CONSIST_NS))
		judge_unanswered(in, JUDGE_ITEM_NS, FINDING_CONSISTENCY_FAILED,
				 cfg->consistency_mismatch_state, out, per_addr);
	for (g = 0; g < in->n_glue_diffs; g++)
		judge_add_item(out, FINDING_GLUE, cfg->consistency_mismatch_state, JUDGE_ZONE, 1,
			       SERVERS_NONE, g);
	if (answered && in->n_glue_unanswered > 0) /* a zone that is down says so already */
		judge_add(out, FINDING_GLUE_UNANSWERED, cfg->consistency_mismatch_state, JUDGE_ZONE,
			  in->n_glue_unanswered, SERVERS_NONE);
	for (g = 0; in->group != NULL && answered && g < out->n_groups; g++)
		judge_group_health(out, g);
	for (g = 0; g < out->n_groups; g++)
		judge_group_findings(in, out, in->group == NULL ? JUDGE_ZONE : g, &out->groups[g]);
	judge_latency(in, cfg, out, per_addr);
	judge_sanity(in, cfg, out, per_addr);
	judge_not_judged(in, out, per_addr);
	out->mismatch_state = mismatch ? cfg->ns_mismatch_state : MP_OK;
	judge_dnssec(in, cfg, out, per_addr);
	for (g = 0; g < DNSSEC_VALID; g++)
		if (out->dnssec.problems[g].count > 0)
			judge_add_item(out, FINDING_DNSSEC, out->dnssec.problems[g].state,
				       JUDGE_ZONE, out->dnssec.problems[g].count,
				       out->dnssec.problems[g].server, g);
	for (g = 0; g < out->dnssec.multi.n; g++)
		judge_add_item(out, FINDING_DNSSEC_PROVIDER, MP_WARNING,
			       out->dnssec.multi.p[g].group, 1, SERVERS_NONE, g);
	if (mismatch)
		judge_add(out, FINDING_NS_MISMATCH, out->mismatch_state, JUDGE_ZONE,
			  in->n_parent_only + in->n_child_only, SERVERS_NONE);
	if (out->n_findings == 0)
		judge_add(out, FINDING_IN_SYNC, MP_OK, JUDGE_ZONE, out->all.in_sync, SERVERS_NONE);
	/* valid signatures add no clause: a signed zone whose servers agree keeps the OK
	 * line of any zone (the long output, perfdata and JSON carry its DNSSEC) */
	judge_latency_lost(in, cfg, out);
	if (in->unchecked > 0)
		judge_add(out, FINDING_UNCHECKED, MP_WARNING, JUDGE_ZONE, in->unchecked,
			  SERVERS_NONE);
	for (g = 0; g < out->n_groups; g++)
		judge_combined_state(in, in->group != NULL ? g : JUDGE_ZONE, per_addr,
				     &out->groups[g]);
	judge_combined_state(in, JUDGE_ZONE, per_addr, &out->all);
}

size_t judge_content_of(const struct judge_input *in, size_t i, size_t item)
{
	return in->content[i * (in->content_stride > 0 ? in->content_stride : in->n_items) + item];
}

bool judge_content_serves(const struct judge_input *in, const struct addr_verdict *per_addr,
			  size_t i, size_t item, size_t v)
{
	return per_addr[i].compared && judge_content_of(in, i, item) == v;
}

bool judge_consistency_serves(const struct addr_verdict *per_addr, size_t i,
			      const struct consistency_result *res, size_t v)
{
	return per_addr[i].compared && per_addr[i].consist_id[res->check] == v;
}

const struct finding *judge_find(const struct verdict *v, enum finding_kind kind, size_t group)
{
	size_t i;

	for (i = 0; i < v->n_findings; i++)
		if (v->findings[i].kind == kind && v->findings[i].group == group)
			return &v->findings[i];
	return NULL;
}
