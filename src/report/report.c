/* report.c - the plugin output for a monitoring core: status line, perfdata, long output. */
#include "config.h"

#include <string.h>

#include "report/report.h"
#include "report/report_text.h"

/* Nagios, Naemon and Centreon Engine rewrite ';' to ':': see report_text.h. */
void report_put_status(struct mp_strbuf *out, const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		size_t run = strcspn(p, "\\;");
		mp_strbuf_append(out, p, run);
		p += run;
		if (*p == ';' || (p[0] == '\\' && p[1] == ';')) {
			mp_strbuf_puts(out, "\\059");
			p += *p == ';' ? 1 : 2;
		} else if (*p == '\\') { /* a two-byte escape whole: after \\ a ';' is bare */
			mp_strbuf_append(out, p, p[1] != '\0' ? 2 : 1);
			p += p[1] != '\0' ? 2 : 1;
		}
	}
}

/* Write the status line text of SUMMARY (filled by the caller) to OUT, scrubbed of ';'. */
static void report_put_summary(struct mp_strbuf *out, struct mp_strbuf *summary)
{
	if (summary->failed)
		out->failed = true;
	report_put_status(out, mp_strbuf_str(summary));
	mp_strbuf_free(summary);
}

void report_status_summary(const struct report_input *r, struct mp_strbuf *out)
{
	struct mp_strbuf summary = {0};

	report_put(&summary, r->zone);
	mp_strbuf_puts(&summary, ": ");
	report_summary(r, &summary);
	report_put_summary(out, &summary);
}

void report_result(const struct report_input *r, struct mp_strbuf *out)
{
	mp_strbuf_printf(out, "SOA %s - ", mp_state_name(r->v->state));
	report_status_summary(r, out);
	mp_strbuf_puts(out, " |");
	report_perfdata(r, out);
	mp_strbuf_puts(out, "\n");
	report_long_output(r, out);
}

void report_failure_summary(const char *zone, const char *detail, struct mp_strbuf *out)
{
	struct mp_strbuf summary = {0};

	if (zone != NULL) {
		report_put(&summary, zone);
		mp_strbuf_puts(&summary, ": ");
	}
	report_put(&summary, detail);
	report_put_summary(out, &summary);
}

void report_failure(const char *zone, enum mp_state state, const char *detail,
		    struct mp_strbuf *out)
{
	mp_strbuf_printf(out, "SOA %s - ", mp_state_name(state));
	report_failure_summary(zone, detail, out);
	mp_strbuf_puts(out, "\n");
}
