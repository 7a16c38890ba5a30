/* test_judge.c - unit tests for the verdict rules: lag, order, primary, failures, NS mismatch. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/history.h"
#include "judge/judge.h"
#include "mp/mp_range.h"
#include "core/observation.h"
#include "judge/serial_format.h"
#include "fixtures.h"
#include "tap.h"

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

/* ---- groups, content, consistency, latency, sanity ------------------------------ */

#define NOW 1750000000 /* the wall clock of the tests below, Unix seconds */

/* Give the servers of F the groups GROUP (one per server) out of N_GROUPS. */
static void fx_groups(struct fixture *f, const size_t *group, size_t n_groups)
{
	f->in.group = group;
	f->in.n_groups = n_groups;
}

/* Give O an SOA with MNAME, RNAME and timers inside the recommendations. */
static void fx_soa(struct observation *o, const char *mname, const char *rname)
{
	snprintf(o->soa.mname, sizeof o->soa.mname, "%s", mname);
	snprintf(o->soa.rname, sizeof o->soa.rname, "%s", rname);
	o->soa.refresh = 3600;
	o->soa.retry = 600;
	o->soa.expire = 1209600;
	o->soa.minimum = 3600;
}

/* The number of findings of KIND in V, whatever their group. */
static size_t fx_count(const struct verdict *v, enum finding_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < v->n_findings; i++)
		n += v->findings[i].kind == kind;
	return n;
}

static void test_groups_judged_apart(void)
{
	static const size_t group[] = {0, 0, 1, 1};
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 2024060101u);
	fx_answer(&f, 2024060101u);
	fx_answer(&f, 17);
	fx_answer(&f, 17);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_WARNING,
		   "judge: without groups two providers' serials are one lagging set");
	fx_groups(&f, group, 2);
	fx_run(&f);
	tap_int_eq(f.v.state, MP_OK, "judge: groups: each group at its own serial is OK");
	tap_ok(f.v.n_groups == 2 && f.v.groups[0].reference == 2024060101u &&
		   f.v.groups[1].reference == 17 && f.v.groups[0].in_sync == 2 &&
		   f.v.groups[1].in_sync == 2,
	       "judge: groups: each group has its own reference serial");
	tap_ok(f.v.all.in_sync == 4 && f.v.all.behind == 0 && f.v.all.max_lag == 0 &&
		   f.per[2].kind == ADDR_IN_SYNC,
	       "judge: groups: serials of different groups are never compared");
	tap_ok(f.v.n_findings == 1 && f.v.findings[0].kind == FINDING_IN_SYNC,
	       "judge: groups in sync: the one finding is FINDING_IN_SYNC");
	f.obs[3].soa.serial = 16;
	fx_run(&f);
	tap_ok(f.v.state == MP_WARNING && judge_find(&f.v, FINDING_BEHIND, 1) != NULL &&
		   judge_find(&f.v, FINDING_BEHIND, 0) == NULL &&
		   judge_find(&f.v, FINDING_BEHIND, 1)->server == 3,
	       "judge: groups: a server behind its own group's serial is a BEHIND of that group");
	tap_ok(f.per[3].kind == ADDR_BEHIND && f.per[3].lag == 1 && f.v.groups[1].max_lag == 1 &&
		   f.v.all.max_lag == 1 && f.per[0].kind == ADDR_IN_SYNC,
	       "judge: groups: the lag is counted against the group's newest serial only");
}

static void test_group_down(void)
{
	static const size_t group[] = {0, 0, 1, 1};
	const struct finding *down;
	struct fixture f;

	fx_init(&f);
	fx_range(&f.fw, "5");
	fx_answer(&f, 10);
	fx_answer(&f, 10);
	fx_add(&f, OUTCOME_UNREACHABLE);
	fx_add(&f, OUTCOME_LAME);
	fx_groups(&f, group, 2);
	fx_run(&f);
	down = judge_find(&f.v, FINDING_GROUP_DOWN, 1);
	tap_ok(down != NULL && down->state == MP_WARNING && down->count == 2,
	       "judge: a group with no answering server is FINDING_GROUP_DOWN, WARNING");
	tap_ok(f.v.state == MP_WARNING && judge_find(&f.v, FINDING_GROUP_DOWN, 0) == NULL,
	       "judge: a group down makes the zone WARNING even when -W tolerates the failures");
	fx_range(&f.fc, "0");
	fx_run(&f);
	down = judge_find(&f.v, FINDING_GROUP_DOWN, 1);
	tap_ok(down != NULL && down->state == MP_CRITICAL && f.v.state == MP_CRITICAL,
	       "judge: a group down is CRITICAL when the failed thresholds say so");
}

static void test_group_empty(void)
{
	static const size_t group[] = {0, 1};
	const struct finding *empty;
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 10);
	fx_answer(&f, 20);
	fx_groups(&f, group, 3);
	fx_run(&f);
	empty = judge_find(&f.v, FINDING_GROUP_EMPTY, 2);
	tap_ok(
	    empty != NULL && empty->state == MP_WARNING && f.v.state == MP_WARNING,
	    "judge: an empty group (a pattern matching nothing) is FINDING_GROUP_EMPTY, WARNING");
	tap_ok(judge_find(&f.v, FINDING_GROUP_DOWN, 2) == NULL && f.v.groups[2].total == 0,
	       "judge: an empty group is not also reported down");
}

static void test_all_groups_down(void)
{
	static const size_t group[] = {0, 1, 1};
	struct fixture f;

	fx_init(&f);
	fx_range(&f.fw, "5");
	fx_add(&f, OUTCOME_UNREACHABLE);
	fx_add(&f, OUTCOME_UNREACHABLE);
	fx_add(&f, OUTCOME_LAME);
	fx_groups(&f, group, 2);
	fx_run(&f);
	tap_ok(f.v.state == MP_CRITICAL && judge_find(&f.v, FINDING_NO_ANSWER, JUDGE_ZONE) != NULL,
	       "judge: every group down is CRITICAL with FINDING_NO_ANSWER");
	tap_ok(fx_count(&f.v, FINDING_GROUP_DOWN) == 0 && f.per[0].state == MP_CRITICAL,
	       "judge: every group down: no per-group DOWN finding, failed addresses CRITICAL");
}

static void test_content_mismatch(void)
{
	/* three servers, two compared RRsets each */
	static const size_t content[] = {1, 10, 1, 10, 2, 10, 3, 11};
	const struct finding *c;
	struct fixture f;

	fx_init(&f);
	fx_range(&f.w, "5");
	f.cfg.content_mismatch_state = MP_CRITICAL;
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	f.in.content = content;
	f.in.n_items = 2;
	fx_run(&f);
	c = judge_find(&f.v, FINDING_CONTENT, JUDGE_ZONE);
	tap_ok(c != NULL && c->state == MP_CRITICAL && c->item == 0 && c->count == 1 &&
		   c->server == 2,
	       "judge: one server serving another RRset is FINDING_CONTENT in "
	       "content_mismatch_state, naming it");
	tap_ok(fx_count(&f.v, FINDING_CONTENT) == 1 && f.v.n_content == 2 &&
		   f.v.content[1].odd == 0,
	       "judge: an RRset every server agrees on makes no finding");
	tap_ok((f.per[2].flags & ADDR_FLAG_CONTENT) && f.per[2].state == MP_CRITICAL &&
		   !(f.per[0].flags & ADDR_FLAG_CONTENT) && f.per[0].state == MP_OK,
	       "judge: the odd server is flagged ADDR_FLAG_CONTENT with that state, others not");
	tap_int_eq(f.v.state, MP_CRITICAL, "judge: a content mismatch sets the overall state");
	fx_init(&f);
	fx_range(&f.w, "5");
	f.cfg.content_mismatch_state = MP_WARNING;
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	fx_answer(&f, 6);
	f.obs[2].soa.serial = 7;
	f.in.n_items = 2;
	f.in.content = (const size_t[]){1, 10, 1, 10, 1, 10, 3, 11};
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONTENT) == 0 && f.per[3].kind == ADDR_BEHIND &&
		   !(f.per[3].flags & ADDR_FLAG_CONTENT) && f.v.content[0].compared == 3,
	       "judge: a lagging server's content is not compared (lag, not a difference)");
	tap_int_eq(f.v.state, MP_OK, "judge: a lag within -w and no content difference is OK");
}

static void test_content_tie_and_majority(void)
{
	/* one RRset; providers: servers 0-1 group 0, 2-3 group 1, 4-5 group 2 */
	static const size_t group[] = {0, 0, 1, 1, 2, 2};
	struct fixture f;
	size_t i;
	bool all_flagged = true, b_only = true;

	fx_init(&f);
	f.cfg.content_mismatch_state = MP_WARNING;
	for (i = 0; i < 4; i++)
		fx_answer(&f, i < 2 ? 7 : 17);
	fx_groups(&f, group, 2);
	f.in.content = (const size_t[]){1, 1, 2, 2};
	f.in.n_items = 1;
	fx_run(&f);
	for (i = 0; i < 4; i++)
		all_flagged = all_flagged && (f.per[i].flags & ADDR_FLAG_CONTENT) &&
			      f.per[i].state == MP_WARNING;
	tap_ok(all_flagged && f.v.content[0].reference == CONTENT_NO_MAJORITY &&
		   judge_find(&f.v, FINDING_CONTENT, JUDGE_ZONE)->count == 4,
	       "judge: two providers disagreeing is a tie: every server of both is flagged");
	fx_init(&f);
	f.cfg.content_mismatch_state = MP_WARNING;
	for (i = 0; i < 6; i++)
		fx_answer(&f, 7);
	fx_groups(&f, group, 3);
	f.in.content = (const size_t[]){1, 1, 2, 2, 1, 1};
	f.in.n_items = 1;
	fx_run(&f);
	for (i = 0; i < 6; i++)
		b_only = b_only && ((f.per[i].flags & ADDR_FLAG_CONTENT) != 0) == (group[i] == 1);
	tap_ok(b_only && judge_find(&f.v, FINDING_CONTENT, JUDGE_ZONE)->count == 2 &&
		   judge_find(&f.v, FINDING_CONTENT, JUDGE_ZONE)->server == 2,
	       "judge: two providers of three agreeing: only the third one's servers are flagged");
}

static void test_mname_split(void)
{
	static const size_t group[] = {0, 0, 1, 1};
	const struct finding *split, *behind;
	struct fixture f;
	size_t i;

	fx_init(&f);
	for (i = 0; i < 4; i++)
		fx_soa(fx_answer(&f, i < 2 ? 2024060101u : 17), i < 2 ? "ns1.a.test" : "ns1.b.test",
		       "h.test");
	fx_run(&f);
	split = judge_find(&f.v, FINDING_MNAME_SPLIT, JUDGE_ZONE);
	behind = judge_find(&f.v, FINDING_BEHIND, JUDGE_ZONE);
	tap_ok(
	    split != NULL && split->count == 2 && split->state == MP_OK && behind != NULL &&
		split == behind + 1,
	    "judge: a clean split by MNAME is FINDING_MNAME_SPLIT (2 groups) right after the lag");
	tap_int_eq(f.v.state, MP_WARNING, "judge: the split keeps the lag's state");
	fx_groups(&f, group, 2);
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_MNAME_SPLIT, JUDGE_ZONE) == NULL && f.v.mname_groups == 0,
	       "judge: with providers there is no split finding");
	fx_init(&f);
	for (i = 0; i < 3; i++)
		fx_soa(fx_answer(&f, i < 2 ? 5 : 4), "ns1.a.test", "h.test");
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_MNAME_SPLIT, JUDGE_ZONE) == NULL,
	       "judge: one MNAME, one server behind: no split finding");
}

static void test_consistency_rname(void)
{
	const struct finding *c;
	struct fixture f;
	size_t i;

	fx_init(&f);
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_WARNING;
	for (i = 0; i < 3; i++)
		fx_soa(fx_answer(&f, 42), "ns1.example.com", "hostmaster.example.com");
	fx_run(&f);
	tap_ok(f.v.state == MP_OK && fx_count(&f.v, FINDING_CONSISTENCY) == 0,
	       "judge: servers agreeing on every SOA field make no consistency finding");
	snprintf(f.obs[1].soa.rname, sizeof f.obs[1].soa.rname, "dns-admin.example.com");
	fx_run(&f);
	c = judge_find(&f.v, FINDING_CONSISTENCY, JUDGE_ZONE);
	tap_ok(c != NULL && c->state == MP_WARNING && c->count == 1 && c->server == 1 &&
		   f.v.consistency[c->item].check == CONSIST_RNAME &&
		   f.v.consistency[c->item].r.odd == 1,
	       "judge: an RNAME differing at the same serial is FINDING_CONSISTENCY (SOA RNAME)");
	tap_ok((f.per[1].flags & ADDR_FLAG_SOA) && f.per[1].state == MP_WARNING &&
		   !(f.per[1].flags & ADDR_FLAG_NS) && f.per[0].flags == 0,
	       "judge: the server with the odd RNAME is flagged ADDR_FLAG_SOA");
	f.cfg.consistency = 1u << CONSIST_MNAME;
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONSISTENCY) == 0 && f.v.state == MP_OK,
	       "judge: a check left out of cfg.consistency makes no finding");
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.obs[1].soa.serial = 41;
	fx_range(&f.w, "1");
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONSISTENCY) == 0 && f.per[1].flags == 0 &&
		   f.v.state == MP_OK,
	       "judge: a behind server with another RNAME is lag, not inconsistency");
}

static void test_consistency_ns_and_groups(void)
{
	static const size_t group[] = {0, 0, 1, 1};
	struct fixture f;
	size_t i;

	fx_init(&f);
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_CRITICAL;
	for (i = 0; i < 3; i++)
		fx_soa(fx_answer(&f, 42), "ns1.example.com", "hostmaster.example.com");
	f.obs[2].ns_value = 1;
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_CONSISTENCY, JUDGE_ZONE) != NULL &&
		   (f.per[2].flags & ADDR_FLAG_NS) && !(f.per[2].flags & ADDR_FLAG_SOA) &&
		   f.v.state == MP_CRITICAL,
	       "judge: an apex NS set differing at the same serial flags ADDR_FLAG_NS");
	fx_init(&f);
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_WARNING;
	fx_soa(fx_answer(&f, 42), "ns1.a.example", "hostmaster.a.example");
	fx_soa(fx_answer(&f, 42), "ns1.a.example", "hostmaster.a.example");
	fx_soa(fx_answer(&f, 42), "ns1.b.example", "dns.b.example");
	fx_soa(fx_answer(&f, 42), "ns1.b.example", "dns.b.example");
	f.obs[2].soa.refresh = f.obs[3].soa.refresh = 7200;
	fx_groups(&f, group, 2);
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONSISTENCY) == 0 && f.v.state == MP_OK,
	       "judge: groups: SOA fields are compared within a group only");
	snprintf(f.obs[3].soa.mname, sizeof f.obs[3].soa.mname, "ns2.b.example");
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_CONSISTENCY, 1) != NULL &&
		   judge_find(&f.v, FINDING_CONSISTENCY, 0) == NULL,
	       "judge: groups: a field differing inside a group is that group's finding");
}

static void test_unanswered_content(void)
{
	/* four servers, two compared RRsets each; server 2 fails item 0, server 3 its SOA */
	static const size_t content[] = {1, 10, 1, 10, RRSET_NONE, 10, RRSET_NONE, RRSET_NONE};
	struct answer_fail fail[8] = {{0, 0}};
	const struct finding *c;
	struct fixture f;

	fail[4] = (struct answer_fail){ANSWER_RCODE, 2};
	fail[6] = fail[7] = (struct answer_fail){ANSWER_UNREACHABLE, UNREACH_TIMEOUT};
	fx_init(&f);
	f.cfg.content_mismatch_state = MP_CRITICAL;
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	fx_answer(&f, 7);
	fx_add(&f, OUTCOME_UNREACHABLE);
	f.in.content = content;
	f.in.n_items = 2;
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_CONTENT_FAILED, JUDGE_ZONE) == NULL &&
		   fx_count(&f.v, FINDING_CONTENT) == 0,
	       "judge: a cell without a failure is not an unanswered question (not asked)");
	f.in.content_fail = fail;
	fx_run(&f);
	c = judge_find(&f.v, FINDING_CONTENT_FAILED, JUDGE_ZONE);
	tap_ok(c != NULL && c->state == MP_CRITICAL && c->count == 1 && c->server == 2 &&
		   c->item == 0 && fx_count(&f.v, FINDING_CONTENT_FAILED) == 1,
	       "judge: a server that answered the SOA but SERVFAILs a compared RRset is "
	       "FINDING_CONTENT_FAILED in content_mismatch_state, naming it and the RRset");
	tap_ok((f.per[2].flags & ADDR_FLAG_UNANSWERED) && f.per[2].unanswered == 1u &&
		   f.per[2].state == MP_CRITICAL && f.per[0].unanswered == 0 &&
		   f.per[3].unanswered == 0,
	       "judge: only that server is flagged, for that RRset; a failed server is a "
	       "failure already");
	tap_ok(f.v.content[0].compared == 2 && f.v.state == MP_CRITICAL,
	       "judge: it does not count as agreeing (2 compared) and sets the overall state");
	f.cfg.content_mismatch_state = MP_WARNING;
	fail[5] = (struct answer_fail){ANSWER_TRUNCATED, 0};
	f.in.content = (const size_t[]){1, 10, 1, 10, RRSET_NONE, RRSET_NONE, 1, 10};
	f.obs[3].outcome = OUTCOME_ANSWERED;
	f.obs[3].has_soa = true;
	f.obs[3].soa.serial = 6;
	fail[6] = fail[7] = (struct answer_fail){ANSWER_OK, 0};
	fx_range(&f.w, "1");
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONTENT_FAILED) == 2 && f.per[2].unanswered == 3u &&
		   f.v.state == MP_WARNING,
	       "judge: one finding per compared RRset, each in content_mismatch_state");
}

static void test_unanswered_ns(void)
{
	const struct finding *c;
	struct fixture f;
	size_t i;

	fx_init(&f);
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_WARNING;
	for (i = 0; i < 3; i++)
		fx_soa(fx_answer(&f, 42), "ns1.example.com", "hostmaster.example.com");
	f.obs[2].ns_value = RRSET_NONE;
	f.obs[2].ns_fail = (struct answer_fail){ANSWER_RCODE, 5};
	fx_run(&f);
	c = judge_find(&f.v, FINDING_CONSISTENCY_FAILED, JUDGE_ZONE);
	tap_ok(c != NULL && c->state == MP_WARNING && c->count == 1 && c->server == 2 &&
		   c->item == JUDGE_ITEM_NS && f.v.state == MP_WARNING,
	       "judge: a server that REFUSES the apex NS question is FINDING_CONSISTENCY_FAILED "
	       "in consistency_mismatch_state");
	tap_ok(f.per[2].unanswered == (uint64_t)1 << JUDGE_ITEM_NS &&
		   (f.per[2].flags & ADDR_FLAG_UNANSWERED) && f.per[2].state == MP_WARNING,
	       "judge: the server is flagged for the apex NS question");
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1 - (1u << CONSIST_NS);
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_CONSISTENCY_FAILED) == 0 && f.v.state == MP_OK,
	       "judge: without the ns consistency check nothing is said about the NS question");
	f.cfg.consistency = 0;
	fx_run(&f);
	tap_ok(f.v.n_findings == 1 && f.v.findings[0].kind == FINDING_IN_SYNC,
	       "judge: --consistency=none: the OK line as ever");
}

/* Glued names that no server asked answered usably for: one finding with the count, in
 * consistency_mismatch_state; nothing when the zone is down (its failure says it) or when
 * every glued name was answered. */
static void test_glue_unanswered(void)
{
	const struct finding *g;
	struct fixture f;
	size_t i;

	fx_init(&f);
	f.cfg.consistency_mismatch_state = MP_CRITICAL;
	for (i = 0; i < 3; i++)
		fx_answer(&f, 42);
	f.in.n_glue_unanswered = 2;
	fx_run(&f);
	g = judge_find(&f.v, FINDING_GLUE_UNANSWERED, JUDGE_ZONE);
	tap_ok(g != NULL && g->state == MP_CRITICAL && g->count == 2 && f.v.state == MP_CRITICAL,
	       "judge: 2 glued names unanswered: one FINDING_GLUE_UNANSWERED, count 2, in "
	       "consistency_mismatch_state");
	tap_ok(fx_count(&f.v, FINDING_IN_SYNC) == 0 && f.per[0].state == MP_OK,
	       "judge: unchecked glue is no 'in sync'; the servers' own lines stay OK");
	f.cfg.consistency_mismatch_state = MP_OK;
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_GLUE_UNANSWERED) == 1 && f.v.state == MP_OK,
	       "judge: --consistency-mismatch ok: said, in state OK");
	f.in.n_glue_unanswered = 0;
	fx_run(&f);
	tap_ok(f.v.n_findings == 1 && f.v.findings[0].kind == FINDING_IN_SYNC,
	       "judge: every glued name answered: the OK line as ever");
	fx_init(&f);
	for (i = 0; i < 3; i++)
		fx_add(&f, OUTCOME_UNREACHABLE);
	f.in.n_glue_unanswered = 3;
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_GLUE_UNANSWERED) == 0 &&
		   fx_count(&f.v, FINDING_NO_ANSWER) == 1,
	       "judge: no server answered the SOA: the zone's failure only, no glue finding");
}

/* N_GROUPS groups of two servers at serial 42 with all four checks; the last
 * group's second server serves another REFRESH. Returns the verdict's findings
 * of FINDING_CONSISTENCY about that group. */
static size_t groups_refresh_differs(size_t n_groups)
{
	static size_t group[FX_MAX];
	static struct fixture f;
	size_t i;

	fx_init(&f);
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_WARNING;
	for (i = 0; i < 2 * n_groups; i++) {
		fx_soa(fx_answer(&f, 42), "ns1.example.com", "hostmaster.example.com");
		f.obs[i].ns_value = 0;
		group[i] = i / 2;
	}
	f.obs[2 * n_groups - 1].soa.refresh = 7200;
	fx_groups(&f, group, n_groups);
	fx_run(&f);
	return judge_find(&f.v, FINDING_CONSISTENCY, n_groups - 1) != NULL &&
		       f.v.state == MP_WARNING
		   ? fx_count(&f.v, FINDING_CONSISTENCY)
		   : 0;
}

static void test_consistency_every_group(void)
{
	tap_int_eq(groups_refresh_differs(8), 1,
		   "judge: 8 groups x 4 checks: the last group's REFRESH difference is found");
	tap_int_eq(groups_refresh_differs(9), 1,
		   "judge: 9 groups x 4 checks (one past the old 32 slots): still found");
	tap_int_eq(groups_refresh_differs(16), 1,
		   "judge: 16 groups x 4 checks: the last group's REFRESH difference is found");
	tap_int_eq(groups_refresh_differs(JUDGE_GROUPS_MAX), 1,
		   "judge: JUDGE_GROUPS_MAX groups x 4 checks: still found");
}

static void test_unchecked_never_ok(void)
{
	struct fixture f;

	fx_init(&f);
	fx_answer(&f, 42);
	fx_answer(&f, 42);
	f.in.unchecked = 268;
	fx_run(&f);
	tap_ok(f.v.state == MP_WARNING && judge_find(&f.v, FINDING_UNCHECKED, JUDGE_ZONE) != NULL &&
		   judge_find(&f.v, FINDING_UNCHECKED, JUDGE_ZONE)->count == 268,
	       "judge: servers left out by a cap are a WARNING with their count, never OK");
}

/* A fixture of a server at serial 101 and one behind at 100, with latency measured. */
static void fx_latency(struct fixture *f, const struct history *h, const char *warn,
		       const char *crit)
{
	static struct mp_range lw, lc;

	fx_init(f);
	fx_range(&f->w, NULL);
	fx_range(&lw, warn);
	fx_range(&lc, crit);
	f->cfg.warn_latency = &lw;
	f->cfg.crit_latency = &lc;
	fx_answer(f, 101);
	fx_answer(f, 100);
	f->in.latency = true;
	f->in.history = h;
	f->in.now = NOW;
}

static void test_latency_history(void)
{
	struct history h;
	const struct finding *l;
	struct fixture f;
	uint32_t s100 = 100, s101 = 101;

	memset(&h, 0, sizeof h);
	history_note(&h, &s100, 1, NOW - 86400);
	history_note(&h, &s101, 1, NOW - 3600);
	fx_latency(&f, &h, NULL, "1800");
	fx_run(&f);
	tap_ok(f.per[1].latency_known && !f.per[1].latency_bound && f.per[1].latency == 3600 &&
		   f.per[0].latency_known && f.per[0].latency == 0,
	       "judge: latency: a behind address is stale since the newer serial was first seen");
	l = judge_find(&f.v, FINDING_LATENCY, JUDGE_ZONE);
	tap_ok(l != NULL && l->state == MP_CRITICAL && l->server == 1 && f.v.latency_max == 3600 &&
		   f.v.latency_worst == 1 && f.v.state == MP_CRITICAL,
	       "judge: latency: stale 3600 s with --critical-latency 1800 is CRITICAL");
	tap_int_eq(f.per[1].state, MP_CRITICAL, "judge: latency: the stale address is CRITICAL");
	fx_latency(&f, &h, "600", "7200");
	fx_run(&f);
	l = judge_find(&f.v, FINDING_LATENCY, JUDGE_ZONE);
	tap_ok(l != NULL && l->state == MP_WARNING && f.v.state == MP_WARNING,
	       "judge: latency: stale 3600 s with --warning-latency 600 "
	       "--critical-latency 7200 is WARNING");
	fx_latency(&f, &h, NULL, "3600");
	fx_run(&f);
	tap_ok(judge_find(&f.v, FINDING_LATENCY, JUDGE_ZONE) == NULL && f.v.state == MP_OK &&
		   f.v.latency_known && f.v.latency_max == 3600,
	       "judge: latency: stale 3600 s with --critical-latency 3600 is OK (bound included)");
	memset(&h, 0, sizeof h);
	fx_latency(&f, &h, NULL, "0");
	fx_run(&f);
	tap_ok(!f.per[1].latency_known && judge_find(&f.v, FINDING_LATENCY, JUDGE_ZONE) == NULL &&
		   f.v.state == MP_OK,
	       "judge: latency: a newer serial not in the history leaves the latency unknown");
}

static void test_latency_bound(void)
{
	struct fixture f;

	fx_latency(&f, NULL, "60", "60");
	f.obs[0].soa.serial = (uint32_t)(NOW - 7200);
	f.obs[1].soa.serial = (uint32_t)(NOW - 86400);
	f.in.serial_scheme = SERIAL_SCHEME_UNIXTIME;
	fx_run(&f);
	tap_ok(f.per[1].latency_known && f.per[1].latency_bound && f.per[1].latency == 7200,
	       "judge: latency without history: unixtime serials give a bound (now - newest)");
	tap_ok(judge_find(&f.v, FINDING_LATENCY, JUDGE_ZONE) == NULL && f.v.state == MP_OK &&
		   f.per[1].state == MP_OK,
	       "judge: latency without history: the bound never alarms");
	f.in.serial_scheme = SERIAL_SCHEME_NONE;
	fx_run(&f);
	tap_ok(!f.per[1].latency_known && f.v.state == MP_OK,
	       "judge: latency without history or scheme is unknown");
	f.in.latency = false;
	f.in.history = NULL;
	fx_run(&f);
	tap_ok(!f.v.latency_known && !f.per[0].latency_known,
	       "judge: latency is not measured unless asked");
}

static void test_sanity(void)
{
	const struct finding *s;
	struct fixture f;
	size_t k;
	bool refresh_low = false;

	fx_init(&f);
	f.cfg.soa_sanity = true;
	f.in.now = NOW;
	fx_soa(fx_answer(&f, 17), "ns1.example.com", "hostmaster.example.com");
	fx_soa(fx_answer(&f, 17), "ns1.example.com", "hostmaster.example.com");
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_SANITY) == 0 && f.v.state == MP_OK,
	       "judge: --soa-sanity with recommended timers makes no finding");
	f.obs[0].soa.refresh = f.obs[1].soa.refresh = 60;
	fx_run(&f);
	s = judge_find(&f.v, FINDING_SANITY, JUDGE_ZONE);
	for (k = 0; k < f.v.n_sanity; k++)
		refresh_low = refresh_low ||
			      (f.v.sanity[k].kind == SOA_REFRESH_LOW && f.v.sanity[k].value == 60);
	tap_ok(s != NULL && s->state == MP_WARNING && f.v.state == MP_WARNING && refresh_low,
	       "judge: --soa-sanity: refresh 60 is FINDING_SANITY (refresh too low), WARNING");
	tap_int_eq(fx_count(&f.v, FINDING_SANITY), f.v.n_sanity,
		   "judge: --soa-sanity: a problem of several servers is one finding");
	f.cfg.soa_sanity = false;
	fx_run(&f);
	tap_ok(fx_count(&f.v, FINDING_SANITY) == 0 && f.v.state == MP_OK,
	       "judge: without --soa-sanity odd timers make no finding");
}

static void test_all_agree_one_finding(void)
{
	static const size_t group[] = {0, 0, 1, 1};
	static const size_t content[] = {1, 2, 1, 2, 1, 2, 1, 2};
	struct history h;
	struct mp_range lw, lc;
	struct fixture f;
	uint32_t serials[] = {2024060101u, 17};
	size_t i;

	memset(&h, 0, sizeof h);
	history_note(&h, serials, 2, NOW - 3600);
	fx_init(&f);
	fx_range(&lw, "0");
	fx_range(&lc, "0");
	f.cfg.warn_latency = &lw;
	f.cfg.crit_latency = &lc;
	f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	f.cfg.consistency_mismatch_state = MP_CRITICAL;
	f.cfg.content_mismatch_state = MP_CRITICAL;
	f.cfg.soa_sanity = true;
	for (i = 0; i < 4; i++)
		fx_soa(fx_answer(&f, i < 2 ? 2024060101u : 17), i < 2 ? "a.example" : "b.example",
		       i < 2 ? "h.a.example" : "h.b.example");
	f.in.content = content;
	f.in.n_items = 2;
	f.in.latency = true;
	f.in.history = &h;
	f.in.now = NOW;
	f.in.ns_compared = true;
	fx_groups(&f, group, 2);
	fx_run(&f);
	tap_ok(f.v.state == MP_OK && f.v.n_findings == 1 &&
		   f.v.findings[0].kind == FINDING_IN_SYNC && f.v.findings[0].count == 4,
	       "judge: an all-agreeing zone with every check on has exactly one finding, IN_SYNC");
	f.in.group = NULL;
	f.in.n_groups = 0;
	for (i = 2; i < 4; i++)
		fx_soa(&f.obs[i], "a.example", "h.a.example");
	f.obs[2].soa.serial = f.obs[3].soa.serial = 2024060101u;
	fx_run(&f);
	tap_ok(f.v.state == MP_OK && f.v.n_findings == 1 && f.v.findings[0].kind == FINDING_IN_SYNC,
	       "judge: ... and so does one without groups");
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
	test_groups_judged_apart();
	test_group_down();
	test_group_empty();
	test_all_groups_down();
	test_content_mismatch();
	test_content_tie_and_majority();
	test_mname_split();
	test_consistency_rname();
	test_consistency_ns_and_groups();
	test_unanswered_content();
	test_unanswered_ns();
	test_glue_unanswered();
	test_consistency_every_group();
	test_unchecked_never_ok();
	test_latency_history();
	test_latency_bound();
	test_sanity();
	test_all_agree_one_finding();
	return tap_done();
}
