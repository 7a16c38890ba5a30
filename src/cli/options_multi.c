/* options_multi.c - parse and match the multi-provider options (--provider, --compare). */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/dname.h"
#include "cli/options_multi.h"

/* Copy TEXT lower-cased into OUT (SIZE), without one trailing dot. Returns false if too long. */
static bool opt_fold_name(const char *text, size_t len, char *out, size_t size)
{
	size_t i;

	if (len > 1 && text[len - 1] == '.')
		len--;
	if (len >= size)
		return false;
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	out[len] = '\0';
	return true;
}

/* True when every byte of TEXT (LEN) is printable ASCII without spaces. */
static bool opt_printable(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] <= 0x20 || (unsigned char)text[i] >= 0x7f)
			return false;
	return true;
}

int opt_provider_parse(const char *text, struct provider_pattern *out, char *why, size_t size)
{
	const char *eq = strchr(text, '=');
	size_t label_len, pattern_len;

	memset(out, 0, sizeof *out);
	if (eq == NULL) {
		snprintf(why, size, "expected LABEL=PATTERN");
		return -1;
	}
	label_len = (size_t)(eq - text);
	pattern_len = strlen(eq + 1);
	if (label_len == 0 || pattern_len == 0) {
		snprintf(why, size, "empty %s", label_len == 0 ? "label" : "pattern");
		return -1;
	}
	if (label_len >= sizeof out->label || !opt_printable(text, label_len) ||
	    memchr(text, '|', label_len) != NULL) {
		snprintf(why, size,
			 "the label must be 1 to %zu printable characters, no space or '|'",
			 sizeof out->label - 1);
		return -1;
	}
	if (!opt_printable(eq + 1, pattern_len) ||
	    !opt_fold_name(eq + 1, pattern_len, out->pattern, sizeof out->pattern)) {
		snprintf(why, size, "the pattern must be printable, at most %zu characters",
			 sizeof out->pattern - 1);
		return -1;
	}
	memcpy(out->label, text, label_len);
	return 0;
}

/* True for types that are no RRset of a zone: meta and query types. */
static bool opt_type_is_meta(ldns_rr_type t)
{
	return t == 0 || t == LDNS_RR_TYPE_OPT || t == LDNS_RR_TYPE_TSIG ||
	       t == LDNS_RR_TYPE_TKEY || t == LDNS_RR_TYPE_IXFR || t == LDNS_RR_TYPE_AXFR ||
	       t == LDNS_RR_TYPE_MAILB || t == LDNS_RR_TYPE_MAILA || t == LDNS_RR_TYPE_ANY ||
	       (t >= 128 && t <= 255);
}

/* Parse a type mnemonic or TYPEnnn (1 to 5 digits, at most 65535) of LEN
 * bytes. Returns 0 when unknown. (ldns reads TYPEnnn with atoi: "TYPE70000",
 * "TYPE-1" and "TYPE1x" would pass.) */
static ldns_rr_type opt_type(const char *text, size_t len)
{
	char buf[32];
	unsigned long number;

	if (len == 0 || len >= sizeof buf || !opt_printable(text, len))
		return 0;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (len > 4 && strncasecmp(buf, "TYPE", 4) == 0) {
		if (len > 9 || strspn(buf + 4, "0123456789") != len - 4)
			return 0;
		number = strtoul(buf + 4, NULL, 10);
		return number <= 65535 ? (ldns_rr_type)number : 0;
	}
	return ldns_get_rr_type_by_name(buf);
}

int opt_compare_parse(const char *text, struct opt_compare *out, char *why, size_t size)
{
	const char *colon = strchr(text, ':');
	size_t tlen = colon != NULL ? (size_t)(colon - text) : strlen(text);
	ldns_rdf *name = NULL;
	enum dname_error err;

	memset(out, 0, sizeof *out);
	out->type = opt_type(text, tlen);
	if (out->type == 0 || opt_type_is_meta(out->type)) {
		snprintf(why, size, "unknown or unusable record type");
		return -1;
	}
	if (colon == NULL || strcmp(colon + 1, "@") == 0)
		return 0;
	if (colon[1] == '\0' || colon[strlen(colon) - 1] == '.') {
		snprintf(why, size, "NAME must be a name relative to the zone (\"www\", or @)");
		return -1;
	}
	err = dname_parse(colon + 1, &name);
	ldns_rdf_deep_free(name);
	if (err != DNAME_OK || strlen(colon + 1) >= sizeof out->name) {
		snprintf(why, size, "NAME is not a valid name (%s)",
			 err != DNAME_OK ? dname_strerror(err) : "too long");
		return -1;
	}
	snprintf(out->name, sizeof out->name, "%s", colon + 1);
	return 0;
}

size_t opt_compare_defaults(struct opt_compare *out)
{
	static const ldns_rr_type types[] = {LDNS_RR_TYPE_NS, LDNS_RR_TYPE_MX, LDNS_RR_TYPE_A,
					     LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_TXT};
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].type = types[i];
	}
	return i;
}
