/* long_output.c - the lines after the status line: one per address (per provider), per difference.
 */
#include "config.h"

#include "report/report_dnssec.h"
#include "report/report_text.h"
#include "report/unanswered.h"

/* Sort rank of an address in the long output: failures first, in sync last. */
static int report_rank(const struct addr_verdict *a)
{
	switch (a->kind) {
	case ADDR_FAILED:
		return 0;
	case ADDR_INCOMPARABLE:
	case ADDR_UNJUDGED:
	case ADDR_NOT_JUDGED:
		return 1;
	case ADDR_AHEAD:
		return 2;
	case ADDR_BEHIND:
		return 3;
	case ADDR_IN_SYNC:
		return 4;
	}
	return 5;
}

/* What an answered address said: "serial S (L behind R), 1.1 ms, TCP". */
static void report_answer_detail(const struct report_input *r, size_t i, struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_addr_group(r, i);
	const struct observation *o = &r->in->obs[i];
	const struct addr_verdict *a = &r->per_addr[i];

	mp_strbuf_printf(sb, "serial %u", o->soa.serial);
	if (a->kind == ADDR_BEHIND)
		mp_strbuf_printf(sb, " (%u behind %s%u)", a->lag,
				 v->reference_is_primary ? "primary " : "", v->reference);
	else if (a->kind == ADDR_AHEAD)
		mp_strbuf_printf(sb, " (ahead of primary %u)", v->reference);
	else if (a->kind == ADDR_INCOMPARABLE || a->kind == ADDR_UNJUDGED)
		mp_strbuf_puts(sb, " (cannot be ordered)");
	else if (a->kind == ADDR_NOT_JUDGED)
		mp_strbuf_puts(sb, " (not judged)");
	mp_strbuf_printf(sb, ", %.1f ms", (double)o->rtt_us / 1000.0);
	if (a->latency_known && a->latency > 0) {
		mp_strbuf_puts(sb, ", ");
		report_stale(a, sb);
	}
}

static void report_line(const struct report_input *r, size_t i, struct mp_strbuf *sb)
{
	const struct observation *o = &r->in->obs[i];
	const struct server *s = &r->in->servers[i];
	const struct addr_verdict *a = &r->per_addr[i];
	char why[OBS_ERROR_MAX + 32];

	mp_strbuf_printf(sb, "[%s] ", mp_state_name(a->state));
	report_put_who(sb, s);
	if (s->origin & ORIGIN_PRIMARY)
		mp_strbuf_puts(sb, " (primary)");
	mp_strbuf_puts(sb, ": ");
	if (o->outcome == OUTCOME_ANSWERED)
		report_answer_detail(r, i, sb);
	else
		report_put(sb, observation_describe_failure(o, why, sizeof why));
	if (o->outcome != OUTCOME_ANSWERED && o->has_soa)
		mp_strbuf_printf(sb, ", serial %u", o->soa.serial);
	if (o->transport == TRANSPORT_TCP)
		mp_strbuf_puts(sb, o->tc_seen ? ", TCP after truncated UDP answer" : ", TCP");
	if (a->flags & ADDR_FLAG_CONTENT)
		mp_strbuf_puts(sb, ", serves different content");
	if (a->flags & ADDR_FLAG_SOA)
		mp_strbuf_puts(sb, ", serves different SOA fields");
	if (a->flags & ADDR_FLAG_NS)
		mp_strbuf_puts(sb, ", serves a different apex NS set");
	report_unanswered_detail(r, i, sb);
	if (r->show_nsid && s->has_addr) {
		mp_strbuf_puts(sb, ", NSID ");
		report_put(sb, o->nsid[0] ? o->nsid : "(none)");
	}
	mp_strbuf_puts(sb, "\n");
}

/* The address lines of group G (JUDGE_ZONE: every server), failures first, each
 * starting with INDENT. */
static void report_address_lines(const struct report_input *r, size_t g, const char *indent,
				 struct mp_strbuf *sb)
{
	int rank;
	size_t i;

	for (rank = 0; rank <= 5; rank++)
		for (i = 0; i < r->in->n; i++)
			if (report_rank(&r->per_addr[i]) == rank &&
			    (g == JUDGE_ZONE || r->in->group[i] == g)) {
				mp_strbuf_puts(sb, indent);
				report_line(r, i, sb);
			}
}

/* One block per provider: "[STATE] provider L (by mname): serial S, K of N in sync". */
static void report_provider_blocks(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t g, i;

	for (g = 0; g < r->v->n_groups; g++) {
		const struct group_verdict *gv = &r->v->groups[g];
		enum mp_state state = gv->combined_state;
		mp_strbuf_printf(sb, "[%s] provider ", mp_state_name(state));
		report_put(sb, r->providers[g].label);
		mp_strbuf_printf(sb, " (by %s): ", provider_source_name(r->providers[g].source));
		if (gv->total == 0)
			mp_strbuf_puts(sb, "no NS name matches its pattern");
		else if (!gv->has_reference)
			mp_strbuf_printf(sb, "no serial, %zu of %zu servers answered", gv->answered,
					 gv->total);
		else
			mp_strbuf_printf(sb, "serial %u, %zu of %zu servers in sync", gv->reference,
					 gv->in_sync, gv->total);
		mp_strbuf_puts(sb, "\n");
		report_address_lines(r, g, "    ", sb);
	}
	for (i = 0; i < r->in->n; i++) /* in no group the judge kept: not judged, said */
		if (r->in->group[i] >= r->v->n_groups)
			report_line(r, i, sb);
}

/* One line per compared RRset that differs: each value and who serves it. */
static void report_content_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t k;

	for (k = 0; k < r->v->n_content; k++) {
		const struct content_result *c = &r->v->content[k];
		if (c->odd == 0)
			continue;
		mp_strbuf_printf(sb, "[%s] ", mp_state_name(c->state));
		report_put(sb, r->item_names[k]);
		mp_strbuf_puts(sb, " differs: ");
		report_content_values(r, k, CONTENT_VALUES_MAX, 200, 4, sb);
		mp_strbuf_puts(sb, "\n");
	}
}

/* One line per disagreement among servers at one serial. */
static void report_consistency_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t k;

	for (k = 0; k < r->v->n_consistency; k++) {
		const struct consistency_result *res = &r->v->consistency[k];
		if (res->r.odd == 0)
			continue;
		mp_strbuf_printf(sb, "[%s] ", mp_state_name(res->r.state));
		if (res->group != JUDGE_ZONE && r->providers != NULL) {
			mp_strbuf_puts(sb, "provider ");
			report_put(sb, r->providers[res->group].label);
			mp_strbuf_puts(sb, ": ");
		}
		report_consistency(r, res, sb);
		mp_strbuf_puts(sb, "\n");
	}
}

/* One line per name whose parent glue differs from what the zone serves. */
static void report_glue_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t i;

	for (i = 0; i < r->v->n_findings; i++) {
		const struct finding *f = &r->v->findings[i];
		if (f->kind != FINDING_GLUE && f->kind != FINDING_SANITY)
			continue;
		mp_strbuf_printf(sb, "[%s] ", mp_state_name(f->state));
		report_finding(r, f, sb);
		mp_strbuf_puts(sb, "\n");
	}
}

void report_long_output(const struct report_input *r, struct mp_strbuf *sb)
{
	if (r->providers == NULL && r->v->mname_groups >= 2)
		mp_strbuf_printf(
		    sb,
		    "hint: the servers split into %zu groups by SOA MNAME, each at its "
		    "own serial: the zone looks multi-provider (--multi-provider judges "
		    "each provider on its own)\n",
		    r->v->mname_groups);
	if (r->providers != NULL)
		report_provider_blocks(r, sb);
	else
		report_address_lines(r, JUDGE_ZONE, "", sb);
	report_content_lines(r, sb);
	report_consistency_lines(r, sb);
	report_unanswered_lines(r, sb);
	report_glue_lines(r, sb);
	report_dnssec_lines(r, sb);
	if (r->state_note != NULL && r->state_note[0] != '\0') {
		report_put(sb, r->state_note);
		mp_strbuf_puts(sb, "\n");
	}
	if (r->in->ns_compared && r->in->n_parent_only + r->in->n_child_only > 0) {
		if (r->in->n_parent_only > 0) {
			mp_strbuf_puts(sb, "NS in the parent's delegation only: ");
			report_name_list(sb, r->parent_only, r->in->n_parent_only);
			mp_strbuf_puts(sb, "\n");
		}
		if (r->in->n_child_only > 0) {
			mp_strbuf_puts(sb, "NS in the zone's own NS set only: ");
			report_name_list(sb, r->child_only, r->in->n_child_only);
			mp_strbuf_puts(sb, "\n");
		}
	}
}
