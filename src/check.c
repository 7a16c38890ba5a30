/* check.c - one check from the zone name to the verdict, inside the time budget. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "check.h"
#include "clock.h"
#include "dname.h"
#include "discover.h"
#include "judge.h"
#include "lookup.h"
#include "report.h"
#include "report_json.h"
#include "resolvconf.h"
#include "soa_query.h"
#include "trace.h"

#define CHECK_RESERVE_US  30000 /* kept back from -t for judging and printing */
#define CHECK_RESOLV_CONF "/etc/resolv.conf"

/* State shared by the stages of one run; owned here, freed by check_free. */
struct check {
	const struct options *opts;
	ldns_rdf *zone;
	char zone_text[OBS_NAME_MAX];
	struct server_addr resolvers[OPT_RESOLVERS_MAX];
	struct net_ctx net;
	struct ns_list ns;
	struct soa_round round;
	struct delegation deleg;
	bool discovered; /* the delegation is known: deleg and ORIGIN_PARENT are filled in */
};

static void check_free(struct check *c)
{
	ldns_rdf_deep_free(c->zone);
	ns_list_free(&c->ns);
	soa_round_free(&c->round);
}

/* Write the output in the format the user chose: the report R of a completed
 * check, or (R NULL) the DETAIL of a check that could not complete. */
static void check_output(const struct check *c, enum mp_state state, const struct report_input *r,
			 const char *detail, struct mp_strbuf *out)
{
	struct report_json_input j;

	if (c->opts == NULL || c->opts->format != OPT_FORMAT_JSON) {
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
	j.ns = &c->ns;
	j.parent_zone = c->discovered ? c->deleg.parent : NULL;
	j.parent_ns_known = c->discovered;
	j.show_nsid = c->opts->nsid;
	report_json_write(&j, out);
}

static enum mp_state check_fail(struct check *c, enum mp_state state, const char *detail,
				struct mp_strbuf *out)
{
	check_output(c, state, NULL, detail, out);
	return state;
}

/* Set up zone, resolvers, deadline and timing. Returns 0 or -1 (DETAIL set). */
static int check_setup(struct check *c, const struct options *o, char *detail, size_t size)
{
	int64_t budget = (int64_t)(o->timeout_s * 1e6);
	int64_t give_up = (int64_t)(o->query_timeout_s * 1e6);

	c->opts = o;
	if (dname_parse(o->zone, &c->zone) != DNAME_OK) {
		snprintf(detail, size, "invalid zone name");
		return -1;
	}
	dname_display(c->zone, c->zone_text, sizeof c->zone_text);
	if (o->n_resolvers > 0) {
		memcpy(c->resolvers, o->resolvers, o->n_resolvers * sizeof c->resolvers[0]);
		c->net.n_resolvers = o->n_resolvers;
	} else {
		c->net.n_resolvers =
		    resolvconf_load(CHECK_RESOLV_CONF, c->resolvers, RESOLVCONF_MAX);
	}
	c->net.resolvers = c->resolvers;
	c->net.timing = probe_timing_for(give_up);
	c->net.deadline_us =
	    clock_now_us() + budget - (budget > 2 * CHECK_RESERVE_US ? CHECK_RESERVE_US : 0);
	c->net.family = o->family;
	c->net.ns_port = o->port;
	return 0;
}

/* True when some host still needs a name looked up. */
static bool check_needs_resolver(const struct ns_list *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		if (ns->hosts[i].name != NULL)
			return true;
	return false;
}

/* Add the servers given with -n, and the primary (-P). */
static void check_add_user_servers(struct check *c)
{
	const struct options *o = c->opts;
	size_t i;

	for (i = 0; i < o->n_servers + (o->primary.text != NULL); i++) {
		const struct opt_server *s = i < o->n_servers ? &o->servers[i] : &o->primary;
		unsigned origin = i < o->n_servers ? ORIGIN_USER : ORIGIN_PRIMARY;
		struct server_addr a;
		ldns_rdf *name = NULL;
		if (s->is_address) {
			a = s->addr;
			server_addr_set_port(&a, o->port);
			ns_list_add_address(&c->ns, &a, origin);
		} else if (dname_parse(s->text, &name) == DNAME_OK) {
			ns_list_add_name(&c->ns, name, origin);
			ldns_rdf_deep_free(name);
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
		break;
	}
	return MP_UNKNOWN;
}

/* Names of the zone's own NS set (from the servers' apex NS answers) join the list. */
static void check_take_child_ns(struct check *c)
{
	size_t i;

	for (i = 0; i < c->round.n_child_ns; i++)
		ns_list_add_name(&c->ns, c->round.child_ns[i], ORIGIN_CHILD);
}

/* One network round in one poll() loop: the delegation queries (when D) and
 * the SOA (and apex NS) queries of every host not queried yet. Returns the
 * delegation status (DISCOVER_OK without D). */
static enum discover_status check_round(struct check *c, struct discovery *d,
					const struct soa_query_opts *sq)
{
	size_t nd = d != NULL ? discover_probe_count(d) : 0;
	size_t ns = soa_query_probe_count(&c->ns, sq), per = sq->ask_ns ? 2 : 1, k;
	struct probe *probes = calloc(nd + ns + 1, sizeof *probes);
	long *index = calloc(ns + 1, sizeof *index);
	enum discover_status status = DISCOVER_OK;

	if (probes != NULL && index != NULL) {
		if (d != NULL)
			nd = discover_plan(d, c->zone, probes);
		k = soa_query_plan(c->zone, sq, &c->ns, &c->round, probes + nd, index);
		probe_run(probes, nd + k * per, &c->net.timing, c->net.deadline_us);
		if (d != NULL)
			status = discover_finish(d, c->zone, probes, nd, &c->ns);
		soa_query_collect(c->zone, sq, &c->round, probes + nd, index, k);
		check_take_child_ns(c);
	}
	free(probes);
	free(index);
	return status;
}

/* True when a confirmed name (not only a hint) still waits for its SOA round. */
static bool check_pending(const struct check *c)
{
	size_t i;

	for (i = 0; i < c->ns.n; i++)
		if (!c->ns.hosts[i].queried && !ns_host_is_hint_only(&c->ns.hosts[i]))
			return true;
	return false;
}

/* qsort order of NS hosts: by name (case-insensitively), bare addresses last. */
static int check_host_cmp(const void *a, const void *b)
{
	const struct ns_host *x = a, *y = b;

	if ((x->name == NULL) != (y->name == NULL))
		return x->name == NULL ? 1 : -1;
	return strcasecmp(x->display, y->display);
}

/* qsort order of observations: by host, IPv4 before IPv6, then by address. */
static int check_obs_cmp(const void *a, const void *b)
{
	const struct observation *x = a, *y = b;

	if (x->host != y->host)
		return x->host < y->host ? -1 : 1;
	if (x->addr.family != y->addr.family)
		return x->addr.family == AF_INET ? -1 : 1;
	return memcmp(&x->addr.sa, &y->addr.sa, sizeof x->addr.sa);
}

/* Put hosts and observations in a stable order (the resolver rotates RRsets):
 * output, perfdata and JSON then read the same from run to run. */
static void check_sort(struct check *c)
{
	size_t i, *rank = calloc(c->ns.n + 1, sizeof *rank);

	if (rank == NULL)
		return;
	for (i = 0; i < c->ns.n; i++)
		c->ns.hosts[i].sort_key = i;
	qsort(c->ns.hosts, c->ns.n, sizeof *c->ns.hosts, check_host_cmp);
	for (i = 0; i < c->ns.n; i++)
		rank[c->ns.hosts[i].sort_key] = i;
	for (i = 0; i < c->round.n; i++)
		c->round.obs[i].host = rank[c->round.obs[i].host];
	qsort(c->round.obs, c->round.n, sizeof *c->round.obs, check_obs_cmp);
	free(rank);
}

/* Forget observations of hosts that stayed mere hints: neither the parent nor
 * the zone itself lists them, so they are not part of the check. */
static void check_drop_hints(struct check *c)
{
	size_t i, kept = 0;

	for (i = 0; i < c->round.n; i++)
		if (!ns_host_is_hint_only(&c->ns.hosts[c->round.obs[i].host]))
			c->round.obs[kept++] = c->round.obs[i];
	c->round.n = kept;
}

/* What the resource caps left out: NS names, addresses of a name, addresses in all. */
static size_t check_unchecked(const struct check *c)
{
	size_t i, n = c->round.dropped + c->ns.dropped;

	for (i = 0; i < c->ns.n; i++)
		n += c->ns.hosts[i].dropped;
	return n;
}

/* Judge the observations and write the report. */
static enum mp_state check_judge(struct check *c, bool compared, struct mp_strbuf *out)
{
	const struct options *o = c->opts;
	const char **parent_only = calloc(c->ns.n + 1, sizeof *parent_only);
	const char **child_only = calloc(c->ns.n + 1, sizeof *child_only);
	struct addr_verdict *per = calloc(c->round.n + 1, sizeof *per);
	struct judge_input in = {c->round.obs, c->round.n, compared, 0, 0, 0};
	struct judge_config cfg = {&o->warn_lag,    &o->crit_lag,         &o->warn_failed,
				   &o->crit_failed, o->ns_mismatch_state, o->primary.text != NULL};
	struct report_input r;
	struct verdict v;
	size_t i;

	if (parent_only == NULL || child_only == NULL || per == NULL) {
		free(parent_only);
		free(child_only);
		free(per);
		return check_fail(c, MP_UNKNOWN, "out of memory", out);
	}
	for (i = 0; i < c->round.n; i++) /* origins may have grown since the query */
		c->round.obs[i].origin = c->ns.hosts[c->round.obs[i].host].origin;
	for (i = 0; compared && i < c->ns.n; i++) {
		unsigned origin = c->ns.hosts[i].origin & (ORIGIN_PARENT | ORIGIN_CHILD);
		if (origin == ORIGIN_PARENT)
			parent_only[in.n_parent_only++] = c->ns.hosts[i].display;
		else if (origin == ORIGIN_CHILD)
			child_only[in.n_child_only++] = c->ns.hosts[i].display;
	}
	in.unchecked = check_unchecked(c);
	judge_run(&in, &cfg, &v, per);
	r = (struct report_input){c->zone_text, &in,         &cfg,       &v,
				  per,          parent_only, child_only, o->nsid};
	check_output(c, v.state, &r, NULL, out);
	free(parent_only);
	free(child_only);
	free(per);
	return v.state;
}

/* Discovery and the SOA round: the last discovery round (the parent's servers)
 * shares its poll() loop with the SOA round of the servers the resolver hints
 * at; names the parent or the zone adds take one more round each. */
static enum mp_state check_discover_and_query(struct check *c, const struct soa_query_opts *sq,
					      struct mp_strbuf *out)
{
	struct discovery d;
	struct host_batch batch[2];
	enum discover_status ds;
	int rounds;

	ds = discover_begin(&c->net, c->zone, &c->ns, &d);
	if (ds == DISCOVER_OK) {
		check_add_user_servers(c); /* the primary joins the first round */
		batch[0] = (struct host_batch){d.parent.hosts, d.parent.n, 53};
		batch[1] = (struct host_batch){c->ns.hosts, c->ns.n, c->net.ns_port};
		lookup_addresses_batch(&c->net, batch, 2);
		ds = check_round(c, &d, sq);
	}
	c->deleg = d.deleg;
	discovery_free(&d);
	if (ds != DISCOVER_OK)
		return check_fail(c, check_discovery_state(ds), c->deleg.detail, out);
	c->discovered = true;
	for (rounds = 0; rounds < 3 && check_pending(c); rounds++) {
		lookup_addresses(&c->net, c->ns.hosts, c->ns.n);
		check_round(c, NULL, sq);
	}
	check_drop_hints(c);
	check_sort(c);
	return check_judge(c, c->round.child_ns_known, out);
}

static enum mp_state check_pipeline(struct check *c, struct mp_strbuf *out)
{
	const struct options *o = c->opts;
	struct soa_query_opts sq = {o->nsid, o->tcp_only, o->n_servers == 0};

	if (o->n_servers == 0) {
		if (c->net.n_resolvers == 0)
			return check_fail(c, MP_UNKNOWN,
					  "no resolver: none in " CHECK_RESOLV_CONF ", give -s",
					  out);
		return check_discover_and_query(c, &sq, out);
	}
	check_add_user_servers(c);
	if (check_needs_resolver(&c->ns) && c->net.n_resolvers == 0)
		return check_fail(c, MP_UNKNOWN,
				  "no resolver to look up server names: none in " CHECK_RESOLV_CONF
				  ", give -s",
				  out);
	lookup_addresses(&c->net, c->ns.hosts, c->ns.n);
	check_round(c, NULL, &sq);
	check_sort(c);
	return check_judge(c, false, out);
}

enum mp_state check_run(const struct options *opts, struct mp_strbuf *out)
{
	struct check c;
	char detail[OBS_ERROR_MAX];
	enum mp_state state;

	memset(&c, 0, sizeof c);
	if (check_setup(&c, opts, detail, sizeof detail) != 0)
		state = check_fail(&c, MP_UNKNOWN, detail, out);
	else
		state = check_pipeline(&c, out);
	check_free(&c);
	return state;
}
