/* test_soa_sanity.c - unit tests for the SOA timer and serial-date recommendations. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/soa_sanity.h"
#include "tap.h"

#define NOW 1717243200LL /* 2024-06-01 12:00:00 UTC */

/* A SOA within every recommendation. */
static struct soa_values good(void)
{
	struct soa_values s = {2024053101u, 7200, 3600, 1209600, 3600};
	return s;
}

/* All problems of SOA at NOW as text lines joined by "; " into BUF. */
static const char *problems(const struct soa_values *soa, int64_t now, char *buf, size_t size)
{
	struct soa_problem p[SOA_SANITY_MAX];
	size_t n = soa_sanity_check(soa, now, p, SOA_SANITY_MAX), i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && i < SOA_SANITY_MAX; i++) {
		char line[128];
		soa_problem_text(&p[i], line, sizeof line);
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "; " : "", line);
	}
	return buf;
}

static void test_good_soa(void)
{
	struct soa_values s = good();
	char buf[512];

	tap_str_eq(problems(&s, NOW, buf, sizeof buf), "", "a recommended SOA has no problem");
	s.refresh = 1200;
	s.retry = 120;
	s.expire = 2419200;
	s.minimum = 300;
	tap_str_eq(problems(&s, NOW, buf, sizeof buf), "", "the lower ends are included");
	s.refresh = 43200;
	s.retry = 7200;
	s.minimum = 86400;
	s.expire = 1209600;
	tap_str_eq(problems(&s, NOW, buf, sizeof buf), "", "the upper ends are included");
}

/* good() with FIELD set to VALUE must give exactly WANT. */
#define one_field(field, value, want, name)                                                        \
	do {                                                                                       \
		struct soa_values s_ = good();                                                     \
		char buf_[512];                                                                    \
		s_.field = (value);                                                                \
		tap_str_eq(problems(&s_, NOW, buf_, sizeof buf_), want, name);                     \
	} while (0)

static void test_refresh(void)
{
	one_field(refresh, 1199, "REFRESH 1199 below 1200; RETRY 3600 not below REFRESH 1199",
		  "refresh 1199 is below 1200 (and below retry 3600)");
	one_field(refresh, 60, "REFRESH 60 below 1200; RETRY 3600 not below REFRESH 60",
		  "refresh 60 is also below retry");
	one_field(refresh, 43201, "REFRESH 43201 above 43200", "refresh 43201 is above 43200");
}

static void test_retry(void)
{
	one_field(retry, 119, "RETRY 119 below 120", "retry 119 is below 120");
	one_field(retry, 7199, "", "retry 7199 below refresh 7200 is fine");
	one_field(retry, 7200, "RETRY 7200 not below REFRESH 7200", "retry equal to refresh");
	one_field(retry, 7201, "RETRY 7201 above 7200; RETRY 7201 not below REFRESH 7200",
		  "retry 7201 is above 7200 and above refresh");
}

static void test_expire(void)
{
	one_field(expire, 1209599, "EXPIRE 1209599 below 1209600",
		  "expire 1209599 is below 2 weeks");
	one_field(expire, 2419201, "EXPIRE 2419201 above 2419200",
		  "expire 2419201 is above 4 weeks");
	one_field(expire, 10000,
		  "EXPIRE 10000 below 1209600; EXPIRE 10000 below REFRESH + RETRY 10800",
		  "expire shorter than refresh + retry");
}

static void test_expire_sum_does_not_overflow(void)
{
	struct soa_values s = {1, 4294967295u, 4294967295u, 4294967295u, 300};
	struct soa_problem p[SOA_SANITY_MAX];
	size_t n = soa_sanity_check(&s, NOW, p, SOA_SANITY_MAX), i;
	int found = 0;

	for (i = 0; i < n; i++)
		found |= p[i].kind == SOA_EXPIRE_BELOW_SUM && p[i].limit == 8589934590ull;
	tap_ok(found, "refresh + retry beyond 32 bits is compared in 64 bits");
}

static void test_minimum(void)
{
	one_field(minimum, 299, "MINIMUM 299 below 300", "minimum 299 is below 300");
	one_field(minimum, 86401, "MINIMUM 86401 above 86400", "minimum 86401 is above a day");
	one_field(minimum, 0, "MINIMUM 0 below 300", "minimum 0 is below 300");
}

static void test_serial_future(void)
{
	one_field(serial, 2024060299u, "", "a serial dated tomorrow is fine");
	one_field(serial, 2024060300u, "serial 2024060300 dated 2024-06-03, in the future",
		  "a serial dated the day after tomorrow is in the future");
	one_field(serial, 2099123101u, "serial 2099123101 dated 2099-12-31, in the future",
		  "a serial dated 2099 is in the future");
	one_field(serial, 1717243200u, "", "a Unix-time serial is not judged as a date");
	one_field(serial, 4294967295u, "", "a serial that is no date is not judged");
	one_field(serial, 2024023000u, "", "an invalid date is not judged");
}

static void test_serial_future_far_now(void)
{
	struct soa_values s = good();
	char buf[512];

	tap_str_eq(problems(&s, INT64_MAX, buf, sizeof buf), "",
		   "a clock at INT64_MAX does not overflow");
	tap_str_eq(problems(&s, INT64_MIN, buf, sizeof buf),
		   "serial 2024053101 dated 2024-05-31, in the future",
		   "a clock at INT64_MIN sees every date ahead");
}

static void test_all_at_once_and_bounds(void)
{
	struct soa_values s = {2099010101u, 10, 20, 5, 1};
	struct soa_problem p[SOA_SANITY_MAX + 1];
	char line[8];
	size_t n;

	memset(p, 0xab, sizeof p);
	n = soa_sanity_check(&s, NOW, p, SOA_SANITY_MAX);
	tap_ok(n > 0 && n <= SOA_SANITY_MAX, "all problems at once fit SOA_SANITY_MAX (%zu)", n);
	tap_int_eq(p[0].kind, SOA_REFRESH_LOW, "problems come in the order of the enum");
	tap_int_eq(p[n - 1].kind, SOA_SERIAL_FUTURE, "the serial comes last");
	memset(p, 0xab, sizeof p);
	tap_int_eq(soa_sanity_check(&s, NOW, p, 2), n, "with room for 2 the count is still all");
	tap_ok(p[2].value == 0xabababab, "and nothing is written past the room");
	tap_int_eq(soa_problem_text(&p[0], line, sizeof line), strlen("REFRESH 10 below 1200"),
		   "a short text buffer still gets the whole length");
	tap_str_eq(line, "REFRESH", "and a NUL-terminated prefix");
}

int main(void)
{
	test_good_soa();
	test_refresh();
	test_retry();
	test_expire();
	test_expire_sum_does_not_overflow();
	test_minimum();
	test_serial_future();
	test_serial_future_far_now();
	test_all_at_once_and_bounds();
	return tap_done();
}
