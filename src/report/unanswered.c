/* unanswered.c - write which servers left the apex NS question or a compared RRset unanswered.
 */
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
