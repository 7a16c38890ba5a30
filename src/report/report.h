/* report.h - the plugin output: status line with summary and perfdata, then long output. */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "judge/judge.h"
#include "mp/mp_state.h"
#include "mp/mp_strbuf.h"
#include "judge/providers.h"
#include "query/rrset.h"

/* Everything the report needs; nothing here is changed. Strings are display
 * forms (escaped) but are scrubbed again before printing. */
struct report_input {
	const char *zone;
	const struct judge_input *in;
	const struct judge_config *cfg;
	const struct verdict *v;
	const struct addr_verdict *per_addr;
	const char *const *parent_only; /* in->n_parent_only names */
	const char *const *child_only;  /* in->n_child_only names */
	bool show_nsid;
	const struct provider *providers; /* per group when in->group is set (--multi-provider) */
	const char *const *item_names;    /* per compared RRset: "MX", "A www.example.com" */
	const struct rrset_table *rrsets; /* the values in->content refers to */
	const char *state_note;           /* a problem with the latency state file, or NULL */
	const struct glue_diff *glue;     /* in->n_glue_diffs differences */
	const struct glue_unanswered *glue_unanswered; /* the first n_glue_unanswered_kept of
							  in->n_glue_unanswered names */
	size_t n_glue_unanswered_kept;
};

/* Write the full plugin output for a completed check into OUT:
 * "SOA STATE - zone: summary | perfdata\n" then one line per address. */
void report_result(const struct report_input *r, struct mp_strbuf *out);

/* Write the output of a check that could not run to completion (discovery
 * failed, bad arguments...): "SOA STATE - zone: detail\n". ZONE may be NULL. */
void report_failure(const char *zone, enum mp_state state, const char *detail,
		    struct mp_strbuf *out);

/* Append the status line's summary of a completed check to OUT: "zone: summary",
 * exactly the text between "SOA STATE - " and " |" (for the JSON output). */
void report_status_summary(const struct report_input *r, struct mp_strbuf *out);

/* Append the status line's summary of a check that could not complete to OUT:
 * "zone: detail", or "detail" when ZONE is NULL (as report_failure prints it). */
void report_failure_summary(const char *zone, const char *detail, struct mp_strbuf *out);

#endif
