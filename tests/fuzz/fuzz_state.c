/* fuzz_state.c - libFuzzer target: the state file parser, its round trip, recording and latency. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "judge/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool fuzz_same(const struct history *a, const struct history *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->e[i].serial != b->e[i].serial || a->e[i].first_seen != b->e[i].first_seen)
			return false;
	return true;
}

/* H formats, and the text parses back to H exactly and formats to the same text. */
static void fuzz_check_round_trip(const struct history *h, const char *text, size_t len)
{
	char buf[HISTORY_TEXT_MAX], again[HISTORY_TEXT_MAX];
	struct history back;
	size_t n = history_format(h, buf, sizeof buf);

	if (n == 0 || n >= sizeof buf || n >= 2048)
		fuzz_fail("a valid history does not format in under 2 KiB", text, len);
	if (history_parse(buf, n, &back) != HISTORY_OK || !fuzz_same(h, &back))
		fuzz_fail("parse(format(h)) is not h", buf, n);
	if (history_format(&back, again, sizeof again) != n || memcmp(buf, again, n) != 0)
		fuzz_fail("format(parse(text)) is not text", buf, n);
}

/* Serials taken from the input noted into H: it stays valid, and the latency of each
 * against the newest is sane. */
static void fuzz_check_note(struct history *h, const uint8_t *data, size_t size)
{
	uint32_t serials[8];
	size_t n = 0, i;
	int64_t now = 1700000000, latency;

	for (i = 0; i + 4 <= size && n < 8; i += 4)
		memcpy(&serials[n++], data + i, 4);
	history_note(h, serials, n, now);
	if (!history_valid(h))
		fuzz_fail("history_note made an invalid history", (const char *)data, size);
	for (i = 0; i < n; i++) {
		bool known = history_latency(h, serials[i], serials[0], now + 60, &latency);
		if (latency < 0 || (!known && latency != 0))
			fuzz_fail("a negative or unknown-but-set latency", (const char *)data,
				  size);
	}
}

/* The invariants of one text: refused leaves nothing; accepted round-trips. */
static void fuzz_check_text(const uint8_t *data, size_t size)
{
	struct history h, other;
	enum history_status st = history_parse((const char *)data, size, &h);

	if (st != HISTORY_OK) {
		if (h.n != 0)
			fuzz_fail("a refused text left entries", (const char *)data, size);
		if (size > 0 && st == HISTORY_EMPTY)
			fuzz_fail("a non-empty text called empty", (const char *)data, size);
		return;
	}
	if (size > HISTORY_TEXT_MAX || !history_valid(&h))
		fuzz_fail("an accepted text is too large or gave an invalid history",
			  (const char *)data, size);
	if (size == 0 || data[size - 1] != '\n')
		fuzz_fail("an accepted text does not end with its end line", (const char *)data,
			  size);
	fuzz_check_round_trip(&h, (const char *)data, size);
	other = h;
	history_merge(&other, &h);
	if (!fuzz_same(&other, &h))
		fuzz_fail("merging a history with itself changed it", (const char *)data, size);
	fuzz_check_note(&h, data, size);
	fuzz_check_round_trip(&h, (const char *)data, size);
}

/* The input sealed with the end line it would need (count of "\nserial " and the
 * FNV-1a checksum), so that mutated bodies are also explored past the checksum. */
static void fuzz_check_sealed(const uint8_t *data, size_t size)
{
	uint8_t *text = malloc(size + 40);
	uint32_t sum = 2166136261u;
	size_t i, count = 0;
	int n;

	if (text == NULL)
		return;
	for (i = 0; i < size; i++) {
		sum = (sum ^ data[i]) * 16777619u;
		if (i + 8 <= size && memcmp(data + i, "\nserial ", 8) == 0)
			count++;
	}
	memcpy(text, data, size);
	n = snprintf((char *)text + size, 40, "end %zu %08lx\n", count, (unsigned long)sum);
	fuzz_check_text(text, size + (size_t)n);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_check_text(data, size);
	fuzz_check_sealed(data, size);
	return 0;
}
