/* report_dnssec.h - the DNSSEC part of the output: status-line parts, perfdata, long output lines
 * and JSON members, all written from the judge's DNSSEC verdict. */
#ifndef REPORT_DNSSEC_H
#define REPORT_DNSSEC_H

#include <stddef.h>

#include "judge/judge.h"
#include "mp/mp_strbuf.h"
#include "report/json.h"
#include "report/report.h"

/* The JSON name of DNSSEC problem P ("expired", "ds_mismatch", ...); "unknown" out of range. */
const char *report_dnssec_problem_name(size_t p);

/* The status-line part of DNSSEC finding F (f->item: enum dnssec_problem). */
void report_dnssec_finding(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb);

/* The status-line part of multi-signer finding F (f->item: r->v->dnssec.multi.p index):
 * "DNSSEC: DNSKEY set lacks provider a's ZSK 12345/13", "DNSSEC: no DS matches its KSK". */
void report_dnssec_provider_finding(const struct report_input *r, const struct finding *f,
				    struct mp_strbuf *sb);

/* " signature_left_min=Ns;warn:;crit:" when DNSSEC was judged and a signature verified. */
void report_dnssec_perfdata(const struct report_input *r, struct mp_strbuf *sb);

/* One "DNSSEC" line per judged address, the parent's DS set, caps that were hit. */
void report_dnssec_lines(const struct report_input *r, struct mp_strbuf *sb);

/* JSON member "dnssec" of address I (only when DNSSEC was judged). */
void report_json_dnssec_addr(struct json *j, const struct report_input *r, size_t i);

/* JSON member "dnssec" of the zone: null when not judged. */
void report_json_dnssec_zone(struct json *j, const struct report_input *r);

#endif
