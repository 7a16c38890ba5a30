/* report_text.h - internal to report/: the text pieces the status line, perfdata and long
 * output share (report.h is the interface). */
#ifndef REPORT_TEXT_H
#define REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "mp/mp_strbuf.h"
#include "report/report.h"

/* Append already-escaped TEXT to SB, scrubbing anything that could still end the
 * line or start perfdata (defence in depth: callers pass escaped names). */
void report_put(struct mp_strbuf *sb, const char *text);

/* Append the address of S, with "#PORT" when S has a port to show (not -p's). */
void report_put_addr(struct mp_strbuf *sb, const struct server *s);

/* Append "name address", "name" (no address) or "address" (given as an address) of S. */
void report_put_who(struct mp_strbuf *sb, const struct server *s);

/* Append "a, b, c" from N escaped names. */
void report_name_list(struct mp_strbuf *sb, const char *const *names, size_t n);

/* Append the display of rrset table value V of R, escaped, at most MAX bytes of it
 * ("(no answer)" when V is not a value). */
void report_value(const struct report_input *r, size_t v, size_t max, struct mp_strbuf *sb);

/* Append "stale for 2h13m" or "stale for at least 4d0h" for address verdict A. */
void report_stale(const struct addr_verdict *a, struct mp_strbuf *sb);

/* Append every value of compared RRset ITEM of R that differs, most served first, each
 * with who serves it: "VALUE (majority) at provider A (4 servers) / VALUE at provider B
 * (2 servers)", or "at name address, ..." without providers. At most MAX_VALUES values of
 * at most VALUE_MAX bytes, MAX_ADDRS addresses each ("/ N more values" for the rest);
 * "(majority)" marks the value the judge measured the others against, if any. */
void report_content_values(const struct report_input *r, size_t item, size_t max_values,
			   size_t value_max, size_t max_addrs, struct mp_strbuf *sb);

/* The group verdict server I of R is judged in (the zone's without groups). */
const struct group_verdict *report_addr_group(const struct report_input *r, size_t i);

/* Append "SOA RNAME differs: VALUE (who) / VALUE (who)" for consistency result RES. */
void report_consistency(const struct report_input *r, const struct consistency_result *res,
			struct mp_strbuf *sb);

/* Append the status-line clause of finding F ("provider L: " first when grouped). */
void report_finding(const struct report_input *r, const struct finding *f, struct mp_strbuf *sb);

/* A duration for people, of the absolute value of SECONDS: "45s", "12m", "2h13m",
 * "3d4h" (stale servers and signature lifetimes alike). */
void report_duration(int64_t seconds, struct mp_strbuf *sb);

/* Append status-line TEXT to OUT with every ';' written as \059 (Nagios, Naemon and
 * Centreon Engine rewrite ';' to ':'); the DNS escape \; becomes \059 as well. The
 * clauses of the status line and the findings' texts in JSON both go through it. */
void report_put_status(struct mp_strbuf *out, const char *text);

/* Append the summary: every finding of R as a clause, in the judge's order, ", " between. */
void report_summary(const struct report_input *r, struct mp_strbuf *sb);

/* Append the perfdata of R (each entry starting with a space). */
void report_perfdata(const struct report_input *r, struct mp_strbuf *sb);

/* Append the long output of R: address lines (per provider), differences, notes. */
void report_long_output(const struct report_input *r, struct mp_strbuf *sb);

#endif
