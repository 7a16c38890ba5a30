/* mp_text.c - escape untrusted bytes for plugin output text and perfdata labels. */
#include "config.h"

#include "mp/mp_text.h"

#include <stdbool.h>
#include <string.h>

/* Printable ASCII that may stand for itself in output text. */
static bool text_byte_is_safe(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e && c != '|' && c != '\\';
}

void mp_text_append_safe(struct mp_strbuf *sb, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t run = i;
		char esc[4];
		unsigned char c;

		while (run < len && text_byte_is_safe((unsigned char)text[run]))
			run++;
		mp_strbuf_append(sb, text + i, run - i);
		if (run == len)
			break;
		c = (unsigned char)text[run];
		esc[0] = '\\';
		esc[1] = (char)('0' + c / 100);
		esc[2] = (char)('0' + c / 10 % 10);
		esc[3] = (char)('0' + c % 10);
		mp_strbuf_append(sb, esc, 4);
		i = run + 1;
	}
}

void mp_text_append_presented(struct mp_strbuf *sb, const char *text)
{
	size_t i, start = 0, len = strlen(text);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x20 && c < 0x7f && c != '|')
			continue;
		mp_strbuf_append(sb, text + start, i - start);
		mp_text_append_safe(sb, text + i, 1);
		start = i + 1;
	}
	mp_strbuf_append(sb, text + start, len - start);
}

/* Bytes allowed verbatim in a perfdata label: [A-Za-z0-9._/@+-]. ':' is not:
 * Icinga 2 reads "a::b" in perfdata as a check_multi prefix, and IPv6
 * addresses are full of colons. */
static bool label_byte_is_safe(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '.':
	case '_':
	case '/':
	case '@':
	case '+':
	case '-':
		return true;
	default:
		return false;
	}
}

void mp_perf_label_append(struct mp_strbuf *sb, const char *label, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;

	while (i < len) {
		size_t run = i;
		char esc[3];
		unsigned char c;

		while (run < len && label_byte_is_safe((unsigned char)label[run]))
			run++;
		mp_strbuf_append(sb, label + i, run - i);
		if (run == len)
			break;
		c = (unsigned char)label[run];
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0x0f];
		mp_strbuf_append(sb, esc, 3);
		i = run + 1;
	}
}
