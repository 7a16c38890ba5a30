/* test_history.c - unit tests for the serial history: text form, recording, latency. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/history.h"
#include "tap.h"

#define HALF 0x80000000u

/* FNV-1a as the format defines it, written here again from the definition. */
static uint32_t fnv1a(const char *s, size_t len)
{
	uint32_t h = 0x811c9dc5u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x01000193u;
	return h;
}

/* BODY (header and serial lines) closed by an end line with COUNT and the right
 * checksum, into BUF. */
static const char *with_end(const char *body, unsigned count, char *buf, size_t size)
{
	snprintf(buf, size, "%send %u %08lx\n", body, count,
		 (unsigned long)fnv1a(body, strlen(body)));
	return buf;
}

static enum history_status parse_str(const char *text, struct history *h)
{
	return history_parse(text, strlen(text), h);
}

/* A history of the N (serial, first_seen) pairs in PAIRS, noted one at a time. */
static struct history make(const int64_t (*pairs)[2], size_t n)
{
	struct history h = {0};
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t s = (uint32_t)pairs[i][0];
		history_note(&h, &s, 1, pairs[i][1]);
	}
	return h;
}

static bool same(const struct history *a, const struct history *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->e[i].serial != b->e[i].serial || a->e[i].first_seen != b->e[i].first_seen)
			return false;
	return true;
}

static void test_format_known_text(void)
{
	static const int64_t pairs[][2] = {{2026112401, 1700000000}, {2026112402, 1700003600}};
	struct history h = make(pairs, 2), back;
	char buf[512], want[512];
	size_t len = history_format(&h, buf, sizeof buf);

	with_end("check_soa-state 1\nserial 2026112401 1700000000\nserial 2026112402 1700003600\n",
		 2, want, sizeof want);
	tap_str_eq(buf, want, "a history formats as header, serial lines, end line with checksum");
	tap_int_eq(len, strlen(want), "history_format returns the text length");
	tap_int_eq(history_parse(buf, len, &back), HISTORY_OK, "the formatted text parses");
	tap_ok(same(&h, &back), "parse(format(h)) is h");
}

static void test_format_empty(void)
{
	struct history h = {0}, back = {0};
	char buf[128], want[128];

	back.n = 3;
	history_format(&h, buf, sizeof buf);
	tap_str_eq(buf, with_end("check_soa-state 1\n", 0, want, sizeof want),
		   "an empty history formats as header and end 0");
	tap_int_eq(parse_str(buf, &back), HISTORY_OK, "an empty history's text parses");
	tap_int_eq(back.n, 0, "and gives an empty history");
}

static void test_format_small_buffer(void)
{
	static const int64_t pairs[][2] = {{7, 100}};
	struct history h = make(pairs, 1);
	char full[256], small[10];
	size_t want = history_format(&h, full, sizeof full);

	memset(small, 'x', sizeof small);
	tap_int_eq(history_format(&h, small, sizeof small), want,
		   "a short buffer still gets the whole length back");
	tap_int_eq(strlen(small), sizeof small - 1, "and holds a NUL-terminated prefix");
	tap_ok(strncmp(small, full, sizeof small - 1) == 0, "which is the start of the text");
	tap_int_eq(history_format(&h, NULL, 0), want, "size 0 writes nothing, returns the length");
}

static void test_format_full_history_fits(void)
{
	struct history h = {0}, back;
	char buf[HISTORY_TEXT_MAX];
	uint32_t s;
	size_t len;

	for (s = 0; s < HISTORY_MAX; s++) {
		uint32_t serial = 4294967295u - s;
		history_note(&h, &serial, 1, HISTORY_TIME_MAX);
	}
	len = history_format(&h, buf, sizeof buf);
	tap_ok(len > 0 && len < 2048,
	       "a full history with the largest numbers is below 2 KiB (%zu)", len);
	tap_ok(history_parse(buf, len, &back) == HISTORY_OK && same(&h, &back),
	       "and parses back to itself");
}

static void test_format_rejects_invalid(void)
{
	struct history h = {0};
	char buf[256] = "x";

	h.n = 2;
	h.e[0].serial = 5;
	h.e[0].first_seen = 200;
	h.e[1].serial = 6;
	h.e[1].first_seen = 100;
	tap_ok(!history_valid(&h), "entries out of time order are not a valid history");
	tap_int_eq(history_format(&h, buf, sizeof buf), 0, "history_format refuses it (0)");
	tap_str_eq(buf, "", "and leaves an empty string");
	h.e[1].first_seen = 300;
	h.e[1].serial = 5;
	tap_ok(!history_valid(&h), "a repeated serial is not valid");
	h.e[1].serial = 6;
	h.e[1].first_seen = -1;
	tap_ok(!history_valid(&h), "a negative first_seen is not valid");
	h.n = HISTORY_MAX + 1;
	tap_ok(!history_valid(&h), "more than HISTORY_MAX entries is not valid");
}

static void test_parse_empty_and_prefixes(void)
{
	static const int64_t pairs[][2] = {{1, 10}, {4294967295u, 11}, {3, 12}};
	struct history h = make(pairs, 3), back;
	char buf[512];
	size_t len = history_format(&h, buf, sizeof buf), cut;
	bool all_truncated = true;

	tap_int_eq(history_parse("", 0, &back), HISTORY_EMPTY, "no bytes is empty");
	for (cut = 1; cut < len; cut++) {
		back.n = 7;
		if (history_parse(buf, cut, &back) != HISTORY_TRUNCATED || back.n != 0) {
			all_truncated = false;
			printf("#   prefix of %zu bytes: %s\n", cut,
			       history_status_text(history_parse(buf, cut, &back)));
		}
	}
	tap_ok(all_truncated, "every proper prefix of a valid text (%zu of them) is truncated",
	       len - 1);
}

static void test_parse_any_changed_byte_is_refused(void)
{
	static const int64_t pairs[][2] = {{2026010101, 1700000000}, {2026010102, 1700000900}};
	struct history h = make(pairs, 2), back;
	char buf[512];
	size_t len = history_format(&h, buf, sizeof buf), i;
	unsigned bit, accepted = 0;

	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (char)(1u << bit);
			if (history_parse(buf, len, &back) == HISTORY_OK)
				accepted++;
			buf[i] ^= (char)(1u << bit);
		}
	}
	tap_int_eq(accepted, 0, "no single-bit change of a valid text is accepted");
}

static void test_parse_version(void)
{
	struct history h;
	char buf[256];

	tap_int_eq(parse_str(with_end("check_soa-state 2\n", 0, buf, sizeof buf), &h),
		   HISTORY_WRONG_VERSION, "version 2 is another version");
	tap_int_eq(parse_str("check_soa-state 7\nwhatever follows", &h), HISTORY_WRONG_VERSION,
		   "another version is told before reading its body");
	tap_int_eq(parse_str("check_soa-state 0\n", &h), HISTORY_WRONG_VERSION,
		   "version 0 is another version");
	tap_int_eq(parse_str("check_soa-state 01\n", &h), HISTORY_CORRUPT,
		   "a version with a leading zero is corrupt");
	tap_int_eq(parse_str("check_soa-state 99999999999999999999999\n", &h), HISTORY_CORRUPT,
		   "a huge version number is corrupt");
	tap_int_eq(parse_str("check_soa-state one\n", &h), HISTORY_CORRUPT,
		   "a version that is no number is corrupt");
	tap_int_eq(parse_str("check_soa-stats 1\n", &h), HISTORY_CORRUPT,
		   "another header is corrupt");
	tap_int_eq(parse_str("#!/bin/sh\nrm -rf /\n", &h), HISTORY_CORRUPT,
		   "a file of something else is corrupt");
}

/* BODY with a right end line must give WANT; report as NAME. */
static void parses_as(const char *body, unsigned count, enum history_status want, const char *name)
{
	struct history h;
	char buf[1024];

	h.n = 9;
	tap_int_eq(parse_str(with_end(body, count, buf, sizeof buf), &h), want, "%s", name);
	if (want != HISTORY_OK && h.n != 0)
		tap_ok(0, "a refused text leaves an empty history (%s)", name);
}

static void test_parse_numbers(void)
{
	parses_as("check_soa-state 1\nserial 4294967295 253402300799\n", 1, HISTORY_OK,
		  "the largest serial and time are accepted");
	parses_as("check_soa-state 1\nserial 0 0\n", 1, HISTORY_OK,
		  "serial 0 at time 0 is accepted");
	parses_as("check_soa-state 1\nserial 4294967296 1\n", 1, HISTORY_CORRUPT,
		  "a serial of 2^32 is corrupt");
	parses_as("check_soa-state 1\nserial 99999999999999999999999 1\n", 1, HISTORY_CORRUPT,
		  "a serial beyond 64 bits is corrupt");
	parses_as("check_soa-state 1\nserial 1 253402300800\n", 1, HISTORY_CORRUPT,
		  "a time after year 9999 is corrupt");
	parses_as("check_soa-state 1\nserial 1 -5\n", 1, HISTORY_CORRUPT,
		  "a negative time is corrupt");
	parses_as("check_soa-state 1\nserial +1 5\n", 1, HISTORY_CORRUPT,
		  "a signed serial is corrupt");
	parses_as("check_soa-state 1\nserial 01 5\n", 1, HISTORY_CORRUPT,
		  "a leading zero is corrupt");
	parses_as("check_soa-state 1\nserial 1  5\n", 1, HISTORY_CORRUPT, "two spaces are corrupt");
	parses_as("check_soa-state 1\nserial 1 5 \n", 1, HISTORY_CORRUPT,
		  "a trailing space is corrupt");
	parses_as("check_soa-state 1\r\nserial 1 5\r\n", 1, HISTORY_CORRUPT, "CRLF is corrupt");
	parses_as("check_soa-state 1\nserial 0x10 5\n", 1, HISTORY_CORRUPT, "hex is corrupt");
}

/* A valid text but for its checksum written in upper case (one with a letter). */
static const char *upper_hex_end(char *buf, size_t size)
{
	char body[64];
	unsigned n;

	for (n = 0;; n++) {
		snprintf(body, sizeof body, "check_soa-state 1\nserial %u 1\n", n);
		snprintf(buf, size, "%send 1 %08lX\n", body,
			 (unsigned long)fnv1a(body, strlen(body)));
		if (strpbrk(buf + strlen(body), "ABCDEF") != NULL)
			return buf;
	}
}

static void test_parse_structure(void)
{
	struct history h;
	char buf[256], big[HISTORY_TEXT_MAX + 2];
	char body[4096] = "check_soa-state 1\n";
	unsigned i;

	parses_as("check_soa-state 1\nserial 5 100\nserial 6 100\n", 2, HISTORY_OK,
		  "equal times ordered by serial are accepted");
	parses_as("check_soa-state 1\nserial 6 100\nserial 5 100\n", 2, HISTORY_CORRUPT,
		  "equal times out of serial order are corrupt");
	parses_as("check_soa-state 1\nserial 5 200\nserial 6 100\n", 2, HISTORY_CORRUPT,
		  "times out of order are corrupt");
	parses_as("check_soa-state 1\nserial 5 100\nserial 5 200\n", 2, HISTORY_CORRUPT,
		  "a serial twice is corrupt");
	parses_as("check_soa-state 1\nserial 5 100\n", 2, HISTORY_CORRUPT,
		  "an end count that differs is corrupt");
	parses_as("check_soa-state 1\nserial 5 100\nbogus line\n", 1, HISTORY_CORRUPT,
		  "an unknown line is corrupt");
	parses_as("check_soa-state 1\nserial 5 100\n\n", 1, HISTORY_CORRUPT,
		  "an empty line is corrupt");
	for (i = 0; i < HISTORY_MAX + 1; i++) {
		size_t used = strlen(body);
		snprintf(body + used, sizeof body - used, "serial %u %u\n", i, 1000 + i);
	}
	parses_as(body, HISTORY_MAX + 1, HISTORY_CORRUPT,
		  "more than HISTORY_MAX serials is corrupt");
	with_end("check_soa-state 1\n", 0, buf, sizeof buf);
	strcat(buf, "x");
	tap_int_eq(parse_str(buf, &h), HISTORY_CORRUPT, "bytes after the end line are corrupt");
	with_end("check_soa-state 1\n", 0, buf, sizeof buf);
	buf[strlen(buf) - 2] = buf[strlen(buf) - 2] == 'a' ? 'b' : 'a';
	tap_int_eq(parse_str(buf, &h), HISTORY_CORRUPT, "a wrong checksum is corrupt");
	tap_int_eq(parse_str(upper_hex_end(buf, sizeof buf), &h), HISTORY_CORRUPT,
		   "an upper-case checksum is corrupt");
	tap_int_eq(history_parse("check_soa-state 1\n\0serial", 25, &h), HISTORY_CORRUPT,
		   "a NUL byte is corrupt");
	memset(big, '\n', sizeof big);
	memcpy(big, "check_soa-state 1\n", 18);
	tap_int_eq(history_parse(big, HISTORY_TEXT_MAX + 1, &h), HISTORY_CORRUPT,
		   "a text over HISTORY_TEXT_MAX is corrupt");
}

static void test_note_records_new_serials(void)
{
	const uint32_t first[] = {10, 11, 10, 11};
	const uint32_t second[] = {11, 12};
	struct history h = {0};
	int64_t t = 0;

	history_note(&h, first, 4, 1000);
	tap_int_eq(h.n, 2, "noting 10, 11, 10, 11 records two serials");
	history_note(&h, second, 2, 2000);
	tap_int_eq(h.n, 3, "noting 11, 12 later adds only 12");
	tap_ok(history_first_seen(&h, 11, &t) && t == 1000, "11 keeps the time it was first seen");
	tap_ok(history_first_seen(&h, 12, &t) && t == 2000, "12 is first seen at the later time");
	tap_ok(!history_first_seen(&h, 13, &t), "13 was never seen");
	tap_ok(history_valid(&h), "the history stays valid");
	history_note(&h, second, 0, 3000);
	tap_int_eq(h.n, 3, "noting no serials changes nothing");
}

static void test_note_prunes_oldest(void)
{
	struct history h = {0};
	int64_t t;
	uint32_t s;

	for (s = 0; s < HISTORY_MAX + 2; s++)
		history_note(&h, &s, 1, 1000 + s);
	tap_int_eq(h.n, HISTORY_MAX, "50 serials over time keep HISTORY_MAX");
	tap_ok(!history_first_seen(&h, 0, &t) && !history_first_seen(&h, 1, &t),
	       "the two seen first are pruned");
	tap_ok(history_first_seen(&h, HISTORY_MAX + 1, &t), "the newest is kept");
	tap_ok(history_valid(&h), "the pruned history is valid");
}

static void test_note_prunes_ties_by_serial(void)
{
	uint32_t serials[HISTORY_MAX + 3];
	struct history h = {0};
	int64_t t;
	size_t i;

	for (i = 0; i < HISTORY_MAX + 3; i++)
		serials[i] = (uint32_t)(HISTORY_MAX + 3 - i) * 10; /* descending */
	history_note(&h, serials, HISTORY_MAX + 3, 500);
	tap_int_eq(h.n, HISTORY_MAX, "51 serials seen at once keep HISTORY_MAX");
	tap_ok(!history_first_seen(&h, 10, &t) && !history_first_seen(&h, 20, &t) &&
		   !history_first_seen(&h, 30, &t) && history_first_seen(&h, 40, &t),
	       "among equal times the numerically smallest serials go");
	tap_ok(history_valid(&h), "and the history is valid");
}

static void test_note_clamps_time(void)
{
	struct history h = {0};
	uint32_t s = 1;
	int64_t t = 99;

	history_note(&h, &s, 1, -50);
	tap_ok(history_first_seen(&h, 1, &t) && t == 0, "a negative time is recorded as 0");
	s = 2;
	history_note(&h, &s, 1, INT64_MAX);
	tap_ok(history_first_seen(&h, 2, &t) && t == HISTORY_TIME_MAX,
	       "a time past year 9999 is recorded as HISTORY_TIME_MAX");
	tap_ok(history_valid(&h), "so the history stays valid");
}

static void test_merge(void)
{
	static const int64_t a_pairs[][2] = {{1, 100}, {2, 300}};
	static const int64_t b_pairs[][2] = {{2, 200}, {3, 400}};
	struct history a = make(a_pairs, 2), b = make(b_pairs, 2), big = {0};
	int64_t t = 0;
	uint32_t s;

	history_merge(&a, &b);
	tap_int_eq(a.n, 3, "merging {1,2} and {2,3} gives three serials");
	tap_ok(history_first_seen(&a, 2, &t) && t == 200,
	       "a serial in both keeps the earlier time");
	tap_ok(a.e[0].serial == 1 && a.e[1].serial == 2 && a.e[2].serial == 3 && history_valid(&a),
	       "in canonical order");
	for (s = 100; s < 100 + HISTORY_MAX; s++)
		history_note(&big, &s, 1, s);
	history_merge(&big, &b);
	tap_ok(big.n == HISTORY_MAX && history_first_seen(&big, 3, &t) &&
		   !history_first_seen(&big, 100, &t) && history_valid(&big),
	       "merging into a full history prunes the oldest");
}

/* history_latency(H, SERVED, NEWEST, NOW) must be KNOWN with WANT; report as NAME. */
static void latency_is(const struct history *h, uint32_t served, uint32_t newest, int64_t now,
		       bool known, int64_t want, const char *name)
{
	int64_t got = -1;
	bool k = history_latency(h, served, newest, now, &got);

	if (!tap_ok(k == known && got == want, "%s", name))
		printf("#   known %d, latency %lld; want known %d, latency %lld\n", k,
		       (long long)got, known, (long long)want);
}

static void test_latency(void)
{
	static const int64_t pairs[][2] = {{100, 1000}, {101, 2000}, {102, 3000}};
	struct history h = make(pairs, 3);

	latency_is(&h, 102, 102, 5000, true, 0,
		   "an address serving the newest serial has latency 0");
	latency_is(&h, 101, 102, 5000, true, 2000, "one behind: now - first seen of the newer one");
	latency_is(&h, 100, 102, 5000, true, 3000,
		   "two behind: now - first seen of the earliest newer one");
	latency_is(&h, 99, 102, 5000, true, 4000,
		   "a serial never recorded is stale since the earliest newer one");
	latency_is(&h, 100, 101, 5000, true, 3000, "serials newer than NEWEST do not count");
	latency_is(&h, 100, 102, 1500, true, 0, "a wall clock gone back gives 0, not negative");
	latency_is(&h, 102, 101, 5000, false, 0, "an address newer than NEWEST is unknown");
	latency_is(&h, 100, 100 + HALF, 5000, false, 0,
		   "an address incomparable with NEWEST is unknown");
	latency_is(&h, 102, 103, 5000, false, 0, "no recorded serial in (SERVED, NEWEST]: unknown");
}

static void test_latency_wrap(void)
{
	static const int64_t pairs[][2] = {{4294967294u, 1000}, {4294967295u, 2000}, {1, 3000}};
	struct history h = make(pairs, 3);
	uint32_t zero = 0;

	latency_is(&h, 4294967295u, 1, 5000, true, 2000, "1 is newer than 4294967295 (wrap)");
	latency_is(&h, 4294967294u, 1, 5000, true, 3000, "4294967294 is stale since 4294967295");
	history_note(&h, &zero, 1, 2500);
	latency_is(&h, 4294967295u, 1, 5000, true, 2500, "0 between them counts across the wrap");
}

static void test_latency_after_serial_reset(void)
{
	static const int64_t pairs[][2] = {{2026010101, 1000}, {5, 2000}, {6, 3000}};
	struct history h = make(pairs, 3);

	latency_is(&h, 6, 6, 9000, true, 0,
		   "after a reset to small serials, current servers are not stale");
	latency_is(&h, 5, 6, 9000, true, 6000,
		   "a server behind the reset serials is stale since the newer one");
}

static void test_latency_first_run(void)
{
	const uint32_t in_play[] = {7, 8};
	struct history h = {0};

	history_note(&h, in_play, 2, 4000);
	latency_is(&h, 7, 8, 4000, true, 0,
		   "on a first run every serial is first seen now: latency 0, never an alarm");
}

int main(void)
{
	test_format_known_text();
	test_format_empty();
	test_format_small_buffer();
	test_format_full_history_fits();
	test_format_rejects_invalid();
	test_parse_empty_and_prefixes();
	test_parse_any_changed_byte_is_refused();
	test_parse_version();
	test_parse_numbers();
	test_parse_structure();
	test_note_records_new_serials();
	test_note_prunes_oldest();
	test_note_prunes_ties_by_serial();
	test_note_clamps_time();
	test_merge();
	test_latency();
	test_latency_wrap();
	test_latency_after_serial_reset();
	test_latency_first_run();
	return tap_done();
}
