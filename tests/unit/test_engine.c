/* test_engine.c - the query engine, resolver fallback and whole checks on a scripted network in
 * virtual time (fakenet.h, tests/unit/scenarios/): exact send times, no root, no sleeping. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "fakecheck.h"
#include "fakenet.h"
#include "mp/mp_state.h"
#include "servers/lookup.h"
#include "net/probe.h"
#include "tap.h"

#define MS        1000 /* microseconds */
#define TIMES_MAX 256

static ldns_rdf *zone;

/* Start a test on scenario NAME: a fresh fake network at FAKENET_T0. */
static bool scenario(const char *name)
{
	char err[FAKENET_ERROR_MAX];

	fakenet_reset();
	if (fakenet_load(name, err, sizeof err) == 0)
		return true;
	tap_ok(0, "scenario %s loads: %s", name, err);
	return false;
}

/* Virtual milliseconds since FAKENET_T0. */
static double elapsed_ms(void)
{
	return (double)(fakenet_now() - FAKENET_T0) / MS;
}

/* The fake saw no misuse and every socket was closed. */
static void expect_clean(const char *what)
{
	const char *err = fakenet_error();

	tap_ok(err == NULL && fakenet_open_sockets() == 0, "%s: no socket left open, no misuse%s%s",
	       what, err ? ": " : "", err ? err : "");
}

/* Arrival times at ADDR (UDP, or TCP), in ms: "0,500,1500". Static buffer. */
static const char *times(const char *addr, bool tcp)
{
	static char buf[TIMES_MAX];

	return fakenet_times(addr, tcp, NULL, buf, sizeof buf);
}

/* Prepare P: "zone.example. SOA?" (RD=0, EDNS) to ADDR, port PORT. */
static void soa_probe(struct probe *p, const char *addr, uint16_t port, bool tcp_only)
{
	static const struct wire_query_opts opts = {.rd = false, .edns = true, .nsid = false};
	const struct wire_question q = {zone, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN};
	struct server_addr a;

	if (server_addr_from_text(&a, addr, port) != 0)
		printf("# bad test address %s\n", addr);
	probe_init(p, &a, &q, &opts, tcp_only);
}

/* Run N probes with GIVE_UP_MS per query until DEADLINE_MS after FAKENET_T0. */
static void run(struct probe *p, size_t n, int64_t give_up_ms, int64_t deadline_ms)
{
	struct probe_timing t = probe_timing_for(give_up_ms * MS);

	probe_run(p, n, &t, FAKENET_T0 + deadline_ms * MS);
}

/* The SOA serial of P's reply, or -1. */
static long serial_of(const struct probe *p)
{
	const ldns_rr_list *an = p->reply != NULL ? ldns_pkt_answer(p->reply) : NULL;
	const ldns_rr *rr = an != NULL ? ldns_rr_list_rr(an, 0) : NULL;

	if (rr == NULL || ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA || ldns_rr_rd_count(rr) < 3)
		return -1;
	return (long)ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
}

static const char *failure(const struct probe *p)
{
	static char buf[OBS_ERROR_MAX];

	return probe_failure_text(p, buf, sizeof buf);
}

/* --- probe_run: one probe, one row ------------------------------------------------------------ */

#define ANY (-1) /* a numeric expectation that is not checked */

/* One SOA probe on probe.scn and what must come of it. Strings NULL are not checked. */
struct probe_case {
	const char *name;
	const char *addr;
	uint16_t port; /* 0: 53 */
	bool tcp_only;
	int64_t give_up_ms;  /* 0: 3 s */
	int64_t deadline_ms; /* after FAKENET_T0; 0: 10 s */
	bool budget_spent;   /* the deadline is FAKENET_T0 itself */
	bool done;
	long serial;                  /* of the accepted reply; -1: none */
	enum transport transport;     /* checked when done */
	enum unreach_reason unreach;  /* checked always (UNREACH_NONE when done) */
	bool tc_seen;                 /* checked always */
	unsigned invalid_replies;     /* checked always */
	enum wire_check last_invalid; /* checked when invalid_replies > 0 */
	int udp_sends;                /* ANY: not checked */
	int64_t rtt_ms;               /* ANY: not checked */
	double at_ms;                 /* virtual time when probe_run returns; ANY: not checked */
	size_t max_polls;             /* 0: not checked */
	int filtered;                 /* replies the fake kept from the socket; ANY: not checked */
	bool sent_nothing;            /* nothing at all went out */
	const char *failure;          /* probe_failure_text */
	const char *udp_times, *tcp_times; /* arrival times at ADDR, "0,500" */
};

/* The rows are packed by hand, a few fields a line. */
/* clang-format off */
static const struct probe_case probe_cases[] = {
    {.name = "UDP answer", .addr = "192.0.2.1", .done = true, .serial = 1,
     .transport = TRANSPORT_UDP, .udp_sends = 1, .rtt_ms = 1, .at_ms = 1, .max_polls = 3,
     .udp_times = "0"},
    {.name = "IPv6 with a port", .addr = "2001:db8::1", .port = 5353, .done = true, .serial = 61,
     .transport = TRANSPORT_UDP, .udp_sends = 1, .rtt_ms = ANY, .at_ms = ANY},
    /* retransmits at 1/6 and 1/2 of the 3 s give-up; sleeps between the timers */
    {.name = "silent server", .addr = "192.0.2.2", .serial = -1, .unreach = UNREACH_TIMEOUT,
     .udp_sends = 3, .rtt_ms = ANY, .at_ms = 3000, .max_polls = 6, .failure = "timeout",
     .udp_times = "0,500,1500"},
    /* 1/6 of 1 s is 166.667 ms; poll() counts whole milliseconds, rounded up */
    {.name = "1 s give-up", .addr = "192.0.2.2", .give_up_ms = 1000, .serial = -1,
     .unreach = UNREACH_TIMEOUT, .udp_sends = 3, .rtt_ms = ANY, .at_ms = 1000,
     .udp_times = "0,167,500"},
    /* the RTT counts from the first send, the retransmits' waits included */
    {.name = "answer to the second retransmit", .addr = "192.0.2.3", .done = true, .serial = 3,
     .transport = TRANSPORT_UDP, .udp_sends = 3, .rtt_ms = 1501, .at_ms = 1501},
    {.name = "deadline before the give-up", .addr = "192.0.2.2", .deadline_ms = 700, .serial = -1,
     .unreach = UNREACH_TIMEOUT, .udp_sends = 2, .rtt_ms = ANY, .at_ms = 700,
     .udp_times = "0,500"},
    {.name = "deadline already past", .addr = "192.0.2.1", .budget_spent = true, .serial = -1,
     .unreach = UNREACH_NOT_ATTEMPTED, .udp_sends = 0, .rtt_ms = ANY, .at_ms = 0,
     .sent_nothing = true, .failure = "not queried: time budget spent"},
    /* TCP connect at 1 ms, the query once connected (2 ms); the RTT from the connect */
    {.name = "TC over UDP", .addr = "192.0.2.4", .done = true, .serial = 4,
     .transport = TRANSPORT_TCP, .tc_seen = true, .udp_sends = 1, .rtt_ms = 2, .at_ms = 3,
     .tcp_times = "2"},
    {.name = "TC, then TCP refused", .addr = "192.0.2.5", .serial = -1, .unreach = UNREACH_REFUSED,
     .tc_seen = true, .udp_sends = 1, .rtt_ms = ANY, .at_ms = 2,
     .failure = "truncated over UDP, then TCP connection refused"},
    /* a fresh 3 s give-up from the connect */
    {.name = "TC, then silent TCP", .addr = "192.0.2.6", .serial = -1, .unreach = UNREACH_TIMEOUT,
     .tc_seen = true, .udp_sends = 1, .rtt_ms = ANY, .at_ms = 3001,
     .failure = "truncated over UDP, then TCP timeout", .tcp_times = "2"},
    /* a byte per 100 ms: cut off at the give-up; --tcp sends no UDP at all */
    {.name = "TCP answer trickled", .addr = "192.0.2.11", .tcp_only = true, .serial = -1,
     .unreach = UNREACH_TIMEOUT, .udp_sends = 0, .rtt_ms = ANY, .at_ms = 3000, .udp_times = ""},
    {.name = "TCP stream ending mid-message", .addr = "192.0.2.12", .tcp_only = true, .serial = -1,
     .unreach = UNREACH_NONE, .invalid_replies = 1, .last_invalid = WIRE_INCOMPLETE,
     .udp_sends = 0, .rtt_ms = ANY, .at_ms = 2, .failure = "last reply: incomplete TCP message"},
    {.name = "wrong ID first", .addr = "192.0.2.7", .done = true, .serial = 7,
     .transport = TRANSPORT_UDP, .invalid_replies = 1, .last_invalid = WIRE_WRONG_ID,
     .udp_sends = 1, .rtt_ms = 10, .at_ms = ANY},
    /* a reply from another address never reaches the connected socket */
    {.name = "reply from another address", .addr = "192.0.2.8", .done = true, .serial = 8,
     .transport = TRANSPORT_UDP, .udp_sends = 1, .rtt_ms = ANY, .at_ms = ANY, .filtered = 1},
    {.name = "ICMP port unreachable", .addr = "192.0.2.9", .serial = -1,
     .unreach = UNREACH_REFUSED, .udp_sends = 1, .rtt_ms = ANY, .at_ms = 2,
     .failure = "connection refused"},
};
/* clang-format on */

/* The outcome of P against C's expectations: a TAP line each. */
static void expect_probe(const struct probe_case *c, const struct probe *p)
{
	tap_ok(p->done == c->done && serial_of(p) == c->serial, "%s: %s, serial %ld", c->name,
	       c->done ? "answered" : "not answered", c->serial);
	if (c->done)
		tap_int_eq(p->transport, c->transport, "%s: transport", c->name);
	tap_int_eq(p->unreach, c->unreach, "%s: unreachable reason", c->name);
	tap_ok(p->tc_seen == c->tc_seen, "%s: truncation %sseen", c->name,
	       c->tc_seen ? "" : "not ");
	tap_int_eq(p->invalid_replies, c->invalid_replies, "%s: invalid replies", c->name);
	if (c->invalid_replies > 0)
		tap_int_eq(p->last_invalid, c->last_invalid, "%s: the invalid reply's kind",
			   c->name);
	if (c->udp_sends != ANY)
		tap_int_eq(p->udp_sends, c->udp_sends, "%s: datagrams sent", c->name);
	if (c->rtt_ms != ANY)
		tap_int_eq(p->rtt_us, c->rtt_ms * MS, "%s: RTT", c->name);
	if (c->at_ms != ANY)
		tap_ok(elapsed_ms() == c->at_ms, "%s: probe_run returns at %.0f ms (%.3f)", c->name,
		       c->at_ms, elapsed_ms());
	if (c->max_polls > 0)
		tap_ok(fakenet_polls() <= c->max_polls, "%s: no busy loop (%zu polls)", c->name,
		       fakenet_polls());
	if (c->filtered != ANY)
		tap_int_eq(fakenet_filtered(), c->filtered, "%s: replies kept from the socket",
			   c->name);
	if (c->sent_nothing)
		tap_int_eq(fakenet_log_count(), 0, "%s: nothing sent", c->name);
	if (c->failure != NULL)
		tap_str_eq(failure(p), c->failure, "%s: failure text", c->name);
	if (c->udp_times != NULL)
		tap_str_eq(times(c->addr, false), c->udp_times, "%s: UDP arrival times", c->name);
	if (c->tcp_times != NULL)
		tap_str_eq(times(c->addr, true), c->tcp_times, "%s: TCP arrival times", c->name);
}

static void test_probe_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof probe_cases / sizeof probe_cases[0]; i++) {
		const struct probe_case *c = &probe_cases[i];
		struct probe p;

		if (!scenario("probe.scn"))
			return;
		soa_probe(&p, c->addr, c->port != 0 ? c->port : 53, c->tcp_only);
		run(&p, 1, c->give_up_ms != 0 ? c->give_up_ms : 3000,
		    c->budget_spent       ? 0
		    : c->deadline_ms != 0 ? c->deadline_ms
					  : 10000);
		expect_probe(c, &p);
		probe_clear(&p);
		expect_clean(c->name);
	}
}

static void test_icmp_shared_socket(void)
{
	struct probe two[2];

	if (!scenario("probe.scn"))
		return;
	soa_probe(&two[0], "192.0.2.9", 53, false);
	soa_probe(&two[1], "192.0.2.9", 53, false);
	run(two, 2, 3000, 10000);
	tap_ok(!two[0].done && two[0].unreach == UNREACH_REFUSED && !two[1].done &&
		   two[1].unreach == UNREACH_REFUSED && elapsed_ms() == 2,
	       "ICMP on a shared socket: both queries refused, at once (%.3f ms)", elapsed_ms());
	probe_clear(&two[0]);
	probe_clear(&two[1]);
	expect_clean("ICMP refused, shared socket");
}

static void test_descriptor_limit(void)
{
	static const char *const addrs[] = {"192.0.2.10", "192.0.2.15", "192.0.2.16"};
	struct probe p[3];
	size_t i;
	bool all = true;

	if (!scenario("probe.scn"))
		return;
	fakenet_set_fd_limit(1);
	for (i = 0; i < 3; i++)
		soa_probe(&p[i], addrs[i], 53, false);
	run(p, 3, 3000, 10000);
	for (i = 0; i < 3; i++)
		all = all && p[i].done && serial_of(&p[i]) == (i == 0 ? 10 : 14 + (long)i);
	tap_ok(all, "descriptor limit of 1: three addresses, all answered");
	tap_ok(strcmp(times("192.0.2.10", false), "0") == 0 &&
		   strcmp(times("192.0.2.15", false), "10") == 0 &&
		   strcmp(times("192.0.2.16", false), "20") == 0,
	       "descriptor limit: each address waits for the previous socket to close");
	tap_int_eq(fakenet_max_open(), 1, "descriptor limit: never more than one socket");
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	expect_clean("descriptor limit");

	/* three queries to one address share its one UDP socket: no wait at all */
	if (!scenario("probe.scn"))
		return;
	fakenet_set_fd_limit(1);
	for (i = 0; i < 3; i++)
		soa_probe(&p[i], "192.0.2.10", 53, false);
	run(p, 3, 3000, 10000);
	for (all = true, i = 0; i < 3; i++)
		all = all && p[i].done && serial_of(&p[i]) == 10 && p[i].rtt_us == 10000;
	tap_ok(all, "one address, descriptor limit of 1: all three answered in 10 ms");
	tap_str_eq(times("192.0.2.10", false), "0,0,0",
		   "one address: the three queries leave at once over the shared socket");
	tap_ok(p[0].st.id != p[1].st.id && p[0].st.id != p[2].st.id && p[1].st.id != p[2].st.id,
	       "one address: the queries sharing a socket have distinct IDs");
	tap_int_eq(fakenet_max_open(), 1, "one address: one socket");
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	expect_clean("shared socket");
}

static void test_all_at_once(void)
{
	static const char *const addrs[] = {"192.0.2.1", "192.0.2.2", "192.0.2.4",
					    "192.0.2.7", "192.0.2.9", "192.0.2.10"};
	struct probe p[6];
	char first[TIMES_MAX] = "";
	size_t i;

	if (!scenario("probe.scn"))
		return;
	for (i = 0; i < 6; i++)
		soa_probe(&p[i], addrs[i], 53, false);
	run(p, 6, 3000, 10000);
	for (i = 0; i < 6; i++)
		strncat(first, times(addrs[i], false), 1);
	tap_str_eq(first, "000000", "six servers: every first datagram at 0 ms");
	tap_ok(p[0].done && !p[1].done && p[2].done && p[2].transport == TRANSPORT_TCP &&
		   p[3].done && p[4].unreach == UNREACH_REFUSED && p[5].done,
	       "six servers: each outcome as alone");
	tap_ok(elapsed_ms() == 3000, "six servers: the silent one sets the time (%.3f ms)",
	       elapsed_ms());
	for (i = 0; i < 6; i++)
		probe_clear(&p[i]);
	expect_clean("six servers");
}

static void test_optional_grace(void)
{
	struct probe p[3];
	size_t i;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p[0], "192.0.2.10", 53, false);
	soa_probe(&p[1], "192.0.2.13", 53, false);
	soa_probe(&p[2], "192.0.2.2", 53, false);
	p[1].optional = p[2].optional = true;
	run(p, 3, 3000, 10000);
	tap_ok(p[0].done && p[1].done && !p[2].done && p[2].unreach == UNREACH_TIMEOUT,
	       "optional probes: the one within the grace (12 ms) kept, a silent one not");
	tap_ok(elapsed_ms() == 30,
	       "optional probes: a grace of 20 ms at least (half the 10 ms the required one took "
	       "is less): over at 30 ms (%.3f ms)",
	       elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	soa_probe(&p[0], "192.0.2.10", 53, false);
	soa_probe(&p[1], "192.0.2.13", 53, false);
	soa_probe(&p[2], "192.0.2.14", 53, false);
	p[1].optional = p[2].optional = true;
	if (!scenario("probe.scn"))
		return;
	run(p, 3, 3000, 10000);
	tap_ok(p[0].done && p[1].done && p[2].done && elapsed_ms() == 20,
	       "optional probes: the grace ends with the last answer (20 ms), not at its end "
	       "(%.3f ms)",
	       elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	expect_clean("optional grace");
}

/* Three probes: P[0] required to REQUIRED, P[1] optional to FIRST (an authoritative answer
 * wanted) with P[2], deferred, to 192.0.2.1 as its fallback; run with GIVE_UP_MS. */
static void fallback_run(struct probe *p, const char *required, const char *first,
			 int64_t give_up_ms)
{
	soa_probe(&p[0], required, 53, false);
	soa_probe(&p[1], first, 53, false);
	soa_probe(&p[2], "192.0.2.1", 53, false);
	p[1].optional = p[2].optional = p[1].need_aa = p[2].need_aa = true;
	p[1].fallback = 3;
	p[2].deferred = true;
	run(p, 3, give_up_ms, 10000);
}

static void test_fallback(void)
{
	struct probe p[3];
	size_t i;

	if (!scenario("probe.scn"))
		return;
	fallback_run(p, "192.0.2.10", "192.0.2.1", 3000);
	tap_ok(p[1].done && p[1].usable && !p[2].done && p[2].unreach == UNREACH_NOT_ATTEMPTED &&
		   strcmp(times("192.0.2.1", false), "0") == 0,
	       "fallback: not asked when the first answers");
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	if (!scenario("probe.scn"))
		return;
	fallback_run(p, "192.0.2.10", "192.0.2.17", 3000);
	tap_ok(p[1].done && !p[1].usable && p[2].done && p[2].usable &&
		   strcmp(times("192.0.2.1", false), "1") == 0 && elapsed_ms() == 10,
	       "fallback: asked when the refusal comes (1 ms), within the round (%s, %.3f ms)",
	       times("192.0.2.1", false), elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	if (!scenario("probe.scn"))
		return;
	fallback_run(p, "192.0.2.10", "192.0.2.2", 3000);
	tap_ok(!p[1].done && p[2].done && p[2].rtt_us == 1 * MS &&
		   strcmp(times("192.0.2.1", false), "30") == 0 && elapsed_ms() == 31,
	       "fallback: the first still silent when the grace ends (10 ms + 20): asked then, "
	       "answered at 31 ms (%s, %.3f ms)",
	       times("192.0.2.1", false), elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	if (!scenario("probe.scn"))
		return;
	fallback_run(p, "192.0.2.2", "192.0.2.2", 600);
	tap_ok(p[2].done && strcmp(times("192.0.2.1", false), "100") == 0 && elapsed_ms() == 600,
	       "fallback: a silent first asked again at 1/6 of the give-up, the fallback with it "
	       "(%s); the round lasts the required give-up (%.3f ms)",
	       times("192.0.2.1", false), elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	expect_clean("fallback");
}

/* --- lookup_run ------------------------------------------------------------------------------- */

/* A net_ctx for resolvers R (N of them), 3 s give-up, deadline DEADLINE_MS after FAKENET_T0. */
static void net_for(struct net_ctx *net, struct server_addr *r, const char *const *addrs, size_t n,
		    int64_t deadline_ms)
{
	size_t i;

	memset(net, 0, sizeof *net);
	for (i = 0; i < n; i++)
		server_addr_from_text(&r[i], addrs[i], 53);
	net->resolvers = r;
	net->n_resolvers = n;
	net->timing = probe_timing_for(3000 * MS);
	net->deadline_us = FAKENET_T0 + deadline_ms * MS;
	net->ns_port = 53;
}

/* The first A address of L's reply, as text ("" when none). */
static const char *first_a(const struct lookup *l)
{
	static char buf[OBS_ADDR_MAX];
	const ldns_rr_list *an = l->reply != NULL ? ldns_pkt_answer(l->reply) : NULL;
	const ldns_rr *rr = an != NULL ? ldns_rr_list_rr(an, 0) : NULL;
	struct server_addr a;

	buf[0] = '\0';
	if (rr != NULL && ldns_rr_get_type(rr) == LDNS_RR_TYPE_A &&
	    server_addr_from_bytes(&a, AF_INET, ldns_rdf_data(ldns_rr_rdf(rr, 0)), 4, 53) == 0)
		snprintf(buf, sizeof buf, "%s", a.text);
	return buf;
}

/* L[i] asks "NAMES[i] A?"; names are parsed into OWNED (caller frees). */
static void questions(struct lookup *l, ldns_rdf **owned, const char *const *names, size_t n)
{
	size_t i;

	memset(l, 0, n * sizeof *l);
	for (i = 0; i < n; i++) {
		owned[i] = ldns_dname_new_frm_str(names[i]);
		l[i].q = (struct wire_question){owned[i], LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN};
	}
}

static void lookups_free(struct lookup *l, ldns_rdf **owned, size_t n)
{
	size_t i;

	lookup_clear(l, n);
	for (i = 0; i < n; i++)
		ldns_rdf_deep_free(owned[i]);
}

/* On lookup.scn, ask resolvers RS (N_RS of them, at most 3) the N questions "NAMES[i] A?" into
 * L until DEADLINE_MS; names are parsed into OWNED (free with lookups_free). Sets *GOT to
 * lookup_run's count; false when the scenario does not load (nothing to free then). */
static bool lookups_run(const char *const *rs, size_t n_rs, int64_t deadline_ms,
			const char *const *names, size_t n, struct lookup *l, ldns_rdf **owned,
			size_t *got)
{
	struct server_addr r[3];
	struct net_ctx net;

	if (n_rs > 3 || !scenario("lookup.scn"))
		return false;
	net_for(&net, r, rs, n_rs, deadline_ms);
	questions(l, owned, names, n);
	*got = lookup_run(&net, l, n);
	return true;
}

static void test_lookup_fallback(void)
{
	static const char *const rs[] = {"198.51.100.1", "198.51.100.2"};
	static const char *const names[] = {"a.example."};
	struct lookup l[1];
	ldns_rdf *owned[1];
	size_t got;

	if (!lookups_run(rs, 2, 2000, names, 1, l, owned, &got))
		return;
	tap_ok(got == 1 && strcmp(first_a(l), "192.0.2.77") == 0,
	       "dead first resolver: the second one's answer is taken");
	tap_str_eq(times("198.51.100.1", false), "0,500",
		   "dead first resolver: asked (and retried) within its half of the 2 s");
	tap_str_eq(times("198.51.100.2", false), "1000",
		   "dead first resolver: the second is asked when that half is over (1000 ms)");
	tap_ok(elapsed_ms() == 1001, "dead first resolver: done at 1001 ms (%.3f)", elapsed_ms());
	lookups_free(l, owned, 1);
	expect_clean("resolver fallback");
}

static void test_lookup_shares(void)
{
	static const char *const rs[] = {"198.51.100.1", "198.51.100.4", "198.51.100.5"};
	static const char *const names[] = {"a.example."};
	struct lookup l[1];
	ldns_rdf *owned[1];
	size_t got;

	if (!lookups_run(rs, 3, 3000, names, 1, l, owned, &got))
		return;
	tap_ok(got == 0 && l[0].reply == NULL, "three dead resolvers: no reply");
	tap_str_eq(times("198.51.100.1", false), "0,500", "three dead resolvers: first gets 0-1 s");
	tap_str_eq(times("198.51.100.4", false), "1000,1500",
		   "three dead resolvers: second gets an equal share of what is left, 1-2 s");
	tap_str_eq(times("198.51.100.5", false), "2000,2500",
		   "three dead resolvers: third gets the rest, 2-3 s");
	tap_ok(elapsed_ms() == 3000, "three dead resolvers: over at the deadline (%.3f ms)",
	       elapsed_ms());
	tap_str_eq(l[0].error,
		   "resolver 198.51.100.1: timeout, resolver 198.51.100.4: timeout, resolver "
		   "198.51.100.5: timeout",
		   "three dead resolvers: every one is named");
	lookups_free(l, owned, 1);
	expect_clean("resolver shares");

	if (!lookups_run(rs, 3, 0, names, 1, l, owned, &got))
		return;
	tap_ok(got == 0 && fakenet_log_count() == 0, "budget spent: no resolver asked");
	tap_str_eq(l[0].error, "no resolver asked: time budget spent", "budget spent: error text");
	lookups_free(l, owned, 1);
	expect_clean("budget spent");
}

static void test_lookup_only_unanswered(void)
{
	static const char *const rs[] = {"198.51.100.3", "198.51.100.2"};
	static const char *const names[] = {"a.example.", "b.example."};
	struct lookup l[2];
	ldns_rdf *owned[2];
	char buf[TIMES_MAX];
	size_t got;

	if (!lookups_run(rs, 2, 2000, names, 2, l, owned, &got))
		return;
	tap_ok(got == 2 && strcmp(first_a(&l[0]), "192.0.2.76") == 0 &&
		   strcmp(first_a(&l[1]), "192.0.2.78") == 0,
	       "partly answering resolver: a from the first, b from the second");
	tap_str_eq(fakenet_times("198.51.100.2", false, "a.example.", buf, sizeof buf), "",
		   "partly answering resolver: the second is not asked what was answered");
	tap_str_eq(fakenet_times("198.51.100.2", false, "b.example.", buf, sizeof buf), "1000",
		   "partly answering resolver: only the unanswered question goes on, at 1000 ms");
	lookups_free(l, owned, 2);
	expect_clean("partly answering resolver");
}

/* --- check_run, end to end -------------------------------------------------------------------- */

/* One whole check on a scenario and what must come of it. Strings NULL are not checked. */
struct check_case {
	const char *name;
	const char *scn;
	const char *args[FAKECHECK_ARGS_MAX + 1]; /* after "check_soa", NULL-terminated */
	int state;
	const char *output;   /* the whole output */
	const char *status;   /* the status line up to " |" */
	const char *lines[3]; /* substrings of the output, NULL-terminated */
	double at_ms;         /* virtual time when check_run returns; ANY: not checked */
	double before_ms;     /* check_run returns before it; 0: not checked */
	const char *times_addr, *times_qname, *times; /* arrivals at an address (UDP) */
};

#define IN_SYNC_STATUS "SOA OK - zone.example: 3 servers in sync, serial 2024010101"

/* The rows are packed by hand, a few fields a line. */
/* clang-format off */
static const struct check_case check_cases[] = {
    /* doc/performance.md: a resolver round, an address round, then one round for the
     * parent's delegation and every SOA and apex NS query; each a 1 ms round trip here */
    {.name = "in sync", .scn = "zone.scn", .args = {"-D", "zone.example", "-s", "192.0.2.53"},
     .state = MP_OK,
     .output = "SOA OK - zone.example: 3 servers in sync, serial 2024010101 | servers=3;;;0 "
               "in_sync=3;;;0 failed=0;0;;0 lag_max=0;0;;0 serial=2024010101 "
               "rtt_ns1.zone.example_192.0.2.1=0.001s;;;0 "
               "lag_ns1.zone.example_192.0.2.1=0;0;;0 "
               "rtt_ns2.zone.example_192.0.2.2=0.001s;;;0 "
               "lag_ns2.zone.example_192.0.2.2=0;0;;0 "
               "rtt_ns3.zone.example_192.0.2.3=0.001s;;;0 "
               "lag_ns3.zone.example_192.0.2.3=0;0;;0\n"
               "[OK] ns1.zone.example 192.0.2.1: serial 2024010101, 1.0 ms\n"
               "[OK] ns2.zone.example 192.0.2.2: serial 2024010101, 1.0 ms\n"
               "[OK] ns3.zone.example 192.0.2.3: serial 2024010101, 1.0 ms\n",
     .at_ms = 3},
    /* DNSSEC (auto, the zone is signed): the SOA with DO=1 and the apex DNSKEY go with the
     * SOA round, the DS with the delegation: the same three round trips */
    {.name = "signed", .scn = "zone-signed.scn", .args = {"-D", "zone.example", "-s", "192.0.2.53"},
     .state = MP_OK,
     .lines = {"\n[OK] DNSSEC ns1.zone.example 192.0.2.1: valid, ",
               "\n[OK] DNSSEC ns3.zone.example 192.0.2.3: valid, ",
               "\n[OK] DS at the parent: 42388/13/2 (key tag/algorithm/digest type)\n"},
     .at_ms = 3},
    /* auto, and the resolver's answer for the zone's NS set carries an RRSIG: CDS and CDNSKEY
     * are asked in the SOA round too (ns3's CDS differs): still three round trips, and ns3 gets
     * its SOA, DNSKEY, CDS, CDNSKEY and NS questions at the same instant */
    {.name = "signed, CDS and CDNSKEY under auto", .scn = "zone-signed-cds.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_WARNING,
     .status = "SOA WARNING - zone.example: DNSSEC: ns3.zone.example 192.0.2.3: CDS or CDNSKEY "
               "set differs from other addresses'",
     .lines = {"\n[OK] DNSSEC ns1.zone.example 192.0.2.1: valid, "}, .at_ms = 3,
     .times_addr = "192.0.2.3", .times_qname = "zone.example.", .times = "2,2,2,2,2"},
    /* the same zone without the RRSIG in the hint (zone-signed.scn: a DS at the parent, learnt
     * with the delegation in the SOA round): CDS and CDNSKEY not asked, SOA, DNSKEY and NS only */
    {.name = "signed, unsigned hint: no CDS", .scn = "zone-signed.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .at_ms = 3,
     .times_addr = "192.0.2.3", .times_qname = "zone.example.", .times = "2,2,2"},
    {.name = "signed, --dnssec=off", .scn = "zone-signed.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "--dnssec=off"},
     .state = MP_OK, .status = IN_SYNC_STATUS, .at_ms = 3},
    {.name = "signed, one bogus SOA RRSIG", .scn = "zone-signed-bogus.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_CRITICAL,
     .status = "SOA CRITICAL - zone.example: DNSSEC: ns3.zone.example 192.0.2.3: signature "
               "does not verify",
     .lines = {"\n[OK] DNSSEC ns1.zone.example 192.0.2.1: valid, "}, .at_ms = 3},
    {.name = "one server behind", .scn = "zone-lag.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_WARNING,
     .status = "SOA WARNING - zone.example: 1 of 3 servers behind (ns3.zone.example "
               "192.0.2.3 at 2024010100, 1 behind 2024010101)",
     .lines = {"\n[WARNING] ns3.zone.example 192.0.2.3: serial 2024010100 (1 behind "
               "2024010101), 1.0 ms\n"},
     .at_ms = ANY},
    /* a failed address is WARNING (-W 0); the SOA round starts at 2 ms, the dropping server
     * costs --query-timeout once: SOA, DNSKEY and NS sent at 2 ms, retried at 1/6 and 1/2 of 1 s */
    {.name = "one server dropping", .scn = "zone-drop.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-t", "2", "--query-timeout", "1"},
     .state = MP_WARNING,
     .status = "SOA WARNING - zone.example: 1 of 3 servers unreachable (ns3.zone.example "
               "192.0.2.3: timeout)",
     .lines = {"\n[WARNING] ns3.zone.example 192.0.2.3: unreachable (timeout)\n"}, .at_ms = 1002,
     .times_addr = "192.0.2.3", .times_qname = "zone.example.",
     .times = "2,2,2,169,169,169,502,502,502"},
    {.name = "every server dropping", .scn = "zone-dead.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-t", "2", "--query-timeout", "1"},
     .state = MP_CRITICAL,
     .status = "SOA CRITICAL - zone.example: no server answered for the zone (3 checked), 3 of "
               "3 servers unreachable (ns1.zone.example 192.0.2.1: timeout, +2 more)",
     .at_ms = 1002},
    {.name = "truncated answer", .scn = "zone-tc.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .status = IN_SYNC_STATUS,
     .lines = {"\n[OK] ns2.zone.example 192.0.2.2: serial 2024010101, 2.0 ms, TCP after "
               "truncated UDP answer\n"},
     .at_ms = ANY},
    /* nothing to compare: the glue questions are not waited for past the 20 ms grace and
     * the fallback's 20 ms (never the 3 s give-up) */
    {.name = "glue questions dropped", .scn = "zone-dropglue.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .status = IN_SYNC_STATUS,
     .at_ms = ANY, .before_ms = 50},
    /* doc/performance.md: names the zone adds beyond the hint cost one more round (its
     * address lookup and its SOA query, 1 ms each here); such a name is checked too, and
     * listed */
    {.name = "NS name only in the zone's own set", .scn = "zone-extra.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_WARNING,
     .status = "SOA WARNING - zone.example: NS sets differ (child only: ns4.zone.example)",
     .lines = {"\n[OK] ns4.zone.example 192.0.2.4: serial 2024010101, 1.0 ms\n",
               "\nNS in the zone's own NS set only: ns4.zone.example\n"},
     .at_ms = 5},
    /* the hint is speculative: not waited for past the 20 ms grace (round 1 ends at 21 ms);
     * then the parent's address (22 ms), the delegation (23 ms), the servers' addresses
     * (24 ms) and their SOA round (25 ms) */
    {.name = "slow hint", .scn = "zone-slowhint.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .status = IN_SYNC_STATUS,
     .at_ms = 25},
    /* no hint: the resolver (1 ms), the parent's address (2), the delegation with glue (3),
     * then the servers' SOA, NS and glue questions together (4); a name's glue (A and AAAA)
     * is asked of one server */
    {.name = "no hint", .scn = "zone-nohint.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .status = IN_SYNC_STATUS,
     .at_ms = 4, .times_addr = "192.0.2.1", .times_qname = "ns1.zone.example.", .times = "3,3"},
    {.name = "no hint, the glue of one server only", .scn = "zone-nohint.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_OK, .status = IN_SYNC_STATUS,
     .at_ms = 4, .times_addr = "192.0.2.2", .times_qname = "ns1.zone.example.", .times = ""},
    /* signed, no hint: the DS comes with the delegation, before the servers' round, which
     * asks CDS and CDNSKEY with the SOA (ns3: five questions at 3 ms), still over at 4 ms */
    {.name = "signed, no hint: CDS with the DS known", .scn = "zone-signed-cds-nohint.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_WARNING,
     .status = "SOA WARNING - zone.example: DNSSEC: ns3.zone.example 192.0.2.3: CDS or CDNSKEY "
               "set differs from other addresses'",
     .at_ms = 4, .times_addr = "192.0.2.3", .times_qname = "zone.example.", .times = "3,3,3,3,3"},
    {.name = "NXDOMAIN", .scn = "zone-nxdomain.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53"}, .state = MP_CRITICAL,
     .output = "SOA CRITICAL - zone.example: zone does not exist (NXDOMAIN)\n", .at_ms = ANY},
    /* -t 2 less the 30 ms kept for judging and printing; --query-timeout clamped to 2 s:
     * both questions retried at 1/6 and 1/2 of 2 s */
    {.name = "dead resolver", .scn = "zone-resolver-dead.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-t", "2"}, .state = MP_UNKNOWN,
     .output = "SOA UNKNOWN - zone.example: resolver 192.0.2.53: timeout\n", .at_ms = 1970,
     .times_addr = "192.0.2.53", .times = "0,0,334,334,1000,1000"},
    /* the second gets the second half (985 ms) */
    {.name = "two dead resolvers", .scn = "zone-resolver-dead.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-s", "192.0.2.55", "-t", "2"},
     .state = MP_UNKNOWN,
     .output = "SOA UNKNOWN - zone.example: resolver 192.0.2.53: timeout, resolver "
               "192.0.2.55: timeout\n",
     .at_ms = 1970, .times_addr = "192.0.2.55", .times = "985,985,1319,1319"},
    /* asked when the first one's half of 1970 ms is over */
    {.name = "second resolver works", .scn = "zone-resolver-dead.scn",
     .args = {"-D", "zone.example", "-s", "192.0.2.53", "-s", "192.0.2.54", "-t", "2"},
     .state = MP_OK, .status = IN_SYNC_STATUS, .at_ms = ANY, .times_addr = "192.0.2.54",
     .times_qname = "example.", .times = "985"},
};
/* clang-format on */

/* The outcome of the check in OUT (state STATE) against C's expectations: a TAP line each. */
static void expect_check(const struct check_case *c, int state, const struct mp_strbuf *out)
{
	char buf[TIMES_MAX];
	size_t i;

	tap_int_eq(state, c->state, "%s: state %d", c->name, c->state);
	if (c->output != NULL)
		tap_str_eq(mp_strbuf_str(out), c->output, "%s: the whole output", c->name);
	if (c->status != NULL)
		tap_str_eq(fakecheck_status(out), c->status, "%s: status line", c->name);
	for (i = 0; i < sizeof c->lines / sizeof c->lines[0] && c->lines[i] != NULL; i++)
		tap_ok(tap_contains(mp_strbuf_str(out), c->lines[i]),
		       "%s: the output has the line '%.*s'", c->name,
		       (int)strcspn(c->lines[i] + 1, "\n"), c->lines[i] + 1);
	if (c->at_ms != ANY)
		tap_ok(elapsed_ms() == c->at_ms, "%s: over at %.0f ms (%.3f)", c->name, c->at_ms,
		       elapsed_ms());
	if (c->before_ms > 0)
		tap_ok(elapsed_ms() < c->before_ms, "%s: over before %.0f ms (%.3f)", c->name,
		       c->before_ms, elapsed_ms());
	if (c->times_addr != NULL)
		tap_str_eq(fakenet_times(c->times_addr, false, c->times_qname, buf, sizeof buf),
			   c->times, "%s: arrivals at %s", c->name, c->times_addr);
	tap_int_eq(fakenet_unmatched(), 0, "%s: every query was one the scenario expects", c->name);
}

static void test_check_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof check_cases / sizeof check_cases[0]; i++) {
		const struct check_case *c = &check_cases[i];
		struct mp_strbuf out;
		int state = fakecheck(c->scn, &out, c->args);

		expect_check(c, state, &out);
		mp_strbuf_free(&out);
		expect_clean(c->name);
	}
}

/* --- the scenario parser ------------------------------------------------------------------ */

/* Write TEXT to a temporary scenario file and load it; returns fakenet_load's result. */
static int load_text(const char *text, char *err, size_t size)
{
	char path[] = "/tmp/test_engine.XXXXXX";
	int fd = mkstemp(path), rc = -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
		fakenet_reset();
		rc = fakenet_load(path, err, size);
	} else if (fd >= 0) {
		close(fd);
	}
	unlink(path);
	return rc;
}

static void test_scenario_errors(void)
{
	static const char *const bad[] = {
	    "on 192.0.2.1 udp zone.example. SOA\n",         /* no action */
	    "on 192.0.2.1 sctp zone.example. SOA reply\n",  /* protocol */
	    "on 192.0.2.999 udp zone.example. SOA reply\n", /* address */
	    "on 192.0.2.1 udp zone.example. BOGUS reply\n", /* type */
	    "on 192.0.2.1 udp * * reply delay=-1\n",        /* parameter range */
	    "on 192.0.2.1 udp * * reply rcode=NOPE\n",      /* rcode */
	    "answer zone.example. 3600 IN A 192.0.2.1\n",   /* record before a rule */
	    "on 192.0.2.1 udp * * reply\nanswer zone.example. 3600 IN A 300.1.1.1\n",
	    "include ../../etc/passwd\n", /* outside the directory */
	    "frobnicate\n",               /* directive */
	};
	char err[FAKENET_ERROR_MAX];
	size_t i, rejected = 0;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (load_text(bad[i], err, sizeof err) != 0 && strstr(err, ":") != NULL)
			rejected++;
		else
			printf("# accepted: %s", bad[i]);
	}
	tap_int_eq(rejected, sizeof bad / sizeof bad[0],
		   "scenario parser: every malformed line is rejected with file:line");
	err[0] = '\0';
	tap_ok(load_text("# ok\nlatency 5\non 192.0.2.1#5300,2001:db8::2 any * * drop\n", err,
			 sizeof err) == 0,
	       "scenario parser: a well-formed file loads%s%s", err[0] ? ": " : "", err);
}

int main(void)
{
	zone = ldns_dname_new_frm_str("zone.example.");
	fakenet_install();
	test_probe_cases();
	test_icmp_shared_socket();
	test_descriptor_limit();
	test_all_at_once();
	test_optional_grace();
	test_fallback();
	test_lookup_fallback();
	test_lookup_shares();
	test_lookup_only_unanswered();
	test_check_cases();
	test_scenario_errors();
	fakenet_uninstall();
	fakenet_free();
	ldns_rdf_deep_free(zone);
	return tap_done();
}
