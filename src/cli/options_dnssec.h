/* options_dnssec.h - the DNSSEC options: --dnssec auto|on|off, --warning-signature and
 * --critical-signature DURATION. */
#ifndef OPTIONS_DNSSEC_H
#define OPTIONS_DNSSEC_H

#include <stdint.h>
#include <stdio.h>

#include "core/dnssec.h"

#define OPT_SIGNATURE_WARN_DEFAULT (3 * 86400) /* --warning-signature 3d */
#define OPT_SIGNATURE_CRIT_DEFAULT (1 * 86400) /* --critical-signature 1d */

/* Parse a DURATION: seconds, or a number with s, m, h or d ("90m", "3d"),
 * at most 100 years. Returns 0 with *OUT in seconds, or -1. */
int opt_duration_parse(const char *text, int64_t *out);

/* Parse "auto", "on" or "off" into *OUT. Returns 0, or -1. */
int opt_dnssec_mode_parse(const char *text, enum dnssec_mode *out);

/* The --help entries of the DNSSEC options (house format). */
void opt_dnssec_help(FILE *out);

#endif
