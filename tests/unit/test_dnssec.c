/* test_dnssec.c - unit tests for the DNSSEC judge: signature periods, thresholds, verification
 * results, DS match, key sets, and the findings judge_run makes of them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options_dnssec.h"
#include "judge/dnssec.h"
#include "judge/judge.h"
#include "tap.h"

#define NOW  1764547200LL /* 2025-12-01 00:00:00 UTC */
#define DAY  86400
#define HOUR 3600

static const struct dnssec_config cfg_default = {DNSSEC_MODE_AUTO, 3 * DAY, 1 * DAY, false,
						 MP_WARNING};

/* A signature by KEY_TAG over a period relative to NOW, with RESULT. */
static struct dnssec_sig sig(int64_t from, int64_t until, uint16_t tag, enum dnssec_sig_result r)
{
	struct dnssec_sig s = {(uint32_t)(NOW + from), (uint32_t)(NOW + until), tag, 13,
			       (uint8_t)r};
	return s;
}

/* An answered address of a signed zone: KSK 1 (DS match), ZSK 2, both RRsets signed
 * valid from a day ago for SOA_LEFT (SOA) and 30 days (DNSKEY). */
static struct observation signed_obs(int64_t soa_left)
{
	struct observation o;

	memset(&o, 0, sizeof o);
	o.outcome = OUTCOME_ANSWERED;
	o.has_soa = true;
	o.soa.serial = 7;
	o.soa.expire = 7 * DAY;
	o.dnssec.asked = o.dnssec.dnskey_answered = true;
	o.dnssec.keys[0] = (struct dnssec_key){1, 257, 13, true};
	o.dnssec.keys[1] = (struct dnssec_key){2, 256, 13, false};
	o.dnssec.n_keys = 2;
	o.dnssec.sigs[DNSSEC_SET_SOA].sig[0] = sig(-DAY, soa_left, 2, DNSSEC_SIG_VALID);
	o.dnssec.sigs[DNSSEC_SET_SOA].n = 1;
	o.dnssec.sigs[DNSSEC_SET_DNSKEY].sig[0] = sig(-DAY, 30 * DAY, 1, DNSSEC_SIG_VALID);
	o.dnssec.sigs[DNSSEC_SET_DNSKEY].n = 1;
	return o;
}

/* The parent's DS set: one record (or none with N 0), known. */
static struct dnssec_ds ds_set(size_t n)
{
	struct dnssec_ds ds;

	memset(&ds, 0, sizeof ds);
	ds.asked = ds.known = ds.answered = true;
	ds.n = n;
	if (n > 0)
		ds.rec[0] = (struct dnssec_ds_rec){1, 13, 2};
	return ds;
}

static struct dnssec_addr judge(const struct observation *o, const struct dnssec_ds *ds,
				const struct dnssec_config *cfg)
{
	struct dnssec_addr a;

	dnssec_judge_addr(o, ds, cfg, NOW, &a);
	return a;
}

static bool has(const struct dnssec_addr *a, enum dnssec_problem p)
{
	return (a->problems & (1u << p)) != 0;
}

static void test_time_delta(void)
{
	tap_int_eq(dnssec_time_delta((uint32_t)(NOW + 100), NOW), 100, "time: 100 s ahead");
	tap_int_eq(dnssec_time_delta((uint32_t)(NOW - 100), NOW), -100, "time: 100 s past");
	/* 2106: NOW past 2^32, RRSIG times wrap (RFC 4034 3.1.5) */
	tap_int_eq(dnssec_time_delta(5u, 0x100000000LL + 10), -5, "time: across the wrap, past");
	tap_int_eq(dnssec_time_delta(0xfffffff0u, 0x100000000LL + 5), -21,
		   "time: before the wrap, seen after it");
	tap_int_eq(dnssec_time_delta(20u, 0xfffffff0LL), 36,
		   "time: after the wrap, seen before it");
	tap_int_eq(dnssec_time_delta((uint32_t)(NOW + 0x7fffffffLL), NOW), 0x7fffffffLL,
		   "time: the farthest future is 2^31 - 1 s ahead");
	tap_int_eq(dnssec_time_delta((uint32_t)(NOW + 0x80000000LL), NOW), -0x80000000LL,
		   "time: 2^31 s ahead reads as 2^31 s past (serial arithmetic)");
}

static void test_valid_and_thresholds(void)
{
	struct observation o = signed_obs(10 * DAY);
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_addr a = judge(&o, &ds, &cfg_default);

	tap_ok(a.judged && a.state == MP_OK && has(&a, DNSSEC_VALID), "valid: OK, valid");
	tap_int_eq(a.left, 10 * DAY, "valid: time left is the earliest expiration (SOA's)");
	tap_int_eq((long long)a.left_set, DNSSEC_SET_SOA, "valid: ... of the SOA RRset");
	tap_ok(a.ds_match, "valid: the DS matches the KSK");
	o = signed_obs(2 * DAY);
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_WARNING && has(&a, DNSSEC_EXPIRING), "2 days left: WARNING (3d)");
	o = signed_obs(3 * DAY);
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_OK, "exactly 3 days left: OK (below the threshold alarms)");
	o = signed_obs(12 * HOUR);
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && a.expiring_state == MP_CRITICAL,
	       "12 hours left: CRITICAL (1d)");
	{
		struct dnssec_config c = cfg_default;
		c.crit_s = 20 * DAY; /* a critical threshold above the warning one alone alarms */
		o = signed_obs(10 * DAY);
		a = judge(&o, &ds, &c);
		tap_ok(a.state == MP_CRITICAL, "critical 20d above warning 3d: 10 days CRITICAL");
	}
}

static void test_periods(void)
{
	struct observation o = signed_obs(-HOUR);
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_addr a = judge(&o, &ds, &cfg_default);

	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_EXPIRED), "expired an hour ago: CRITICAL");
	tap_int_eq(a.left, -HOUR, "expired: negative time left");
	tap_ok(!has(&a, DNSSEC_EXPIRING), "expired: not also expiring");
	o = signed_obs(30 * DAY);
	o.dnssec.sigs[DNSSEC_SET_DNSKEY].sig[0] = sig(HOUR, 30 * DAY, 1, DNSSEC_SIG_VALID);
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_NOT_YET),
	       "inception an hour ahead: not yet valid, CRITICAL");
}

static void test_verification(void)
{
	struct observation o = signed_obs(30 * DAY);
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_addr a;

	o.dnssec.sigs[DNSSEC_SET_SOA].sig[0].result = DNSSEC_SIG_BOGUS;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_BOGUS), "bogus SOA RRSIG: CRITICAL");
	o = signed_obs(30 * DAY);
	o.dnssec.sigs[DNSSEC_SET_SOA].sig[0].result = DNSSEC_SIG_NO_KEY;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(has(&a, DNSSEC_BOGUS), "an RRSIG by a key the address does not serve: bogus");
	o = signed_obs(30 * DAY);
	o.dnssec.sigs[DNSSEC_SET_SOA].sig[0].result = DNSSEC_SIG_UNSUPPORTED;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_UNKNOWN && has(&a, DNSSEC_NOT_CHECKED),
	       "only an unsupported algorithm: not checked, UNKNOWN");
	o = signed_obs(30 * DAY);
	o.dnssec.sigs[DNSSEC_SET_SOA].n = 0;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_UNSIGNED), "no SOA RRSIG: unsigned");
	o = signed_obs(30 * DAY);
	o.dnssec.n_keys = 0;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_UNSIGNED), "no DNSKEY: unsigned");
	o = signed_obs(30 * DAY);
	o.dnssec.dnskey_answered = false;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_UNKNOWN && has(&a, DNSSEC_NOT_CHECKED),
	       "DNSKEY question unanswered: not checked, UNKNOWN");
	o = signed_obs(30 * DAY);
	o.outcome = OUTCOME_UNREACHABLE;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(!a.judged && a.problems == 0, "an address that did not answer is not judged");
}

static void test_ds(void)
{
	struct observation o = signed_obs(30 * DAY);
	struct dnssec_ds ds = ds_set(1), none = ds_set(0);
	struct dnssec_addr a;

	o.dnssec.keys[0].ds_match = false;
	a = judge(&o, &ds, &cfg_default);
	tap_ok(a.state == MP_CRITICAL && has(&a, DNSSEC_DS_MISMATCH), "no key matches the DS");
	a = judge(&o, &none, &cfg_default);
	tap_ok(a.state == MP_OK, "no DS at the parent: nothing to match (an island)");
	a = judge(&o, NULL, &cfg_default);
	tap_ok(a.state == MP_OK, "DS not asked (-n): nothing to match");
	o = signed_obs(30 * DAY);
	o.dnssec.keys[0].ds_match = false;
	o.dnssec.keys[1].ds_match = true; /* the DS matches the ZSK, which has no SEP bit */
	a = judge(&o, &ds, &cfg_default);
	tap_ok(has(&a, DNSSEC_DS_MISMATCH), "a DS matching a key without SEP bit: mismatch");
}

static void test_sanity(void)
{
	struct observation o = signed_obs(5 * DAY); /* validity 6 days, SOA EXPIRE 7 */
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_config c = cfg_default;
	struct dnssec_addr a = judge(&o, &ds, &c);

	tap_ok(!has(&a, DNSSEC_SHORT_VALIDITY),
	       "validity below EXPIRE: not judged without --soa-sanity");
	c.soa_sanity = true;
	a = judge(&o, &ds, &c);
	tap_ok(a.state == MP_WARNING && has(&a, DNSSEC_SHORT_VALIDITY),
	       "--soa-sanity: validity 6d shorter than EXPIRE 7d: WARNING");
	tap_int_eq(a.validity, 6 * DAY, "--soa-sanity: the validity");
	o.soa.expire = 6 * DAY;
	a = judge(&o, &ds, &c);
	tap_ok(!has(&a, DNSSEC_SHORT_VALIDITY), "--soa-sanity: validity equal to EXPIRE is fine");
}

static void test_zone_and_keys(void)
{
	struct observation o[2];
	struct dnssec_ds ds = ds_set(1), none = ds_set(0);

	o[0] = signed_obs(30 * DAY);
	o[1] = signed_obs(30 * DAY);
	tap_ok(dnssec_keys_same(&o[0].dnssec, &o[1].dnssec), "keys: same set");
	o[1].dnssec.keys[0] = o[0].dnssec.keys[1];
	o[1].dnssec.keys[1] = o[0].dnssec.keys[0];
	tap_ok(dnssec_keys_same(&o[0].dnssec, &o[1].dnssec), "keys: order does not matter");
	o[1].dnssec.keys[2] = (struct dnssec_key){3, 256, 13, false};
	o[1].dnssec.n_keys = 3;
	tap_ok(!dnssec_keys_same(&o[0].dnssec, &o[1].dnssec), "keys: one more key differs");
	memset(&o[0].dnssec, 0, sizeof o[0].dnssec);
	memset(&o[1].dnssec, 0, sizeof o[1].dnssec);
	tap_ok(!dnssec_zone_signed(o, 2, &none), "zone: no key, no DS: unsigned");
	tap_ok(dnssec_zone_signed(o, 2, &ds), "zone: a DS at the parent: signed");
	o[1].dnssec.n_keys = 1;
	tap_ok(dnssec_zone_signed(o, 2, NULL), "zone: one address serves a key: signed");
	o[1].outcome = OUTCOME_LAME;
	tap_ok(!dnssec_zone_signed(o, 2, NULL), "zone: keys of a lame address do not count");
}

/* judge_run on N addresses of OBS with the DNSSEC config C, into V and PER. */
static void run(const struct observation *obs, size_t n, const struct dnssec_ds *ds,
		const struct dnssec_config *c, struct verdict *v, struct addr_verdict *per)
{
	static struct server servers[4];
	struct mp_range w = {0}, cr = {0};
	struct judge_config cfg;
	struct judge_input in;
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&servers[i], 0, sizeof servers[i]);
		servers[i].has_addr = true;
		servers[i].name = "ns.example";
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.warn_lag = cfg.crit_lag = cfg.warn_failed = cfg.crit_failed = &w;
	cfg.warn_latency = cfg.crit_latency = &cr;
	cfg.dnssec = *c;
	memset(&in, 0, sizeof in);
	in.servers = servers;
	in.obs = obs;
	in.n = n;
	in.n_groups = 1;
	in.now = NOW;
	in.dnssec = true;
	in.ds = ds;
	judge_run(&in, &cfg, v, per);
}

static void test_cds(void)
{
	struct observation o[3];
	struct dnssec_ds ds = ds_set(1);
	struct verdict *v = malloc(sizeof *v);
	struct addr_verdict per[3];
	const struct finding *f;
	size_t i;

	for (i = 0; i < 3; i++) {
		o[i] = signed_obs(30 * DAY);
		o[i].dnssec.cds_asked = true;
		o[i].dnssec.cds[0] = 5; /* CDS value 5 (an rrset table index) */
		o[i].dnssec.cds[1] = 6;
	}
	run(o, 3, &ds, &cfg_default, v, per);
	tap_ok(v->state == MP_OK, "CDS: the same CDS and CDNSKEY everywhere: OK");
	o[2].dnssec.cds[1] = 7;
	run(o, 3, &ds, &cfg_default, v, per);
	f = judge_find(v, FINDING_DNSSEC, JUDGE_ZONE);
	tap_ok(f != NULL && f->item == DNSSEC_CDS_DIFFER && f->state == MP_WARNING &&
		   f->server == 2,
	       "CDS: another CDNSKEY on one address: WARNING naming it");
	o[2].dnssec.cds[1] = (size_t)-1;
	run(o, 3, &ds, &cfg_default, v, per);
	tap_ok(v->state == MP_OK, "CDS: an address that gave no answer is not compared");
	free(v);
}

static void test_findings(void)
{
	struct observation o[3];
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_config c = cfg_default;
	struct verdict *v = malloc(sizeof *v);
	struct addr_verdict per[3];
	const struct finding *f;

	o[0] = signed_obs(30 * DAY);
	o[1] = signed_obs(2 * DAY);
	o[2] = signed_obs(12 * HOUR);
	run(o, 3, &ds, &c, v, per);
	f = judge_find(v, FINDING_DNSSEC, JUDGE_ZONE);
	tap_ok(f != NULL && f->item == DNSSEC_EXPIRING && f->state == MP_CRITICAL && f->count == 2,
	       "findings: expiring on 2 addresses, CRITICAL (the worst)");
	tap_int_eq(f != NULL ? (long long)f->server : -1, 2, "findings: names the least time left");
	tap_ok(v->state == MP_CRITICAL && v->dnssec.left_known && v->dnssec.left_min == 12 * HOUR,
	       "findings: verdict CRITICAL, signature_left_min 12h");
	o[1] = signed_obs(30 * DAY);
	o[2] = signed_obs(30 * DAY);
	run(o, 3, &ds, &c, v, per);
	f = judge_find(v, FINDING_DNSSEC, JUDGE_ZONE);
	tap_ok(v->state == MP_OK && f == NULL && v->dnssec.checked &&
		   v->dnssec.problems[DNSSEC_VALID].count == 3 &&
		   judge_find(v, FINDING_IN_SYNC, JUDGE_ZONE) != NULL,
	       "findings: all valid: OK, no DNSSEC clause (the OK line of any zone), 3 valid");
	tap_ok(judge_find(v, FINDING_IN_SYNC, JUDGE_ZONE) != NULL, "findings: still in sync");
	o[2].dnssec.keys[2] = (struct dnssec_key){3, 256, 13, false};
	o[2].dnssec.n_keys = 3;
	run(o, 3, &ds, &c, v, per);
	f = judge_find(v, FINDING_DNSSEC, JUDGE_ZONE);
	tap_ok(f != NULL && f->item == DNSSEC_KEYS_DIFFER && f->state == MP_WARNING &&
		   f->server == 2 && v->dnssec.problems[DNSSEC_KEYS_DIFFER].serial == 7,
	       "findings: a key set differs at serial 7: the --consistency-mismatch state");
	o[2].soa.serial = 8;
	run(o, 3, &ds, &c, v, per);
	tap_ok(v->dnssec.problems[DNSSEC_KEYS_DIFFER].count == 0,
	       "findings: key sets at different serials are not compared");
	c.mode = DNSSEC_MODE_OFF;
	o[2] = signed_obs(-DAY);
	run(o, 3, &ds, &c, v, per);
	tap_ok(!v->dnssec.checked && judge_find(v, FINDING_DNSSEC, JUDGE_ZONE) == NULL,
	       "findings: --dnssec=off: nothing judged");
	memset(&o[0].dnssec, 0, sizeof o[0].dnssec);
	memset(&o[1].dnssec, 0, sizeof o[1].dnssec);
	memset(&o[2].dnssec, 0, sizeof o[2].dnssec);
	o[2] = o[1];
	c.mode = DNSSEC_MODE_AUTO;
	run(o, 3, NULL, &c, v, per);
	tap_ok(!v->dnssec.checked && v->state == MP_OK &&
		   judge_find(v, FINDING_DNSSEC, JUDGE_ZONE) == NULL,
	       "findings: unsigned under auto: nothing said");
	c.mode = DNSSEC_MODE_ON;
	run(o, 3, NULL, &c, v, per);
	f = judge_find(v, FINDING_DNSSEC, JUDGE_ZONE);
	tap_ok(f != NULL && f->item == DNSSEC_NOT_SIGNED && f->state == MP_CRITICAL,
	       "findings: unsigned under on: CRITICAL not signed");
	free(v);
}

static void test_duration(void)
{
	static const char *const bad[] = {"",    "d",   "3x", "-1",
					  "1dd", "1 d", "+5", "99999999999999999999"};
	int64_t v = -1;
	size_t i;

	tap_ok(opt_duration_parse("90m", &v) == 0 && v == 5400, "DURATION 90m is 5400 s");
	tap_ok(opt_duration_parse("3d", &v) == 0 && v == 3 * DAY, "DURATION 3d");
	tap_ok(opt_duration_parse("12h", &v) == 0 && v == 12 * HOUR, "DURATION 12h");
	tap_ok(opt_duration_parse("45s", &v) == 0 && v == 45, "DURATION 45s");
	tap_ok(opt_duration_parse("600", &v) == 0 && v == 600, "DURATION in bare seconds");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		tap_ok(opt_duration_parse(bad[i], &v) != 0, "DURATION '%s' is refused", bad[i]);
	tap_ok(opt_duration_parse("36600d", &v) == 0 && opt_duration_parse("36601d", &v) != 0,
	       "DURATION: at most 100 years");
}

static void test_multi_signer(void)
{
	struct observation o[3];
	struct dnssec_ds ds = ds_set(1);
	struct dnssec_multi m;
	const size_t group[3] = {0, 1, 1};

	o[0] = signed_obs(30 * DAY); /* provider 0: KSK 1 (DS), ZSK 2, and provider 1's ZSK 4 */
	o[0].dnssec.keys[2] = (struct dnssec_key){4, 256, 13, false};
	o[0].dnssec.n_keys = 3;
	o[1] = signed_obs(30 * DAY); /* provider 1: KSK 3 (DS), ZSK 4, and provider 0's ZSK 2 */
	o[1].dnssec.keys[0] = (struct dnssec_key){3, 257, 13, true};
	o[1].dnssec.keys[1] = (struct dnssec_key){4, 256, 13, false};
	o[1].dnssec.keys[2] = (struct dnssec_key){2, 256, 13, false};
	o[1].dnssec.n_keys = 3;
	o[2] = o[1];
	dnssec_judge_multi(o, 3, group, 2, &ds, &m);
	tap_ok(m.checked && m.n == 0 && m.rep[0] == 0 && m.rep[1] == 1,
	       "multi-signer: each provider has the other's ZSK and a DS: no problem");
	o[1].dnssec.n_keys = 2; /* provider 1 drops provider 0's ZSK 2 */
	dnssec_judge_multi(o, 3, group, 2, &ds, &m);
	tap_ok(m.n == 1 && m.p[0].kind == DNSSEC_MULTI_ZSK_MISSING && m.p[0].group == 1 &&
		   m.p[0].other == 0 && m.p[0].tag == 2,
	       "multi-signer: provider 1 lacks provider 0's ZSK 2");
	o[1].dnssec.n_keys = 3;
	o[1].dnssec.keys[0].ds_match = false;
	dnssec_judge_multi(o, 3, group, 2, &ds, &m);
	tap_ok(m.n == 1 && m.p[0].kind == DNSSEC_MULTI_NO_DS && m.p[0].group == 1,
	       "multi-signer: no DS matches provider 1's KSK");
	dnssec_judge_multi(o, 3, NULL, 1, &ds, &m);
	tap_ok(!m.checked && m.n == 0, "multi-signer: not judged without providers");
	o[0].outcome = OUTCOME_UNREACHABLE;
	o[1].dnssec.keys[0].ds_match = true;
	dnssec_judge_multi(o, 3, group, 2, &ds, &m);
	tap_ok(m.rep[0] == (size_t)-1 && m.n == 0,
	       "multi-signer: a provider without an answering server is not compared");
}

int main(void)
{
	test_multi_signer();
	test_duration();
	test_time_delta();
	test_valid_and_thresholds();
	test_periods();
	test_verification();
	test_ds();
	test_sanity();
	test_zone_and_keys();
	test_findings();
	test_cds();
	return tap_done();
}
