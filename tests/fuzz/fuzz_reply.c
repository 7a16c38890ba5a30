/* fuzz_reply.c - libFuzzer target: hostile reply bytes through validation, classification and the
 * report. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "judge/judge.h"
#include "servers/discover.h"
#include "servers/lookup.h"
#include "report/report.h"
#include "query/rrset.h"
#include "net/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ldns_rdf *fuzz_zone;
static ldns_rdf *fuzz_root;

/* The questions a reply may be checked against, chosen by the first input byte. */
static const ldns_rr_type fuzz_types[4] = {LDNS_RR_TYPE_SOA, LDNS_RR_TYPE_NS, LDNS_RR_TYPE_A,
					   LDNS_RR_TYPE_AAAA};

/* A C string is NUL-terminated within SIZE and safe as plugin text. */
static void fuzz_assert_cstr(const char *s, size_t size, const char *what)
{
	size_t len = strnlen(s, size);

	if (len == size)
		fuzz_fail(what, s, size);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '|')
			fuzz_fail(what, s, len);
}

/* Judge OBS next to one healthy server and check the whole plugin output. */
static void fuzz_report(const struct observation *obs)
{
	struct server srv[2];
	struct observation both[2];
	struct addr_verdict per[2];
	struct mp_range warn, crit;
	struct judge_input in = {
	    .servers = srv, .obs = both, .n = 2, .n_groups = 1, .unchecked = 1};
	struct judge_config cfg = {.warn_lag = &warn,
				   .crit_lag = &crit,
				   .warn_failed = &warn,
				   .crit_failed = &crit,
				   .ns_mismatch_state = MP_WARNING,
				   .consistency = 0xf};
	struct report_input r;
	static struct verdict v;
	struct mp_strbuf out = {0};

	mp_range_parse("0", &warn);
	mp_range_parse("5", &crit);
	both[0] = *obs;
	memset(&both[1], 0, sizeof both[1]);
	memset(srv, 0, sizeof srv);
	srv[0].name = "ns.example.com";
	srv[0].has_addr = true;
	server_addr_from_text(&srv[0].addr, "203.0.113.9", 53);
	srv[1].name = "ns1.example.com";
	srv[1].has_addr = true;
	server_addr_from_text(&srv[1].addr, "192.0.2.1", 53);
	both[1].outcome = OUTCOME_ANSWERED;
	both[1].aa = true;
	both[1].has_soa = true;
	both[1].soa.serial = 2026112401;
	judge_run(&in, &cfg, &v, per);
	r = (struct report_input){.zone = "example.com",
				  .in = &in,
				  .cfg = &cfg,
				  .v = &v,
				  .per_addr = per,
				  .show_nsid = true};
	report_result(&r, &out);
	if (!out.failed)
		fuzz_assert_output(mp_strbuf_str(&out), true);
	mp_strbuf_free(&out);
}

/* The RRsets content comparison reads from replies: canonical values that
 * compare equal to themselves, and their text without NUL bytes (the report
 * escapes every other byte). */
static void fuzz_rrsets(const ldns_pkt *pkt, const ldns_rdf *owner)
{
	static const ldns_rr_type types[] = {LDNS_RR_TYPE_SOA, LDNS_RR_TYPE_NS, LDNS_RR_TYPE_MX,
					     LDNS_RR_TYPE_TXT, LDNS_RR_TYPE_A,  LDNS_RR_TYPE_AAAA};
	struct rrset_table table = {0};
	struct mp_strbuf text = {0};
	size_t i, first, again;
	struct answer_fail why;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		first = rrset_table_take(&table, pkt, owner, types[i], &why);
		if (first == RRSET_NONE && !table.failed && why.why == ANSWER_OK)
			fuzz_fail("an RRset that is no value without a reason", "", 0);
		again = rrset_table_take(&table, pkt, owner, types[i], &why);
		if (first != again && !table.failed)
			fuzz_fail("the same RRset read twice differs", "", 0);
		if (first == RRSET_NONE)
			continue;
		if (rrset_value_compare(&table.values[first], &table.values[first]) != 0)
			fuzz_fail("an RRset differs from itself", "", 0);
		rrset_value_text(&table.values[first], 512, &text);
		if (!text.failed && strlen(mp_strbuf_str(&text)) != text.len)
			fuzz_fail("RRset text holds a NUL", mp_strbuf_str(&text), text.len);
		mp_strbuf_free(&text);
	}
	rrset_table_free(&table);
}

/* Things discovery reads from replies: NS names and the SOA in the authority section. */
static void fuzz_discovery_reads(const ldns_pkt *pkt, const ldns_rdf *zone)
{
	ldns_rdf *names[SERVERS_NAMES_MAX];
	size_t i, n;
	bool nomem = false;

	n = lookup_ns_names(ldns_pkt_answer(pkt), zone, names, SERVERS_NAMES_MAX, &nomem);
	for (i = 0; i < n; i++)
		ldns_rdf_deep_free(names[i]);
	n = lookup_ns_names(ldns_pkt_authority(pkt), zone, names, SERVERS_NAMES_MAX, &nomem);
	for (i = 0; i < n; i++)
		ldns_rdf_deep_free(names[i]);
}

/* The first question name of REPLY, when it parses (caller frees), else NULL. */
static ldns_rdf *fuzz_reply_qname(const uint8_t *reply, size_t len)
{
	ldns_rdf *name = NULL;
	size_t pos = 12;

	if (len <= pos || ldns_wire2dname(&name, reply, len, &pos) != LDNS_STATUS_OK) {
		ldns_rdf_deep_free(name);
		return NULL;
	}
	return name;
}

/* Validate, then classify and report, REPLY as the answer to Q with ID. */
static void fuzz_one_reply(const struct wire_question *qq, uint16_t id, const uint8_t *reply,
			   size_t len)
{
	struct wire_question q = *qq;
	struct observation obs;
	ldns_pkt *pkt = NULL;
	enum wire_check check;
	char nsid[8];

	(void)wire_is_truncated(reply, len);
	check = wire_check_reply(&q, id, reply, len, &pkt);
	if (check != WIRE_OK) {
		if (pkt != NULL)
			abort(); /* a rejected reply must not be handed out */
		fuzz_assert_cstr(wire_check_name(check), 64, "wire_check_name");
		return;
	}
	memset(&obs, 0, sizeof obs);
	obs.rcode = -1;
	wire_classify_soa(pkt, q.qname, &obs);
	fuzz_assert_cstr(obs.error, sizeof obs.error, "observation error");
	fuzz_assert_cstr(obs.nsid, sizeof obs.nsid, "observation NSID");
	fuzz_assert_cstr(obs.soa.mname, sizeof obs.soa.mname, "SOA mname");
	fuzz_assert_cstr(obs.soa.rname, sizeof obs.soa.rname, "SOA rname");
	if (obs.outcome == OUTCOME_ANSWERED && !obs.has_soa)
		fuzz_fail("answered without an SOA", obs.error, strlen(obs.error));
	wire_read_nsid(pkt, nsid, sizeof nsid);
	fuzz_assert_cstr(nsid, sizeof nsid, "short NSID buffer");
	wire_read_nsid(pkt, nsid, 1);
	if (nsid[0] != '\0')
		fuzz_fail("NSID in a 1-byte buffer", nsid, 1);
	fuzz_discovery_reads(pkt, q.qname);
	fuzz_rrsets(pkt, q.qname);
	fuzz_report(&obs);
	ldns_pkt_free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_question q;
	ldns_rdf *own = NULL;
	uint16_t id;

	if (fuzz_zone == NULL) {
		fuzz_zone = ldns_dname_new_frm_str("example.com.");
		fuzz_root = ldns_dname_new_frm_str(".");
	}
	if (size < 1)
		return 0;
	/* byte 0: bits 0-1 the qtype, bit 2 the root as qname, bit 3 a wrong ID, bit 4 the
	 * reply's own question name as qname (so that captured replies get classified) */
	q.qname = (data[0] & 4) ? fuzz_root : fuzz_zone;
	if ((data[0] & 16) && (own = fuzz_reply_qname(data + 1, size - 1)) != NULL)
		q.qname = own;
	q.qtype = fuzz_types[data[0] & 3];
	q.qclass = LDNS_RR_CLASS_IN;
	id = size >= 3 ? (uint16_t)(data[1] << 8 | data[2]) : 0;
	if (data[0] & 8)
		id = (uint16_t)(id + 1);
	fuzz_one_reply(&q, id, data + 1, size - 1);
	ldns_rdf_deep_free(own);
	return 0;
}
