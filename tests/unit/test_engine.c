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

#include "check.h"
#include "fakenet.h"
#include "servers/lookup.h"
#include "cli/options.h"
#include "net/clock.h"
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

/* --- probe_run -------------------------------------------------------------------------------- */

static void test_udp_answer(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.1", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && p.transport == TRANSPORT_UDP && serial_of(&p) == 1,
	       "UDP answer: accepted, serial 1");
	tap_int_eq(p.rtt_us, 1 * MS, "UDP answer: RTT is the server's 1 ms");
	tap_int_eq(p.udp_sends, 1, "UDP answer: one datagram");
	tap_ok(elapsed_ms() == 1, "UDP answer: probe_run returns when it arrives (1 ms)");
	tap_ok(fakenet_polls() <= 3, "UDP answer: no busy loop (%zu polls)", fakenet_polls());
	probe_clear(&p);
	expect_clean("UDP answer");
}

static void test_ipv6_port(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "2001:db8::1", 5353, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && serial_of(&p) == 61, "IPv6 with a port: answered by 2001:db8::1#5353");
	probe_clear(&p);
	expect_clean("IPv6 with a port");
}

static void test_retransmits(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.2", 53, false);
	run(&p, 1, 3000, 10000);
	tap_str_eq(times("192.0.2.2", false), "0,500,1500",
		   "silent server: UDP sent at 0, then at 1/6 and 1/2 of the 3 s give-up");
	tap_ok(!p.done && p.unreach == UNREACH_TIMEOUT && p.udp_sends == 3,
	       "silent server: times out after 3 datagrams");
	tap_ok(elapsed_ms() == 3000, "silent server: given up at exactly 3 s (%.3f ms)",
	       elapsed_ms());
	tap_str_eq(failure(&p), "timeout", "silent server: failure text");
	tap_ok(fakenet_polls() <= 6, "silent server: sleeps between timers (%zu polls)",
	       fakenet_polls());
	probe_clear(&p);
	expect_clean("silent server");
}

static void test_retransmit_rounding(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.2", 53, false);
	run(&p, 1, 1000, 10000);
	/* 1/6 of 1 s is 166.667 ms; poll() counts whole milliseconds, rounded up */
	tap_str_eq(times("192.0.2.2", false), "0,167,500",
		   "1 s give-up: retransmits at 167 ms (poll's millisecond) and 500 ms");
	tap_ok(elapsed_ms() == 1000, "1 s give-up: given up at 1000 ms (%.3f)", elapsed_ms());
	probe_clear(&p);
	expect_clean("1 s give-up");
}

static void test_third_try(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.3", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && serial_of(&p) == 3 && p.udp_sends == 3,
	       "answer to the second retransmit: accepted after 3 datagrams");
	tap_int_eq(p.rtt_us, 1501 * MS,
		   "answer to the second retransmit: RTT from the first send, retransmit waits "
		   "included");
	tap_ok(elapsed_ms() == 1501, "answer to the second retransmit: at 1501 ms (%.3f)",
	       elapsed_ms());
	probe_clear(&p);
	expect_clean("answer to the second retransmit");
}

static void test_deadline(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.2", 53, false);
	run(&p, 1, 3000, 700);
	tap_ok(elapsed_ms() == 700, "deadline before the give-up: returns at exactly 700 ms (%.3f)",
	       elapsed_ms());
	tap_ok(!p.done && p.unreach == UNREACH_TIMEOUT, "deadline: the probe timed out");
	tap_str_eq(times("192.0.2.2", false), "0,500", "deadline: no send after it");
	probe_clear(&p);
	expect_clean("deadline");

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.1", 53, false);
	run(&p, 1, 3000, 0);
	tap_ok(!p.done && p.unreach == UNREACH_NOT_ATTEMPTED && fakenet_log_count() == 0,
	       "deadline already past: nothing sent, not attempted");
	tap_str_eq(failure(&p), "not queried: time budget spent", "deadline past: failure text");
	probe_clear(&p);
	expect_clean("deadline past");
}

static void test_tcp_fallback(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.4", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && p.transport == TRANSPORT_TCP && p.tc_seen && serial_of(&p) == 4,
	       "TC over UDP: the TCP answer is accepted");
	tap_str_eq(times("192.0.2.4", true), "2",
		   "TC over UDP: TCP connect at 1 ms, query once connected (2 ms)");
	tap_int_eq(p.rtt_us, 2 * MS, "TC over UDP: RTT from the TCP connect");
	tap_ok(elapsed_ms() == 3, "TC over UDP: done at 3 ms (%.3f)", elapsed_ms());
	probe_clear(&p);
	expect_clean("TC over UDP");
}

static void test_tcp_refused(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.5", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(!p.done && p.unreach == UNREACH_REFUSED && p.tc_seen,
	       "TC, then TCP refused: unreachable (refused)");
	tap_str_eq(failure(&p), "truncated over UDP, then TCP connection refused",
		   "TC, then TCP refused: failure text");
	tap_ok(elapsed_ms() == 2, "TC, then TCP refused: over at 2 ms (%.3f)", elapsed_ms());
	probe_clear(&p);
	expect_clean("TCP refused");
}

static void test_tcp_silent(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.6", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(!p.done && p.unreach == UNREACH_TIMEOUT, "TC, then silent TCP: timeout");
	tap_str_eq(failure(&p), "truncated over UDP, then TCP timeout",
		   "TC, then silent TCP: failure text");
	tap_str_eq(times("192.0.2.6", true), "2", "TC, then silent TCP: the query was written");
	tap_ok(elapsed_ms() == 3001,
	       "TC, then silent TCP: a fresh 3 s give-up from the connect (3001 ms; %.3f)",
	       elapsed_ms());
	probe_clear(&p);
	expect_clean("silent TCP");
}

static void test_tcp_trickle_and_cut(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.11", 53, true);
	run(&p, 1, 3000, 10000);
	tap_ok(!p.done && p.unreach == UNREACH_TIMEOUT && elapsed_ms() == 3000,
	       "TCP answer trickled a byte per 100 ms: cut off at the 3 s give-up (%.3f ms)",
	       elapsed_ms());
	tap_str_eq(times("192.0.2.11", false), "", "--tcp: no UDP at all");
	probe_clear(&p);
	expect_clean("trickled TCP");

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.12", 53, true);
	run(&p, 1, 3000, 10000);
	tap_ok(!p.done && p.invalid_replies == 1 && p.last_invalid == WIRE_INCOMPLETE,
	       "TCP stream ending mid-message: an invalid reply");
	tap_str_eq(failure(&p), "last reply: incomplete TCP message",
		   "TCP stream ending mid-message: failure text");
	tap_ok(elapsed_ms() == 2, "TCP stream ending mid-message: over at once (%.3f ms)",
	       elapsed_ms());
	probe_clear(&p);
	expect_clean("cut TCP");
}

static void test_wrong_id(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.7", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && serial_of(&p) == 7, "wrong ID first: the right reply is still accepted");
	tap_ok(p.invalid_replies == 1 && p.last_invalid == WIRE_WRONG_ID,
	       "wrong ID first: one reply dropped as wrong ID");
	tap_int_eq(p.rtt_us, 10 * MS, "wrong ID first: RTT of the right reply");
	probe_clear(&p);
	expect_clean("wrong ID");
}

static void test_spoof_and_icmp(void)
{
	struct probe p;

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.8", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(p.done && serial_of(&p) == 8 && p.invalid_replies == 0 && fakenet_filtered() == 1,
	       "reply from another address: never reaches the connected socket; the server's "
	       "own is taken");
	probe_clear(&p);
	expect_clean("spoofed reply");

	if (!scenario("probe.scn"))
		return;
	soa_probe(&p, "192.0.2.9", 53, false);
	run(&p, 1, 3000, 10000);
	tap_ok(!p.done && p.unreach == UNREACH_REFUSED && elapsed_ms() == 2,
	       "ICMP port unreachable: refused, at once (%.3f ms)", elapsed_ms());
	tap_str_eq(failure(&p), "connection refused", "ICMP port unreachable: failure text");
	probe_clear(&p);
	expect_clean("ICMP refused");

	if (!scenario("probe.scn"))
		return;
	{
		struct probe two[2];
		soa_probe(&two[0], "192.0.2.9", 53, false);
		soa_probe(&two[1], "192.0.2.9", 53, false);
		run(two, 2, 3000, 10000);
		tap_ok(!two[0].done && two[0].unreach == UNREACH_REFUSED && !two[1].done &&
			   two[1].unreach == UNREACH_REFUSED && elapsed_ms() == 2,
		       "ICMP on a shared socket: both queries refused, at once (%.3f ms)",
		       elapsed_ms());
		probe_clear(&two[0]);
		probe_clear(&two[1]);
	}
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
	soa_probe(&p[2], "192.0.2.14", 53, false);
	p[1].optional = p[2].optional = true;
	run(p, 3, 3000, 10000);
	tap_ok(p[0].done && p[1].done && !p[2].done && p[2].unreach == UNREACH_TIMEOUT,
	       "optional probes: the one within the grace (12 ms) kept, the later (20 ms) not");
	tap_ok(elapsed_ms() == 15,
	       "optional probes: grace of half the 10 ms the required one took (%.3f ms)",
	       elapsed_ms());
	for (i = 0; i < 3; i++)
		probe_clear(&p[i]);
	expect_clean("optional grace");
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

static void test_lookup_fallback(void)
{
	static const char *const rs[] = {"198.51.100.1", "198.51.100.2"};
	static const char *const names[] = {"a.example."};
	struct server_addr r[2];
	struct net_ctx net;
	struct lookup l[1];
	ldns_rdf *owned[1];
	size_t got;

	if (!scenario("lookup.scn"))
		return;
	net_for(&net, r, rs, 2, 2000);
	questions(l, owned, names, 1);
	got = lookup_run(&net, l, 1);
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
	struct server_addr r[3];
	struct net_ctx net;
	struct lookup l[1];
	ldns_rdf *owned[1];
	size_t got;

	if (!scenario("lookup.scn"))
		return;
	net_for(&net, r, rs, 3, 3000);
	questions(l, owned, names, 1);
	got = lookup_run(&net, l, 1);
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

	if (!scenario("lookup.scn"))
		return;
	net_for(&net, r, rs, 3, 0);
	questions(l, owned, names, 1);
	got = lookup_run(&net, l, 1);
	tap_ok(got == 0 && fakenet_log_count() == 0, "budget spent: no resolver asked");
	tap_str_eq(l[0].error, "no resolver asked: time budget spent", "budget spent: error text");
	lookups_free(l, owned, 1);
	expect_clean("budget spent");
}

static void test_lookup_only_unanswered(void)
{
	static const char *const rs[] = {"198.51.100.3", "198.51.100.2"};
	static const char *const names[] = {"a.example.", "b.example."};
	struct server_addr r[2];
	struct net_ctx net;
	struct lookup l[2];
	ldns_rdf *owned[2];
	char buf[TIMES_MAX];
	size_t got;

	if (!scenario("lookup.scn"))
		return;
	net_for(&net, r, rs, 2, 2000);
	questions(l, owned, names, 2);
	got = lookup_run(&net, l, 2);
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

#define ARGS_MAX 24

/* Run "check_soa ARGS..." (NULL-terminated) on scenario SCN into OUT. Returns the
 * state, or -1 when the arguments do not parse. */
static int check(const char *scn, struct mp_strbuf *out, const char *const *args)
{
	char *argv[ARGS_MAX + 2], err[OPT_ERROR_MAX];
	struct options o;
	int argc = 0;

	memset(out, 0, sizeof *out);
	if (!scenario(scn))
		return -1;
	argv[argc++] = (char *)"check_soa";
	for (; *args != NULL && argc <= ARGS_MAX; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	options_init(&o);
	if (options_parse(argc, argv, &o, err) != 0) {
		tap_ok(0, "options parse: %s", err);
		return -1;
	}
	return (int)check_run(&o, clock_now_us(), out);
}

#define CHECK(scn, out, ...) check(scn, out, (const char *const[]){__VA_ARGS__, NULL})

/* The status line of OUT up to " |" (all of it when there is no perfdata). Static. */
static const char *status(const struct mp_strbuf *out)
{
	static char buf[1024];
	const char *s = mp_strbuf_str(out);
	size_t n = strcspn(s, "\n");
	const char *bar = strstr(s, " |");

	if (bar != NULL && (size_t)(bar - s) < n)
		n = (size_t)(bar - s);
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	return buf;
}

static void test_check_in_sync(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_OK, "in sync: OK");
	tap_str_eq(mp_strbuf_str(&out),
		   "SOA OK - zone.example: 3 servers in sync, serial 2024010101 | servers=3;;;0 "
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
		   "in sync: the whole output");
	/* README, Performance: a resolver round, an address round, then one round for the
	 * parent's delegation and every SOA and apex NS query; each a 1 ms round trip here */
	tap_ok(elapsed_ms() == 3, "in sync: three dependent round trips (%.3f ms)", elapsed_ms());
	tap_int_eq(fakenet_unmatched(), 0, "in sync: every query was one the scenario expects");
	mp_strbuf_free(&out);
	expect_clean("check in sync");
}

static void test_check_lag(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-lag.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_WARNING, "one server behind: WARNING");
	tap_str_eq(status(&out),
		   "SOA WARNING - zone.example: 1 of 3 servers behind (ns3.zone.example "
		   "192.0.2.3 at 2024010100, 1 behind 2024010101)",
		   "one server behind: status line");
	tap_ok(tap_contains(mp_strbuf_str(&out),
			    "\n[WARNING] ns3.zone.example 192.0.2.3: serial 2024010100 (1 behind "
			    "2024010101), 1.0 ms\n"),
	       "one server behind: its long-output line");
	mp_strbuf_free(&out);
	expect_clean("check lag");
}

static void test_check_drop(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-drop.scn", &out, "-D", "zone.example", "-s", "192.0.2.53", "-t",
			  "2", "--query-timeout", "1");

	tap_int_eq(state, MP_WARNING, "one server dropping: WARNING (a failed address, -W 0)");
	tap_str_eq(status(&out),
		   "SOA WARNING - zone.example: 1 of 3 servers unreachable (ns3.zone.example "
		   "192.0.2.3: timeout)",
		   "one server dropping: status line");
	tap_ok(tap_contains(mp_strbuf_str(&out),
			    "\n[WARNING] ns3.zone.example 192.0.2.3: unreachable (timeout)\n"),
	       "one server dropping: its long-output line");
	/* the SOA round starts at 2 ms; the dropping server costs --query-timeout once */
	tap_ok(elapsed_ms() == 1002, "one server dropping: over at 2 ms + 1 s (%.3f ms)",
	       elapsed_ms());
	tap_str_eq(times("192.0.2.3", false), "2,2,169,169,502,502",
		   "one server dropping: SOA and NS sent at 2 ms, retried at 1/6 and 1/2 of 1 s");
	mp_strbuf_free(&out);
	expect_clean("check drop");
}

static void test_check_all_dead(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-dead.scn", &out, "-D", "zone.example", "-s", "192.0.2.53", "-t",
			  "2", "--query-timeout", "1");

	tap_int_eq(state, MP_CRITICAL, "every server dropping: CRITICAL");
	tap_str_eq(status(&out),
		   "SOA CRITICAL - zone.example: no server answered for the zone (3 checked), 3 of "
		   "3 servers unreachable (ns1.zone.example 192.0.2.1: timeout, +2 more)",
		   "every server dropping: status line");
	tap_ok(elapsed_ms() == 1002, "every server dropping: still 2 ms + 1 s (%.3f ms)",
	       elapsed_ms());
	mp_strbuf_free(&out);
	expect_clean("check all dead");
}

static void test_check_tc(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-tc.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_OK, "truncated answer: OK over TCP");
	tap_str_eq(status(&out), "SOA OK - zone.example: 3 servers in sync, serial 2024010101",
		   "truncated answer: status line");
	tap_ok(tap_contains(mp_strbuf_str(&out),
			    "\n[OK] ns2.zone.example 192.0.2.2: serial 2024010101, 2.0 ms, TCP "
			    "after truncated UDP answer\n"),
	       "truncated answer: its long-output line says TCP");
	mp_strbuf_free(&out);
	expect_clean("check TC");
}

static void test_check_drop_glue(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-dropglue.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_OK, "glue questions dropped: still OK (nothing to compare)");
	tap_str_eq(status(&out), "SOA OK - zone.example: 3 servers in sync, serial 2024010101",
		   "glue questions dropped: status line");
	tap_ok(elapsed_ms() < 10, "glue questions dropped: not waited for (%.3f ms)", elapsed_ms());
	mp_strbuf_free(&out);
	expect_clean("check drop glue");
}

static void test_check_child_ns(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-extra.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_WARNING, "NS name only in the zone's own set: WARNING");
	tap_str_eq(status(&out),
		   "SOA WARNING - zone.example: NS sets differ (child only: ns4.zone.example)",
		   "NS name only in the zone's own set: status line");
	tap_ok(tap_contains(mp_strbuf_str(&out), "\n[OK] ns4.zone.example 192.0.2.4: serial "
						 "2024010101, 1.0 ms\n") &&
		   tap_contains(mp_strbuf_str(&out),
				"\nNS in the zone's own NS set only: ns4.zone.example\n"),
	       "NS name only in the zone's own set: it is checked too, and listed");
	/* README: names the zone adds beyond the hint cost one more round (its address
	 * lookup and its SOA query, 1 ms each here) */
	tap_ok(elapsed_ms() == 5, "NS name only in the zone's own set: done at 5 ms (%.3f)",
	       elapsed_ms());
	mp_strbuf_free(&out);
	expect_clean("check child NS");
}

static void test_check_slow_hint(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-slowhint.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_ok(state == MP_OK && strcmp(status(&out), "SOA OK - zone.example: 3 servers in sync, "
						      "serial 2024010101") == 0,
	       "slow hint: OK, 3 servers in sync");
	/* the hint is speculative: not waited for past the 1 ms grace (round 1 ends at 2 ms);
	 * then the parent's address (3 ms), the delegation (4 ms), the servers' addresses
	 * (5 ms) and their SOA round (6 ms) */
	tap_ok(elapsed_ms() == 6, "slow hint: not waited for; done at 6 ms (%.3f)", elapsed_ms());
	mp_strbuf_free(&out);
	expect_clean("check slow hint");
}

static void test_check_nxdomain(void)
{
	struct mp_strbuf out;
	int state = CHECK("zone-nxdomain.scn", &out, "-D", "zone.example", "-s", "192.0.2.53");

	tap_int_eq(state, MP_CRITICAL, "NXDOMAIN: CRITICAL");
	tap_str_eq(mp_strbuf_str(&out),
		   "SOA CRITICAL - zone.example: zone does not exist (NXDOMAIN)\n",
		   "NXDOMAIN: the whole output");
	mp_strbuf_free(&out);
	expect_clean("check NXDOMAIN");
}

static void test_check_resolver_dead(void)
{
	struct mp_strbuf out;
	int state;

	state = CHECK("zone-resolver-dead.scn", &out, "-D", "zone.example", "-s", "192.0.2.53",
		      "-t", "2");
	tap_int_eq(state, MP_UNKNOWN, "dead resolver: UNKNOWN");
	tap_str_eq(mp_strbuf_str(&out),
		   "SOA UNKNOWN - zone.example: resolver 192.0.2.53: timeout\n",
		   "dead resolver: the whole output");
	/* -t 2 less the 30 ms kept for judging and printing; --query-timeout clamped to 2 s */
	tap_ok(elapsed_ms() == 1970, "dead resolver: gives up at 1970 ms (%.3f)", elapsed_ms());
	tap_str_eq(times("192.0.2.53", false), "0,0,334,334,1000,1000",
		   "dead resolver: both questions retried at 1/6 and 1/2 of 2 s");
	mp_strbuf_free(&out);
	expect_clean("check dead resolver");

	state = CHECK("zone-resolver-dead.scn", &out, "-D", "zone.example", "-s", "192.0.2.53",
		      "-s", "192.0.2.55", "-t", "2");
	tap_str_eq(mp_strbuf_str(&out),
		   "SOA UNKNOWN - zone.example: resolver 192.0.2.53: timeout, resolver "
		   "192.0.2.55: timeout\n",
		   "two dead resolvers: UNKNOWN naming both");
	tap_ok(state == MP_UNKNOWN && elapsed_ms() == 1970,
	       "two dead resolvers: inside the budget (%.3f ms)", elapsed_ms());
	tap_str_eq(times("192.0.2.55", false), "985,985,1319,1319",
		   "two dead resolvers: the second gets the second half (985 ms)");
	mp_strbuf_free(&out);
	expect_clean("check two dead resolvers");
}

static void test_check_resolver_fallback(void)
{
	struct mp_strbuf out;
	char buf[TIMES_MAX];
	int state = CHECK("zone-resolver-dead.scn", &out, "-D", "zone.example", "-s", "192.0.2.53",
			  "-s", "192.0.2.54", "-t", "2");

	tap_int_eq(state, MP_OK, "second resolver works: OK");
	tap_str_eq(status(&out), "SOA OK - zone.example: 3 servers in sync, serial 2024010101",
		   "second resolver works: status line");
	tap_str_eq(fakenet_times("192.0.2.54", false, "example.", buf, sizeof buf), "985",
		   "second resolver works: asked when the first one's half of 1970 ms is over");
	mp_strbuf_free(&out);
	expect_clean("check resolver fallback");
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
	test_udp_answer();
	test_ipv6_port();
	test_retransmits();
	test_retransmit_rounding();
	test_third_try();
	test_deadline();
	test_tcp_fallback();
	test_tcp_refused();
	test_tcp_silent();
	test_tcp_trickle_and_cut();
	test_wrong_id();
	test_spoof_and_icmp();
	test_descriptor_limit();
	test_all_at_once();
	test_optional_grace();
	test_lookup_fallback();
	test_lookup_shares();
	test_lookup_only_unanswered();
	test_check_in_sync();
	test_check_lag();
	test_check_drop();
	test_check_all_dead();
	test_check_tc();
	test_check_drop_glue();
	test_check_child_ns();
	test_check_slow_hint();
	test_check_nxdomain();
	test_check_resolver_dead();
	test_check_resolver_fallback();
	test_scenario_errors();
	fakenet_uninstall();
	fakenet_free();
	ldns_rdf_deep_free(zone);
	return tap_done();
}
