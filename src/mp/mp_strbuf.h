/* mp_strbuf.h - a growable, always NUL-terminated string buffer for building plugin output. */
#ifndef MP_STRBUF_H
#define MP_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise ("struct mp_strbuf sb = {0};") before use. On allocation
 * failure the buffer latches failed = true and further appends are ignored,
 * so callers check once at the end. */
struct mp_strbuf {
	char *data; /* NUL-terminated once anything was appended; may be NULL */
	size_t len;
	size_t cap;
	bool failed;
};

/* Append LEN bytes of S verbatim. S may point into SB's own contents. */
void mp_strbuf_append(struct mp_strbuf *sb, const char *s, size_t len);
/* Append a NUL-terminated string verbatim. */
void mp_strbuf_puts(struct mp_strbuf *sb, const char *s);
/* Append printf-formatted text. Arguments may point into SB's own contents. */
void mp_strbuf_printf(struct mp_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mp_strbuf_vprintf(struct mp_strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The contents, "" when empty; never NULL. Valid until the next append/free. */
const char *mp_strbuf_str(const struct mp_strbuf *sb);
/* Release the storage and reset to the zero state. */
void mp_strbuf_free(struct mp_strbuf *sb);

#endif
