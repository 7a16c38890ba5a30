/* fuzz_check.h - invariants the fuzz targets assert on plugin output (header only; abort() on
 * violation). */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Report a broken invariant and abort, so that libFuzzer keeps the input. */
static inline void fuzz_fail(const char *what, const char *text, size_t len)
{
	size_t i;

	fprintf(stderr, "invariant violated: %s\ntext (%zu bytes): ", what, len);
	for (i = 0; i < len && i < 400; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "<%02x>", c);
	}
	fputc('\n', stderr);
	abort();
}

/* Bytes that may stand for themselves in plugin text: printable ASCII but '|'. */
static inline bool fuzz_text_byte_ok(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '|';
}

/* Bytes a perfdata label may hold without quoting. */
static inline bool fuzz_label_byte_ok(unsigned char c)
{
	return fuzz_text_byte_ok(c) && c != ' ' && c != '\'' && c != '=' && c != '"' && c != ';';
}

/* TEXT (LEN bytes) is safe inside a status line or long-output line. */
static inline void fuzz_assert_text(const char *text, size_t len, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!fuzz_text_byte_ok((unsigned char)text[i]))
			fuzz_fail(what, text, len);
}

/* LABEL (LEN bytes) is a perfdata label that needs no quoting. */
static inline void fuzz_assert_label(const char *label, size_t len, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!fuzz_label_byte_ok((unsigned char)label[i]))
			fuzz_fail(what, label, len);
}

/* One perfdata item "label=value[uom][;warn[;crit[;min[;max]]]]" of LEN bytes. */
static inline void fuzz_assert_perf_item(const char *item, size_t len)
{
	const char *eq = memchr(item, '=', len);
	size_t i, semis = 0;

	if (eq == NULL || eq == item)
		fuzz_fail("perfdata item without label=value", item, len);
	fuzz_assert_label(item, (size_t)(eq - item), "perfdata label");
	for (i = (size_t)(eq - item) + 1; i < len; i++) {
		char c = item[i];
		if (c == ';')
			semis++;
		else if (!((c >= '0' && c <= '9') || strchr("-.:~@", c) != NULL ||
			   (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '%'))
			fuzz_fail("perfdata value", item, len);
	}
	if (semis > 4)
		fuzz_fail("perfdata item with more than 4 ';'", item, len);
}

/* The whole plugin output OUT: a status line "SOA STATE - ..." with at most one
 * '|' (exactly one when WANT_PERF), well-formed perfdata after it, then long-output
 * lines that start with '[', "NS " or "hint: " (the multi-provider hint), every line
 * ended by '\n', nothing else. */
static inline void fuzz_assert_output(const char *out, bool want_perf)
{
	size_t len = strlen(out);
	const char *nl = memchr(out, '\n', len), *bar, *line, *p;
	size_t status_len;

	if (len == 0 || out[len - 1] != '\n' || nl == NULL)
		fuzz_fail("output is not newline-terminated", out, len);
	status_len = (size_t)(nl - out);
	if (strncmp(out, "SOA OK - ", 9) != 0 && strncmp(out, "SOA WARNING - ", 14) != 0 &&
	    strncmp(out, "SOA CRITICAL - ", 15) != 0 && strncmp(out, "SOA UNKNOWN - ", 14) != 0)
		fuzz_fail("status line does not start with SOA STATE", out, status_len);
	bar = memchr(out, '|', status_len);
	if (want_perf && bar == NULL)
		fuzz_fail("status line without perfdata", out, status_len);
	if (bar != NULL && memchr(bar + 1, '|', status_len - (size_t)(bar - out) - 1) != NULL)
		fuzz_fail("status line with more than one '|'", out, status_len);
	fuzz_assert_text(out, bar != NULL ? (size_t)(bar - out) : status_len, "status text");
	for (p = bar != NULL ? bar + 1 : nl; p < nl;) {
		const char *end;
		while (p < nl && *p == ' ')
			p++;
		end = p;
		while (end < nl && *end != ' ')
			end++;
		if (end > p)
			fuzz_assert_perf_item(p, (size_t)(end - p));
		p = end;
	}
	for (line = nl + 1; line < out + len; line = nl + 1) {
		nl = memchr(line, '\n', len - (size_t)(line - out));
		if (line[0] != '[' && strncmp(line, "NS ", 3) != 0 &&
		    strncmp(line, "hint: ", 6) != 0)
			fuzz_fail("long-output line starts with none of '[', \"NS \", \"hint: \"",
				  line, (size_t)(nl - line));
		fuzz_assert_text(line, (size_t)(nl - line), "long-output line");
	}
}

#endif
