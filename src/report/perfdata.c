/* perfdata.c - the performance data after the status line's "|": counts, lags, RTTs, latency. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mp/mp_perfdata.h"
#include "judge/serial.h"
#include "report/report_dnssec.h"
#include "report/report_text.h"

/* Perfdata label "PREFIX_name_address" (escaped by mp_perf). */
static void report_addr_perf(struct mp_strbuf *sb, const char *prefix, const struct server *s,
			     double value, const char *uom, const struct mp_range *w,
			     const struct mp_range *c)
{
	char label[OBS_NAME_MAX + OBS_ADDR_MAX + 24], port[8] = "";
	struct mp_perf p;

	if (s->shown_port != 0) /* "#5300": the same address at two ports is two servers */
		snprintf(port, sizeof port, "#%u", (unsigned)s->shown_port);
	if (s->name[0] != '\0')
		snprintf(label, sizeof label, "%s_%s_%s%s", prefix, s->name, s->addr.text, port);
	else
		snprintf(label, sizeof label, "%s_%s%s", prefix, s->addr.text, port);
	memset(&p, 0, sizeof p);
	p.label = label;
	p.value = value;
	p.uom = uom;
	p.warn = w;
	p.crit = c;
	p.has_min = value >= 0; /* a server ahead of the primary has a negative lag */
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

void report_perfdata(const struct report_input *r, struct mp_strbuf *sb)
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
	if (r->v->latency_measured) /* a bound is in the long output, not a graph */
		report_latency_perf(sb, "latency_max", (double)r->v->latency_max, cfg);
	report_provider_perfdata(r, sb);
	report_dnssec_perfdata(r, sb);
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
		if (a->latency_known && !a->latency_bound)
			report_addr_perf(sb, "latency", s, (double)a->latency, "s",
					 cfg->warn_latency, cfg->crit_latency);
		if (a->kind == ADDR_AHEAD)
			report_addr_perf(sb, "lag", s,
					 -(double)serial_distance(
					     report_addr_group(r, i)->reference, o->soa.serial),
					 "", cfg->warn_lag, cfg->crit_lag);
	}
}
