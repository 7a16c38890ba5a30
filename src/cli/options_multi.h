/* options_multi.h - the multi-provider options: --provider LABEL=PATTERN and --compare TYPE[:NAME].
 */
#ifndef OPTIONS_MULTI_H
#define OPTIONS_MULTI_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#include "judge/providers.h"

#define OPT_PROVIDERS_MAX 32
#define OPT_COMPARE_MAX   32

/* An RRset to compare: TYPE at NAME (relative to the zone; "" is the apex). */
struct opt_compare {
	ldns_rr_type type;
	char name[256];
};

/* Parse "LABEL=PATTERN" into OUT. Returns 0, or -1 with a reason in WHY. */
int opt_provider_parse(const char *text, struct provider_pattern *out, char *why, size_t size);

/* Parse "TYPE" or "TYPE:NAME" into OUT. Returns 0, or -1 with a reason in WHY.
 * TYPE is a mnemonic (MX) or TYPEnnn; meta and query types (ANY, AXFR, OPT,
 * ...) are refused. NAME is a relative name ("www", "_dmarc"), or "@". */
int opt_compare_parse(const char *text, struct opt_compare *out, char *why, size_t size);

/* The default compare set of --multi-provider: apex NS, MX, A, AAAA, TXT.
 * Fills OUT (room for OPT_COMPARE_MAX); returns the count. */
size_t opt_compare_defaults(struct opt_compare *out);

#endif
