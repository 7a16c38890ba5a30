/* dname.c - strict domain name parsing and injection-proof display. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/dname.h"

#define DNAME_LABEL_MAX 63
#define DNAME_WIRE_MAX  255

/* Read one presentation-format character at *P, decoding "\X" and "\DDD".
 * Returns the octet value or -1 on a bad escape; advances *P. */
static int dname_read_octet(const char **p)
{
	const char *s = *p;
	int value;

	if (*s != '\\') {
		*p = s + 1;
		return (unsigned char)*s;
	}
	s++;
	if (*s == '\0')
		return -1;
	if (s[0] >= '0' && s[0] <= '9') {
		if (!(s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'))
			return -1;
		value = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		if (value > 255)
			return -1;
		*p = s + 3;
		return value;
	}
	*p = s + 1;
	return (unsigned char)*s;
}

/* Validate label and name lengths of TEXT without building anything. */
static enum dname_error dname_validate(const char *text)
{
	const char *p = text;
	size_t wire = 1; /* the root label */
	size_t label = 0;

	if (*text == '\0')
		return DNAME_EMPTY;
	if (strcmp(text, ".") == 0)
		return DNAME_OK;
	while (*p != '\0') {
		if (*p == '.') {
			if (label == 0)
				return DNAME_EMPTY_LABEL;
			wire += label + 1;
			label = 0;
			p++;
			continue;
		}
		if (dname_read_octet(&p) < 0)
			return DNAME_BAD_ESCAPE;
		if (++label > DNAME_LABEL_MAX)
			return DNAME_LABEL_TOO_LONG;
	}
	if (label > 0)
		wire += label + 1;
	return wire > DNAME_WIRE_MAX ? DNAME_NAME_TOO_LONG : DNAME_OK;
}

enum dname_error dname_parse(const char *text, ldns_rdf **out)
{
	enum dname_error err = dname_validate(text);
	ldns_rdf *name = NULL;

	*out = NULL;
	if (err != DNAME_OK)
		return err;
	if (ldns_str2rdf_dname(&name, text) != LDNS_STATUS_OK || name == NULL)
		return DNAME_NO_MEMORY;
	*out = name;
	return DNAME_OK;
}

const char *dname_strerror(enum dname_error err)
{
	switch (err) {
	case DNAME_OK:
		return "valid";
	case DNAME_EMPTY:
		return "empty name";
	case DNAME_EMPTY_LABEL:
		return "empty label";
	case DNAME_LABEL_TOO_LONG:
		return "label longer than 63 octets";
	case DNAME_NAME_TOO_LONG:
		return "name longer than 255 octets";
	case DNAME_BAD_ESCAPE:
		return "bad escape sequence";
	case DNAME_NO_MEMORY:
		return "out of memory";
	}
	return "invalid name";
}

static bool dname_octet_is_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '*';
}

/* Append S to BUF at *LEN if it fits entirely (keeping room for NUL). */
static bool dname_put(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		return false;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return true;
}

/* True when WIRE (LEN octets) is uncompressed labels of at most 63 octets
 * ending with the root label as its last octet. */
static bool dname_wire_well_formed(const uint8_t *wire, size_t len)
{
	size_t pos = 0;

	while (pos < len && wire[pos] != 0) {
		if (wire[pos] > DNAME_LABEL_MAX)
			return false;
		pos += 1 + (size_t)wire[pos];
	}
	return pos + 1 == len;
}

char *dname_display(const ldns_rdf *name, char *buf, size_t size)
{
	const uint8_t *wire;
	size_t wire_len, pos = 0, len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (name == NULL || ldns_rdf_get_type(name) != LDNS_RDF_TYPE_DNAME ||
	    !dname_wire_well_formed(ldns_rdf_data(name), ldns_rdf_size(name))) {
		dname_put(buf, size, &len, "(invalid name)");
		return buf;
	}
	wire = ldns_rdf_data(name);
	wire_len = ldns_rdf_size(name);
	if (wire_len == 1) {
		dname_put(buf, size, &len, ".");
		return buf;
	}
	while (pos < wire_len && wire[pos] != 0) {
		size_t label = wire[pos++], i;
		if (len > 0 && !dname_put(buf, size, &len, "."))
			return buf;
		for (i = 0; i < label; i++) {
			unsigned char c = wire[pos + i];
			char tmp[5] = {(char)c, '\0'}; /* a plain octet, or \DDD (no printf: hot) */
			if (!dname_octet_is_plain(c)) {
				tmp[0] = '\\';
				tmp[1] = (char)('0' + c / 100);
				tmp[2] = (char)('0' + c / 10 % 10);
				tmp[3] = (char)('0' + c % 10);
				tmp[4] = '\0';
			}
			if (!dname_put(buf, size, &len, tmp))
				return buf;
		}
		pos += label;
	}
	return buf;
}

static uint8_t dname_fold(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* One pass over the wire forms, label by label: length octets must match
 * exactly, label octets up to ASCII case. (ldns_dname_compare orders names and
 * counts labels first; it was a hot spot when merging NS sets of many servers.) */
static bool dname_wire_equal(const uint8_t *x, const uint8_t *y, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (x[i] != y[i])
			return false;
		for (j = i + 1; j <= i + x[i] && j < n; j++)
			if (dname_fold(x[j]) != dname_fold(y[j]))
				return false;
		i = j;
	}
	return true;
}

bool dname_equal(const ldns_rdf *a, const ldns_rdf *b)
{
	if (a == NULL || b == NULL || ldns_rdf_size(a) != ldns_rdf_size(b))
		return false;
	return dname_wire_equal(ldns_rdf_data(a), ldns_rdf_data(b), ldns_rdf_size(a));
}

bool dname_is_subdomain(const ldns_rdf *sub, const ldns_rdf *parent)
{
	const uint8_t *x;
	size_t n, m, i = 0;

	if (sub == NULL || parent == NULL)
		return false;
	x = ldns_rdf_data(sub);
	n = ldns_rdf_size(sub);
	m = ldns_rdf_size(parent);
	while (i < n && x[i] != 0) { /* each proper tail, label by label */
		i += (size_t)x[i] + 1;
		if (i < n && n - i == m && dname_wire_equal(x + i, ldns_rdf_data(parent), m))
			return true;
	}
	return false;
}
