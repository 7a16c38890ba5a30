/* json.h - a small JSON writer: escaped strings, numbers, nested objects and arrays into a strbuf.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "mp/mp_strbuf.h"

#define JSON_DEPTH_MAX 8

/* A compact JSON writer: tracks whether a separator is due at each level.
 * Start with {.sb = OUT, .first = {true}} and open the top-level value. */
struct json {
	struct mp_strbuf *sb;
	bool first[JSON_DEPTH_MAX];
	size_t depth;
};

/* Append LEN bytes of TEXT to OUT as a JSON string literal, quotes included:
 * '"' and '\\' are backslash-escaped, \b \f \n \r \t use their short forms,
 * other control bytes, NUL and DEL become \u00XX, valid UTF-8 is copied, and
 * every byte that is not part of a valid UTF-8 sequence (overlong forms,
 * surrogates and code points above U+10FFFF included) becomes \ufffd. */
void report_json_string(struct mp_strbuf *out, const char *text, size_t len);

/* Open an object ('{') or array ('[') as member KEY (NULL inside arrays and at the top). */
void json_open(struct json *j, const char *key, char bracket);
/* Close the innermost object ('}') or array (']'). */
void json_close(struct json *j, char bracket);
/* Members (KEY NULL inside arrays): a string (NULL writes null; in the escaped
 * form of the text output, mp_text_append_presented, then as JSON), an unsigned
 * integer, a number (no exponent, at most 6 decimals), a boolean, null. */
void json_str(struct json *j, const char *key, const char *value);
void json_uint(struct json *j, const char *key, unsigned long long value);
void json_num(struct json *j, const char *key, double value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);

#endif
