/* history.c - the serial history of a zone: its bounded text form, recording, latency. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "judge/history.h"
#include "judge/serial.h"

#define HISTORY_VERSION_MAX 999999u /* a larger version number is corrupt, not another version */

/* A reading position in the text being parsed. RAN_OUT is set when the text ended
 * where more was expected (truncation); BAD when a byte broke the grammar. */
struct history_cursor {
	const char *p, *end;
	bool ran_out, bad;
};

/* 32-bit FNV-1a of LEN bytes at DATA. */
static uint32_t history_checksum(const char *data, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 16777619u;
	}
	return h;
}

/* Consume the literal LIT. */
static bool cursor_literal(struct history_cursor *c, const char *lit)
{
	for (; *lit != '\0'; lit++, c->p++) {
		if (c->p == c->end) {
			c->ran_out = true;
			return false;
		}
		if (*c->p != *lit) {
			c->bad = true;
			return false;
		}
	}
	return true;
}

/* Consume a decimal number in 0..MAX without sign or leading zero into *V. */
static bool cursor_number(struct history_cursor *c, uint64_t max, uint64_t *v)
{
	const char *start = c->p;
	uint64_t n = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned d = (unsigned)(*c->p - '0');
		if ((c->p > start && *start == '0') || n > (max - d) / 10) {
			c->bad = true;
			return false;
		}
		n = n * 10 + d;
		c->p++;
	}
	if (c->p == c->end) {
		c->ran_out = true;
		return false;
	}
	if (c->p == start) {
		c->bad = true;
		return false;
	}
	*v = n;
	return true;
}

/* Consume exactly 8 lower-case hex digits into *V. */
static bool cursor_hex32(struct history_cursor *c, uint32_t *v)
{
	uint32_t n = 0;
	int i;

	for (i = 0; i < 8; i++, c->p++) {
		char ch;
		if (c->p == c->end) {
			c->ran_out = true;
			return false;
		}
		ch = *c->p;
		if (ch >= '0' && ch <= '9')
			n = n << 4 | (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			n = n << 4 | (uint32_t)(ch - 'a' + 10);
		else {
			c->bad = true;
			return false;
		}
	}
	*v = n;
	return true;
}

/* True when entry (T1, S1) comes before (T2, S2) in canonical order. */
static bool history_before(int64_t t1, uint32_t s1, int64_t t2, uint32_t s2)
{
	return t1 < t2 || (t1 == t2 && s1 < s2);
}

/* Index of SERIAL in H, or H->n when absent. */
static size_t history_find(const struct history *h, uint32_t serial)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->e[i].serial == serial)
			break;
	return i;
}

/* The header line; on success the version is 1. */
static enum history_status history_parse_header(struct history_cursor *c)
{
	uint64_t version;

	if (!cursor_literal(c, "check_soa-state ") ||
	    !cursor_number(c, HISTORY_VERSION_MAX, &version) || !cursor_literal(c, "\n"))
		return c->ran_out ? HISTORY_TRUNCATED : HISTORY_CORRUPT;
	return version == 1 ? HISTORY_OK : HISTORY_WRONG_VERSION;
}

/* One "serial S T\n" line appended to OUT, checked for range, order, uniqueness. */
static bool history_parse_entry(struct history_cursor *c, struct history *out)
{
	uint64_t serial, t;

	if (!cursor_literal(c, "serial ") || !cursor_number(c, UINT32_MAX, &serial) ||
	    !cursor_literal(c, " ") || !cursor_number(c, (uint64_t)HISTORY_TIME_MAX, &t) ||
	    !cursor_literal(c, "\n"))
		return false;
	if (out->n == HISTORY_MAX || history_find(out, (uint32_t)serial) < out->n ||
	    (out->n > 0 && !history_before(out->e[out->n - 1].first_seen, out->e[out->n - 1].serial,
					   (int64_t)t, (uint32_t)serial))) {
		c->bad = true;
		return false;
	}
	out->e[out->n].serial = (uint32_t)serial;
	out->e[out->n].first_seen = (int64_t)t;
	out->n++;
	return true;
}

/* The "end COUNT CHECKSUM\n" line, which must close the text; BODY is where the
 * checksummed bytes start. */
static enum history_status history_parse_end(struct history_cursor *c, const char *body,
					     const struct history *out)
{
	const char *line = c->p;
	uint64_t count;
	uint32_t sum;

	if (!cursor_literal(c, "end ") || !cursor_number(c, HISTORY_MAX, &count) ||
	    !cursor_literal(c, " ") || !cursor_hex32(c, &sum) || !cursor_literal(c, "\n"))
		return c->ran_out ? HISTORY_TRUNCATED : HISTORY_CORRUPT;
	if (c->p != c->end || count != out->n ||
	    sum != history_checksum(body, (size_t)(line - body)))
		return HISTORY_CORRUPT;
	return HISTORY_OK;
}

enum history_status history_parse(const char *text, size_t len, struct history *out)
{
	struct history_cursor c = {text, text + len, false, false};
	enum history_status st;

	out->n = 0;
	if (len == 0)
		return HISTORY_EMPTY;
	if (len > HISTORY_TEXT_MAX)
		return HISTORY_CORRUPT;
	st = history_parse_header(&c);
	while (st == HISTORY_OK && c.p < c.end && *c.p == 's') {
		if (!history_parse_entry(&c, out))
			st = c.ran_out ? HISTORY_TRUNCATED : HISTORY_CORRUPT;
	}
	if (st == HISTORY_OK)
		st = c.p == c.end ? HISTORY_TRUNCATED : history_parse_end(&c, text, out);
	if (st != HISTORY_OK)
		out->n = 0;
	return st;
}

const char *history_status_text(enum history_status status)
{
	switch (status) {
	case HISTORY_OK:
		return "ok";
	case HISTORY_EMPTY:
		return "empty";
	case HISTORY_TRUNCATED:
		return "truncated";
	case HISTORY_CORRUPT:
		return "corrupt";
	case HISTORY_WRONG_VERSION:
		return "from another version";
	}
	return "unknown status";
}

bool history_valid(const struct history *h)
{
	size_t i;

	if (h->n > HISTORY_MAX)
		return false;
	for (i = 0; i < h->n; i++) {
		if (h->e[i].first_seen < 0 || h->e[i].first_seen > HISTORY_TIME_MAX)
			return false;
		if (i > 0 && !history_before(h->e[i - 1].first_seen, h->e[i - 1].serial,
					     h->e[i].first_seen, h->e[i].serial))
			return false;
		/* Ordered by (time, serial), a repeated serial can still hide at another time. */
		if (history_find(h, h->e[i].serial) != i)
			return false;
	}
	return true;
}

/* Append the LEN bytes of LINE to BUF (SIZE) at *USED, as much as fits, keeping BUF
 * NUL-terminated; *USED counts every byte wanted, like snprintf's result. */
static void history_append(char *buf, size_t size, size_t *used, const char *line, int len)
{
	size_t n = len > 0 ? (size_t)len : 0;

	if (*used + 1 < size) {
		size_t room = size - *used - 1, k = n < room ? n : room;
		memcpy(buf + *used, line, k);
		buf[*used + k] = '\0';
	}
	*used += n;
}

size_t history_format(const struct history *h, char *buf, size_t size)
{
	char line[64];
	size_t used = 0, i;
	int n;

	if (size > 0)
		buf[0] = '\0';
	if (!history_valid(h))
		return 0;
	n = snprintf(line, sizeof line, "%s\n", HISTORY_VERSION);
	history_append(buf, size, &used, line, n);
	for (i = 0; i < h->n; i++) {
		n = snprintf(line, sizeof line, "serial %lu %lld\n", (unsigned long)h->e[i].serial,
			     (long long)h->e[i].first_seen);
		history_append(buf, size, &used, line, n);
	}
	/* The checksum covers what was wanted, so it is only right when all of it fit. */
	n = snprintf(line, sizeof line, "end %zu %08lx\n", h->n,
		     (unsigned long)(used < size ? history_checksum(buf, used) : 0));
	history_append(buf, size, &used, line, n);
	return used;
}

/* Insert (SERIAL, T), not yet in the valid H, keeping the HISTORY_MAX last entries
 * in canonical order: when full, the first entry or the new one is dropped. */
static void history_insert(struct history *h, uint32_t serial, int64_t t)
{
	size_t i;

	if (h->n == HISTORY_MAX) {
		if (!history_before(h->e[0].first_seen, h->e[0].serial, t, serial))
			return;
		memmove(&h->e[0], &h->e[1], (h->n - 1) * sizeof h->e[0]);
		h->n--;
	}
	i = h->n;
	while (i > 0 && history_before(t, serial, h->e[i - 1].first_seen, h->e[i - 1].serial)) {
		h->e[i] = h->e[i - 1];
		i--;
	}
	h->e[i].serial = serial;
	h->e[i].first_seen = t;
	h->n++;
}

void history_note(struct history *h, const uint32_t *serials, size_t n, int64_t now)
{
	int64_t t = now < 0 ? 0 : now > HISTORY_TIME_MAX ? HISTORY_TIME_MAX : now;
	size_t i;

	for (i = 0; i < n; i++)
		if (history_find(h, serials[i]) == h->n)
			history_insert(h, serials[i], t);
}

/* Restore canonical order of H after first_seen values were lowered. */
static void history_sort(struct history *h)
{
	size_t i, j;

	for (i = 1; i < h->n; i++) {
		for (j = i; j > 0 && history_before(h->e[j].first_seen, h->e[j].serial,
						    h->e[j - 1].first_seen, h->e[j - 1].serial);
		     j--) {
			uint32_t s = h->e[j].serial;
			int64_t t = h->e[j].first_seen;
			h->e[j] = h->e[j - 1];
			h->e[j - 1].serial = s;
			h->e[j - 1].first_seen = t;
		}
	}
}

void history_merge(struct history *into, const struct history *from)
{
	size_t i, k;

	for (i = 0; i < from->n; i++) {
		k = history_find(into, from->e[i].serial);
		if (k < into->n && from->e[i].first_seen < into->e[k].first_seen)
			into->e[k].first_seen = from->e[i].first_seen;
	}
	history_sort(into);
	for (i = 0; i < from->n; i++)
		if (history_find(into, from->e[i].serial) == into->n)
			history_insert(into, from->e[i].serial, from->e[i].first_seen);
}

bool history_first_seen(const struct history *h, uint32_t serial, int64_t *first_seen)
{
	size_t k = history_find(h, serial);

	if (k == h->n)
		return false;
	*first_seen = h->e[k].first_seen;
	return true;
}

bool history_latency(const struct history *h, uint32_t served, uint32_t newest, int64_t now,
		     int64_t *latency)
{
	enum serial_cmp c = serial_compare(served, newest);
	bool found = false;
	int64_t earliest = 0;
	size_t i;

	*latency = 0;
	if (c == SERIAL_EQUAL)
		return true;
	if (c != SERIAL_LESS)
		return false;
	for (i = 0; i < h->n; i++) {
		uint32_t s = h->e[i].serial;
		enum serial_cmp up = serial_compare(s, newest);
		if (serial_compare(served, s) != SERIAL_LESS ||
		    (up != SERIAL_LESS && up != SERIAL_EQUAL))
			continue;
		if (!found || h->e[i].first_seen < earliest)
			earliest = h->e[i].first_seen;
		found = true;
	}
	if (found && now > earliest)
		*latency = now - earliest;
	return found;
}
