/* fuzz_dnssec.c - libFuzzer target: hostile DNSKEY, SOA (DO=1) and DS replies through validation,
 * the extraction of keys, RRSIGs and DS records, signature verification, the judge and the report.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "judge/judge.h"
#include "net/plan.h"
#include "net/wire.h"
#include "query/dnssec_query.h"
#include "report/report.h"
#include "report/report_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_NOW 1764547200LL /* 2025-12-01 */

static ldns_rdf *fuzz_zone;

/* Take the next chunk of *DATA: a 2-byte length, then that many bytes (or what is left). */
static const uint8_t *fuzz_chunk(const uint8_t **data, size_t *size, size_t *len)
{
	const uint8_t *chunk;

	if (*size < 2) {
		*len = 0;
		return *data;
	}
	*len = (size_t)((*data)[0] << 8 | (*data)[1]);
	*data += 2;
	*size -= 2;
	if (*len > *size)
		*len = *size;
	chunk = *data;
	*data += *len;
	*size -= *len;
	return chunk;
}

/* A plan row of PURPOSE asking TYPE, answered by REPLY (LEN bytes) when it validates. */
static void fuzz_row(struct plan *plan, enum plan_purpose purpose, ldns_rr_type type,
		     const uint8_t *reply, size_t len)
{
	const struct wire_query_opts opts = {
	    .edns = true, .dnssec_ok = true, .skip_additional = true};
	const struct wire_question q = {fuzz_zone, type, LDNS_RR_CLASS_IN};
	const struct plan_row row = {purpose, 0, 0, TRANSPORT_UDP};
	struct server_addr addr;
	struct probe *p;
	ldns_pkt *pkt = NULL;
	uint16_t id = len >= 2 ? (uint16_t)(reply[0] << 8 | reply[1]) : 0;

	server_addr_from_text(&addr, "192.0.2.1", 53);
	if (!plan_add(plan, &row, &addr, &q, &opts))
		return;
	p = &plan->probes[plan->n - 1];
	if (wire_check_reply_for(&q, id, reply, len, &opts, &pkt) == WIRE_OK) {
		p->done = true;
		p->reply = pkt;
	}
}

/* Judge OBS (one address) with DS and check the text and JSON output. */
static void fuzz_judge(const struct observation *obs, const struct dnssec_ds *ds, int mode)
{
	struct server srv;
	struct addr_verdict per;
	struct mp_range warn, crit;
	struct judge_input in = {.servers = &srv, .obs = obs, .n = 1, .n_groups = 1};
	struct judge_config cfg = {
	    .warn_lag = &warn,
	    .crit_lag = &crit,
	    .warn_failed = &warn,
	    .crit_failed = &crit,
	    .soa_sanity = true,
	    .dnssec = {(enum dnssec_mode)mode, 3 * 86400, 86400, true, MP_WARNING}};
	static struct verdict v;
	struct report_input r;
	struct report_json_input j;
	struct mp_strbuf out = {0};

	mp_range_parse("0", &warn);
	mp_range_parse("5", &crit);
	memset(&srv, 0, sizeof srv);
	srv.name = "ns.example.com";
	srv.has_addr = true;
	server_addr_from_text(&srv.addr, "192.0.2.1", 53);
	in.now = FUZZ_NOW;
	in.dnssec = true;
	in.ds = ds;
	judge_run(&in, &cfg, &v, &per);
	r = (struct report_input){
	    .zone = "example.com", .in = &in, .cfg = &cfg, .v = &v, .per_addr = &per};
	report_result(&r, &out);
	if (!out.failed)
		fuzz_assert_output(mp_strbuf_str(&out), true);
	mp_strbuf_free(&out);
	memset(&j, 0, sizeof j);
	j.state = v.state;
	j.zone = "example.com";
	j.r = &r;
	report_json_write(&j, &out);
	mp_strbuf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan plan = {0};
	struct dnssec_answers d = {0};
	struct observation obs;
	const uint8_t *keys, *soa;
	size_t keys_len, soa_len;
	int mode;

	if (fuzz_zone == NULL)
		fuzz_zone = ldns_dname_new_frm_str("example.com.");
	if (size < 1)
		return 0;
	mode = data[0] & 1 ? DNSSEC_MODE_ON : DNSSEC_MODE_AUTO; /* byte 0: --dnssec */
	data++;
	size--;
	keys = fuzz_chunk(&data, &size, &keys_len);
	soa = fuzz_chunk(&data, &size, &soa_len);
	fuzz_row(&plan, PLAN_DNSKEY, LDNS_RR_TYPE_DNSKEY, keys, keys_len);
	fuzz_row(&plan, PLAN_SOA, LDNS_RR_TYPE_SOA, soa, soa_len);
	fuzz_row(&plan, PLAN_DS, LDNS_RR_TYPE_DS, data, size); /* the rest: the parent's DS */
	d.ds.asked = true;
	memset(&obs, 0, sizeof obs);
	obs.rcode = -1;
	if (plan.n > 1 && plan.probes[1].done)
		wire_classify_soa(plan.probes[1].reply, fuzz_zone, &obs);
	dnssec_collect(&d, &obs, 1, fuzz_zone, &plan);
	if (obs.dnssec.n_keys > DNSSEC_KEYS_MAX || d.ds.n > DNSSEC_DS_MAX ||
	    obs.dnssec.sigs[0].n > DNSSEC_SIGS_MAX || obs.dnssec.sigs[1].n > DNSSEC_SIGS_MAX)
		fuzz_fail("a cap was passed", "", 0);
	if (strnlen(obs.dnssec.dnskey_error, sizeof obs.dnssec.dnskey_error) ==
	    sizeof obs.dnssec.dnskey_error)
		fuzz_fail("DNSKEY error not terminated", "", 0);
	fuzz_judge(&obs, &d.ds, mode);
	dnssec_answers_free(&d);
	plan_free(&plan);
	return 0;
}
