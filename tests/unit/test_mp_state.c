/* test_mp_state.c - unit tests for the plugin state names, ordering and parsing. */
#include "mp/mp_state.h"
#include "tap.h"

static void test_names(void)
{
	tap_str_eq(mp_state_name(MP_OK), "OK", "state OK is named OK");
	tap_str_eq(mp_state_name(MP_WARNING), "WARNING", "state WARNING is named WARNING");
	tap_str_eq(mp_state_name(MP_CRITICAL), "CRITICAL", "state CRITICAL is named CRITICAL");
	tap_str_eq(mp_state_name(MP_UNKNOWN), "UNKNOWN", "state UNKNOWN is named UNKNOWN");
	tap_str_eq(mp_state_name((enum mp_state)7), "UNKNOWN",
		   "an out-of-range state is named UNKNOWN");
	tap_str_eq(mp_state_name((enum mp_state) - 1), "UNKNOWN",
		   "a negative state is named UNKNOWN");
}

static void test_exit_codes(void)
{
	tap_int_eq(MP_OK, 0, "OK exits 0");
	tap_int_eq(MP_WARNING, 1, "WARNING exits 1");
	tap_int_eq(MP_CRITICAL, 2, "CRITICAL exits 2");
	tap_int_eq(MP_UNKNOWN, 3, "UNKNOWN exits 3");
}

static void test_worst(void)
{
	tap_int_eq(mp_state_worst(MP_OK, MP_OK), MP_OK, "worst of OK and OK is OK");
	tap_int_eq(mp_state_worst(MP_OK, MP_UNKNOWN), MP_UNKNOWN, "UNKNOWN is worse than OK");
	tap_int_eq(mp_state_worst(MP_UNKNOWN, MP_OK), MP_UNKNOWN,
		   "UNKNOWN is worse than OK in either order");
	tap_int_eq(mp_state_worst(MP_UNKNOWN, MP_WARNING), MP_WARNING,
		   "WARNING is worse than UNKNOWN");
	tap_int_eq(mp_state_worst(MP_WARNING, MP_UNKNOWN), MP_WARNING,
		   "WARNING is worse than UNKNOWN in either order");
	tap_int_eq(mp_state_worst(MP_UNKNOWN, MP_CRITICAL), MP_CRITICAL,
		   "CRITICAL is worse than UNKNOWN");
	tap_int_eq(mp_state_worst(MP_CRITICAL, MP_UNKNOWN), MP_CRITICAL,
		   "CRITICAL is worse than UNKNOWN in either order");
	tap_int_eq(mp_state_worst(MP_WARNING, MP_CRITICAL), MP_CRITICAL,
		   "CRITICAL is worse than WARNING");
	tap_int_eq(mp_state_worst(MP_CRITICAL, MP_WARNING), MP_CRITICAL,
		   "CRITICAL is worse than WARNING in either order");
	tap_int_eq(mp_state_worst(MP_OK, MP_WARNING), MP_WARNING, "WARNING is worse than OK");
	tap_int_eq(mp_state_worst(MP_CRITICAL, MP_OK), MP_CRITICAL, "CRITICAL is worse than OK");
	tap_int_eq(mp_state_worst(MP_CRITICAL, MP_CRITICAL), MP_CRITICAL,
		   "worst of CRITICAL and CRITICAL is CRITICAL");
	tap_int_eq(mp_state_worst(MP_OK, (enum mp_state)9), MP_UNKNOWN,
		   "an out-of-range state counts as UNKNOWN in worst");
	tap_int_eq(mp_state_worst((enum mp_state)9, MP_WARNING), MP_WARNING,
		   "an out-of-range state does not hide WARNING");
}

static void test_worst_fold(void)
{
	const enum mp_state seen[] = {MP_OK, MP_UNKNOWN, MP_OK, MP_WARNING, MP_UNKNOWN};
	enum mp_state acc = MP_OK;
	size_t i;

	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		acc = mp_state_worst(acc, seen[i]);
	tap_int_eq(acc, MP_WARNING, "folding worst over OK,UNKNOWN,WARNING gives WARNING");
}

static void test_parse_ok(const char *text, enum mp_state want)
{
	enum mp_state got = MP_UNKNOWN;
	int rc = mp_state_parse(text, &got);

	tap_ok(rc == 0 && got == want, "state \"%s\" parses as %s", text, mp_state_name(want));
}

static void test_parse_bad(const char *text)
{
	enum mp_state got = MP_WARNING;
	int rc = mp_state_parse(text, &got);

	tap_ok(rc == -1 && got == MP_WARNING, "state \"%s\" is rejected and *out is untouched",
	       text);
}

static void test_parse(void)
{
	enum mp_state got;

	test_parse_ok("ok", MP_OK);
	test_parse_ok("OK", MP_OK);
	test_parse_ok("warning", MP_WARNING);
	test_parse_ok("Warning", MP_WARNING);
	test_parse_ok("critical", MP_CRITICAL);
	test_parse_ok("CRITICAL", MP_CRITICAL);
	test_parse_ok("unknown", MP_UNKNOWN);
	test_parse_ok("uNkNoWn", MP_UNKNOWN);
	test_parse_ok("0", MP_OK);
	test_parse_ok("1", MP_WARNING);
	test_parse_ok("2", MP_CRITICAL);
	test_parse_ok("3", MP_UNKNOWN);
	test_parse_bad("");
	test_parse_bad("4");
	test_parse_bad("-1");
	test_parse_bad("01");
	test_parse_bad("1 ");
	test_parse_bad(" ok");
	test_parse_bad("ok ");
	test_parse_bad("o");
	test_parse_bad("okay");
	test_parse_bad("warn");
	test_parse_bad("crit");
	test_parse_bad("criticalx");
	test_parse_bad("dependent");
	tap_int_eq(mp_state_parse(NULL, &got), -1, "state NULL is rejected");
}

int main(void)
{
	test_names();
	test_exit_codes();
	test_worst();
	test_worst_fold();
	test_parse();
	return tap_done();
}
