/* report_json.c - write the verdict, the NS sets and every address as one JSON document. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "report/json.h"
#include "report/json_findings.h"
#include "judge/providers.h"
#include "report/report_dnssec.h"
#include "report/report_json.h"
#include "report/report_text.h"
#include "report/unanswered.h"

static const char *json_outcome_name(enum obs_outcome outcome)
{
	switch (outcome) {
	case OUTCOME_ANSWERED:
		return "answered";
	case OUTCOME_LAME:
		return "lame";
	case OUTCOME_UNREACHABLE:
		return "unreachable";
	case OUTCOME_INVALID:
		return "invalid";
	case OUTCOME_NO_ADDRESS:
		return "no_address";
	}
	return "unknown";
}

static const char *json_kind_name(enum addr_kind kind)
{
	switch (kind) {
	case ADDR_IN_SYNC:
		return "in_sync";
	case ADDR_BEHIND:
		return "behind";
	case ADDR_AHEAD:
		return "ahead";
	case ADDR_INCOMPARABLE:
		return "incomparable";
	case ADDR_FAILED:
		return "failed";
	case ADDR_UNJUDGED:
		return "unjudged";
	case ADDR_NOT_JUDGED:
		return "not_judged";
	}
	return "unknown";
}

/* Array KEY of the origin bits set in ORIGIN. */
static void json_origins(struct json *j, const char *key, unsigned origin)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{ORIGIN_PARENT, "parent"},
		     {ORIGIN_CHILD, "child"},
		     {ORIGIN_USER, "user"},
		     {ORIGIN_PRIMARY, "primary"}};
	size_t i;

	json_open(j, key, '[');
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (origin & names[i].bit)
			json_str(j, NULL, names[i].name);
	json_close(j, ']');
}

/* Array KEY of the display names of the hosts whose origin has BIT; null if !KNOWN. */
static void json_ns_set(struct json *j, const char *key, const struct server_list *ns, unsigned bit,
			bool known)
{
	size_t i;

	if (!known || ns == NULL) {
		json_null(j, key);
		return;
	}
	json_open(j, key, '[');
	for (i = 0; i < ns->n; i++)
		if ((ns->hosts[i].origin & bit) && ns->hosts[i].name != NULL)
			json_str(j, NULL, ns->hosts[i].display);
	json_close(j, ']');
}

/* Array KEY of N names, or null when !KNOWN. */
static void json_names(struct json *j, const char *key, const char *const *names, size_t n,
		       bool known)
{
	size_t i;

	if (!known) {
		json_null(j, key);
		return;
	}
	json_open(j, key, '[');
	for (i = 0; i < n; i++)
		json_str(j, NULL, names[i]);
	json_close(j, ']');
}

/* The display name of the -P server, or NULL. */
static const char *json_primary(const struct server_list *ns)
{
	size_t i;

	for (i = 0; ns != NULL && i < ns->n; i++)
		if (ns->hosts[i].origin & ORIGIN_PRIMARY)
			return ns->hosts[i].display;
	return NULL;
}

/* "ns": the parent's and the child's NS sets and their differences. */
static void json_ns(struct json *j, const struct report_json_input *in)
{
	const struct judge_input *ji = in->r != NULL ? in->r->in : NULL;
	bool compared = ji != NULL && ji->ns_compared;

	json_open(j, "ns", '{');
	json_ns_set(j, "parent", in->ns, ORIGIN_PARENT, in->parent_ns_known);
	json_ns_set(j, "child", in->ns, ORIGIN_CHILD, compared);
	json_bool(j, "compared", compared);
	json_names(j, "parent_only", compared ? in->r->parent_only : NULL,
		   compared ? ji->n_parent_only : 0, compared);
	json_names(j, "child_only", compared ? in->r->child_only : NULL,
		   compared ? ji->n_child_only : 0, compared);
	json_close(j, '}');
}

/* "counts": the verdict's tallies; null when the check did not complete. */
static void json_counts(struct json *j, const struct report_json_input *in)
{
	const struct group_verdict *v = in->r != NULL ? &in->r->v->all : NULL;

	if (v == NULL) {
		json_null(j, "counts");
		return;
	}
	json_open(j, "counts", '{');
	json_uint(j, "total", v->total);
	json_uint(j, "answered", v->answered);
	json_uint(j, "in_sync", v->in_sync);
	json_uint(j, "behind", v->behind);
	json_uint(j, "ahead", v->ahead);
	json_uint(j, "incomparable", v->incomparable);
	json_uint(j, "failed", v->failed);
	json_uint(j, "unreachable", v->unreachable);
	json_uint(j, "lame", v->lame);
	json_uint(j, "invalid", v->invalid);
	json_uint(j, "no_address", v->no_address);
	json_uint(j, "unchecked", in->r->in->unchecked);
	json_close(j, '}');
}

/* The "who" fields of one address. */
static void json_addr_who(struct json *j, const struct server *s)
{
	json_str(j, "name", s->name[0] != '\0' ? s->name : NULL);
	json_str(j, "address", s->has_addr ? s->addr.text : NULL);
	if (s->has_addr && s->shown_port != 0)
		json_uint(j, "port", s->shown_port);
	if (!s->has_addr)
		json_null(j, "family");
	else
		json_str(j, "family", s->addr.family == AF_INET6 ? "ipv6" : "ipv4");
	json_origins(j, "origin", s->origin);
}

/* The "what" fields of one address: serial, lag, RTT, transport, NSID, error. */
static void json_addr_answer(struct json *j, const struct observation *o,
			     const struct addr_verdict *a, bool show_nsid)
{
	char why[OBS_ERROR_MAX + 32];
	bool replied = o->outcome != OUTCOME_NO_ADDRESS && o->rcode >= 0;

	if (o->has_soa)
		json_uint(j, "serial", o->soa.serial);
	else
		json_null(j, "serial");
	if (a->kind == ADDR_IN_SYNC || a->kind == ADDR_BEHIND)
		json_uint(j, "lag", a->lag);
	else
		json_null(j, "lag");
	if (replied)
		json_num(j, "rtt", (double)o->rtt_us / 1e6);
	else
		json_null(j, "rtt");
	json_str(j, "transport",
		 o->transport == TRANSPORT_TCP   ? "tcp"
		 : o->transport == TRANSPORT_UDP ? "udp"
						 : NULL);
	json_bool(j, "truncated", o->tc_seen);
	json_str(j, "rcode", replied ? obs_rcode_name(o->rcode) : NULL);
	json_str(j, "nsid", show_nsid && o->nsid[0] != '\0' ? o->nsid : NULL);
	json_str(j, "error",
		 o->outcome == OUTCOME_ANSWERED ? NULL
						: observation_describe_failure(o, why, sizeof why));
}

/* The SOA fields an address served (null when it served none). */
static void json_addr_soa(struct json *j, const struct observation *o)
{
	if (!o->has_soa) {
		json_null(j, "mname");
		json_null(j, "rname");
		json_null(j, "refresh");
		json_null(j, "retry");
		json_null(j, "expire");
		json_null(j, "minimum");
		return;
	}
	json_str(j, "mname", o->soa.mname);
	json_str(j, "rname", o->soa.rname);
	json_uint(j, "refresh", o->soa.refresh);
	json_uint(j, "retry", o->soa.retry);
	json_uint(j, "expire", o->soa.expire);
	json_uint(j, "minimum", o->soa.minimum);
}

/* Its publication latency in seconds (null when not measured), and whether
 * that is only a lower bound from the serials. */
static void json_addr_latency(struct json *j, const struct addr_verdict *a)
{
	if (a->latency_known)
		json_uint(j, "latency", (unsigned long long)a->latency);
	else
		json_null(j, "latency");
	json_bool(j, "latency_is_bound", a->latency_known && a->latency_bound);
}

static void json_addresses(struct json *j, const struct report_json_input *in)
{
	const struct report_input *r = in->r;
	size_t i;

	json_open(j, "addresses", '[');
	for (i = 0; r != NULL && i < r->in->n; i++) {
		const struct observation *o = &r->in->obs[i];
		const struct addr_verdict *a = &r->per_addr[i];
		json_open(j, NULL, '{');
		json_addr_who(j, &r->in->servers[i]);
		json_str(j, "state", mp_state_name(a->state));
		json_str(j, "outcome", json_outcome_name(o->outcome));
		json_str(j, "serial_status", json_kind_name(a->kind));
		json_str(j, "provider",
			 r->providers != NULL && r->in->group != NULL
			     ? r->providers[r->in->group[i]].label
			     : NULL);
		json_bool(j, "content_differs", (a->flags & ADDR_FLAG_CONTENT) != 0);
		json_bool(j, "soa_differs", (a->flags & ADDR_FLAG_SOA) != 0);
		json_bool(j, "ns_differs", (a->flags & ADDR_FLAG_NS) != 0);
		json_addr_soa(j, o);
		json_addr_latency(j, a);
		json_addr_answer(j, o, a, in->show_nsid);
		report_json_dnssec_addr(j, r, i);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* "providers": one object per provider (--multi-provider), else null. */
static void json_providers(struct json *j, const struct report_input *r)
{
	size_t g;

	if (r == NULL || r->providers == NULL) {
		json_null(j, "providers");
		return;
	}
	json_open(j, "providers", '[');
	for (g = 0; g < r->v->n_groups; g++) {
		const struct group_verdict *gv = &r->v->groups[g];
		json_open(j, NULL, '{');
		json_str(j, "label", r->providers[g].label);
		json_str(j, "formed_by", provider_source_name(r->providers[g].source));
		json_str(j, "pattern", r->providers[g].pattern);
		json_str(j, "state", mp_state_name(gv->combined_state));
		if (gv->has_reference)
			json_uint(j, "serial", gv->reference);
		else
			json_null(j, "serial");
		json_uint(j, "servers", gv->total);
		json_uint(j, "in_sync", gv->in_sync);
		json_uint(j, "behind", gv->behind);
		json_uint(j, "failed", gv->failed);
		json_uint(j, "lag_max", gv->max_lag);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* The servers serving value V of compared RRset K: names and addresses. */
static void json_value_servers(struct json *j, const struct report_input *r, size_t k, size_t v)
{
	size_t i;

	json_open(j, "servers", '[');
	for (i = 0; i < r->in->n; i++) {
		const struct server *s = &r->in->servers[i];
		if (!judge_content_serves(r->in, r->per_addr, i, k, v))
			continue;
		json_open(j, NULL, '{');
		json_str(j, "name", s->name[0] != '\0' ? s->name : NULL);
		json_str(j, "address", s->addr.text);
		if (s->shown_port != 0)
			json_uint(j, "port", s->shown_port);
		json_str(j, "provider",
			 r->providers != NULL ? r->providers[r->in->group[i]].label : NULL);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* "content": one object per compared RRset (--compare), else null. */
static void json_content(struct json *j, const struct report_input *r)
{
	struct mp_strbuf text = {0};
	size_t k, v;

	if (r == NULL || r->v->n_content == 0) {
		json_null(j, "content");
		return;
	}
	json_open(j, "content", '[');
	for (k = 0; k < r->v->n_content; k++) {
		const struct content_result *c = &r->v->content[k];
		json_open(j, NULL, '{');
		json_str(j, "rrset", r->item_names[k]);
		json_str(j, "state", mp_state_name(c->state));
		json_bool(j, "identical", c->odd == 0);
		json_uint(j, "compared", c->compared);
		json_open(j, "values", '[');
		for (v = 0; v < c->n_values; v++) {
			json_open(j, NULL, '{');
			mp_strbuf_free(&text);
			rrset_value_text(&r->rrsets->values[c->value[v]], 4096, &text);
			if (text.failed)
				j->sb->failed = true;
			json_str(j, "value", mp_strbuf_str(&text));
			json_uint(j, "served_by", c->served[v]);
			json_bool(j, "majority", v == c->reference);
			json_value_servers(j, r, k, c->value[v]);
			json_close(j, '}');
		}
		json_close(j, ']');
		json_close(j, '}');
	}
	json_close(j, ']');
	mp_strbuf_free(&text);
}

/* The servers (names and addresses) that took part in RES with value id V. */
static void json_consistency_servers(struct json *j, const struct report_input *r,
				     const struct consistency_result *res, size_t v)
{
	size_t i;

	json_open(j, "servers", '[');
	for (i = 0; i < r->in->n; i++) {
		if (!judge_consistency_serves(r->per_addr, i, res, v))
			continue;
		json_open(j, NULL, '{');
		json_str(j, "name", r->in->servers[i].name[0] ? r->in->servers[i].name : NULL);
		json_str(j, "address", r->in->servers[i].addr.text);
		if (r->in->servers[i].shown_port != 0)
			json_uint(j, "port", r->in->servers[i].shown_port);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* One consistency result: check, provider, identical, values with their servers. */
static void json_consistency_one(struct json *j, const struct report_input *r,
				 const struct consistency_result *res)
{
	size_t v;
	struct mp_strbuf text = {0};

	json_open(j, NULL, '{');
	json_str(j, "check", consistency_name(res->check));
	json_str(j, "provider",
		 res->group != JUDGE_ZONE && r->providers != NULL ? r->providers[res->group].label
								  : NULL);
	json_str(j, "state", mp_state_name(res->r.state));
	json_bool(j, "identical", res->r.odd == 0);
	json_open(j, "values", '[');
	for (v = 0; v < res->r.n_values; v++) {
		json_open(j, NULL, '{');
		mp_strbuf_free(&text);
		consistency_value_text(res->check, &r->in->obs[res->r.value[v]], r->rrsets, &text);
		if (text.failed)
			j->sb->failed = true;
		json_str(j, "value", mp_strbuf_str(&text));
		json_consistency_servers(j, r, res, res->r.value[v]);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
	mp_strbuf_free(&text);
}

/* "consistency": what servers at one serial agree on, or not; null when not completed. */
static void json_consistency(struct json *j, const struct report_input *r)
{
	size_t k;

	if (r == NULL) {
		json_null(j, "consistency");
		return;
	}
	json_open(j, "consistency", '[');
	for (k = 0; k < r->v->n_consistency; k++)
		json_consistency_one(j, r, &r->v->consistency[k]);
	json_close(j, ']');
}

/* The servers that left the question of finding F unanswered, and why. */
static void json_unanswered_servers(struct json *j, const struct report_input *r,
				    const struct finding *f)
{
	char why[OBS_ERROR_MAX];
	size_t i;

	json_open(j, "servers", '[');
	for (i = 0; i < r->in->n; i++) {
		const struct answer_fail *fail = judge_answer_fail(r->in, i, f->item);
		if (!(r->per_addr[i].unanswered & ((uint64_t)1 << f->item)) || fail == NULL)
			continue;
		json_open(j, NULL, '{');
		json_str(j, "name", r->in->servers[i].name[0] ? r->in->servers[i].name : NULL);
		json_str(j, "address", r->in->servers[i].addr.text);
		json_str(j, "reason", answer_fail_text(fail, why, sizeof why));
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* "unanswered": per question beyond the SOA (apex NS, compared RRsets) that
 * servers which answered the SOA left unanswered; null when not completed. */
static void json_unanswered(struct json *j, const struct report_input *r)
{
	size_t k;

	if (r == NULL) {
		json_null(j, "unanswered");
		return;
	}
	json_open(j, "unanswered", '[');
	for (k = 0; k < r->v->n_findings; k++) {
		const struct finding *f = &r->v->findings[k];
		if (f->kind != FINDING_CONTENT_FAILED && f->kind != FINDING_CONSISTENCY_FAILED)
			continue;
		json_open(j, NULL, '{');
		json_str(j, "question", report_question_name(r, f->item));
		json_str(j, "state", mp_state_name(f->state));
		json_uint(j, "count", f->count);
		json_unanswered_servers(j, r, f);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* "summary": exactly the status line's text after "SOA STATE - ". */
static void json_summary(struct json *j, const struct report_json_input *in)
{
	struct mp_strbuf text = {0};

	if (in->r != NULL)
		report_status_summary(in->r, &text);
	else
		report_failure_summary(in->zone, in->error != NULL ? in->error : "", &text);
	if (text.failed)
		j->sb->failed = true;
	json_str(j, "summary", mp_strbuf_str(&text));
	mp_strbuf_free(&text);
}

/* The verdict's reference serial and largest lag. */
static void json_reference(struct json *j, const struct group_verdict *v)
{
	if (v != NULL && v->has_reference)
		json_uint(j, "reference_serial", v->reference);
	else
		json_null(j, "reference_serial");
	json_bool(j, "reference_is_primary", v != NULL && v->reference_is_primary);
	if (v != NULL)
		json_uint(j, "max_lag", v->max_lag);
	else
		json_null(j, "max_lag");
}

void report_json_write(const struct report_json_input *in, struct mp_strbuf *out)
{
	struct json j;

	memset(&j, 0, sizeof j);
	j.sb = out;
	j.first[0] = true;
	json_open(&j, NULL, '{');
	json_str(&j, "plugin", "check_soa");
	json_str(&j, "version", PACKAGE_VERSION);
	json_str(&j, "state", mp_state_name(in->state));
	json_uint(&j, "code", (unsigned)in->state);
	json_summary(&j, in);
	json_str(&j, "zone", in->zone);
	json_str(&j, "error", in->r != NULL ? NULL : in->error);
	json_reference(&j, in->r != NULL ? &in->r->v->all : NULL);
	json_str(&j, "parent_zone", in->parent_zone);
	json_str(&j, "primary", json_primary(in->ns));
	json_ns(&j, in);
	json_providers(&j, in->r);
	json_content(&j, in->r);
	json_consistency(&j, in->r);
	json_unanswered(&j, in->r);
	report_json_findings(&j, in->r);
	report_json_dnssec_zone(&j, in->r);
	if (in->r != NULL && in->r->v->latency_measured)
		json_uint(&j, "latency_max", (unsigned long long)in->r->v->latency_max);
	else
		json_null(&j, "latency_max");
	json_counts(&j, in);
	json_addresses(&j, in);
	json_close(&j, '}');
	mp_strbuf_puts(out, "\n");
}
