/* fixtures.h - one judged run for the judge and report unit tests: servers, answers, thresholds,
 * verdict, text. */
#ifndef TESTS_FIXTURES_H
#define TESTS_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/observation.h"
#include "judge/judge.h"
#include "mp/mp_range.h"
#include "mp/mp_strbuf.h"

#define FX_MAX 66          /* 32 groups of two servers and then some */
#define HALF   0x80000000u /* 2^31: serials this far apart cannot be ordered (RFC 1982) */

/* The server of observation O in fixture F. */
#define FX_SERVER(f, o) (&(f)->servers[(o) - (f)->obs])

/* Observations, thresholds, the verdict of one judge_run and the text report_result made of
 * them. fx_init gives the plugin defaults; tests change any field before fx_run/fx_report. */
struct fixture {
	struct observation obs[FX_MAX];
	struct server servers[FX_MAX];
	char names[FX_MAX][64];
	size_t n;
	struct mp_range w, c, fw, fc; /* -w, -c, -W, -C */
	struct judge_config cfg;
	struct judge_input in;
	struct verdict v;
	struct addr_verdict per[FX_MAX];
	/* what the text report adds */
	const char *parent_only[4], *child_only[4];
	const char *zone;
	bool show_nsid;
	const char *state_note;
	struct mp_strbuf out; /* fx_report's text; fx_free frees it */
};

/* Set R from TEXT, or leave it unset when TEXT is NULL. */
void fx_range(struct mp_range *r, const char *text);

/* The plugin defaults: -w 0 -W 0, no -c/-C, --ns-mismatch warning, no -P; zone example.com. */
void fx_init(struct fixture *f);

/* Append an address with OUTCOME, named ns<N>.example.net at 192.0.2.<N>, N counting from 1,
 * each its own NS name; returns it for further changes. Pre: f->n < FX_MAX. */
struct observation *fx_add(struct fixture *f, enum obs_outcome outcome);

/* Append an address (fx_add) that answered authoritatively with SERIAL. */
struct observation *fx_answer(struct fixture *f, uint32_t serial);

/* Append NAME at ADDR (NULL: no address) with OUTCOME, SERIAL, an RTT of RTT_US over UDP and
 * ERROR (NULL: none); a lame answer has rcode REFUSED. Returns it. Pre: f->n < FX_MAX. */
struct observation *fx_add_at(struct fixture *f, const char *name, const char *addr,
			      enum obs_outcome outcome, uint32_t serial, uint32_t rtt_us,
			      const char *error);

/* Append NAME at ADDR (fx_add_at) that answered authoritatively with SERIAL in RTT_US. */
struct observation *fx_answer_at(struct fixture *f, const char *name, const char *addr,
				 uint32_t serial, uint32_t rtt_us);

/* Judge the run: the verdict in f->v, the per-address verdicts in f->per. */
void fx_run(struct fixture *f);

/* The report_input of F's run (after fx_run): zone, verdict, NS-set lists, NSID, state note. */
struct report_input;
void fx_report_input(const struct fixture *f, struct report_input *r);

/* Judge and report: returns the text, kept in f->out until fx_free or the next fx_report. */
const char *fx_report(struct fixture *f);

void fx_free(struct fixture *f);

#endif
