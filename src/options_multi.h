/* options_multi.h - the multi-provider options: --provider LABEL=PATTERN and --compare TYPE[:NAME].
 */
#ifndef OPTIONS_MULTI_H
#define OPTIONS_MULTI_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

#define OPT_PROVIDERS_MAX      32
#define OPT_COMPARE_MAX        32
#define OPT_PROVIDER_LABEL_MAX 64  /* bytes of a provider label */
#define OPT_PATTERN_MAX        512 /* bytes of a provider pattern */

/* A provider named by the user: NS names matching PATTERN belong to LABEL. */
struct opt_provider {
	char label[OPT_PROVIDER_LABEL_MAX];
	char pattern[OPT_PATTERN_MAX]; /* lower-cased, without a trailing dot */
};

/* An RRset to compare: TYPE at NAME (relative to the zone; "" is the apex). */
struct opt_compare {
	ldns_rr_type type;
	char name[256];
};

/* Parse "LABEL=PATTERN" into OUT. Returns 0, or -1 with a reason in WHY. */
int opt_provider_parse(const char *text, struct opt_provider *out, char *why, size_t size);

/* Parse "TYPE" or "TYPE:NAME" into OUT. Returns 0, or -1 with a reason in WHY.
 * TYPE is a mnemonic (MX) or TYPEnnn; meta and query types (ANY, AXFR, OPT,
 * ...) are refused. NAME is a relative name ("www", "_dmarc"), or "@". */
int opt_compare_parse(const char *text, struct opt_compare *out, char *why, size_t size);

/* True when NAME (display form, trailing dot optional) matches the provider's
 * shell-style PATTERN, case-insensitively. */
bool opt_provider_matches(const struct opt_provider *p, const char *name);

/* The default compare set of --multi-provider: apex NS, MX, A, AAAA, TXT.
 * Fills OUT (room for OPT_COMPARE_MAX); returns the count. */
size_t opt_compare_defaults(struct opt_compare *out);

#endif
