/* test_report_json.c - unit tests for the JSON output: string escaping and the document fields. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "judge/judge.h"
#include "mp/mp_strbuf.h"
#include "core/observation.h"
#include "report/report.h"
#include "report/report_json.h"
#include "fixtures.h"
#include "tap.h"

/* The JSON string literal for LEN bytes of TEXT, checked against WANT. */
static void escapes_to(const char *text, size_t len, const char *want, const char *what)
{
	struct mp_strbuf sb = {0};

	report_json_string(&sb, text, len);
	tap_str_eq(mp_strbuf_str(&sb), want, "JSON string: %s", what);
	mp_strbuf_free(&sb);
}

static void test_string_escaping(void)
{
	escapes_to("ns1.example", 11, "\"ns1.example\"", "plain ASCII is copied");
	escapes_to("a\"b\\c", 5, "\"a\\\"b\\\\c\"", "quote and backslash are escaped");
	escapes_to("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"", "short escapes for \\b \\f \\n \\r \\t");
	escapes_to("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"",
		   "other control bytes and DEL become \\u00XX");
	escapes_to("a\0b", 3, "\"a\\u0000b\"", "NUL inside the length is escaped");
	escapes_to("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"", "valid 2-byte UTF-8 is copied");
	escapes_to("\xe2\x82\xac\xf0\x9f\x98\x80", 7, "\"\xe2\x82\xac\xf0\x9f\x98\x80\"",
		   "valid 3- and 4-byte UTF-8 is copied");
	escapes_to("\xff", 1, "\"\\ufffd\"", "an invalid byte becomes U+FFFD");
	escapes_to("\xc3", 1, "\"\\ufffd\"", "a truncated sequence at the end is replaced");
	escapes_to("\xc3(", 2, "\"\\ufffd(\"",
		   "a lead byte without continuation is replaced alone");
	escapes_to("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"", "an overlong 2-byte form is replaced");
	escapes_to("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\"",
		   "an overlong 3-byte form is replaced");
	escapes_to("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"",
		   "a UTF-16 surrogate is replaced");
	escapes_to("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
		   "a code point above U+10FFFF is replaced");
	escapes_to("\x80z", 2, "\"\\ufffdz\"", "a lone continuation byte is replaced");
}

/* A small completed check: one address in sync, one behind (over TCP after a truncated
 * answer), one unreachable; -c 10, differing content is a WARNING. */
static void fill_fixture(struct fixture *f)
{
	struct observation *o;

	fx_init(f);
	fx_range(&f->c, "10");
	f->cfg.content_mismatch_state = MP_WARNING;
	f->in.n_groups = 1;
	f->in.ns_compared = true;
	f->show_nsid = true;
	o = fx_answer_at(f, "ns1.example.com", "192.0.2.1", 2026112401, 1100);
	snprintf(o->nsid, sizeof o->nsid, "say \"hi\"");
	o = fx_answer_at(f, "ns1.example.com", "2001:db8::53", 2026112400, 1100);
	o->transport = TRANSPORT_TCP;
	o->tc_seen = true;
	o = fx_add_at(f, "ns2.example.net", "192.0.2.2", OUTCOME_UNREACHABLE, 0, 1100, "timeout\n");
	o->unreach = UNREACH_TIMEOUT;
	o->transport = TRANSPORT_NONE;
}

static void test_document(void)
{
	static struct fixture f;
	struct report_input r;
	struct report_json_input j;
	struct mp_strbuf sb = {0};
	const char *doc, *nl;

	fill_fixture(&f);
	fx_run(&f);
	fx_report_input(&f, &r);
	memset(&j, 0, sizeof j);
	j.state = f.v.state;
	j.zone = f.zone;
	j.r = &r;
	j.parent_zone = "com";
	j.show_nsid = true;
	report_json_write(&j, &sb);
	report_result(&r, &f.out);
	doc = mp_strbuf_str(&sb);
	nl = strchr(doc, '\n');

	tap_ok(doc[0] == '{' && nl != NULL && nl[1] == '\0' && nl[-1] == '}',
	       "the document is one object on one line");
	tap_ok(tap_contains(doc, "\"state\":\"WARNING\",\"code\":1,"),
	       "overall state name and code");
	tap_ok(tap_contains(doc, "\"summary\":\"example.com: 1 of 3 servers behind"),
	       "the summary starts like the status line's");
	tap_ok(strncmp(mp_strbuf_str(&f.out), "SOA WARNING - example.com: 1 of 3 servers behind",
		       48) == 0,
	       "... which the text report prints after 'SOA WARNING - '");
	tap_ok(tap_contains(doc, "\"reference_serial\":2026112401"), "the reference serial");
	tap_ok(tap_contains(doc, "\"parent_zone\":\"com\""), "the parent zone");
	tap_ok(tap_contains(doc, "\"address\":\"2001:db8::53\",\"family\":\"ipv6\""),
	       "address and family");
	tap_ok(tap_contains(doc,
			    "\"serial\":2026112400,\"lag\":1,\"rtt\":0.0011,\"transport\":\"tcp\","
			    "\"truncated\":true"),
	       "serial, lag, RTT in seconds, transport of the lagging address");
	tap_ok(tap_contains(doc, "\"nsid\":\"say \\\"hi\\\"\""), "the NSID, escaped");
	tap_ok(tap_contains(doc, "\"outcome\":\"unreachable\""), "the outcome of a failure");
	tap_ok(tap_contains(doc, "\"serial\":null,\"lag\":null,\"rtt\":null,\"transport\":null"),
	       "nulls for what an unreachable address did not say");
	tap_ok(tap_contains(doc, "\"error\":\"unreachable (timeout\\\\010)\""),
	       "the error text, with its control byte escaped as in the text output");
	tap_ok(tap_contains(doc, "\"origin\":[\"parent\",\"child\"]"), "the origins of an address");
	mp_strbuf_free(&sb);
	fx_free(&f);
}

static void test_failure_document(void)
{
	struct report_json_input j;
	struct mp_strbuf sb = {0};
	const char *doc;

	memset(&j, 0, sizeof j);
	j.state = MP_CRITICAL;
	j.zone = "nope.example";
	j.error = "zone does not exist (NXDOMAIN)";
	report_json_write(&j, &sb);
	doc = mp_strbuf_str(&sb);
	tap_ok(tap_contains(
		   doc, "\"state\":\"CRITICAL\",\"code\":2,"
			"\"summary\":\"nope.example: zone does not exist (NXDOMAIN)\","
			"\"zone\":\"nope.example\",\"error\":\"zone does not exist (NXDOMAIN)\""),
	       "a failure has state, summary, zone and error");
	tap_ok(tap_contains(doc, "\"counts\":null,\"addresses\":[]}"),
	       "a failure has no counts and no addresses");
	tap_ok(tap_contains(doc, "\"ns\":{\"parent\":null,\"child\":null,\"compared\":false"),
	       "a failure has unknown NS sets");
	mp_strbuf_free(&sb);
}

/* Two glued names unanswered: the status clause names the first with who was asked and why
 * (the type when only it failed), one long-output line per name; JSON the same finding as
 * "glue_unanswered" with every name's servers. Hostile bytes in a name are escaped. */
static void test_glue_unanswered(void)
{
	static struct fixture f;
	static struct glue_unanswered u[2];
	struct report_input r;
	struct report_json_input j;
	struct mp_strbuf sb = {0};
	const char *text, *doc;

	fx_init(&f);
	f.cfg.consistency_mismatch_state = MP_WARNING; /* the plugin's default */
	fx_answer_at(&f, "ns1.example.com", "192.0.2.1", 7, 1000);
	fx_answer_at(&f, "ns3.example.com", "192.0.2.3", 7, 1000);
	f.in.n_glue_unanswered = 2;
	snprintf(u[0].name, sizeof u[0].name, "ns2.example.com");
	u[0].n_asked = 2;
	u[0].asked[0] = (struct glue_asked){0, 0, {ANSWER_RCODE, 2}};
	u[0].asked[1] = (struct glue_asked){1, LDNS_RR_TYPE_AAAA, {ANSWER_UNREACHABLE, 1}};
	snprintf(u[1].name, sizeof u[1].name, "ns4|x\nwarn=1.example.com");
	u[1].n_asked = 1;
	u[1].asked[0] = (struct glue_asked){1, 0, {ANSWER_NOT_AA, 0}};
	fx_run(&f);
	fx_report_input(&f, &r);
	r.glue_unanswered = u;
	r.n_glue_unanswered_kept = 2;
	report_result(&r, &f.out);
	text = mp_strbuf_str(&f.out);
	tap_ok(tap_contains(text, "SOA WARNING - example.com: glue of ns2.example.com not checked: "
				  "no usable answer (ns1.example.com 192.0.2.1: SERVFAIL, "
				  "ns3.example.com 192.0.2.3: AAAA timeout), +1 more name |"),
	       "glue unanswered: the status clause names the first name, who and why");
	tap_ok(tap_contains(text,
			    "\n[WARNING] glue of ns2.example.com not checked: ns1.example.com "
			    "192.0.2.1 (SERVFAIL), ns3.example.com 192.0.2.3 (AAAA "
			    "timeout)\n"),
	       "glue unanswered: a long-output line for the first name");
	tap_ok(tap_contains(text, "\n[WARNING] glue of ns4\\124x\\010warn=1.example.com not "
				  "checked: ns3.example.com 192.0.2.3 (not authoritative)\n"),
	       "glue unanswered: a line for the second, its hostile bytes escaped");
	memset(&j, 0, sizeof j);
	j.state = f.v.state;
	j.zone = f.zone;
	j.r = &r;
	report_json_write(&j, &sb);
	doc = mp_strbuf_str(&sb);
	tap_ok(tap_contains(doc, "\"kind\":\"glue_unanswered\",\"state\":\"WARNING\","
				 "\"provider\":null,\"count\":2,"),
	       "glue unanswered JSON: the finding's kind, state and count");
	tap_ok(tap_contains(doc, "\"glue_unanswered\":[{\"glue_name\":\"ns2.example.com\","
				 "\"servers\":[{\"name\":\"ns1.example.com\",\"address\":"
				 "\"192.0.2.1\",\"type\":null,\"reason\":\"SERVFAIL\"},{\"name\":"
				 "\"ns3.example.com\",\"address\":\"192.0.2.3\",\"type\":\"AAAA\","
				 "\"reason\":\"timeout\"}]},{\"glue_name\":\"ns4\\\\124x"),
	       "glue unanswered JSON: every name with its servers, types and reasons");
	mp_strbuf_free(&sb);
	fx_free(&f);
}

int main(void)
{
	test_string_escaping();
	test_document();
	test_failure_document();
	test_glue_unanswered();
	return tap_done();
}
