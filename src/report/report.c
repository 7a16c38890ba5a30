/* report.c - format the verdict for a monitoring core: summary, long output, perfdata. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mp/mp_perfdata.h"
#include "mp/mp_text.h"
#include "report/report.h"
#include "judge/serial.h"

/* Append already-escaped TEXT, scrubbing anything that could still end the
 * line or start perfdata (defence in depth: callers pass escaped names). */
static void report_put(struct mp_strbuf *sb, const char *text)
{
	size_t i, start = 0, len = strlen(text);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x20 && c < 0x7f && c != '|')
			continue;
		mp_strbuf_append(sb, text + start, i - start);
		mp_text_append_safe(sb, text + i, 1);
		start = i + 1;
	}
	mp_strbuf_append(sb, text + start, len - start);
}

/* "name address", "name" (no address) or "address" (given as an address). */
static void report_put_who(struct mp_strbuf *sb, const struct server *s)
{
	if (s->name[0] != '\0')
		report_put(sb, s->name);
	if (!s->has_addr)
		return;
	if (s->name[0] != '\0')
		mp_strbuf_puts(sb, " ");
	report_put(sb, s->addr.text);
}

/* Start a summary part: ", " between parts (never ';': Nagios turns it into ':'). */
static void report_part(struct mp_strbuf *sb, bool *first)
{
	if (!*first)
		mp_strbuf_puts(sb, ", ");
	*first = false;
}

/* The first server of group G (JUDGE_ZONE: any) whose outcome is OUTCOME. */
static size_t report_first_with(const struct report_input *r, size_t g, enum obs_outcome outcome)
{
	size_t i;

	for (i = 0; i < r->in->n; i++)
		if (r->in->obs[i].outcome == outcome &&
		    (g == JUDGE_ZONE || r->in->group == NULL || r->in->group[i] == g))
			return i;
	return 0;
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
	size_t i = report_first_with(r, f->group, outcome);
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

static void report_behind(const struct report_input *r, const struct finding *f,
			  struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_group(r, f);
	const struct observation *o = &r->in->obs[f->server];

	mp_strbuf_printf(sb, "%zu of %zu servers behind (", f->count, v->total);
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

/* "a, b, c" from N escaped names. */
static void report_name_list(struct mp_strbuf *sb, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			mp_strbuf_puts(sb, ", ");
		report_put(sb, names[i]);
	}
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

/* Append the display of rrset table value V, escaped, at most MAX bytes of it. */
static void report_value(const struct report_input *r, size_t v, size_t max, struct mp_strbuf *sb)
{
	struct mp_strbuf text = {0};

	if (r->rrsets == NULL || v >= r->rrsets->n) {
		mp_strbuf_puts(sb, "(no answer)");
		return;
	}
	rrset_value_text(&r->rrsets->values[v], max, &text);
	report_put(sb, text.failed ? "(out of memory)" : mp_strbuf_str(&text));
	mp_strbuf_free(&text);
}

/* "MX differs (provider L: VALUE, +N more)" or "(name address: VALUE, +N more)". */
static void report_content(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb)
{
	size_t i = f->server;

	report_put(sb, r->item_names[f->item]);
	mp_strbuf_puts(sb, " differs (");
	if (r->providers != NULL && r->in->group != NULL) {
		mp_strbuf_puts(sb, "provider ");
		report_put(sb, r->providers[r->in->group[i]].label);
	} else {
		report_put_who(sb, &r->in->servers[i]);
	}
	mp_strbuf_puts(sb, ": ");
	report_value(r, judge_content_of(r->in, i, f->item), 60, sb);
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more server%s", f->count - 1, f->count > 2 ? "s" : "");
	mp_strbuf_puts(sb, ")");
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

/* The servers whose value id in IDS is V (a server index),
 * "name addr, addr, name2 addr" (up to four addresses), or "N addresses". */
static void report_consistency_who(const struct report_input *r, const size_t *ids, size_t v,
				   size_t count, bool majority, struct mp_strbuf *sb)
{
	size_t i, shown = 0, last_host = SERVERS_NONE;

	if (majority && count > 1) {
		mp_strbuf_printf(sb, "%zu addresses", count);
		return;
	}
	for (i = 0; i < r->in->n && shown < 4; i++) {
		const struct server *s = &r->in->servers[i];
		if (ids[i] != v)
			continue;
		if (shown++ > 0)
			mp_strbuf_puts(sb, ", ");
		if (s->host == last_host && s->has_addr)
			report_put(sb, s->addr.text);
		else
			report_put_who(sb, s);
		last_host = s->host;
	}
	if (count > shown)
		mp_strbuf_printf(sb, ", +%zu more", count - shown);
}

void report_consistency_ids(const struct report_input *r, const struct consistency_result *res,
			    size_t *ids)
{
	bool eligible[SERVERS_MAX];
	size_t i, n = r->in->n < SERVERS_MAX ? r->in->n : SERVERS_MAX;

	for (i = 0; i < n; i++)
		eligible[i] = r->per_addr[i].kind == ADDR_IN_SYNC &&
			      (res->group == JUDGE_ZONE || r->in->group[i] == res->group);
	consistency_ids(res->check, r->in->obs, eligible, n, ids);
}

/* "SOA RNAME differs: VALUE (who) / VALUE (who)" for consistency result RES. */
static void report_consistency(const struct report_input *r, const struct consistency_result *res,
			       struct mp_strbuf *sb)
{
	size_t ids[SERVERS_MAX];
	size_t j;
	struct mp_strbuf text = {0};

	report_consistency_ids(r, res, ids);
	mp_strbuf_puts(sb, consistency_name(res->check));
	mp_strbuf_puts(sb, res->check == CONSIST_TIMERS ? " differ: " : " differs: ");
	for (j = 0; j < res->r.n_values; j++) {
		mp_strbuf_puts(sb, j > 0 ? " / " : "");
		mp_strbuf_free(&text);
		consistency_value_text(res->check, &r->in->obs[res->r.value[j]], r->rrsets, &text);
		report_put(sb, text.failed ? "(out of memory)" : mp_strbuf_str(&text));
		mp_strbuf_puts(sb, " (");
		report_consistency_who(r, ids, res->r.value[j], res->r.served[j], j == 0, sb);
		mp_strbuf_puts(sb, ")");
	}
	mp_strbuf_free(&text);
}

/* A duration for people: "45s", "12m", "2h13m", "3d4h". */
static void report_duration(int64_t seconds, struct mp_strbuf *sb)
{
	if (seconds < 60)
		mp_strbuf_printf(sb, "%llds", (long long)seconds);
	else if (seconds < 3600)
		mp_strbuf_printf(sb, "%lldm", (long long)(seconds / 60));
	else if (seconds < 86400)
		mp_strbuf_printf(sb, "%lldh%02lldm", (long long)(seconds / 3600),
				 (long long)(seconds % 3600 / 60));
	else
		mp_strbuf_printf(sb, "%lldd%lldh", (long long)(seconds / 86400),
				 (long long)(seconds % 86400 / 3600));
}

/* "stale for 2h13m" or "stale for at least 4d0h" for address verdict A. */
static void report_stale(const struct addr_verdict *a, struct mp_strbuf *sb)
{
	mp_strbuf_puts(sb, a->latency_bound ? "stale for at least " : "stale for ");
	report_duration(a->latency, sb);
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

/* Write the status-line part of finding F. */
static void report_finding(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb)
{
	const struct group_verdict *v = report_group(r, f);

	if (f->group != JUDGE_ZONE && r->providers != NULL) {
		mp_strbuf_puts(sb, "provider ");
		report_put(sb, r->providers[f->group].label);
		mp_strbuf_puts(sb, ": ");
	}
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
		mp_strbuf_puts(sb, "glue differs for ");
		report_put(sb, r->glue[f->item].name);
		mp_strbuf_puts(sb, " (parent: ");
		report_put(sb, r->glue[f->item].parent);
		mp_strbuf_puts(sb, " / zone: ");
		report_put(sb, r->glue[f->item].zone);
		mp_strbuf_puts(sb, ")");
		break;
	case FINDING_SANITY:
		report_sanity(r, f, sb);
		break;
	case FINDING_LATENCY:
		report_stale(&r->per_addr[f->server], sb);
		mp_strbuf_puts(sb, " (");
		report_put_who(sb, &r->in->servers[f->server]);
		mp_strbuf_puts(sb, ")");
		break;
	case FINDING_NO_ANSWER:
		mp_strbuf_printf(sb, "no server answered for the zone (%zu checked)", f->count);
		break;
	case FINDING_UNORDERABLE:
		mp_strbuf_puts(sb, "serials cannot be ordered (2^31 or more apart)");
		break;
	case FINDING_INCOMPARABLE:
		mp_strbuf_printf(sb, "%zu serial%s cannot be ordered against primary %u", f->count,
				 f->count == 1 ? "" : "s", v->reference);
		break;
	case FINDING_BEHIND:
		report_behind(r, f, sb);
		break;
	case FINDING_AHEAD:
		report_ahead(r, f, sb);
		break;
	case FINDING_UNREACHABLE:
		report_failures(r, f, sb, OUTCOME_UNREACHABLE, "unreachable");
		break;
	case FINDING_LAME:
		report_failures(r, f, sb, OUTCOME_LAME, "lame");
		break;
	case FINDING_INVALID:
		report_failures(r, f, sb, OUTCOME_INVALID, "giving invalid answers");
		break;
	case FINDING_NO_ADDRESS:
		report_failures(r, f, sb, OUTCOME_NO_ADDRESS, "without address");
		break;
	case FINDING_PRIMARY_FAILED:
		mp_strbuf_puts(sb, "primary did not answer");
		break;
	case FINDING_NS_MISMATCH:
		report_mismatch(r, sb);
		break;
	case FINDING_IN_SYNC:
		if (r->providers != NULL)
			report_providers_in_sync(r, sb);
		else
			mp_strbuf_printf(sb, "%zu server%s in sync, serial %u", v->in_sync,
					 v->in_sync == 1 ? "" : "s", v->reference);
		break;
	case FINDING_UNCHECKED:
		mp_strbuf_printf(sb, "%zu not checked (limits reached)", f->count);
		break;
	}
}

/* The summary: every finding as a short part, in the judge's order. */
static void report_summary(const struct report_input *r, struct mp_strbuf *sb)
{
	bool first = true;
	size_t i;

	for (i = 0; i < r->v->n_findings; i++) {
		report_part(sb, &first);
		report_finding(r, &r->v->findings[i], sb);
	}
}

/* Perfdata label "PREFIX_name_address" (escaped by mp_perf). */
static void report_addr_perf(struct mp_strbuf *sb, const char *prefix, const struct server *s,
			     double value, const char *uom, const struct mp_range *w,
			     const struct mp_range *c)
{
	char label[OBS_NAME_MAX + OBS_ADDR_MAX + 16];
	struct mp_perf p;

	if (s->name[0] != '\0')
		snprintf(label, sizeof label, "%s_%s_%s", prefix, s->name, s->addr.text);
	else
		snprintf(label, sizeof label, "%s_%s", prefix, s->addr.text);
	memset(&p, 0, sizeof p);
	p.label = label;
	p.value = value;
	p.uom = uom;
	p.warn = w;
	p.crit = c;
	p.has_min = value >= 0; /* a server ahead of the primary has a negative lag */
	mp_perf_append(sb, &p);
}

/* The group verdict server I is judged in. */
static const struct group_verdict *report_addr_group(const struct report_input *r, size_t i)
{
	if (r->in->group == NULL || r->v->n_groups <= 1 || r->in->group[i] >= r->v->n_groups)
		return &r->v->all;
	return &r->v->groups[r->in->group[i]];
}

static void report_count_perf(struct mp_strbuf *sb, const char *label, double value,
			      const struct mp_range *w, const struct mp_range *c, bool has_min)
{
	struct mp_perf p;

	memset(&p, 0, sizeof p);
	p.label = label;
	p.value = value;
	p.warn = w;
	p.crit = c;
	p.has_min = has_min;
	mp_perf_append(sb, &p);
}

/* LABEL=Ns;warn;crit;0 with the latency thresholds. */
static void report_latency_perf(struct mp_strbuf *sb, const char *label, double value,
				const struct judge_config *cfg)
{
	struct mp_perf p;

	memset(&p, 0, sizeof p);
	p.label = label;
	p.value = value;
	p.uom = "s";
	p.warn = cfg->warn_latency;
	p.crit = cfg->crit_latency;
	p.has_min = true;
	mp_perf_append(sb, &p);
}

/* Per provider: servers_L, in_sync_L, failed_L, lag_max_L, serial_L. */
static void report_provider_perfdata(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct judge_config *cfg = r->cfg;
	char label[OBS_NAME_MAX + 16];
	size_t g;

	for (g = 0; r->providers != NULL && g < r->v->n_groups; g++) {
		const struct group_verdict *gv = &r->v->groups[g];
		const char *name = r->providers[g].label;
		snprintf(label, sizeof label, "servers_%s", name);
		report_count_perf(sb, label, (double)gv->total, NULL, NULL, true);
		snprintf(label, sizeof label, "in_sync_%s", name);
		report_count_perf(sb, label, (double)gv->in_sync, NULL, NULL, true);
		snprintf(label, sizeof label, "failed_%s", name);
		report_count_perf(sb, label, (double)gv->failed, cfg->warn_failed, cfg->crit_failed,
				  true);
		snprintf(label, sizeof label, "lag_max_%s", name);
		report_count_perf(sb, label, (double)gv->max_lag, cfg->warn_lag, cfg->crit_lag,
				  true);
		snprintf(label, sizeof label, "serial_%s", name);
		if (gv->has_reference)
			report_count_perf(sb, label, (double)gv->reference, NULL, NULL, false);
	}
}

static void report_perfdata(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct group_verdict *v = &r->v->all;
	const struct judge_config *cfg = r->cfg;
	size_t i;

	report_count_perf(sb, "servers", (double)v->total, NULL, NULL, true);
	report_count_perf(sb, "in_sync", (double)v->in_sync, NULL, NULL, true);
	report_count_perf(sb, "failed", (double)v->failed, cfg->warn_failed, cfg->crit_failed,
			  true);
	report_count_perf(sb, "lag_max", (double)v->max_lag, cfg->warn_lag, cfg->crit_lag, true);
	if (v->has_reference)
		report_count_perf(sb, "serial", (double)v->reference, NULL, NULL, false);
	if (r->v->latency_known)
		report_latency_perf(sb, "latency_max", (double)r->v->latency_max, cfg);
	report_provider_perfdata(r, sb);
	for (i = 0; i < r->in->n; i++) {
		const struct observation *o = &r->in->obs[i];
		const struct server *s = &r->in->servers[i];
		const struct addr_verdict *a = &r->per_addr[i];
		if (!s->has_addr || o->rcode < 0)
			continue;
		report_addr_perf(sb, "rtt", s, (double)o->rtt_us / 1e6, "s", NULL, NULL);
		if (a->kind == ADDR_IN_SYNC || a->kind == ADDR_BEHIND)
			report_addr_perf(sb, "lag", s, (double)a->lag, "", cfg->warn_lag,
					 cfg->crit_lag);
		if (a->latency_known)
			report_addr_perf(sb, "latency", s, (double)a->latency, "s",
					 cfg->warn_latency, cfg->crit_latency);
		if (a->kind == ADDR_AHEAD)
			report_addr_perf(sb, "lag", s,
					 -(double)serial_distance(
					     report_addr_group(r, i)->reference, o->soa.serial),
					 "", cfg->warn_lag, cfg->crit_lag);
	}
}

/* Sort rank of an address in the long output: failures first, in sync last. */
static int report_rank(const struct addr_verdict *a)
{
	switch (a->kind) {
	case ADDR_FAILED:
		return 0;
	case ADDR_INCOMPARABLE:
	case ADDR_UNJUDGED:
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

/* A provider's state: the worst of its rules and of its servers' lines; an
 * empty or silent provider is at least a WARNING. */
static enum mp_state report_group_state(const struct report_input *r, size_t g)
{
	const struct group_verdict *gv = &r->v->groups[g];
	enum mp_state state = gv->state;
	size_t i;

	if (gv->total == 0 || gv->answered == 0)
		state = mp_state_worst(state, MP_WARNING);
	for (i = 0; i < r->in->n; i++)
		if (r->in->group[i] == g)
			state = mp_state_worst(state, r->per_addr[i].state);
	return state;
}

/* One block per provider: "[STATE] provider L (by mname): serial S, K of N in sync". */
static void report_provider_blocks(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t g;

	for (g = 0; g < r->v->n_groups; g++) {
		const struct group_verdict *gv = &r->v->groups[g];
		enum mp_state state = report_group_state(r, g);
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
}

/* Who serves value V of ITEM: providers with their server counts, or up to four addresses. */
static void report_value_servers(const struct report_input *r, size_t item, size_t v,
				 struct mp_strbuf *sb)
{
	size_t i, g, shown = 0, count = 0;

	for (g = 0; r->providers != NULL && g < r->v->n_groups; g++) {
		for (i = 0, count = 0; i < r->in->n; i++)
			if (r->in->group[i] == g && r->per_addr[i].kind == ADDR_IN_SYNC &&
			    judge_content_of(r->in, i, item) == v)
				count++;
		if (count == 0)
			continue;
		mp_strbuf_puts(sb, shown++ > 0 ? ", provider " : "provider ");
		report_put(sb, r->providers[g].label);
		mp_strbuf_printf(sb, " (%zu server%s)", count, count == 1 ? "" : "s");
	}
	for (i = 0; r->providers == NULL && i < r->in->n; i++) {
		if (r->per_addr[i].kind != ADDR_IN_SYNC || judge_content_of(r->in, i, item) != v)
			continue;
		if (count++ < 4) {
			mp_strbuf_puts(sb, shown++ > 0 ? ", " : "");
			report_put_who(sb, &r->in->servers[i]);
		}
	}
	if (count > 4 && r->providers == NULL)
		mp_strbuf_printf(sb, ", +%zu more", count - 4);
}

/* One line per compared RRset that differs: each value and who serves it. */
static void report_content_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t k, j;

	for (k = 0; k < r->v->n_content; k++) {
		const struct content_result *c = &r->v->content[k];
		if (c->odd == 0)
			continue;
		mp_strbuf_printf(sb, "[%s] ", mp_state_name(r->cfg->content_mismatch_state));
		report_put(sb, r->item_names[k]);
		mp_strbuf_puts(sb, " differs: ");
		for (j = 0; j < c->n_values; j++) {
			mp_strbuf_puts(sb, j > 0 ? " / " : "");
			report_value(r, c->value[j], 200, sb);
			mp_strbuf_puts(sb, " at ");
			report_value_servers(r, k, c->value[j], sb);
		}
		if (c->extra_values > 0)
			mp_strbuf_printf(sb, " / %zu more values", c->extra_values);
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
		mp_strbuf_printf(sb, "[%s] ", mp_state_name(r->cfg->consistency_mismatch_state));
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

static void report_long_output(const struct report_input *r, struct mp_strbuf *sb)
{
	if (r->providers == NULL && r->mname_groups >= 2)
		mp_strbuf_printf(
		    sb,
		    "hint: the servers split into %zu groups by SOA MNAME, each at its "
		    "own serial: the zone looks multi-provider (--multi-provider judges "
		    "each provider on its own)\n",
		    r->mname_groups);
	if (r->providers != NULL)
		report_provider_blocks(r, sb);
	else
		report_address_lines(r, JUDGE_ZONE, "", sb);
	report_content_lines(r, sb);
	report_consistency_lines(r, sb);
	report_glue_lines(r, sb);
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

/* Append status-line TEXT to OUT with every ';' written as \059: Nagios, Naemon and
 * Centreon Engine rewrite ';' to ':'. The DNS escape \; becomes \059 as well. */
static void report_put_status(struct mp_strbuf *out, const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		size_t run = strcspn(p, "\\;");
		mp_strbuf_append(out, p, run);
		p += run;
		if (*p == ';' || (p[0] == '\\' && p[1] == ';')) {
			mp_strbuf_puts(out, "\\059");
			p += *p == ';' ? 1 : 2;
		} else if (*p == '\\') { /* a two-byte escape whole: after \\ a ';' is bare */
			mp_strbuf_append(out, p, p[1] != '\0' ? 2 : 1);
			p += p[1] != '\0' ? 2 : 1;
		}
	}
}

/* Write the status line text of SUMMARY (filled by the caller) to OUT, scrubbed of ';'. */
static void report_put_summary(struct mp_strbuf *out, struct mp_strbuf *summary)
{
	if (summary->failed)
		out->failed = true;
	report_put_status(out, mp_strbuf_str(summary));
	mp_strbuf_free(summary);
}

void report_status_summary(const struct report_input *r, struct mp_strbuf *out)
{
	struct mp_strbuf summary = {0};

	report_put(&summary, r->zone);
	mp_strbuf_puts(&summary, ": ");
	report_summary(r, &summary);
	report_put_summary(out, &summary);
}

void report_result(const struct report_input *r, struct mp_strbuf *out)
{
	mp_strbuf_printf(out, "SOA %s - ", mp_state_name(r->v->state));
	report_status_summary(r, out);
	mp_strbuf_puts(out, " |");
	report_perfdata(r, out);
	mp_strbuf_puts(out, "\n");
	report_long_output(r, out);
}

void report_failure_summary(const char *zone, const char *detail, struct mp_strbuf *out)
{
	struct mp_strbuf summary = {0};

	if (zone != NULL) {
		report_put(&summary, zone);
		mp_strbuf_puts(&summary, ": ");
	}
	report_put(&summary, detail);
	report_put_summary(out, &summary);
}

void report_failure(const char *zone, enum mp_state state, const char *detail,
		    struct mp_strbuf *out)
{
	mp_strbuf_printf(out, "SOA %s - ", mp_state_name(state));
	report_failure_summary(zone, detail, out);
	mp_strbuf_puts(out, "\n");
}
