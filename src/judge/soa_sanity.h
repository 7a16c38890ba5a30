/* soa_sanity.h - SOA timers and serial date against RFC 1912 2.2 / RFC 2308 recommendations. */
#ifndef SOA_SANITY_H
#define SOA_SANITY_H

#include <stddef.h>
#include <stdint.h>

/* The recommended ranges, in seconds, both ends included (RFC 1912 section 2.2,
 * RFC 2308 section 5 for the negative-caching MINIMUM, as zone checkers apply them). */
#define SOA_REFRESH_MIN 1200    /* 20 minutes */
#define SOA_REFRESH_MAX 43200   /* 12 hours */
#define SOA_RETRY_MIN   120     /* 2 minutes */
#define SOA_RETRY_MAX   7200    /* 2 hours */
#define SOA_EXPIRE_MIN  1209600 /* 2 weeks */
#define SOA_EXPIRE_MAX  2419200 /* 4 weeks */
#define SOA_MINIMUM_MIN 300     /* 5 minutes */
#define SOA_MINIMUM_MAX 86400   /* 1 day */
/* A YYYYMMDDnn serial whose date starts more than this after now is in the future:
 * a serial dated tomorrow (UTC) is fine, one dated the day after is not. */
#define SOA_SERIAL_AHEAD 86400

#define SOA_SANITY_MAX 8 /* more problems than one SOA can have at once */

/* The SOA fields that are checked. */
struct soa_values {
	uint32_t serial, refresh, retry, expire, minimum;
};

enum soa_problem_kind {
	SOA_REFRESH_LOW,      /* value < limit (SOA_REFRESH_MIN) */
	SOA_REFRESH_HIGH,     /* value > limit (SOA_REFRESH_MAX) */
	SOA_RETRY_LOW,        /* value < limit (SOA_RETRY_MIN) */
	SOA_RETRY_HIGH,       /* value > limit (SOA_RETRY_MAX) */
	SOA_RETRY_NOT_BELOW,  /* retry (value) >= refresh (limit): retrying must come sooner */
	SOA_EXPIRE_LOW,       /* value < limit (SOA_EXPIRE_MIN) */
	SOA_EXPIRE_HIGH,      /* value > limit (SOA_EXPIRE_MAX) */
	SOA_EXPIRE_BELOW_SUM, /* expire (value) < refresh + retry (limit) */
	SOA_MINIMUM_LOW,      /* value < limit (SOA_MINIMUM_MIN) */
	SOA_MINIMUM_HIGH,     /* value > limit (SOA_MINIMUM_MAX) */
	SOA_SERIAL_FUTURE     /* date-style serial (value) dated after now + SOA_SERIAL_AHEAD;
				 limit is that date as days since 1970-01-01 */
};

/* One problem: which, the offending value and the limit it broke. */
struct soa_problem {
	enum soa_problem_kind kind;
	uint32_t value;
	uint64_t limit;
};

/* Check SOA at NOW (Unix seconds). Writes the problems, in the order of the enum,
 * to OUT (room for MAX; SOA_SANITY_MAX is always enough) and returns how many were
 * found (may exceed MAX; only MAX are written). 0 means nothing to report. The
 * serial is only judged when it reads as a valid YYYYMMDDnn date
 * (serial_format_is_date). */
size_t soa_sanity_check(const struct soa_values *soa, int64_t now, struct soa_problem *out,
			size_t max);

/* A short English line for P, e.g. "REFRESH 60 below 1200", "RETRY 7200 not below
 * REFRESH 3600", "serial 2031010101 dated 2031-01-01, in the future", into BUF (SIZE
 * bytes, NUL-terminated, truncated to fit when SIZE > 0). Returns the length of the
 * whole line, like snprintf. */
size_t soa_problem_text(const struct soa_problem *p, char *buf, size_t size);

#endif
