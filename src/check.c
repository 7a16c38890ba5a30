/* check.c - one check: options -> servers (discover, lookup; frozen) -> plan -> query -> judge ->
 * report. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "net/clock.h"
#include "core/dname.h"
#include "servers/discover.h"
#include "judge/judge.h"
#include "servers/lookup.h"
#include "net/plan.h"
#include "judge/providers.h"
#include "query/query.h"
#include "report/report.h"
#include "report/report_json.h"
#include "servers/resolvconf.h"
#include "judge/serial_format.h"
#include "servers/servers.h"
#include "state/state_file.h"
#include "core/trace.h"

#define CHECK_RESERVE_US     30000 /* kept back from -t for judging and printing */
#define CHECK_RESOLV_CONF    "/etc/resolv.conf"
#define CHECK_GLUE_DIFFS_MAX 16 /* names whose glue differences are named */
#define CHECK_GLUE_NAMES_MAX 8  /* in-bailiwick NS names whose glue is checked */
#define CHECK_ITEMS_MAX      (OPT_COMPARE_MAX + 2 * CHECK_GLUE_NAMES_MAX)
#define CHECK_ROUNDS_MAX     3 /* rounds after the first, for names the parent or the zone adds */

/* State shared by the stages of one run; owned here, freed by check_free. */
struct check {
	const struct options *opts;
	ldns_rdf *zone;
	char zone_text[OBS_NAME_MAX];
	struct server_addr resolvers[OPT_RESOLVERS_MAX];
	struct net_ctx net;
	struct server_list servers; /* discovery and lookup add, then frozen */
	struct answers answers;     /* what each server said, in the list's order */
	struct query_opts query;    /* what each server is asked */
	struct query_item
	    items[CHECK_ITEMS_MAX];            /* compared RRsets (--compare), then glue checks */
	ldns_rdf *item_owner[CHECK_ITEMS_MAX]; /* owned: their owner names */
	size_t n_compare;                      /* items[0 .. n_compare) are --compare's */
	char item_name[OPT_COMPARE_MAX][OBS_NAME_MAX + 16]; /* "MX", "A www.example.com" */
	const char *item_names[OPT_COMPARE_MAX];
	struct delegation deleg;
	bool discovered; /* the delegation is known: deleg and ORIGIN_PARENT are filled in */
};

static void check_free(struct check *c)
{
	size_t i;

	for (i = 0; i < CHECK_ITEMS_MAX; i++)
		ldns_rdf_deep_free(c->item_owner[i]);
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
	j.ns = &c->servers;
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

/* The mnemonic of TYPE ("MX", "TYPE65280") into BUF. */
static void check_type_name(ldns_rr_type type, char *buf, size_t size)
{
	char *t = ldns_rr_type2str(type);

	snprintf(buf, size, "%s", t != NULL ? t : "?");
	free(t);
}

/* The RRsets to compare (--compare, or the --multi-provider defaults):
 * absolute owners and display names. Returns -1 on ENOMEM. */
static int check_setup_items(struct check *c)
{
	const struct options *o = c->opts;
	char type[16], owner[OBS_NAME_MAX];
	ldns_rdf *rel = NULL;
	size_t k;

	for (k = 0; k < o->n_compare && !o->compare_none; k++) {
		const struct opt_compare *oc = &o->compare[k];
		if (oc->name[0] == '\0') {
			c->item_owner[k] = ldns_rdf_clone(c->zone);
		} else if (dname_parse(oc->name, &rel) == DNAME_OK) {
			c->item_owner[k] = ldns_dname_cat_clone(rel, c->zone);
			ldns_rdf_deep_free(rel);
			rel = NULL;
		}
		if (c->item_owner[k] == NULL)
			return -1; /* a name too long with the zone appended, or ENOMEM */
		c->items[k] = (struct query_item){c->item_owner[k], oc->type, false};
		check_type_name(oc->type, type, sizeof type);
		dname_display(c->item_owner[k], owner, sizeof owner);
		if (oc->name[0] == '\0')
			snprintf(c->item_name[k], sizeof c->item_name[k], "%s", type);
		else
			snprintf(c->item_name[k], sizeof c->item_name[k], "%s %s", type, owner);
		c->item_names[k] = c->item_name[k];
	}
	c->query.items = c->items;
	c->query.n_items = c->n_compare = o->compare_none ? 0 : o->n_compare;
	return 0;
}

/* Add item K (A or AAAA of NAME, sampled) for the glue check. Returns false when full. */
static bool check_add_glue_item(struct check *c, const ldns_rdf *name, ldns_rr_type type)
{
	size_t k = c->query.n_items;

	if (k >= CHECK_ITEMS_MAX)
		return false;
	c->item_owner[k] = ldns_rdf_clone(name);
	if (c->item_owner[k] == NULL)
		return false;
	c->items[k] = (struct query_item){c->item_owner[k], type, true};
	c->query.n_items++;
	return true;
}

/* True when NAME already has glue-check items. */
static bool check_has_glue_items(const struct check *c, const ldns_rdf *name)
{
	size_t k;

	for (k = c->n_compare; k < c->query.n_items; k++)
		if (dname_equal(c->items[k].owner, name))
			return true;
	return false;
}

/* Ask a sample of the zone's servers for the A and AAAA records of its
 * in-bailiwick NS names (with glue only, when GLUED), to check the parent's
 * glue against what the zone itself serves: before the first round for the
 * names known then, so it costs no round trip. */
static void check_setup_glue_items(struct check *c, bool glued)
{
	size_t i, names = 0;

	if (!(c->opts->consistency & OPT_CONSIST_GLUE))
		return;
	for (i = 0; i < c->servers.n && names < CHECK_GLUE_NAMES_MAX; i++) {
		const ldns_rdf *name = c->servers.hosts[i].name;
		if (name == NULL || !ldns_dname_is_subdomain(name, c->zone) ||
		    (glued && c->servers.hosts[i].n_glue == 0) || check_has_glue_items(c, name))
			continue;
		if ((c->net.family != AF_INET6 && !check_add_glue_item(c, name, LDNS_RR_TYPE_A)) ||
		    (c->net.family != AF_INET && !check_add_glue_item(c, name, LDNS_RR_TYPE_AAAA)))
			return;
		names++;
	}
}

/* One more round, only when glued names were not known before the first
 * one (the resolver gave no hint): their A and AAAA, asked of two servers. */
static void check_glue_round(struct check *c)
{
	size_t from = c->query.n_items;
	struct plan plan = {0};

	check_setup_glue_items(c, true);
	if (c->query.n_items == from)
		return;
	if (query_plan_items(&plan, &c->answers, &c->query, &c->servers, from,
			     QUERY_SAMPLE_SERVERS)) {
		plan_run(&plan, &c->net.timing, c->net.deadline_us);
		query_collect(&c->answers, c->zone, &c->query, &plan);
	}
	if (plan.failed)
		c->answers.failed = true;
	plan_free(&plan);
}

/* The addresses the zone serves for NAME (its glue items' first answers). */
static size_t check_zone_addrs(const struct check *c, const ldns_rdf *name, struct server_addr *out,
			       size_t max)
{
	size_t k, i, r, n = 0;
	bool asked = false;

	for (k = c->n_compare; k < c->query.n_items; k++) {
		const struct rrset_value *v = NULL;
		if (!dname_equal(c->items[k].owner, name))
			continue;
		for (i = 0; i < c->servers.n_servers && v == NULL; i++) {
			size_t id = c->answers.content[i * c->answers.n_items + k];
			if (id != RRSET_NONE && id < c->answers.rrsets.n)
				v = &c->answers.rrsets.values[id];
		}
		for (r = 0; v != NULL && r < v->n && n < max; r++)
			if (server_addr_from_bytes(&out[n],
						   v->type == LDNS_RR_TYPE_A ? AF_INET : AF_INET6,
						   v->rdata[r].data, v->rdata[r].len, 53) == 0)
				n++;
		if (v == NULL)
			return SERVERS_NONE; /* no server answered: nothing to compare */
		asked = true;
	}
	return asked ? n : SERVERS_NONE; /* not asked: the name was not known in time */
}

/* The in-bailiwick NS names whose parent glue differs from the zone's own records. */
static size_t check_glue_diffs(const struct check *c, struct glue_diff *out, size_t max)
{
	struct server_addr zone[SERVERS_ADDRS_PER_NAME * 2];
	size_t i, n = 0, m;

	for (i = 0; i < c->servers.n && n < max; i++) {
		const struct server_host *h = &c->servers.hosts[i];
		if (h->name == NULL || h->n_glue == 0)
			continue;
		m = check_zone_addrs(c, h->name, zone, sizeof zone / sizeof zone[0]);
		if (m != SERVERS_NONE && servers_glue_compare(h, zone, m, c->net.family, &out[n]))
			n++;
	}
	return n;
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
			if (!s->has_port)
				server_addr_set_port(&a, o->port);
			servers_add_address(&c->servers, &a, origin);
		} else if (dname_parse(s->text, &name) == DNAME_OK) {
			servers_add_name(&c->servers, name, origin);
			ldns_rdf_deep_free(name);
		} else {
			c->servers.failed = true; /* options validated it: only ENOMEM gets here */
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
	    query_plan(&plan, &c->answers, c->zone, &c->query, &c->servers, first)) {
		plan_run(&plan, &c->net.timing, c->net.deadline_us);
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

/* The option set a latency state belongs to: resolvers, port, -n, -P. */
static void check_state_key(const struct options *o, char *buf, size_t size)
{
	struct mp_strbuf key = {0};
	size_t i;

	for (i = 0; i < o->n_resolvers; i++)
		mp_strbuf_printf(&key, "s=%s#%u ", o->resolvers[i].text,
				 (unsigned)server_addr_port(&o->resolvers[i]));
	mp_strbuf_printf(&key, "p=%u ", (unsigned)o->port);
	for (i = 0; i < o->n_servers; i++)
		mp_strbuf_printf(&key, "n=%s ", o->servers[i].text);
	if (o->primary.text != NULL)
		mp_strbuf_printf(&key, "P=%s", o->primary.text);
	snprintf(buf, size, "%s", key.failed ? "" : mp_strbuf_str(&key));
	mp_strbuf_free(&key);
}

/* True when the run measures publication latency: thresholds on it, a state
 * directory, or a serial scheme were asked for. */
static bool check_latency_wanted(const struct options *o)
{
	const char *env = getenv("MP_STATE_PATH");

	return o->warn_latency.set || o->crit_latency.set || o->state_dir != NULL ||
	       (env != NULL && env[0] != '\0') || o->serial_format_given;
}

/* Publication latency: load the zone's history, note the serials answered
 * now, save it, and give the judge what it needs. A state problem is one
 * line in NOTE (never UNKNOWN, never a false alarm: latency is unknown). */
static void check_latency(const struct check *c, struct judge_input *in, struct history *h,
			  char *note, size_t note_size)
{
	const struct options *o = c->opts;
	const char *dir = state_dir_choose(getenv("MP_STATE_PATH"), o->state_dir);
	char key[1024], name[STATE_NAME_MAX], why[OBS_ERROR_MAX * 2];
	uint32_t serials[SERVERS_MAX];
	size_t i, n = 0;
	enum state_status st;

	in->latency = true;
	in->now = (int64_t)time(NULL);
	for (i = 0; i < in->n && n < SERVERS_MAX; i++)
		if (in->obs[i].outcome == OUTCOME_ANSWERED)
			serials[n++] = in->obs[i].soa.serial;
	in->serial_scheme =
	    (int)serial_format_detect((enum serial_scheme)o->serial_format, serials, n, in->now);
	check_state_key(o, key, sizeof key);
	if (!state_file_name(c->zone_text, key, name, sizeof name))
		return;
	st = state_load(dir, name, h, note, note_size);
	if (st == STATE_OK)
		in->history = h; /* else h is an empty history, saved fresh */
	else if (st == STATE_MISSING)
		note[0] = '\0'; /* the first run: latency from the serials, if at all */
	history_note(h, serials, n, in->now);
	if (state_save(dir, name, h, why, sizeof why) != STATE_OK && note[0] == '\0')
		snprintf(note, note_size, "%s", why);
}

/* The consistency checks of O as judge bits (1 << enum consistency_check). */
static unsigned check_consistency_bits(const struct options *o)
{
	unsigned bits = 0;

	if (o->consistency & OPT_CONSIST_MNAME)
		bits |= 1u << CONSIST_MNAME;
	if (o->consistency & OPT_CONSIST_RNAME)
		bits |= 1u << CONSIST_RNAME;
	if (o->consistency & OPT_CONSIST_TIMERS)
		bits |= 1u << CONSIST_TIMERS;
	if (o->consistency & OPT_CONSIST_NS)
		bits |= 1u << CONSIST_NS;
	return bits;
}

/* Judge the answers and write the report. Every allocation is made before
 * judging: a failure is UNKNOWN, never a verdict about servers. */
static enum mp_state check_judge(struct check *c, bool compared, struct mp_strbuf *out)
{
	const struct options *o = c->opts;
	const char **parent_only = calloc(c->servers.n + 1, sizeof *parent_only);
	const char **child_only = calloc(c->servers.n + 1, sizeof *child_only);
	struct addr_verdict *per = calloc(c->servers.n_servers + 1, sizeof *per);
	struct verdict *v = malloc(sizeof *v);
	struct judge_input in;
	struct judge_config cfg = {&o->warn_lag,
				   &o->crit_lag,
				   &o->warn_failed,
				   &o->crit_failed,
				   o->ns_mismatch_state,
				   o->primary.text != NULL,
				   o->content_mismatch_state,
				   check_consistency_bits(o),
				   o->consistency_mismatch_state,
				   &o->warn_latency,
				   &o->crit_latency,
				   o->soa_sanity};
	struct history *history = calloc(1, sizeof *history);
	char state_note[OBS_ERROR_MAX * 2] = "";
	struct glue_diff *glue = calloc(CHECK_GLUE_DIFFS_MAX, sizeof *glue);
	size_t *group = calloc(c->servers.n_servers + 1, sizeof *group);
	struct provider *providers = calloc(JUDGE_GROUPS_MAX, sizeof *providers);
	struct report_input r;
	enum mp_state state = MP_UNKNOWN;

	if (parent_only == NULL || child_only == NULL || per == NULL || v == NULL ||
	    group == NULL || providers == NULL || history == NULL || glue == NULL ||
	    !check_freeze(c)) {
		check_fail(c, MP_UNKNOWN, "out of memory", out);
	} else {
		memset(&in, 0, sizeof in);
		in.servers = c->servers.servers;
		in.obs = c->answers.obs;
		in.n = c->servers.n_servers;
		in.n_groups = 1;
		in.ns_compared = compared;
		check_ns_difference(c, &in, parent_only, child_only);
		in.unchecked = servers_unchecked(&c->servers);
		in.now = (int64_t)time(NULL);
		in.content = c->n_compare > 0 ? c->answers.content : NULL;
		in.n_items = c->n_compare;
		in.content_stride = c->answers.n_items;
		memset(&r, 0, sizeof r);
		if (o->multi_provider) {
			in.n_groups = providers_group(in.servers, in.obs, in.n, o->providers,
						      o->n_providers, providers, group);
			in.group = in.n_groups > 0 ? group : NULL;
			r.providers = in.n_groups > 0 ? providers : NULL;
		} else {
			r.mname_groups = providers_mname_split(in.obs, in.n);
		}
		if (o->consistency & OPT_CONSIST_GLUE)
			in.n_glue_diffs = check_glue_diffs(c, glue, CHECK_GLUE_DIFFS_MAX);
		r.glue = glue;
		if (check_latency_wanted(o))
			check_latency(c, &in, history, state_note, sizeof state_note);
		judge_run(&in, &cfg, v, per);
		r.state_note = state_note;
		r.zone = c->zone_text;
		r.in = &in;
		r.cfg = &cfg;
		r.v = v;
		r.per_addr = per;
		r.parent_only = parent_only;
		r.child_only = child_only;
		r.show_nsid = o->nsid;
		r.item_names = c->item_names;
		r.rrsets = &c->answers.rrsets;
		check_output(c, v->state, &r, NULL, out);
		state = v->state;
	}
	free(parent_only);
	free(child_only);
	free(per);
	free(v);
	free(group);
	free(providers);
	free(history);
	free(glue);
	return state;
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

	ds = discover_begin(&c->net, c->zone, &c->servers, &d);
	if (ds == DISCOVER_OK) {
		check_add_user_servers(c); /* the primary joins the first round */
		batch[0] = (struct host_batch){d.parent.hosts, d.parent.n, 53};
		batch[1] = (struct host_batch){c->servers.hosts, c->servers.n, c->net.ns_port};
		if (!lookup_addresses_batch(&c->net, batch, 2))
			c->servers.failed = true;
		check_setup_glue_items(c, false);
		ds = check_round(c, &d);
	}
	c->deleg = d.deleg;
	discovery_free(&d);
	if (ds != DISCOVER_OK)
		return check_fail(c, check_discovery_state(ds), c->deleg.detail, out);
	c->discovered = true;
	for (rounds = 0; rounds < CHECK_ROUNDS_MAX && servers_pending(&c->servers); rounds++) {
		servers_use_glue(&c->servers, c->net.ns_port, c->net.family);
		if (!lookup_addresses(&c->net, c->servers.hosts, c->servers.n))
			c->servers.failed = true;
		check_round(c, NULL);
	}
	check_glue_round(c);
	return check_judge(c, c->answers.child_ns_known, out);
}

static enum mp_state check_pipeline(struct check *c, struct mp_strbuf *out)
{
	const struct options *o = c->opts;

	c->query = (struct query_opts){o->nsid,           o->tcp_only, o->both_transports,
				       o->n_servers == 0, NULL,        0};
	if (check_setup_items(c) != 0)
		return check_fail(c, MP_UNKNOWN,
				  "a --compare name is too long with the zone appended", out);
	if (o->n_servers == 0) {
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
	if (!lookup_addresses(&c->net, c->servers.hosts, c->servers.n))
		c->servers.failed = true;
	check_round(c, NULL);
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
