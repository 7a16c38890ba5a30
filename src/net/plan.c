/* plan.c - collect the rows of a round, run them as probes in one poll() loop. */
#include "config.h"

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
	if (plan->n > 0)
		probe_run(plan->probes, plan->n, timing, deadline_us);
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
