/* options.h - the command line: parse and validate argv into a config struct; --help text. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mp/mp_range.h"
#include "mp/mp_state.h"
#include "core/observation.h"
#include "cli/options_dnssec.h"
#include "cli/options_multi.h"

#define OPT_RESOLVERS_MAX 8
#define OPT_SERVERS_MAX   64
#define OPT_ERROR_MAX     512

enum opt_action { OPT_CHECK, OPT_HELP, OPT_VERSION };

/* What the plugin prints (--output-format). */
enum opt_format { OPT_FORMAT_TEXT, OPT_FORMAT_JSON };

/* What --consistency compares among servers at the same serial. */
enum opt_consistency {
	OPT_CONSIST_MNAME = 1u << 0,
	OPT_CONSIST_RNAME = 1u << 1,
	OPT_CONSIST_TIMERS = 1u << 2,
	OPT_CONSIST_NS = 1u << 3,
	OPT_CONSIST_GLUE = 1u << 4,
	OPT_CONSIST_ALL = (1u << 5) - 1,
};

/* A server named on the command line (-n, -P): an address or a host name. */
struct opt_server {
	const char *text; /* as given (points into argv) */
	bool is_address;
	struct server_addr addr; /* when is_address */
	bool has_port;           /* given as ADDRESS#PORT: the port is its own, not -p */
};

/* Everything the user asked for, with defaults applied (options_init). */
struct options {
	enum opt_action action;
	const char *zone;                                /* -D, validated */
	struct server_addr resolvers[OPT_RESOLVERS_MAX]; /* -s */
	size_t n_resolvers;
	struct opt_server servers[OPT_SERVERS_MAX]; /* -n */
	size_t n_servers;
	struct opt_server primary;                /* -P, text NULL when not given */
	struct mp_range warn_lag, crit_lag;       /* -w, -c */
	struct mp_range warn_failed, crit_failed; /* -W, -C */
	enum mp_state ns_mismatch_state;          /* --ns-mismatch */
	int family;                               /* AF_UNSPEC, or AF_INET (-4) / AF_INET6 (-6) */
	uint16_t port;                            /* -p, for the nameservers */
	bool tcp_only;                            /* --tcp, --transport=tcp */
	bool both_transports;                     /* --transport=both */
	bool nsid;                                /* --nsid */
	double timeout_s;                         /* -t */
	double query_timeout_s;                   /* --query-timeout */
	int verbose;                              /* -v count */
	enum opt_format format;                   /* --output-format, default text */
	bool multi_provider;                      /* --multi-provider (or --provider) */
	struct provider_pattern providers[OPT_PROVIDERS_MAX]; /* --provider */
	size_t n_providers;
	struct opt_compare compare[OPT_COMPARE_MAX]; /* --compare, or the defaults */
	size_t n_compare;
	bool compare_given;                         /* --compare given ("none": n_compare 0) */
	bool compare_none;                          /* --compare none */
	enum mp_state content_mismatch_state;       /* --content-mismatch */
	unsigned consistency;                       /* --consistency: enum opt_consistency bits */
	enum mp_state consistency_mismatch_state;   /* --consistency-mismatch */
	const char *state_dir;                      /* --state-dir */
	struct mp_range warn_latency, crit_latency; /* --warning-latency, --critical-latency */
	int serial_format;                          /* --serial-format: enum serial_scheme */
	bool serial_format_given;
	bool soa_sanity;                            /* --soa-sanity */
	enum dnssec_mode dnssec_mode;               /* --dnssec, default auto */
	int64_t warn_signature_s, crit_signature_s; /* --warning/--critical-signature */
};

/* Fill OPTS with the defaults: warning 0 on lag and failures, no critical,
 * port 53, -t 10, --query-timeout 3, --ns-mismatch warning, --content-mismatch
 * warning. */
void options_init(struct options *opts);

/* Parse ARGV into OPTS (which options_init prepared). Returns 0, or -1 with a
 * one-line reason naming the argument in ERR (size OPT_ERROR_MAX, escaped:
 * safe to print). Strings in OPTS point into ARGV. */
int options_parse(int argc, char **argv, struct options *opts, char *err);

/* The --help text (house format), the usage lines and the --version line. */
void options_print_help(FILE *out);
void options_print_usage(FILE *out);
void options_print_version(FILE *out);

#endif
