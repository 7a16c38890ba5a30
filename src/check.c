/* check.c - one check: options -> servers (discover, lookup; frozen) -> plan -> query -> judge ->
 * report. Orchestration only: each stage's work is in its folder, its config in check_config.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "check_config.h"
#include "core/dname.h"
#include "net/clock.h"
#include "net/plan.h"
#include "query/glue.h"
#include "query/items.h"
#include "query/query.h"
#include "report/report.h"
#include "report/report_json.h"
#include "servers/discover.h"
#include "servers/lookup.h"
#include "servers/resolvconf.h"
#include "servers/servers.h"
#include "core/trace.h"

#define CHECK_RESERVE_US     30000 /* kept back from -t for saving the state, judging, printing */
#define CHECK_PRINT_US       10000 /* of which judging and printing keep this from the save */
#define CHECK_RESOLV_CONF    "/etc/resolv.conf"
#define CHECK_GLUE_DIFFS_MAX 16 /* names whose glue differences (or unanswered glue) are named */
#define CHECK_ROUNDS_MAX     3  /* rounds after the first, for names the parent or the zone adds */

/* State shared by the stages of one run; owned here, freed by check_free. */
struct check {
	const struct check_config *cfg;
	ldns_rdf *zone;
	char zone_text[OBS_NAME_MAX];
	struct server_addr resolvers[OPT_RESOLVERS_MAX];
	struct net_ctx net;
	struct plan_tally tally; /* queries sent, by purpose (-v) */
	int64_t end_us;          /* the end of -t (clock_now_us): the state save stops before it */
	struct server_list servers; /* discovery and lookup add, then frozen */
	struct answers answers;     /* what each server said, in the list's order */
	struct query_opts query;    /* what each server is asked */
	struct query_items items;   /* compared RRsets (--compare), then glue checks */
	struct delegation deleg;
	bool discovered; /* the delegation is known: deleg and ORIGIN_PARENT are filled in */
};

static void check_free(struct check *c)
{
	query_items_free(&c->items);
	ldns_rdf_deep_free(c->zone);
	servers_free(&c->servers);
	answers_free(&c->answers);
}

/* Write the output in the format the user chose: the report R of a completed
 * check, or (R NULL) the DETAIL of a check that could not complete. */
static void check_output(const struct check *c, enum mp_state state, const struct report_input *r,
			 const char *detail, struct mp_strbuf *out)
{
	struct report_json_input j;

	if (!c->cfg->json) {
		if (r != NULL)
			report_result(r, out);
		else
			report_failure(c->zone_text, state, detail, out);
		return;
	}
	memset(&j, 0, sizeof j);
	j.state = state;
	j.zone = c->zone != NULL ? c->zone_text : NULL;
	j.error = r != NULL ? NULL : detail;
	j.r = r;
	j.ns = &c->servers;
	j.parent_zone = c->discovered ? c->deleg.parent : NULL;
	j.parent_ns_known = c->discovered;
	j.show_nsid = c->cfg->show_nsid;
	report_json_write(&j, out);
}

static enum mp_state check_fail(struct check *c, enum mp_state state, const char *detail,
				struct mp_strbuf *out)
{
	check_output(c, state, NULL, detail, out);
	return state;
}

/* Set up zone, resolvers, deadline (-t from START_US) and timing. Returns 0 or -1
 * (DETAIL set). */
static int check_setup(struct check *c, int64_t start_us, char *detail, size_t size)
{
	const struct check_config *cfg = c->cfg;

	enum dname_error err = dname_parse(cfg->zone, &c->zone);

	if (err != DNAME_OK) {
		snprintf(detail, size, "%s",
			 err == DNAME_NO_MEMORY ? "out of memory" : "invalid zone name");
		return -1;
	}
	dname_display(c->zone, c->zone_text, sizeof c->zone_text);
	if (cfg->n_resolvers > 0) {
		memcpy(c->resolvers, cfg->resolvers, cfg->n_resolvers * sizeof c->resolvers[0]);
		c->net.n_resolvers = cfg->n_resolvers;
	} else {
		c->net.n_resolvers =
		    resolvconf_load(CHECK_RESOLV_CONF, c->resolvers, RESOLVCONF_MAX);
	}
	c->net.resolvers = c->resolvers;
	c->net.timing = probe_timing_for(cfg->give_up_us);
	c->end_us = start_us + cfg->budget_us;
	c->net.deadline_us =
	    c->end_us - (cfg->budget_us > 2 * CHECK_RESERVE_US ? CHECK_RESERVE_US : 0);
	c->net.family = cfg->family;
	c->net.ns_port = cfg->port;
	c->net.tally = &c->tally;
	c->servers.port = cfg->port; /* an address at another port shows it */
	return 0;
}

/* What each server is asked: the query options with the run's items. */
static void check_sync_items(struct check *c)
{
	c->query.items = c->items.items;
	c->query.n_items = c->items.n;
}

/* Glue-check items for the in-bailiwick NS names known now (with glue only,
 * when GLUED), asked in the round about to start: never a round of their own.
 * On ENOMEM the answers are incomplete (UNKNOWN), never a silent gap. */
static void check_add_glue_items(struct check *c, bool glued)
{
	if (!c->cfg->glue)
		return;
	if (!query_glue_items_add(&c->items, &c->servers, c->zone, c->net.family, glued))
		c->answers.failed = true;
	check_sync_items(c);
}

/* Add the servers given with -n, and the primary (-P). */
static void check_add_user_servers(struct check *c)
{
	size_t i;

	for (i = 0; i < c->cfg->n_servers; i++) {
		const struct check_user_server *u = &c->cfg->servers[i];
		ldns_rdf *name = NULL;
		if (u->is_address) {
			servers_add_address(&c->servers, &u->addr, u->origin);
		} else if (dname_parse(u->text, &name) == DNAME_OK) {
			servers_add_name(&c->servers, name, u->origin);
			ldns_rdf_deep_free(name);
		} else {
			servers_set_failed(&c->servers); /* validated: only ENOMEM gets here */
		}
	}
}

/* Map a discovery failure to its plugin state. */
static enum mp_state check_discovery_state(enum discover_status s)
{
	switch (s) {
	case DISCOVER_NXDOMAIN:
	case DISCOVER_NOT_DELEGATED:
		return MP_CRITICAL;
	case DISCOVER_OK:
		return MP_OK;
	case DISCOVER_RESOLVER_FAILED:
	case DISCOVER_PARENT_FAILED:
	case DISCOVER_NOMEM:
		break;
	}
	return MP_UNKNOWN;
}

/* Names of the zone's own NS set (from the servers' apex NS answers) join the list. */
static void check_take_child_ns(struct check *c)
{
	size_t i;

	for (i = 0; i < c->answers.n_child_ns; i++)
		servers_add_name(&c->servers, c->answers.child_ns[i], ORIGIN_CHILD);
}

/* One network round in one poll() loop: the delegation rows (when D) and the
 * rows of every server not asked yet. Returns the delegation status
 * (DISCOVER_OK without D). */
static enum discover_status check_round(struct check *c, struct discovery *d)
{
	struct plan plan = {0};
	enum discover_status status = DISCOVER_OK;
	size_t first;

	servers_take_new(&c->servers, &first);
	if ((d == NULL || discover_plan(d, c->zone, &plan)) &&
	    (d == NULL || !c->query.dnssec || dnssec_plan_ds(&plan, c->zone, &c->answers.dnssec)) &&
	    query_plan(&plan, &c->answers, c->zone, &c->query, &c->servers, first)) {
		plan_run(&plan, &c->net.timing, c->net.deadline_us);
		plan_tally_add(&c->tally, &plan);
		if (d != NULL)
			status = discover_finish(d, c->zone, &plan, &c->servers);
		query_collect(&c->answers, c->zone, &c->query, &plan);
		check_take_child_ns(c);
	}
	if (plan.failed)
		c->answers.failed = true;
	plan_free(&plan);
	return status;
}

/* Freeze the server list (hints dropped, -P merged, stable order: the
 * resolver rotates RRsets) and put the answers in its order. Returns false
 * when anything on the way failed to allocate. */
static bool check_freeze(struct check *c)
{
	size_t *map = calloc(c->servers.n_servers + 1, sizeof *map);
	size_t n;

	if (map == NULL)
		return false;
	n = servers_freeze(&c->servers, map);
	answers_reorder(&c->answers, map, n);
	free(map);
	return !c->servers.failed && !c->answers.failed;
}

/* Fill the parent-only and child-only NS names of IN (arrays of c->servers.n). */
static void check_ns_difference(const struct check *c, struct judge_input *in,
				const char **parent_only, const char **child_only)
{
	size_t i;

	for (i = 0; in->ns_compared && i < c->servers.n; i++) {
		const struct server_host *h = &c->servers.hosts[i];
		unsigned origin = h->origin & (ORIGIN_PARENT | ORIGIN_CHILD);
		if (origin == ORIGIN_PARENT)
			parent_only[in->n_parent_only++] = h->display;
		else if (origin == ORIGIN_CHILD)
			child_only[in->n_child_only++] = h->display;
	}
}

/* What judging and reporting need beside the answers; allocated before judging. */
struct check_verdict {
	const char **parent_only, **child_only;
	struct addr_verdict *per;
	struct verdict *v;
	struct history *history;
	struct glue_diff *glue;
	struct glue_unanswered *glue_unanswered;
	size_t *group;
	struct provider *providers;
	char state_note[OBS_ERROR_MAX * 2];
	struct judge_input in;
	struct report_input r;
};

/* Allocate CV's arrays for C. Returns false on ENOMEM (free with check_verdict_free). */
static bool check_verdict_alloc(struct check_verdict *cv, const struct check *c)
{
	memset(cv, 0, sizeof *cv);
	cv->parent_only = calloc(c->servers.n + 1, sizeof *cv->parent_only);
	cv->child_only = calloc(c->servers.n + 1, sizeof *cv->child_only);
	cv->per = calloc(c->servers.n_servers + 1, sizeof *cv->per);
	cv->v = malloc(sizeof *cv->v);
	cv->history = calloc(1, sizeof *cv->history);
	cv->glue = calloc(CHECK_GLUE_DIFFS_MAX, sizeof *cv->glue);
	cv->glue_unanswered = calloc(CHECK_GLUE_DIFFS_MAX, sizeof *cv->glue_unanswered);
	cv->group = calloc(c->servers.n_servers + 1, sizeof *cv->group);
	cv->providers = calloc(JUDGE_GROUPS_MAX, sizeof *cv->providers);
	return cv->parent_only != NULL && cv->child_only != NULL && cv->per != NULL &&
	       cv->v != NULL && cv->group != NULL && cv->providers != NULL && cv->history != NULL &&
	       cv->glue != NULL && cv->glue_unanswered != NULL;
}

static void check_verdict_free(struct check_verdict *cv)
{
	free(cv->parent_only);
	free(cv->child_only);
	free(cv->per);
	free(cv->v);
	free(cv->group);
	free(cv->providers);
	free(cv->history);
	free(cv->glue);
	free(cv->glue_unanswered);
}

/* The judge's input from the frozen list and the answers (COMPARED: both NS sets known),
 * with the providers (--multi-provider), the glue differences and the latency state. */
static void check_judge_input(const struct check *c, bool compared, struct check_verdict *cv)
{
	const struct check_config *cfg = c->cfg;
	struct judge_input *in = &cv->in;

	in->servers = c->servers.servers;
	in->obs = c->answers.obs;
	in->n = c->servers.n_servers;
	in->n_groups = 1;
	in->ns_compared = compared;
	check_ns_difference(c, in, cv->parent_only, cv->child_only);
	in->unchecked = servers_unchecked(&c->servers);
	in->now = (int64_t)time(NULL);
	in->content = c->items.n_compare > 0 ? c->answers.content : NULL;
	in->n_items = c->items.n_compare;
	in->content_stride = c->answers.n_items;
	in->dnssec = c->query.dnssec;
	in->ds = c->answers.dnssec.ds.asked ? &c->answers.dnssec.ds : NULL;
	in->content_fail = c->items.n_compare > 0 ? c->answers.content_fail : NULL;
	if (cfg->multi_provider) {
		in->n_groups = providers_group(in->servers, in->obs, in->n, cfg->providers,
					       cfg->n_providers, cv->providers, cv->group);
		in->group = in->n_groups > 0 ? cv->group : NULL;
		cv->r.providers = in->n_groups > 0 ? cv->providers : NULL;
	}
	if (cfg->glue) {
		in->n_glue_diffs = query_glue_diffs(&c->items, &c->answers, &c->servers,
						    c->net.family, cv->glue, CHECK_GLUE_DIFFS_MAX);
		in->n_glue_unanswered = query_glue_unanswered(
		    &c->items, &c->answers, &c->servers, cv->glue_unanswered, CHECK_GLUE_DIFFS_MAX);
	}
	cv->r.glue = cv->glue;
	cv->r.glue_unanswered = cv->glue_unanswered;
	cv->r.n_glue_unanswered_kept = in->n_glue_unanswered < CHECK_GLUE_DIFFS_MAX
					   ? in->n_glue_unanswered
					   : CHECK_GLUE_DIFFS_MAX;
	latency_prepare(&cfg->latency, c->zone_text, c->end_us - CHECK_PRINT_US - clock_now_us(),
			in, cv->history, cv->state_note, sizeof cv->state_note);
}

/* Judge the answers and write the report. Every allocation is made before
 * judging: a failure is UNKNOWN, never a verdict about servers. */
static enum mp_state check_judge(struct check *c, bool compared, struct mp_strbuf *out)
{
	struct check_verdict cv;
	struct report_input *r = &cv.r;
	enum mp_state state = MP_UNKNOWN;

	if (!check_verdict_alloc(&cv, c) || !check_freeze(c)) {
		check_fail(c, MP_UNKNOWN, "out of memory", out);
	} else {
		check_judge_input(c, compared, &cv);
		judge_run(&cv.in, &c->cfg->judge, cv.v, cv.per);
		r->state_note = cv.state_note;
		r->zone = c->zone_text;
		r->in = &cv.in;
		r->cfg = &c->cfg->judge;
		r->v = cv.v;
		r->per_addr = cv.per;
		r->parent_only = cv.parent_only;
		r->child_only = cv.child_only;
		r->show_nsid = c->cfg->show_nsid;
		r->item_names = c->items.names;
		r->rrsets = &c->answers.rrsets;
		check_output(c, cv.v->state, r, NULL, out);
		state = cv.v->state;
	}
	check_verdict_free(&cv);
	return state;
}

/* True when an allocation failed on the way: the run can only end UNKNOWN. */
static bool check_out_of_memory(const struct check *c)
{
	return c->servers.failed || c->answers.failed;
}

/* Under --dnssec=auto, CDS and CDNSKEY are asked of every address once the zone shows it is
 * signed before the round that asks its SOA: the resolver's answer for the zone's NS set (DO=1,
 * beside the parent's NS set) carried an RRSIG (HINT_SIGNED), or the parent's DS set, asked with
 * the delegation in an earlier round, holds a record. Never an extra question for an unsigned
 * zone, never an extra round trip. --dnssec=on asks them always, off never. */
static void check_plan_cds(struct check *c, bool hint_signed)
{
	if (c->query.dnssec && (hint_signed || c->answers.dnssec.ds.n > 0))
		c->query.dnssec_cds = true;
}

/* Discovery and the SOA round: the last discovery round (the parent's servers)
 * shares its poll() loop with the SOA round of the servers the resolver hints
 * at; names the parent or the zone adds take one more round each. */
static enum mp_state check_discover_and_query(struct check *c, struct mp_strbuf *out)
{
	struct discovery d;
	struct host_batch batch[2];
	enum discover_status ds;
	int rounds;

	ds = discover_begin(&c->net, c->zone, &c->servers, &d,
			    c->query.dnssec && !c->query.dnssec_cds);
	if (ds == DISCOVER_OK) {
		check_plan_cds(c, d.deleg.hint_signed);
		check_add_user_servers(c); /* the primary joins the first round */
		batch[0] = (struct host_batch){&d.parent, 53};
		batch[1] = (struct host_batch){&c->servers, c->net.ns_port};
		if (!lookup_addresses_batch(&c->net, batch, 2))
			servers_set_failed(&c->servers);
		check_add_glue_items(c, false);
		ds = check_round(c, &d);
	}
	c->deleg = d.deleg;
	discovery_free(&d);
	if (ds != DISCOVER_OK && check_out_of_memory(c))
		return check_fail(c, MP_UNKNOWN, "out of memory", out);
	if (ds != DISCOVER_OK)
		return check_fail(c, check_discovery_state(ds), c->deleg.detail, out);
	c->discovered = true;
	for (rounds = 0; rounds < CHECK_ROUNDS_MAX && servers_pending(&c->servers); rounds++) {
		servers_use_glue(&c->servers, c->net.ns_port, c->net.family);
		if (!lookup_addresses(&c->net, &c->servers))
			servers_set_failed(&c->servers);
		check_add_glue_items(c, true); /* glued names the parent added */
		check_plan_cds(c, false);
		check_round(c, NULL);
	}
	return check_judge(c, c->answers.child_ns_known, out);
}

static enum mp_state check_pipeline(struct check *c, struct mp_strbuf *out)
{
	const struct check_config *cfg = c->cfg;
	int err;

	c->query = cfg->query;
	err = query_items_compare(&c->items, c->zone, cfg->compare, cfg->n_compare);
	if (err != 0)
		return check_fail(c, MP_UNKNOWN,
				  err == QUERY_ITEMS_NOMEM
				      ? "out of memory"
				      : "a --compare name is too long with the zone appended",
				  out);
	check_sync_items(c);
	if (cfg->discover) {
		if (c->net.n_resolvers == 0)
			return check_fail(c, MP_UNKNOWN,
					  "no resolver: none in " CHECK_RESOLV_CONF ", give -s",
					  out);
		return check_discover_and_query(c, out);
	}
	check_add_user_servers(c);
	if (servers_need_resolver(&c->servers) && c->net.n_resolvers == 0)
		return check_fail(c, MP_UNKNOWN,
				  "no resolver to look up server names: none in " CHECK_RESOLV_CONF
				  ", give -s",
				  out);
	if (!lookup_addresses(&c->net, &c->servers))
		servers_set_failed(&c->servers);
	check_round(c, NULL);
	return check_judge(c, false, out);
}

enum mp_state check_run(const struct options *opts, int64_t start_us, struct mp_strbuf *out)
{
	struct check_config cfg;
	struct check c;
	char detail[OBS_ERROR_MAX];
	enum mp_state state;

	check_config_fill(&cfg, opts);
	memset(&c, 0, sizeof c);
	c.cfg = &cfg;
	if (check_setup(&c, start_us, detail, sizeof detail) != 0)
		state = check_fail(&c, MP_UNKNOWN, detail, out);
	else
		state = check_pipeline(&c, out);
	trace(1, "%s", plan_tally_text(&c.tally, detail, sizeof detail));
	check_free(&c);
	return state;
}
