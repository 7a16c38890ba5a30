/* test_rounds.c - round trips, wall time and queries per purpose of whole checks of a 13-name
 * zone (26 addresses, 50 ms away) in virtual time, for each check on and off (issue 18). */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "cli/options.h"
#include "fakenet.h"
#include "net/clock.h"
#include "mp/mp_strbuf.h"
#include "tap.h"

#define MS        1000 /* microseconds */
#define ARGS_MAX  16
#define RESOLVER  "192.0.2.53"
#define PARENT    "198.51.100.10"
#define ZONE      "big.example."
#define SENDS_MAX 64

/* What the fake network saw during one check, counted from its log. */
struct seen {
	int state;
	double wall_ms;      /* virtual time the check took */
	size_t rounds;       /* distinct instants a UDP query left for a nameserver */
	size_t resolver;     /* queries to the resolver */
	size_t delegation;   /* "ZONE NS?" to the parent */
	size_t ds;           /* "ZONE DS?" to the parent (--dnssec) */
	size_t dnskey;       /* "ZONE DNSKEY?" to the zone's servers (--dnssec) */
	size_t cds;          /* "ZONE CDS?" and "ZONE CDNSKEY?" to the zone's servers */
	size_t soa, soa_tcp; /* "ZONE SOA?" to the zone's servers, over UDP / TCP */
	size_t ns;           /* "ZONE NS?" to the zone's servers */
	size_t glue;         /* A and AAAA of the NS names, to the zone's servers */
	size_t content;      /* other questions to the zone's servers (--compare) */
	size_t nameservers;  /* every query to a nameserver (parent and zone) */
};

/* Count what the log holds into S. */
static void count(struct seen *s)
{
	int64_t sends[SENDS_MAX];
	size_t i, j, n_sends = 0;

	for (i = 0; i < fakenet_log_count(); i++) {
		const struct fakenet_query *q = fakenet_log(i);
		bool apex = strcasecmp(q->qname, ZONE) == 0;
		if (strcmp(q->to.text, RESOLVER) == 0) {
			s->resolver++;
			continue;
		}
		s->nameservers++;
		if (strcmp(q->to.text, PARENT) == 0)
			*(q->qtype == LDNS_RR_TYPE_DS ? &s->ds : &s->delegation) += 1;
		else if (apex && q->qtype == LDNS_RR_TYPE_DNSKEY)
			s->dnskey++;
		else if (apex && (q->qtype == LDNS_RR_TYPE_CDS || q->qtype == LDNS_RR_TYPE_CDNSKEY))
			s->cds++;
		else if (apex && q->qtype == LDNS_RR_TYPE_SOA)
			*(q->tcp ? &s->soa_tcp : &s->soa) += 1;
		else if (apex && q->qtype == LDNS_RR_TYPE_NS)
			s->ns++;
		else if (!apex && (q->qtype == LDNS_RR_TYPE_A || q->qtype == LDNS_RR_TYPE_AAAA))
			s->glue++;
		else
			s->content++;
		if (q->tcp)
			continue;
		for (j = 0; j < n_sends && sends[j] != q->at_us; j++)
			;
		if (j == n_sends && n_sends < SENDS_MAX)
			sends[n_sends++] = q->at_us;
	}
	s->rounds = n_sends;
}

/* Run "check_soa -D big.example -s RESOLVER ARGS..." (NULL-terminated) on scenario SCN; the
 * output into OUT (caller frees). */
static bool run_on(const char *scn, struct seen *s, struct mp_strbuf *out, const char *const *args)
{
	char *argv[ARGS_MAX + 6],
	    err[FAKENET_ERROR_MAX > OPT_ERROR_MAX ? FAKENET_ERROR_MAX : OPT_ERROR_MAX];
	char label[256] = "";
	struct options o;
	int argc = 0;

	memset(s, 0, sizeof *s);
	memset(out, 0, sizeof *out);
	fakenet_reset();
	if (fakenet_load(scn, err, sizeof err) != 0) {
		tap_ok(0, "%s loads: %s", scn, err);
		return false;
	}
	argv[argc++] = (char *)"check_soa";
	argv[argc++] = (char *)"-D";
	argv[argc++] = (char *)"big.example";
	argv[argc++] = (char *)"-s";
	argv[argc++] = (char *)RESOLVER;
	for (; *args != NULL && argc < ARGS_MAX; args++) {
		argv[argc++] = (char *)*args;
		snprintf(label + strlen(label), sizeof label - strlen(label), " %s", *args);
	}
	argv[argc] = NULL;
	options_init(&o);
	if (options_parse(argc, argv, &o, err) != 0) {
		tap_ok(0, "options parse: %s", err);
		return false;
	}
	s->state = (int)check_run(&o, clock_now_us(), out);
	s->wall_ms = (double)(fakenet_now() - FAKENET_T0) / MS;
	count(s);
	printf("# %s%s: %.0f ms, %zu round(s); queries: resolver %zu, delegation %zu, DS %zu, "
	       "SOA %zu, SOA/TCP %zu, NS %zu, DNSKEY %zu, glue %zu, content %zu\n",
	       scn, label[0] ? label : " (defaults)", s->wall_ms, s->rounds, s->resolver,
	       s->delegation, s->ds, s->soa, s->soa_tcp, s->ns, s->dnskey, s->glue, s->content);
	tap_ok(fakenet_error() == NULL && fakenet_open_sockets() == 0 && fakenet_unmatched() == 0,
	       "%s%s: no misuse, no socket left open, every query one the scenario expects", scn,
	       label);
	return true;
}

/* Run ARGS on big.scn into S; every server must answer in sync (the whole status line). */
static void run_big(struct seen *s, const char *const *args)
{
	struct mp_strbuf out;

	if (run_on("big.scn", s, &out, args) &&
	    !tap_ok(tap_contains(mp_strbuf_str(&out),
				 "SOA OK - big.example: 26 servers in sync, serial 2024010101 |"),
		    "26 servers in sync"))
		printf("# %s", mp_strbuf_str(&out));
	mp_strbuf_free(&out);
}

#define RUN(s, ...) run_big(s, (const char *const[]){__VA_ARGS__, NULL})

/* One configuration: one round of questions to the nameservers, WALL ms, and the questions. */
static void expect(const char *what, const struct seen *s, double wall, size_t glue, size_t content)
{
	tap_ok(s->rounds == 1, "%s: one round to the nameservers (%zu)", what, s->rounds);
	tap_ok(s->wall_ms == wall, "%s: done at %.0f ms (%.0f)", what, wall, s->wall_ms);
	tap_ok(s->resolver == 30 && s->delegation == 1 && s->soa == 26 && s->ns == 26,
	       "%s: 30 resolver questions, 1 delegation, 26 SOA, 26 NS", what);
	tap_ok(s->ds == 1 && s->dnskey == 26, "%s: --dnssec=auto: 1 DS, 26 DNSKEY (%zu, %zu)", what,
	       s->ds, s->dnskey);
	tap_ok(s->cds == 0, "%s: unsigned, no DS at the parent: no CDS or CDNSKEY question (%zu)",
	       what, s->cds);
	tap_ok(s->glue == glue, "%s: %zu glue questions (%zu)", what, glue, s->glue);
	tap_ok(s->content == content, "%s: %zu content questions (%zu)", what, content, s->content);
}

/* Every check on and off: one round trip to the nameservers whatever the checks, 50 ms;
 * glue asked of one server per name and type (26), the apex NS not asked twice. */
static void test_each_check(void)
{
	static const char *const values[] = {"mname", "rname", "timers", "ns", "all", "none"};
	struct mp_strbuf out;
	struct seen s;
	size_t i;

	RUN(&s, "-t", "10");
	expect("defaults", &s, 50, 26, 0);
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		RUN(&s, "--consistency", values[i]);
		expect(values[i], &s, 50, strcmp(values[i], "all") == 0 ? 26 : 0, 0);
	}
	RUN(&s, "--consistency", "glue");
	expect("--consistency=glue", &s, 50, 26, 0);
	RUN(&s, "--compare", "none");
	expect("--compare none", &s, 50, 26, 0);
	RUN(&s, "--consistency", "none", "--compare", "none");
	expect("--consistency=none --compare none", &s, 50, 0, 0);
	RUN(&s, "--compare", "MX", "--compare", "NS", "--compare", "SOA");
	expect("--compare MX, NS, SOA (NS and SOA read from the answers asked anyway)", &s, 50, 26,
	       26);
	/* the apex NS of the defaults is the NS question asked anyway: MX, A, AAAA, TXT */
	if (run_on("big.scn", &s, &out, (const char *const[]){"--multi-provider", NULL}) &&
	    !tap_ok(tap_contains(mp_strbuf_str(&out), "SOA OK - big.example: 1 provider in sync, "
						      "content identical"),
		    "--multi-provider: 1 provider in sync, content identical"))
		printf("# %.300s\n", mp_strbuf_str(&out));
	mp_strbuf_free(&out);
	expect("--multi-provider", &s, 50, 26, 4 * 26);
	/* a TCP question takes a handshake, then the question: two round trips, one round */
	RUN(&s, "--transport", "both");
	expect("--transport=both", &s, 100, 26, 0);
	tap_ok(s.soa_tcp == 26, "--transport=both: 26 SOA questions over TCP (%zu)", s.soa_tcp);
}

/* Without the hint the names come with the delegation (round 1); their SOA, NS and glue
 * questions then share round 2: 100 ms, never a third round for the glue. */
static void test_no_hint(void)
{
	struct mp_strbuf out;
	struct seen s;

	if (!run_on("big-nohint.scn", &s, &out, (const char *const[]){"-t", "10", NULL}))
		return;
	tap_ok(tap_contains(mp_strbuf_str(&out), "SOA OK - big.example: 26 servers in sync"),
	       "no hint: 26 servers in sync");
	tap_ok(s.rounds == 2 && s.wall_ms == 100,
	       "no hint: the delegation, then one round for everything (%zu, %.0f ms)", s.rounds,
	       s.wall_ms);
	tap_ok(s.glue == 26, "no hint: 26 glue questions (%zu)", s.glue);
	mp_strbuf_free(&out);
}

/* The first server asked about ns5's name refuses: a second one is asked at once, and the
 * parent's wrong glue for ns5 is found (asking only refusing servers would miss it). */
static void test_glue_fallback(void)
{
	struct mp_strbuf out;
	struct seen s;

	if (!run_on("big-lame.scn", &s, &out, (const char *const[]){"-t", "10", NULL}))
		return;
	tap_int_eq(s.state, MP_WARNING, "lame for ns5: WARNING");
	tap_ok(tap_contains(mp_strbuf_str(&out), "glue differs for ns5.big.example"),
	       "lame for ns5: the glue difference is found through a second server");
	tap_ok(s.rounds == 2 && s.wall_ms == 100,
	       "lame for ns5: the second server asked when the refusal comes (50 ms), in the same "
	       "round: done at 100 ms (%zu send times, %.0f ms)",
	       s.rounds, s.wall_ms);
	tap_ok(s.glue == 28, "lame for ns5: 26 glue questions + A and AAAA again (%zu)", s.glue);
	mp_strbuf_free(&out);
}

/* Both servers asked about ns5's name refuse: its glue is not compared, and the check says
 * so (WARNING, the servers and reasons named), in the same round as before: 100 ms. */
static void test_glue_unanswered(void)
{
	struct mp_strbuf out;
	struct seen s;

	if (!run_on("big-glueref.scn", &s, &out, (const char *const[]){"-t", "10", NULL}))
		return;
	tap_int_eq(s.state, MP_WARNING, "ns5 refused by both servers asked: WARNING");
	if (!tap_ok(tap_contains(mp_strbuf_str(&out),
				 "SOA WARNING - big.example: glue of ns5.big.example not checked: "
				 "no usable answer (ns3.big.example 192.0.2.103: REFUSED, "
				 "ns9.big.example 2001:db8::109: REFUSED) |"),
		    "ns5 refused: the status line names the name, both servers and why"))
		printf("# %.600s\n", mp_strbuf_str(&out));
	tap_ok(tap_contains(mp_strbuf_str(&out),
			    "\n[WARNING] glue of ns5.big.example not checked: ns3.big.example "
			    "192.0.2.103 (REFUSED), ns9.big.example 2001:db8::109 (REFUSED)\n"),
	       "ns5 refused: the long output lists each server asked and why");
	tap_ok(!tap_contains(mp_strbuf_str(&out), "glue differs"), "ns5 refused: no glue compared");
	tap_ok(s.rounds == 2 && s.wall_ms == 100 && s.glue == 28,
	       "ns5 refused: the second server asked at once, done at 100 ms, 28 glue questions "
	       "(%zu send times, %.0f ms, %zu)",
	       s.rounds, s.wall_ms, s.glue);
	mp_strbuf_free(&out);
	/* the two servers asked are lame for the SOA too: their lame finding says it */
	if (run_on("big-gluelame.scn", &s, &out, (const char *const[]){"-t", "10", NULL}))
		tap_ok(tap_contains(mp_strbuf_str(&out),
				    "SOA WARNING - big.example: 2 of 26 servers "
				    "lame (") &&
			   !tap_contains(mp_strbuf_str(&out), "glue"),
		       "ns5 asked only of two lame servers: their lame finding, no glue finding");
	mp_strbuf_free(&out);
	/* without the glue check nothing about ns5 is asked, nothing said */
	if (run_on(
		"big-glueref.scn", &s, &out,
		(const char *const[]){"-t", "10", "--consistency", "mname,rname,timers,ns", NULL}))
		tap_ok(s.state == MP_OK && s.glue == 0 &&
			   !tap_contains(mp_strbuf_str(&out), "glue"),
		       "ns5 refused, --consistency without glue: OK, nothing asked, nothing said");
	mp_strbuf_free(&out);
}

int main(void)
{
	fakenet_install();
	test_each_check();
	test_no_hint();
	test_glue_fallback();
	test_glue_unanswered();
	fakenet_uninstall();
	fakenet_free();
	return tap_done();
}
