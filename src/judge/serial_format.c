/* serial_format.c - recognise Unix-time and YYYYMMDDnn serials; what they tell about staleness. */
#include "config.h"

#include <string.h>

#include "judge/serial.h"
#include "judge/serial_format.h"

#define DAY_SECONDS 86400

static const struct {
	const char *name;
	enum serial_scheme scheme;
} serial_format_names[] = {
    {"auto", SERIAL_SCHEME_AUTO},
    {"unixtime", SERIAL_SCHEME_UNIXTIME},
    {"date", SERIAL_SCHEME_DATE},
    {"none", SERIAL_SCHEME_NONE},
};

bool serial_format_from_name(const char *name, enum serial_scheme *scheme)
{
	size_t i;

	for (i = 0; i < sizeof serial_format_names / sizeof serial_format_names[0]; i++) {
		if (strcmp(name, serial_format_names[i].name) == 0) {
			*scheme = serial_format_names[i].scheme;
			return true;
		}
	}
	return false;
}

const char *serial_format_name(enum serial_scheme scheme)
{
	size_t i;

	for (i = 0; i < sizeof serial_format_names / sizeof serial_format_names[0]; i++)
		if (serial_format_names[i].scheme == scheme)
			return serial_format_names[i].name;
	return "?";
}

bool serial_format_is_unixtime(uint32_t serial, int64_t now)
{
	return (int64_t)serial >= SERIAL_UNIXTIME_MIN &&
	       (now > INT64_MAX - SERIAL_UNIXTIME_AHEAD ||
		(int64_t)serial <= now + SERIAL_UNIXTIME_AHEAD);
}

/* Days since 1970-01-01 of the Gregorian date Y-M-D (M 1..12, Y >= 1). */
static int64_t serial_format_days(int64_t y, int64_t m, int64_t d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	int64_t leaps, py = y - 1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	/* Leap days in the years 1..Y-1, less those in 1..1969 (477). */
	leaps = py / 4 - py / 100 + py / 400 - 477;
	return (y - 1970) * 365 + leaps + before[m - 1] + (leap && m > 2 ? 1 : 0) + d - 1;
}

bool serial_format_is_date(uint32_t serial, int64_t *day)
{
	static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t ymd = serial / 100, y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < SERIAL_DATE_YEAR_MIN || y > SERIAL_DATE_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > month_days[m - 1] || (m == 2 && d == 29 && !leap))
		return false;
	if (day != NULL)
		*day = serial_format_days(y, m, d);
	return true;
}

enum serial_scheme serial_format_detect(enum serial_scheme requested, const uint32_t *serials,
					size_t n, int64_t now)
{
	size_t i, unixtime = 0, date = 0;

	if (requested != SERIAL_SCHEME_AUTO)
		return requested;
	for (i = 0; i < n; i++) {
		unixtime += serial_format_is_unixtime(serials[i], now);
		date += serial_format_is_date(serials[i], NULL);
	}
	if (n > 0 && unixtime == n && date == 0)
		return SERIAL_SCHEME_UNIXTIME;
	if (n > 0 && date == n && unixtime == 0)
		return SERIAL_SCHEME_DATE;
	return SERIAL_SCHEME_NONE;
}

/* SERVED older than NEWEST by RFC 1982 and numerically; for dates, both valid (their
 * days into *DAY_SERVED, *DAY_NEWEST). */
static bool serial_format_ordered(enum serial_scheme scheme, uint32_t served, uint32_t newest,
				  int64_t *day_served, int64_t *day_newest)
{
	if (serial_compare(served, newest) != SERIAL_LESS || served >= newest)
		return false;
	if (scheme == SERIAL_SCHEME_UNIXTIME)
		return true;
	return scheme == SERIAL_SCHEME_DATE && serial_format_is_date(served, day_served) &&
	       serial_format_is_date(newest, day_newest);
}

bool serial_format_stale_min(enum serial_scheme scheme, uint32_t served, uint32_t newest,
			     int64_t now, int64_t *seconds)
{
	int64_t day_served = 0, day_newest = 0, since;

	*seconds = 0;
	if (!serial_format_ordered(scheme, served, newest, &day_served, &day_newest))
		return false;
	if (scheme == SERIAL_SCHEME_UNIXTIME)
		since = newest;
	else
		since = day_newest * DAY_SECONDS + SERIAL_DATE_LATEST;
	if (now > since)
		*seconds = scheme == SERIAL_SCHEME_UNIXTIME
			       ? now - since
			       : (now - since) / DAY_SECONDS * DAY_SECONDS;
	return true;
}

bool serial_format_gap(enum serial_scheme scheme, uint32_t served, uint32_t newest,
		       int64_t *seconds)
{
	int64_t day_served = 0, day_newest = 0;

	*seconds = 0;
	if (!serial_format_ordered(scheme, served, newest, &day_served, &day_newest))
		return false;
	if (scheme == SERIAL_SCHEME_UNIXTIME)
		*seconds = (int64_t)newest - (int64_t)served;
	else
		*seconds = (day_newest - day_served) * DAY_SECONDS;
	return true;
}
