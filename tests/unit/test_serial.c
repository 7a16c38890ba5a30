/* test_serial.c - unit tests for RFC 1982 serial comparison, distance and newest-of-a-set. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "judge/serial.h"
#include "tap.h"

#define HALF 0x80000000u

static const char *cmp_name(enum serial_cmp c)
{
	switch (c) {
	case SERIAL_EQUAL:
		return "EQUAL";
	case SERIAL_LESS:
		return "LESS";
	case SERIAL_GREATER:
		return "GREATER";
	case SERIAL_INCOMPARABLE:
		return "INCOMPARABLE";
	}
	return "?";
}

/* serial_compare(A, B) must be WANT; report under NAME. */
static void compares(const char *name, uint32_t a, uint32_t b, enum serial_cmp want)
{
	enum serial_cmp got = serial_compare(a, b);

	if (!tap_ok(got == want, "%s", name))
		printf("#   compare(%lu, %lu) = %s, want %s\n", (unsigned long)a, (unsigned long)b,
		       cmp_name(got), cmp_name(want));
}

static void test_compare_plain(void)
{
	compares("serial 1 equals 1", 1, 1, SERIAL_EQUAL);
	compares("serial 0 equals 0", 0, 0, SERIAL_EQUAL);
	compares("serial 4294967295 equals 4294967295", 4294967295u, 4294967295u, SERIAL_EQUAL);
	compares("serial 2026112400 is less than 2026112401", 2026112400u, 2026112401u,
		 SERIAL_LESS);
	compares("serial 2026112401 is greater than 2026112400", 2026112401u, 2026112400u,
		 SERIAL_GREATER);
	compares("serial 0 is less than 1", 0, 1, SERIAL_LESS);
	compares("serial 1 is greater than 0", 1, 0, SERIAL_GREATER);
	compares("serial 2147483647 is greater than 2147483646", 2147483647u, 2147483646u,
		 SERIAL_GREATER);
	compares("serial 2147483648 is greater than 2147483647", HALF, HALF - 1, SERIAL_GREATER);
}

static void test_compare_wrap(void)
{
	compares("serial 4294967295 is less than 0 (wrap)", 4294967295u, 0, SERIAL_LESS);
	compares("serial 4294967295 is less than 1 (wrap)", 4294967295u, 1, SERIAL_LESS);
	compares("serial 1 is greater than 4294967295 (wrap)", 1, 4294967295u, SERIAL_GREATER);
	compares("serial 0 is greater than 4294967295 (wrap)", 0, 4294967295u, SERIAL_GREATER);
	compares("serial 4000000000 is less than 100 (wrap)", 4000000000u, 100, SERIAL_LESS);
	compares("serial 100 is greater than 4000000000 (wrap)", 100, 4000000000u, SERIAL_GREATER);
}

static void test_compare_half(void)
{
	compares("serials 0 and 2^31 are incomparable", 0, HALF, SERIAL_INCOMPARABLE);
	compares("serials 2^31 and 0 are incomparable", HALF, 0, SERIAL_INCOMPARABLE);
	compares("serials 1000 and 1000+2^31 are incomparable", 1000, 1000 + HALF,
		 SERIAL_INCOMPARABLE);
	compares("serials 1000+2^31 and 1000 are incomparable", 1000 + HALF, 1000,
		 SERIAL_INCOMPARABLE);
	compares("serials 4294967295 and 2147483647 are incomparable (2^31 across the wrap)",
		 4294967295u, 2147483647u, SERIAL_INCOMPARABLE);
	compares("serial 0 is less than 2^31-1 (2^31-1 apart)", 0, HALF - 1, SERIAL_LESS);
	compares("serial 2^31-1 is greater than 0 (2^31-1 apart)", HALF - 1, 0, SERIAL_GREATER);
	compares("serial 0 is greater than 2^31+1 (2^31+1 apart is 2^31-1 the other way)", 0,
		 HALF + 1, SERIAL_GREATER);
	compares("serial 2^31+1 is less than 0", HALF + 1, 0, SERIAL_LESS);
	compares("serial 1000+2^31-1 is greater than 1000", 1000 + HALF - 1, 1000, SERIAL_GREATER);
}

static void test_distance(void)
{
	tap_int_eq(serial_distance(5, 5), 0, "distance from a serial to itself is 0");
	tap_int_eq(serial_distance(2026112400u, 2026112401u), 1,
		   "serial 2026112400 is 1 behind 2026112401");
	tap_int_eq(serial_distance(4294967295u, 1), 2, "serial 4294967295 is 2 behind 1");
	tap_int_eq(serial_distance(4294967295u, 0), 1, "serial 4294967295 is 1 behind 0");
	tap_int_eq(serial_distance(0, HALF - 1), HALF - 1, "serial 0 is 2^31-1 behind 2^31-1");
	tap_int_eq(serial_distance(4000000000u, 100), 294967396,
		   "serial 4000000000 is 294967396 behind 100");
}

/* serial_newest over the N serials must succeed with WANT. */
static void newest_is(const char *name, const uint32_t *s, size_t n, uint32_t want)
{
	uint32_t got = 0xdeadbeefu;
	bool ok = serial_newest(s, n, &got);

	if (!tap_ok(ok && got == want, "%s", name))
		printf("#   ok=%d got %lu, want %lu\n", ok, (unsigned long)got,
		       (unsigned long)want);
}

/* serial_newest over the N serials must fail and leave *newest alone. */
static void newest_fails(const char *name, const uint32_t *s, size_t n)
{
	uint32_t got = 0xdeadbeefu;
	bool ok = serial_newest(s, n, &got);

	if (!tap_ok(!ok && got == 0xdeadbeefu, "%s", name))
		printf("#   ok=%d got %lu\n", ok, (unsigned long)got);
}

static void test_newest(void)
{
	static const uint32_t one[] = {42};
	static const uint32_t plain[] = {2026112400u, 2026112401u, 2026112399u};
	static const uint32_t dups[] = {7, 9, 9, 7, 9};
	static const uint32_t same[] = {5, 5, 5};
	static const uint32_t wrap[] = {4294967295u, 1, 4294967290u, 0};
	static const uint32_t wrap_first_new[] = {3, 4294967295u};
	static const uint32_t unorderable[] = {1000, 1000 + HALF};
	static const uint32_t circle[] = {0, 0x55555555u, 0xaaaaaaaau};
	static const uint32_t too_far[] = {0, HALF - 1, HALF + 10};
	static const uint32_t edge[] = {0, HALF - 1};

	newest_is("newest of a single serial is that serial", one, 1, 42);
	newest_is("newest of 2026112400, 2026112401, 2026112399 is 2026112401", plain, 3,
		  2026112401u);
	newest_is("newest with duplicates is the duplicated newest", dups, 5, 9);
	newest_is("newest of equal serials is that serial", same, 3, 5);
	newest_is("newest of a set across the wrap is the one past 0", wrap, 4, 1);
	newest_is("newest of {3, 4294967295} is 3 (across the wrap)", wrap_first_new, 2, 3);
	newest_is("newest of {0, 2^31-1} is 2^31-1 (just under half apart)", edge, 2, HALF - 1);
	newest_fails("set {1000, 1000+2^31} cannot be ordered", unorderable, 2);
	newest_fails("set spread around the whole circle cannot be ordered", circle, 3);
	newest_fails("set whose ends are more than 2^31 apart cannot be ordered", too_far, 3);
	newest_fails("empty set has no newest", one, 0);
}

int main(void)
{
	test_compare_plain();
	test_compare_wrap();
	test_compare_half();
	test_distance();
	test_newest();
	return tap_done();
}
