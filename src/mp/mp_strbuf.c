/* mp_strbuf.c - growable NUL-terminated string buffer with a latched allocation failure. */
#include "config.h"

#include "mp/mp_strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MP_STRBUF_MIN_CAP 64
/* No object may be larger than PTRDIFF_MAX (pointer differences must fit). */
#define MP_STRBUF_MAX_CAP ((size_t)PTRDIFF_MAX)

/* Make room for EXTRA more bytes plus the terminating NUL. Returns false (and
 * latches sb->failed) when the size would exceed MP_STRBUF_MAX_CAP or memory
 * runs out. Pre: sb->len < MP_STRBUF_MAX_CAP. */
static bool strbuf_reserve(struct mp_strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *data;

	if (sb->failed)
		return false;
	if (extra > MP_STRBUF_MAX_CAP - 1 - sb->len) {
		sb->failed = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap < MP_STRBUF_MIN_CAP ? MP_STRBUF_MIN_CAP : sb->cap;
	while (cap < need)
		cap = cap > MP_STRBUF_MAX_CAP / 2 ? need : cap * 2;
	data = realloc(sb->data, cap);
	if (data == NULL) {
		sb->failed = true;
		return false;
	}
	sb->data = data;
	sb->cap = cap;
	return true;
}

/* True when S lies inside SB's storage (compared as integers: relational
 * comparison of pointers into different objects would be undefined). */
static bool strbuf_owns(const struct mp_strbuf *sb, const char *s)
{
	uintptr_t p = (uintptr_t)s, base = (uintptr_t)sb->data;

	return sb->data != NULL && p >= base && p - base < sb->cap;
}

void mp_strbuf_append(struct mp_strbuf *sb, const char *s, size_t len)
{
	size_t self_offset = 0;
	bool self;

	if (len == 0 || s == NULL || sb->failed)
		return;
	/* S may point into our own storage, which reserve can move. */
	self = strbuf_owns(sb, s);
	if (self)
		self_offset = (size_t)((uintptr_t)s - (uintptr_t)sb->data);
	if (!strbuf_reserve(sb, len))
		return;
	if (self)
		s = sb->data + self_offset;
	memmove(sb->data + sb->len, s, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void mp_strbuf_puts(struct mp_strbuf *sb, const char *s)
{
	if (s != NULL)
		mp_strbuf_append(sb, s, strlen(s));
}

/* Formats into a scratch buffer first, so arguments may point into SB itself. */
void mp_strbuf_vprintf(struct mp_strbuf *sb, const char *fmt, va_list ap)
{
	char small[256];
	char *out = small;
	va_list measure;
	int n;

	if (sb->failed)
		return;
	va_copy(measure, ap);
	n = vsnprintf(NULL, 0, fmt, measure);
	va_end(measure);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		out = malloc((size_t)n + 1);
		if (out == NULL) {
			sb->failed = true;
			return;
		}
	}
	if (vsnprintf(out, (size_t)n + 1, fmt, ap) == n)
		mp_strbuf_append(sb, out, (size_t)n);
	else
		sb->failed = true;
	if (out != small)
		free(out);
}

void mp_strbuf_printf(struct mp_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *mp_strbuf_str(const struct mp_strbuf *sb)
{
	return sb->data != NULL ? sb->data : "";
}

void mp_strbuf_free(struct mp_strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->failed = false;
}
