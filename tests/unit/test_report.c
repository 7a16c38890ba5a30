/* test_report.c - unit tests for the output: status line, long output, perfdata, injection. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/history.h"
#include "judge/judge.h"
#include "judge/serial_format.h"
#include "mp/mp_range.h"
#include "mp/mp_strbuf.h"
#include "core/observation.h"
#include "report/report.h"
#include "fixtures.h"
#include "tap.h"

/* Line I (0-based) of TEXT copied into BUF, or "" when there is none. */
static const char *line_of(const char *text, size_t i, char *buf, size_t size)
{
	const char *end;

	for (; i > 0 && text != NULL; i--) {
		text = strchr(text, '\n');
		text = text != NULL ? text + 1 : NULL;
	}
	buf[0] = '\0';
	if (text == NULL)
		return buf;
	end = strchr(text, '\n');
	snprintf(buf, size, "%.*s", (int)(end != NULL ? end - text : (long)strlen(text)), text);
	return buf;
}

/* Compare line I of TEXT with WANT. */
static void line_is(const char *text, size_t i, const char *want, const char *name)
{
	char buf[4096];

	tap_str_eq(line_of(text, i, buf, sizeof buf), want, "%s", name);
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* The six addresses of the README example: ns2.example.net 2001:db8::53 is 1 behind. */
static void six_servers(struct fixture *f)
{
	fx_answer_at(f, "ns1.example.net", "192.0.2.1", 2026112401u, 1100);
	fx_answer_at(f, "ns1.example.net", "2001:db8::1", 2026112401u, 1200);
	fx_answer_at(f, "ns2.example.net", "192.0.2.2", 2026112401u, 2000);
	fx_answer_at(f, "ns2.example.net", "2001:db8::53", 2026112400u, 2500);
	fx_answer_at(f, "ns3.example.org", "198.51.100.3", 2026112401u, 30000);
	fx_answer_at(f, "ns3.example.org", "2001:db8:3::3", 2026112401u, 31000);
}

static void test_status_behind(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	six_servers(&f);
	out = fx_report(&f);
	line_is(
	    out, 0,
	    "SOA WARNING - example.com: 1 of 6 servers behind (ns2.example.net 2001:db8::53 at "
	    "2026112400, 1 behind 2026112401) | servers=6;;;0 in_sync=5;;;0 failed=0;0;;0 "
	    "lag_max=1;0;;0 serial=2026112401 "
	    "rtt_ns1.example.net_192.0.2.1=0.0011s;;;0 lag_ns1.example.net_192.0.2.1=0;0;;0 "
	    "rtt_ns1.example.net_2001%3Adb8%3A%3A1=0.0012s;;;0 "
	    "lag_ns1.example.net_2001%3Adb8%3A%3A1=0;0;;0 "
	    "rtt_ns2.example.net_192.0.2.2=0.002s;;;0 lag_ns2.example.net_192.0.2.2=0;0;;0 "
	    "rtt_ns2.example.net_2001%3Adb8%3A%3A53=0.0025s;;;0 "
	    "lag_ns2.example.net_2001%3Adb8%3A%3A53=1;0;;0 "
	    "rtt_ns3.example.org_198.51.100.3=0.03s;;;0 lag_ns3.example.org_198.51.100.3=0;0;;0 "
	    "rtt_ns3.example.org_2001%3Adb8%3A3%3A%3A3=0.031s;;;0 "
	    "lag_ns3.example.org_2001%3Adb8%3A3%3A%3A3=0;0;;0",
	    "report: one behind: status line, summary and perfdata");
	line_is(out, 1,
		"[WARNING] ns2.example.net 2001:db8::53: serial 2026112400 (1 behind 2026112401), "
		"2.5 ms",
		"report: one behind: the lagging address comes first");
	line_is(out, 2, "[OK] ns1.example.net 192.0.2.1: serial 2026112401, 1.1 ms",
		"report: one behind: in-sync addresses follow in their order");
	line_is(out, 6, "[OK] ns3.example.org 2001:db8:3::3: serial 2026112401, 31.0 ms",
		"report: one behind: the last in-sync address is last");
	tap_ok(count_char(out, '\n') == 7 && out[strlen(out) - 1] == '\n',
	       "report: one behind: one status line and six address lines, newline-terminated");
	fx_free(&f);
}

/* Status line up to the perfdata of OUT, into BUF. */
static const char *status_of(const char *out, char *buf, size_t size)
{
	const char *bar = strchr(out, '|');

	snprintf(buf, size, "%.*s", (int)(bar != NULL ? bar - out : (long)strlen(out)), out);
	return buf;
}

static void test_status_mname_split(void)
{
	static const char *const names[] = {"ns1.a.test", "ns2.a.test", "ns1.b.test", "ns2.b.test"};
	struct observation *o;
	struct fixture f;
	char buf[1024], addr[32];
	const char *out;
	size_t i;

	fx_init(&f);
	for (i = 0; i < 4; i++) {
		snprintf(addr, sizeof addr, "192.0.2.%zu", i + 1);
		o = fx_answer_at(&f, names[i], addr, i < 2 ? 2024060101u : 2024060084u, 1000);
		snprintf(o->soa.mname, sizeof o->soa.mname, "%s",
			 i < 2 ? "ns1.a.test" : "ns1.b.test");
	}
	out = fx_report(&f);
	tap_str_eq(status_of(out, buf, sizeof buf),
		   "SOA WARNING - example.com: 2 of 4 servers behind, servers split into 2 groups "
		   "by SOA MNAME, each in sync (--multi-provider judges per provider) ",
		   "report: servers split by MNAME: the status line says so, and the option");
	tap_ok(strstr(out, " lag_max=17;0;;0 ") != NULL,
	       "report: servers split by MNAME: lag_max is still the lag judged");
	f.obs[3].soa.serial = 2024060083u;
	out = fx_report(&f);
	tap_ok(strstr(out, "MNAME") == NULL && strstr(out, "2 of 4 servers behind (") != NULL,
	       "report: a group with two serials is no clean split: the usual lag clause");
	fx_free(&f);
}

static void test_status_in_sync(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 7, 1000);
	fx_answer_at(&f, "ns2.example.net", "192.0.2.2", 7, 1000);
	out = fx_report(&f);
	line_is(out, 0,
		"SOA OK - example.com: 2 servers in sync, serial 7 | servers=2;;;0 in_sync=2;;;0 "
		"failed=0;0;;0 lag_max=0;0;;0 serial=7 rtt_ns1.example.net_192.0.2.1=0.001s;;;0 "
		"lag_ns1.example.net_192.0.2.1=0;0;;0 rtt_ns2.example.net_192.0.2.2=0.001s;;;0 "
		"lag_ns2.example.net_192.0.2.2=0;0;;0",
		"report: all in sync: \"N servers in sync, serial S\"");
	fx_free(&f);
	fx_init(&f);
	fx_answer_at(&f, "", "192.0.2.9", 7, 500);
	out = fx_report(&f);
	tap_ok(tap_contains(out, "- example.com: 1 server in sync, serial 7 |"),
	       "report: one server in sync is singular");
	tap_ok(tap_contains(out, " rtt_192.0.2.9=0.0005s;;;0 lag_192.0.2.9=0;0;;0\n"),
	       "report: an address given without a name is labelled by its address only");
	line_is(out, 1, "[OK] 192.0.2.9: serial 7, 0.5 ms",
		"report: an address given without a name shows the address only");
	fx_free(&f);
}

/* Five kinds of failure next to two answers. */
static void failures(struct fixture *f)
{
	fx_answer_at(f, "ns1.example.net", "192.0.2.1", 9, 1000);
	fx_answer_at(f, "ns2.example.net", "192.0.2.2", 9, 1000);
	fx_add_at(f, "ns3.example.net", "192.0.2.3", OUTCOME_UNREACHABLE, 0, 0, "timeout");
	fx_add_at(f, "ns4.example.net", "192.0.2.4", OUTCOME_LAME, 0, 4000, "REFUSED");
	fx_add_at(f, "ns3.example.net", "2001:db8::3", OUTCOME_UNREACHABLE, 0, 0, "no route");
	fx_add_at(f, "ns5.example.net", "192.0.2.5", OUTCOME_INVALID, 0, 0, "wrong ID");
	fx_add_at(f, "ns6.example.net", NULL, OUTCOME_NO_ADDRESS, 0, 0, "NXDOMAIN");
}

static void test_status_failures(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	failures(&f);
	out = fx_report(&f);
	line_is(out, 0,
		"SOA WARNING - example.com: 2 of 7 servers unreachable (ns3.example.net 192.0.2.3: "
		"timeout, +1 more), 1 of 7 servers lame (ns4.example.net 192.0.2.4: REFUSED), "
		"1 of 7 servers giving invalid answers (ns5.example.net 192.0.2.5: wrong ID), "
		"1 NS name has no address (ns6.example.net) | servers=7;;;0 in_sync=2;;;0 "
		"failed=5;0;;0 lag_max=0;0;;0 serial=9 rtt_ns1.example.net_192.0.2.1=0.001s;;;0 "
		"lag_ns1.example.net_192.0.2.1=0;0;;0 rtt_ns2.example.net_192.0.2.2=0.001s;;;0 "
		"lag_ns2.example.net_192.0.2.2=0;0;;0 rtt_ns4.example.net_192.0.2.4=0.004s;;;0",
		"report: failures: one part per kind, first offender named; rtt only for replies");
	line_is(out, 1, "[WARNING] ns3.example.net 192.0.2.3: unreachable (timeout)",
		"report: failures: an unreachable address comes first");
	line_is(out, 2, "[WARNING] ns4.example.net 192.0.2.4: lame (REFUSED)",
		"report: failures: a lame address with its reason");
	line_is(out, 4, "[WARNING] ns5.example.net 192.0.2.5: invalid answers (wrong ID)",
		"report: failures: an address giving invalid answers");
	line_is(out, 5, "[WARNING] ns6.example.net: no address: NXDOMAIN",
		"report: failures: an NS name without address shows no address");
	line_is(out, 6, "[OK] ns1.example.net 192.0.2.1: serial 9, 1.0 ms",
		"report: failures: answered addresses come after the failures");
	fx_free(&f);
}

static void test_status_nothing_answered(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	mp_range_parse("10", &f.fw);
	fx_add_at(&f, "ns1.example.net", "192.0.2.1", OUTCOME_UNREACHABLE, 0, 0, "timeout");
	fx_add_at(&f, "ns2.example.net", "192.0.2.2", OUTCOME_UNREACHABLE, 0, 0, "timeout");
	out = fx_report(&f);
	line_is(out, 0,
		"SOA CRITICAL - example.com: no server answered for the zone (2 checked), 2 of 2 "
		"servers unreachable (ns1.example.net 192.0.2.1: timeout, +1 more) | servers=2;;;0 "
		"in_sync=0;;;0 failed=2;10;;0 lag_max=0;0;;0",
		"report: nothing answered: CRITICAL, no serial perfdata");
	fx_free(&f);
}

static void test_status_order(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 1000, 1000);
	fx_answer_at(&f, "ns2.example.net", "192.0.2.2", 1000 + HALF, 2000);
	out = fx_report(&f);
	line_is(out, 0,
		"SOA CRITICAL - example.com: serials cannot be ordered (2^31 or more apart) | "
		"servers=2;;;0 in_sync=0;;;0 failed=0;0;;0 lag_max=0;0;;0 "
		"rtt_ns1.example.net_192.0.2.1=0.001s;;;0 rtt_ns2.example.net_192.0.2.2=0.002s;;;0",
		"report: unorderable: CRITICAL, no serial and no lag perfdata");
	line_is(out, 1,
		"[CRITICAL] ns1.example.net 192.0.2.1: serial 1000 (cannot be ordered), 1.0 ms",
		"report: unorderable: each address says it cannot be ordered");
	fx_free(&f);
}

/* A primary at 100, a server ahead, one behind; TCP and NSID shown. */
static void primary_scene(struct fixture *f)
{
	struct observation *o;

	f->cfg.use_primary = true;
	f->show_nsid = true;
	o = fx_answer_at(f, "hidden.example.net", "192.0.2.10", 100, 1000);
	FX_SERVER(f, o)->origin = ORIGIN_PRIMARY;
	snprintf(o->nsid, sizeof o->nsid, "fra1");
	o = fx_answer_at(f, "ns1.example.net", "192.0.2.1", 101, 1000);
	o->transport = TRANSPORT_TCP;
	o->tc_seen = true;
	o = fx_answer_at(f, "ns2.example.net", "192.0.2.2", 98, 1000);
	o->transport = TRANSPORT_TCP;
}

static void test_status_primary(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	primary_scene(&f);
	out = fx_report(&f);
	tap_ok(tap_contains(out,
			    "SOA WARNING - example.com: 1 of 3 servers behind (ns2.example.net "
			    "192.0.2.2 at 98, 2 behind primary 100), 1 of 3 servers ahead of "
			    "primary (ns1.example.net 192.0.2.1 at 101, primary at 100) | "),
	       "report: -P: behind and ahead are measured against the primary");
	line_is(out, 1,
		"[WARNING] ns1.example.net 192.0.2.1: serial 101 (ahead of primary 100), 1.0 ms, "
		"TCP after truncated UDP answer, NSID (none)",
		"report: -P: ahead comes before behind; TCP after TC and a missing NSID are shown");
	line_is(out, 2,
		"[WARNING] ns2.example.net 192.0.2.2: serial 98 (2 behind primary 100), 1.0 ms, "
		"TCP, NSID (none)",
		"report: -P: the lagging address names the primary's serial");
	line_is(out, 3,
		"[OK] hidden.example.net 192.0.2.10 (primary): serial 100, 1.0 ms, NSID fra1",
		"report: -P: the primary is marked and shows its NSID");
	fx_free(&f);
}

static void test_status_primary_failed(void)
{
	struct fixture f;
	struct observation *p;
	const char *out;

	fx_init(&f);
	f.cfg.use_primary = true;
	p = fx_add_at(&f, "p.example.net", "192.0.2.10", OUTCOME_UNREACHABLE, 0, 0, "timeout");
	FX_SERVER(&f, p)->origin = ORIGIN_PRIMARY;
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 5, 1000);
	out = fx_report(&f);
	tap_ok(tap_contains(out, "(p.example.net 192.0.2.10: timeout), primary did not answer |"),
	       "report: -P: a primary that did not answer is said so");
	fx_free(&f);
}

static void test_status_primary_incomparable(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	f.cfg.use_primary = true;
	FX_SERVER(&f, fx_answer_at(&f, "p.example.net", "192.0.2.10", 1000, 1000))->origin =
	    ORIGIN_PRIMARY;
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 1000 + HALF, 1000);
	out = fx_report(&f);
	tap_ok(tap_contains(out, ": 1 serial cannot be ordered against primary 1000 |"),
	       "report: -P: one incomparable serial is named in the singular");
	fx_free(&f);
}

static void test_status_mismatch(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 5, 1000);
	f.in.ns_compared = true;
	f.in.n_parent_only = 1;
	f.in.n_child_only = 2;
	f.in.unchecked = 3;
	f.parent_only[0] = "ns9.example.net";
	f.child_only[0] = "ns8.example.net";
	f.child_only[1] = "ns7.example.net";
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA WARNING - example.com: NS sets differ (parent only: "
				 "ns9.example.net / child only: ns8.example.net, ns7.example.net), "
				 "3 not checked (limits reached) | "),
	       "report: NS mismatch and unchecked addresses are in the summary");
	line_is(out, 2, "NS in the parent's delegation only: ns9.example.net",
		"report: NS mismatch: the parent-only names follow the address lines");
	line_is(out, 3, "NS in the zone's own NS set only: ns8.example.net, ns7.example.net",
		"report: NS mismatch: the child-only names come last");
	f.in.ns_compared = false;
	out = fx_report(&f);
	tap_ok(!tap_contains(out, "NS sets differ") && !tap_contains(out, "NS in the"),
	       "report: NS differences are not shown when the sets were not compared");
	fx_free(&f);
}

/* Resource caps alone: the all-good sentence stays, the unchecked count follows,
 * and what was not checked is never OK. */
static void test_status_unchecked_only(void)
{
	static struct fixture f;
	const char *out;

	fx_init(&f);
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 5, 1000);
	f.in.unchecked = 3;
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA WARNING - example.com: 1 server in sync, serial 5, "
				 "3 not checked (limits reached) | "),
	       "report: with only unchecked addresses the summary still says what is in sync, "
	       "as a WARNING");
}

#define RX_NOW 1790000000 /* the wall clock of the latency tests */

/* Two servers, ns2 behind, with latency asked for under --critical-latency CRIT. */
static void rx_latency(struct fixture *f, struct mp_range *crit, const char *text, uint32_t newest,
		       uint32_t older)
{
	fx_init(f);
	mp_range_parse("5", &f->w);
	mp_range_parse(text, crit);
	f->cfg.crit_latency = crit;
	fx_answer_at(f, "ns1.example.net", "192.0.2.1", newest, 1000);
	fx_answer_at(f, "ns2.example.net", "192.0.2.2", older, 1000);
	f->in.latency = true;
	f->in.now = RX_NOW;
}

/* A lower bound from the serials (no state yet) is long output only; measured latency is
 * perfdata. */
static void test_latency_perfdata(void)
{
	struct mp_range crit;
	struct history h = {0};
	uint32_t newest = (uint32_t)(RX_NOW - 7200), older = (uint32_t)(RX_NOW - 86400 * 900);
	struct fixture f;
	const char *out;

	rx_latency(&f, &crit, "3600", newest, older);
	mp_range_parse("100000000", &f.w); /* the lag is tolerated */
	f.in.serial_scheme = SERIAL_SCHEME_UNIXTIME;
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA OK - ") && !tap_contains(out, "latency_max") &&
		   !tap_contains(out, "latency_ns2"),
	       "report: first run: a bound from the serials is not perfdata (no latency_max)");
	tap_ok(tap_contains(out, "[OK] ns2.example.net 192.0.2.2: serial ") &&
		   tap_contains(out, ", stale for at least 2h00m\n"),
	       "report: first run: the bound is in the long output");
	tap_ok(tap_contains(out, " latency_ns1.example.net_192.0.2.1=0s;;3600;0"),
	       "report: first run: a current server's latency 0 is measured (perfdata)");
	fx_free(&f);
	history_note(&h, &older, 1, RX_NOW - 86400);
	history_note(&h, &newest, 1, RX_NOW - 600);
	rx_latency(&f, &crit, "3600", newest, older);
	f.in.history = &h;
	out = fx_report(&f);
	tap_ok(tap_contains(out, " latency_max=600s;;3600;0 ") &&
		   tap_contains(out, " latency_ns2.example.net_192.0.2.2=600s;;3600;0"),
	       "report: with state the measured latency is perfdata");
	fx_free(&f);
}

/* A latency threshold and a state that cannot be used: UNKNOWN saying why, unless CRITICAL. */
static void test_latency_state_lost(void)
{
	static const char note[] = "state file /var/x/f/soa-example.com-0123.state: directory: "
				   "Not a directory";
	struct mp_range crit, c0;
	struct fixture f;
	const char *out;

	rx_latency(&f, &crit, "3600", 11, 10);
	mp_range_parse("0", &f.w);
	f.in.state_lost = true;
	f.state_note = note;
	out = fx_report(&f);
	tap_ok(tap_contains(out,
			    "SOA UNKNOWN - example.com: 1 of 2 servers behind (ns2.example.net "
			    "192.0.2.2 at 10, 1 behind 11), latency not measured: state file "
			    "/var/x/f/soa-example.com-0123.state: directory: Not a directory | "),
	       "report: state lost with a latency threshold: UNKNOWN over WARNING, with the path "
	       "and the error");
	tap_int_eq(f.v.state, MP_UNKNOWN, "report: ... the verdict is UNKNOWN");
	fx_free(&f);
	rx_latency(&f, &crit, "3600", 11, 11);
	f.in.state_lost = true;
	f.state_note = note;
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA UNKNOWN - example.com: 2 servers in sync, serial 11, "
				 "latency not measured: state file "),
	       "report: ... also when the servers agree");
	fx_free(&f);
	rx_latency(&f, &crit, "3600", 11, 10);
	mp_range_parse("0", &c0);
	f.cfg.crit_lag = &c0;
	f.in.state_lost = true;
	f.state_note = note;
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA CRITICAL - example.com: 1 of 2 servers behind") &&
		   tap_contains(out, ", latency not measured: state file "),
	       "report: ... CRITICAL still wins, and the state is still named");
	fx_free(&f);
	rx_latency(&f, &crit, "3600", 11, 10);
	f.cfg.crit_latency = &f.c; /* not set */
	f.in.state_lost = true;
	f.state_note = note;
	out = fx_report(&f);
	tap_ok(tap_contains(out, "SOA OK - example.com: 1 of 2 servers behind") &&
		   !tap_contains(out, "latency not measured") &&
		   tap_contains(out, "\nstate file /var/x/f/soa-example.com-0123.state: directory: "
				     "Not a directory\n"),
	       "report: without a latency threshold the state problem is a long-output note");
	fx_free(&f);
}

static void test_perfdata_thresholds(void)
{
	struct fixture f;
	const char *out;

	fx_init(&f);
	mp_range_parse("~:5", &f.w);
	mp_range_parse("@10:20", &f.c);
	mp_range_parse("1", &f.fw);
	mp_range_parse("2", &f.fc);
	fx_answer_at(&f, "ns1.example.net", "192.0.2.1", 5, 1000);
	out = fx_report(&f);
	tap_ok(tap_contains(out, " failed=0;1;2;0 lag_max=0;~:5;@10:20;0 serial=5 "),
	       "report: perfdata: failed and lag_max carry -W/-C and -w/-c as given");
	tap_ok(tap_contains(out, " lag_ns1.example.net_192.0.2.1=0;~:5;@10:20;0\n"),
	       "report: perfdata: per-address lag carries -w/-c");
	fx_free(&f);
}

/* True when every perfdata item after the first '|' is LABEL=VALUE[;...] with a
 * label of [A-Za-z0-9._:/@+-] and %HH only, and a value of digits and range marks. */
static bool perfdata_clean(const char *line)
{
	const char *p = strchr(line, '|');
	bool in_label = true;

	if (p == NULL || p[1] != ' ')
		return false;
	for (p += 2; *p != '\0' && *p != '\n'; p++) {
		if (*p == ' ') {
			in_label = true;
		} else if (*p == '=') {
			if (!in_label)
				return false;
			in_label = false;
		} else if (in_label &&
			   !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789._:/@+-%",
				   *p)) {
			return false;
		} else if (!in_label && !strchr("0123456789.;:~@-s", *p)) {
			return false;
		}
	}
	return !in_label;
}

/* Observations full of hostile bytes; returns the report text. */
static const char *hostile_scene(struct fixture *f)
{
	static const char evil[] = "ns|1 'x'=y\n[OK] fake\r\xff\xc3\xa9.example.net";
	struct observation *o;

	f->zone = "ex|ample\n.com";
	f->show_nsid = true;
	o = fx_answer_at(f, evil, "192.0.2.1", 5, 1000);
	snprintf(o->nsid, sizeof o->nsid, "id|x\ny 'q'=1");
	fx_answer_at(f, evil, "192.0.2.2", 4, 1000);
	fx_add_at(f, evil, "192.0.2.3", OUTCOME_UNREACHABLE, 0, 0, "timeout | crit=1\n[OK] x");
	fx_add_at(f, evil, "192.0.2.4", OUTCOME_LAME, 0, 1000, "REFUSED\r\n|");
	fx_add_at(f, evil, NULL, OUTCOME_NO_ADDRESS, 0, 0, "no\nway|");
	f->in.ns_compared = true;
	f->in.n_parent_only = 1;
	f->in.n_child_only = 1;
	f->parent_only[0] = evil;
	f->child_only[0] = "a|b\nc";
	return fx_report(f);
}

static void test_injection(void)
{
	struct fixture f;
	const char *out, *p, *nl;
	bool printable = true, starts = true;
	char first[4096];

	fx_init(&f);
	out = hostile_scene(&f);
	for (p = out; *p != '\0'; p++)
		if (*p != '\n' && !((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f))
			printable = false;
	tap_ok(printable, "injection: the output holds only printable ASCII and newlines");
	line_of(out, 0, first, sizeof first);
	tap_int_eq(count_char(first, '|'), 1, "injection: the status line has exactly one '|'");
	tap_ok(tap_contains(first, "SOA WARNING - ex\\124ample\\010.com: "),
	       "injection: the zone is escaped in the status line");
	tap_ok(perfdata_clean(first), "injection: perfdata labels hold no raw quote, '=' or space");
	tap_ok(tap_contains(
		   first,
		   "rtt_ns%7C1%20%27x%27%3Dy%0A%5BOK%5D%20fake%0D%FF%C3%A9.example.net_192.0.2.1="),
	       "injection: a hostile name is %%HH-escaped in perfdata labels");
	for (p = strchr(out, '\n') + 1; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL || (*p != '[' && strncmp(p, "NS in the ", 10) != 0))
			starts = false;
		if (nl == NULL)
			break;
	}
	tap_ok(starts, "injection: every long-output line starts with '[' or \"NS in the \"");
	tap_int_eq(count_char(out, '\n'), 1 + 5 + 2,
		   "injection: one line per address plus two NS lines");
	tap_ok(!tap_contains(out, "crit=1\n") &&
		   tap_contains(out, "timeout \\124 crit=1\\010[OK] x"),
	       "injection: an error text is escaped in the summary and long output");
	tap_ok(tap_contains(out, "NSID id\\124x\\010y 'q'=1"), "injection: an NSID is escaped");
	fx_free(&f);
}

/* Nagios rewrites ';' in the status line to ':': none may be there, whatever the names
 * and errors hold (bare, or as the DNS escape \;); the long output keeps the names. */
static void test_no_semicolon(void)
{
	struct mp_strbuf sb = {0};
	struct fixture f;
	const char *out;
	char first[4096];
	size_t bar;

	fx_init(&f);
	f.zone = "a;b\\;c.example";
	fx_answer_at(&f, "ns1.x\\;y.example", "192.0.2.1", 5, 1000);
	fx_answer_at(&f, "ns2.example.net", "192.0.2.2", 4, 1000);
	fx_add_at(&f, "ns3;.example", "192.0.2.3", OUTCOME_UNREACHABLE, 0, 0,
		  "timeout; again\\\\;");
	f.in.ns_compared = true;
	f.in.n_parent_only = 1;
	f.in.n_child_only = 1;
	f.parent_only[0] = "p\\;.example";
	f.child_only[0] = "c;.example";
	out = fx_report(&f);
	line_of(out, 0, first, sizeof first);
	bar = strcspn(first, "|");
	tap_ok(memchr(first, ';', bar) == NULL, "no ';': the status line has none before '|'");
	tap_ok(tap_contains(
		   first, "SOA WARNING - a\\059b\\059c.example: 1 of 3 servers behind "
			  "(ns2.example.net 192.0.2.2 at 4, 1 behind 5), 1 of 3 servers "
			  "unreachable (ns3\\059.example 192.0.2.3: timeout\\059 again\\\\\\059), "
			  "NS sets differ (parent only: p\\059.example / child only: "
			  "c\\059.example) |"),
	       "no ';': bare ';' and \\; become \\059, an escaped backslash stays");
	tap_ok(tap_contains(out, "\n[OK] ns1.x\\;y.example 192.0.2.1: serial 5"),
	       "no ';': the long output keeps names as they are");
	report_failure("z;.example", MP_UNKNOWN, "resolver A: timeout; resolver B: refused", &sb);
	tap_str_eq(mp_strbuf_str(&sb),
		   "SOA UNKNOWN - z\\059.example: resolver A: timeout\\059 resolver B: refused\n",
		   "no ';': a failure line has none either");
	mp_strbuf_free(&sb);
	fx_free(&f);
}

static void test_failure_and_summary(void)
{
	struct mp_strbuf sb = {0};
	struct fixture f;
	const char *out;

	report_failure("example.com", MP_UNKNOWN, "no resolver answered", &sb);
	tap_str_eq(mp_strbuf_str(&sb), "SOA UNKNOWN - example.com: no resolver answered\n",
		   "failure: \"SOA STATE - zone: detail\"");
	mp_strbuf_free(&sb);
	report_failure(NULL, MP_CRITICAL, "bad", &sb);
	tap_str_eq(mp_strbuf_str(&sb), "SOA CRITICAL - bad\n",
		   "failure: without a zone, the detail only");
	mp_strbuf_free(&sb);
	report_failure("a|b\n", MP_CRITICAL, "x|y\nz\r", &sb);
	tap_str_eq(mp_strbuf_str(&sb), "SOA CRITICAL - a\\124b\\010: x\\124y\\010z\\013\n",
		   "failure: zone and detail are escaped to one line without '|'");
	mp_strbuf_free(&sb);
	fx_init(&f);
	six_servers(&f);
	out = fx_report(&f);
	report_status_summary(&(struct report_input){.zone = f.zone,
						     .in = &f.in,
						     .cfg = &f.cfg,
						     .v = &f.v,
						     .per_addr = f.per,
						     .parent_only = f.parent_only,
						     .child_only = f.child_only},
			      &sb);
	tap_ok(strncmp(out, "SOA WARNING - ", 14) == 0 &&
		   strncmp(out + 14, mp_strbuf_str(&sb), sb.len) == 0 &&
		   strncmp(out + 14 + sb.len, " | ", 3) == 0,
	       "summary: report_status_summary is the text between \"SOA STATE - \" and \" |\"");
	mp_strbuf_free(&sb);
	report_failure_summary("example.com", "x|y", &sb);
	tap_str_eq(mp_strbuf_str(&sb), "example.com: x\\124y",
		   "summary: report_failure_summary is report_failure's text without the state");
	mp_strbuf_free(&sb);
	fx_free(&f);
}

int main(void)
{
	test_status_behind();
	test_status_mname_split();
	test_status_in_sync();
	test_status_failures();
	test_status_nothing_answered();
	test_status_order();
	test_status_primary();
	test_status_primary_failed();
	test_status_primary_incomparable();
	test_status_mismatch();
	test_status_unchecked_only();
	test_perfdata_thresholds();
	test_latency_perfdata();
	test_latency_state_lost();
	test_injection();
	test_no_semicolon();
	test_failure_and_summary();
	return tap_done();
}
