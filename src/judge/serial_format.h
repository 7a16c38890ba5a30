/* serial_format.h - serial schemes (Unix time, YYYYMMDDnn): detection and staleness bounds. */
#ifndef SERIAL_FORMAT_H
#define SERIAL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SERIAL_UNIXTIME_MIN   946684800LL /* 2000-01-01 00:00:00 UTC */
#define SERIAL_UNIXTIME_AHEAD 86400       /* a Unix-time serial may be this far past now */
#define SERIAL_DATE_YEAR_MIN  1990
#define SERIAL_DATE_YEAR_MAX  2100
/* A date-style serial was made on its date in some time zone (UTC-12 .. UTC+14),
 * so at the latest this long after 00:00 UTC of that date. */
#define SERIAL_DATE_LATEST 129600 /* 36 h */

/* How a zone's serials are made. SERIAL_SCHEME_AUTO is a request only: see
 * serial_format_detect. */
enum serial_scheme {
	SERIAL_SCHEME_NONE,     /* no known scheme: no bound from the serials */
	SERIAL_SCHEME_UNIXTIME, /* seconds since 1970-01-01 UTC when the version was made */
	SERIAL_SCHEME_DATE,     /* YYYYMMDDnn: the date the version was made, nn a counter */
	SERIAL_SCHEME_AUTO
};

/* The scheme named NAME ("auto", "unixtime", "date", "none"; exact, lower case) into
 * *SCHEME. Returns false, *SCHEME untouched, for any other text. */
bool serial_format_from_name(const char *name, enum serial_scheme *scheme);

/* The name of SCHEME as serial_format_from_name reads it (static storage). */
const char *serial_format_name(enum serial_scheme scheme);

/* True when SERIAL is a plausible Unix time at NOW (Unix seconds): from
 * SERIAL_UNIXTIME_MIN to NOW + SERIAL_UNIXTIME_AHEAD, both included. */
bool serial_format_is_unixtime(uint32_t serial, int64_t now);

/* True when SERIAL, written in decimal, is YYYYMMDDnn with YYYY in
 * SERIAL_DATE_YEAR_MIN..SERIAL_DATE_YEAR_MAX, MM in 1..12 and DD a day of that month
 * (Gregorian leap years); nn is any 00..99. Then *DAY (when not NULL) is the date as
 * days since 1970-01-01. */
bool serial_format_is_date(uint32_t serial, int64_t *day);

/* The scheme in effect for the serials in play, SERIALS (N of them), at NOW.
 * REQUESTED other than SERIAL_SCHEME_AUTO is returned as it is. AUTO gives:
 * - SERIAL_SCHEME_UNIXTIME when N > 0, every serial is a plausible Unix time and
 *   none is a valid YYYYMMDDnn date;
 * - SERIAL_SCHEME_DATE when N > 0, every serial is a valid YYYYMMDDnn date and none
 *   is a plausible Unix time;
 * - SERIAL_SCHEME_NONE otherwise: "unambiguous" means that one reading fits every
 *   serial and the other reading fits none. (Until January 2033 no serial is both, as
 *   the smallest date serial, 1990010100, is later than now + 1 day as a Unix time.) */
enum serial_scheme serial_format_detect(enum serial_scheme requested, const uint32_t *serials,
					size_t n, int64_t now);

/* A lower bound of how long an address serving SERVED has been stale, when NEWEST
 * is the newest serial in play and SCHEME how serials are made. The address has
 * been stale since the first version newer than SERVED was published, which was no
 * later than when NEWEST was; taking a version to be published when its serial
 * says it was made, the bound is
 * - SERIAL_SCHEME_UNIXTIME: NOW - NEWEST seconds;
 * - SERIAL_SCHEME_DATE: NOW - (00:00 UTC of NEWEST's date + SERIAL_DATE_LATEST),
 *   rounded down to whole days (a multiple of 86400 seconds);
 * clamped to 0. It overstates by at most the delay between making NEWEST and
 * publishing it. It is not NEWEST - SERVED: a zone changed monthly whose server
 * missed a change made a minute ago is a month apart but one minute stale.
 * Sets *SECONDS and returns true when SERVED is older than NEWEST both by RFC 1982
 * and numerically (no wrap between them) and, for dates, both are valid dates;
 * false otherwise, and for SERIAL_SCHEME_NONE or AUTO. */
bool serial_format_stale_min(enum serial_scheme scheme, uint32_t served, uint32_t newest,
			     int64_t now, int64_t *seconds);

/* How much older the version SERVED is than NEWEST, by their serials: NEWEST - SERVED
 * seconds (Unix time), or whole days between the dates times 86400 (0 for the same
 * day). Not a staleness (see above): for display ("3 days older"). Same conditions
 * and result as serial_format_stale_min. */
bool serial_format_gap(enum serial_scheme scheme, uint32_t served, uint32_t newest,
		       int64_t *seconds);

#endif
