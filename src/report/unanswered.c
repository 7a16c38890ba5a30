/* unanswered.c - write which servers left the apex NS question, a compared RRset or the
 * glue check's A/AAAA of a name unanswered. */
#include "config.h"

#include "report/report_text.h"
#include "report/unanswered.h"

#define UNANSWERED_LINE_SERVERS 64 /* servers named on one long-output line; more are counted */

/* Why server I left question Q unanswered, as text. */
static void unanswered_put_why(const struct report_input *r, size_t i, size_t q,
			       struct mp_strbuf *sb)
{
	const struct answer_fail *f = judge_answer_fail(r->in, i, q);
	char why[OBS_ERROR_MAX];

	if (f != NULL)
		report_put(sb, answer_fail_text(f, why, sizeof why));
}

const char *report_question_name(const struct report_input *r, size_t q)
{
	if (q == JUDGE_ITEM_NS)
		return "apex NS";
	return r->item_names != NULL ? r->item_names[q] : "compared RRset";
}

void report_unanswered_clause(const struct report_input *r, const struct finding *f,
			      struct mp_strbuf *sb)
{
	report_put(sb, report_question_name(r, f->item));
	mp_strbuf_printf(sb, " not answered by %zu of %zu servers (", f->count, r->v->all.answered);
	report_put_who(sb, &r->in->servers[f->server]);
	mp_strbuf_puts(sb, ": ");
	unanswered_put_why(r, f->server, f->item, sb);
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more", f->count - 1);
	mp_strbuf_puts(sb, ")");
}

/* Server entry K of unchecked glue name U and why: "ns1.example.com 192.0.2.1: SERVFAIL"
 * (LINE: "ns1.example.com 192.0.2.1 (SERVFAIL)"); the type when only it failed. */
static void glue_put_asked(const struct report_input *r, const struct glue_unanswered *u, size_t k,
			   bool line, struct mp_strbuf *sb)
{
	const struct glue_asked *e = &u->asked[k];
	char why[OBS_ERROR_MAX];

	if (e->server < r->in->n)
		report_put_who(sb, &r->in->servers[e->server]);
	mp_strbuf_puts(sb, line ? " (" : ": ");
	if (e->type != 0)
		mp_strbuf_puts(sb, e->type == LDNS_RR_TYPE_A ? "A " : "AAAA ");
	report_put(sb, answer_fail_text(&e->why, why, sizeof why));
	mp_strbuf_puts(sb, line ? ")" : "");
}

/* Every server asked about U's name, and why its answer was not usable. */
static void glue_put_who(const struct report_input *r, const struct glue_unanswered *u, bool line,
			 struct mp_strbuf *sb)
{
	size_t k, kept = u->n_asked < GLUE_ASKED_MAX ? u->n_asked : GLUE_ASKED_MAX;

	if (u->n_asked == 0)
		mp_strbuf_puts(sb, "no server asked");
	for (k = 0; k < kept; k++) {
		mp_strbuf_puts(sb, k > 0 ? ", " : "");
		glue_put_asked(r, u, k, line, sb);
	}
	if (u->n_asked > kept)
		mp_strbuf_printf(sb, ", +%zu more", u->n_asked - kept);
}

void report_glue_unanswered_clause(const struct report_input *r, const struct finding *f,
				   struct mp_strbuf *sb)
{
	if (r->glue_unanswered == NULL || r->n_glue_unanswered_kept == 0) {
		mp_strbuf_printf(sb, "glue of %zu name%s not checked: no usable answer", f->count,
				 f->count == 1 ? "" : "s");
		return;
	}
	mp_strbuf_puts(sb, "glue of ");
	report_put(sb, r->glue_unanswered[0].name);
	mp_strbuf_puts(sb, " not checked: no usable answer (");
	glue_put_who(r, &r->glue_unanswered[0], false, sb);
	mp_strbuf_puts(sb, ")");
	if (f->count > 1)
		mp_strbuf_printf(sb, ", +%zu more name%s", f->count - 1, f->count == 2 ? "" : "s");
}

/* The long-output lines of finding F (FINDING_GLUE_UNANSWERED): one per name kept. */
static void glue_unanswered_lines(const struct report_input *r, const struct finding *f,
				  struct mp_strbuf *sb)
{
	size_t k, kept = r->glue_unanswered != NULL ? r->n_glue_unanswered_kept : 0;

	for (k = 0; k < kept && k < f->count; k++) {
		mp_strbuf_printf(sb, "[%s] glue of ", mp_state_name(f->state));
		report_put(sb, r->glue_unanswered[k].name);
		mp_strbuf_puts(sb, " not checked: ");
		glue_put_who(r, &r->glue_unanswered[k], true, sb);
		mp_strbuf_puts(sb, "\n");
	}
	if (f->count > k)
		mp_strbuf_printf(sb, "[%s] glue of %zu more name%s not checked\n",
				 mp_state_name(f->state), f->count - k,
				 f->count - k == 1 ? "" : "s");
}

/* The long-output line of finding F. */
static void unanswered_line(const struct report_input *r, const struct finding *f,
			    struct mp_strbuf *sb)
{
	size_t i, shown = 0;
	const uint64_t bit = (uint64_t)1 << f->item;

	mp_strbuf_printf(sb, "[%s] ", mp_state_name(f->state));
	report_put(sb, report_question_name(r, f->item));
	mp_strbuf_puts(sb, " not answered: ");
	for (i = 0; i < r->in->n && shown < UNANSWERED_LINE_SERVERS; i++) {
		if (!(r->per_addr[i].unanswered & bit))
			continue;
		mp_strbuf_puts(sb, shown++ > 0 ? ", " : "");
		report_put_who(sb, &r->in->servers[i]);
		mp_strbuf_puts(sb, " (");
		unanswered_put_why(r, i, f->item, sb);
		mp_strbuf_puts(sb, ")");
	}
	if (f->count > shown)
		mp_strbuf_printf(sb, ", +%zu more", f->count - shown);
	mp_strbuf_puts(sb, "\n");
}

void report_unanswered_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	size_t k;

	for (k = 0; k < r->v->n_findings; k++) {
		const struct finding *f = &r->v->findings[k];
		if (f->kind == FINDING_CONTENT_FAILED || f->kind == FINDING_CONSISTENCY_FAILED)
			unanswered_line(r, f, sb);
		else if (f->kind == FINDING_GLUE_UNANSWERED)
			glue_unanswered_lines(r, f, sb);
	}
}

void report_unanswered_detail(const struct report_input *r, size_t i, struct mp_strbuf *sb)
{
	const uint64_t bits = r->per_addr[i].unanswered;
	size_t q, shown = 0;

	if (bits == 0)
		return;
	mp_strbuf_puts(sb, ", did not answer ");
	for (q = 0; q <= JUDGE_ITEM_NS; q++) {
		size_t question = q == 0 ? JUDGE_ITEM_NS : q - 1; /* the apex NS first */
		if (!(bits & ((uint64_t)1 << question)))
			continue;
		mp_strbuf_puts(sb, shown++ > 0 ? ", " : "");
		report_put(sb, report_question_name(r, question));
	}
}
