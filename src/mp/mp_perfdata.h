/* mp_perfdata.h - format one Monitoring Plugins performance data item. */
#ifndef MP_PERFDATA_H
#define MP_PERFDATA_H

#include <stdbool.h>

#include "mp/mp_range.h"
#include "mp/mp_strbuf.h"

/* One perfdata item: label=value[UOM];[warn];[crit];[min];[max] */
struct mp_perf {
	const char *label; /* untrusted; escaped with mp_perf_label_append */
	double value;
	const char *uom;             /* "", "s", "%", "B", "c"; NULL means "" */
	const struct mp_range *warn; /* NULL or unset: empty field */
	const struct mp_range *crit;
	bool has_min, has_max;
	double min, max;
};

/* Append " " (unless SB is empty) and the item to SB. Empty trailing fields
 * are left out ("servers=6;;;0", "serial=2026112401"). Numbers are printed as
 * by mp_perf_format_number. A range is printed as given by the user
 * (mp_range.text); a set range without usable text is rebuilt from its bounds.
 * Only letters and '%' of UOM are written. Pre: sb != NULL, perf != NULL. */
void mp_perf_append(struct mp_strbuf *sb, const struct mp_perf *perf);

/* Format a number the way mp_perf_append does, into BUF (at least 64 bytes):
 * at most 6 decimals, no exponent, no trailing zeros, '.' whatever the locale,
 * never "-0" ("0.0011", "2026112401", "0", "-2.5"). NaN and infinities print
 * as "0"; magnitudes above 1e50 are clamped to 1e50. */
void mp_perf_format_number(char *buf, double value);

#endif
