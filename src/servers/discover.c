/* discover.c - the delegation of a zone, learnt from its parent's own servers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dname.h"
#include "servers/discover.h"
#include "core/trace.h"

static enum discover_status discover_fail(struct delegation *out, enum discover_status status,
					  const char *detail)
{
	out->status = status;
	snprintf(out->detail, sizeof out->detail, "%s", detail);
	return status;
}

/* The owner of the SOA in the authority section of REPLY, if it is an
 * ancestor of (or equal to) NAME; cloned, caller frees (NULL with LIST->failed
 * set on ENOMEM). */
static ldns_rdf *discover_enclosing_zone(const ldns_pkt *reply, const ldns_rdf *name,
					 struct server_list *list)
{
	const ldns_rr_list *auth = ldns_pkt_authority(reply);
	size_t i;

	for (i = 0; auth != NULL && i < ldns_rr_list_rr_count(auth); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(auth, i);
		const ldns_rdf *owner = ldns_rr_owner(rr);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA)
			continue;
		if (dname_equal(owner, name) || dname_is_subdomain(name, owner)) {
			ldns_rdf *copy = ldns_rdf_clone(owner);
			list->failed = list->failed || copy == NULL;
			return copy;
		}
	}
	return NULL;
}

/* Add to LIST, with ORIGIN, the targets of the NS records owned by OWNER in
 * SECTION (reading at most MAX of them). Returns how many were read; a name
 * lost for want of memory sets list->failed. */
static size_t discover_add_ns(struct server_list *list, const ldns_rr_list *section,
			      const ldns_rdf *owner, unsigned origin, size_t max)
{
	ldns_rdf *names[SERVERS_NAMES_SEEN_MAX];
	size_t i, n;

	if (max > SERVERS_NAMES_SEEN_MAX)
		max = SERVERS_NAMES_SEEN_MAX;
	n = lookup_ns_names(section, owner, names, max, &list->failed);
	for (i = 0; i < n; i++) {
		servers_add_name(list, names[i], origin);
		ldns_rdf_deep_free(names[i]);
	}
	return n;
}

/* Ask the resolver for the NS set of APEX and add the names to PARENT
 * (parent->failed set on ENOMEM). */
static size_t discover_ns_of(const struct net_ctx *net, const ldns_rdf *apex,
			     struct server_list *parent, char *err, size_t errsize)
{
	struct lookup l;
	size_t n;

	memset(&l, 0, sizeof l);
	l.q.qname = apex;
	l.q.qtype = LDNS_RR_TYPE_NS;
	l.q.qclass = LDNS_RR_CLASS_IN;
	if (lookup_run(net, &l, 1) == LOOKUP_NOMEM)
		parent->failed = true;
	if (l.reply == NULL) {
		snprintf(err, errsize, "%s", l.error);
		return 0;
	}
	n = discover_add_ns(parent, ldns_pkt_answer(l.reply), apex, 0, SERVERS_NAMES_MAX);
	if (n == 0)
		snprintf(err, errsize, "resolver gave no NS records (%s)",
			 obs_rcode_name((int)ldns_pkt_get_rcode(l.reply)));
	lookup_clear(&l, 1);
	return n;
}

/* Add the NS names of the resolver's answer REPLY (may be NULL) for ZONE to NS
 * as hints (ORIGIN_HINT): servers to start asking early, kept only if the
 * parent or the zone itself confirms them. */
static void discover_take_hint(const ldns_pkt *reply, const ldns_rdf *zone, struct server_list *ns,
			       struct delegation *out)
{
	const ldns_rr_list *answer;
	size_t i, n;

	if (reply == NULL || ldns_pkt_get_rcode(reply) != LDNS_RCODE_NOERROR)
		return;
	n = discover_add_ns(ns, ldns_pkt_answer(reply), zone, ORIGIN_HINT, SERVERS_NAMES_MAX);
	answer = ldns_pkt_answer(reply);
	for (i = 0; n > 0 && answer != NULL && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG &&
		    ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN && ldns_rr_rd_count(rr) == 9 &&
		    ldns_rdf2rr_type(ldns_rr_rdf(rr, 0)) == LDNS_RR_TYPE_NS &&
		    dname_equal(ldns_rr_owner(rr), zone))
			out->hint_signed = true;
	}
	trace(1, "resolver hints %zu NS name(s) for the zone%s", n,
	      out->hint_signed ? ", signed" : "");
}

/* Round 1 (and 2): find the parent zone of ZONE and its servers. Whether ZONE
 * exists is left to the parent's own servers (their authoritative NXDOMAIN):
 * a resolver may take very long to answer for a zone whose servers are dead. */
static enum discover_status discover_parent(const struct net_ctx *net, const ldns_rdf *zone,
					    struct server_list *parent, struct server_list *ns,
					    struct delegation *out, bool hint_do)
{
	struct lookup both[2];
	struct lookup l;
	ldns_rdf *pname = ldns_dname_left_chop(zone), *apex = NULL;
	char err[OBS_ERROR_MAX] = "";

	if (pname == NULL)
		return discover_fail(out, DISCOVER_NOMEM, "out of memory");

	/* with the parent's NS set, ask (without waiting for it) for the zone's own
	 * NS set as the resolver sees it: a hint that lets the SOA round start
	 * together with the delegation round */
	memset(both, 0, sizeof both);
	both[0].q = (struct wire_question){pname, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN};
	both[1].q = (struct wire_question){zone, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN};
	both[1].optional = true;
	both[1].dnssec_ok = hint_do;
	if (lookup_run(net, both, 2) == LOOKUP_NOMEM)
		parent->failed = true;
	discover_take_hint(both[1].reply, zone, ns, out);
	lookup_clear(&both[1], 1);
	l = both[0];
	if (l.reply == NULL) {
		snprintf(err, sizeof err, "%s", l.error);
		ldns_rdf_deep_free(pname);
		return discover_fail(
		    out, parent->failed ? DISCOVER_NOMEM : DISCOVER_RESOLVER_FAILED, err);
	}
	if (discover_add_ns(parent, ldns_pkt_answer(l.reply), pname, 0, SERVERS_NAMES_MAX) > 0) {
		apex = ldns_rdf_clone(pname);
		parent->failed = parent->failed || apex == NULL;
	} else {
		apex = discover_enclosing_zone(l.reply, pname, parent);
		if (apex != NULL)
			discover_ns_of(net, apex, parent, err, sizeof err);
		else
			snprintf(err, sizeof err, "resolver did not name the parent zone (%s)",
				 obs_rcode_name((int)ldns_pkt_get_rcode(l.reply)));
	}
	if (apex != NULL)
		dname_display(apex, out->parent, sizeof out->parent);
	trace(1, "parent zone %s: %zu nameserver name(s)", out->parent[0] ? out->parent : "?",
	      parent->n);
	lookup_clear(&l, 1);
	ldns_rdf_deep_free(pname);
	ldns_rdf_deep_free(apex);
	if (parent->failed || ns->failed)
		return discover_fail(out, DISCOVER_NOMEM, "out of memory");
	if (parent->n == 0) {
		char detail[2 * OBS_ERROR_MAX];
		snprintf(detail, sizeof detail,
			 "no nameservers found for the parent zone %.100s: %.160s",
			 out->parent[0] ? out->parent : "(unknown)", err);
		return discover_fail(out, DISCOVER_PARENT_FAILED, detail);
	}
	return DISCOVER_OK;
}

/* Votes of the parent's servers on the delegation of the zone. */
struct discover_tally {
	size_t with_ns, nxdomain, no_delegation, failed;
	char first_failure[OBS_ERROR_MAX];
};

/* Keep the A/AAAA glue of REPLY's additional section for the in-bailiwick NS names of NS. */
static void discover_take_glue(const ldns_pkt *reply, const ldns_rdf *zone, struct server_list *ns)
{
	const ldns_rr_list *extra = ldns_pkt_additional(reply);
	size_t i, j;

	for (i = 0; extra != NULL && i < ldns_rr_list_rr_count(extra); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(extra, i);
		ldns_rr_type t = ldns_rr_get_type(rr);
		const ldns_rdf *rd;
		struct server_addr a;
		if ((t != LDNS_RR_TYPE_A && t != LDNS_RR_TYPE_AAAA) || ldns_rr_rd_count(rr) != 1 ||
		    !dname_is_subdomain(ldns_rr_owner(rr), zone))
			continue;
		rd = ldns_rr_rdf(rr, 0);
		if (server_addr_from_bytes(&a, t == LDNS_RR_TYPE_A ? AF_INET : AF_INET6,
					   ldns_rdf_data(rd), ldns_rdf_size(rd), 53) != 0)
			continue;
		for (j = 0; j < ns->n; j++)
			if (ns->hosts[j].name != NULL &&
			    dname_equal(ns->hosts[j].name, ldns_rr_owner(rr)))
				servers_add_glue(ns, j, &a);
	}
}

/* Count one parent server's reply to "ZONE NS?" and add its NS names to NS. */
static void discover_take_parent_reply(const struct probe *p, const ldns_rdf *zone,
				       struct server_list *ns, struct discover_tally *t)
{
	size_t n;
	int rcode;
	char why[OBS_ERROR_MAX];

	if (!p->done) {
		if (t->failed++ == 0)
			snprintf(t->first_failure, sizeof t->first_failure, "%s: %s", p->addr.text,
				 probe_failure_text(p, why, sizeof why));
		return;
	}
	rcode = (int)ldns_pkt_get_rcode(p->reply);
	/* a referral lists the NS set in the authority section; a parent server
	 * that also serves the zone answers with it authoritatively */
	n = discover_add_ns(ns, ldns_pkt_authority(p->reply), zone, ORIGIN_PARENT,
			    SERVERS_NAMES_SEEN_MAX);
	if (n == 0 && ldns_pkt_aa(p->reply))
		n = discover_add_ns(ns, ldns_pkt_answer(p->reply), zone, ORIGIN_PARENT,
				    SERVERS_NAMES_SEEN_MAX);
	if (n > 0)
		discover_take_glue(p->reply, zone, ns);
	trace(2, "parent server %s: %s%s, %zu NS record(s)", p->addr.text, obs_rcode_name(rcode),
	      ldns_pkt_aa(p->reply) ? " AA" : "", n);
	if (n > 0)
		t->with_ns++;
	else if (rcode == LDNS_RCODE_NXDOMAIN && ldns_pkt_aa(p->reply))
		t->nxdomain++;
	else if (rcode == LDNS_RCODE_NOERROR && ldns_pkt_aa(p->reply))
		t->no_delegation++;
	else if (t->failed++ == 0)
		snprintf(t->first_failure, sizeof t->first_failure, "%s: answered %s%s",
			 p->addr.text, obs_rcode_name(rcode),
			 ldns_pkt_aa(p->reply) ? "" : " without authority");
}

/* The parent address behind delegation row index TARGET (addresses in host order). */
static const struct server_addr *discover_parent_addr(const struct discovery *d, size_t target)
{
	size_t i;

	for (i = 0; i < d->parent.n; i++) {
		if (target < d->parent.hosts[i].n_addrs)
			return &d->parent.hosts[i].addrs[target];
		target -= d->parent.hosts[i].n_addrs;
	}
	return NULL;
}

bool discover_plan(const struct discovery *d, const ldns_rdf *zone, struct plan *plan)
{
	static const struct wire_query_opts opts = {.rd = false, .edns = true, .nsid = false};
	const struct wire_question q = {zone, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN};
	struct plan_row row = {PLAN_DELEGATION, 0, 0, TRANSPORT_UDP};
	const struct server_addr *a;

	if (d->is_root)
		return true;
	for (row.target = 0; (a = discover_parent_addr(d, row.target)) != NULL; row.target++)
		if (!plan_add(plan, &row, a, &q, &opts))
			return false;
	trace(1, "asking %zu address(es) of the parent zone %s for the delegation", row.target,
	      d->deleg.parent);
	return true;
}

/* Turn the parent servers' votes into the delegation status. */
static enum discover_status discover_verdict(struct discovery *d, const struct discover_tally *t,
					     size_t n)
{
	struct delegation *out = &d->deleg;
	char detail[2 * OBS_ERROR_MAX];

	out->parent_addrs = n;
	out->parent_answered = t->with_ns + t->nxdomain + t->no_delegation;
	if (t->with_ns > 0)
		return out->status = DISCOVER_OK;
	if (t->nxdomain > 0)
		return discover_fail(out, DISCOVER_NXDOMAIN, "zone does not exist (NXDOMAIN)");
	if (t->no_delegation > 0)
		return discover_fail(out, DISCOVER_NOT_DELEGATED,
				     "zone is not delegated by its parent");
	if (n == 0)
		return discover_fail(out, DISCOVER_PARENT_FAILED,
				     "no address found for the parent zone's nameservers");
	snprintf(detail, sizeof detail, "no parent server answered (%s)", t->first_failure);
	return discover_fail(out, DISCOVER_PARENT_FAILED, detail);
}

enum discover_status discover_finish(struct discovery *d, const ldns_rdf *zone,
				     const struct plan *plan, struct server_list *ns)
{
	struct discover_tally t;
	size_t i, n = 0;

	if (d->is_root)
		return d->deleg.status;
	memset(&t, 0, sizeof t);
	for (i = 0; i < plan->n; i++) {
		if (plan->rows[i].purpose != PLAN_DELEGATION)
			continue;
		discover_take_parent_reply(&plan->probes[i], zone, ns, &t);
		n++;
	}
	discover_verdict(d, &t, n);
	if (plan->failed || ns->failed)
		discover_fail(&d->deleg, DISCOVER_NOMEM, "out of memory");
	trace(1, "delegation: %zu of %zu parent address(es) answered", d->deleg.parent_answered,
	      d->deleg.parent_addrs);
	return d->deleg.status;
}

/* The root zone has no parent: take its NS set from the resolver. */
static enum discover_status discover_root(const struct net_ctx *net, const ldns_rdf *zone,
					  struct server_list *ns, struct delegation *out)
{
	struct server_list found = {0};
	char err[OBS_ERROR_MAX] = "";
	size_t i;

	if (discover_ns_of(net, zone, &found, err, sizeof err) == 0 && !found.failed) {
		servers_free(&found);
		return discover_fail(out, DISCOVER_RESOLVER_FAILED, err);
	}
	for (i = 0; i < found.n; i++)
		servers_add_name(ns, found.hosts[i].name, ORIGIN_PARENT);
	if (found.failed)
		ns->failed = true;
	servers_free(&found);
	if (ns->failed)
		return discover_fail(out, DISCOVER_NOMEM, "out of memory");
	return DISCOVER_OK;
}

enum discover_status discover_begin(const struct net_ctx *net, const ldns_rdf *zone,
				    struct server_list *ns, struct discovery *d, bool hint_do)
{
	memset(d, 0, sizeof *d);
	if (ldns_dname_label_count(zone) == 0) {
		d->is_root = true;
		return d->deleg.status = discover_root(net, zone, ns, &d->deleg);
	}
	return d->deleg.status = discover_parent(net, zone, &d->parent, ns, &d->deleg, hint_do);
}

void discovery_free(struct discovery *d)
{
	servers_free(&d->parent);
}
