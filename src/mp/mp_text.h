/* mp_text.h - make untrusted text safe for a status line, long output or perfdata label. */
#ifndef MP_TEXT_H
#define MP_TEXT_H

#include <stddef.h>

#include "mp/mp_strbuf.h"

/* Append LEN bytes of untrusted TEXT to SB so that the result can neither end
 * the status line, start perfdata, nor hide bytes: printable ASCII is copied
 * except '|' and '\\', which, like every control byte (newline included), DEL
 * and every byte >= 0x80, become "\\DDD" (three decimal digits, DNS style).
 * NUL bytes inside LEN are escaped too. */
void mp_text_append_safe(struct mp_strbuf *sb, const char *text, size_t len);

/* Append TEXT, already in escaped presentation form (a display name, an
 * RRset as ldns presents it: its backslash escapes are kept), with every byte
 * that could still end a line, start perfdata or hide bytes escaped as
 * mp_text_append_safe does: '|', control bytes, DEL, bytes >= 0x80. Applied
 * twice it changes nothing: the text and JSON outputs write names and values
 * in this one form. */
void mp_text_append_presented(struct mp_strbuf *sb, const char *text);

/* Append a perfdata label built from untrusted LABEL: bytes in
 * [A-Za-z0-9._/@+-] are copied, every other byte (":", space, "'", "=", "|", "%",
 * control bytes, bytes >= 0x80) is written as "%HH" (upper-case hex). The
 * result never needs quoting and distinct labels stay distinct.
 * Example: "a|b=c d" -> "a%7Cb%3Dc%20d". */
void mp_perf_label_append(struct mp_strbuf *sb, const char *label, size_t len);

#endif
