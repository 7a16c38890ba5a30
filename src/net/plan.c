/* plan.c - collect the rows of a round, run them as probes in one poll() loop. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/plan.h"

/* Make room for one more row. Returns false on ENOMEM. */
static bool plan_grow(struct plan *plan)
{
	size_t cap = plan->cap ? plan->cap * 2 : 32;
	struct plan_row *rows;
	struct probe *probes;

	rows = realloc(plan->rows, cap * sizeof *rows);
	if (rows == NULL)
		return false;
	plan->rows = rows;
	probes = realloc(plan->probes, cap * sizeof *probes);
	if (probes == NULL)
		return false;
	plan->probes = probes;
	plan->cap = cap;
	return true;
}

bool plan_add(struct plan *plan, const struct plan_row *row, const struct server_addr *addr,
	      const struct wire_question *q, const struct wire_query_opts *opts)
{
	if (plan->n == plan->cap && !plan_grow(plan)) {
		plan->failed = true;
		return false;
	}
	plan->rows[plan->n] = *row;
	probe_init(&plan->probes[plan->n], addr, q, opts, row->transport == TRANSPORT_TCP);
	plan->n++;
	return true;
}

void plan_run(struct plan *plan, const struct probe_timing *timing, int64_t deadline_us)
{
	size_t i;

	if (plan->n > 0)
		probe_run(plan->probes, plan->n, timing, deadline_us);
	for (i = 0; i < plan->n; i++)
		if (probe_out_of_memory(&plan->probes[i]))
			plan->failed = true;
}

void plan_tally_probes(struct plan_tally *t, const struct probe *probes, size_t n,
		       const struct plan_row *rows)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct probe *p = &probes[i];
		bool tcp = p->tcp_only || p->tc_seen;
		if (p->st.asked_us == 0)
			continue;
		if (rows == NULL)
			t->resolver++;
		else if (rows[i].purpose < PLAN_PURPOSES)
			t->asked[rows[i].purpose]++;
		t->datagrams += p->udp_sends;
		t->tcp += tcp;
	}
}

void plan_tally_add(struct plan_tally *t, const struct plan *plan)
{
	plan_tally_probes(t, plan->probes, plan->n, plan->rows);
}

const char *plan_tally_text(const struct plan_tally *t, char *buf, size_t size)
{
	const size_t *a = t->asked;
	size_t total = t->resolver, i;

	for (i = 0; i < PLAN_PURPOSES; i++)
		total += a[i];
	snprintf(buf, size,
		 "queries: %zu (resolver %zu, delegation %zu, SOA %zu, SOA over TCP %zu, NS %zu, "
		 "content %zu, glue %zu, DNSKEY %zu, DS %zu, CDS and CDNSKEY %zu); %zu datagrams, "
		 "%zu over TCP",
		 total, t->resolver, a[PLAN_DELEGATION], a[PLAN_SOA], a[PLAN_SOA_TCP],
		 a[PLAN_APEX_NS], a[PLAN_CONTENT], a[PLAN_GLUE], a[PLAN_DNSKEY], a[PLAN_DS],
		 a[PLAN_CDS], t->datagrams, t->tcp);
	return buf;
}

void plan_free(struct plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		probe_clear(&plan->probes[i]);
	free(plan->rows);
	free(plan->probes);
	memset(plan, 0, sizeof *plan);
}
