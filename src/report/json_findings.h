/* json_findings.h - internal to report/: the verdict's findings as JSON members. */
#ifndef JSON_FINDINGS_H
#define JSON_FINDINGS_H

#include "report/json.h"
#include "report/report.h"

/* Members "findings" (every finding of R: kind, state, provider, count, server, the
 * status-line clause, and the glue or SOA problem it is about), "findings_dropped"
 * and "state_note"; null for each when R is NULL (the check did not complete). */
void report_json_findings(struct json *j, const struct report_input *r);

#endif
