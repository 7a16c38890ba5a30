/* report.c - format the verdict for a monitoring core: summary, long output, perfdata. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mp_perfdata.h"
#include "mp_text.h"
#include "report.h"

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
static void report_put_who(struct mp_strbuf *sb, const struct observation *o)
{
	if (o->ns_name[0] != '\0')
		report_put(sb, o->ns_name);
	if (o->outcome == OUTCOME_NO_ADDRESS)
		return;
	if (o->ns_name[0] != '\0')
		mp_strbuf_puts(sb, " ");
	report_put(sb, o->addr.text);
}

/* Start a summary part: ", " between parts (never ';': Nagios rewrites it to ':'). */
static void report_part(struct mp_strbuf *sb, bool *first)
{
	if (!*first)
		mp_strbuf_puts(sb, ", ");
	*first = false;
}

/* "K of N servers WHAT (first offender: detail[, +M more])" for failures of OUTCOME. */
static void report_failures(const struct report_input *r, struct mp_strbuf *sb, bool *first,
			    enum obs_outcome outcome, size_t count, const char *what)
{
	const struct observation *o = NULL;
	size_t i;

	if (count == 0)
		return;
	for (i = 0; i < r->in->n && o == NULL; i++)
		if (r->in->obs[i].outcome == outcome)
			o = &r->in->obs[i];
	report_part(sb, first);
	if (outcome == OUTCOME_NO_ADDRESS) {
		mp_strbuf_printf(sb, "%zu NS name%s no address (", count,
				 count == 1 ? " has" : "s have");
		report_put(sb, o->ns_name);
	} else {
		mp_strbuf_printf(sb, "%zu of %zu servers %s (", count, r->v->total, what);
		report_put_who(sb, o);
		mp_strbuf_puts(sb, ": ");
		report_put(sb, o->error);
	}
	if (count > 1)
		mp_strbuf_printf(sb, ", +%zu more", count - 1);
	mp_strbuf_puts(sb, ")");
}

static void report_behind(const struct report_input *r, struct mp_strbuf *sb, bool *first)
{
	const struct verdict *v = r->v;
	const struct observation *o = &r->in->obs[v->worst_behind];

	if (v->behind == 0)
		return;
	report_part(sb, first);
	mp_strbuf_printf(sb, "%zu of %zu servers behind (", v->behind, v->total);
	report_put_who(sb, o);
	mp_strbuf_printf(sb, " at %u, %u behind %s%u", o->soa.serial, v->max_lag,
			 v->reference_is_primary ? "primary " : "", v->reference);
	if (v->behind > 1)
		mp_strbuf_printf(sb, ", +%zu more", v->behind - 1);
	mp_strbuf_puts(sb, ")");
}

static void report_ahead(const struct report_input *r, struct mp_strbuf *sb, bool *first)
{
	const struct verdict *v = r->v;
	const struct observation *o = &r->in->obs[v->first_ahead];

	if (v->ahead == 0)
		return;
	report_part(sb, first);
	mp_strbuf_printf(sb, "%zu of %zu servers ahead of primary (", v->ahead, v->total);
	report_put_who(sb, o);
	mp_strbuf_printf(sb, " at %u, primary at %u", o->soa.serial, v->reference);
	if (v->ahead > 1)
		mp_strbuf_printf(sb, ", +%zu more", v->ahead - 1);
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

static void report_mismatch(const struct report_input *r, struct mp_strbuf *sb, bool *first)
{
	const struct judge_input *in = r->in;

	if (!in->ns_compared || in->n_parent_only + in->n_child_only == 0)
		return;
	report_part(sb, first);
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

/* The summary: every problem as a short part, or the all-good sentence. */
static void report_summary(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct verdict *v = r->v;
	bool first = true;

	if (v->answered == 0) {
		report_part(sb, &first);
		mp_strbuf_printf(sb, "no server answered for the zone (%zu checked)", v->total);
	}
	if (v->unorderable) {
		report_part(sb, &first);
		mp_strbuf_puts(sb, "serials cannot be ordered (2^31 or more apart)");
	}
	if (v->incomparable > 0) {
		report_part(sb, &first);
		mp_strbuf_printf(sb, "%zu serial%s cannot be ordered against primary %u",
				 v->incomparable, v->incomparable == 1 ? "" : "s", v->reference);
	}
	report_behind(r, sb, &first);
	report_ahead(r, sb, &first);
	report_failures(r, sb, &first, OUTCOME_UNREACHABLE, v->unreachable, "unreachable");
	report_failures(r, sb, &first, OUTCOME_LAME, v->lame, "lame");
	report_failures(r, sb, &first, OUTCOME_INVALID, v->invalid, "giving invalid answers");
	report_failures(r, sb, &first, OUTCOME_NO_ADDRESS, v->no_address, "without address");
	if (v->primary_failed) {
		report_part(sb, &first);
		mp_strbuf_puts(sb, "primary did not answer");
	}
	report_mismatch(r, sb, &first);
	if (first) /* no problem: say so, even when limits left servers unchecked */
		mp_strbuf_printf(sb, "%zu server%s in sync, serial %u", v->in_sync,
				 v->in_sync == 1 ? "" : "s", v->reference);
	if (r->in->unchecked > 0)
		mp_strbuf_printf(sb, ", %zu not checked (limits reached)", r->in->unchecked);
}

/* Perfdata label "PREFIX_name_address" (escaped by mp_perf). */
static void report_addr_perf(struct mp_strbuf *sb, const char *prefix, const struct observation *o,
			     double value, const char *uom, const struct mp_range *w,
			     const struct mp_range *c)
{
	char label[OBS_NAME_MAX + OBS_ADDR_MAX + 16];
	struct mp_perf p;

	if (o->ns_name[0] != '\0')
		snprintf(label, sizeof label, "%s_%s_%s", prefix, o->ns_name, o->addr.text);
	else
		snprintf(label, sizeof label, "%s_%s", prefix, o->addr.text);
	memset(&p, 0, sizeof p);
	p.label = label;
	p.value = value;
	p.uom = uom;
	p.warn = w;
	p.crit = c;
	p.has_min = true;
	mp_perf_append(sb, &p);
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

static void report_perfdata(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct verdict *v = r->v;
	const struct judge_config *cfg = r->cfg;
	size_t i;

	report_count_perf(sb, "servers", (double)v->total, NULL, NULL, true);
	report_count_perf(sb, "in_sync", (double)v->in_sync, NULL, NULL, true);
	report_count_perf(sb, "failed", (double)v->failed, cfg->warn_failed, cfg->crit_failed,
			  true);
	report_count_perf(sb, "lag_max", (double)v->max_lag, cfg->warn_lag, cfg->crit_lag, true);
	if (v->has_reference)
		report_count_perf(sb, "serial", (double)v->reference, NULL, NULL, false);
	for (i = 0; i < r->in->n; i++) {
		const struct observation *o = &r->in->obs[i];
		const struct addr_verdict *a = &r->per_addr[i];
		if (o->outcome == OUTCOME_NO_ADDRESS || o->rcode < 0)
			continue;
		report_addr_perf(sb, "rtt", o, (double)o->rtt_us / 1e6, "s", NULL, NULL);
		if (a->kind == ADDR_IN_SYNC || a->kind == ADDR_BEHIND)
			report_addr_perf(sb, "lag", o, (double)a->lag, "", cfg->warn_lag,
					 cfg->crit_lag);
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
static void report_answer_detail(const struct report_input *r, const struct observation *o,
				 const struct addr_verdict *a, struct mp_strbuf *sb)
{
	const struct verdict *v = r->v;

	mp_strbuf_printf(sb, "serial %u", o->soa.serial);
	if (a->kind == ADDR_BEHIND)
		mp_strbuf_printf(sb, " (%u behind %s%u)", a->lag,
				 v->reference_is_primary ? "primary " : "", v->reference);
	else if (a->kind == ADDR_AHEAD)
		mp_strbuf_printf(sb, " (ahead of primary %u)", v->reference);
	else if (a->kind == ADDR_INCOMPARABLE || a->kind == ADDR_UNJUDGED)
		mp_strbuf_puts(sb, " (cannot be ordered)");
	mp_strbuf_printf(sb, ", %.1f ms", (double)o->rtt_us / 1000.0);
}

static void report_line(const struct report_input *r, size_t i, struct mp_strbuf *sb)
{
	const struct observation *o = &r->in->obs[i];
	const struct addr_verdict *a = &r->per_addr[i];
	char why[OBS_ERROR_MAX + 32];

	mp_strbuf_printf(sb, "[%s] ", mp_state_name(a->state));
	report_put_who(sb, o);
	if (o->origin & ORIGIN_PRIMARY)
		mp_strbuf_puts(sb, " (primary)");
	mp_strbuf_puts(sb, ": ");
	if (o->outcome == OUTCOME_ANSWERED)
		report_answer_detail(r, o, a, sb);
	else
		report_put(sb, observation_describe_failure(o, why, sizeof why));
	if (o->outcome != OUTCOME_ANSWERED && o->has_soa)
		mp_strbuf_printf(sb, ", serial %u", o->soa.serial);
	if (o->transport == TRANSPORT_TCP)
		mp_strbuf_puts(sb, o->tc_seen ? ", TCP after truncated UDP answer" : ", TCP");
	if (r->show_nsid && o->outcome != OUTCOME_NO_ADDRESS) {
		mp_strbuf_puts(sb, ", NSID ");
		report_put(sb, o->nsid[0] ? o->nsid : "(none)");
	}
	mp_strbuf_puts(sb, "\n");
}

static void report_long_output(const struct report_input *r, struct mp_strbuf *sb)
{
	int rank;
	size_t i;

	for (rank = 0; rank <= 5; rank++)
		for (i = 0; i < r->in->n; i++)
			if (report_rank(&r->per_addr[i]) == rank)
				report_line(r, i, sb);
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
