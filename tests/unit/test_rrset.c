/* test_rrset.c - unit tests for RRsets in canonical form: equality, statuses, bounds, display. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ldns/ldns.h>

#include "mp/mp_strbuf.h"
#include "query/rrset.h"
#include "tap.h"

/* The owner every test asks about: example.com. (created in main). */
static ldns_rdf *apex;

/* Why the last take gave RRSET_NONE. */
static struct answer_fail last_why;

/* A reply with the AA bit AA, RCODE, and the answer records RECORDS (presentation form,
 * NULL-terminated). Caller frees with ldns_pkt_free. */
static ldns_pkt *reply_new(bool aa, ldns_pkt_rcode rcode, const char *const *records)
{
	ldns_pkt *p = ldns_pkt_new();
	size_t i;

	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_rcode(p, (uint8_t)rcode);
	for (i = 0; records != NULL && records[i] != NULL; i++) {
		ldns_rr *rr = NULL;
		if (ldns_rr_new_frm_str(&rr, records[i], 3600, NULL, NULL) != LDNS_STATUS_OK) {
			printf("# bad test record %s\n", records[i]);
			continue;
		}
		ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr);
	}
	return p;
}

/* Take the authoritative NOERROR answer RECORDS for (apex, TYPE) into T; return its index. */
static size_t take(struct rrset_table *t, ldns_rr_type type, const char *const *records)
{
	ldns_pkt *p = reply_new(true, LDNS_RCODE_NOERROR, records);
	size_t idx = rrset_table_take(t, p, apex, type, &last_why);

	ldns_pkt_free(p);
	return idx;
}

/* Take a reply with AA and RCODE but no records for (apex, TYPE) into T. */
static size_t take_empty(struct rrset_table *t, bool aa, ldns_pkt_rcode rcode, ldns_rr_type type)
{
	ldns_pkt *p = reply_new(aa, rcode, NULL);
	size_t idx = rrset_table_take(t, p, apex, type, &last_why);

	ldns_pkt_free(p);
	return idx;
}

/* The display text of value IDX of T with room MAX_CHARS, in one of two static
 * buffers used in turn (so two results can be compared). */
static const char *text_of(const struct rrset_table *t, size_t idx, size_t max_chars)
{
	static char bufs[2][4096];
	static unsigned turn;
	char *buf = bufs[turn++ % 2];
	struct mp_strbuf sb = {0};

	if (idx >= t->n)
		return "(no value)";
	rrset_value_text(&t->values[idx], max_chars, &sb);
	snprintf(buf, sizeof bufs[0], "%s", mp_strbuf_str(&sb));
	mp_strbuf_free(&sb);
	return buf;
}

static void test_names_case_insensitive(void)
{
	static const char *const mx_lower[] = {"example.com. 300 IN MX 10 mail.example.com.", NULL};
	static const char *const mx_upper[] = {"example.com. 300 IN MX 10 MAIL.Example.COM.", NULL};
	static const char *const ns_a[] = {"example.com. 300 IN NS ns1.example.net.",
					   "example.com. 300 IN NS ns2.example.net.", NULL};
	static const char *const ns_b[] = {"example.com. 300 IN NS NS2.EXAMPLE.NET.",
					   "example.com. 300 IN NS Ns1.Example.Net.", NULL};
	struct rrset_table t = {0};
	size_t a, b;

	a = take(&t, LDNS_RR_TYPE_MX, mx_lower);
	b = take(&t, LDNS_RR_TYPE_MX, mx_upper);
	tap_ok(a != RRSET_NONE && a == b && t.n == 1,
	       "rrset: MX targets differing only in case are the same value");
	tap_str_eq(text_of(&t, b, 400), "10 mail.example.com.",
		   "rrset: an MX is shown in canonical form: preference and lower-cased target");
	a = take(&t, LDNS_RR_TYPE_NS, ns_a);
	b = take(&t, LDNS_RR_TYPE_NS, ns_b);
	tap_ok(a != RRSET_NONE && a == b && t.n == 2,
	       "rrset: NS sets differing in case and order are the same value");
	tap_int_eq(t.values[a].n, 2, "rrset: an NS set of two names keeps two records");
	rrset_table_free(&t);
}

/* Names are lower-cased only where RFC 4034 6.2 says: not in TXT, yes in RP (a type
 * canonicalised through ldns) as in NS (canonicalised in place). */
static void test_canonical_paths(void)
{
	static const char *const txt_lower[] = {"example.com. 300 IN TXT \"abc\"", NULL};
	static const char *const txt_upper[] = {"example.com. 300 IN TXT \"ABC\"", NULL};
	static const char *const rp_lower[] = {
	    "example.com. 300 IN RP a.example.com. b.example.com.", NULL};
	static const char *const rp_upper[] = {
	    "example.com. 300 IN RP A.Example.com. B.EXAMPLE.com.", NULL};
	struct rrset_table t = {0};
	size_t a, b;

	a = take(&t, LDNS_RR_TYPE_TXT, txt_lower);
	b = take(&t, LDNS_RR_TYPE_TXT, txt_upper);
	tap_ok(a != RRSET_NONE && b != RRSET_NONE && a != b,
	       "rrset: TXT strings differing in case are different values");
	a = take(&t, LDNS_RR_TYPE_RP, rp_lower);
	b = take(&t, LDNS_RR_TYPE_RP, rp_upper);
	tap_ok(a != RRSET_NONE && a == b,
	       "rrset: RP names differing only in case are the same value");
	tap_str_eq(text_of(&t, b, 400), "a.example.com. b.example.com.",
		   "rrset: an RP is shown lower-cased");
	rrset_table_free(&t);
}

static void test_owner_case_insensitive(void)
{
	static const char *const upper_owner[] = {"EXAMPLE.Com. 300 IN MX 10 mail.example.com.",
						  NULL};
	static const char *const lower_owner[] = {"example.com. 300 IN MX 10 mail.example.com.",
						  NULL};
	struct rrset_table t = {0};
	size_t a = take(&t, LDNS_RR_TYPE_MX, upper_owner);
	size_t b = take(&t, LDNS_RR_TYPE_MX, lower_owner);

	tap_ok(a != RRSET_NONE && a == b && t.values[a].status == RRSET_DATA,
	       "rrset: the owner of a record is matched case-insensitively");
	rrset_table_free(&t);
}

static void test_order_ignored(void)
{
	static const char *const ab[] = {"example.com. 300 IN MX 10 a.example.com.",
					 "example.com. 300 IN MX 20 b.example.com.", NULL};
	static const char *const ba[] = {"example.com. 300 IN MX 20 b.example.com.",
					 "example.com. 300 IN MX 10 a.example.com.", NULL};
	struct rrset_table t = {0};
	size_t a = take(&t, LDNS_RR_TYPE_MX, ab);
	size_t b = take(&t, LDNS_RR_TYPE_MX, ba);

	tap_ok(a != RRSET_NONE && a == b && t.n == 1,
	       "rrset: the order of records in the answer is ignored");
	tap_str_eq(text_of(&t, a, 400), "10 a.example.com., 20 b.example.com.",
		   "rrset: records are shown sorted, joined by \", \"");
	rrset_table_free(&t);
}

static void test_duplicates_collapse(void)
{
	static const char *const twice[] = {"example.com. 300 IN A 192.0.2.1",
					    "example.com. 300 IN A 192.0.2.1", NULL};
	static const char *const once[] = {"example.com. 300 IN A 192.0.2.1", NULL};
	static const char *const dup_case[] = {"example.com. 300 IN MX 10 mail.example.com.",
					       "example.com. 300 IN MX 10 MAIL.example.com.", NULL};
	struct rrset_table t = {0};
	size_t a = take(&t, LDNS_RR_TYPE_A, twice);
	size_t b = take(&t, LDNS_RR_TYPE_A, once);

	tap_ok(a != RRSET_NONE && t.values[a].n == 1, "rrset: a record given twice is kept once");
	tap_ok(a == b && t.n == 1, "rrset: a set with a duplicate equals the set without it");
	a = take(&t, LDNS_RR_TYPE_MX, dup_case);
	tap_ok(a != RRSET_NONE && t.values[a].n == 1,
	       "rrset: records equal but for the case of a name are duplicates");
	rrset_table_free(&t);
}

static void test_ttl(void)
{
	static const char *const long_ttl[] = {"example.com. 3600 IN A 192.0.2.1",
					       "example.com. 900 IN A 192.0.2.2", NULL};
	static const char *const short_ttl[] = {"example.com. 60 IN A 192.0.2.2",
						"example.com. 120 IN A 192.0.2.1", NULL};
	static const char *const dup_shorter[] = {"example.com. 300 IN AAAA 2001:db8::1",
						  "example.com. 30 IN AAAA 2001:db8::1", NULL};
	struct rrset_table t = {0};
	size_t a = take(&t, LDNS_RR_TYPE_A, long_ttl);
	size_t b = take(&t, LDNS_RR_TYPE_A, short_ttl);

	tap_ok(a != RRSET_NONE && a == b && t.n == 1, "rrset: TTLs are not compared");
	tap_int_eq(t.values[a].ttl, 900, "rrset: the smallest TTL of the records is kept");
	a = take(&t, LDNS_RR_TYPE_AAAA, dup_shorter);
	tap_int_eq(a != RRSET_NONE ? t.values[a].ttl : 0, 30,
		   "rrset: a duplicate with a smaller TTL lowers the TTL kept");
	a = take_empty(&t, true, LDNS_RCODE_NOERROR, LDNS_RR_TYPE_TXT);
	tap_int_eq(a != RRSET_NONE ? t.values[a].ttl : 99, 0, "rrset: NODATA has TTL 0");
	rrset_table_free(&t);
}

static void test_statuses_distinct(void)
{
	static const char *const mx[] = {"example.com. 300 IN MX 10 mail.example.com.", NULL};
	struct rrset_table t = {0};
	ldns_pkt *p;
	size_t data, nodata, nxdomain, nodata_a;

	data = take(&t, LDNS_RR_TYPE_MX, mx);
	nodata = take_empty(&t, true, LDNS_RCODE_NOERROR, LDNS_RR_TYPE_MX);
	nxdomain = take_empty(&t, true, LDNS_RCODE_NXDOMAIN, LDNS_RR_TYPE_MX);
	nodata_a = take_empty(&t, true, LDNS_RCODE_NOERROR, LDNS_RR_TYPE_A);
	tap_ok(data != RRSET_NONE && nodata != RRSET_NONE && nxdomain != RRSET_NONE,
	       "rrset: DATA, NODATA and NXDOMAIN are all values");
	tap_ok(data != nodata && nodata != nxdomain && data != nxdomain && t.n == 4,
	       "rrset: DATA, NODATA and NXDOMAIN are distinct values");
	tap_ok(t.values[data].status == RRSET_DATA && t.values[nodata].status == RRSET_NODATA &&
		   t.values[nxdomain].status == RRSET_NXDOMAIN,
	       "rrset: each value carries its status");
	tap_ok(nodata_a != nodata, "rrset: no MX and no A record are different values");
	tap_str_eq(text_of(&t, nodata, 400), "no MX record",
		   "rrset: NODATA shows as \"no MX record\"");
	tap_str_eq(text_of(&t, nxdomain, 400), "name does not exist",
		   "rrset: NXDOMAIN shows as \"name does not exist\"");
	p = reply_new(true, LDNS_RCODE_NXDOMAIN, mx);
	tap_ok(rrset_table_take(&t, p, apex, LDNS_RR_TYPE_MX, &last_why) == nxdomain,
	       "rrset: an NXDOMAIN reply is NXDOMAIN whatever records it carries");
	ldns_pkt_free(p);
	rrset_table_free(&t);
}

static void test_other_records_ignored(void)
{
	static const char *const mixed[] = {"www.example.com. 300 IN MX 10 mail.example.com.",
					    "example.com. 300 IN A 192.0.2.1",
					    "example.com. 300 CH MX 10 mail.example.com.", NULL};
	static const char *const with_extra[] = {"example.com. 300 IN A 192.0.2.1",
						 "example.com. 300 IN MX 5 mx.example.com.",
						 "www.example.com. 300 IN A 192.0.2.9", NULL};
	static const char *const a_only[] = {"example.com. 300 IN A 192.0.2.1", NULL};
	struct rrset_table t = {0};
	size_t v = take(&t, LDNS_RR_TYPE_MX, mixed);
	size_t a, b;

	tap_ok(v != RRSET_NONE && t.values[v].status == RRSET_NODATA,
	       "rrset: records of another owner, type or class are not part of the RRset");
	a = take(&t, LDNS_RR_TYPE_A, with_extra);
	b = take(&t, LDNS_RR_TYPE_A, a_only);
	tap_ok(a != RRSET_NONE && a == b,
	       "rrset: extra records of other types do not change a value");
	rrset_table_free(&t);
}

static void test_not_authoritative(void)
{
	static const char *const mx[] = {"example.com. 300 IN MX 10 mail.example.com.", NULL};
	struct rrset_table t = {0};
	ldns_pkt *p = reply_new(false, LDNS_RCODE_NOERROR, mx);

	tap_ok(rrset_table_take(&t, p, apex, LDNS_RR_TYPE_MX, &last_why) == RRSET_NONE &&
		   last_why.why == ANSWER_NOT_AA,
	       "rrset: a reply without AA is RRSET_NONE, failed as not authoritative");
	ldns_pkt_free(p);
	tap_ok(take_empty(&t, true, LDNS_RCODE_SERVFAIL, LDNS_RR_TYPE_MX) == RRSET_NONE &&
		   last_why.why == ANSWER_RCODE && last_why.detail == LDNS_RCODE_SERVFAIL,
	       "rrset: an authoritative SERVFAIL is RRSET_NONE, failed with its RCODE");
	tap_ok(take_empty(&t, true, LDNS_RCODE_REFUSED, LDNS_RR_TYPE_MX) == RRSET_NONE &&
		   last_why.why == ANSWER_RCODE && last_why.detail == LDNS_RCODE_REFUSED,
	       "rrset: an authoritative REFUSED is RRSET_NONE, failed with its RCODE");
	tap_ok(take_empty(&t, false, LDNS_RCODE_NXDOMAIN, LDNS_RR_TYPE_MX) == RRSET_NONE,
	       "rrset: an NXDOMAIN without AA is RRSET_NONE");
	tap_ok(t.n == 0 && !t.failed, "rrset: answers that are no value leave the table alone");
	rrset_table_free(&t);
}

#define MANY_MAX 300

/* Take an answer of the N TXT records "r1".."rN" for (apex), in the order of
 * PERM (a permutation of 0..N-1, or NULL: in order), the last one's text
 * replaced by LAST when not NULL; return the index. */
static size_t take_txt(struct rrset_table *t, size_t n, const size_t *perm, const char *last)
{
	static char texts[MANY_MAX][64];
	const char *records[MANY_MAX + 1];
	size_t i, k;

	for (i = 0; i < n && i < MANY_MAX; i++) {
		k = perm != NULL ? perm[i] : i;
		if (k == n - 1 && last != NULL)
			snprintf(texts[i], sizeof texts[i], "example.com. 300 IN TXT \"%s\"", last);
		else
			snprintf(texts[i], sizeof texts[i], "example.com. 300 IN TXT \"r%zu\"",
				 k + 1);
		records[i] = texts[i];
	}
	records[i] = NULL;
	return take(t, LDNS_RR_TYPE_TXT, records);
}

/* A fixed shuffle of 0..N-1 (a linear congruential walk). */
static void shuffle(size_t *perm, size_t n)
{
	size_t i, j, tmp;
	unsigned long x = 12345;

	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n; i > 1; i--) {
		x = x * 1103515245ul + 12345ul;
		j = (size_t)(x >> 8) % i;
		tmp = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = tmp;
	}
}

static void test_large_sets_whole(void)
{
	struct rrset_table t = {0};
	size_t perm[MANY_MAX];
	size_t in_order, shuffled, differs, more, reversed[100], i;
	struct mp_strbuf sb = {0};

	shuffle(perm, 100);
	in_order = take_txt(&t, 100, NULL, NULL);
	shuffled = take_txt(&t, 100, perm, NULL);
	differs = take_txt(&t, 100, NULL, "other");
	more = take_txt(&t, 101, NULL, NULL);
	for (i = 0; i < 100; i++)
		reversed[i] = 99 - i;
	tap_ok(in_order != RRSET_NONE && t.values[in_order].n == 100 &&
		   t.values[in_order].status == RRSET_DATA,
	       "rrset: 100 records are data, every one kept");
	tap_ok(shuffled == in_order,
	       "rrset: the same 100 TXT records in another order are identical");
	tap_ok(take_txt(&t, 100, reversed, NULL) == in_order,
	       "rrset: the same 100 TXT records in reverse order are identical");
	tap_ok(differs != RRSET_NONE && differs != in_order,
	       "rrset: 100 TXT records that differ only in the 100th differ");
	tap_ok(more != RRSET_NONE && more != in_order && t.values[more].n == 101,
	       "rrset: 101 records differ from the first 100 of them");
	shuffle(perm, MANY_MAX);
	tap_ok(take_txt(&t, MANY_MAX, perm, NULL) == take_txt(&t, MANY_MAX, NULL, NULL),
	       "rrset: 300 records shuffled are the same set");
	if (in_order != RRSET_NONE)
		rrset_value_text(&t.values[in_order], 100, &sb);
	tap_ok(tap_contains(mp_strbuf_str(&sb), "...") && sb.len < 100 + 16,
	       "rrset: a long value is cut near MAX_CHARS and ends with \"...\"");
	mp_strbuf_free(&sb);
	rrset_table_free(&t);
}

static void test_ns_shuffled(void)
{
	static const char *const ns_a[] = {"example.com. 300 IN NS a.example.net.",
					   "example.com. 300 IN NS B.example.net.",
					   "example.com. 300 IN NS c.example.net.", NULL};
	static const char *const ns_b[] = {"example.com. 300 IN NS C.EXAMPLE.NET.",
					   "example.com. 300 IN NS a.example.net.",
					   "example.com. 300 IN NS b.example.net.", NULL};
	struct rrset_table t = {0};
	char texts[100][64];
	const char *fwd[101], *back[101];
	size_t i;

	for (i = 0; i < 100; i++) {
		snprintf(texts[i], sizeof texts[i], "example.com. 300 IN NS ns%zu.example.net.", i);
		fwd[i] = texts[i];
		back[99 - i] = texts[i];
	}
	fwd[100] = back[100] = NULL;
	tap_ok(take(&t, LDNS_RR_TYPE_NS, ns_a) == take(&t, LDNS_RR_TYPE_NS, ns_b),
	       "rrset: an NS set in another order and case is the same");
	tap_ok(take(&t, LDNS_RR_TYPE_NS, fwd) == take(&t, LDNS_RR_TYPE_NS, back),
	       "rrset: 100 NS names shuffled are the same set");
	rrset_table_free(&t);
}

static void test_text_max_chars(void)
{
	static const char *const three[] = {"example.com. 300 IN MX 10 aaaaaaaaaa.example.com.",
					    "example.com. 300 IN MX 20 bbbbbbbbbb.example.com.",
					    "example.com. 300 IN MX 30 cccccccccc.example.com.",
					    NULL};
	struct rrset_table t = {0};
	size_t v = take(&t, LDNS_RR_TYPE_MX, three);
	const char *full = text_of(&t, v, 400);
	const char *cut = text_of(&t, v, 30);
	const char *dots = strstr(cut, "...");

	tap_str_eq(full,
		   "10 aaaaaaaaaa.example.com., 20 bbbbbbbbbb.example.com., "
		   "30 cccccccccc.example.com.",
		   "rrset: a value within MAX_CHARS is shown whole");
	tap_ok(dots != NULL && (size_t)(dots - cut) <= 30,
	       "rrset: at most MAX_CHARS bytes of records are written before \"...\"");
	if (dots == NULL || (size_t)(dots - cut) > 30)
		printf("#   got: \"%s\"\n", cut);
	tap_ok(strncmp(cut, "10 aaaaaaaaaa.example.com.", 26) == 0,
	       "rrset: a cut value starts with its first record");
	rrset_table_free(&t);
}

static void test_hostile_text(void)
{
	static const char *const txt[] = {"example.com. 300 IN TXT \"a|b\\010c\\\"d\"", NULL};
	struct rrset_table t = {0};
	size_t v = take(&t, LDNS_RR_TYPE_TXT, txt);
	const char *s = text_of(&t, v, 400);

	tap_ok(v != RRSET_NONE && strchr(s, '\n') == NULL && strchr(s, '\r') == NULL,
	       "rrset: a TXT with a newline byte is shown without a raw newline");
	tap_ok(tap_contains(s, "\\010"), "rrset: a non-printable byte is shown as \\DDD");
	rrset_table_free(&t);
}

static void test_table_dedupe(void)
{
	static const char *const a1[] = {"example.com. 300 IN A 192.0.2.1", NULL};
	static const char *const a2[] = {"example.com. 300 IN A 192.0.2.2", NULL};
	struct rrset_table t = {0};
	size_t x = take(&t, LDNS_RR_TYPE_A, a1);
	size_t y = take(&t, LDNS_RR_TYPE_A, a2);
	size_t z = take(&t, LDNS_RR_TYPE_A, a1);

	tap_ok(x == 0 && y == 1 && z == 0 && t.n == 2,
	       "rrset: the same value twice gets the same index; a new one the next");
	tap_int_eq(rrset_value_compare(&t.values[x], &t.values[x]), 0,
		   "rrset: a value compares equal to itself");
	tap_ok(rrset_value_compare(&t.values[x], &t.values[y]) < 0 &&
		   rrset_value_compare(&t.values[y], &t.values[x]) > 0,
	       "rrset: compare orders two values consistently both ways");
	rrset_table_free(&t);
	tap_ok(t.n == 0 && t.values == NULL && !t.failed, "rrset: free leaves an empty table");
	x = take(&t, LDNS_RR_TYPE_A, a2);
	tap_ok(x == 0 && t.n == 1, "rrset: a freed table can be used again");
	rrset_table_free(&t);
}

static void test_table_bounded(void)
{
	struct rrset_table t = {0};
	char text[64];
	const char *records[] = {text, NULL};
	size_t i, last = 0;
	bool all_taken = true;

	for (i = 0; i < RRSET_TABLE_MAX; i++) {
		snprintf(text, sizeof text, "example.com. 300 IN A 10.%zu.%zu.1", i / 256, i % 256);
		last = take(&t, LDNS_RR_TYPE_A, records);
		if (last != i)
			all_taken = false;
	}
	tap_ok(all_taken && t.n == RRSET_TABLE_MAX && !t.failed,
	       "rrset: the table holds RRSET_TABLE_MAX distinct values");
	snprintf(text, sizeof text, "example.com. 300 IN A 10.255.255.1");
	last = take(&t, LDNS_RR_TYPE_A, records);
	tap_ok(last == RRSET_NONE && t.n == RRSET_TABLE_MAX && !t.failed &&
		   last_why.why == ANSWER_TABLE_FULL,
	       "rrset: one more distinct value is RRSET_NONE, a failed answer (table full), "
	       "not out of memory");
	snprintf(text, sizeof text, "example.com. 300 IN A 10.0.0.1");
	tap_int_eq(take(&t, LDNS_RR_TYPE_A, records), 0,
		   "rrset: a full table still finds the values it has");
	rrset_table_free(&t);
}

static void test_records_bounded(void)
{
	struct rrset_table t = {0};
	size_t i;
	char texts[2][MANY_MAX][64];
	const char *records[MANY_MAX + 1];
	size_t rounds = RRSET_TABLE_RECORDS_MAX / MANY_MAX, k, r, idx;
	bool ok = true;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < MANY_MAX; i++) {
			snprintf(texts[0][i], sizeof texts[0][i],
				 "example.com. 300 IN TXT \"%zu-%zu\"", r, i);
			records[i] = texts[0][i];
		}
		records[MANY_MAX] = NULL;
		idx = take(&t, LDNS_RR_TYPE_TXT, records);
		ok = ok && idx == r;
	}
	tap_ok(ok && t.records == rounds * MANY_MAX,
	       "rrset: values up to RRSET_TABLE_RECORDS_MAX records in all are kept");
	k = RRSET_TABLE_RECORDS_MAX - t.records; /* room left: exactly k more records */
	for (i = 0; i < k + 1 && i < MANY_MAX; i++) {
		snprintf(texts[1][i], sizeof texts[1][i], "example.com. 300 IN TXT \"last-%zu\"",
			 i);
		records[i] = texts[1][i];
	}
	records[k + 1] = NULL;
	idx = take(&t, LDNS_RR_TYPE_TXT, records);
	tap_ok(idx == RRSET_NONE && last_why.why == ANSWER_TABLE_FULL && !t.failed,
	       "rrset: a value one record past RRSET_TABLE_RECORDS_MAX is a failed answer "
	       "(table full)");
	records[k] = NULL;
	idx = take(&t, LDNS_RR_TYPE_TXT, records);
	tap_ok(idx != RRSET_NONE && t.records == RRSET_TABLE_RECORDS_MAX,
	       "rrset: a value exactly at RRSET_TABLE_RECORDS_MAX is kept");
	rrset_table_free(&t);
}

static void test_truncated(void)
{
	static const char *const mx[] = {"example.com. 300 IN MX 10 mail.example.com.", NULL};
	struct rrset_table t = {0};
	ldns_pkt *p = reply_new(true, LDNS_RCODE_NOERROR, mx);
	size_t idx;

	ldns_pkt_set_tc(p, true);
	idx = rrset_table_take(&t, p, apex, LDNS_RR_TYPE_MX, &last_why);
	tap_ok(idx == RRSET_NONE && last_why.why == ANSWER_TRUNCATED && t.n == 0,
	       "rrset: a truncated answer (TC over TCP) is a failed answer, not a value");
	ldns_pkt_free(p);
	p = reply_new(true, LDNS_RCODE_NOERROR, NULL);
	ldns_pkt_set_tc(p, true);
	idx = rrset_table_take(&t, p, apex, LDNS_RR_TYPE_MX, &last_why);
	tap_ok(idx == RRSET_NONE && last_why.why == ANSWER_TRUNCATED,
	       "rrset: a truncated empty answer is a failed answer, not NODATA");
	ldns_pkt_free(p);
	rrset_table_free(&t);
}

int main(void)
{
	if (ldns_str2rdf_dname(&apex, "example.com.") != LDNS_STATUS_OK)
		return 99;
	test_names_case_insensitive();
	test_canonical_paths();
	test_owner_case_insensitive();
	test_order_ignored();
	test_duplicates_collapse();
	test_ttl();
	test_statuses_distinct();
	test_other_records_ignored();
	test_not_authoritative();
	test_large_sets_whole();
	test_ns_shuffled();
	test_records_bounded();
	test_truncated();
	test_text_max_chars();
	test_hostile_text();
	test_table_dedupe();
	test_table_bounded();
	ldns_rdf_deep_free(apex);
	return tap_done();
}
