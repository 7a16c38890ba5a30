/* dname.h - domain names: strict parsing of user input and safe display of names from the wire. */
#ifndef DNAME_H
#define DNAME_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

/* Why a zone name given by the user was rejected. */
enum dname_error {
	DNAME_OK = 0,
	DNAME_EMPTY,          /* "" */
	DNAME_EMPTY_LABEL,    /* "a..b", ".a" */
	DNAME_LABEL_TOO_LONG, /* a label over 63 octets */
	DNAME_NAME_TOO_LONG,  /* over 255 octets in wire form */
	DNAME_BAD_ESCAPE,     /* "\" at the end, "\DDD" over 255 */
	DNAME_NO_MEMORY,
};

/* Parse TEXT (presentation format, absolute or relative to the root; "." is
 * the root) into a new ldns dname in *OUT (caller frees with ldns_rdf_deep_free).
 * Pre: text != NULL. On error *out is NULL. */
enum dname_error dname_parse(const char *text, ldns_rdf **out);

/* English text for ERR ("empty label", ...). */
const char *dname_strerror(enum dname_error err);

/* Write NAME for display into BUF (SIZE >= 1): labels joined with '.', with a
 * trailing '.' only for the root; bytes outside [A-Za-z0-9-_*] become \DDD, so
 * '|', quotes, '=', spaces, newlines, NUL, '.', '\\' and bytes >= 0x80 never
 * appear raw. Truncates safely (never mid-escape). A non-dname or malformed rdf
 * displays as "(invalid name)". Returns BUF. */
char *dname_display(const ldns_rdf *name, char *buf, size_t size);

/* True when A and B are the same name, compared case-insensitively (ASCII). */
bool dname_equal(const ldns_rdf *a, const ldns_rdf *b);

/* True when SUB lies strictly below PARENT (case-insensitively): what
 * ldns_dname_is_subdomain says, without its copies (it crashes when one
 * cannot be allocated). */
bool dname_is_subdomain(const ldns_rdf *sub, const ldns_rdf *parent);

#endif
