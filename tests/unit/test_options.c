/* test_options.c - unit tests for command-line parsing, validation, error text and --help. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mp/mp_range.h"
#include "cli/options.h"
#include "tap.h"

#define CMD_ARGS 160

/* One command line: private copies of the arguments, and what parsing made of them. */
struct cmd {
	char store[16384];
	char *argv[CMD_ARGS + 2];
	int argc;
	struct options o;
	char err[OPT_ERROR_MAX];
	int rc;
};

/* Parse "check_soa ARGS..." (NULL-terminated) into C with fresh defaults. */
static int cmd_parse(struct cmd *c, const char *const *args)
{
	size_t used = 0, len;

	c->argc = 0;
	c->argv[c->argc++] = strcpy(c->store, "check_soa");
	used = sizeof "check_soa";
	for (; *args != NULL && c->argc <= CMD_ARGS; args++) {
		len = strlen(*args) + 1;
		if (used + len > sizeof c->store)
			break;
		c->argv[c->argc++] = memcpy(c->store + used, *args, len);
		used += len;
	}
	c->argv[c->argc] = NULL;
	options_init(&c->o);
	memset(c->err, 'Z', sizeof c->err);
	c->rc = options_parse(c->argc, c->argv, &c->o, c->err);
	return c->rc;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ARGS must parse; report under NAME (and show the error if not). */
static bool parses(struct cmd *c, const char *const *args, const char *name)
{
	bool ok = cmd_parse(c, args) == 0 && c->err[0] == '\0';

	if (!tap_ok(ok, "%s", name))
		printf("#   rc %d, err \"%s\"\n", c->rc, c->err);
	return ok;
}

/* ARGS must fail with an error line that contains every one of WANT[] (NULL-ended);
 * the test is named by FMT. */
static void fails(const char *const *args, const char *const *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fails(const char *const *args, const char *const *want, const char *fmt, ...)
{
	static struct cmd c;
	char name[256];
	va_list ap;
	bool ok = cmd_parse(&c, args) == -1 && strlen(c.err) < OPT_ERROR_MAX &&
		  strchr(c.err, '\n') == NULL;

	for (; ok && *want != NULL; want++)
		ok = tap_contains(c.err, *want);
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	if (!tap_ok(ok, "%s", name))
		printf("#   rc %d, err \"%.*s\"\n", c.rc, OPT_ERROR_MAX - 1, c.err);
}

/* True when ADDR is the address TEXT with PORT. */
static bool same_addr(const struct server_addr *addr, const char *text, unsigned port)
{
	struct server_addr want;

	server_addr_from_text(&want, text, (uint16_t)port);
	return memcmp(addr, &want, sizeof want) == 0;
}

static void test_defaults(void)
{
	struct options o;

	memset(&o, 0x5a, sizeof o);
	options_init(&o);
	tap_ok(o.action == OPT_CHECK && o.zone == NULL && o.primary.text == NULL &&
		   o.n_resolvers == 0 && o.n_servers == 0,
	       "defaults: check action, no zone, no resolver, no server, no primary");
	tap_ok(o.warn_lag.set && strcmp(o.warn_lag.text, "0") == 0 && !o.crit_lag.set,
	       "defaults: -w 0 and no -c");
	tap_ok(o.warn_failed.set && strcmp(o.warn_failed.text, "0") == 0 && !o.crit_failed.set,
	       "defaults: -W 0 and no -C");
	tap_ok(o.ns_mismatch_state == MP_WARNING, "defaults: --ns-mismatch warning");
	tap_ok(o.family == AF_UNSPEC && o.port == 53 && !o.tcp_only && !o.nsid && o.verbose == 0,
	       "defaults: both families, port 53, UDP, no NSID, quiet");
	tap_ok(o.timeout_s == 10.0 && o.query_timeout_s == 3.0,
	       "defaults: -t 10 and --query-timeout 3");
	tap_ok(o.format == OPT_FORMAT_TEXT, "defaults: text output");
}

static void test_long_forms(void)
{
	static struct cmd c;

	if (!parses(&c,
		    ARGS("--domain=example.com", "--resolver=192.0.2.53#5353", "--nameserver",
			 "ns1.example.net", "--nameserver=2001:db8::1", "--primary=192.0.2.1",
			 "--warning=5", "--critical=10", "--warning-failed=1",
			 "--critical-failed=2", "--ns-mismatch=critical", "--ipv6", "--port=5300",
			 "--tcp", "--nsid", "--timeout=2.5", "--query-timeout=1", "--verbose",
			 "--verbose", "--output-format=json"),
		    "long options: every option in its long form is accepted"))
		return;
	tap_str_eq(c.o.zone, "example.com", "long options: --domain sets the zone");
	tap_ok(c.o.n_resolvers == 1 && same_addr(&c.o.resolvers[0], "192.0.2.53", 5353),
	       "long options: --resolver ADDRESS#PORT sets address and port");
	tap_ok(c.o.n_servers == 2 && !c.o.servers[0].is_address &&
		   strcmp(c.o.servers[0].text, "ns1.example.net") == 0 &&
		   c.o.servers[1].is_address && c.o.servers[1].addr.family == AF_INET6,
	       "long options: --nameserver takes a name and an address, repeatedly");
	tap_ok(c.o.primary.is_address && same_addr(&c.o.primary.addr, "192.0.2.1", 53),
	       "long options: --primary takes an address");
	tap_ok(strcmp(c.o.warn_lag.text, "5") == 0 && strcmp(c.o.crit_lag.text, "10") == 0 &&
		   strcmp(c.o.warn_failed.text, "1") == 0 && strcmp(c.o.crit_failed.text, "2") == 0,
	       "long options: the four ranges are set");
	tap_ok(c.o.ns_mismatch_state == MP_CRITICAL && c.o.family == AF_INET6 && c.o.port == 5300 &&
		   c.o.tcp_only && c.o.nsid && c.o.verbose == 2,
	       "long options: mismatch, family, port, tcp, nsid, verbosity");
	tap_ok(c.o.timeout_s == 2.5 && c.o.query_timeout_s == 1.0,
	       "long options: --timeout 2.5 and --query-timeout 1");
	tap_ok(c.o.format == OPT_FORMAT_JSON, "long options: --output-format json");
}

static void test_short_forms(void)
{
	static struct cmd c;

	if (!parses(&c,
		    ARGS("-D", "example.com.", "-s", "2001:db8::53#5300", "-s", "192.0.2.53", "-n",
			 "192.0.2.7", "-nns2.example.net", "-P", "hidden.example.net", "-w", "~:3",
			 "-c", "@10:20", "-W", "2", "-C", "3:", "-4", "-p", "53", "-t", "7",
			 "-vvv"),
		    "short options: every short option is accepted"))
		return;
	tap_str_eq(c.o.zone, "example.com.", "short options: -D keeps the zone text as given");
	tap_ok(c.o.n_resolvers == 2 && same_addr(&c.o.resolvers[0], "2001:db8::53", 5300) &&
		   same_addr(&c.o.resolvers[1], "192.0.2.53", 53),
	       "short options: -s is repeatable; IPv6#PORT and the default port 53");
	tap_ok(c.o.n_servers == 2 && c.o.servers[0].is_address && !c.o.servers[1].is_address &&
		   strcmp(c.o.servers[1].text, "ns2.example.net") == 0,
	       "short options: -n is repeatable, attached argument too");
	tap_ok(!c.o.primary.is_address && strcmp(c.o.primary.text, "hidden.example.net") == 0,
	       "short options: -P takes a host name");
	tap_ok(c.o.warn_lag.start_infinite && c.o.warn_lag.end == 3 && c.o.crit_lag.inside &&
		   c.o.crit_failed.end_infinite,
	       "short options: ranges keep their meaning");
	tap_ok(c.o.family == AF_INET && c.o.port == 53 && c.o.verbose == 3,
	       "short options: -4, -p 53, -vvv");
	tap_ok(c.o.timeout_s == 7.0 && c.o.query_timeout_s == 3.0,
	       "short options: -t 7 leaves --query-timeout 3");
}

static void test_values(void)
{
	static struct cmd c;

	parses(&c, ARGS("-D", "example.com", "-t", "2.5"), "values: -t 2.5 is accepted");
	tap_ok(c.o.timeout_s == 2.5 && c.o.query_timeout_s == 2.5,
	       "values: --query-timeout is capped at -t");
	parses(&c, ARGS("-D", "example.com", "-t", "3600"), "values: -t 3600 is accepted");
	parses(&c, ARGS("-D", "example.com", "-6"), "values: -6 alone is accepted");
	tap_ok(c.o.family == AF_INET6, "values: -6 selects IPv6");
	parses(&c, ARGS("-D", "example.com", "-p", "65535"), "values: -p 65535 is accepted");
	tap_int_eq(c.o.port, 65535, "values: -p 65535 is port 65535");
	parses(&c, ARGS("-D", "example.com", "--ns-mismatch", "OK"),
	       "values: --ns-mismatch OK is accepted (any case)");
	tap_int_eq(c.o.ns_mismatch_state, MP_OK, "values: --ns-mismatch OK is OK");
	parses(&c, ARGS("-D", "example.com", "--ns-mismatch=warning"),
	       "values: --ns-mismatch=warning is accepted");
	parses(&c, ARGS("-h"), "values: -h needs no zone");
	tap_int_eq(c.o.action, OPT_HELP, "values: -h asks for help");
	parses(&c, ARGS("--version"), "values: --version needs no zone");
	tap_int_eq(c.o.action, OPT_VERSION, "values: --version asks for the version");
	parses(&c, ARGS("-D", "example.com"), "values: parsing can be repeated in one process");
	tap_ok(c.o.action == OPT_CHECK && c.o.n_servers == 0,
	       "values: a repeated parse starts from the defaults");
}

static void test_missing_and_zone(void)
{
	static const char long_label[] =
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com";
	char long_name[300];

	memset(long_name, 0, sizeof long_name);
	for (size_t i = 0; i < 128; i++)
		memcpy(long_name + 2 * i, "a.", 2);
	fails(ARGS("-w", "1"), ARGS("-D/--domain", "missing"), "error: no -D is rejected");
	fails(ARGS("-D", ""), ARGS("-D/--domain", "empty name"), "error: -D \"\" is rejected");
	fails(ARGS("-D", "a..b"), ARGS("-D/--domain 'a..b'", "empty label"),
	      "error: -D a..b is rejected (empty label)");
	fails(ARGS("-D", ".com"), ARGS("-D/--domain", "empty label"),
	      "error: -D .com is rejected (empty label)");
	fails(ARGS("-D", long_label), ARGS("-D/--domain", "63"),
	      "error: -D with a 64-octet label is rejected");
	fails(ARGS("-D", long_name), ARGS("-D/--domain", "255"),
	      "error: -D with a name over 255 octets is rejected");
	fails(ARGS("-D", "a\\"), ARGS("-D/--domain", "escape"), "error: -D a\\\\ is rejected");
}

static void test_bad_servers(void)
{
	fails(ARGS("-D", "x.org", "-s", "resolver.example"), ARGS("-s/--resolver"),
	      "error: -s with a host name is rejected");
	fails(ARGS("-D", "x.org", "-s", "192.0.2.1#0"), ARGS("-s/--resolver"),
	      "error: -s ADDR#0 is rejected");
	fails(ARGS("-D", "x.org", "-s", "192.0.2.1#"), ARGS("-s/--resolver"),
	      "error: -s ADDR# is rejected");
	fails(ARGS("-D", "x.org", "-s", "192.0.2.1#65536"), ARGS("-s/--resolver"),
	      "error: -s ADDR#65536 is rejected");
	fails(ARGS("-D", "x.org", "-s", "#53"), ARGS("-s/--resolver"), "error: -s #53 is rejected");
	fails(ARGS("-D", "x.org", "-s", "192.0.2.300"), ARGS("-s/--resolver"),
	      "error: -s 192.0.2.300 is rejected");
	fails(ARGS("-D", "x.org", "-s", "1.1.1.1", "-s", "1.1.1.2", "-s", "1.1.1.3", "-s",
		   "1.1.1.4", "-s", "1.1.1.5", "-s", "1.1.1.6", "-s", "1.1.1.7", "-s", "1.1.1.8",
		   "-s", "1.1.1.9"),
	      ARGS("-s/--resolver", "more than 8"), "error: a ninth -s is rejected");
	fails(ARGS("-D", "x.org", "-n", "a..b"), ARGS("-n/--nameserver", "empty label"),
	      "error: -n a..b is rejected");
	fails(ARGS("-D", "x.org", "-n", "."), ARGS("-n/--nameserver", "root"),
	      "error: -n . is rejected (the root is no host)");
	fails(ARGS("-D", "x.org", "-P", ""), ARGS("-P/--primary"), "error: -P \"\" is rejected");
}

static void test_too_many_servers(void)
{
	static struct cmd c;
	const char *args[2 * 65 + 3];
	size_t i;

	args[0] = "-D";
	args[1] = "x.org";
	for (i = 0; i < 65; i++) {
		args[2 + 2 * i] = "-n";
		args[3 + 2 * i] = "ns.example.net";
	}
	args[2 + 2 * 65] = NULL;
	fails(args, ARGS("-n/--nameserver", "more than 64"), "error: a 65th -n is rejected");
	args[2 + 2 * 64] = NULL;
	parses(&c, args, "values: 64 -n options are accepted");
	tap_int_eq(c.o.n_servers, 64, "values: 64 -n options give 64 servers");
}

static void test_bad_numbers(void)
{
	static const char *const ports[] = {"0", "65536", "-1", "abc", "53x", "", "123456", " 53"};
	static const char *const times[] = {"0",    "-1",  "abc", "1e3",  "3601", "",   ".",
					    "1..2", "inf", "nan", "0x10", " 1",   "0.0"};
	size_t i;

	for (i = 0; i < sizeof ports / sizeof ports[0]; i++)
		fails(ARGS("-D", "x.org", "-p", ports[i]), ARGS("-p/--port", "1 to 65535"),
		      "error: -p \"%s\" is rejected", ports[i]);
	for (i = 0; i < sizeof times / sizeof times[0]; i++)
		fails(ARGS("-D", "x.org", "-t", times[i]), ARGS("-t/--timeout", "seconds"),
		      "error: -t \"%s\" is rejected", times[i]);
	fails(ARGS("-D", "x.org", "--query-timeout", "0"), ARGS("--query-timeout"),
	      "error: --query-timeout 0 is rejected");
	fails(ARGS("-D", "x.org", "--ns-mismatch", "unknown"), ARGS("--ns-mismatch", "ok, warning"),
	      "error: --ns-mismatch unknown is rejected");
	fails(ARGS("-D", "x.org", "--ns-mismatch", "maybe"), ARGS("--ns-mismatch"),
	      "error: --ns-mismatch maybe is rejected");
	fails(ARGS("-D", "x.org", "--output-format", "xml"), ARGS("--output-format"),
	      "error: --output-format xml is rejected");
}

static void test_bad_ranges(void)
{
	static const char *const opts[] = {"-w", "-c", "-W", "-C"};
	static const char *const names[] = {"-w/--warning", "-c/--critical", "-W/--warning-failed",
					    "-C/--critical-failed"};
	static const char *const ranges[] = {"5:3", "1:12%", "@", "~", "::", ":", "~:", " "};
	size_t i, j;

	for (i = 0; i < 4; i++)
		for (j = 0; j < sizeof ranges / sizeof ranges[0]; j++)
			fails(ARGS("-D", "x.org", opts[i], ranges[j]), ARGS(names[i]),
			      "error: %s \"%s\" is rejected", opts[i], ranges[j]);
}

/* An empty threshold means "not set": it clears the -w/-W default 0, leaves -c/-C
 * unset, and a later value still wins (and an earlier one is cleared). */
static void test_empty_ranges(void)
{
	static struct cmd c;

	if (parses(&c, ARGS("-D", "x.org", "-w", "", "-c", "", "-W", "", "-C", ""),
		   "empty ranges: -w '' -c '' -W '' -C '' are accepted"))
		tap_ok(!c.o.warn_lag.set && !c.o.crit_lag.set && !c.o.warn_failed.set &&
			   !c.o.crit_failed.set && c.o.warn_lag.text[0] == '\0' &&
			   c.o.warn_failed.text[0] == '\0',
		       "empty ranges: all four thresholds are unset, the defaults 0 included");
	if (parses(&c, ARGS("-D", "x.org", "--warning=5", "--critical="),
		   "empty ranges: --warning=5 --critical= is accepted"))
		tap_ok(c.o.warn_lag.set && c.o.warn_lag.end == 5 && !c.o.crit_lag.set,
		       "empty ranges: --critical= leaves only the warning threshold");
	if (parses(&c, ARGS("-D", "x.org", "-c", "20", "-c", "", "-W", "", "-W", "3"),
		   "empty ranges: repeated thresholds are accepted"))
		tap_ok(!c.o.crit_lag.set && c.o.warn_failed.set && c.o.warn_failed.end == 3,
		       "empty ranges: the last value wins, empty or not");
}

/* getopt is still inside the group "-x4" when it reports 'x': the culprit must
 * be the character, not argv[optind-1] (the previous element). */
static void test_culprit_after_long_option(void)
{
	static struct cmd c;

	cmd_parse(&c, ARGS("-D", "x.org", "--tcp", "-x4"));
	if (!tap_ok(c.rc == -1 && tap_contains(c.err, "'-x'"),
		    "error: an unknown short option after a long one is named, not the long one"))
		printf("#   err \"%s\"\n", c.err);
}

static void test_bad_syntax(void)
{
	fails(ARGS("-D", "x.org", "--bogus"), ARGS("'--bogus'", "unknown option"),
	      "error: --bogus is an unknown option");
	fails(ARGS("-D", "x.org", "--bogus=1"), ARGS("'--bogus'", "unknown option"),
	      "error: --bogus=1 names --bogus");
	fails(ARGS("-D"), ARGS("'-D'", "requires an argument"), "error: -D without its argument");
	fails(ARGS("-D", "x.org", "--warning"), ARGS("'--warning'", "requires an argument"),
	      "error: --warning without its argument");
	fails(ARGS("-D", "x.org", "-t"), ARGS("'-t'", "requires an argument"),
	      "error: -t without its argument");
	fails(ARGS("-D", "x.org", "extra"), ARGS("argument 'extra'", "unexpected"),
	      "error: a stray positional argument is rejected");
	fails(ARGS("extra", "-D", "x.org"), ARGS("argument 'extra'", "unexpected"),
	      "error: a stray positional argument before the options is rejected");
	fails(ARGS("-D", "x.org", "-4", "-6"), ARGS("-4/-6"), "error: both -4 and -6 are rejected");
	fails(ARGS("-D", "x.org", "-x"), ARGS("'-x'", "unknown option"), "error: -x is unknown");
	fails(ARGS("-D", "x.org", "-4x"), ARGS("'-x'", "unknown option"),
	      "error: an unknown option inside a group is named");
	test_culprit_after_long_option();
}

static void test_error_escaping(void)
{
	static struct cmd c;
	char long_arg[200];

	cmd_parse(&c, ARGS("-D", "a\n|b..c"));
	tap_ok(c.rc == -1 && strchr(c.err, '\n') == NULL && strchr(c.err, '|') == NULL &&
		   tap_contains(c.err, "'a\\010\\124b..c'"),
	       "error: a zone with newline and '|' is escaped in the error");
	cmd_parse(&c, ARGS("-D", "x.org", "--bo|gus\nX"));
	tap_ok(c.rc == -1 && strchr(c.err, '\n') == NULL && strchr(c.err, '|') == NULL,
	       "error: an unknown option with newline and '|' is escaped");
	cmd_parse(&c, ARGS("-D", "x.org", "-w", "1|\r\n2"));
	tap_ok(c.rc == -1 && strchr(c.err, '\n') == NULL && strchr(c.err, '\r') == NULL &&
		   strchr(c.err, '|') == NULL,
	       "error: a range with CR, LF and '|' is escaped");
	cmd_parse(&c, ARGS("-D", "x.org", "stray\n|"));
	tap_ok(c.rc == -1 && strchr(c.err, '\n') == NULL && strchr(c.err, '|') == NULL,
	       "error: a stray argument with newline and '|' is escaped");
	memset(long_arg, 'x', sizeof long_arg);
	long_arg[sizeof long_arg - 1] = '\0';
	cmd_parse(&c, ARGS("-D", "x.org", "-s", long_arg));
	tap_ok(c.rc == -1 && tap_contains(c.err, "...'") && strlen(c.err) < 200,
	       "error: a long argument is shortened with \"...\"");
}

/* The --help text, read back from a temporary file into BUF. */
static const char *help_text(char *buf, size_t size)
{
	FILE *f = tmpfile();
	size_t len = 0;

	buf[0] = '\0';
	if (f == NULL)
		return buf;
	options_print_help(f);
	rewind(f);
	len = fread(buf, 1, size - 1, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* True when HELP lists option NAME as " --NAME=" or " --NAME\n". */
static bool help_lists(const char *help, const char *name)
{
	char with_arg[64], without[64];

	snprintf(with_arg, sizeof with_arg, "--%s=", name);
	snprintf(without, sizeof without, "--%s\n", name);
	return tap_contains(help, with_arg) || tap_contains(help, without);
}

static void test_help(void)
{
	static const char *const names[] = {
	    "domain",      "resolver", "nameserver",     "primary",
	    "warning",     "critical", "warning-failed", "critical-failed",
	    "ns-mismatch", "ipv4",     "ipv6",           "port",
	    "tcp",         "nsid",     "timeout",        "query-timeout",
	    "verbose",     "help",     "version",        "output-format",
	    "extra-opts"};
	static char help[32768];
	size_t i, width = 0, col = 0;
	const char *p;

	help_text(help, sizeof help);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		tap_ok(help_lists(help, names[i]), "help: --%s is listed", names[i]);
	tap_ok(tap_contains(help, "Usage:") && tap_contains(help, "check_soa -D ZONE"),
	       "help: the usage lines are included");
	for (p = help; *p != '\0'; p++) {
		col = *p == '\n' ? 0 : col + 1;
		width = col > width ? col : width;
	}
	tap_ok(width <= 80, "help: no line is wider than 80 columns (widest %zu)", width);
}

int main(void)
{
	test_defaults();
	test_long_forms();
	test_short_forms();
	test_values();
	test_missing_and_zone();
	test_bad_servers();
	test_too_many_servers();
	test_bad_numbers();
	test_bad_ranges();
	test_empty_ranges();
	test_bad_syntax();
	test_error_escaping();
	test_help();
	return tap_done();
}
