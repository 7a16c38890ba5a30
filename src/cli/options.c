/* options.c - process_arguments / validate_arguments for check_soa, and its --help. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dname.h"
#include "mp/mp_strbuf.h"
#include "mp/mp_text.h"
#include "mp/mp_usage.h"
#include "cli/options.h"
#include "judge/serial_format.h"

#define OPT_TIMEOUT_MAX 3600.0
#define OPT_SHOWN_MAX   80 /* bytes of a bad argument quoted back */

enum {
	OPT_LONG_NS_MISMATCH = 256,
	OPT_LONG_TCP,
	OPT_LONG_NSID,
	OPT_LONG_QUERY_TIMEOUT,
	OPT_LONG_OUTPUT_FORMAT,
	OPT_LONG_EXTRA_OPTS,
	OPT_LONG_MULTI_PROVIDER,
	OPT_LONG_PROVIDER,
	OPT_LONG_COMPARE,
	OPT_LONG_CONTENT_MISMATCH,
	OPT_LONG_CONSISTENCY,
	OPT_LONG_CONSISTENCY_MISMATCH,
	OPT_LONG_TRANSPORT,
	OPT_LONG_STATE_DIR,
	OPT_LONG_WARNING_LATENCY,
	OPT_LONG_CRITICAL_LATENCY,
	OPT_LONG_SERIAL_FORMAT,
	OPT_LONG_SOA_SANITY
};

static const struct option long_options[] = {
    {"domain", required_argument, NULL, 'D'},
    {"resolver", required_argument, NULL, 's'},
    {"nameserver", required_argument, NULL, 'n'},
    {"primary", required_argument, NULL, 'P'},
    {"warning", required_argument, NULL, 'w'},
    {"critical", required_argument, NULL, 'c'},
    {"warning-failed", required_argument, NULL, 'W'},
    {"critical-failed", required_argument, NULL, 'C'},
    {"ns-mismatch", required_argument, NULL, OPT_LONG_NS_MISMATCH},
    {"ipv4", no_argument, NULL, '4'},
    {"ipv6", no_argument, NULL, '6'},
    {"port", required_argument, NULL, 'p'},
    {"tcp", no_argument, NULL, OPT_LONG_TCP},
    {"nsid", no_argument, NULL, OPT_LONG_NSID},
    {"timeout", required_argument, NULL, 't'},
    {"query-timeout", required_argument, NULL, OPT_LONG_QUERY_TIMEOUT},
    {"verbose", no_argument, NULL, 'v'},
    {"output-format", required_argument, NULL, OPT_LONG_OUTPUT_FORMAT},
    {"extra-opts", optional_argument, NULL, OPT_LONG_EXTRA_OPTS},
    {"multi-provider", no_argument, NULL, OPT_LONG_MULTI_PROVIDER},
    {"provider", required_argument, NULL, OPT_LONG_PROVIDER},
    {"compare", required_argument, NULL, OPT_LONG_COMPARE},
    {"content-mismatch", required_argument, NULL, OPT_LONG_CONTENT_MISMATCH},
    {"consistency", required_argument, NULL, OPT_LONG_CONSISTENCY},
    {"consistency-mismatch", required_argument, NULL, OPT_LONG_CONSISTENCY_MISMATCH},
    {"transport", required_argument, NULL, OPT_LONG_TRANSPORT},
    {"state-dir", required_argument, NULL, OPT_LONG_STATE_DIR},
    {"warning-latency", required_argument, NULL, OPT_LONG_WARNING_LATENCY},
    {"critical-latency", required_argument, NULL, OPT_LONG_CRITICAL_LATENCY},
    {"serial-format", required_argument, NULL, OPT_LONG_SERIAL_FORMAT},
    {"soa-sanity", no_argument, NULL, OPT_LONG_SOA_SANITY},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static const char short_options[] = ":D:s:n:P:w:c:W:C:46p:t:vhV";

void options_init(struct options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->action = OPT_CHECK;
	mp_range_parse("0", &opts->warn_lag);
	mp_range_parse("0", &opts->warn_failed);
	opts->ns_mismatch_state = MP_WARNING;
	opts->content_mismatch_state = MP_WARNING;
	opts->consistency = OPT_CONSIST_ALL;
	opts->consistency_mismatch_state = MP_WARNING;
	opts->serial_format = SERIAL_SCHEME_AUTO;
	opts->family = AF_UNSPEC;
	opts->port = 53;
	opts->timeout_s = 10.0;
	opts->query_timeout_s = 3.0;
}

/* Write "invalid OPTION 'VALUE': WHY" into ERR, VALUE escaped and shortened. */
static int opt_error(char *err, const char *option, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int opt_error(char *err, const char *option, const char *value, const char *fmt, ...)
{
	struct mp_strbuf sb = {0};
	char why[256];
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	mp_strbuf_printf(&sb, "%s", option);
	if (value != NULL) {
		len = strlen(value);
		mp_strbuf_puts(&sb, " '");
		mp_text_append_safe(&sb, value, len > OPT_SHOWN_MAX ? OPT_SHOWN_MAX : len);
		mp_strbuf_puts(&sb, len > OPT_SHOWN_MAX ? "...'" : "'");
	}
	mp_strbuf_printf(&sb, ": %s", why);
	snprintf(err, OPT_ERROR_MAX, "%s", sb.failed ? "out of memory" : mp_strbuf_str(&sb));
	mp_strbuf_free(&sb);
	return -1;
}

/* Strict positive decimal seconds: "10", "2.5"; no sign, exponent, junk. */
static int opt_seconds(const char *text, double *out)
{
	const char *p = text;
	char *end;
	double v;

	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return -1;
	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v <= 0.0 || v > OPT_TIMEOUT_MAX)
		return -1;
	*out = v;
	return 0;
}

/* Strict port number 1..65535. */
static int opt_port(const char *text, uint16_t *out)
{
	unsigned long v = 0;
	const char *p = text;

	if (*p == '\0' || strlen(p) > 5)
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

/* "ADDRESS" or "ADDRESS#PORT". */
static int opt_resolver(const char *text, struct server_addr *out)
{
	char host[OBS_ADDR_MAX];
	const char *hash = strchr(text, '#');
	size_t len = hash ? (size_t)(hash - text) : strlen(text);
	uint16_t port = 53;

	if (len == 0 || len >= sizeof host)
		return -1;
	memcpy(host, text, len);
	host[len] = '\0';
	if (hash != NULL && opt_port(hash + 1, &port) != 0)
		return -1;
	return server_addr_from_text(out, host, port);
}

/* A -n/-P value: an IP address (ADDRESS or ADDRESS#PORT), or a host name that
 * dname_parse accepts. Anything with '#' or ':' must be an address. */
static int opt_server(const char *option, const char *text, struct opt_server *out, char *err)
{
	ldns_rdf *name = NULL;
	enum dname_error derr;

	memset(out, 0, sizeof *out);
	out->text = text;
	if (server_addr_from_text(&out->addr, text, 53) == 0) {
		out->is_address = true;
		return 0;
	}
	if (strchr(text, '#') != NULL) {
		if (opt_resolver(text, &out->addr) != 0)
			return opt_error(err, option, text,
					 "not an IP address with a port (ADDRESS#PORT)");
		out->is_address = true;
		out->has_port = true;
		return 0;
	}
	if (strchr(text, ':') != NULL)
		return opt_error(err, option, text, "not an IP address (ADDRESS or ADDRESS#PORT)");
	derr = dname_parse(text, &name);
	ldns_rdf_deep_free(name);
	if (derr != DNAME_OK || strcmp(text, ".") == 0)
		return opt_error(err, option, text, "not an IP address or host name (%s)",
				 derr != DNAME_OK ? dname_strerror(derr) : "the root");
	return 0;
}

/* A threshold: a range, or "" for "not set" (clears a default too), so that a
 * monitoring core's empty optional argument (check_soa_lag!zone!5!) works. */
static int opt_range(const char *option, const char *text, struct mp_range *out, char *err)
{
	enum mp_range_error rerr;

	if (text[0] == '\0') {
		memset(out, 0, sizeof *out); /* set == false, text "" */
		return 0;
	}
	rerr = mp_range_parse(text, out);
	if (rerr != MP_RANGE_OK)
		return opt_error(err, option, text, "%s", mp_range_strerror(rerr));
	return 0;
}

/* Apply one of the multi-provider options C with ARG. Returns 0 or -1 with ERR set. */
static int opt_apply_multi(int c, const char *arg, struct options *o, char *err)
{
	char why[160];

	switch (c) {
	case OPT_LONG_MULTI_PROVIDER:
		o->multi_provider = true;
		return 0;
	case OPT_LONG_PROVIDER:
		if (o->n_providers >= OPT_PROVIDERS_MAX)
			return opt_error(err, "--provider", arg, "more than %d providers",
					 OPT_PROVIDERS_MAX);
		if (opt_provider_parse(arg, &o->providers[o->n_providers], why, sizeof why) != 0)
			return opt_error(err, "--provider", arg, "%s", why);
		o->n_providers++;
		o->multi_provider = true;
		return 0;
	case OPT_LONG_COMPARE:
		o->compare_given = true;
		if (strcmp(arg, "none") == 0) {
			o->compare_none = true;
			return 0;
		}
		if (o->n_compare >= OPT_COMPARE_MAX)
			return opt_error(err, "--compare", arg, "more than %d RRsets",
					 OPT_COMPARE_MAX);
		if (opt_compare_parse(arg, &o->compare[o->n_compare], why, sizeof why) != 0)
			return opt_error(err, "--compare", arg, "%s", why);
		o->n_compare++;
		return 0;
	default: /* OPT_LONG_CONTENT_MISMATCH */
		if (mp_state_parse(arg, &o->content_mismatch_state) != 0 ||
		    o->content_mismatch_state == MP_UNKNOWN)
			return opt_error(err, "--content-mismatch", arg,
					 "expected ok, warning or critical");
		return 0;
	}
}

/* Parse a --consistency LIST ("mname,rname,timers,ns,glue", "all", "none") into *OUT. */
static int opt_consistency(const char *arg, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bits;
	} words[] = {{"mname", OPT_CONSIST_MNAME},
		     {"rname", OPT_CONSIST_RNAME},
		     {"timers", OPT_CONSIST_TIMERS},
		     {"ns", OPT_CONSIST_NS},
		     {"glue", OPT_CONSIST_GLUE},
		     {"all", OPT_CONSIST_ALL},
		     {"none", 0}};
	const char *p = arg;
	size_t len, i;
	unsigned bits = 0;

	do {
		len = strcspn(p, ",");
		for (i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strlen(words[i].name) == len && strncmp(p, words[i].name, len) == 0)
				break;
		if (i == sizeof words / sizeof words[0] ||
		    (strcmp(words[i].name, "none") == 0 && strcmp(arg, "none") != 0))
			return -1;
		bits |= words[i].bits;
		p += len;
	} while (*p++ == ',');
	*out = bits;
	return 0;
}

/* Apply one of the consistency, transport and latency options C with ARG. */
static int opt_apply_consistency(int c, const char *arg, struct options *o, char *err)
{
	enum serial_scheme scheme;

	switch (c) {
	case OPT_LONG_CONSISTENCY:
		if (opt_consistency(arg, &o->consistency) != 0)
			return opt_error(err, "--consistency", arg,
					 "expected all, none, or a list of mname, rname, timers, "
					 "ns, glue");
		return 0;
	case OPT_LONG_CONSISTENCY_MISMATCH:
		if (mp_state_parse(arg, &o->consistency_mismatch_state) != 0 ||
		    o->consistency_mismatch_state == MP_UNKNOWN)
			return opt_error(err, "--consistency-mismatch", arg,
					 "expected ok, warning or critical");
		return 0;
	case OPT_LONG_TRANSPORT:
		o->tcp_only = strcmp(arg, "tcp") == 0;
		o->both_transports = strcmp(arg, "both") == 0;
		if (!o->tcp_only && !o->both_transports && strcmp(arg, "udp") != 0)
			return opt_error(err, "--transport", arg, "expected udp, tcp or both");
		return 0;
	case OPT_LONG_STATE_DIR:
		if (arg[0] != '/' || strlen(arg) > 512)
			return opt_error(err, "--state-dir", arg,
					 "expected an absolute path of at most 512 bytes");
		o->state_dir = arg;
		return 0;
	case OPT_LONG_WARNING_LATENCY:
		return opt_range("--warning-latency", arg, &o->warn_latency, err);
	case OPT_LONG_CRITICAL_LATENCY:
		return opt_range("--critical-latency", arg, &o->crit_latency, err);
	case OPT_LONG_SERIAL_FORMAT:
		if (!serial_format_from_name(arg, &scheme))
			return opt_error(err, "--serial-format", arg,
					 "expected auto, unixtime, date or none");
		o->serial_format = (int)scheme;
		o->serial_format_given = true;
		return 0;
	default: /* OPT_LONG_SOA_SANITY */
		o->soa_sanity = true;
		return 0;
	}
}

/* Apply one option C with argument ARG. Returns 0 or -1 with ERR set. */
static int opt_apply(int c, const char *arg, struct options *o, char *err)
{
	enum dname_error derr;
	ldns_rdf *zone = NULL;

	switch (c) {
	case 'D':
		derr = dname_parse(arg, &zone);
		ldns_rdf_deep_free(zone);
		if (derr != DNAME_OK)
			return opt_error(err, "-D/--domain", arg, "%s", dname_strerror(derr));
		o->zone = arg;
		return 0;
	case 's':
		if (o->n_resolvers >= OPT_RESOLVERS_MAX)
			return opt_error(err, "-s/--resolver", arg, "more than %d resolvers",
					 OPT_RESOLVERS_MAX);
		if (opt_resolver(arg, &o->resolvers[o->n_resolvers]) != 0)
			return opt_error(err, "-s/--resolver", arg,
					 "not an IP address (ADDRESS or ADDRESS#PORT)");
		o->n_resolvers++;
		return 0;
	case 'n':
		if (o->n_servers >= OPT_SERVERS_MAX)
			return opt_error(err, "-n/--nameserver", arg, "more than %d servers",
					 OPT_SERVERS_MAX);
		return opt_server("-n/--nameserver", arg, &o->servers[o->n_servers++], err);
	case 'P':
		return opt_server("-P/--primary", arg, &o->primary, err);
	case 'w':
		return opt_range("-w/--warning", arg, &o->warn_lag, err);
	case 'c':
		return opt_range("-c/--critical", arg, &o->crit_lag, err);
	case 'W':
		return opt_range("-W/--warning-failed", arg, &o->warn_failed, err);
	case 'C':
		return opt_range("-C/--critical-failed", arg, &o->crit_failed, err);
	case OPT_LONG_NS_MISMATCH:
		if (mp_state_parse(arg, &o->ns_mismatch_state) != 0 ||
		    o->ns_mismatch_state == MP_UNKNOWN)
			return opt_error(err, "--ns-mismatch", arg,
					 "expected ok, warning or critical");
		return 0;
	case '4':
	case '6':
		if (o->family != AF_UNSPEC)
			return opt_error(err, "-4/-6", NULL, "give only one of -4 and -6");
		o->family = c == '4' ? AF_INET : AF_INET6;
		return 0;
	case 'p':
		if (opt_port(arg, &o->port) != 0)
			return opt_error(err, "-p/--port", arg, "expected a port from 1 to 65535");
		return 0;
	case OPT_LONG_TCP:
		o->tcp_only = true;
		o->both_transports = false;
		return 0;
	case OPT_LONG_NSID:
		o->nsid = true;
		return 0;
	case 't':
		if (opt_seconds(arg, &o->timeout_s) != 0)
			return opt_error(err, "-t/--timeout", arg,
					 "expected seconds, more than 0 and at most 3600");
		return 0;
	case OPT_LONG_QUERY_TIMEOUT:
		if (opt_seconds(arg, &o->query_timeout_s) != 0)
			return opt_error(err, "--query-timeout", arg,
					 "expected seconds, more than 0 and at most 3600");
		return 0;
	case 'v':
		o->verbose++;
		return 0;
	case OPT_LONG_OUTPUT_FORMAT:
		if (strcmp(arg, "text") == 0)
			o->format = OPT_FORMAT_TEXT;
		else if (strcmp(arg, "json") == 0)
			o->format = OPT_FORMAT_JSON;
		else
			return opt_error(err, "--output-format", arg, "expected text or json");
		return 0;
	case OPT_LONG_EXTRA_OPTS:
		/* main() expands "--extra-opts" before parsing; what is left is an abbreviation */
		return opt_error(err, "--extra-opts", NULL,
				 "write the option in full: --extra-opts[=[SECTION][@FILE]]");
	case OPT_LONG_MULTI_PROVIDER:
	case OPT_LONG_PROVIDER:
	case OPT_LONG_COMPARE:
	case OPT_LONG_CONTENT_MISMATCH:
		return opt_apply_multi(c, arg, o, err);
	case OPT_LONG_CONSISTENCY:
	case OPT_LONG_CONSISTENCY_MISMATCH:
	case OPT_LONG_TRANSPORT:
	case OPT_LONG_STATE_DIR:
	case OPT_LONG_WARNING_LATENCY:
	case OPT_LONG_CRITICAL_LATENCY:
	case OPT_LONG_SERIAL_FORMAT:
	case OPT_LONG_SOA_SANITY:
		return opt_apply_consistency(c, arg, o, err);
	case 'h':
		o->action = OPT_HELP;
		return 0;
	case 'V':
		o->action = OPT_VERSION;
		return 0;
	default:
		return opt_error(err, "option", NULL, "internal error");
	}
}

/* The option that getopt_long just rejected, for the error line, into BUF. */
static const char *opt_culprit(char **argv, int optind_now, int c, char *buf, size_t size)
{
	const char *arg = optind_now > 0 ? argv[optind_now - 1] : "";

	/* an unknown short option may sit inside a cluster ("-x4") that getopt
	 * has not stepped past yet: name the character, not argv[optind - 1] */
	if (c == '?' && optopt > 0 && optopt < 128) {
		snprintf(buf, size, "-%c", (char)optopt);
	} else if (arg != NULL && strncmp(arg, "--", 2) == 0) {
		size_t len = strcspn(arg, "=");
		snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), arg);
	} else if (optopt > 0 && optopt < 128) {
		snprintf(buf, size, "-%c", (char)optopt);
	} else {
		snprintf(buf, size, "%s", arg ? arg : "");
	}
	return buf;
}

static int opt_validate(struct options *o, char *err)
{
	if (o->action != OPT_CHECK)
		return 0;
	if (o->zone == NULL)
		return opt_error(err, "-D/--domain", NULL,
				 "missing: the zone to check is required");
	if (o->query_timeout_s > o->timeout_s)
		o->query_timeout_s = o->timeout_s;
	if (o->compare_none && o->n_compare > 0)
		return opt_error(err, "--compare", "none",
				 "cannot be combined with RRsets to compare");
	if (o->multi_provider && !o->compare_given)
		o->n_compare = opt_compare_defaults(o->compare);
	return 0;
}

int options_parse(int argc, char **argv, struct options *opts, char *err)
{
	int c;

	err[0] = '\0';
	optind = 0; /* full re-initialisation, so that parsing can be repeated (tests) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		if (c == '?' || c == ':') {
			char what[OPT_SHOWN_MAX + 1];
			opt_culprit(argv, optind, c, what, sizeof what);
			return opt_error(err, "option", what,
					 c == ':' ? "requires an argument" : "unknown option");
		}
		if (opt_apply(c, optarg, opts, err) != 0)
			return -1;
	}
	if (optind < argc)
		return opt_error(err, "argument", argv[optind],
				 "unexpected (options take the form -D ZONE)");
	return opt_validate(opts, err);
}

void options_print_usage(FILE *out)
{
	fputs("Usage:\n"
	      " check_soa -D ZONE [-s RESOLVER]... [-n NAME|ADDRESS]... [-P NAME|ADDRESS]\n"
	      "           [-w RANGE] [-c RANGE] [-W RANGE] [-C RANGE] [--ns-mismatch STATE]\n"
	      "           [-4|-6] [-p PORT] [--tcp|--transport udp|tcp|both] [--nsid]\n"
	      "           [--multi-provider] [--provider LABEL=PATTERN]...\n"
	      "           [--compare TYPE[:NAME]]...\n"
	      "           [--content-mismatch STATE] [--consistency LIST]\n"
	      "           [--consistency-mismatch STATE] [--warning-latency RANGE]\n"
	      "           [--critical-latency RANGE] [--state-dir DIR] [--serial-format FORMAT]\n"
	      "           [--soa-sanity] [-t SECONDS]\n"
	      "           [--query-timeout SECONDS] [--output-format text|json]\n"
	      "           [--extra-opts [SECTION][@FILE]] [-v]...\n"
	      " check_soa -h | -V\n",
	      out);
}

void options_print_version(FILE *out)
{
	fprintf(out, "check_soa %s (ldns %s)\n", PACKAGE_VERSION, ldns_version());
}

static void options_print_intro(FILE *out)
{
	options_print_version(out);
	fputs("\nCheck that every nameserver of a DNS zone answers for it, authoritatively,\n"
	      "with the same SOA serial. check_soa finds the zone's nameservers (the parent's\n"
	      "delegation plus the zone's own NS set), resolves every name to all of its IPv4\n"
	      "and IPv6 addresses, sends an SOA query to every address at once and compares\n"
	      "the serials with RFC 1982 arithmetic.\n\n",
	      out);
	options_print_usage(out);
	fputs("\nOptions:\n", out);
}

static void options_print_options(FILE *out)
{
	mp_usage_option(out, 'h', "help", NULL, "Print this help and exit.");
	mp_usage_option(out, 'V', "version", NULL, "Print the version and exit.");
	mp_usage_option(out, 'D', "domain", "ZONE",
			"The zone to check (required), e.g. example.com.");
	mp_usage_option(out, 's', "resolver", "ADDRESS[#PORT]",
			"Recursive resolver used to find the parent zone, the nameservers and "
			"their addresses. Repeatable: tried in order, each with an equal share "
			"of the time left. Default: the nameserver lines of /etc/resolv.conf.");
	mp_usage_option(out, 'n', "nameserver", "NAME|ADDRESS",
			"Check exactly these servers instead of the discovered NS set. A name "
			"is resolved to all its A and AAAA addresses; an address may carry its "
			"own port, ADDRESS#PORT (else -p). Repeatable; disables the parent/child "
			"NS comparison.");
	mp_usage_option(out, 'P', "primary", "NAME|ADDRESS",
			"Take the reference serial from this server (it may be a hidden "
			"primary outside the NS set; it is queried too). Servers behind it lag; "
			"a server ahead of it is a WARNING. Without -P the reference is the "
			"newest serial seen. An address may carry its own port, ADDRESS#PORT "
			"(else -p).");
	mp_usage_option(out, 'w', "warning", "RANGE",
			"Warning threshold on the largest serial lag, in serial increments "
			"(default: 0, any disagreement warns; an empty RANGE means none).");
	mp_usage_option(out, 'c', "critical", "RANGE",
			"Critical threshold on the largest serial lag (default: none).");
	mp_usage_option(out, 'W', "warning-failed", "RANGE",
			"Warning threshold on the number of failed addresses: unreachable, "
			"lame, invalid answers, or NS names without address (default: 0; an "
			"empty RANGE means none).");
	mp_usage_option(out, 'C', "critical-failed", "RANGE",
			"Critical threshold on the number of failed addresses (default: none). "
			"When no address answers properly the result is CRITICAL regardless.");
	mp_usage_option(out, 0, "ns-mismatch", "STATE",
			"State when the parent's delegation and the zone's own NS set differ: "
			"ok, warning (default) or critical.");
	mp_usage_option(out, '4', "ipv4", NULL, "Check IPv4 addresses only.");
	mp_usage_option(out, '6', "ipv6", NULL, "Check IPv6 addresses only.");
	mp_usage_option(out, 'p', "port", "PORT",
			"Port of the nameservers (default: 53; resolvers take ADDRESS#PORT).");
	mp_usage_option(out, 0, "multi-provider", NULL,
			"The zone is served by several independent providers, each writing its "
			"own SOA: group the servers into providers (by the SOA MNAME they serve; "
			"an NS name whose addresses all failed joins its sibling names' provider, "
			"or one named after its domain), judge serials within each provider only, "
			"and compare content across providers (--compare; default set: apex NS, "
			"MX, A, AAAA, TXT). A provider with no answering server is a WARNING.");
	mp_usage_option(
	    out, 0, "provider", "LABEL=PATTERN",
	    "Name a provider: NS names matching the shell-style PATTERN "
	    "(case-insensitive, trailing dot optional, e.g. b=*.provb.example) belong "
	    "to LABEL; other names are grouped as with --multi-provider, which this "
	    "implies. A pattern that matches no NS name is a WARNING. Repeatable, up to "
	    "32.");
	mp_usage_option(out, 0, "compare", "TYPE[:NAME]",
			"Fetch this RRset (NAME relative to the zone, default the apex) from every "
			"answering server and require identical content (RDATA in canonical form, "
			"order and TTLs ignored; NODATA and NXDOMAIN are values too) among the "
			"servers at their provider's serial. Repeatable, up to 32; replaces the "
			"default set; \"none\" turns comparing off. Works without --multi-provider "
			"too.");
	mp_usage_option(out, 0, "content-mismatch", "STATE",
			"State when a compared RRset differs: ok, warning (default) or critical.");
	mp_usage_option(out, 0, "consistency", "LIST",
			"What servers at the same serial (within a provider) must agree on, "
			"comma-separated: mname, rname, timers (refresh, retry, expire, minimum), "
			"ns (the apex NS set each serves), glue (the parent's A/AAAA glue for "
			"in-bailiwick NS names against the zone's own records); all (default) or "
			"none.");
	mp_usage_option(out, 0, "consistency-mismatch", "STATE",
			"State when such a check finds a difference: ok, warning (default) or "
			"critical.");
	mp_usage_option(out, 0, "transport", "udp|tcp|both",
			"udp (default): UDP, and TCP when an answer is truncated. tcp: TCP only "
			"(same as --tcp). both: ask every address over UDP and over TCP in the "
			"same round; an address that answers over one and not the other, or "
			"differently, is a failed address naming the transport.");
	mp_usage_option(out, 0, "warning-latency", "RANGE",
			"Warning threshold on the largest publication latency in seconds: how "
			"long an address has served a serial older than the newest one, measured "
			"from when check_soa first saw a newer serial (kept in a state file). "
			"Combines with -w/-c: the worst state wins. The first run, or one whose "
			"state could not be read, never alarms on latency.");
	mp_usage_option(out, 0, "critical-latency", "RANGE",
			"Critical threshold on the largest publication latency in seconds.");
	mp_usage_option(out, 0, "state-dir", "DIR",
			"Directory of the latency state files (default: $MP_STATE_PATH, else "
			"this, else " STATE_DIR_DEFAULT "). One small file per zone and option "
			"set, written atomically under a lock. Latency is measured only with "
			"a latency threshold, --state-dir, $MP_STATE_PATH or --serial-format.");
	mp_usage_option(out, 0, "serial-format", "auto|unixtime|date|none",
			"How serials are made, for a lower bound of the latency when there is no "
			"state yet (shown, never alarms): unixtime (seconds since 1970), date "
			"(YYYYMMDDnn), auto (default: one of them when it fits every serial and "
			"the other fits none), none.");
	mp_usage_option(out, 0, "soa-sanity", NULL,
			"Also check the SOA of every server against RFC 1912 / RFC 2308 "
			"recommendations (refresh 1200-43200, retry 120-7200 and below refresh, "
			"expire 1209600-2419200 and above refresh+retry, minimum 300-86400, a "
			"YYYYMMDDnn serial not dated in the future): each problem is a WARNING.");
	mp_usage_option(out, 0, "tcp", NULL,
			"Query the nameservers over TCP only (default: UDP, and TCP when an "
			"answer is truncated).");
	mp_usage_option(out, 0, "nsid", NULL,
			"Ask every address for its NSID (RFC 5001) and show it, to tell anycast "
			"instances apart.");
	mp_usage_option(out, 't', "timeout", "SECONDS",
			"Time budget of the whole check, discovery included (default: 10). "
			"check_soa always answers within it.");
	mp_usage_option(out, 0, "query-timeout", "SECONDS",
			"Give up on one query after this long (default: 3, at most -t). UDP "
			"queries are resent after 1/6 and 1/2 of it; a truncated answer starts "
			"a TCP query with the same allowance.");
	mp_usage_option(out, 'v', "verbose", NULL,
			"Trace discovery and queries on stderr; repeat for more detail.");
	mp_usage_option(out, 0, "output-format", "text|json",
			"text (default): the Monitoring Plugins status line, perfdata and one "
			"line per address. json: one JSON document with the verdict, the NS sets "
			"and every address (see the README); the exit code is the same.");
	mp_usage_option(out, 0, "extra-opts", "[SECTION][@FILE]",
			"Read more options from SECTION (default: check_soa) of the ini FILE "
			"(default: $MP_CONFIG_FILE, else the first of "
			"/etc/monitoring-plugins/monitoring-plugins.ini, "
			"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini, "
			"/etc/nagios/plugins.ini, /usr/local/etc/nagios/plugins.ini, "
			"/etc/opt/nagios-plugins/plugins.ini). Each \"key = value\" line acts as "
			"--key=value, a bare \"key\" as --key; they come before the command line, "
			"so the command line wins.");
}

static void options_print_tail(FILE *out)
{
	fputs("\nRanges (Monitoring Plugins syntax; an alert when the value is outside):\n"
	      " 10     alert above 10 (0..10 is fine)\n"
	      " 10:    alert below 10\n"
	      " ~:10   alert above 10, no lower bound\n"
	      " 10:20  alert outside 10..20 (bounds included)\n"
	      " @10:20 alert inside 10..20\n"
	      " ''     (empty) no threshold: -w '' and -W '' drop the default 0,\n"
	      "        -c '' and -C '' leave the critical threshold unset\n"
	      "\nStates:\n"
	      " OK       every address answered authoritatively with the reference serial\n"
	      "          (or within -w/-c) and the failed count is within -W/-C\n"
	      " WARNING  a serial lag or failed count beyond -w/-W, a server ahead of -P,\n"
	      "          or parent and child NS sets that differ (--ns-mismatch)\n"
	      " CRITICAL beyond -c/-C, no address answered, serials that cannot be ordered\n"
	      "          (2^31 or more apart), a zone that does not exist or is not delegated\n"
	      " UNKNOWN  bad arguments, no resolver reachable, or the parent zone's servers\n"
	      "          could not be asked: the check could not be performed\n"
	      "\nExamples:\n"
	      " check_soa -D example.com\n"
	      "    All nameservers of example.com must agree; any lag or failure warns.\n"
	      " check_soa -D example.com -w 5 -c 20 -W 1 -C 2\n"
	      "    Tolerate a lag of up to 5 increments and one failed address.\n"
	      " check_soa -D example.com -P 192.0.2.1 -c 10\n"
	      "    Compare every server with the hidden primary at 192.0.2.1.\n"
	      " check_soa -D example.com -n ns1.example.net -n 2001:db8::53 --nsid\n"
	      "    Check only these servers, showing each one's NSID.\n"
	      " check_soa -D example.com --multi-provider --compare MX --compare A:www\n"
	      "    Two providers: serials judged per provider, MX and www compared across.\n"
	      " check_soa -D example.com --transport=both --critical-latency 3600\n"
	      "    Every server over UDP and TCP; CRITICAL when one is stale for over 1 h.\n"
	      "\nOutput: one status line with perfdata, then one line per address (failures\n"
	      "first). Perfdata: servers, in_sync, failed, lag_max, serial, and per address\n"
	      "rtt_<name>_<address> (seconds) and lag_<name>_<address> (increments).\n",
	      out);
}

void options_print_help(FILE *out)
{
	options_print_intro(out);
	options_print_options(out);
	options_print_tail(out);
}
