/* options.c - process_arguments / validate_arguments for check_soa (--help: options_help.c). */
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
	OPT_LONG_SOA_SANITY,
	OPT_LONG_DNSSEC,
	OPT_LONG_WARNING_SIGNATURE,
	OPT_LONG_CRITICAL_SIGNATURE
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
    {"dnssec", required_argument, NULL, OPT_LONG_DNSSEC},
    {"warning-signature", required_argument, NULL, OPT_LONG_WARNING_SIGNATURE},
    {"critical-signature", required_argument, NULL, OPT_LONG_CRITICAL_SIGNATURE},
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
	opts->warn_signature_s = OPT_SIGNATURE_WARN_DEFAULT;
	opts->crit_signature_s = OPT_SIGNATURE_CRIT_DEFAULT;
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

/* Apply option C (ARG) that says where to ask: the zone, resolvers, servers, family,
 * port. Returns 0 or -1 with ERR set. */
static int opt_apply_where(int c, const char *arg, struct options *o, char *err)
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
	case '4':
	case '6':
		if (o->family != AF_UNSPEC)
			return opt_error(err, "-4/-6", NULL, "give only one of -4 and -6");
		o->family = c == '4' ? AF_INET : AF_INET6;
		return 0;
	default: /* 'p' */
		if (opt_port(arg, &o->port) != 0)
			return opt_error(err, "-p/--port", arg, "expected a port from 1 to 65535");
		return 0;
	}
}

/* Apply option C (ARG) that says how to judge and how long to wait: thresholds,
 * --ns-mismatch, transport, NSID, timeouts. Returns 0 or -1 with ERR set. */
static int opt_apply_how(int c, const char *arg, struct options *o, char *err)
{
	switch (c) {
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
	default: /* OPT_LONG_QUERY_TIMEOUT */
		if (opt_seconds(arg, &o->query_timeout_s) != 0)
			return opt_error(err, "--query-timeout", arg,
					 "expected seconds, more than 0 and at most 3600");
		return 0;
	}
}

/* Apply one option C with argument ARG. Returns 0 or -1 with ERR set. */
static int opt_apply(int c, const char *arg, struct options *o, char *err)
{
	switch (c) {
	case 'D':
	case 's':
	case 'n':
	case 'P':
	case '4':
	case '6':
	case 'p':
		return opt_apply_where(c, arg, o, err);
	case 'w':
	case 'c':
	case 'W':
	case 'C':
	case OPT_LONG_NS_MISMATCH:
	case OPT_LONG_TCP:
	case OPT_LONG_NSID:
	case 't':
	case OPT_LONG_QUERY_TIMEOUT:
		return opt_apply_how(c, arg, o, err);
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
	case OPT_LONG_DNSSEC:
		if (opt_dnssec_mode_parse(arg, &o->dnssec_mode) != 0)
			return opt_error(err, "--dnssec", arg, "expected auto, on or off");
		return 0;
	case OPT_LONG_WARNING_SIGNATURE:
	case OPT_LONG_CRITICAL_SIGNATURE:
		if (opt_duration_parse(arg, c == OPT_LONG_WARNING_SIGNATURE
						? &o->warn_signature_s
						: &o->crit_signature_s) != 0)
			return opt_error(err,
					 c == OPT_LONG_WARNING_SIGNATURE ? "--warning-signature"
									 : "--critical-signature",
					 arg, "expected seconds, or a number with s, m, h or d");
		return 0;
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
