/* options_dnssec.c - parse the DNSSEC options (mode, signature thresholds) and document them. */
#include "config.h"

#include <string.h>

#include "cli/options_dnssec.h"
#include "mp/mp_usage.h"

#define OPT_DURATION_MAX (100LL * 366 * 86400)

int opt_duration_parse(const char *text, int64_t *out)
{
	static const struct {
		char unit;
		int64_t seconds;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
	int64_t value = 0, scale = 1;
	const char *p = text;
	size_t i;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		value = value * 10 + (*p - '0');
		if (value > OPT_DURATION_MAX)
			return -1;
	}
	if (*p != '\0') {
		for (i = 0; i < sizeof units / sizeof units[0] && units[i].unit != *p; i++)
			;
		if (i == sizeof units / sizeof units[0] || p[1] != '\0')
			return -1;
		scale = units[i].seconds;
	}
	if (value > OPT_DURATION_MAX / scale)
		return -1;
	*out = value * scale;
	return 0;
}

int opt_dnssec_mode_parse(const char *text, enum dnssec_mode *out)
{
	if (strcmp(text, "auto") == 0)
		*out = DNSSEC_MODE_AUTO;
	else if (strcmp(text, "on") == 0)
		*out = DNSSEC_MODE_ON;
	else if (strcmp(text, "off") == 0)
		*out = DNSSEC_MODE_OFF;
	else
		return -1;
	return 0;
}

void opt_dnssec_help(FILE *out)
{
	mp_usage_option(out, 0, "dnssec", "auto|on|off",
			"Judge DNSSEC on every address as its serial is: the SOA is asked with "
			"DO=1 and the apex DNSKEY in the same round, the DS of the parent with "
			"the delegation. Each address's SOA and DNSKEY signatures must verify "
			"with the keys that address serves, be inside their validity period, "
			"and a DS must match one of its SEP keys; servers of one provider at one "
			"serial must serve the same keys (--consistency-mismatch); CDS and "
			"CDNSKEY, where asked (same round), must be the same at every address. "
			"auto (default): when the parent publishes a DS or the zone serves a "
			"DNSKEY; CDS and CDNSKEY are asked when the zone shows it is signed "
			"before its SOA round (the resolver's answer for its NS set, asked with "
			"DO=1, carries an RRSIG, or the parent's DS is already known). on: "
			"always (an unsigned zone is CRITICAL), CDS and CDNSKEY always asked. "
			"off: never.");
	mp_usage_option(out, 0, "warning-signature", "DURATION",
			"Warning when the earliest signature expiration of an address (SOA and "
			"DNSKEY RRSIGs) is nearer than this: seconds, or a number with s, m, h or "
			"d (default: 3d). Expired, not yet valid, not verifying or missing "
			"signatures are CRITICAL.");
	mp_usage_option(out, 0, "critical-signature", "DURATION",
			"Critical when the earliest signature expiration is nearer than this "
			"(default: 1d).");
}
