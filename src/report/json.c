/* json.c - a small JSON writer: escaped strings, numbers, nested objects and arrays into a strbuf.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report/json.h"
#include "mp/mp_perfdata.h"
#include "mp/mp_text.h"

/* Length of the valid UTF-8 sequence at P (LEFT bytes available), 0 if invalid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_sequence_length(const unsigned char *p, size_t left)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* The escape for an ASCII byte C, or NULL when C is copied as is. BUF has 7 bytes. */
static const char *json_ascii_escape(unsigned char c, char *buf)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		break;
	}
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	snprintf(buf, 7, "\\u%04x", (unsigned)c);
	return buf;
}

void report_json_string(struct mp_strbuf *out, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, start = 0;
	char buf[7];

	mp_strbuf_puts(out, "\"");
	while (i < len) {
		size_t n = utf8_sequence_length(p + i, len - i);
		const char *esc = n == 1 ? json_ascii_escape(p[i], buf) : NULL;
		if (n > 1 || (n == 1 && esc == NULL)) {
			i += n;
			continue;
		}
		mp_strbuf_append(out, text + start, i - start);
		mp_strbuf_puts(out, n == 0 ? "\\ufffd" : esc);
		start = ++i;
	}
	mp_strbuf_append(out, text + start, len - start);
	mp_strbuf_puts(out, "\"");
}

/* Write the separator due before a new member, and "KEY": unless KEY is NULL (arrays). */
static void json_key(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		mp_strbuf_puts(j->sb, ",");
	j->first[j->depth] = false;
	if (key != NULL) {
		report_json_string(j->sb, key, strlen(key));
		mp_strbuf_puts(j->sb, ":");
	}
}

/* Open an object ('{') or array ('[') as member KEY. */
void json_open(struct json *j, const char *key, char bracket)
{
	if (j->depth > 0 || !j->first[0])
		json_key(j, key);
	mp_strbuf_append(j->sb, &bracket, 1);
	if (j->depth + 1 < JSON_DEPTH_MAX)
		j->depth++;
	j->first[j->depth] = true;
}

void json_close(struct json *j, char bracket)
{
	mp_strbuf_append(j->sb, &bracket, 1);
	if (j->depth > 0)
		j->depth--;
}

/* A string member; NULL writes null. The value is written in the escaped form
 * of the text output first (mp_text_append_presented). */
void json_str(struct json *j, const char *key, const char *value)
{
	struct mp_strbuf text = {0};

	json_key(j, key);
	if (value == NULL) {
		mp_strbuf_puts(j->sb, "null");
		return;
	}
	mp_text_append_presented(&text, value);
	if (text.failed)
		j->sb->failed = true;
	else
		report_json_string(j->sb, mp_strbuf_str(&text), text.len);
	mp_strbuf_free(&text);
}

void json_uint(struct json *j, const char *key, unsigned long long value)
{
	json_key(j, key);
	mp_strbuf_printf(j->sb, "%llu", value);
}

/* A number member (no exponent, at most 6 decimals, '.' whatever the locale). */
void json_num(struct json *j, const char *key, double value)
{
	char buf[64];

	mp_perf_format_number(buf, value);
	json_key(j, key);
	mp_strbuf_puts(j->sb, buf);
}

void json_bool(struct json *j, const char *key, bool value)
{
	json_key(j, key);
	mp_strbuf_puts(j->sb, value ? "true" : "false");
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	mp_strbuf_puts(j->sb, "null");
}
