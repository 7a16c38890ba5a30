/* test_mp_perfdata.c - unit tests for perfdata items: labels, numbers, ranges, trimming. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "mp/mp_perfdata.h"
#include "mp/mp_strbuf.h"
#include "tap.h"

static void number_is(double value, const char *want)
{
	char buf[64];

	memset(buf, 'Z', sizeof(buf));
	mp_perf_format_number(buf, value);
	if (!tap_ok(strcmp(buf, want) == 0, "number %.17g prints as %s", value, want))
		printf("#   got:  \"%s\"\n", buf);
}

static void test_numbers(void)
{
	number_is(0, "0");
	number_is(-0.0, "0");
	number_is(1, "1");
	number_is(-1, "-1");
	number_is(0.0011, "0.0011");
	number_is(2026112401, "2026112401");
	number_is(4294967295.0, "4294967295");
	number_is(-2.5, "-2.5");
	number_is(0.5, "0.5");
	number_is(0.25, "0.25");
	number_is(10, "10");
	number_is(100, "100");
	number_is(1000000, "1000000");
	number_is(0.1, "0.1");
	number_is(0.000001, "0.000001");
	number_is(0.123456, "0.123456");
	number_is(0.1234564, "0.123456");
	number_is(0.1234566, "0.123457");
	number_is(0.0000004, "0");
	number_is(-0.0000004, "0");
	number_is(1.9999999, "2");
	number_is(12.340000, "12.34");
	number_is(1e15, "1000000000000000");
	number_is(18446744073709551616.0, "18446744073709551616");
	number_is(-123456.789, "-123456.789");
}

static void test_numbers_defensive(void)
{
	char buf[64];

	number_is(NAN, "0");
	number_is(INFINITY, "0");
	number_is(-INFINITY, "0");
	mp_perf_format_number(buf, DBL_MAX);
	tap_ok(strlen(buf) < 64 && strchr(buf, 'e') == NULL && buf[0] != '-',
	       "number DBL_MAX is clamped to fit 64 bytes without exponent");
	mp_perf_format_number(buf, -DBL_MAX);
	tap_ok(strlen(buf) < 64 && buf[0] == '-', "number -DBL_MAX is clamped and stays negative");
	mp_perf_format_number(buf, 1e-300);
	tap_str_eq(buf, "0", "number 1e-300 prints as 0 without exponent");
}

/* Append PERF to an empty buffer and compare with WANT. */
static void perf_is(const char *name, const struct mp_perf *perf, const char *want)
{
	struct mp_strbuf sb = {0};

	mp_perf_append(&sb, perf);
	tap_str_eq(mp_strbuf_str(&sb), want, "%s", name);
	tap_ok(!sb.failed, "%s: no allocation failure", name);
	mp_strbuf_free(&sb);
}

static void test_trimming(void)
{
	struct mp_range warn, crit;
	struct mp_perf p;

	mp_range_parse("0", &warn);
	mp_range_parse("5", &crit);
	p = (struct mp_perf){.label = "serial", .value = 2026112401};
	perf_is("perfdata: no thresholds and no min/max prints label=value only", &p,
		"serial=2026112401");
	p = (struct mp_perf){.label = "servers", .value = 6, .has_min = true, .min = 0};
	perf_is("perfdata: min only keeps empty warn and crit fields", &p, "servers=6;;;0");
	p = (struct mp_perf){.label = "lag_max",
			     .value = 1,
			     .warn = &warn,
			     .crit = &crit,
			     .has_min = true,
			     .min = 0};
	perf_is("perfdata: warn, crit and min, trailing max trimmed", &p, "lag_max=1;0;5;0");
	p = (struct mp_perf){.label = "a", .value = 1, .warn = &warn};
	perf_is("perfdata: warn only", &p, "a=1;0");
	p = (struct mp_perf){.label = "a", .value = 1, .crit = &crit};
	perf_is("perfdata: crit only keeps an empty warn field", &p, "a=1;;5");
	p = (struct mp_perf){.label = "a", .value = 1, .has_max = true, .max = 100};
	perf_is("perfdata: max only keeps three empty fields", &p, "a=1;;;;100");
	p = (struct mp_perf){.label = "a",
			     .value = 1,
			     .warn = &warn,
			     .crit = &crit,
			     .has_min = true,
			     .min = 0,
			     .has_max = true,
			     .max = 2.5};
	perf_is("perfdata: all fields", &p, "a=1;0;5;0;2.5");
	p = (struct mp_perf){.label = "a", .value = 1, .warn = &warn, .has_max = true, .max = 3};
	perf_is("perfdata: inner empty fields are kept", &p, "a=1;0;;;3");
}

static void test_ranges(void)
{
	struct mp_range warn, crit, unset;
	struct mp_perf p;

	memset(&unset, 0, sizeof(unset));
	mp_range_parse("@10:20", &warn);
	mp_range_parse("~:0.50", &crit);
	p = (struct mp_perf){
	    .label = "t", .value = 0.0011, .uom = "s", .warn = &warn, .crit = &crit};
	perf_is("perfdata: ranges are printed as given", &p, "t=0.0011s;@10:20;~:0.50");
	p = (struct mp_perf){.label = "t", .value = 1, .warn = &unset, .crit = &unset};
	perf_is("perfdata: unset ranges are empty fields and trimmed", &p, "t=1");
	mp_range_parse("5:3", &warn);
	p = (struct mp_perf){.label = "t", .value = 1, .warn = &warn};
	perf_is("perfdata: a rejected range prints as an empty field", &p, "t=1");
}

static void test_built_ranges(void)
{
	struct mp_range r;
	struct mp_perf p = {.label = "x", .value = 1, .warn = &r};

	memset(&r, 0, sizeof(r));
	r.set = true;
	r.start = 1.5;
	r.end = 3;
	perf_is("perfdata: a range without text is rebuilt from its bounds", &p, "x=1;1.5:3");
	r.inside = true;
	r.start_infinite = true;
	perf_is("perfdata: a rebuilt range keeps '@' and '~'", &p, "x=1;@~:3");
	r.inside = false;
	r.start_infinite = false;
	r.end_infinite = true;
	perf_is("perfdata: a rebuilt open range ends with ':'", &p, "x=1;1.5:");
	strcpy(r.text, "1;2 |");
	perf_is("perfdata: range text with foreign characters is rebuilt", &p, "x=1;1.5:");
	memset(r.text, '1', sizeof(r.text));
	perf_is("perfdata: range text without NUL is rebuilt", &p, "x=1;1.5:");
}

static void test_label_and_uom(void)
{
	struct mp_perf p = {.label = "a|b=c d", .value = 1};

	perf_is("perfdata: the label is escaped", &p, "a%7Cb%3Dc%20d=1");
	p = (struct mp_perf){.label = "it's", .value = 1};
	perf_is("perfdata: a quote in the label is escaped", &p, "it%27s=1");
	p = (struct mp_perf){.label = "nl\n", .value = 1};
	perf_is("perfdata: a newline in the label is escaped", &p, "nl%0A=1");
	p = (struct mp_perf){.label = "pct", .value = 99.5, .uom = "%"};
	perf_is("perfdata: uom % follows the value", &p, "pct=99.5%");
	p = (struct mp_perf){.label = "b", .value = 1024, .uom = "B"};
	perf_is("perfdata: uom B follows the value", &p, "b=1024B");
	p = (struct mp_perf){.label = "c", .value = 7, .uom = "c"};
	perf_is("perfdata: uom c follows the value", &p, "c=7c");
	p = (struct mp_perf){.label = "n", .value = 7, .uom = NULL};
	perf_is("perfdata: NULL uom is empty", &p, "n=7");
	p = (struct mp_perf){.label = "n", .value = 7, .uom = ""};
	perf_is("perfdata: empty uom is empty", &p, "n=7");
	p = (struct mp_perf){.label = "n", .value = 7, .uom = "m s;|1"};
	perf_is("perfdata: uom keeps only letters and '%'", &p, "n=7ms");
	p = (struct mp_perf){.label = "n", .value = NAN, .has_min = true, .min = INFINITY};
	perf_is("perfdata: non-finite numbers print as 0", &p, "n=0;;;0");
}

static void test_separation(void)
{
	struct mp_strbuf sb = {0};
	struct mp_perf a = {.label = "a", .value = 1};
	struct mp_perf b = {.label = "b", .value = 2, .uom = "s"};

	mp_perf_append(&sb, &a);
	mp_perf_append(&sb, &b);
	tap_str_eq(mp_strbuf_str(&sb), "a=1 b=2s", "perfdata: items are separated by one space");
	mp_strbuf_free(&sb);
	mp_strbuf_puts(&sb, "x=0");
	mp_perf_append(&sb, &a);
	tap_str_eq(mp_strbuf_str(&sb), "x=0 a=1",
		   "perfdata: a space is added after existing content");
	mp_strbuf_free(&sb);
}

int main(void)
{
	test_numbers();
	test_numbers_defensive();
	test_trimming();
	test_ranges();
	test_built_ranges();
	test_label_and_uom();
	test_separation();
	return tap_done();
}
