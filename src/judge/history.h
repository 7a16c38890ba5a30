/* history.h - per-zone serial history: when each serial was first seen, and publication latency. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HISTORY_MAX      48                  /* serials kept; the oldest by first_seen go first */
#define HISTORY_TEXT_MAX 8192                /* the largest text history_parse accepts */
#define HISTORY_TIME_MAX 253402300799LL      /* 9999-12-31 23:59:59 UTC: the largest first_seen */
#define HISTORY_VERSION  "check_soa-state 1" /* the first line of the text form */

/* The serials of one zone with the wall-clock time (Unix seconds) each was first
 * seen. Valid when n <= HISTORY_MAX, serials are distinct, every first_seen is in
 * 0..HISTORY_TIME_MAX, and entries are in canonical order: by first_seen, then by
 * serial (numeric), ascending. history_parse and history_note only make valid ones;
 * a zero-initialised history is a valid, empty one. */
struct history {
	struct {
		uint32_t serial;
		int64_t first_seen;
	} e[HISTORY_MAX];
	size_t n;
};

enum history_status {
	HISTORY_OK,
	HISTORY_EMPTY,        /* no bytes at all */
	HISTORY_TRUNCATED,    /* a well-formed beginning that stops before its end line */
	HISTORY_CORRUPT,      /* anything else that is not a valid history, or too large */
	HISTORY_WRONG_VERSION /* a check_soa state header of another version */
};

/* The text form, line by line, every line ended by '\n', nothing else in the file:
 *   check_soa-state 1
 *   serial SERIAL FIRST_SEEN       (0..HISTORY_MAX lines, canonical order)
 *   end COUNT CHECKSUM
 * Numbers are decimal without sign or leading zeros; COUNT is the number of serial
 * lines; CHECKSUM is 8 lower-case hex digits of the 32-bit FNV-1a hash of every
 * byte before the end line. */

/* Parse TEXT (LEN bytes, need not be NUL-terminated) into *OUT. On anything but
 * HISTORY_OK, *OUT is an empty history. Never reads past TEXT + LEN. */
enum history_status history_parse(const char *text, size_t len, struct history *out);

/* A short English name of STATUS, e.g. "truncated" (static storage). */
const char *history_status_text(enum history_status status);

/* Write the text form of the valid history H into BUF (SIZE bytes, NUL-terminated
 * when SIZE > 0, truncated to fit). Returns the length of the whole text (like
 * snprintf: it fit when the result is < SIZE), or 0 when H is not valid. The text of
 * a full history is below 2 KiB. */
size_t history_format(const struct history *h, char *buf, size_t size);

/* True when H is valid (see struct history). */
bool history_valid(const struct history *h);

/* Record in the valid history H every serial of SERIALS (N of them, duplicates
 * allowed) not already in it, first seen at NOW (clamped into 0..HISTORY_TIME_MAX).
 * A serial already recorded keeps its first_seen. Every serial is recorded, even one
 * that RFC 1982 cannot compare with the others: history_latency ignores those.
 * Then keeps the HISTORY_MAX newest by canonical order: the entries first seen
 * earliest go first (among equal times, the numerically smallest serial). */
void history_note(struct history *h, const uint32_t *serials, size_t n, int64_t now);

/* Merge the valid history FROM into the valid history INTO: each serial gets the
 * earliest first_seen either has; then pruned as history_note does. Used when a
 * history is saved over one another check wrote meanwhile. */
void history_merge(struct history *into, const struct history *from);

/* The first_seen of SERIAL in H into *FIRST_SEEN; false when not recorded. */
bool history_first_seen(const struct history *h, uint32_t serial, int64_t *first_seen);

/* Publication latency of an address serving SERVED while NEWEST is the newest
 * serial in play (both by RFC 1982): NOW minus the earliest first_seen among the
 * recorded serials S with SERVED < S <= NEWEST; 0 when SERVED == NEWEST; clamped to
 * 0 when the wall clock went back. Recorded serials newer than NEWEST do not count:
 * they are left over from a serial reset or roll-back, or served by nobody this run,
 * and must not make a current server look stale. Sets *LATENCY and returns true
 * when known; false (and *LATENCY = 0) when SERVED is not older than NEWEST by
 * RFC 1982, or no serial in (SERVED, NEWEST] is recorded (call history_note with
 * the serials in play first). On the first run (no state loaded) every latency is
 * 0: the caller should call it unknown then. */
bool history_latency(const struct history *h, uint32_t served, uint32_t newest, int64_t now,
		     int64_t *latency);

#endif
