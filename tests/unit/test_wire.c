/* test_wire.c - unit tests for query building, hostile reply checks, SOA classification, NSID. */
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "core/dname.h"
#include "core/observation.h"
#include "tap.h"
#include "net/wire.h"
#include "net/wire_pkt.h"

#define ID   0x1234u
#define F_QR 0x8000u
#define F_AA 0x0400u
#define F_TC 0x0200u
#define F_RD 0x0100u

static const uint8_t EXAMPLE_COM[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};

/* The zone every test asks about: example.com (created in main). */
static ldns_rdf *zone;

/* ---- a byte-by-byte DNS message builder ------------------------------------------- */

struct msg {
	uint8_t b[1024];
	size_t len;
};

static void put8(struct msg *m, unsigned v)
{
	m->b[m->len++] = (uint8_t)v;
}

static void put16(struct msg *m, unsigned v)
{
	put8(m, (v >> 8) & 0xff);
	put8(m, v & 0xff);
}

static void put32(struct msg *m, uint32_t v)
{
	put16(m, (unsigned)(v >> 16));
	put16(m, (unsigned)(v & 0xffff));
}

static void put_bytes(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void put_header(struct msg *m, unsigned id, unsigned flags, unsigned qd, unsigned an,
		       unsigned ns, unsigned ar)
{
	m->len = 0;
	put16(m, id);
	put16(m, flags);
	put16(m, qd);
	put16(m, an);
	put16(m, ns);
	put16(m, ar);
}

static void put_question(struct msg *m, const uint8_t *name, size_t len, unsigned type,
			 unsigned cls)
{
	put_bytes(m, name, len);
	put16(m, type);
	put16(m, cls);
}

/* The type, class, TTL and RDATA of an SOA RR with serial SERIAL whose names
 * point to example.com at offset 12. */
static void put_soa_rest(struct msg *m, uint32_t serial)
{
	static const uint8_t mname[] = {3, 'n', 's', '1', 0xc0, 12};
	static const uint8_t rname[] = {10,  'h', 'o', 's', 't',  'm', 'a',
					's', 't', 'e', 'r', 0xc0, 12};

	put16(m, LDNS_RR_TYPE_SOA);
	put16(m, LDNS_RR_CLASS_IN);
	put32(m, 3600);
	put16(m, (unsigned)(sizeof mname + sizeof rname + 20));
	put_bytes(m, mname, sizeof mname);
	put_bytes(m, rname, sizeof rname);
	put32(m, serial);
	put32(m, 7200);
	put32(m, 3600);
	put32(m, 1209600);
	put32(m, 300);
}

/* An SOA RR for the name at offset 12 (the question), serial SERIAL. */
static void put_soa_answer(struct msg *m, uint32_t serial)
{
	put16(m, 0xc00c);
	put_soa_rest(m, serial);
}

/* A well-formed authoritative answer to "example.com IN SOA?" with ID. */
static void valid_reply(struct msg *m)
{
	put_header(m, ID, F_QR | F_AA, 1, 1, 0, 0);
	put_question(m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	put_soa_answer(m, 2026112401u);
}

static struct wire_question soa_question(void)
{
	struct wire_question q = {zone, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN};

	return q;
}

/* ---- wire_build_query ----------------------------------------------------------- */

static void test_query_plain(void)
{
	static const uint8_t want[] = {0xbe, 0xef, 0,   0,   0,   1,   0,   0,   0,   0,
				       0,    0,    7,   'e', 'x', 'a', 'm', 'p', 'l', 'e',
				       3,    'c',  'o', 'm', 0,   0,   6,   0,   1};
	struct wire_question q = soa_question();
	struct wire_query_opts opts = {false, false, false, false, false, false, false};
	uint8_t buf[WIRE_QUERY_MAX];
	size_t len = wire_build_query(&q, 0xbeef, &opts, buf, sizeof buf);

	tap_int_eq(len, sizeof want, "query: plain SOA query is 29 bytes");
	tap_ok(len == sizeof want && memcmp(buf, want, len) == 0,
	       "query: plain SOA query has ID, no flags, QDCOUNT 1, the question, SOA IN");
	opts.rd = true;
	len = wire_build_query(&q, 0xbeef, &opts, buf, sizeof buf);
	tap_ok(len == sizeof want && buf[2] == 0x01 && buf[3] == 0,
	       "query: rd sets only the RD bit");
	tap_ok(buf[10] == 0 && buf[11] == 0, "query: without EDNS ARCOUNT is 0");
}

static void test_query_edns(void)
{
	static const uint8_t opt[] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0};
	static const uint8_t opt_nsid[] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 0};
	struct wire_question q = soa_question();
	struct wire_query_opts opts = {false, true, false, false, false, false, false};
	uint8_t buf[WIRE_QUERY_MAX];
	size_t len = wire_build_query(&q, 7, &opts, buf, sizeof buf);

	tap_int_eq(len, 29 + sizeof opt, "query: EDNS adds an 11-byte OPT record");
	tap_ok(buf[10] == 0 && buf[11] == 1, "query: with EDNS ARCOUNT is 1");
	tap_ok(memcmp(buf + 29, opt, sizeof opt) == 0,
	       "query: OPT has root owner, type 41, payload 1232, TTL 0, no options");
	opts.nsid = true;
	len = wire_build_query(&q, 7, &opts, buf, sizeof buf);
	tap_int_eq(len, 29 + sizeof opt_nsid, "query: NSID adds a 4-byte empty option");
	tap_ok(memcmp(buf + 29, opt_nsid, sizeof opt_nsid) == 0,
	       "query: NSID option has code 3 and length 0, RDLENGTH 4");
	opts.edns = false;
	len = wire_build_query(&q, 7, &opts, buf, sizeof buf);
	tap_ok(len == 29 + sizeof opt_nsid && buf[11] == 1 && memcmp(buf + 29, opt_nsid, 15) == 0,
	       "query: NSID implies EDNS");
}

static void test_query_limits(void)
{
	struct wire_question q = soa_question();
	struct wire_query_opts opts = {false, true, true, false, false, false, false};
	uint8_t buf[WIRE_QUERY_MAX];
	ldns_pkt *pkt = NULL;
	size_t len;

	tap_int_eq(wire_build_query(&q, 1, &opts, buf, 43), 0,
		   "query: a buffer one byte too small gives 0");
	tap_int_eq(wire_build_query(&q, 1, &opts, buf, 44), 44,
		   "query: a buffer of exactly the needed size is enough");
	len = wire_build_query(&q, 0x4242, &opts, buf, sizeof buf);
	tap_ok(ldns_wire2pkt(&pkt, buf, len) == LDNS_STATUS_OK && ldns_pkt_id(pkt) == 0x4242 &&
		   ldns_pkt_edns_udp_size(pkt) == WIRE_EDNS_BUFSIZE && !ldns_pkt_qr(pkt),
	       "query: ldns parses the query back with ID and EDNS size");
	ldns_pkt_free(pkt);
	tap_int_eq(wire_check_reply(&q, 0x4242, buf, len, &pkt), WIRE_NOT_RESPONSE,
		   "query: our own query is not accepted as a reply");
}

/* ---- wire_check_reply ----------------------------------------------------------- */

/* Validating M for "example.com SOA?" with ID must give WANT; *out set only on WIRE_OK. */
static void check_is(const char *name, const struct msg *m, enum wire_check want)
{
	struct wire_question q = soa_question();
	ldns_pkt *out = (ldns_pkt *)&q; /* not NULL: must be overwritten */
	enum wire_check got = wire_check_reply(&q, ID, m->b, m->len, &out);

	if (!tap_ok(got == want && (out != NULL) == (want == WIRE_OK), "%s", name))
		printf("#   got %d (%s), want %d (%s), out %s\n", (int)got, wire_check_name(got),
		       (int)want, wire_check_name(want), out ? "set" : "NULL");
	if (got == WIRE_OK)
		ldns_pkt_free(out);
}

static void test_check_header(void)
{
	struct msg m;

	valid_reply(&m);
	check_is("check: a valid authoritative SOA reply is accepted", &m, WIRE_OK);
	m.len = 11;
	check_is("check: 11 bytes are shorter than a header", &m, WIRE_SHORT);
	m.len = 0;
	check_is("check: 0 bytes are shorter than a header", &m, WIRE_SHORT);
	valid_reply(&m);
	m.b[1] ^= 1;
	check_is("check: a different ID is rejected", &m, WIRE_WRONG_ID);
	valid_reply(&m);
	m.b[2] &= 0x7f;
	check_is("check: QR clear is not a response", &m, WIRE_NOT_RESPONSE);
	valid_reply(&m);
	m.b[2] |= 1 << 3;
	check_is("check: opcode IQUERY (1) is rejected", &m, WIRE_WRONG_OPCODE);
	valid_reply(&m);
	m.b[2] |= 2 << 3;
	check_is("check: opcode STATUS (2) is rejected", &m, WIRE_WRONG_OPCODE);
	valid_reply(&m);
	m.b[2] |= 5 << 3;
	check_is("check: opcode UPDATE (5) is rejected", &m, WIRE_WRONG_OPCODE);
	put_header(&m, ID, F_QR | F_AA, 0, 0, 0, 0);
	check_is("check: a bare header with QDCOUNT 0 has the wrong question", &m,
		 WIRE_WRONG_QUESTION);
}

/* A reply whose question is NAME/TYPE/CLASS, with no answer. */
static void reply_with_question(struct msg *m, const uint8_t *name, size_t len, unsigned type,
				unsigned cls)
{
	put_header(m, ID, F_QR | F_AA, 1, 0, 0, 0);
	put_question(m, name, len, type, cls);
}

static void test_check_question(void)
{
	static const uint8_t mixed[] = {7, 'E', 'x', 'A', 'm', 'P', 'l', 'e', 3, 'C', 'O', 'M', 0};
	static const uint8_t org[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0};
	static const uint8_t www[] = {3,   'w', 'w', 'w', 7,   'e', 'x', 'a', 'm',
				      'p', 'l', 'e', 3,   'c', 'o', 'm', 0};
	static const uint8_t com[] = {3, 'c', 'o', 'm', 0};
	struct msg m;

	reply_with_question(&m, mixed, sizeof mixed, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: qname ExAmPle.COM is the same question (case-insensitive)", &m, WIRE_OK);
	reply_with_question(&m, org, sizeof org, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: qname example.org is the wrong question", &m, WIRE_WRONG_QUESTION);
	reply_with_question(&m, www, sizeof www, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: qname www.example.com is the wrong question", &m, WIRE_WRONG_QUESTION);
	reply_with_question(&m, com, sizeof com, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: qname com is the wrong question", &m, WIRE_WRONG_QUESTION);
	reply_with_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	check_is("check: qtype A is the wrong question", &m, WIRE_WRONG_QUESTION);
	reply_with_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA,
			    LDNS_RR_CLASS_CH);
	check_is("check: qclass CH is the wrong question", &m, WIRE_WRONG_QUESTION);
	put_header(&m, ID, F_QR | F_AA, 0, 1, 0, 0);
	put_bytes(&m, EXAMPLE_COM, sizeof EXAMPLE_COM);
	put_soa_rest(&m, 1);
	check_is("check: QDCOUNT 0 with an SOA answer is the wrong question", &m,
		 WIRE_WRONG_QUESTION);
	put_header(&m, ID, F_QR | F_AA, 2, 0, 0, 0);
	put_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	put_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: QDCOUNT 2 is the wrong question", &m, WIRE_WRONG_QUESTION);
}

static void test_check_counts(void)
{
	struct msg m;

	valid_reply(&m);
	m.b[7] = 5;
	check_is("check: ANCOUNT 5 with one answer is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[5] = 3;
	check_is("check: QDCOUNT 3 with one question is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[9] = 1;
	check_is("check: NSCOUNT 1 with no authority is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[11] = 1;
	check_is("check: ARCOUNT 1 with no additional is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[4] = m.b[5] = m.b[6] = m.b[7] = 0xff;
	check_is("check: counts of 65535 are malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.len -= 1;
	check_is("check: an answer one byte short is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[12 + 13 + 4 + 10] = 0xff; /* RDLENGTH high byte */
	check_is("check: an RDLENGTH past the end is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.len = 12 + 5;
	check_is("check: a question cut inside the name is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.len = 12 + 13 + 2;
	check_is("check: a question cut inside the type/class is malformed", &m, WIRE_MALFORMED);
}

/* Append an empty TSIG record (root owner, no RDATA) to M. */
static void put_empty_tsig(struct msg *m)
{
	put8(m, 0);
	put16(m, LDNS_RR_TYPE_TSIG);
	put16(m, LDNS_RR_CLASS_ANY);
	put32(m, 0);
	put16(m, 0);
}

static void test_check_tsig(void)
{
	struct msg m;

	put_header(&m, ID, F_QR | F_AA, 1, 1, 0, 1);
	put_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	put_soa_answer(&m, 2026112401u);
	put_empty_tsig(&m);
	check_is("check: one TSIG record in the additional section is accepted", &m, WIRE_OK);
	put_header(&m, ID, F_QR | F_AA, 1, 1, 0, 3);
	put_question(&m, EXAMPLE_COM, sizeof EXAMPLE_COM, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	put_soa_answer(&m, 2026112401u);
	put_empty_tsig(&m);
	put_empty_tsig(&m);
	put_empty_tsig(&m);
	check_is("check: several TSIG records are malformed (ldns would leak all but one)", &m,
		 WIRE_MALFORMED);
}

static void test_check_compression(void)
{
	static const uint8_t self[] = {0xc0, 12};
	static const uint8_t two_loop[] = {0xc0, 14, 0xc0, 12};
	static const uint8_t past_end[] = {0xc0, 0xff};
	static const uint8_t long_label[] = {0x40, 'a', 0};
	static const uint8_t label_past_end[] = {60, 'a', 'b'};
	struct msg m;

	reply_with_question(&m, self, sizeof self, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: a compression pointer to itself is malformed", &m, WIRE_MALFORMED);
	reply_with_question(&m, two_loop, sizeof two_loop, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: a loop of two compression pointers is malformed", &m, WIRE_MALFORMED);
	reply_with_question(&m, past_end, sizeof past_end, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: a compression pointer past the end is malformed", &m, WIRE_MALFORMED);
	reply_with_question(&m, long_label, sizeof long_label, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN);
	check_is("check: a label type 0x40 is malformed", &m, WIRE_MALFORMED);
	put_header(&m, ID, F_QR, 1, 0, 0, 0);
	put_bytes(&m, label_past_end, sizeof label_past_end);
	check_is("check: a label running past the end is malformed", &m, WIRE_MALFORMED);
	valid_reply(&m);
	m.b[12 + 13 + 4] = 0xc0; /* answer owner: pointer to itself */
	m.b[12 + 13 + 4 + 1] = 12 + 13 + 4;
	check_is("check: an answer owner pointing to itself is malformed", &m, WIRE_MALFORMED);
}

static uint32_t rnd(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Validate M; the result must be consistent with *out. Returns true if consistent. */
static bool check_consistent(const struct msg *m)
{
	struct wire_question q = soa_question();
	ldns_pkt *out = NULL;
	enum wire_check got = wire_check_reply(&q, ID, m->b, m->len, &out);
	bool ok = (got == WIRE_OK) == (out != NULL);

	ldns_pkt_free(out);
	return ok;
}

static void test_check_garbage(void)
{
	uint32_t seed = 1;
	struct msg m;
	size_t i, j;
	bool ok = true;

	for (i = 0; i < 3000; i++) {
		m.len = rnd(&seed) % 300;
		for (j = 0; j < m.len; j++)
			m.b[j] = (uint8_t)rnd(&seed);
		if (m.len >= 3 && i % 2 == 0) { /* get past the header checks half the time */
			m.b[0] = ID >> 8;
			m.b[1] = ID & 0xff;
			m.b[2] = (uint8_t)((m.b[2] | 0x80) & ~0x78);
		}
		ok = check_consistent(&m) && ok;
	}
	tap_ok(ok, "check: 3000 random byte strings never crash and never leak a packet");
	ok = true;
	for (i = 0; i < 5000; i++) {
		valid_reply(&m);
		for (j = 0; j < 1 + i % 4; j++)
			m.b[12 + rnd(&seed) % (m.len - 12)] = (uint8_t)rnd(&seed);
		if (i % 7 == 0)
			m.len = 12 + rnd(&seed) % (m.len - 12);
		ok = check_consistent(&m) && ok;
	}
	tap_ok(ok, "check: 5000 mutations of a valid reply are handled consistently");
}

static void test_check_misc(void)
{
	struct msg m;

	valid_reply(&m);
	tap_ok(!wire_is_truncated(m.b, m.len), "truncated: TC clear is not truncated");
	m.b[2] |= F_TC >> 8;
	tap_ok(wire_is_truncated(m.b, m.len), "truncated: TC set is truncated");
	check_is("check: a truncated reply is still a valid reply", &m, WIRE_OK);
	tap_str_eq(wire_check_name(WIRE_WRONG_ID), "wrong ID", "check name: wrong ID");
	tap_str_eq(wire_check_name(WIRE_MALFORMED), "malformed", "check name: malformed");
	tap_str_eq(wire_check_name((enum wire_check)99), "invalid",
		   "check name: unknown value is a generic text, not NULL");
	tap_str_eq(obs_rcode_name(0), "NOERROR", "rcode name: 0 is NOERROR");
	tap_str_eq(obs_rcode_name(5), "REFUSED", "rcode name: 5 is REFUSED");
	tap_str_eq(obs_rcode_name(9), "NOTAUTH", "rcode name: 9 is NOTAUTH");
	tap_str_eq(obs_rcode_name(10), "NOTZONE", "rcode name: 10 is NOTZONE");
	tap_str_eq(obs_rcode_name(12), "RCODE12",
		   "rcode name: an unnamed header RCODE shows its number");
	tap_str_eq(obs_rcode_name(-1), "RCODE?", "rcode name: a negative value is RCODE?");
	tap_str_eq(obs_rcode_name(4096), "RCODE?", "rcode name: a value past 15 is RCODE?");
}

/* ---- wire_classify_soa, on replies built with ldns -------------------------------- */

/* Push the RRs given as presentation text (NULL-terminated list) into SECTION. */
static void push_rrs(ldns_pkt *p, ldns_pkt_section section, const char *const *rrs)
{
	ldns_rr *rr;

	for (; rrs != NULL && *rrs != NULL; rrs++) {
		rr = NULL;
		if (ldns_rr_new_frm_str(&rr, *rrs, 3600, NULL, NULL) != LDNS_STATUS_OK)
			printf("# bad test RR: %s\n", *rrs);
		else
			ldns_pkt_push_rr(p, section, rr);
	}
}

/* A reply to "example.com SOA?" with RCODE, AA and the given answer/authority RRs. */
static ldns_pkt *reply_new(ldns_pkt_rcode rcode, bool aa, const char *const *answer,
			   const char *const *authority)
{
	ldns_pkt *p = ldns_pkt_new();
	ldns_rr *q = NULL;

	ldns_rr_new_question_frm_str(&q, "example.com. IN SOA", NULL, NULL);
	ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, q);
	ldns_pkt_set_id(p, ID);
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_rcode(p, (uint8_t)rcode);
	push_rrs(p, LDNS_SECTION_ANSWER, answer);
	push_rrs(p, LDNS_SECTION_AUTHORITY, authority);
	return p;
}

/* Send P through the wire and wire_check_reply, then classify into a zeroed OBS.
 * Takes ownership of P. Returns false if the reply did not validate. */
static bool classify(ldns_pkt *p, struct observation *obs)
{
	struct wire_question q = soa_question();
	uint8_t *wire = NULL;
	size_t len = 0;
	ldns_pkt *out = NULL;
	bool ok;

	memset(obs, 0, sizeof *obs);
	ok = ldns_pkt2wire(&wire, p, &len) == LDNS_STATUS_OK &&
	     wire_check_reply(&q, ID, wire, len, &out) == WIRE_OK;
	if (ok)
		wire_classify_soa(out, zone, obs);
	ldns_pkt_free(out);
	ldns_pkt_free(p);
	free(wire);
	return ok;
}

#define SOA_RR                                                                                     \
	"example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2026112401 7200 3600 "  \
	"1209600 300"
#define SOA_OLD                                                                                    \
	"example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2026112400 7200 3600 "  \
	"1209600 300"

static void test_classify_answered(void)
{
	static const char *const answer[] = {SOA_RR, NULL};
	static const char *const upper[] = {
	    "EXAMPLE.COM. 3600 IN SOA ns1.example.com. hostmaster.example.com. 7 1 2 3 4", NULL};
	struct observation o;

	tap_ok(classify(reply_new(LDNS_RCODE_NOERROR, true, answer, NULL), &o),
	       "classify: an authoritative SOA reply validates");
	tap_ok(o.outcome == OUTCOME_ANSWERED && o.lame == LAME_NONE && o.has_soa && o.aa &&
		   o.rcode == 0 && o.error[0] == '\0',
	       "classify: an authoritative SOA answer is ANSWERED");
	tap_ok(o.soa.serial == 2026112401u && o.soa.refresh == 7200 && o.soa.retry == 3600 &&
		   o.soa.expire == 1209600 && o.soa.minimum == 300,
	       "classify: all SOA numbers are read");
	tap_str_eq(o.soa.mname, "ns1.example.com", "classify: SOA MNAME is read for display");
	tap_str_eq(o.soa.rname, "hostmaster.example.com",
		   "classify: SOA RNAME is read for display");
	classify(reply_new(LDNS_RCODE_NOERROR, true, upper, NULL), &o);
	tap_ok(o.outcome == OUTCOME_ANSWERED && o.soa.serial == 7,
	       "classify: an SOA owner in other case is the zone's SOA");
}

/* A reply with RCODE must be lame by RCODE, error NAME. */
static void lame_by_rcode(ldns_pkt_rcode rcode, const char *name)
{
	static const char *const answer[] = {SOA_RR, NULL};
	struct observation o;

	classify(reply_new(rcode, true, answer, NULL), &o);
	if (!tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_RCODE && o.rcode == (int)rcode &&
			strcmp(o.error, name) == 0,
		    "classify: %s is lame by RCODE", name))
		printf("#   outcome %d lame %d rcode %d error \"%s\"\n", (int)o.outcome,
		       (int)o.lame, o.rcode, o.error);
}

static void test_classify_rcodes(void)
{
	lame_by_rcode(LDNS_RCODE_REFUSED, "REFUSED");
	lame_by_rcode(LDNS_RCODE_SERVFAIL, "SERVFAIL");
	lame_by_rcode(LDNS_RCODE_NXDOMAIN, "NXDOMAIN");
	lame_by_rcode(LDNS_RCODE_NOTAUTH, "NOTAUTH");
	lame_by_rcode(LDNS_RCODE_FORMERR, "FORMERR");
}

static void test_classify_lame(void)
{
	static const char *const ns[] = {"example.com. 3600 IN NS ns1.example.net.",
					 "example.com. 3600 IN NS ns2.example.net.", NULL};
	static const char *const soa[] = {SOA_RR, NULL};
	static const char *const neg[] = {"com. 900 IN SOA a.gtld. n.gtld. 1 2 3 4 5", NULL};
	struct observation o;

	classify(reply_new(LDNS_RCODE_NOERROR, false, NULL, ns), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_REFERRAL && !o.has_soa,
	       "classify: NS in authority with AA clear is a referral");
	classify(reply_new(LDNS_RCODE_NOERROR, false, soa, NULL), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NOT_AA && o.has_soa &&
		   o.soa.serial == 2026112401u,
	       "classify: an SOA answer without AA is lame (not AA) but keeps the SOA");
	classify(reply_new(LDNS_RCODE_NOERROR, false, soa, ns), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NOT_AA,
	       "classify: a non-AA SOA answer with NS in authority is not AA, not a referral");
	classify(reply_new(LDNS_RCODE_NOERROR, false, NULL, neg), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NOT_AA,
	       "classify: an empty non-AA answer with an SOA in authority is not AA");
	classify(reply_new(LDNS_RCODE_NOERROR, false, NULL, NULL), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NOT_AA,
	       "classify: an empty non-AA answer is not AA");
	classify(reply_new(LDNS_RCODE_NOERROR, true, NULL, NULL), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NO_SOA && !o.has_soa,
	       "classify: AA without any answer is lame (no SOA)");
	classify(reply_new(LDNS_RCODE_NOERROR, true, NULL, ns), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NO_SOA,
	       "classify: AA with only NS in authority is lame (no SOA)");
	classify(reply_new(LDNS_RCODE_NOERROR, true, NULL, soa), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NO_SOA && !o.has_soa,
	       "classify: AA with the SOA only in authority is lame (no SOA)");
}

static void test_classify_wrong_soa(void)
{
	static const char *const other[] = {
	    "www.example.com. 3600 IN SOA ns1.example.com. h.example.com. 5 1 2 3 4", NULL};
	static const char *const parent[] = {"com. 3600 IN SOA a.gtld. n.gtld. 5 1 2 3 4", NULL};
	static const char *const two[] = {SOA_RR, SOA_OLD, NULL};
	static const char *const mixed[] = {SOA_RR, "example.com. 3600 IN NS ns1.example.com.",
					    "www.example.com. 3600 IN SOA a. b. 1 1 1 1 1", NULL};
	struct observation o;

	classify(reply_new(LDNS_RCODE_NOERROR, true, other, NULL), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NO_SOA && !o.has_soa,
	       "classify: an SOA for www.example.com is no SOA for example.com");
	classify(reply_new(LDNS_RCODE_NOERROR, true, parent, NULL), &o);
	tap_ok(o.outcome == OUTCOME_LAME && o.lame == LAME_NO_SOA && !o.has_soa,
	       "classify: an SOA for the parent com is no SOA for example.com");
	classify(reply_new(LDNS_RCODE_NOERROR, true, two, NULL), &o);
	tap_ok(o.outcome == OUTCOME_INVALID && !o.has_soa,
	       "classify: two SOA records for the zone are invalid");
	tap_str_eq(o.error, "2 SOA records in the answer", "classify: two SOA records are named");
	classify(reply_new(LDNS_RCODE_NOERROR, true, mixed, NULL), &o);
	tap_ok(o.outcome == OUTCOME_ANSWERED && o.soa.serial == 2026112401u,
	       "classify: other records next to the zone's one SOA are ignored");
}

static void test_classify_display(void)
{
	static const char *const odd[] = {"example.com. 3600 IN SOA ns\\124x.example.com. "
					  "a\\010b\\032c\\255.example.com. 1 2 3 4 5",
					  NULL};
	struct observation o;

	classify(reply_new(LDNS_RCODE_NOERROR, true, odd, NULL), &o);
	tap_str_eq(o.soa.mname, "ns\\124x.example.com", "classify: '|' in MNAME is escaped");
	tap_str_eq(o.soa.rname, "a\\010b\\032c\\255.example.com",
		   "classify: newline, space and 0xff in RNAME are escaped");
}

/* ---- NSID ----------------------------------------------------------------------- */

/* A NOERROR reply carrying EDNS option data OPTS (LEN bytes). */
static ldns_pkt *reply_with_edns(const uint8_t *opts, size_t len)
{
	static const char *const answer[] = {SOA_RR, NULL};
	ldns_pkt *p = reply_new(LDNS_RCODE_NOERROR, true, answer, NULL);

	ldns_pkt_set_edns_udp_size(p, 1232);
	if (len > 0)
		ldns_pkt_set_edns_data(p, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_UNKNOWN, len, opts));
	return p;
}

/* wire_read_nsid of a reply with option data OPTS, into SIZE bytes, must be WANT. */
static void nsid_is(const char *name, const uint8_t *opts, size_t len, size_t size,
		    const char *want)
{
	ldns_pkt *p = reply_with_edns(opts, len);
	char buf[300];

	memset(buf, 'Z', sizeof buf);
	wire_read_nsid(p, buf, size);
	if (!tap_ok(strcmp(buf, want) == 0 && buf[size] == 'Z', "%s", name))
		printf("#   got:  \"%.*s\"\n#   want: \"%s\"\n", (int)size, buf, want);
	ldns_pkt_free(p);
}

static void test_nsid(void)
{
	static const uint8_t plain[] = {0, 3, 0, 7, 'n', 's', '1', '.', 'f', 'r', 'a'};
	static const uint8_t odd[] = {0,    3,   0,    10,  'a',  '\n', 0,
				      0xff, '|', '\\', ' ', '\'', '=',  '"'};
	static const uint8_t after[] = {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 3, 0, 2, 'i', 'd'};
	static const uint8_t cut[] = {0, 3, 0, 10, 'a', 'b', 'c', 'd'};
	static const uint8_t cut_header[] = {0, 3, 0};
	static const uint8_t empty[] = {0, 3, 0, 0};
	static const uint8_t other[] = {0, 10, 0, 2, 'x', 'y'};

	nsid_is("nsid: printable NSID is kept", plain, sizeof plain, 64, "ns1.fra");
	nsid_is("nsid: newline, NUL, 0xff, '|' and '\\\\' are \\DDD escaped", odd, sizeof odd, 64,
		"a\\010\\000\\255\\124\\092 '=\"");
	nsid_is("nsid: found after another option", after, sizeof after, 64, "id");
	nsid_is("nsid: a truncated NSID option gives \"\"", cut, sizeof cut, 64, "");
	nsid_is("nsid: a truncated option header gives \"\"", cut_header, sizeof cut_header, 64,
		"");
	nsid_is("nsid: an empty NSID gives \"\"", empty, sizeof empty, 64, "");
	nsid_is("nsid: no NSID option gives \"\"", other, sizeof other, 64, "");
	nsid_is("nsid: EDNS without options gives \"\"", NULL, 0, 64, "");
	nsid_is("nsid: truncated to the buffer (size 4)", plain, sizeof plain, 4, "ns1");
	nsid_is("nsid: an escape is never cut (size 5)", odd, sizeof odd, 5, "a");
	nsid_is("nsid: an escape that just fits is kept (size 6)", odd, sizeof odd, 6, "a\\010");
}

static void test_nsid_classify(void)
{
	static const uint8_t opts[] = {0, 3, 0, 4, 'x', '|', 'y', '\n'};
	static const char *const answer[] = {SOA_RR, NULL};
	ldns_pkt *p = reply_new(LDNS_RCODE_NOERROR, true, answer, NULL);
	struct observation o;
	char buf[8] = "ZZZZZZZ";

	tap_str_eq((wire_read_nsid(p, buf, sizeof buf), buf), "",
		   "nsid: a reply without EDNS gives \"\"");
	wire_read_nsid(p, buf, 0);
	tap_ok(buf[0] == '\0', "nsid: size 0 writes nothing");
	ldns_pkt_free(p);
	tap_ok(classify(reply_with_edns(opts, sizeof opts), &o),
	       "nsid: a reply with an OPT record validates");
	tap_str_eq(o.nsid, "x\\124y\\010", "nsid: classify fills the escaped NSID from the wire");
	tap_ok(o.outcome == OUTCOME_ANSWERED, "nsid: the OPT record does not change the outcome");
}

/* ---- skipping the additional section -------------------------------------------- */

/* A reply with glue in the additional section, and EDNS carrying an NSID. */
static void test_skip_additional(void)
{
	static const uint8_t opts[] = {0, 3, 0, 3, 'n', 's', '1'};
	static const char *const answer[] = {SOA_RR, NULL};
	static const char *const authority[] = {"example.com. 3600 IN NS ns1.example.com.", NULL};
	static const char *const glue[] = {"ns1.example.com. 3600 IN A 192.0.2.1",
					   "ns1.example.com. 3600 IN AAAA 2001:db8::1", NULL};
	static const struct wire_query_opts skip = {.edns = true, .skip_additional = true};
	static const struct wire_query_opts soa_skip = {
	    .edns = true, .skip_additional = true, .skip_authority_aa = true};
	static const struct wire_query_opts answer_only = {
	    .edns = true, .skip_additional = true, .skip_authority = true};
	struct wire_question q = soa_question();
	ldns_pkt *p = reply_new(LDNS_RCODE_NOERROR, true, answer, authority), *out = NULL;
	uint8_t *wire = NULL;
	size_t len = 0;
	char nsid[16];

	push_rrs(p, LDNS_SECTION_ADDITIONAL, glue);
	ldns_pkt_set_edns_udp_size(p, 1232);
	ldns_pkt_set_edns_data(p, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_UNKNOWN, sizeof opts, opts));
	if (ldns_pkt2wire(&wire, p, &len) != LDNS_STATUS_OK)
		len = 0;
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, &skip, &out), WIRE_OK,
		   "skip additional: a reply with glue validates");
	tap_ok(out != NULL && ldns_pkt_ancount(out) == 1 && ldns_pkt_nscount(out) == 1 &&
		   ldns_rr_list_rr_count(ldns_pkt_additional(out)) == 0,
	       "skip additional: answer and authority kept, the glue left out");
	wire_read_nsid(out, nsid, sizeof nsid);
	tap_ok(out != NULL && ldns_pkt_edns_udp_size(out) == 1232 && strcmp(nsid, "ns1") == 0,
	       "skip additional: the OPT record (EDNS size, NSID) is still read");
	ldns_pkt_free(out);
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, NULL, &out), WIRE_OK,
		   "keep additional: the same reply validates");
	tap_ok(out != NULL && ldns_rr_list_rr_count(ldns_pkt_additional(out)) == 2,
	       "keep additional: both glue records are parsed");
	ldns_pkt_free(out);
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, &answer_only, &out), WIRE_OK,
		   "answer only: the same reply validates");
	wire_read_nsid(out, nsid, sizeof nsid);
	tap_ok(out != NULL && ldns_pkt_ancount(out) == 1 &&
		   ldns_rr_list_rr_count(ldns_pkt_authority(out)) == 0 &&
		   ldns_rr_list_rr_count(ldns_pkt_additional(out)) == 0 && strcmp(nsid, "ns1") == 0,
	       "answer only: the answer and the OPT record kept, authority and glue left out");
	ldns_pkt_free(out);
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, &soa_skip, &out), WIRE_OK,
		   "authority of AA replies skipped: an AA reply validates");
	tap_ok(out != NULL && ldns_pkt_nscount(out) == 0,
	       "authority of AA replies skipped: its authority section is left out");
	ldns_pkt_free(out);
	wire[2] &= (uint8_t)~0x04; /* AA clear: a referral's NS records are read */
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, &soa_skip, &out), WIRE_OK,
		   "authority of AA replies skipped: a reply without AA validates");
	tap_ok(out != NULL && ldns_pkt_nscount(out) == 1 &&
		   ldns_rr_list_rr_count(ldns_pkt_additional(out)) == 0,
	       "authority of AA replies skipped: without AA the authority section is kept");
	ldns_pkt_free(out);
	if (len > 12)
		wire[11]++; /* ARCOUNT one more than there are records */
	tap_int_eq(wire_check_reply_for(&q, ID, wire, len, &answer_only, &out), WIRE_MALFORMED,
		   "skip additional: a lying ARCOUNT is still malformed");
	tap_ok(out == NULL, "skip additional: nothing returned for it");
	ldns_pkt_free(p);
	free(wire);
}

/* Parse MSG (LEN octets) with wire_pkt_parse and with ldns_wire2pkt: the same status
 * (OK or not) and, when OK, the same packet in presentation form. Pre: MSG passes
 * wire_sections_ok (ldns leaks the records of a message that does not). */
static bool parses_as_ldns(const uint8_t *msg, size_t len)
{
	ldns_pkt *ours = NULL, *theirs = NULL;
	ldns_status a = wire_pkt_parse(&ours, msg, len), b = ldns_wire2pkt(&theirs, msg, len);
	char *x = ours != NULL ? ldns_pkt2str(ours) : NULL;
	char *y = theirs != NULL ? ldns_pkt2str(theirs) : NULL;
	bool same = (a == LDNS_STATUS_OK) == (b == LDNS_STATUS_OK) &&
		    (a != LDNS_STATUS_OK || (x != NULL && y != NULL && strcmp(x, y) == 0));

	free(x);
	free(y);
	ldns_pkt_free(ours);
	ldns_pkt_free(theirs);
	return same;
}

/* wire_pkt_parse reads every reply of the fuzz_reply corpus (recorded from BIND, Knot,
 * NSD, resolvers, and hostile seeds; the first octet is the fuzzer's) as ldns does, but
 * for those wire_check_reply rejects before parsing (their records run past their RDATA,
 * or they carry several TSIG records: ldns keeps one and leaks the others). */
static void test_pkt_parse_as_ldns(void)
{
	DIR *dir = opendir(FUZZ_REPLY_CORPUS);
	struct dirent *e;
	size_t files = 0, same = 0, rejected = 0, len;
	uint8_t msg[65536 + 1];
	char path[4096];
	FILE *f;

	while (dir != NULL && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", FUZZ_REPLY_CORPUS, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL)
			continue;
		len = fread(msg, 1, sizeof msg, f);
		fclose(f);
		files++;
		if (len > 1 && len - 1 >= 12 && !wire_sections_ok(msg + 1, len - 1))
			rejected++;
		else if (len <= 1 || parses_as_ldns(msg + 1, len - 1))
			same++;
		else
			printf("# parsed otherwise than by ldns: %s\n", e->d_name);
	}
	if (dir != NULL)
		closedir(dir);
	tap_ok(files > 40 && same + rejected == files,
	       "wire_pkt_parse: of %zu corpus replies, %zu parse as with ldns_wire2pkt, %zu are "
	       "rejected before parsing",
	       files, same, rejected);
}

int main(void)
{
	if (dname_parse("example.com", &zone) != DNAME_OK)
		return 99;
	test_query_plain();
	test_query_edns();
	test_query_limits();
	test_check_header();
	test_check_question();
	test_check_counts();
	test_check_tsig();
	test_check_compression();
	test_check_garbage();
	test_check_misc();
	test_classify_answered();
	test_classify_rcodes();
	test_classify_lame();
	test_classify_wrong_soa();
	test_classify_display();
	test_nsid();
	test_nsid_classify();
	test_skip_additional();
	test_pkt_parse_as_ldns();
	ldns_rdf_deep_free(zone);
	return tap_done();
}
