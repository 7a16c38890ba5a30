/* options_help.c - the --help text (house format), the usage lines and the --version line. */
#include "config.h"

#include <stdio.h>

#include <ldns/ldns.h>

#include "cli/options.h"
#include "mp/mp_usage.h"

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
	      "           [--soa-sanity] [--dnssec auto|on|off] [--warning-signature DURATION]\n"
	      "           [--critical-signature DURATION] [-t SECONDS]\n"
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

/* The options that say what is checked: the zone, the servers, the thresholds. */
static void options_print_servers(FILE *out)
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
}

/* --multi-provider, --compare, --consistency and --transport. */
static void options_print_multi(FILE *out)
{
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
			"State when a compared RRset differs, or when a server that answered the "
			"SOA gave no usable answer for it (SERVFAIL, REFUSED, no AA, timeout, "
			"truncated over TCP, ...): ok, warning (default) or critical.");
	mp_usage_option(out, 0, "consistency", "LIST",
			"What servers at the same serial (within a provider) must agree on, "
			"comma-separated: mname, rname, timers (refresh, retry, expire, minimum), "
			"ns (the apex NS set each serves), glue (the parent's A/AAAA glue for "
			"in-bailiwick NS names against the zone's own records); all (default) or "
			"none.");
	mp_usage_option(out, 0, "consistency-mismatch", "STATE",
			"State when such a check finds a difference, or (ns) when a server that "
			"answered the SOA gave no usable answer for the apex NS set: ok, warning "
			"(default) or critical.");
	mp_usage_option(out, 0, "transport", "udp|tcp|both",
			"udp (default): UDP, and TCP when an answer is truncated. tcp: TCP only "
			"(same as --tcp). both: ask every address over UDP and over TCP in the "
			"same round; an address that answers over one and not the other, or "
			"differently, is a failed address naming the transport.");
}

/* Publication latency, the state file and --soa-sanity. */
static void options_print_latency(FILE *out)
{
	mp_usage_option(out, 0, "warning-latency", "RANGE",
			"Warning threshold on the largest publication latency in seconds: how "
			"long an address has served a serial older than the newest one, measured "
			"from when check_soa first saw a newer serial (kept in a state file). "
			"Combines with -w/-c: the worst state wins. The first run, or one whose "
			"state could not be read, never alarms on latency.");
	mp_usage_option(out, 0, "critical-latency", "RANGE",
			"Critical threshold on the largest publication latency in seconds.");
	mp_usage_option(out, 0, "state-dir", "DIR",
			"Directory of the latency state files: DIR when given (the command "
			"line wins), else $MP_STATE_PATH, else " STATE_DIR_DEFAULT
			" (made, mode 0700, when missing and its parent lets the check user). "
			"One small file per zone and option set, written atomically under a "
			"lock. Latency is measured only with a latency threshold, --state-dir, "
			"$MP_STATE_PATH or --serial-format; with a threshold, a state that "
			"cannot be read or written is UNKNOWN.");
	mp_usage_option(out, 0, "serial-format", "auto|unixtime|date|none",
			"How serials are made, for a lower bound of the latency when there is no "
			"state yet (shown, never alarms): unixtime (seconds since 1970), date "
			"(YYYYMMDDnn), auto (default: one of them when it fits every serial and "
			"the other fits none), none.");
	mp_usage_option(out, 0, "soa-sanity", NULL,
			"Also check the SOA of every server against RFC 1912 / RFC 2308 "
			"recommendations (refresh 1200-43200, retry 120-7200 and below refresh, "
			"expire 1209600-2419200 and above refresh+retry, minimum 300-86400, a "
			"YYYYMMDDnn serial not dated in the future): each problem is a WARNING. "
			"With DNSSEC judged, so is a signature validity (expiration - inception) "
			"shorter than the SOA expire (RFC 6781 4.4.2).");
	opt_dnssec_help(out);
}

/* How the check runs and what it prints. */
static void options_print_run(FILE *out)
{
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
	options_print_servers(out);
	options_print_multi(out);
	options_print_latency(out);
	options_print_run(out);
	options_print_tail(out);
}
