/* finding_text.c - one status-line clause per finding: "2 of 4 servers behind (...)". */
#include "config.h"

#include <stdio.h>

#include "report/report_dnssec.h"
#include "report/report_text.h"
#include "report/unanswered.h"

/* Start a summary part: ", " between parts (never ';': Nagios turns it into ':'). */
static void report_part(struct mp_strbuf *sb, bool *first)
{
	if (!*first)
		mp_strbuf_puts(sb, ", ");
	*first = false;
}

/* The group verdict a finding speaks of. */
static const struct group_verdict *report_group(const struct report_input *r,
						const struct finding *f)
{
	return f->group == JUDGE_ZONE ? &r->v->all : &r->v->groups[f->group];
}

/* "K of N servers WHAT (first offender: detail[, +M more])" for failures of OUTCOME. */
static void report_failures(const struct report_input *r, const struct finding *f,
			    struct mp_strbuf *sb, enum obs_outcome outcome, const char *what)
{
	size_t i = f->server < r->in->n ? f->server : 0; /* the judge names the first */
	const struct server *s = &r->in->servers[i];

	if (outcome == OUTCOME_NO_ADDRESS) {
		mp_strbuf_printf(sb, "%zu NS name%s no address (", f->count,
				 f->count == 1 ? " has" : "s have");
		report_put(sb, s->name);
	} else {
		mp_strbuf_printf(sb, "%zu of %zu servers %s (", f->count, report_group(r, f)->total,
				 what);
		report_put_who(sb, s);
		mp_strbuf_puts(sb, ": ");
		report_put(sb, r->in->obs[i].error);
	}
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more", f->count - 1);
	mp_strbuf_puts(sb, ")");
}

/* "K of N servers behind (worst: name address at S, L behind R[, +M more])"; only
 * "K of N servers behind" when the servers split by MNAME (the lag is between providers). */
static void report_behind(const struct report_input *r, const struct finding *f,
			  struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_group(r, f);
	const struct observation *o = &r->in->obs[f->server];

	mp_strbuf_printf(sb, "%zu of %zu servers behind", f->count, v->total);
	if (judge_find(r->v, FINDING_MNAME_SPLIT, f->group) != NULL)
		return;
	mp_strbuf_puts(sb, " (");
	report_put_who(sb, &r->in->servers[f->server]);
	mp_strbuf_printf(sb, " at %u, %u behind %s%u", o->soa.serial, v->max_lag,
			 v->reference_is_primary ? "primary " : "", v->reference);
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more", f->count - 1);
	mp_strbuf_puts(sb, ")");
}

static void report_ahead(const struct report_input *r, const struct finding *f,
			 struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_group(r, f);
	const struct observation *o = &r->in->obs[f->server];

	mp_strbuf_printf(sb, "%zu of %zu servers ahead of primary (", f->count, v->total);
	report_put_who(sb, &r->in->servers[f->server]);
	mp_strbuf_printf(sb, " at %u, primary at %u", o->soa.serial, v->reference);
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more", f->count - 1);
	mp_strbuf_puts(sb, ")");
}

static void report_mismatch(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct judge_input *in = r->in;

	mp_strbuf_puts(sb, "NS sets differ (");
	if (in->n_parent_only > 0) {
		mp_strbuf_puts(sb, "parent only: ");
		report_name_list(sb, r->parent_only, in->n_parent_only);
	}
	if (in->n_parent_only > 0 && in->n_child_only > 0)
		mp_strbuf_puts(sb, " / ");
	if (in->n_child_only > 0) {
		mp_strbuf_puts(sb, "child only: ");
		report_name_list(sb, r->child_only, in->n_child_only);
	}
	mp_strbuf_puts(sb, ")");
}

/* "MX differs: VALUE (majority) at provider A (4 servers) / VALUE at provider B (2 servers)":
 * every value (up to three) and who serves it; a tie names no culprit. */
static void report_content(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb)
{
	report_put(sb, r->item_names[f->item]);
	mp_strbuf_puts(sb, " differs: ");
	report_content_values(r, f->item, 3, 60, 2, sb);
}

/* "2 providers in sync, content identical (provider A: 2 servers at S, ...)". */
static void report_providers_in_sync(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t g;

	mp_strbuf_printf(sb, "%zu provider%s in sync", r->v->n_groups,
			 r->v->n_groups == 1 ? "" : "s");
	if (r->in->n_items > 0)
		mp_strbuf_puts(sb, ", content identical");
	mp_strbuf_puts(sb, " (");
	for (g = 0; g < r->v->n_groups; g++) {
		const struct group_verdict *gv = &r->v->groups[g];
		mp_strbuf_puts(sb, g > 0 ? ", provider " : "provider ");
		report_put(sb, r->providers[g].label);
		mp_strbuf_printf(sb, ": %zu server%s at %u", gv->in_sync,
				 gv->in_sync == 1 ? "" : "s", gv->reference);
	}
	mp_strbuf_puts(sb, ")");
}

/* The servers that took part in RES with value id V (a server index),
 * "name addr, addr, name2 addr" (up to four addresses), or "N addresses". */
static void report_consistency_who(const struct report_input *r,
				   const struct consistency_result *res, size_t v, size_t count,
				   bool majority, struct mp_strbuf *sb)
{
	size_t i, shown = 0, last_host = SERVERS_NONE;

	if (majority && count > 1) {
		mp_strbuf_printf(sb, "%zu addresses", count);
		return;
	}
	for (i = 0; i < r->in->n && shown < 4; i++) {
		const struct server *s = &r->in->servers[i];
		if (!judge_consistency_serves(r->per_addr, i, res, v))
			continue;
		if (shown++ > 0)
			mp_strbuf_puts(sb, ", ");
		if (s->host == last_host && s->has_addr)
			report_put_addr(sb, s);
		else
			report_put_who(sb, s);
		last_host = s->host;
	}
	if (count > shown)
		mp_strbuf_printf(sb, ", +%zu more", count - shown);
}

/* "SOA RNAME differs: VALUE (who) / VALUE (who)" for consistency result RES. */
void report_consistency(const struct report_input *r, const struct consistency_result *res,
			struct mp_strbuf *sb)
{
	size_t j;
	struct mp_strbuf text = {0};

	mp_strbuf_puts(sb, consistency_name(res->check));
	mp_strbuf_puts(sb, res->check == CONSIST_TIMERS ? " differ: " : " differs: ");
	for (j = 0; j < res->r.n_values; j++) {
		mp_strbuf_puts(sb, j > 0 ? " / " : "");
		mp_strbuf_free(&text);
		consistency_value_text(res->check, &r->in->obs[res->r.value[j]], r->rrsets, &text);
		if (text.failed)
			sb->failed =
			    true; /* the output says "out of memory", not a partial value */
		report_put(sb, mp_strbuf_str(&text));
		mp_strbuf_puts(sb, " (");
		report_consistency_who(r, res, res->r.value[j], res->r.served[j], j == 0, sb);
		mp_strbuf_puts(sb, ")");
	}
	mp_strbuf_free(&text);
}

/* "SOA REFRESH 60 below 1200 (name address)" for --soa-sanity. */
static void report_sanity(const struct report_input *r, const struct finding *f,
			  struct mp_strbuf *sb)
{
	char text[160];

	soa_problem_text(&r->v->sanity[f->item], text, sizeof text);
	mp_strbuf_puts(sb, "SOA ");
	report_put(sb, text);
	mp_strbuf_puts(sb, " (");
	report_put_who(sb, &r->in->servers[f->server]);
	mp_strbuf_puts(sb, ")");
}

/* "no server answered (4 checked: name address: why, +3 more)" for a group down. */
static void report_group_down(const struct report_input *r, const struct finding *f,
			      struct mp_strbuf *sb)
{
	size_t i;

	mp_strbuf_printf(sb, "no server answered (%zu checked", f->count);
	for (i = 0; i < r->in->n; i++)
		if (r->in->group[i] == f->group)
			break;
	if (i < r->in->n) {
		mp_strbuf_puts(sb, ": ");
		report_put_who(sb, &r->in->servers[i]);
		mp_strbuf_puts(sb, ": ");
		report_put(sb, r->in->obs[i].error);
		if (f->count > 1)
			mp_strbuf_printf(sb, ", +%zu more", f->count - 1);
	}
	mp_strbuf_puts(sb, ")");
}

/* "glue differs for NAME (parent: a, b / zone: c)". */
static void report_glue(const struct report_input *r, const struct finding *f, struct mp_strbuf *sb)
{
	mp_strbuf_puts(sb, "glue differs for ");
	report_put(sb, r->glue[f->item].name);
	mp_strbuf_puts(sb, " (parent: ");
	report_put(sb, r->glue[f->item].parent);
	mp_strbuf_puts(sb, " / zone: ");
	report_put(sb, r->glue[f->item].zone);
	mp_strbuf_puts(sb, ")");
}

/* "stale for 2h13m (name address)". */
static void report_latency(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb)
{
	report_stale(&r->per_addr[f->server], sb);
	mp_strbuf_puts(sb, " (");
	report_put_who(sb, &r->in->servers[f->server]);
	mp_strbuf_puts(sb, ")");
}

/* The clause of a serial-rule finding F (about the serials and the failures of its
 * group) into SB. Returns false when F is of another kind. */
static bool report_serial_clause(const struct report_input *r, const struct finding *f,
				 struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_group(r, f);

	switch (f->kind) {
	case FINDING_NO_ANSWER:
		mp_strbuf_printf(sb, "no server answered for the zone (%zu checked)", f->count);
		return true;
	case FINDING_UNORDERABLE:
		mp_strbuf_puts(sb, "serials cannot be ordered (2^31 or more apart)");
		return true;
	case FINDING_INCOMPARABLE:
		mp_strbuf_printf(sb, "%zu serial%s cannot be ordered against primary %u", f->count,
				 f->count == 1 ? "" : "s", v->reference);
		return true;
	case FINDING_BEHIND:
		report_behind(r, f, sb);
		return true;
	case FINDING_AHEAD:
		report_ahead(r, f, sb);
		return true;
	case FINDING_MNAME_SPLIT:
		mp_strbuf_printf(sb,
				 "servers split into %zu groups by SOA MNAME, each in sync "
				 "(--multi-provider judges per provider)",
				 f->count);
		return true;
	case FINDING_UNREACHABLE:
		report_failures(r, f, sb, OUTCOME_UNREACHABLE, "unreachable");
		return true;
	case FINDING_LAME:
		report_failures(r, f, sb, OUTCOME_LAME, "lame");
		return true;
	case FINDING_INVALID:
		report_failures(r, f, sb, OUTCOME_INVALID, "giving invalid answers");
		return true;
	case FINDING_NO_ADDRESS:
		report_failures(r, f, sb, OUTCOME_NO_ADDRESS, "without address");
		return true;
	case FINDING_PRIMARY_FAILED:
		mp_strbuf_puts(sb, "primary did not answer");
		return true;
	case FINDING_IN_SYNC:
		if (r->providers != NULL)
			report_providers_in_sync(r, sb);
		else
			mp_strbuf_printf(sb, "%zu server%s in sync, serial %u", v->in_sync,
					 v->in_sync == 1 ? "" : "s", v->reference);
		return true;
	default:
		return false;
	}
}

/* Write the status-line part of finding F. */
void report_finding(const struct report_input *r, const struct finding *f, struct mp_strbuf *sb)
{
	if (f->group != JUDGE_ZONE && r->providers != NULL) {
		mp_strbuf_puts(sb, "provider ");
		report_put(sb, r->providers[f->group].label);
		mp_strbuf_puts(sb, ": ");
	}
	if (report_serial_clause(r, f, sb))
		return;
	switch (f->kind) {
	case FINDING_CONTENT:
		report_content(r, f, sb);
		break;
	case FINDING_GROUP_EMPTY:
		mp_strbuf_puts(sb, "no NS name matches ");
		report_put(sb, r->providers[f->group].pattern);
		break;
	case FINDING_GROUP_DOWN:
		report_group_down(r, f, sb);
		break;
	case FINDING_CONSISTENCY:
		report_consistency(r, &r->v->consistency[f->item], sb);
		break;
	case FINDING_GLUE:
		report_glue(r, f, sb);
		break;
	case FINDING_GLUE_UNANSWERED:
		report_glue_unanswered_clause(r, f, sb);
		break;
	case FINDING_SANITY:
		report_sanity(r, f, sb);
		break;
	case FINDING_LATENCY:
		report_latency(r, f, sb);
		break;
	case FINDING_DNSSEC:
		report_dnssec_finding(r, f, sb);
		break;
	case FINDING_DNSSEC_PROVIDER:
		report_dnssec_provider_finding(r, f, sb);
		break;
	case FINDING_NS_MISMATCH:
		report_mismatch(r, sb);
		break;
	case FINDING_NOT_JUDGED:
		mp_strbuf_printf(sb, "%zu address%s not judged", f->count,
				 f->count == 1 ? "" : "es");
		break;
	case FINDING_UNCHECKED:
		mp_strbuf_printf(sb, "%zu not checked (limits reached)", f->count);
		break;
	case FINDING_LATENCY_LOST:
		mp_strbuf_puts(sb, "latency not measured: ");
		report_put(sb, r->state_note != NULL && r->state_note[0] != '\0'
				   ? r->state_note
				   : "the state cannot be used");
		break;
	case FINDING_CONTENT_FAILED:
	case FINDING_CONSISTENCY_FAILED:
		report_unanswered_clause(r, f, sb);
		break;

	default: /* the serial rules' findings: report_serial_clause */
		break;
	}
}

/* The summary: every finding as a short part, in the judge's order. */
void report_summary(const struct report_input *r, struct mp_strbuf *sb)
{
	bool first = true;
	size_t i;

	for (i = 0; i < r->v->n_findings; i++) {
		report_part(sb, &first);
		report_finding(r, &r->v->findings[i], sb);
	}
}
