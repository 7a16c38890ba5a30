/* test_judge.c - unit tests for the verdict rules: lag, order, primary, failures, NS mismatch. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge.h"
#include "mp_range.h"
#include "observation.h"
#include "tap.h"

#define FX_MAX 8
#define HALF   0x80000000u

/* The server of observation O in fixture F. */
#define FX_SERVER(f, o) (&(f)->servers[(o) - (f)->obs])

/* Observations, thresholds and the verdict of one judge_run. */
struct fixture {
	struct observation obs[FX_MAX];
	struct server servers[FX_MAX];
	char names[FX_MAX][64];
	size_t n;
	struct mp_range w, c, fw, fc;
	struct judge_config cfg;
	struct judge_input in;
	struct verdict v;
	struct addr_verdict per[FX_MAX];
};

/* Set R from TEXT, or leave it unset when TEXT is NULL. */
static void fx_range(struct mp_range *r, const char *text)
{
	memset(r, 0, sizeof *r);
	if (text != NULL && mp_range_parse(text, r) != MP_RANGE_OK)
		printf("# bad test range %s\n", text);
}

/* The plugin defaults: -w 0 -W 0, no -c/-C, --ns-mismatch warning, no -P. */
static void fx_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	fx_range(&f->w, "0");
	fx_range(&f->c, NULL);
	fx_range(&f->fw, "0");
	fx_range(&f->fc, NULL);
	f->cfg.warn_lag = &f->w;
	f->cfg.crit_lag = &f->c;
	f->cfg.warn_failed = &f->fw;
	f->cfg.crit_failed = &f->fc;
	f->cfg.ns_mismatch_state = MP_WARNING;
}

/* Append an observation with OUTCOME; returns it for further changes. */
static struct observation *fx_add(struct fixture *f, enum obs_outcome outcome)
{
	struct observation *o = &f->obs[f->n];
	struct server *s = &f->servers[f->n];
	char text[32];

	snprintf(f->names[f->n], sizeof f->names[f->n], "ns%zu.example.net", f->n + 1);
	snprintf(text, sizeof text, "192.0.2.%zu", f->n + 1);
	server_addr_from_text(&s->addr, text, 53);
	s->has_addr = outcome != OUTCOME_NO_ADDRESS;
	s->name = f->names[f->n];
	s->origin = ORIGIN_PARENT | ORIGIN_CHILD;
	s->host = f->n;
	o->outcome = outcome;
	o->rcode = outcome == OUTCOME_ANSWERED || outcome == OUTCOME_LAME ? 0 : -1;
	o->aa = outcome == OUTCOME_ANSWERED;
	f->n++;
	return o;
}

/* Append an address that answered authoritatively with SERIAL. */
static struct observation *fx_answer(struct fixture *f, uint32_t serial)
{
	struct observation *o = fx_add(f, OUTCOME_ANSWERED);

	o->has_soa = true;
	o->soa.serial = serial;
	return o;
}

static void fx_run(struct fixture *f)
{
	f->in.servers = f->servers;
	f->in.obs = f->obs;
	f->in.n = f->n;
	judge_run(&f->in, &f->cfg, &f->v, f->per);
}

/* Judge the answered SERIALS (N of them) under -w WARN -c CRIT; return the state. */
static enum mp_state lag_state(const uint32_t *serials, size_t n, const char *warn,
			       const char *crit)
{
	struct fixture f;
	size_t i;

	fx_init(&f);
	fx_range(&f.w, warn);
	fx_range(&f.c, crit);
	for (i = 0; i < n; i++)
		fx_answer(&f, serials[i]);
	fx_run(&f);
	return f.v.state;
}

static void test_in_sync(void)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 2026112401u);
	fx_answer(&f, 2026112401u);
	fx_answer(&f, 2026112401u);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_OK, "judge: all in sync is OK");
	tap_ok(f.v.all.has_reference && f.v.all.reference == 2026112401u &&
		   !f.v.all.reference_is_primary,
	       "judge: all in sync: reference is the common serial");
	tap_ok(f.v.all.total == 3 && f.v.all.answered == 3 && f.v.all.in_sync == 3 &&
		   f.v.all.behind == 0 && f.v.all.failed == 0 && f.v.all.max_lag == 0,
	       "judge: all in sync: counts are 3 answered, 3 in sync");
	tap_ok(f.per[0].kind == ADDR_IN_SYNC && f.per[2].kind == ADDR_IN_SYNC &&
		   f.per[1].state == MP_OK && f.per[1].lag == 0,
	       "judge: all in sync: every address is in sync and OK");
	tap_ok(f.v.all.lag_state == MP_OK && f.v.all.failed_state == MP_OK &&
		   f.v.mismatch_state == MP_OK && f.v.all.ahead_state == MP_OK &&
		   f.v.all.order_state == MP_OK,
	       "judge: all in sync: every rule is OK");
}

static void test_behind(void)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 2026112401u);
	fx_answer(&f, 2026112400u);
	fx_answer(&f, 2026112401u);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_WARNING, "judge: one behind with default -w 0 is WARNING");
	tap_ok(f.v.all.lag_state == MP_WARNING && f.v.all.behind == 1 && f.v.all.in_sync == 2 &&
		   f.v.all.max_lag == 1 && f.v.all.worst_behind == 1,
	       "judge: one behind: lag rule WARNING, max_lag 1, worst_behind is it");
	tap_ok(f.per[1].kind == ADDR_BEHIND && f.per[1].lag == 1 && f.per[1].state == MP_WARNING,
	       "judge: one behind: that address is BEHIND by 1 and WARNING");
	tap_ok(f.per[0].kind == ADDR_IN_SYNC && f.per[0].state == MP_OK,
	       "judge: one behind: the others stay in sync and OK");
}

static void test_lag_thresholds(void)
{
	static const uint32_t lag1[] = {10, 9}, lag2[] = {10, 8}, lag5[] = {10, 5},
			      lag6[] = {10, 4}, sync[] = {10, 10};

	tap_int_eq(lag_state(lag1, 2, "1", NULL), MP_OK, "judge: -w 1 with lag 1 is OK");
	tap_int_eq(lag_state(lag2, 2, "1", NULL), MP_WARNING, "judge: -w 1 with lag 2 is WARNING");
	tap_int_eq(lag_state(lag1, 2, "0", "0"), MP_CRITICAL, "judge: -c 0 with lag 1 is CRITICAL");
	tap_int_eq(lag_state(sync, 2, "0", "0"), MP_OK, "judge: -c 0 with lag 0 is OK");
	tap_int_eq(lag_state(lag5, 2, "0", "5"), MP_WARNING,
		   "judge: -c 5 with lag 5 is WARNING (bound included)");
	tap_int_eq(lag_state(lag6, 2, "0", "5"), MP_CRITICAL, "judge: -c 5 with lag 6 is CRITICAL");
	tap_int_eq(lag_state(lag6, 2, NULL, NULL), MP_OK, "judge: no lag thresholds never alert");
	tap_int_eq(lag_state(lag1, 2, "~:1", NULL), MP_OK,
		   "judge: -w ~:1 with lag 1 is OK (inclusive)");
	tap_int_eq(lag_state(lag2, 2, "~:1", NULL), MP_WARNING,
		   "judge: -w ~:1 with lag 2 is WARNING");
	tap_int_eq(lag_state(lag1, 2, "@1:1", NULL), MP_WARNING,
		   "judge: -w @1:1 with lag 1 is WARNING (alert inside)");
	tap_int_eq(lag_state(lag2, 2, "@1:1", NULL), MP_OK, "judge: -w @1:1 with lag 2 is OK");
	tap_int_eq(lag_state(sync, 2, "@1:1", NULL), MP_OK, "judge: -w @1:1 with lag 0 is OK");
	tap_int_eq(lag_state(sync, 2, "2:", NULL), MP_WARNING,
		   "judge: -w 2: with all in sync (lag 0) is WARNING (alert below 2)");
	tap_int_eq(lag_state(lag2, 2, "2:", NULL), MP_OK, "judge: -w 2: with lag 2 is OK");
}

static void test_lag_wrap(void)
{
	static const uint32_t wrap[] = {4294967295u, 1};
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 4294967295u);
	fx_answer(&f, 1);
	fx_run(&f);
	tap_ok(f.v.all.has_reference && f.v.all.reference == 1 && !f.v.all.unorderable,
	       "judge: 4294967295 and 1: the reference is 1 (across the wrap)");
	tap_ok(f.v.all.max_lag == 2 && f.per[0].kind == ADDR_BEHIND && f.per[0].lag == 2 &&
		   f.v.all.worst_behind == 0,
	       "judge: serial 4294967295 is 2 behind 1");
	tap_int_eq(f.v.state, MP_WARNING, "judge: lag 2 across the wrap with -w 0 is WARNING");
	tap_int_eq(lag_state(wrap, 2, "2", NULL), MP_OK,
		   "judge: lag 2 across the wrap with -w 2 is OK");
}

static void test_unorderable(void)
{
	struct fixture f;

	fx_init(&f);
	fx_range(&f.w, NULL);
	fx_answer(&f, 1000);
	fx_answer(&f, 1000 + HALF);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_CRITICAL,
		   "judge: serials 1000 and 1000+2^31 are CRITICAL even without thresholds");
	tap_ok(f.v.all.unorderable && !f.v.all.has_reference &&
		   f.v.all.order_state == MP_CRITICAL && f.v.all.lag_state == MP_OK,
	       "judge: unorderable set: no reference, order rule CRITICAL, lag rule OK");
	tap_ok(f.per[0].kind == ADDR_UNJUDGED && f.per[1].kind == ADDR_UNJUDGED &&
		   f.per[0].state == MP_CRITICAL,
	       "judge: unorderable set: every answer is unjudged and CRITICAL");
	tap_ok(f.v.all.in_sync == 0 && f.v.all.behind == 0 && f.v.all.answered == 2,
	       "judge: unorderable set: answered but neither in sync nor behind");
	fx_init(&f);
	fx_answer(&f, 0);
	fx_answer(&f, 0x55555555u);
	fx_answer(&f, 0xaaaaaaaau);
	fx_run(&f);
	tap_ok(f.v.state == MP_CRITICAL && f.v.all.unorderable,
	       "judge: serials spread around the circle are unorderable and CRITICAL");
}

/* Append a primary (-P) address answering SERIAL. */
static struct observation *fx_primary(struct fixture *f, uint32_t serial)
{
	struct observation *o = fx_answer(f, serial);

	FX_SERVER(f, o)->origin = ORIGIN_PRIMARY;
	return o;
}

static void test_primary_reference(void)
{
	struct fixture f;

	fx_init(&f);
	f.cfg.use_primary = true;
	fx_range(&f.w, "5");
	fx_answer(&f, 100);
	fx_primary(&f, 100);
	fx_answer(&f, 98);
	fx_run(&f);
	tap_ok(f.v.all.has_reference && f.v.all.reference_is_primary && f.v.all.reference == 100 &&
		   !f.v.all.primary_failed,
	       "judge: -P: the reference is the primary's serial");
	tap_ok(f.v.all.behind == 1 && f.per[2].lag == 2 && f.v.all.max_lag == 2 &&
		   f.v.all.in_sync == 2,
	       "judge: -P: a server 2 behind the primary lags 2");
	tap_int_eq(f.v.state, MP_OK, "judge: -P with lag 2 under -w 5 is OK");
	fx_init(&f);
	f.cfg.use_primary = true;
	fx_primary(&f, 100);
	fx_primary(&f, 99);
	fx_answer(&f, 100);
	fx_run(&f);
	tap_ok(f.v.all.reference == 100 && f.v.all.reference_is_primary && f.per[1].lag == 1,
	       "judge: -P with two primary addresses: the newest of them is the reference");
	fx_init(&f);
	fx_answer(&f, 100);
	fx_primary(&f, 99);
	fx_run(&f);
	tap_ok(f.v.all.reference == 100 && !f.v.all.reference_is_primary &&
		   !f.v.all.primary_failed && f.per[1].kind == ADDR_BEHIND,
	       "judge: without -P a primary-origin address is judged like any other");
}

static void test_primary_ahead(void)
{
	struct fixture f;

	fx_init(&f);
	f.cfg.use_primary = true;
	fx_range(&f.w, "10");
	fx_primary(&f, 100);
	fx_answer(&f, 100);
	fx_answer(&f, 101);
	fx_answer(&f, 103);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_WARNING, "judge: a server ahead of the primary is WARNING");
	tap_ok(f.v.all.ahead == 2 && f.v.all.ahead_state == MP_WARNING &&
		   f.v.all.first_ahead == 2 && f.v.all.lag_state == MP_OK,
	       "judge: ahead: counted, first_ahead is the first one, lag rule OK");
	tap_ok(f.per[2].kind == ADDR_AHEAD && f.per[2].state == MP_WARNING &&
		   f.per[3].kind == ADDR_AHEAD && f.per[1].kind == ADDR_IN_SYNC,
	       "judge: ahead: those addresses are AHEAD and WARNING");
	tap_ok(f.v.all.max_lag == 0 && f.v.all.behind == 0,
	       "judge: ahead: being ahead is not a lag");
	fx_init(&f);
	f.cfg.use_primary = true;
	fx_primary(&f, 1000);
	fx_answer(&f, 1000 + HALF);
	fx_run(&f);
	tap_ok(f.v.state == MP_CRITICAL && f.v.all.incomparable == 1 &&
		   f.per[1].kind == ADDR_INCOMPARABLE && f.per[1].state == MP_CRITICAL &&
		   f.v.all.order_state == MP_CRITICAL && !f.v.all.unorderable,
	       "judge: -P: a serial 2^31 from the primary's is incomparable and CRITICAL");
}

static void test_primary_failed(void)
{
	struct fixture f;
	struct observation *p;

	fx_init(&f);
	f.cfg.use_primary = true;
	fx_range(&f.fw, "5");
	p = fx_add(&f, OUTCOME_UNREACHABLE);
	FX_SERVER(&f, p)->origin = ORIGIN_PRIMARY;
	fx_answer(&f, 100);
	fx_answer(&f, 99);
	fx_run(&f);
	tap_ok(f.v.all.primary_failed && !f.v.all.reference_is_primary && f.v.all.has_reference &&
		   f.v.all.reference == 100,
	       "judge: primary not answering: primary_failed, reference falls back to the newest");
	tap_ok(f.v.all.failed == 1 && f.v.all.behind == 1 && f.v.all.max_lag == 1,
	       "judge: primary not answering: it counts as failed, lag is against the newest");
	fx_init(&f);
	f.cfg.use_primary = true;
	fx_answer(&f, 100);
	fx_run(&f);
	tap_ok(
	    f.v.all.primary_failed && f.v.all.reference == 100,
	    "judge: -P without any primary observation: primary_failed, newest is the reference");
}

/* One address answered, plus one failure with OUTCOME: check the counters. */
static void counts_failure(enum obs_outcome outcome, const char *what)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 7);
	fx_add(&f, outcome);
	fx_run(&f);
	tap_ok(f.v.all.failed == 1 && f.v.all.answered == 1 && f.v.all.first_failed == 1 &&
		   f.v.all.unreachable == (outcome == OUTCOME_UNREACHABLE) &&
		   f.v.all.lame == (outcome == OUTCOME_LAME) &&
		   f.v.all.invalid == (outcome == OUTCOME_INVALID) &&
		   f.v.all.no_address == (outcome == OUTCOME_NO_ADDRESS) &&
		   f.per[1].kind == ADDR_FAILED && f.v.state == MP_WARNING,
	       "judge: one %s address counts as failed (WARNING with -W 0)", what);
}

static void test_failure_counts(void)
{
	struct fixture f;
	struct observation *o;

	counts_failure(OUTCOME_UNREACHABLE, "unreachable");
	counts_failure(OUTCOME_LAME, "lame");
	counts_failure(OUTCOME_INVALID, "invalid");
	counts_failure(OUTCOME_NO_ADDRESS, "no-address");
	fx_init(&f);
	fx_answer(&f, 7);
	o = fx_add(&f, OUTCOME_LAME);
	o->has_soa = true;
	o->soa.serial = 3;
	fx_run(&f);
	tap_ok(f.v.all.failed == 1 && f.v.all.behind == 0 && f.v.all.max_lag == 0 &&
		   f.v.all.reference == 7,
	       "judge: a lame address's SOA plays no part in the lag");
}

/* STATE of F answered by N_OK addresses, N_FAIL unreachable, under -W W -C C. */
static enum mp_state failed_state(size_t n_ok, size_t n_fail, const char *w, const char *c)
{
	struct fixture f;
	size_t i;

	fx_init(&f);
	fx_range(&f.fw, w);
	fx_range(&f.fc, c);
	for (i = 0; i < n_ok; i++)
		fx_answer(&f, 42);
	for (i = 0; i < n_fail; i++)
		fx_add(&f, OUTCOME_UNREACHABLE);
	fx_run(&f);
	return f.v.state;
}

static void test_failure_thresholds(void)
{
	tap_int_eq(failed_state(3, 1, "0", NULL), MP_WARNING,
		   "judge: one failure with default -W 0 is WARNING");
	tap_int_eq(failed_state(3, 0, "0", NULL), MP_OK, "judge: no failure with -W 0 is OK");
	tap_int_eq(failed_state(3, 1, "1", NULL), MP_OK, "judge: one failure with -W 1 is OK");
	tap_int_eq(failed_state(3, 2, "1", NULL), MP_WARNING,
		   "judge: two failures with -W 1 is WARNING");
	tap_int_eq(failed_state(3, 1, "0", "0"), MP_CRITICAL,
		   "judge: one failure with -C 0 is CRITICAL");
	tap_int_eq(failed_state(3, 1, "0", "1"), MP_WARNING,
		   "judge: one failure with -C 1 is WARNING (1 is within 0..1)");
	tap_int_eq(failed_state(3, 2, "0", "1"), MP_CRITICAL,
		   "judge: two failures with -C 1 is CRITICAL");
	tap_int_eq(failed_state(3, 2, "1", "2"), MP_WARNING,
		   "judge: two failures with -W 1 -C 2 is WARNING (bound included)");
	tap_int_eq(failed_state(3, 3, "1", "2"), MP_CRITICAL,
		   "judge: three failures with -W 1 -C 2 is CRITICAL");
	tap_int_eq(failed_state(0, 2, "10", "10"), MP_CRITICAL,
		   "judge: no address answered is CRITICAL even with -W 10 -C 10");
	tap_int_eq(failed_state(0, 0, "10", "10"), MP_CRITICAL,
		   "judge: no observation at all is CRITICAL");
}

static void test_failed_addr_state(void)
{
	struct fixture f;

	fx_init(&f);
	fx_range(&f.fw, "5");
	fx_answer(&f, 1);
	fx_add(&f, OUTCOME_UNREACHABLE);
	fx_run(&f);
	tap_ok(f.v.state == MP_OK && f.per[1].state == MP_WARNING && f.per[1].kind == ADDR_FAILED,
	       "judge: a failed address is at least WARNING even when -W tolerates it");
	fx_range(&f.fc, "0");
	fx_run(&f);
	tap_ok(f.v.state == MP_CRITICAL && f.per[1].state == MP_CRITICAL,
	       "judge: a failed address is CRITICAL when the failed count is");
	fx_init(&f);
	fx_add(&f, OUTCOME_LAME);
	fx_add(&f, OUTCOME_NO_ADDRESS);
	fx_run(&f);
	tap_ok(f.v.all.answered == 0 && !f.v.all.has_reference && !f.v.all.unorderable &&
		   f.v.all.lag_state == MP_OK && f.v.all.first_failed == 0,
	       "judge: nothing answered: no reference, and not reported as unorderable");
}

/* State with ns_compared COMPARED, one parent-only name and --ns-mismatch STATE. */
static enum mp_state mismatch(bool compared, size_t parent_only, size_t child_only,
			      enum mp_state state)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 5);
	f.cfg.ns_mismatch_state = state;
	f.in.ns_compared = compared;
	f.in.n_parent_only = parent_only;
	f.in.n_child_only = child_only;
	fx_run(&f);
	if (f.v.mismatch_state != f.v.state)
		printf("#   mismatch_state %d, state %d\n", (int)f.v.mismatch_state,
		       (int)f.v.state);
	return f.v.state;
}

static void test_ns_mismatch(void)
{
	tap_int_eq(mismatch(true, 1, 0, MP_WARNING), MP_WARNING,
		   "judge: NS mismatch (parent only) with --ns-mismatch warning is WARNING");
	tap_int_eq(mismatch(true, 0, 1, MP_CRITICAL), MP_CRITICAL,
		   "judge: NS mismatch (child only) with --ns-mismatch critical is CRITICAL");
	tap_int_eq(mismatch(true, 2, 1, MP_OK), MP_OK,
		   "judge: NS mismatch with --ns-mismatch ok is OK");
	tap_int_eq(mismatch(false, 2, 1, MP_CRITICAL), MP_OK,
		   "judge: NS differences are ignored when the sets were not compared");
	tap_int_eq(mismatch(true, 0, 0, MP_CRITICAL), MP_OK,
		   "judge: identical NS sets are OK under --ns-mismatch critical");
}

static void test_worst_of(void)
{
	struct fixture f;

	fx_init(&f);
	fx_range(&f.fc, "0");
	fx_answer(&f, 10);
	fx_answer(&f, 9);
	fx_add(&f, OUTCOME_LAME);
	fx_run(&f);
	tap_ok(f.v.all.lag_state == MP_WARNING && f.v.all.failed_state == MP_CRITICAL &&
		   f.v.state == MP_CRITICAL,
	       "judge: lag WARNING and failed CRITICAL combine to CRITICAL");
	fx_init(&f);
	fx_answer(&f, 10);
	f.in.ns_compared = true;
	f.in.n_child_only = 1;
	f.cfg.ns_mismatch_state = MP_CRITICAL;
	fx_run(&f);
	tap_ok(f.v.all.lag_state == MP_OK && f.v.state == MP_CRITICAL,
	       "judge: lag OK and mismatch CRITICAL combine to CRITICAL");
	fx_init(&f);
	f.cfg.use_primary = true;
	fx_range(&f.c, "1");
	fx_primary(&f, 10);
	fx_answer(&f, 11);
	fx_answer(&f, 5);
	fx_run(&f);
	tap_ok(f.v.all.ahead_state == MP_WARNING && f.v.all.lag_state == MP_CRITICAL &&
		   f.v.state == MP_CRITICAL,
	       "judge: ahead WARNING and lag CRITICAL combine to CRITICAL");
	fx_init(&f);
	f.cfg.ns_mismatch_state = MP_UNKNOWN;
	f.in.ns_compared = true;
	f.in.n_parent_only = 1;
	fx_answer(&f, 10);
	fx_answer(&f, 9);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_WARNING, "judge: WARNING outranks UNKNOWN in the combination");
}

static void test_indices(void)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 100);
	fx_answer(&f, 99);
	fx_add(&f, OUTCOME_UNREACHABLE);
	fx_answer(&f, 95);
	fx_answer(&f, 95);
	fx_add(&f, OUTCOME_LAME);
	fx_answer(&f, 97);
	fx_run(&f);
	tap_ok(f.v.all.worst_behind == 3 && f.v.all.max_lag == 5,
	       "judge: worst_behind is the first address with the largest lag");
	tap_ok(f.v.all.first_failed == 2 && f.v.all.failed == 2 && f.v.all.unreachable == 1 &&
		   f.v.all.lame == 1,
	       "judge: first_failed is the first failed address");
	tap_ok(f.v.all.behind == 4 && f.v.all.in_sync == 1 && f.v.all.total == 7 &&
		   f.v.all.answered == 5,
	       "judge: counts: 4 behind, 1 in sync, 7 total, 5 answered");
	tap_ok(f.per[1].lag == 1 && f.per[3].lag == 5 && f.per[4].lag == 5 && f.per[6].lag == 3 &&
		   f.per[0].lag == 0 && f.per[2].lag == 0,
	       "judge: every address carries its own lag");
}

int main(void)
{
	test_in_sync();
	test_behind();
	test_lag_thresholds();
	test_lag_wrap();
	test_unorderable();
	test_primary_reference();
	test_primary_ahead();
	test_primary_failed();
	test_failure_counts();
	test_failure_thresholds();
	test_failed_addr_state();
	test_ns_mismatch();
	test_worst_of();
	test_indices();
	return tap_done();
}
