/* test_content.c - unit tests for comparing values across servers: RRsets and SOA/NS consistency.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/consistency.h"
#include "judge/content.h"
#include "mp/mp_strbuf.h"
#include "core/observation.h"
#include "query/rrset.h"
#include "tap.h"

#define NONE  ((size_t)-1)
#define N_MAX 16

/* Compare the one item of VALUES (N servers), every server eligible unless ELIGIBLE. */
static void compare1(const size_t *values, size_t n, const bool *eligible, struct content_result *r)
{
	bool all[N_MAX];
	size_t i;

	for (i = 0; i < N_MAX; i++)
		all[i] = true;
	content_compare(values, 1, 0, eligible != NULL ? eligible : all, n, r);
}

static void test_most_served(void)
{
	static const size_t v[] = {5, 7, 7};
	struct content_result r;

	compare1(v, 3, NULL, &r);
	tap_ok(r.n_values == 2 && r.value[0] == 7 && r.served[0] == 2 && r.value[1] == 5 &&
		   r.served[1] == 1,
	       "content: the reference value is the one most servers serve");
	tap_ok(r.compared == 3 && r.odd == 1 && r.first_odd == 0 && r.extra_values == 0,
	       "content: one server serving another value is the one odd server");
}

static void test_tie_first_server(void)
{
	static const size_t pair[] = {5, 7}, four[] = {7, 5, 5, 7}, late[] = {9, 7, 5};
	static const bool skip_first[] = {false, true, true};
	struct content_result r;

	compare1(pair, 2, NULL, &r);
	tap_ok(r.value[0] == 5 && r.odd == 1 && r.first_odd == 1,
	       "content: on a tie the first server's value is the reference");
	compare1(four, 4, NULL, &r);
	tap_ok(r.value[0] == 7 && r.value[1] == 5 && r.odd == 2 && r.first_odd == 1,
	       "content: a 2-2 tie keeps the first server's value as the reference");
	compare1(late, 3, skip_first, &r);
	tap_ok(r.value[0] == 7 && r.compared == 2 && r.first_odd == 2,
	       "content: on a tie the first eligible server's value is the reference");
}

static void test_ineligible_ignored(void)
{
	static const size_t v[] = {1, 2, 2, 2};
	static const bool only_first[] = {true, false, false, false};
	struct content_result r;

	compare1(v, 4, only_first, &r);
	tap_ok(r.compared == 1 && r.n_values == 1 && r.value[0] == 1 && r.odd == 0,
	       "content: ineligible servers take no part, even as a majority");
	tap_ok(!content_is_odd(&r, v, 1, 0, only_first, 1),
	       "content: an ineligible server is never odd");
}

static void test_none_ignored(void)
{
	static const size_t v[] = {NONE, 3, 3, 4, NONE};
	struct content_result r;

	compare1(v, 5, NULL, &r);
	tap_ok(r.compared == 3 && r.n_values == 2 && r.value[0] == 3,
	       "content: servers without a value ((size_t)-1) take no part");
	tap_ok(r.odd == 1 && r.first_odd == 3, "content: the odd server is the one serving 4");
	tap_ok(!content_is_odd(&r, v, 1, 0, (const bool[]){true, true, true, true, true}, 0),
	       "content: a server without a value is never odd");
}

static void test_odd_count(void)
{
	static const size_t v[] = {4, 4, 4, 8, 9, 8};
	static const bool all[] = {true, true, true, true, true, true};
	struct content_result r;
	size_t i, odd = 0;

	compare1(v, 6, NULL, &r);
	tap_ok(r.odd == 3 && r.first_odd == 3,
	       "content: odd counts every server off the reference");
	tap_ok(r.n_values == 3 && r.value[0] == 4 && r.served[0] == 3 && r.value[1] == 8 &&
		   r.served[1] == 2 && r.value[2] == 9 && r.served[2] == 1,
	       "content: values are listed most served first");
	for (i = 0; i < 6; i++)
		odd += content_is_odd(&r, v, 1, 0, all, i);
	tap_ok(odd == 3 && !content_is_odd(&r, v, 1, 0, all, 0) &&
		   content_is_odd(&r, v, 1, 0, all, 4),
	       "content: content_is_odd agrees with the odd count");
}

static void test_items(void)
{
	/* three servers, two items each: VALUES[i * 2 + item] */
	static const size_t v[] = {1, 10, 1, 11, 2, 10};
	static const bool all[] = {true, true, true};
	struct content_result r0, r1;

	content_compare(v, 2, 0, all, 3, &r0);
	content_compare(v, 2, 1, all, 3, &r1);
	tap_ok(r0.value[0] == 1 && r0.odd == 1 && r0.first_odd == 2,
	       "content: item 0 is read at values[i * n_items]");
	tap_ok(r1.value[0] == 10 && r1.odd == 1 && r1.first_odd == 1,
	       "content: item 1 is read at values[i * n_items + 1]");
	tap_ok(content_is_odd(&r1, v, 2, 1, all, 1) && !content_is_odd(&r1, v, 2, 1, all, 2),
	       "content: content_is_odd reads the same item");
}

static void test_empty(void)
{
	static const size_t none[] = {NONE, NONE};
	struct content_result r;

	compare1(none, 0, NULL, &r);
	tap_ok(r.compared == 0 && r.n_values == 0 && r.odd == 0, "content: no server, no value");
	compare1(none, 2, NULL, &r);
	tap_ok(r.compared == 0 && r.n_values == 0 && r.odd == 0 &&
		   !content_is_odd(&r, none, 1, 0, (const bool[]){true, true}, 0),
	       "content: no server with a value: nothing compared, nothing odd");
}

static void test_overflow(void)
{
	size_t v[N_MAX], i;
	struct content_result r;

	for (i = 0; i < 10; i++)
		v[i] = 100 + i;
	compare1(v, 10, NULL, &r);
	tap_ok(r.n_values == CONTENT_VALUES_MAX && r.extra_values == 2,
	       "content: values past CONTENT_VALUES_MAX are counted in extra_values");
	tap_ok(r.compared == 10 && r.odd == 9 && r.first_odd == 1,
	       "content: servers with values past the cap are still odd");
	for (i = 0; i < 8; i++)
		v[i] = 100 + i;
	v[8] = v[9] = v[10] = 200;
	compare1(v, 11, NULL, &r);
	tap_int_eq(r.extra_values, 1,
		   "content: extra_values counts distinct values, not the servers serving them");
	tap_ok(r.value[0] == 200 && r.served[0] == 3 && r.odd == 8,
	       "content: the most served value is the reference even when first seen past the cap");
	tap_ok(r.n_values == CONTENT_VALUES_MAX && r.value[CONTENT_VALUES_MAX - 1] == 106,
	       "content: past the cap the values first seen earliest are kept on a tie");
}

/* An answered observation with SOA names MNAME, RNAME, timers, and NS value NS. */
static void obs_set(struct observation *o, const char *mname, const char *rname, uint32_t refresh,
		    uint32_t minimum, size_t ns)
{
	memset(o, 0, sizeof *o);
	o->outcome = OUTCOME_ANSWERED;
	o->has_soa = true;
	o->soa.serial = 2024060101u;
	snprintf(o->soa.mname, sizeof o->soa.mname, "%s", mname);
	snprintf(o->soa.rname, sizeof o->soa.rname, "%s", rname);
	o->soa.refresh = refresh;
	o->soa.retry = 600;
	o->soa.expire = 1209600;
	o->soa.minimum = minimum;
	o->ns_value = ns;
}

static void test_consistency_names(void)
{
	struct observation o[4];
	static const bool all[] = {true, true, true, true};
	size_t ids[4];

	obs_set(&o[0], "ns1.example.com", "hostmaster.example.com", 3600, 300, 0);
	obs_set(&o[1], "NS1.Example.COM", "HostMaster.example.com", 3600, 300, 0);
	obs_set(&o[2], "ns2.example.com", "dns-admin.example.com", 3600, 300, 0);
	obs_set(&o[3], "ns2.example.com", "hostmaster.example.com", 3600, 300, 0);
	consistency_ids(CONSIST_MNAME, o, all, 4, ids);
	tap_ok(ids[0] == 0 && ids[1] == 0 && ids[2] == 2 && ids[3] == 2,
	       "consistency: MNAMEs compare case-insensitively; ids are the first server with it");
	consistency_ids(CONSIST_RNAME, o, all, 4, ids);
	tap_ok(ids[0] == 0 && ids[1] == 0 && ids[2] == 2 && ids[3] == 0,
	       "consistency: RNAMEs compare case-insensitively");
}

static void test_consistency_timers(void)
{
	struct observation o[4];
	static const bool all[] = {true, true, true, true};
	size_t ids[4];

	obs_set(&o[0], "m", "r", 3600, 300, 0);
	obs_set(&o[1], "m", "r", 3600, 300, 0);
	obs_set(&o[2], "m", "r", 3600, 301, 0);
	obs_set(&o[3], "m", "r", 7200, 300, 0);
	consistency_ids(CONSIST_TIMERS, o, all, 4, ids);
	tap_ok(ids[0] == 0 && ids[1] == 0 && ids[2] == 2 && ids[3] == 3,
	       "consistency: the timers are one tuple; any field differing makes another value");
	o[3].soa.refresh = 3600;
	o[3].soa.retry = 601;
	consistency_ids(CONSIST_TIMERS, o, all, 4, ids);
	tap_ok(ids[3] == 3, "consistency: RETRY alone differing makes another value");
	o[3].soa.retry = 600;
	o[3].soa.expire = 1209601;
	consistency_ids(CONSIST_TIMERS, o, all, 4, ids);
	tap_ok(ids[3] == 3, "consistency: EXPIRE alone differing makes another value");
	o[2].soa.serial = 1;
	consistency_ids(CONSIST_TIMERS, o, all, 2, ids);
	tap_ok(ids[0] == 0 && ids[1] == 0, "consistency: the serial is not one of the timers");
}

static void test_consistency_ns(void)
{
	struct observation o[5];
	bool eligible[] = {true, true, true, true, true};
	size_t ids[5];

	obs_set(&o[0], "m", "r", 3600, 300, 3);
	obs_set(&o[1], "m", "r", 3600, 300, 3);
	obs_set(&o[2], "m", "r", 3600, 300, 4);
	obs_set(&o[3], "m", "r", 3600, 300, RRSET_NONE);
	obs_set(&o[4], "m", "r", 3600, 300, 4);
	consistency_ids(CONSIST_NS, o, eligible, 5, ids);
	tap_ok(ids[0] == 0 && ids[1] == 0 && ids[2] == 2 && ids[4] == 2,
	       "consistency: NS sets compare by their ns_value");
	tap_ok(ids[3] == NONE, "consistency: a server without an NS answer takes no part");
	consistency_ids(CONSIST_MNAME, o, eligible, 5, ids);
	tap_ok(ids[3] == 0, "consistency: a missing NS answer does not exclude it from SOA checks");
	eligible[0] = false;
	o[1].has_soa = false;
	consistency_ids(CONSIST_NS, o, eligible, 5, ids);
	tap_ok(ids[0] == NONE && ids[1] == NONE && ids[2] == 2,
	       "consistency: ineligible servers and servers without SOA take no part");
}

static void test_consistency_with_content(void)
{
	struct observation o[3];
	static const bool all[] = {true, true, true};
	size_t ids[3];
	struct content_result r;

	obs_set(&o[0], "m", "hostmaster.example.com", 3600, 300, 0);
	obs_set(&o[1], "m", "dns-admin.example.com", 3600, 300, 0);
	obs_set(&o[2], "m", "hostmaster.example.com", 3600, 300, 0);
	consistency_ids(CONSIST_RNAME, o, all, 3, ids);
	content_compare(ids, 1, 0, all, 3, &r);
	tap_ok(r.odd == 1 && r.first_odd == 1 && r.value[0] == 0,
	       "consistency: ids fed to content_compare name the odd server");
}

static void test_consistency_text(void)
{
	struct observation o;
	struct rrset_value nodata;
	struct rrset_table t;
	struct mp_strbuf sb = {0};

	obs_set(&o, "ns1.example.com", "hostmaster.example.com", 3600, 300, 0);
	tap_ok(strcmp(consistency_name(CONSIST_MNAME), "SOA MNAME") == 0 &&
		   strcmp(consistency_name(CONSIST_RNAME), "SOA RNAME") == 0 &&
		   strcmp(consistency_name(CONSIST_TIMERS), "SOA timers") == 0 &&
		   strcmp(consistency_name(CONSIST_NS), "apex NS set") == 0,
	       "consistency: the checks are named for output");
	consistency_value_text(CONSIST_RNAME, &o, NULL, &sb);
	tap_str_eq(mp_strbuf_str(&sb), "hostmaster.example.com",
		   "consistency: an RNAME value is its display form");
	mp_strbuf_free(&sb);
	consistency_value_text(CONSIST_TIMERS, &o, NULL, &sb);
	tap_str_eq(mp_strbuf_str(&sb), "refresh 3600 retry 600 expire 1209600 minimum 300",
		   "consistency: the timers value lists the four timers");
	mp_strbuf_free(&sb);
	memset(&nodata, 0, sizeof nodata);
	nodata.status = RRSET_NODATA;
	nodata.type = LDNS_RR_TYPE_NS;
	memset(&t, 0, sizeof t);
	t.values = &nodata;
	t.n = 1;
	consistency_value_text(CONSIST_NS, &o, &t, &sb);
	tap_str_eq(mp_strbuf_str(&sb), "no NS record",
		   "consistency: an NS value is the RRset table's text of it");
	mp_strbuf_free(&sb);
	o.ns_value = 5;
	consistency_value_text(CONSIST_NS, &o, &t, &sb);
	tap_str_eq(mp_strbuf_str(&sb), "",
		   "consistency: an NS value outside the table adds nothing");
	mp_strbuf_free(&sb);
}

/* Compare the one item of VALUES (N servers, all eligible), then find the majority over the
 * servers (GROUP NULL) or the groups GROUP. */
static void majority1(const size_t *values, const size_t *group, size_t n, struct content_result *r)
{
	bool all[N_MAX];
	size_t i;

	for (i = 0; i < N_MAX; i++)
		all[i] = true;
	content_compare(values, 1, 0, all, n, r);
	content_majority(r, values, 1, 0, all, n, group);
}

/* True when content_is_odd says so for exactly the servers in WANT (N servers). */
static bool odd_exactly(const struct content_result *r, const size_t *values, const bool *want,
			size_t n)
{
	bool all[N_MAX];
	size_t i;

	for (i = 0; i < N_MAX; i++)
		all[i] = true;
	for (i = 0; i < n; i++)
		if (content_is_odd(r, values, 1, 0, all, i) != want[i])
			return false;
	return true;
}

static void test_majority_servers(void)
{
	static const size_t tie[] = {5, 5, 7, 7}, three[] = {5, 7, 7}, one[] = {4, 4};
	static const bool every[] = {true, true, true, true}, first[] = {true, false, false};
	struct content_result r;

	majority1(tie, NULL, 4, &r);
	tap_ok(r.reference == CONTENT_NO_MAJORITY && r.odd == 4 && r.first_odd == 0 &&
		   odd_exactly(&r, tie, every, 4),
	       "content: a 2-2 tie has no majority: every server compared is odd, no side blamed");
	majority1(three, NULL, 3, &r);
	tap_ok(r.reference != CONTENT_NO_MAJORITY && r.value[r.reference] == 7 && r.odd == 1 &&
		   odd_exactly(&r, three, first, 3),
	       "content: a value served by more than half of the servers is the majority");
	majority1(one, NULL, 2, &r);
	tap_ok(r.reference == 0 && r.odd == 0, "content: one value for all is the majority");
}

static void test_majority_groups(void)
{
	static const size_t lopsided[] = {5, 5, 5, 5, 5, 5, 7, 7},
			    lopsided_g[] = {0, 0, 0, 0, 0, 0, 1, 1};
	static const size_t three[] = {5, 5, 7, 7, 5, 5}, three_g[] = {0, 0, 1, 1, 2, 2};
	static const size_t split[] = {5, 7, 5, 7}, split_g[] = {0, 0, 1, 2};
	static const bool b_only[] = {false, false, true, true, false, false};
	struct content_result r;

	majority1(lopsided, lopsided_g, 8, &r);
	tap_ok(r.reference == CONTENT_NO_MAJORITY && r.odd == 8,
	       "content: one provider against one is a tie whatever their server counts");
	majority1(three, three_g, 6, &r);
	tap_ok(r.reference != CONTENT_NO_MAJORITY && r.value[r.reference] == 5 && r.odd == 2 &&
		   r.first_odd == 2 && odd_exactly(&r, three, b_only, 6),
	       "content: two providers of three are the majority: only the third one's servers "
	       "are odd");
	majority1(split, split_g, 4, &r);
	tap_ok(r.reference == CONTENT_NO_MAJORITY && r.odd == 4,
	       "content: two values each served by more than half the providers (one provider "
	       "split): no majority");
}

int main(void)
{
	test_most_served();
	test_tie_first_server();
	test_majority_servers();
	test_majority_groups();
	test_ineligible_ignored();
	test_none_ignored();
	test_odd_count();
	test_items();
	test_empty();
	test_overflow();
	test_consistency_names();
	test_consistency_timers();
	test_consistency_ns();
	test_consistency_with_content();
	test_consistency_text();
	return tap_done();
}
