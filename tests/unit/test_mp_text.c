/* test_mp_text.c - unit tests for output escaping, perfdata labels, strbuf and help text. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mp/mp_strbuf.h"
#include "mp/mp_text.h"
#include "mp/mp_usage.h"
#include "tap.h"

/* Escape LEN bytes of IN with mp_text_append_safe and compare with WANT. */
static void safe_is(const char *name, const char *in, size_t len, const char *want)
{
	struct mp_strbuf sb = {0};

	mp_text_append_safe(&sb, in, len);
	tap_str_eq(mp_strbuf_str(&sb), want, "%s", name);
	mp_strbuf_free(&sb);
}

/* Escape LEN bytes of IN with mp_perf_label_append and compare with WANT. */
static void label_is(const char *name, const char *in, size_t len, const char *want)
{
	struct mp_strbuf sb = {0};

	mp_perf_label_append(&sb, in, len);
	tap_str_eq(mp_strbuf_str(&sb), want, "%s", name);
	mp_strbuf_free(&sb);
}

static void test_text_safe(void)
{
	safe_is("text: printable ASCII is copied", "ns1.example.com. serial 42", 26,
		"ns1.example.com. serial 42");
	safe_is("text: '|' is escaped so perfdata cannot start", "a|b", 3, "a\\124b");
	safe_is("text: '\\\\' is escaped so escapes stay unambiguous", "a\\b", 3, "a\\092b");
	safe_is("text: '\\n' is escaped so the status line cannot end", "a\nb", 3, "a\\010b");
	safe_is("text: '\\r' is escaped", "a\rb", 3, "a\\013b");
	safe_is("text: '\\t' is escaped", "a\tb", 3, "a\\009b");
	safe_is("text: NUL inside LEN is escaped", "a\0b", 3, "a\\000b");
	safe_is("text: ESC is escaped", "\x1b[31m", 5, "\\027[31m");
	safe_is("text: DEL (0x7f) is escaped", "\x7f", 1, "\\127");
	safe_is("text: 0x80 is escaped", "\x80", 1, "\\128");
	safe_is("text: 0xff is escaped", "\xff", 1, "\\255");
	safe_is("text: UTF-8 bytes are escaped one by one", "\xc3\xa9", 2, "\\195\\169");
	safe_is("text: space is kept", " ", 1, " ");
	safe_is("text: '=' is kept", "=", 1, "=");
	safe_is("text: \"'\" is kept", "'", 1, "'");
	safe_is("text: '%' is kept", "%", 1, "%");
	safe_is("text: '~' (0x7e) is kept", "~", 1, "~");
	safe_is("text: empty input appends nothing", "", 0, "");
	safe_is("text: only LEN bytes are read", "abcdef", 3, "abc");
	safe_is("text: escapes at both ends", "|x|", 3, "\\124x\\124");
	safe_is("text: consecutive escapes", "\n\n", 2, "\\010\\010");
}

static void test_text_appends(void)
{
	struct mp_strbuf sb = {0};

	mp_strbuf_puts(&sb, "CRITICAL - ");
	mp_text_append_safe(&sb, "evil|x=1", 8);
	tap_str_eq(mp_strbuf_str(&sb), "CRITICAL - evil\\124x=1",
		   "text: escaping appends after existing content");
	tap_ok(strchr(mp_strbuf_str(&sb), '|') == NULL, "text: escaped output contains no '|'");
	mp_strbuf_free(&sb);
}

static void test_label(void)
{
	label_is("label: header example a|b=c d", "a|b=c d", 7, "a%7Cb%3Dc%20d");
	label_is("label: [A-Za-z0-9._/@+-] is copied", "Az09._/@+-", 10, "Az09._/@+-");
	label_is("label: ':' is escaped (Icinga 2 reads '::' as a check_multi prefix)", ":", 1,
		 "%3A");
	label_is("label: space is escaped", " ", 1, "%20");
	label_is("label: '=' is escaped", "=", 1, "%3D");
	label_is("label: \"'\" is escaped", "'", 1, "%27");
	label_is("label: '\"' is escaped", "\"", 1, "%22");
	label_is("label: '|' is escaped", "|", 1, "%7C");
	label_is("label: ';' is escaped", ";", 1, "%3B");
	label_is("label: '%' is escaped so labels stay distinct", "%20", 3, "%2520");
	label_is("label: '\\\\' is escaped", "\\", 1, "%5C");
	label_is("label: '\\n' is escaped", "\n", 1, "%0A");
	label_is("label: '\\r' is escaped", "\r", 1, "%0D");
	label_is("label: NUL inside LEN is escaped", "a\0b", 3, "a%00b");
	label_is("label: DEL (0x7f) is escaped", "\x7f", 1, "%7F");
	label_is("label: 0x80 is escaped", "\x80", 1, "%80");
	label_is("label: 0xff is escaped", "\xff", 1, "%FF");
	label_is("label: hex is upper-case", "\xab", 1, "%AB");
	label_is("label: empty label appends nothing", "", 0, "");
	label_is("label: a typical name server label is unchanged", "ns1.example.com@192.0.2.1", 25,
		 "ns1.example.com@192.0.2.1");
	label_is("label: an IPv6 address keeps no raw colon", "2001:db8::53", 12,
		 "2001%3Adb8%3A%3A53");
}

static void test_strbuf_basics(void)
{
	struct mp_strbuf sb = {0};

	tap_str_eq(mp_strbuf_str(&sb), "", "strbuf: a zeroed buffer reads as \"\"");
	mp_strbuf_append(&sb, "abc", 0);
	tap_ok(sb.data == NULL && sb.len == 0, "strbuf: appending 0 bytes allocates nothing");
	mp_strbuf_append(&sb, "abcdef", 3);
	mp_strbuf_puts(&sb, "-");
	mp_strbuf_printf(&sb, "%d/%s", 42, "x");
	tap_str_eq(mp_strbuf_str(&sb), "abc-42/x", "strbuf: append, puts and printf concatenate");
	tap_int_eq(sb.len, 8, "strbuf: len counts the bytes");
	mp_strbuf_printf(&sb, "%s", "");
	tap_int_eq(sb.len, 8, "strbuf: an empty printf appends nothing");
	mp_strbuf_append(&sb, "\0z", 2);
	tap_int_eq(sb.len, 10, "strbuf: append copies NUL bytes verbatim");
	tap_ok(sb.data[10] == '\0', "strbuf: data stays NUL-terminated");
	mp_strbuf_free(&sb);
	tap_ok(sb.data == NULL && sb.len == 0 && sb.cap == 0 && !sb.failed,
	       "strbuf: free resets to the zero state");
	mp_strbuf_puts(&sb, "again");
	tap_str_eq(mp_strbuf_str(&sb), "again", "strbuf: usable again after free");
	mp_strbuf_free(&sb);
}

static void test_strbuf_growth(void)
{
	struct mp_strbuf sb = {0};
	size_t i;
	int ok = 1;

	for (i = 0; i < 10000; i++)
		mp_strbuf_printf(&sb, "%zu,", i % 10);
	tap_int_eq(sb.len, 20000, "strbuf: grows across many appends");
	for (i = 0; i < 10000 && ok; i++)
		ok = sb.data[2 * i] == (char)('0' + i % 10) && sb.data[2 * i + 1] == ',';
	tap_ok(ok, "strbuf: contents survive growth");
	mp_strbuf_printf(&sb, "%5000s|", "");
	tap_int_eq(sb.len, 25001, "strbuf: printf longer than the scratch buffer");
	tap_ok(sb.data[25000] == '|' && !sb.failed, "strbuf: long printf is complete");
	mp_strbuf_free(&sb);
}

static void test_strbuf_self(void)
{
	struct mp_strbuf sb = {0};

	mp_strbuf_puts(&sb, "0123456789");
	mp_strbuf_append(&sb, sb.data, sb.len);
	tap_str_eq(mp_strbuf_str(&sb), "01234567890123456789",
		   "strbuf: appending its own contents works");
	while (sb.len < 1000)
		mp_strbuf_append(&sb, sb.data, sb.len);
	tap_int_eq(sb.len, 1280, "strbuf: self-append across reallocation works");
	mp_strbuf_free(&sb);
	mp_strbuf_puts(&sb, "ab");
	while (sb.len < 1000)
		mp_strbuf_printf(&sb, "%s", mp_strbuf_str(&sb));
	tap_int_eq(sb.len, 1024, "strbuf: printf of its own contents works");
	mp_strbuf_free(&sb);
}

static void test_strbuf_failure(void)
{
	struct mp_strbuf sb = {0};

	mp_strbuf_puts(&sb, "keep");
	mp_strbuf_append(&sb, "x", SIZE_MAX);
	tap_ok(sb.failed, "strbuf: a size that would overflow latches failed");
	tap_str_eq(mp_strbuf_str(&sb), "keep", "strbuf: contents survive a failed append");
	mp_strbuf_puts(&sb, "more");
	mp_strbuf_printf(&sb, "%d", 1);
	tap_str_eq(mp_strbuf_str(&sb), "keep", "strbuf: appends after failure are ignored");
	tap_int_eq(sb.len, 4, "strbuf: len is unchanged after failure");
	mp_strbuf_free(&sb);
	tap_ok(!sb.failed, "strbuf: free clears the failure");
	mp_strbuf_append(&sb, "x", SIZE_MAX - 1);
	tap_ok(sb.failed, "strbuf: SIZE_MAX - 1 bytes on an empty buffer fails cleanly");
	mp_strbuf_free(&sb);
	mp_strbuf_append(&sb, "x", (size_t)PTRDIFF_MAX);
	tap_ok(sb.failed && sb.data == NULL, "strbuf: PTRDIFF_MAX bytes fail cleanly");
	mp_strbuf_free(&sb);
}

/* Run mp_usage_option into a temporary file and compare the text with WANT. */
static void usage_is(const char *name, char short_opt, const char *long_opt, const char *arg,
		     const char *description, const char *want)
{
	char got[2048];
	size_t n = 0;
	FILE *f = tmpfile();

	if (f != NULL) {
		mp_usage_option(f, short_opt, long_opt, arg, description);
		rewind(f);
		n = fread(got, 1, sizeof(got) - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	tap_str_eq(f != NULL ? got : NULL, want, "%s", name);
}

/* True when no line of TEXT is longer than WIDTH and every line after the first
 * starts with four spaces and a non-space. */
static int usage_lines_ok(const char *text, size_t width)
{
	const char *line = strchr(text, '\n');

	while (line != NULL && line[1] != '\0') {
		const char *next = strchr(line + 1, '\n');
		size_t len = (size_t)(next - line - 1);

		if (len > width || strncmp(line + 1, "    ", 4) != 0 || line[5] == ' ')
			return 0;
		line = next;
	}
	return 1;
}

static void test_usage_format(void)
{
	usage_is("usage: short and long option with argument", 'H', "hostname", "ADDRESS",
		 "Host name to check", " -H, --hostname=ADDRESS\n    Host name to check\n");
	usage_is("usage: long-only option", 0, "json", NULL, "Print JSON",
		 " --json\n    Print JSON\n");
	usage_is("usage: long-only option with argument", 0, "serial-lag", "RANGE", "Lag",
		 " --serial-lag=RANGE\n    Lag\n");
	usage_is("usage: short option without argument", 'v', "verbose", NULL, "More output",
		 " -v, --verbose\n    More output\n");
	usage_is("usage: '\\n' in the description forces a break", 'w', "warning", "RANGE",
		 "Warning range.\nSee RANGES.",
		 " -w, --warning=RANGE\n    Warning range.\n"
		 "    See RANGES.\n");
	usage_is("usage: a final '\\n' adds no empty line", 'h', "help", NULL, "Help.\n",
		 " -h, --help\n    Help.\n");
	usage_is("usage: an empty line in the description stays empty", 'h', "help", NULL, "a\n\nb",
		 " -h, --help\n    a\n\n    b\n");
	usage_is("usage: NULL description prints only the option", 'V', "version", NULL, NULL,
		 " -V, --version\n");
	usage_is("usage: runs of spaces collapse", 'x', "x", NULL, "a   b", " -x, --x\n    a b\n");
	usage_is("usage: short-only option puts its argument after a space", 'c', NULL, "N", "d",
		 " -c N\n    d\n");
	usage_is("usage: tabs separate words like spaces", 'x', "x", NULL, "a\tb",
		 " -x, --x\n    a b\n");
}

static void test_usage_wrap(void)
{
	const char *words74 = "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff "
			      "ggggggggg hhhh";
	const char *words75 = "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff "
			      "ggggggggg hhhhh";
	const char *long_word = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				"xxxxxxxxxxxxxxxxxxxx";
	char want[512];

	snprintf(want, sizeof(want), " -t, --timeout=SECONDS\n    %s\n", words74);
	usage_is("usage: a line of exactly 78 columns is not wrapped", 't', "timeout", "SECONDS",
		 words74, want);
	snprintf(want, sizeof(want), " -t, --timeout=SECONDS\n    %.69s\n    hhhhh\n", words75);
	usage_is("usage: a line of 79 columns wraps before the last word", 't', "timeout",
		 "SECONDS", words75, want);
	snprintf(want, sizeof(want), " -q, --q\n    a\n    %.74s\n    %s b\n", long_word,
		 long_word + 74);
	usage_is("usage: a word longer than a line is split at the width, never wider", 'q', "q",
		 NULL,
		 "a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxx b",
		 want);
	usage_is("usage: a long path breaks after a '/' (a configured prefix of any length)", 'q',
		 "q", NULL,
		 "default /work/a/very/long/build/directory/of/make/distcheck/_inst/var/lib/"
		 "check_soa_state_directory). More.",
		 " -q, --q\n    default\n"
		 "    /work/a/very/long/build/directory/of/make/distcheck/_inst/var/lib/\n"
		 "    check_soa_state_directory). More.\n");
}

static void test_usage_long_text(void)
{
	const char *text = "Check that every authoritative name server of ZONE answers with "
			   "the same SOA serial, and that the answers are authoritative. "
			   "Servers are discovered from the NS records unless given with -s; "
			   "each address is queried.";
	char got[2048];
	size_t n = 0;
	FILE *f = tmpfile();

	if (f != NULL) {
		mp_usage_option(f, 'Z', "zone", "ZONE", text);
		rewind(f);
		n = fread(got, 1, sizeof(got) - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	tap_ok(n > 0 && usage_lines_ok(got, 78),
	       "usage: long descriptions wrap at 78 columns with a 4-space indent");
}

int main(void)
{
	test_text_safe();
	test_text_appends();
	test_label();
	test_strbuf_basics();
	test_strbuf_growth();
	test_strbuf_self();
	test_strbuf_failure();
	test_usage_format();
	test_usage_wrap();
	test_usage_long_text();
	return tap_done();
}
