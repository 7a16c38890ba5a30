/* test_dname.c - unit tests for strict zone name parsing, injection-proof display and equality. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ldns/ldns.h>

#include "core/dname.h"
#include "tap.h"

/* TEXT must be rejected with WANT and *out set to NULL. */
static void rejects(const char *name, const char *text, enum dname_error want)
{
	ldns_rdf *out = (ldns_rdf *)&out; /* any non-NULL value */
	enum dname_error err = dname_parse(text, &out);

	if (!tap_ok(err == want && out == NULL, "%s", name))
		printf("#   got %d (%s), want %d (%s), out %s\n", (int)err, dname_strerror(err),
		       (int)want, dname_strerror(want), out ? "set" : "NULL");
	if (err == DNAME_OK)
		ldns_rdf_deep_free(out);
}

/* TEXT must parse into a dname of WIRE_LEN octets whose wire form is WIRE. */
static void parses(const char *name, const char *text, const uint8_t *wire, size_t wire_len)
{
	ldns_rdf *out = NULL;
	enum dname_error err = dname_parse(text, &out);
	bool ok = err == DNAME_OK && out != NULL && ldns_rdf_get_type(out) == LDNS_RDF_TYPE_DNAME &&
		  ldns_rdf_size(out) == wire_len &&
		  (wire == NULL || memcmp(ldns_rdf_data(out), wire, wire_len) == 0);

	if (!tap_ok(ok, "%s", name))
		printf("#   err %d (%s), size %zu, want %zu\n", (int)err, dname_strerror(err),
		       out ? ldns_rdf_size(out) : 0, wire_len);
	ldns_rdf_deep_free(out);
}

/* Write N copies of UNIT followed by SEP into BUF at *POS. */
static void put_repeat(char *buf, size_t *pos, const char *unit, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(buf + *pos, unit, strlen(unit));
		*pos += strlen(unit);
	}
	memcpy(buf + *pos, sep, strlen(sep) + 1);
	*pos += strlen(sep);
}

static void test_parse_errors(void)
{
	rejects("parse: \"\" is rejected as empty", "", DNAME_EMPTY);
	rejects("parse: \"a..b\" is rejected as an empty label", "a..b", DNAME_EMPTY_LABEL);
	rejects("parse: \".a\" is rejected as an empty label", ".a", DNAME_EMPTY_LABEL);
	rejects("parse: \"a..\" is rejected as an empty label", "a..", DNAME_EMPTY_LABEL);
	rejects("parse: \"..\" is rejected as an empty label", "..", DNAME_EMPTY_LABEL);
	rejects("parse: \"a\\\\\" (backslash at the end) is a bad escape", "a\\", DNAME_BAD_ESCAPE);
	rejects("parse: \"\\\\256\" is a bad escape", "\\256", DNAME_BAD_ESCAPE);
	rejects("parse: \"\\\\999.com\" is a bad escape", "\\999.com", DNAME_BAD_ESCAPE);
	rejects("parse: \"\\\\25\" (two digits) is a bad escape", "\\25", DNAME_BAD_ESCAPE);
	rejects("parse: \"a\\\\2b5\" (non-digit inside \\DDD) is a bad escape", "a\\2b5",
		DNAME_BAD_ESCAPE);
}

static void test_parse_lengths(void)
{
	char text[1200];
	size_t pos = 0;

	put_repeat(text, &pos, "a", 64, ".com");
	rejects("parse: a label of 64 octets is rejected", text, DNAME_LABEL_TOO_LONG);
	pos = 0;
	put_repeat(text, &pos, "\\097", 64, "");
	rejects("parse: a label of 64 escaped octets is rejected", text, DNAME_LABEL_TOO_LONG);
	pos = 0;
	put_repeat(text, &pos, "a", 63, ".com");
	parses("parse: a label of exactly 63 octets is accepted", text, NULL, 1 + 63 + 4 + 1);
	pos = 0;
	put_repeat(text, &pos, "a", 63, ".");
	put_repeat(text, &pos, "b", 63, ".");
	put_repeat(text, &pos, "c", 63, ".");
	put_repeat(text, &pos, "d", 61, "");
	parses("parse: a name of exactly 255 octets is accepted", text, NULL, 255);
	memcpy(text + pos, "d", 2);
	rejects("parse: a name of 256 octets is rejected", text, DNAME_NAME_TOO_LONG);
	memcpy(text + pos, ".", 2);
	parses("parse: a 255-octet name with a trailing dot is accepted", text, NULL, 255);
	pos = 0;
	put_repeat(text, &pos, "\\097", 63, ".");
	put_repeat(text, &pos, "\\098", 63, ".");
	put_repeat(text, &pos, "\\099", 63, ".");
	put_repeat(text, &pos, "\\100", 61, "");
	parses("parse: a 255-octet name written with \\DDD escapes is accepted", text, NULL, 255);
	pos = 0;
	put_repeat(text, &pos, "a.", 128, "");
	rejects("parse: 128 one-octet labels (257 octets) are rejected", text, DNAME_NAME_TOO_LONG);
}

static void test_parse_valid(void)
{
	static const uint8_t example_com[] = {7,   'e', 'x', 'a', 'm', 'p', 'l',
					      'e', 3,   'c', 'o', 'm', 0};
	static const uint8_t root[] = {0};
	static const uint8_t dot_label[] = {1, '.', 0};
	static const uint8_t escaped_dot[] = {3, 'a', '.', 'b', 3, 'c', 'o', 'm', 0};
	static const uint8_t space[] = {3, 'a', ' ', 'b', 0};
	static const uint8_t high[] = {1, 0xff, 0};

	parses("parse: \"example.com\" is accepted", "example.com", example_com,
	       sizeof example_com);
	parses("parse: \"example.com.\" is accepted and equal to the relative form", "example.com.",
	       example_com, sizeof example_com);
	parses("parse: \"EXAMPLE.COM\" keeps its case on the wire", "EXAMPLE.COM", NULL,
	       sizeof example_com);
	parses("parse: \".\" is the root", ".", root, sizeof root);
	parses("parse: \"\\\\046\" is a label holding one '.'", "\\046", dot_label,
	       sizeof dot_label);
	parses("parse: \"a\\\\.b.com\" keeps the escaped dot inside the label", "a\\.b.com",
	       escaped_dot, sizeof escaped_dot);
	parses("parse: \"a\\\\032b\" is a label with a space", "a\\032b", space, sizeof space);
	parses("parse: \"\\\\255\" is a label with octet 255", "\\255", high, sizeof high);
}

static void test_strerror(void)
{
	tap_str_eq(dname_strerror(DNAME_EMPTY_LABEL), "empty label",
		   "strerror names an empty label");
	tap_ok(tap_contains(dname_strerror(DNAME_LABEL_TOO_LONG), "63"),
	       "strerror of a long label says 63");
	tap_ok(tap_contains(dname_strerror(DNAME_NAME_TOO_LONG), "255"),
	       "strerror of a long name says 255");
	tap_str_eq(dname_strerror((enum dname_error)99), "invalid name",
		   "strerror of an unknown code is a generic text, not NULL");
}

/* Display the dname with wire form WIRE (LEN bytes) into a SIZE-byte buffer. */
static void displays(const char *name, const uint8_t *wire, size_t len, size_t size,
		     const char *want)
{
	char buf[1100];
	ldns_rdf *rdf = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, len, wire);

	memset(buf, 'Z', sizeof buf);
	dname_display(rdf, buf, size);
	if (!tap_ok(rdf != NULL && strlen(buf) < size && strcmp(buf, want) == 0 && buf[size] == 'Z',
		    "%s", name))
		printf("#   got:  \"%.*s\"\n#   want: \"%s\"\n", (int)size, buf, want);
	ldns_rdf_deep_free(rdf);
}

static void test_display_plain(void)
{
	static const uint8_t example_com[] = {7,   'e', 'x', 'a', 'm', 'p', 'l',
					      'e', 3,   'c', 'o', 'm', 0};
	static const uint8_t root[] = {0};
	static const uint8_t plain[] = {9, 'A', 'z', '0', '9', '-', '_', '*', 'x', 'Y', 0};

	displays("display: example.com has no trailing dot", example_com, sizeof example_com, 64,
		 "example.com");
	displays("display: the root displays as \".\"", root, sizeof root, 64, ".");
	displays("display: letters, digits, '-', '_' and '*' stay raw", plain, sizeof plain, 64,
		 "Az09-_*xY");
}

static void test_display_escapes(void)
{
	static const uint8_t pipe[] = {3, 'a', '|', 'b', 0};
	static const uint8_t nl[] = {2, 'a', '\n', 0};
	static const uint8_t quotes[] = {2, '"', '\'', 0};
	static const uint8_t eq_sp[] = {2, '=', ' ', 0};
	static const uint8_t nul[] = {3, 'a', 0, 'b', 0};
	static const uint8_t dot[] = {3, 'a', '.', 'b', 3, 'c', 'o', 'm', 0};
	static const uint8_t bslash[] = {1, '\\', 0};
	static const uint8_t high[] = {2, 0xff, 0x80, 0};
	static const uint8_t ctrl[] = {3, '\r', '\t', 0x7f, 0};

	displays("display: '|' becomes \\124", pipe, sizeof pipe, 64, "a\\124b");
	displays("display: newline becomes \\010", nl, sizeof nl, 64, "a\\010");
	displays("display: '\"' and '\\'' become \\034 and \\039", quotes, sizeof quotes, 64,
		 "\\034\\039");
	displays("display: '=' and ' ' become \\061 and \\032", eq_sp, sizeof eq_sp, 64,
		 "\\061\\032");
	displays("display: NUL inside a label becomes \\000", nul, sizeof nul, 64, "a\\000b");
	displays("display: '.' inside a label becomes \\046, separators stay '.'", dot, sizeof dot,
		 64, "a\\046b.com");
	displays("display: '\\\\' becomes \\092", bslash, sizeof bslash, 64, "\\092");
	displays("display: bytes 0xff and 0x80 become \\255 and \\128", high, sizeof high, 64,
		 "\\255\\128");
	displays("display: CR, TAB and DEL become \\013, \\009 and \\127", ctrl, sizeof ctrl, 64,
		 "\\013\\009\\127");
}

/* Every byte 0..255 in labels: the display holds no raw byte outside [A-Za-z0-9-_*.\\]. */
static void test_display_all_bytes(void)
{
	uint8_t wire[256 + 8];
	char buf[1100];
	size_t pos = 0, i;
	int c;
	bool clean = true;
	ldns_rdf *rdf;

	for (c = 0; c < 256; c++) {
		if (c % 63 == 0)
			wire[pos++] = (uint8_t)(c + 63 <= 256 ? 63 : 256 - c);
		wire[pos++] = (uint8_t)c;
	}
	wire[pos++] = 0;
	rdf = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, pos, wire);
	dname_display(rdf, buf, sizeof buf);
	for (i = 0; buf[i] != '\0'; i++) {
		unsigned char b = (unsigned char)buf[i];
		if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
		      b == '-' || b == '_' || b == '*' || b == '.' || b == '\\'))
			clean = false;
	}
	tap_ok(clean, "display: all 256 byte values leave only [A-Za-z0-9-_*.\\\\] in the output");
	tap_int_eq(strlen(buf), 256 + 3 * (256 - 65) + 4,
		   "display: every other byte is a \\DDD escape");
	ldns_rdf_deep_free(rdf);
}

static void test_display_truncation(void)
{
	static const uint8_t example_com[] = {7,   'e', 'x', 'a', 'm', 'p', 'l',
					      'e', 3,   'c', 'o', 'm', 0};
	static const uint8_t pipe[] = {2, 'a', '|', 0};
	static const uint8_t root[] = {0};

	displays("display: size 1 gives \"\"", example_com, sizeof example_com, 1, "");
	displays("display: size 8 truncates at a label end", example_com, sizeof example_com, 8,
		 "example");
	displays("display: size 12 is exactly enough for example.com", example_com,
		 sizeof example_com, 12, "example.com");
	displays("display: size 11 drops the last character", example_com, sizeof example_com, 11,
		 "example.co");
	displays("display: an escape that does not fit is dropped whole (size 5)", pipe,
		 sizeof pipe, 5, "a");
	displays("display: an escape that just fits is kept (size 6)", pipe, sizeof pipe, 6,
		 "a\\124");
	displays("display: the root in size 1 gives \"\"", root, sizeof root, 1, "");
	displays("display: the root in size 2 gives \".\"", root, sizeof root, 2, ".");
}

static void test_display_invalid(void)
{
	static const uint8_t long_label[] = {64, 'a', 0};
	static const uint8_t past_end[] = {5, 'a', 'b', 0};
	static const uint8_t pointer[] = {0xc0, 0x0c};
	static const uint8_t unterminated[] = {3, 'a', 'b', 'c'};
	static const uint8_t trailing[] = {1, 'a', 0, 1, 'b', 0};
	static const uint8_t addr[] = {192, 0, 2, 1};
	ldns_rdf *a = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, sizeof addr, addr);
	char buf[64];

	displays("display: a label length over 63 is an invalid name", long_label,
		 sizeof long_label, 64, "(invalid name)");
	displays("display: a label running past the end is an invalid name", past_end,
		 sizeof past_end, 64, "(invalid name)");
	displays("display: a compression pointer is an invalid name", pointer, sizeof pointer, 64,
		 "(invalid name)");
	displays("display: a name without the root label is an invalid name", unterminated,
		 sizeof unterminated, 64, "(invalid name)");
	displays("display: bytes after the root label make an invalid name", trailing,
		 sizeof trailing, 64, "(invalid name)");
	tap_str_eq(dname_display(a, buf, sizeof buf), "(invalid name)",
		   "display: an A rdf is an invalid name");
	tap_str_eq(dname_display(NULL, buf, sizeof buf), "(invalid name)",
		   "display: NULL is an invalid name");
	buf[0] = 'Z';
	tap_ok(dname_display(NULL, buf, 0) == buf && buf[0] == 'Z',
	       "display: size 0 writes nothing and returns the buffer");
	ldns_rdf_deep_free(a);
}

/* dname_equal of the parsed names A and B must be WANT. */
static void equal_is(const char *a_text, const char *b_text, bool want)
{
	ldns_rdf *a = NULL, *b = NULL;

	dname_parse(a_text, &a);
	dname_parse(b_text, &b);
	tap_ok(a != NULL && b != NULL && dname_equal(a, b) == want, "equal: %s and %s are %s",
	       a_text, b_text, want ? "equal" : "different");
	ldns_rdf_deep_free(a);
	ldns_rdf_deep_free(b);
}

static void test_equal(void)
{
	static const uint8_t upper[] = {1, 0xc4, 0};
	static const uint8_t lower[] = {1, 0xe4, 0};
	ldns_rdf *u = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sizeof upper, upper);
	ldns_rdf *l = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sizeof lower, lower);
	ldns_rdf *x = NULL;

	equal_is("example.com", "example.com.", true);
	equal_is("ExAmPle.COM", "example.com", true);
	equal_is("example.com", "example.org", false);
	equal_is("example.com", "www.example.com", false);
	equal_is(".", ".", true);
	equal_is("a\\.b", "a.b", false);
	tap_ok(!dname_equal(u, l), "equal: case folding is ASCII only (0xC4 and 0xE4 differ)");
	dname_parse("example.com", &x);
	tap_ok(!dname_equal(x, NULL) && !dname_equal(NULL, x) && !dname_equal(NULL, NULL),
	       "equal: NULL is equal to nothing");
	ldns_rdf_deep_free(u);
	ldns_rdf_deep_free(l);
	ldns_rdf_deep_free(x);
}

/* dname_is_subdomain of the parsed names SUB and PARENT must be WANT, as ldns says too. */
static void subdomain_is(const char *sub_text, const char *parent_text, bool want)
{
	ldns_rdf *a = NULL, *b = NULL;

	dname_parse(sub_text, &a);
	dname_parse(parent_text, &b);
	tap_ok(a != NULL && b != NULL && dname_is_subdomain(a, b) == want &&
		   ldns_dname_is_subdomain(a, b) == want,
	       "subdomain: %s is %sbelow %s", sub_text, want ? "" : "not ", parent_text);
	ldns_rdf_deep_free(a);
	ldns_rdf_deep_free(b);
}

static void test_subdomain(void)
{
	subdomain_is("ns1.zone.example", "zone.example", true);
	subdomain_is("a.b.NS1.Zone.Example", "zone.EXAMPLE", true);
	subdomain_is("zone.example", "zone.example", false);
	subdomain_is("zone.example", "ns1.zone.example", false);
	subdomain_is("xzone.example", "zone.example", false);
	subdomain_is("ns1.zone.example", "one.example", false);
	subdomain_is("zone\\.example", "example", false);
	subdomain_is("zone.example", ".", true);
	subdomain_is(".", ".", false);
	tap_ok(!dname_is_subdomain(NULL, NULL), "subdomain: NULL is below nothing");
}

int main(void)
{
	test_parse_errors();
	test_parse_lengths();
	test_parse_valid();
	test_strerror();
	test_display_plain();
	test_display_escapes();
	test_display_all_bytes();
	test_display_truncation();
	test_display_invalid();
	test_equal();
	test_subdomain();
	return tap_done();
}
