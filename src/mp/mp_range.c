/* mp_range.c - strict, locale-independent parsing and evaluation of threshold ranges. */
#include "config.h"

#include "mp/mp_range.h"

#include <math.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Scan a decimal number -?DIGITS[.DIGITS] at *PP. On success store it in *OUT,
 * advance *PP past it and return true; otherwise leave *PP alone and return false.
 * The value is the digit string read as an integer, divided once by a power of ten,
 * so it is exact (correctly rounded) for up to 15 significant digits. */
static bool scan_decimal(const char **pp, double *out)
{
	const char *p = *pp;
	bool negative = false;
	double mantissa = 0.0, scale = 1.0;
	size_t int_digits = 0, frac_digits = 0;

	if (*p == '-') {
		negative = true;
		p++;
	}
	for (; is_digit(*p); p++, int_digits++)
		mantissa = mantissa * 10.0 + (*p - '0');
	if (int_digits == 0)
		return false;
	if (*p == '.') {
		for (p++; is_digit(*p); p++, frac_digits++) {
			mantissa = mantissa * 10.0 + (*p - '0');
			scale *= 10.0;
		}
		if (frac_digits == 0)
			return false;
	}
	*out = mantissa / scale;
	if (negative && *out != 0.0)
		*out = -*out;
	*pp = p;
	return true;
}

/* Parse what follows an optional '@' into R (bounds only, no checks across them). */
static enum mp_range_error parse_bounds(const char *p, struct mp_range *r)
{
	if (*p == '~') {
		if (p[1] != ':')
			return MP_RANGE_SYNTAX;
		p += 2;
		r->start_infinite = true;
		if (!scan_decimal(&p, &r->end))
			return MP_RANGE_SYNTAX;
		return *p == '\0' ? MP_RANGE_OK : MP_RANGE_SYNTAX;
	}
	if (!scan_decimal(&p, &r->start))
		return MP_RANGE_SYNTAX;
	if (*p == '\0') { /* "N" means 0..N */
		r->end = r->start;
		r->start = 0.0;
		return MP_RANGE_OK;
	}
	if (*p++ != ':')
		return MP_RANGE_SYNTAX;
	if (*p == '\0') {
		r->end_infinite = true;
		return MP_RANGE_OK;
	}
	if (!scan_decimal(&p, &r->end))
		return MP_RANGE_SYNTAX;
	return *p == '\0' ? MP_RANGE_OK : MP_RANGE_SYNTAX;
}

/* Length of TEXT, but stop counting at LIMIT. */
static size_t length_up_to(const char *text, size_t limit)
{
	size_t n = 0;

	while (n < limit && text[n] != '\0')
		n++;
	return n;
}

enum mp_range_error mp_range_parse(const char *text, struct mp_range *out)
{
	struct mp_range r;
	enum mp_range_error err;
	size_t len = length_up_to(text, sizeof(r.text));

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (len == 0)
		return MP_RANGE_EMPTY;
	if (len >= sizeof(r.text))
		return MP_RANGE_TOO_LONG;
	if (text[0] == '@')
		r.inside = true;
	err = parse_bounds(text + (r.inside ? 1 : 0), &r);
	if (err != MP_RANGE_OK)
		return err;
	if (!r.start_infinite && !r.end_infinite && r.start > r.end)
		return MP_RANGE_START_GT_END;
	memcpy(r.text, text, len + 1);
	r.set = true;
	*out = r;
	return MP_RANGE_OK;
}

const char *mp_range_strerror(enum mp_range_error err)
{
	switch (err) {
	case MP_RANGE_OK:
		return "no error";
	case MP_RANGE_EMPTY:
		return "range is empty";
	case MP_RANGE_SYNTAX:
		return "range is not [@]N, [@]N:, [@]~:N or [@]N:M with plain decimal numbers";
	case MP_RANGE_START_GT_END:
		return "start is greater than end";
	case MP_RANGE_TOO_LONG:
		return "range is too long";
	}
	return "unknown range error";
}

bool mp_range_alerts(const struct mp_range *range, double value)
{
	bool within;

	if (range == NULL || !range->set)
		return false;
	if (isnan(value))
		return true;
	within = (range->start_infinite || value >= range->start) &&
		 (range->end_infinite || value <= range->end);
	return range->inside ? within : !within;
}

enum mp_state mp_range_state(double value, const struct mp_range *warn, const struct mp_range *crit)
{
	if (mp_range_alerts(crit, value))
		return MP_CRITICAL;
	if (mp_range_alerts(warn, value))
		return MP_WARNING;
	return MP_OK;
}
