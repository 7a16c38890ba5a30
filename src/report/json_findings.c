/* json_findings.c - every finding of the verdict in the JSON document, with its state. */
#include "config.h"

#include "judge/soa_sanity.h"
#include "report/json_findings.h"
#include "report/report_dnssec.h"
#include "report/report_text.h"
#include "report/unanswered.h"

/* The JSON name of finding kind K. */
static const char *json_finding_kind(enum finding_kind k)
{
	static const char *const names[] = {
	    [FINDING_NO_ANSWER] = "no_answer",
	    [FINDING_CONTENT] = "content",
	    [FINDING_CONTENT_FAILED] = "content_unanswered",
	    [FINDING_GROUP_EMPTY] = "provider_empty",
	    [FINDING_GROUP_DOWN] = "provider_down",
	    [FINDING_CONSISTENCY] = "consistency",
	    [FINDING_CONSISTENCY_FAILED] = "consistency_unanswered",
	    [FINDING_GLUE] = "glue",
	    [FINDING_GLUE_UNANSWERED] = "glue_unanswered",
	    [FINDING_SANITY] = "soa_sanity",
	    [FINDING_UNORDERABLE] = "unorderable",
	    [FINDING_INCOMPARABLE] = "incomparable",
	    [FINDING_BEHIND] = "behind",
	    [FINDING_AHEAD] = "ahead",
	    [FINDING_MNAME_SPLIT] = "mname_split",
	    [FINDING_UNREACHABLE] = "unreachable",
	    [FINDING_LAME] = "lame",
	    [FINDING_INVALID] = "invalid",
	    [FINDING_NO_ADDRESS] = "no_address",
	    [FINDING_PRIMARY_FAILED] = "primary_failed",
	    [FINDING_DNSSEC] = "dnssec",
	    [FINDING_DNSSEC_PROVIDER] = "dnssec_provider",
	    [FINDING_NS_MISMATCH] = "ns_mismatch",
	    [FINDING_LATENCY] = "latency",
	    [FINDING_NOT_JUDGED] = "not_judged",
	    [FINDING_IN_SYNC] = "in_sync",
	    [FINDING_UNCHECKED] = "unchecked",
	    [FINDING_LATENCY_LOST] = "latency_not_measured",
	};

	if ((size_t)k < sizeof names / sizeof names[0] && names[k] != NULL)
		return names[k];
	return "unknown";
}

/* The glued names no server answered usably for (those kept), each with who was asked
 * and why: "glue_unanswered": [{"glue_name", "servers": [{name, address, type, reason}]}]. */
static void json_glue_unanswered(struct json *j, const struct report_input *r)
{
	char why[OBS_ERROR_MAX];
	size_t k, e;

	json_open(j, "glue_unanswered", '[');
	for (k = 0; r->glue_unanswered != NULL && k < r->n_glue_unanswered_kept; k++) {
		const struct glue_unanswered *u = &r->glue_unanswered[k];
		json_open(j, NULL, '{');
		json_str(j, "glue_name", u->name);
		json_open(j, "servers", '[');
		for (e = 0; e < u->n_asked && e < GLUE_ASKED_MAX; e++) {
			const struct glue_asked *a = &u->asked[e];
			const struct server *s =
			    a->server < r->in->n ? &r->in->servers[a->server] : NULL;
			json_open(j, NULL, '{');
			json_str(j, "name", s != NULL && s->name[0] != '\0' ? s->name : NULL);
			json_str(j, "address", s != NULL ? s->addr.text : NULL);
			json_str(j, "type",
				 a->type == 0                ? NULL
				 : a->type == LDNS_RR_TYPE_A ? "A"
							     : "AAAA");
			json_str(j, "reason", answer_fail_text(&a->why, why, sizeof why));
			json_close(j, '}');
		}
		json_close(j, ']');
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* What the finding is about beyond its clause: the glue sets, or the SOA problem. */
static void json_finding_detail(struct json *j, const struct report_input *r,
				const struct finding *f)
{
	char text[160];

	if (f->kind == FINDING_GLUE && r->glue != NULL) {
		json_str(j, "glue_name", r->glue[f->item].name);
		json_str(j, "glue_parent", r->glue[f->item].parent);
		json_str(j, "glue_zone", r->glue[f->item].zone);
	} else if (f->kind == FINDING_SANITY) {
		soa_problem_text(&r->v->sanity[f->item], text, sizeof text);
		json_str(j, "problem", text);
	} else if (f->kind == FINDING_DNSSEC) {
		json_str(j, "problem", report_dnssec_problem_name(f->item));
	} else if (f->kind == FINDING_DNSSEC_PROVIDER && f->item < r->v->dnssec.multi.n) {
		json_str(j, "problem",
			 r->v->dnssec.multi.p[f->item].kind == DNSSEC_MULTI_NO_DS ? "no_ds"
										  : "zsk_missing");
	} else if (f->kind == FINDING_CONTENT_FAILED || f->kind == FINDING_CONSISTENCY_FAILED) {
		json_str(j, "question", report_question_name(r, f->item));
	} else if (f->kind == FINDING_GLUE_UNANSWERED) {
		json_glue_unanswered(j, r);
	}
}

/* One finding: kind, state, provider, count, first server, clause, detail. */
static void json_finding(struct json *j, const struct report_input *r, const struct finding *f)
{
	struct mp_strbuf clause = {0}, text = {0};
	const struct server *s = f->server < r->in->n ? &r->in->servers[f->server] : NULL;

	json_open(j, NULL, '{');
	json_str(j, "kind", json_finding_kind(f->kind));
	json_str(j, "state", mp_state_name(f->state));
	json_str(j, "provider",
		 f->group != JUDGE_ZONE && r->providers != NULL ? r->providers[f->group].label
								: NULL);
	json_uint(j, "count", f->count);
	json_str(j, "name", s != NULL && s->name[0] != '\0' ? s->name : NULL);
	json_str(j, "address", s != NULL && s->has_addr ? s->addr.text : NULL);
	if (s != NULL && s->has_addr && s->shown_port != 0)
		json_uint(j, "port", s->shown_port);
	report_finding(r, f, &clause); /* as the status line shows it */
	report_put_status(&text, mp_strbuf_str(&clause));
	if (clause.failed || text.failed)
		j->sb->failed = true;
	json_str(j, "text", mp_strbuf_str(&text));
	mp_strbuf_free(&clause);
	mp_strbuf_free(&text);
	json_finding_detail(j, r, f);
	json_close(j, '}');
}

void report_json_findings(struct json *j, const struct report_input *r)
{
	size_t i;

	if (r == NULL) {
		json_null(j, "findings");
		json_null(j, "findings_dropped");
		json_null(j, "state_note");
		return;
	}
	json_open(j, "findings", '[');
	for (i = 0; i < r->v->n_findings; i++)
		json_finding(j, r, &r->v->findings[i]);
	json_close(j, ']');
	json_uint(j, "findings_dropped", r->v->findings_dropped);
	json_str(j, "state_note",
		 r->state_note != NULL && r->state_note[0] != '\0' ? r->state_note : NULL);
}
