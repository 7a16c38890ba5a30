/* test_mp_range.c - unit tests for strict threshold range parsing and evaluation. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "mp/mp_range.h"
#include "tap.h"

/* Parse TEXT, which must succeed, into *R; report under NAME. */
static void parses(const char *name, const char *text, struct mp_range *r)
{
	enum mp_range_error err = mp_range_parse(text, r);

	if (!tap_ok(err == MP_RANGE_OK && r->set, "%s", name))
		printf("#   error: %s\n", mp_range_strerror(err));
}

/* TEXT must be rejected with WANT, leaving the output cleared. */
static void rejects(const char *name, const char *text, enum mp_range_error want)
{
	struct mp_range r;
	enum mp_range_error err;

	memset(&r, 0x5a, sizeof(r));
	err = mp_range_parse(text, &r);
	if (!tap_ok(err == want && !r.set && r.text[0] == '\0' && !r.inside, "%s", name))
		printf("#   got error %d (%s), want %d\n", (int)err, mp_range_strerror(err),
		       (int)want);
}

/* With range TEXT, VALUE must (or must not) alert. */
static void alerts(const char *text, double value, bool want)
{
	struct mp_range r;

	mp_range_parse(text, &r);
	tap_ok(r.set && mp_range_alerts(&r, value) == want, "range %s: value %g %s", text, value,
	       want ? "alerts" : "does not alert");
}

static void test_accepted_forms(void)
{
	struct mp_range r;

	parses("range 10 is accepted", "10", &r);
	tap_ok(r.start == 0 && r.end == 10 && !r.start_infinite && !r.end_infinite && !r.inside,
	       "range 10 means 0..10");
	parses("range 10: is accepted", "10:", &r);
	tap_ok(r.start == 10 && r.end_infinite && !r.start_infinite, "range 10: means 10..inf");
	parses("range ~:10 is accepted", "~:10", &r);
	tap_ok(r.start_infinite && r.end == 10 && !r.end_infinite, "range ~:10 means -inf..10");
	parses("range 10:20 is accepted", "10:20", &r);
	tap_ok(r.start == 10 && r.end == 20 && !r.inside, "range 10:20 means 10..20");
	parses("range @10:20 is accepted", "@10:20", &r);
	tap_ok(r.start == 10 && r.end == 20 && r.inside, "range @10:20 alerts inside 10..20");
	parses("range 5:5 is accepted", "5:5", &r);
	tap_ok(r.start == 5 && r.end == 5, "range 5:5 is the single point 5");
	parses("range @~:0 is accepted", "@~:0", &r);
	tap_ok(r.inside && r.start_infinite && r.end == 0, "range @~:0 alerts at or below 0");
	parses("range @5: is accepted", "@5:", &r);
	tap_ok(r.inside && r.start == 5 && r.end_infinite, "range @5: alerts at or above 5");
	parses("range @7 is accepted", "@7", &r);
	tap_ok(r.inside && r.start == 0 && r.end == 7, "range @7 alerts inside 0..7");
	parses("range 0 is accepted", "0", &r);
	tap_ok(r.start == 0 && r.end == 0, "range 0 means 0..0");
}

static void test_numbers(void)
{
	struct mp_range r;

	parses("range -1.5:0.25 is accepted", "-1.5:0.25", &r);
	tap_ok(r.start == -1.5 && r.end == 0.25, "range -1.5:0.25 keeps sign and fraction");
	parses("range -10:-5 is accepted", "-10:-5", &r);
	tap_ok(r.start == -10 && r.end == -5, "range -10:-5 has negative bounds");
	parses("range ~:-3 is accepted", "~:-3", &r);
	tap_ok(r.end == -3, "range ~:-3 ends at -3");
	parses("range 0.1 is accepted", "0.1", &r);
	tap_ok(r.end == 0.1, "range 0.1 reads 0.1 exactly as the compiler does");
	parses("range 0.3 is accepted", "0.3", &r);
	tap_ok(r.end == 0.3, "range 0.3 reads 0.3 exactly as the compiler does");
	parses("range 007 is accepted", "007", &r);
	tap_ok(r.end == 7, "range 007 ignores leading zeros");
	parses("range 4294967295 is accepted", "4294967295", &r);
	tap_ok(r.end == 4294967295.0, "range 4294967295 is exact");
	parses("range 2026112401 is accepted", "2026112401", &r);
	tap_ok(r.end == 2026112401.0, "range 2026112401 is exact");
	parses("range -0:0 is accepted", "-0:0", &r);
	tap_ok(r.start == 0 && !signbit(r.start), "range -0 reads as plain zero");
	parses("range 1.000001 is accepted", "1.000001", &r);
	tap_ok(r.end == 1.000001, "range 1.000001 keeps six decimals");
}

static void test_text_kept(void)
{
	struct mp_range r;

	mp_range_parse("@10:20", &r);
	tap_str_eq(r.text, "@10:20", "range @10:20 keeps its text");
	mp_range_parse("~:10", &r);
	tap_str_eq(r.text, "~:10", "range ~:10 keeps its text");
	mp_range_parse("007", &r);
	tap_str_eq(r.text, "007", "range 007 keeps its text as given");
	mp_range_parse("-1.50:", &r);
	tap_str_eq(r.text, "-1.50:", "range -1.50: keeps its text as given");
}

static void test_errors(void)
{
	rejects("range \"\" is rejected as empty", "", MP_RANGE_EMPTY);
	rejects("range @ is rejected", "@", MP_RANGE_SYNTAX);
	rejects("range ~ is rejected", "~", MP_RANGE_SYNTAX);
	rejects("range ~: is rejected", "~:", MP_RANGE_SYNTAX);
	rejects("range @~: is rejected", "@~:", MP_RANGE_SYNTAX);
	rejects("range : is rejected", ":", MP_RANGE_SYNTAX);
	rejects("range :: is rejected", "::", MP_RANGE_SYNTAX);
	rejects("range :5 is rejected", ":5", MP_RANGE_SYNTAX);
	rejects("range ~5 is rejected", "~5", MP_RANGE_SYNTAX);
	rejects("range 5:~ is rejected", "5:~", MP_RANGE_SYNTAX);
	rejects("range 5:3 is rejected as start > end", "5:3", MP_RANGE_START_GT_END);
	rejects("range @5:3 is rejected as start > end", "@5:3", MP_RANGE_START_GT_END);
	rejects("range -5 is rejected as start (0) > end", "-5", MP_RANGE_START_GT_END);
	rejects("range 1.5:1.25 is rejected as start > end", "1.5:1.25", MP_RANGE_START_GT_END);
	rejects("range 1:12% is rejected", "1:12%", MP_RANGE_SYNTAX);
	rejects("range 12% is rejected", "12%", MP_RANGE_SYNTAX);
	rejects("range 10s is rejected (no units)", "10s", MP_RANGE_SYNTAX);
	rejects("range 1e3 is rejected (no exponent)", "1e3", MP_RANGE_SYNTAX);
	rejects("range 1E3 is rejected (no exponent)", "1E3", MP_RANGE_SYNTAX);
	rejects("range 0x10 is rejected (no hex)", "0x10", MP_RANGE_SYNTAX);
	rejects("range nan is rejected", "nan", MP_RANGE_SYNTAX);
	rejects("range inf is rejected", "inf", MP_RANGE_SYNTAX);
	rejects("range -inf:0 is rejected", "-inf:0", MP_RANGE_SYNTAX);
	rejects("range \" 5\" is rejected (leading space)", " 5", MP_RANGE_SYNTAX);
	rejects("range \"5 \" is rejected (trailing space)", "5 ", MP_RANGE_SYNTAX);
	rejects("range \"5: 6\" is rejected (inner space)", "5: 6", MP_RANGE_SYNTAX);
	rejects("range a is rejected", "a", MP_RANGE_SYNTAX);
	rejects("range 10::20 is rejected", "10::20", MP_RANGE_SYNTAX);
	rejects("range 1:2:3 is rejected", "1:2:3", MP_RANGE_SYNTAX);
	rejects("range @@5 is rejected", "@@5", MP_RANGE_SYNTAX);
	rejects("range 5@ is rejected", "5@", MP_RANGE_SYNTAX);
	rejects("range +3 is rejected (only '-' is a sign)", "+3", MP_RANGE_SYNTAX);
	rejects("range -- 3 is rejected", "--3", MP_RANGE_SYNTAX);
	rejects("range - is rejected", "-", MP_RANGE_SYNTAX);
	rejects("range .5 is rejected (digit before the point)", ".5", MP_RANGE_SYNTAX);
	rejects("range 5. is rejected (digit after the point)", "5.", MP_RANGE_SYNTAX);
	rejects("range 1.2.3 is rejected", "1.2.3", MP_RANGE_SYNTAX);
	rejects("range 1,5 is rejected (no decimal comma)", "1,5", MP_RANGE_SYNTAX);
	rejects("range 5\\n is rejected", "5\n", MP_RANGE_SYNTAX);
}

static void test_length(void)
{
	char text[128];
	struct mp_range r;

	memset(text, '1', sizeof(text));
	text[63] = '\0';
	parses("range of 63 characters is accepted", text, &r);
	tap_int_eq(strlen(r.text), 63, "range of 63 characters keeps all of its text");
	text[63] = '1';
	text[64] = '\0';
	rejects("range of 64 characters is rejected as too long", text, MP_RANGE_TOO_LONG);
	text[127] = '\0';
	rejects("range of 127 characters is rejected as too long", text, MP_RANGE_TOO_LONG);
}

static void test_strerror(void)
{
	tap_str_eq(mp_range_strerror(MP_RANGE_START_GT_END), "start is greater than end",
		   "strerror names start > end");
	tap_str_eq(mp_range_strerror(MP_RANGE_EMPTY), "range is empty", "strerror names empty");
	tap_ok(tap_contains(mp_range_strerror(MP_RANGE_SYNTAX), "N:M"),
	       "strerror for syntax shows the accepted forms");
	tap_str_eq(mp_range_strerror(MP_RANGE_TOO_LONG), "range is too long",
		   "strerror names too long");
	tap_str_eq(mp_range_strerror((enum mp_range_error)99), "unknown range error",
		   "strerror of an unknown code is a generic text, not NULL");
}

static void test_alerts_bounds(void)
{
	alerts("10", 10, false);
	alerts("10", 0, false);
	alerts("10", 5, false);
	alerts("10", 10.0001, true);
	alerts("10", -0.1, true);
	alerts("10:", 10, false);
	alerts("10:", 1e12, false);
	alerts("10:", 9.999, true);
	alerts("~:10", 10, false);
	alerts("~:10", -1e12, false);
	alerts("~:10", 10.0001, true);
	alerts("10:20", 10, false);
	alerts("10:20", 20, false);
	alerts("10:20", 9.9, true);
	alerts("10:20", 20.1, true);
	alerts("@10:20", 10, true);
	alerts("@10:20", 15, true);
	alerts("@10:20", 20, true);
	alerts("@10:20", 9.9, false);
	alerts("@10:20", 20.1, false);
	alerts("5:5", 5, false);
	alerts("5:5", 5.000001, true);
	alerts("5:5", 4.999999, true);
	alerts("@~:0", 0, true);
	alerts("@~:0", 0.5, false);
	alerts("-1.5:0.25", -1.5, false);
	alerts("-1.5:0.25", -1.51, true);
	alerts("-1.5:0.25", 0.25, false);
	alerts("-1.5:0.25", 0.26, true);
}

static void test_alerts_special(void)
{
	struct mp_range r;

	memset(&r, 0, sizeof(r));
	tap_ok(!mp_range_alerts(&r, 1e9), "unset range never alerts");
	tap_ok(!mp_range_alerts(NULL, 1e9), "NULL range never alerts");
	mp_range_parse("10", &r);
	tap_ok(mp_range_alerts(&r, NAN), "range 10: NaN alerts");
	mp_range_parse("@10:20", &r);
	tap_ok(mp_range_alerts(&r, NAN), "range @10:20: NaN alerts");
	mp_range_parse("10:", &r);
	tap_ok(!mp_range_alerts(&r, INFINITY), "range 10: +inf does not alert");
	mp_range_parse("~:10", &r);
	tap_ok(mp_range_alerts(&r, INFINITY), "range ~:10: +inf alerts");
	tap_ok(!mp_range_alerts(&r, -INFINITY), "range ~:10: -inf does not alert");
	mp_range_parse("5:3", &r);
	tap_ok(!mp_range_alerts(&r, 100), "rejected range 5:3 is unset and never alerts");
}

static void test_state(void)
{
	struct mp_range warn, crit, unset;

	memset(&unset, 0, sizeof(unset));
	mp_range_parse("10", &warn);
	mp_range_parse("20", &crit);
	tap_int_eq(mp_range_state(5, &warn, &crit), MP_OK, "state: inside both ranges is OK");
	tap_int_eq(mp_range_state(10, &warn, &crit), MP_OK, "state: on the warning bound is OK");
	tap_int_eq(mp_range_state(15, &warn, &crit), MP_WARNING,
		   "state: outside warning only is WARNING");
	tap_int_eq(mp_range_state(20, &warn, &crit), MP_WARNING,
		   "state: on the critical bound is WARNING");
	tap_int_eq(mp_range_state(25, &warn, &crit), MP_CRITICAL,
		   "state: outside both ranges is CRITICAL");
	tap_int_eq(mp_range_state(25, &unset, &crit), MP_CRITICAL,
		   "state: critical works without a warning range");
	tap_int_eq(mp_range_state(15, &warn, &unset), MP_WARNING,
		   "state: warning works without a critical range");
	tap_int_eq(mp_range_state(1e9, &unset, &unset), MP_OK, "state: no ranges is OK");
	tap_int_eq(mp_range_state(1e9, NULL, NULL), MP_OK, "state: NULL ranges is OK");
	mp_range_parse("20", &warn);
	mp_range_parse("10", &crit);
	tap_int_eq(mp_range_state(15, &warn, &crit), MP_CRITICAL,
		   "state: CRITICAL wins even when warn is wider than crit");
}

int main(void)
{
	test_accepted_forms();
	test_numbers();
	test_text_kept();
	test_errors();
	test_length();
	test_strerror();
	test_alerts_bounds();
	test_alerts_special();
	test_state();
	return tap_done();
}
