/* test_serial_format.c - unit tests for serial schemes: detection, staleness bound, gap. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "judge/serial_format.h"
#include "tap.h"

#define DAY       86400
#define NOW_2024  1717243200LL /* 2024-06-01 12:00:00 UTC */
#define MAR5_2024 1709596800LL /* 2024-03-05 00:00:00 UTC */

static void test_names(void)
{
	enum serial_scheme s = SERIAL_SCHEME_NONE;

	tap_ok(serial_format_from_name("unixtime", &s) && s == SERIAL_SCHEME_UNIXTIME,
	       "\"unixtime\" names the Unix-time scheme");
	tap_ok(serial_format_from_name("date", &s) && s == SERIAL_SCHEME_DATE,
	       "\"date\" names YYYYMMDDnn");
	tap_ok(serial_format_from_name("auto", &s) && s == SERIAL_SCHEME_AUTO, "\"auto\"");
	tap_ok(serial_format_from_name("none", &s) && s == SERIAL_SCHEME_NONE, "\"none\"");
	s = SERIAL_SCHEME_DATE;
	tap_ok(!serial_format_from_name("Unixtime", &s) && !serial_format_from_name("", &s) &&
		   !serial_format_from_name("unixtime ", &s) && s == SERIAL_SCHEME_DATE,
	       "other spellings are refused and leave the scheme alone");
	tap_str_eq(serial_format_name(SERIAL_SCHEME_UNIXTIME), "unixtime", "name of unixtime");
	tap_str_eq(serial_format_name(SERIAL_SCHEME_DATE), "date", "name of date");
}

static void test_is_unixtime(void)
{
	tap_ok(!serial_format_is_unixtime(946684799u, NOW_2024),
	       "1999-12-31 23:59:59 is too early");
	tap_ok(serial_format_is_unixtime(946684800u, NOW_2024), "2000-01-01 00:00:00 is plausible");
	tap_ok(serial_format_is_unixtime((uint32_t)(NOW_2024 + DAY), NOW_2024),
	       "now + 1 day is plausible");
	tap_ok(!serial_format_is_unixtime((uint32_t)(NOW_2024 + DAY + 1), NOW_2024),
	       "now + 1 day + 1 s is not");
	tap_ok(!serial_format_is_unixtime(2024060101u, NOW_2024),
	       "a date serial is no Unix time in 2024");
	tap_ok(!serial_format_is_unixtime(5, NOW_2024), "a small counter is no Unix time");
	tap_ok(serial_format_is_unixtime(4294967295u, INT64_MAX),
	       "a far-future now does not overflow");
}

/* serial_format_is_date(SERIAL) must be WANT and give DAY when true. */
static void date_is(uint32_t serial, bool want, int64_t want_day, const char *name)
{
	int64_t day = -1;
	bool got = serial_format_is_date(serial, &day);

	if (!tap_ok(got == want && (!want || day == want_day), "%s", name))
		printf("#   %lu: got %d day %lld, want %d day %lld\n", (unsigned long)serial, got,
		       (long long)day, want, (long long)want_day);
}

static void test_is_date(void)
{
	date_is(1990010100u, true, 7305, "1990-01-01 is the first valid date");
	date_is(1989123199u, false, 0, "1989-12-31 is too early");
	date_is(2100123199u, true, 47846, "2100-12-31 is the last valid date");
	date_is(2024022900u, true, 19782, "2024-02-29 exists (leap year)");
	date_is(2023022900u, false, 0, "2023-02-29 does not");
	date_is(2000022900u, true, 11016, "2000-02-29 exists (divisible by 400)");
	date_is(2100022900u, false, 0, "2100-02-29 does not (divisible by 100)");
	date_is(2024043100u, false, 0, "April has no 31st");
	date_is(2024013199u, true, 19753, "January 31st with nn 99");
	date_is(2024000100u, false, 0, "month 00 is invalid");
	date_is(2024130100u, false, 0, "month 13 is invalid");
	date_is(2024010000u, false, 0, "day 00 is invalid");
	date_is(1717243200u, false, 0, "a Unix time is no date");
	tap_ok(serial_format_is_date(2024030501u, NULL), "the day may be left out (NULL)");
}

static void test_detect(void)
{
	const uint32_t unix2[] = {1717200000u, 1717243000u};
	const uint32_t date2[] = {2024060101u, 2024053102u};
	const uint32_t mixed[] = {1717200000u, 2024060101u};
	const uint32_t counter[] = {41, 42};
	const uint32_t half_unix[] = {1717200000u, 42};
	const uint32_t both[] = {2024060101u};

	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, unix2, 2, NOW_2024),
		   SERIAL_SCHEME_UNIXTIME, "auto: every serial a Unix time -> unixtime");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, date2, 2, NOW_2024), SERIAL_SCHEME_DATE,
		   "auto: every serial a date -> date");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, mixed, 2, NOW_2024), SERIAL_SCHEME_NONE,
		   "auto: one Unix time, one date -> none");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, counter, 2, NOW_2024),
		   SERIAL_SCHEME_NONE, "auto: counters -> none");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, half_unix, 2, NOW_2024),
		   SERIAL_SCHEME_NONE, "auto: one serial not a Unix time -> none");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, unix2, 0, NOW_2024), SERIAL_SCHEME_NONE,
		   "auto: no serials -> none");
	/* In 2040 the serial 2024060101 is both a date and a plausible Unix time. */
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, both, 1, 2208988800LL),
		   SERIAL_SCHEME_NONE, "auto: a serial that reads both ways -> none");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_AUTO, both, 1, NOW_2024), SERIAL_SCHEME_DATE,
		   "the same serial in 2024 is a date");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_UNIXTIME, counter, 2, NOW_2024),
		   SERIAL_SCHEME_UNIXTIME, "a requested scheme is kept as it is");
	tap_int_eq(serial_format_detect(SERIAL_SCHEME_NONE, unix2, 2, NOW_2024), SERIAL_SCHEME_NONE,
		   "\"none\" is kept");
}

/* serial_format_stale_min must be KNOWN with WANT seconds. */
static void stale_is(enum serial_scheme scheme, uint32_t served, uint32_t newest, int64_t now,
		     bool known, int64_t want, const char *name)
{
	int64_t got = -1;
	bool k = serial_format_stale_min(scheme, served, newest, now, &got);

	if (!tap_ok(k == known && got == want, "%s", name))
		printf("#   got %d %lld, want %d %lld\n", k, (long long)got, known,
		       (long long)want);
}

static void test_stale_min_unixtime(void)
{
	stale_is(SERIAL_SCHEME_UNIXTIME, 1700000000u, 1700003600u, 1700007200, true, 3600,
		 "unixtime: stale at least since the newest serial was made");
	stale_is(SERIAL_SCHEME_UNIXTIME, 1600000000u, 1700003600u, 1700003660, true, 60,
		 "a serial far behind a change made a minute ago: one minute, not the gap");
	stale_is(SERIAL_SCHEME_UNIXTIME, 1700000000u, 1700003600u, 1700000000, true, 0,
		 "a newest serial ahead of now gives 0");
	stale_is(SERIAL_SCHEME_UNIXTIME, 1700003600u, 1700003600u, 1700007200, false, 0,
		 "an address on the newest serial has no bound");
	stale_is(SERIAL_SCHEME_UNIXTIME, 1700003601u, 1700003600u, 1700007200, false, 0,
		 "an address ahead of NEWEST has no bound");
	stale_is(SERIAL_SCHEME_UNIXTIME, 4294967000u, 100, 1700007200, false, 0,
		 "a wrap between the serials gives no bound");
	stale_is(SERIAL_SCHEME_NONE, 1700000000u, 1700003600u, 1700007200, false, 0,
		 "scheme none gives no bound");
	stale_is(SERIAL_SCHEME_AUTO, 1700000000u, 1700003600u, 1700007200, false, 0,
		 "an unresolved auto gives no bound");
}

static void test_stale_min_date(void)
{
	const int64_t latest = MAR5_2024 + 36 * 3600;

	stale_is(SERIAL_SCHEME_DATE, 2024030101u, 2024030501u, latest + 3 * DAY + 5 * 3600, true,
		 3 * DAY, "date: whole days since the newest date's latest making time");
	stale_is(SERIAL_SCHEME_DATE, 2024030101u, 2024030501u, latest + DAY - 1, true, 0,
		 "less than a whole day after that is 0");
	stale_is(SERIAL_SCHEME_DATE, 2024030101u, 2024030501u, MAR5_2024 + 12 * 3600, true, 0,
		 "on the newest serial's own date it is 0");
	stale_is(SERIAL_SCHEME_DATE, 2024030501u, 2024030502u, latest + 10 * DAY, true, 10 * DAY,
		 "a change on the same day counts from that day");
	stale_is(SERIAL_SCHEME_DATE, 2024023000u, 2024030501u, latest + 10 * DAY, false, 0,
		 "an invalid date gives no bound");
}

/* serial_format_gap must be KNOWN with WANT seconds. */
static void gap_is(enum serial_scheme scheme, uint32_t served, uint32_t newest, bool known,
		   int64_t want, const char *name)
{
	int64_t got = -1;
	bool k = serial_format_gap(scheme, served, newest, &got);

	if (!tap_ok(k == known && got == want, "%s", name))
		printf("#   got %d %lld, want %d %lld\n", k, (long long)got, known,
		       (long long)want);
}

static void test_gap(void)
{
	gap_is(SERIAL_SCHEME_UNIXTIME, 1700000000u, 1700003600u, true, 3600,
	       "unixtime gap is the serial difference");
	gap_is(SERIAL_SCHEME_DATE, 2024022801u, 2024030105u, true, 2 * DAY,
	       "date gap counts days across a leap day");
	gap_is(SERIAL_SCHEME_DATE, 2024030101u, 2024030199u, true, 0, "the same day is a gap of 0");
	gap_is(SERIAL_SCHEME_DATE, 2023123101u, 2024010101u, true, DAY, "across a year end");
	gap_is(SERIAL_SCHEME_DATE, 2024030101u, 2024030101u, false, 0, "equal serials: no gap");
	gap_is(SERIAL_SCHEME_UNIXTIME, 4294967295u, 5, false, 0, "a wrap: no gap");
}

int main(void)
{
	test_names();
	test_is_unixtime();
	test_is_date();
	test_detect();
	test_stale_min_unixtime();
	test_stale_min_date();
	test_gap();
	return tap_done();
}
