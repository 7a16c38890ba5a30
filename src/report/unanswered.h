/* unanswered.h - questions beyond the SOA that servers left unanswered, as text: the
 * status-line clause, the long-output lines, the address-line detail. */
#ifndef REPORT_UNANSWERED_H
#define REPORT_UNANSWERED_H

#include <stddef.h>

#include "mp/mp_strbuf.h"
#include "report/report.h"

/* The name of question Q: "apex NS" (JUDGE_ITEM_NS) or the compared RRset's ("MX"). */
const char *report_question_name(const struct report_input *r, size_t q);

/* The status-line clause of finding F (FINDING_CONTENT_FAILED or
 * FINDING_CONSISTENCY_FAILED): "MX not answered by 1 of 5 servers (ns3.example.com
 * 192.0.2.3: SERVFAIL, +2 more)". */
void report_unanswered_clause(const struct report_input *r, const struct finding *f,
			      struct mp_strbuf *sb);

/* The status-line clause of finding F (FINDING_GLUE_UNANSWERED): "glue of ns2.example.com
 * not checked: no usable answer (ns1.example.com 192.0.2.1: SERVFAIL, ns3.example.com
 * 192.0.2.3: AAAA timeout), +1 more name" (the type only when the other one answered). */
void report_glue_unanswered_clause(const struct report_input *r, const struct finding *f,
				   struct mp_strbuf *sb);

/* One long-output line per unanswered question, listing every server that
 * left it unanswered and why: "[WARNING] MX not answered: ns3.example.com
 * 192.0.2.3 (SERVFAIL), 2001:db8::3 (timeout)"; and per glued name no server
 * answered usably: "[WARNING] glue of ns2.example.com not checked: ns1.example.com
 * 192.0.2.1 (SERVFAIL), ns3.example.com 192.0.2.3 (timeout)". */
void report_unanswered_lines(const struct report_input *r, struct mp_strbuf *sb);

/* Append ", did not answer apex NS, MX" to the address line of server I, if it left any
 * question unanswered. */
void report_unanswered_detail(const struct report_input *r, size_t i, struct mp_strbuf *sb);

#endif
