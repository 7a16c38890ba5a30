/* fuzz_range.c - libFuzzer target: threshold range parsing, evaluation and its perfdata form. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "mp/mp_perfdata.h"
#include "mp/mp_range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed range keeps its own text, is ordered, and its text parses again to the same. */
static void fuzz_check_parsed(const char *text, const struct mp_range *r)
{
	struct mp_range again;

	if (!r->set || strcmp(r->text, text) != 0)
		fuzz_fail("parsed range lost its text", text, strlen(text));
	if (!r->start_infinite && !r->end_infinite && !(r->start <= r->end))
		fuzz_fail("accepted a range with start > end", text, strlen(text));
	if (isnan(r->start) || isnan(r->end))
		fuzz_fail("accepted a NaN bound", text, strlen(text));
	if (strchr(text, '%') != NULL || strchr(text, ' ') != NULL || strchr(text, '|') != NULL)
		fuzz_fail("accepted a range with '%', ' ' or '|'", text, strlen(text));
	if (mp_range_parse(r->text, &again) != MP_RANGE_OK || again.start != r->start ||
	    again.end != r->end || again.start_infinite != r->start_infinite ||
	    again.end_infinite != r->end_infinite || again.inside != r->inside ||
	    strcmp(again.text, r->text) != 0)
		fuzz_fail("range text does not parse back to the same range", text, strlen(text));
}

/* Evaluate R at its bounds and around them; "alerts" must follow the definition. */
static void fuzz_check_alerts(const char *text, const struct mp_range *r)
{
	const double probes[] = {r->start, r->end, r->start - 1, r->end + 1, 0.0,
				 -0.0,     1e300,  -1e300,       INFINITY,   -INFINITY};
	size_t i;

	for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		double v = probes[i];
		bool within, want;
		if (isnan(v))
			continue;
		within = (r->start_infinite || v >= r->start) && (r->end_infinite || v <= r->end);
		want = r->inside ? within : !within;
		if (mp_range_alerts(r, v) != want)
			fuzz_fail("mp_range_alerts disagrees with the range's definition", text,
				  strlen(text));
		if (mp_range_state(v, r, r) != (want ? MP_CRITICAL : MP_OK))
			fuzz_fail("mp_range_state disagrees with mp_range_alerts", text,
				  strlen(text));
	}
	if (!mp_range_alerts(r, NAN))
		fuzz_fail("NaN does not alert", text, strlen(text));
}

/* The range as perfdata warn/crit fields must keep the item well-formed. */
static void fuzz_check_perf(const struct mp_range *r, double value)
{
	struct mp_strbuf sb = {0};
	struct mp_perf p;

	memset(&p, 0, sizeof p);
	p.label = "lag_max";
	p.value = value;
	p.warn = r;
	p.crit = r;
	p.has_min = true;
	mp_perf_append(&sb, &p);
	if (!sb.failed)
		fuzz_assert_perf_item(mp_strbuf_str(&sb), sb.len);
	mp_strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct mp_range r;
	double value = 0.0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (mp_range_parse(text, &r) == MP_RANGE_OK) {
		fuzz_check_parsed(text, &r);
		fuzz_check_alerts(text, &r);
		if (size >= sizeof value)
			memcpy(&value, data, sizeof value);
		fuzz_check_perf(&r, value);
	} else if (r.set) {
		fuzz_fail("a rejected range is marked set", text, size);
	}
	free(text);
	return 0;
}
