/* test_providers.c - unit tests for provider grouping and the --provider / --compare options. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "judge/judge.h"
#include "core/observation.h"
#include "cli/options_multi.h"
#include "judge/providers.h"
#include "servers/servers.h"
#include "tap.h"

#define PX_MAX 40

/* Servers, what they answered, patterns and the grouping of them. */
struct pfx {
	struct server servers[PX_MAX];
	struct observation obs[PX_MAX];
	char names[PX_MAX][64];
	size_t n;
	struct provider_pattern pat[4];
	size_t n_pat;
	struct provider out[JUDGE_GROUPS_MAX];
	size_t group[PX_MAX];
	size_t count;
};

static void px_init(struct pfx *f)
{
	memset(f, 0, sizeof *f);
}

/* Append a server of host HOST named NAME ("" for a bare address) at 192.0.2.(n+1);
 * it answers with MNAME and SERIAL when MNAME is not NULL, else is unreachable. */
static size_t px_add(struct pfx *f, const char *name, size_t host, const char *mname,
		     uint32_t serial)
{
	struct server *s = &f->servers[f->n];
	struct observation *o = &f->obs[f->n];
	char text[32];

	snprintf(f->names[f->n], sizeof f->names[f->n], "%s", name);
	snprintf(text, sizeof text, "192.0.2.%zu", f->n + 1);
	server_addr_from_text(&s->addr, text, 53);
	s->has_addr = true;
	s->host = host;
	s->name = f->names[f->n];
	s->origin = ORIGIN_PARENT | ORIGIN_CHILD;
	if (mname != NULL) {
		o->outcome = OUTCOME_ANSWERED;
		o->has_soa = true;
		o->soa.serial = serial;
		snprintf(o->soa.mname, sizeof o->soa.mname, "%s", mname);
	} else {
		o->outcome = OUTCOME_UNREACHABLE;
		o->unreach = UNREACH_TIMEOUT;
	}
	return f->n++;
}

/* Add the pattern TEXT ("LABEL=PATTERN"), which must parse. */
static void px_pattern(struct pfx *f, const char *text)
{
	char why[128];

	if (opt_provider_parse(text, &f->pat[f->n_pat], why, sizeof why) != 0)
		printf("# bad test pattern %s: %s\n", text, why);
	f->n_pat++;
}

static void px_run(struct pfx *f)
{
	size_t i;

	for (i = 0; i < PX_MAX; i++)
		f->group[i] = SERVERS_NONE;
	f->count = providers_group(f->servers, f->obs, f->n, f->pat, f->n_pat, f->out, f->group);
}

static void test_group_by_mname(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns1.a.example", 0, "ns1.a.example", 2024060101u);
	px_add(&f, "ns2.a.example", 1, "ns1.a.example", 2024060101u);
	px_add(&f, "ns1.b.example", 2, "master.b.example", 17);
	px_add(&f, "ns2.b.example", 3, "MASTER.B.Example", 17);
	px_run(&f);
	tap_int_eq(f.count, 2, "providers: servers split by the SOA MNAME they serve");
	tap_ok(f.group[0] == 0 && f.group[1] == 0 && f.group[2] == 1 && f.group[3] == 1,
	       "providers: servers serving one MNAME share a group, in order of first server");
	tap_ok(f.out[0].source == PROVIDER_MNAME && f.out[1].source == PROVIDER_MNAME &&
		   strcmp(f.out[0].label, "a.example") == 0 &&
		   strcmp(f.out[1].label, "b.example") == 0,
	       "providers: an MNAME group is labelled with the domain of its NS names");
	tap_ok(f.out[0].servers == 2 && f.out[1].servers == 2,
	       "providers: each group counts its servers");
	tap_ok(f.group[3] == f.group[2], "providers: MNAMEs are compared case-insensitively");
}

static void test_patterns_first(void)
{
	struct pfx f;

	px_init(&f);
	px_pattern(&f, "prova=*.a.example");
	px_pattern(&f, "gone=*.nowhere.example");
	px_add(&f, "ns1.b.example", 0, "master.b.example", 17);
	px_add(&f, "ns1.a.example", 1, "ns1.a.example", 5);
	px_run(&f);
	tap_int_eq(f.count, 3, "providers: two patterns and one MNAME make three groups");
	tap_ok(f.out[0].source == PROVIDER_PATTERN && strcmp(f.out[0].label, "prova") == 0 &&
		   f.out[1].source == PROVIDER_PATTERN && strcmp(f.out[1].label, "gone") == 0,
	       "providers: pattern groups come first, in the order given");
	tap_ok(f.out[1].servers == 0, "providers: a pattern that matches nothing is still a group");
	tap_ok(f.out[0].pattern == f.pat[0].pattern && strcmp(f.out[0].pattern, "*.a.example") == 0,
	       "providers: a pattern group points at its pattern");
	tap_ok(f.group[1] == 0 && f.group[0] == 2 && f.out[2].source == PROVIDER_MNAME,
	       "providers: names matching no pattern fall back to MNAME grouping");
}

static void test_first_pattern_wins(void)
{
	struct pfx f;

	px_init(&f);
	px_pattern(&f, "first=ns1.*");
	px_pattern(&f, "second=*.a.example");
	px_add(&f, "ns1.a.example", 0, "m.a.example", 1);
	px_add(&f, "ns2.a.example", 1, "m.a.example", 1);
	px_run(&f);
	tap_ok(f.group[0] == 0 && f.group[1] == 1,
	       "providers: a name matching two patterns belongs to the first");
	tap_ok(f.count == 2 && f.out[0].servers == 1 && f.out[1].servers == 1,
	       "providers: the MNAME plays no part for pattern-matched servers");
}

static void test_pattern_case_and_dot(void)
{
	struct provider_pattern p;
	char why[128];
	struct pfx f;

	tap_int_eq(opt_provider_parse("B=*.ProvB.Example.", &p, why, sizeof why), 0,
		   "providers: a pattern with capitals and a trailing dot parses");
	tap_str_eq(p.pattern, "*.provb.example",
		   "providers: a pattern is kept lower-cased without its trailing dot");
	tap_ok(provider_pattern_matches(&p, "ns1.provb.example") &&
		   provider_pattern_matches(&p, "NS1.PROVB.EXAMPLE") &&
		   provider_pattern_matches(&p, "ns1.provb.example."),
	       "providers: a pattern matches case-insensitively, trailing dot optional");
	tap_ok(!provider_pattern_matches(&p, "ns1.provc.example") &&
		   !provider_pattern_matches(&p, "provb.example"),
	       "providers: a pattern does not match other names");
	px_init(&f);
	px_pattern(&f, "B=*.ProvB.Example.");
	px_add(&f, "NS1.provb.EXAMPLE", 0, NULL, 0);
	px_add(&f, "ns2.provb.example", 1, "x.example", 3);
	px_run(&f);
	tap_ok(f.count == 1 && f.group[0] == 0 && f.group[1] == 0 && f.out[0].servers == 2,
	       "providers: failed and answering servers alike join the pattern their name matches");
}

static void test_failed_kin(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns1.a.example", 0, "m.a.example", 1);
	px_add(&f, "ns1.b.example", 1, NULL, 0);          /* same name as the next */
	px_add(&f, "ns1.b.example", 1, "m.b.example", 9); /* another address of it */
	px_add(&f, "ns2.b.example", 2, NULL, 0);          /* sibling of ns1.b */
	px_add(&f, "ns1.c.example", 3, NULL, 0);          /* no kin at all */
	px_add(&f, "ns2.C.example", 4, NULL, 0);          /* sibling of ns1.c */
	px_run(&f);
	tap_ok(f.group[1] == f.group[2] && f.out[f.group[1]].source == PROVIDER_MNAME,
	       "providers: a failed server joins the group of another address of its name");
	tap_ok(f.group[3] == f.group[2], "providers: else it joins the group of a sibling name");
	tap_ok(f.group[4] != f.group[0] && f.group[4] != f.group[2] &&
		   f.out[f.group[4]].source == PROVIDER_DOMAIN &&
		   strcmp(f.out[f.group[4]].label, "c.example") == 0,
	       "providers: else it forms a PROVIDER_DOMAIN group named after its domain");
	tap_ok(f.group[5] == f.group[4], "providers: failed siblings share their domain group");
	tap_ok(f.count == 3 && f.out[f.group[2]].servers == 3 && f.out[f.group[4]].servers == 2,
	       "providers: kin grouping counts: a 1, b 3, c.example 2");
}

/* The label of the provider of server I after grouping F. */
static const char *px_label(const struct pfx *f, size_t i)
{
	return f->out[f->group[i]].label;
}

static void test_label_stays_when_down(void)
{
	struct pfx up, down;

	px_init(&up);
	px_add(&up, "ns1.a.example", 0, "ns1.a.example", 1);
	px_add(&up, "ns1.provb.test", 1, "ns1.provb.test", 17);
	px_add(&up, "ns2.provb.test", 2, "ns1.provb.test", 17);
	px_run(&up);
	px_init(&down);
	px_add(&down, "ns1.a.example", 0, "ns1.a.example", 1);
	px_add(&down, "ns1.provb.test", 1, NULL, 0);
	px_add(&down, "ns2.provb.test", 2, NULL, 0);
	px_run(&down);
	tap_str_eq(px_label(&up, 1), "provb.test",
		   "providers: a provider up is labelled with its NS names' domain, not its MNAME");
	tap_ok(strcmp(px_label(&up, 1), px_label(&down, 1)) == 0 &&
		   up.out[up.group[1]].source == PROVIDER_MNAME &&
		   down.out[down.group[1]].source == PROVIDER_DOMAIN,
	       "providers: the label is the same when the provider stops answering");
}

static void test_label_shared_domain(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "a.EU.Prov.example", 0, "hidden.example", 1);
	px_add(&f, "b.us.prov.example", 1, "hidden.example", 1);
	px_add(&f, "ns.prov.example", 2, "hidden.example", 1);
	px_run(&f);
	tap_str_eq(px_label(&f, 0), "prov.example",
		   "providers: the label is the domain all its NS names share, whole labels, "
		   "lower-cased");
}

static void test_label_no_shared_domain(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns-7.awsdns-34.net", 0, "ns-7.awsdns-34.net", 5);
	px_add(&f, "ns-1.awsdns-12.com", 1, "ns-7.awsdns-34.net", 5);
	px_add(&f, "ns-9.awsdns-56.org", 2, "ns-7.awsdns-34.net", 5);
	px_run(&f);
	tap_ok(f.count == 1 && strcmp(px_label(&f, 0), "awsdns-12.com") == 0,
	       "providers: names without a shared domain: the smallest of their domains");
}

static void test_label_collisions(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns3.example.com", 0, "b.provb.net", 7);
	px_add(&f, "ns1.example.com", 1, "a.prova.net", 9);
	px_add(&f, "ns2.example.com", 2, "a.prova.net", 9);
	px_add(&f, "ns4.example.com", 3, "b.provb.net", 7);
	px_run(&f);
	tap_ok(f.count == 2 && strcmp(px_label(&f, 0), "ns3.example.com") == 0 &&
		   strcmp(px_label(&f, 1), "ns1.example.com") == 0,
	       "providers: two providers under one domain are named by their smallest NS name");
	px_init(&f);
	px_pattern(&f, "b.example=ns9.*");
	px_add(&f, "ns1.b.example", 0, "m.b.example", 1);
	px_run(&f);
	tap_ok(f.count == 2 && strcmp(f.out[0].label, "b.example") == 0 &&
		   strcmp(px_label(&f, 0), "ns1.b.example") == 0,
	       "providers: a pattern's label is kept, a provider that would share it is renamed");
	px_init(&f);
	px_add(&f, "ns.example", 0, "m1.example", 1);
	px_add(&f, "ns.example", 0, "m2.example", 2);
	px_run(&f);
	tap_ok(f.count == 2 && strcmp(f.out[0].label, "ns.example") == 0 &&
		   strcmp(f.out[1].label, "ns.example_2") == 0,
	       "providers: a label still shared after that gets _N");
}

static void test_sibling_is_after_first_label(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns1.a.example", 0, "m.a.example", 1);
	px_add(&f, "ns1.x.a.example", 1, NULL, 0);
	px_run(&f);
	tap_ok(f.count == 2 && f.group[1] == 1 && f.out[1].source == PROVIDER_DOMAIN &&
		   strcmp(f.out[1].label, "x.a.example") == 0,
	       "providers: a sibling has the same domain after the first label, not a parent");
}

static void test_bare_address(void)
{
	struct pfx f;

	px_init(&f);
	px_add(&f, "ns1.a.example", 0, "m.a.example", 1);
	px_add(&f, "", 1, NULL, 0);
	px_add(&f, "", 2, "m.a.example", 1);
	px_run(&f);
	tap_ok(f.group[1] != f.group[0] && f.out[f.group[1]].source == PROVIDER_DOMAIN &&
		   strcmp(f.out[f.group[1]].label, "192.0.2.2") == 0,
	       "providers: a failed bare address forms a group named after the address");
	tap_ok(f.group[2] == f.group[0],
	       "providers: an answering bare address joins the group of its MNAME");
}

static void test_cap(void)
{
	struct pfx f;
	char mname[64];
	size_t i, sum = 0;
	bool in_range = true;

	px_init(&f);
	for (i = 0; i < PX_MAX; i++) {
		snprintf(mname, sizeof mname, "m%zu.example", i);
		px_add(&f, "ns.example", i, mname, (uint32_t)i);
	}
	px_run(&f);
	for (i = 0; i < PX_MAX; i++)
		in_range = in_range && f.group[i] < JUDGE_GROUPS_MAX;
	for (i = 0; i < f.count; i++)
		sum += f.out[i].servers;
	tap_int_eq(f.count, JUDGE_GROUPS_MAX, "providers: at most JUDGE_GROUPS_MAX groups");
	tap_ok(in_range && sum == PX_MAX,
	       "providers: past the cap every server still has a group and is counted");
	tap_int_eq(f.out[JUDGE_GROUPS_MAX - 1].servers, PX_MAX - JUDGE_GROUPS_MAX + 1,
		   "providers: past the cap the rest join the last group");
}

/* Observations of N servers answering MNAMES[i] with SERIALS[i]. */
static size_t split(const char *const *mnames, const uint32_t *serials, size_t n)
{
	struct pfx f;
	size_t i;

	px_init(&f);
	for (i = 0; i < n; i++)
		px_add(&f, "ns.example", i, mnames[i], serials[i]);
	return providers_mname_split(f.obs, f.n);
}

static void test_mname_split(void)
{
	static const char *const m[] = {"a.example", "a.example", "b.example", "B.example"};
	static const char *const m1[] = {"a.example", "a.example"};
	static const uint32_t clean[] = {2024060101u, 2024060101u, 17, 17},
			      torn[] = {2024060101u, 2024060100u, 17, 17},
			      same[] = {17, 17, 17, 17}, two[] = {5, 6};
	struct pfx f;

	tap_int_eq(split(m, clean, 3), 2, "providers: a clean split by MNAME counts its groups");
	tap_int_eq(split(m, torn, 3), 0, "providers: a group with two serials is no clean split");
	tap_int_eq(split(m, same, 3), 0,
		   "providers: the same serial in two groups is no clean split");
	tap_int_eq(split(m1, two, 2), 0, "providers: one MNAME group is no split");
	tap_int_eq(split(m + 1, clean + 1, 3), 2,
		   "providers: MNAMEs differing only in case are one group");
	px_init(&f);
	px_add(&f, "ns1.a.example", 0, "a.example", 10);
	px_add(&f, "ns1.b.example", 1, "b.example", 20);
	px_add(&f, "ns2.b.example", 2, NULL, 0);
	tap_int_eq(providers_mname_split(f.obs, f.n), 2,
		   "providers: failed servers take no part in the split");
}

static void test_source_names(void)
{
	tap_ok(strcmp(provider_source_name(PROVIDER_MNAME), "mname") == 0 &&
		   strcmp(provider_source_name(PROVIDER_PATTERN), "pattern") == 0 &&
		   strcmp(provider_source_name(PROVIDER_DOMAIN), "domain") == 0,
	       "providers: sources are named mname, pattern, domain");
}

/* True when opt_provider_parse accepts TEXT; a refusal must give a reason. */
static bool provider_ok(const char *text)
{
	struct provider_pattern p;
	char why[128] = "";
	int rc = opt_provider_parse(text, &p, why, sizeof why);

	if (rc != 0 && why[0] == '\0')
		printf("# refused %s without a reason\n", text);
	return rc == 0;
}

static void test_provider_parse(void)
{
	struct provider_pattern p;
	char why[128] = "", label63[80], label64[80], pattern[600];

	tap_ok(opt_provider_parse("a=*.a.example", &p, why, sizeof why) == 0 &&
		   strcmp(p.label, "a") == 0 && strcmp(p.pattern, "*.a.example") == 0,
	       "options: --provider a=*.a.example gives label a, pattern *.a.example");
	tap_ok(opt_provider_parse("Big=ns?.x.example", &p, why, sizeof why) == 0 &&
		   strcmp(p.label, "Big") == 0,
	       "options: a provider label keeps its case");
	tap_ok(opt_provider_parse("x=a=b", &p, why, sizeof why) == 0 && strcmp(p.label, "x") == 0 &&
		   strcmp(p.pattern, "a=b") == 0,
	       "options: the label ends at the first '='");
	why[0] = '\0';
	tap_ok(opt_provider_parse("novalue", &p, why, sizeof why) == -1 && why[0] != '\0',
	       "options: --provider without '=' is refused with a reason");
	tap_ok(!provider_ok("=*.a.example"), "options: an empty provider label is refused");
	tap_ok(!provider_ok("a="), "options: an empty provider pattern is refused");
	tap_ok(!provider_ok("a b=*.x") && !provider_ok("a|b=*.x") && !provider_ok("a\nb=*.x"),
	       "options: a label with a space, '|' or a newline is refused");
	tap_ok(!provider_ok("a=*.x example") && !provider_ok("a=*.x\texample"),
	       "options: a pattern with white space is refused");
	memset(label63, 'l', 63);
	snprintf(label63 + 63, sizeof label63 - 63, "=*.x");
	memset(label64, 'l', 64);
	snprintf(label64 + 64, sizeof label64 - 64, "=*.x");
	tap_ok(provider_ok(label63) && !provider_ok(label64),
	       "options: a label of 63 bytes is accepted, 64 refused");
	pattern[0] = 'a';
	pattern[1] = '=';
	memset(pattern + 2, 'p', 511);
	pattern[513] = '\0';
	tap_ok(provider_ok(pattern), "options: a pattern of 511 bytes is accepted");
	pattern[513] = 'p';
	pattern[514] = '\0';
	tap_ok(!provider_ok(pattern), "options: a pattern of 512 bytes is refused");
}

/* Parse TEXT as --compare; returns the result, OUT filled. */
static int compare(const char *text, struct opt_compare *out)
{
	char why[128] = "";
	int rc = opt_compare_parse(text, out, why, sizeof why);

	if (rc != 0 && why[0] == '\0')
		printf("# refused %s without a reason\n", text);
	return rc;
}

static void test_compare_accepts(void)
{
	struct opt_compare c;

	tap_ok(compare("MX", &c) == 0 && c.type == LDNS_RR_TYPE_MX && c.name[0] == '\0',
	       "options: --compare MX is MX at the apex");
	tap_ok(compare("txt:_dmarc", &c) == 0 && c.type == LDNS_RR_TYPE_TXT &&
		   strcmp(c.name, "_dmarc") == 0,
	       "options: --compare txt:_dmarc is TXT at _dmarc (type case-insensitive)");
	tap_ok(compare("A:www.sub", &c) == 0 && c.type == LDNS_RR_TYPE_A &&
		   strcmp(c.name, "www.sub") == 0,
	       "options: --compare A:www.sub keeps the relative name");
	tap_ok(compare("AAAA:@", &c) == 0 && c.type == LDNS_RR_TYPE_AAAA && c.name[0] == '\0',
	       "options: --compare AAAA:@ is the apex");
	tap_ok(compare("TYPE65280", &c) == 0 && c.type == 65280,
	       "options: --compare TYPE65280 (private use) is accepted");
	tap_ok(compare("TYPE65", &c) == 0 && c.type == 65,
	       "options: --compare TYPEnnn of a known type is accepted");
}

static void test_compare_refuses(void)
{
	static const char *const bad[] = {"ANY",
					  "AXFR",
					  "IXFR",
					  "OPT",
					  "TSIG",
					  "TYPE255",
					  "TYPE128",
					  "NOSUCHTYPE",
					  "",
					  ":www",
					  "MX:",
					  "A:www.",
					  "A:www.example.com.",
					  "A:a..b",
					  "TYPE0",
					  "TYPE65536",
					  "TYPE70000",
					  "TYPE-1",
					  "TYPE1x",
					  "TYPE4294967297"};
	struct opt_compare c;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		tap_ok(compare(bad[i], &c) == -1, "options: --compare \"%s\" is refused", bad[i]);
}

static void test_compare_defaults(void)
{
	struct opt_compare c[OPT_COMPARE_MAX];
	size_t n;

	memset(c, 0x55, sizeof c);
	n = opt_compare_defaults(c);
	tap_int_eq(n, 5, "options: the default compare set has five RRsets");
	tap_ok(n == 5 && c[0].type == LDNS_RR_TYPE_NS && c[1].type == LDNS_RR_TYPE_MX &&
		   c[2].type == LDNS_RR_TYPE_A && c[3].type == LDNS_RR_TYPE_AAAA &&
		   c[4].type == LDNS_RR_TYPE_TXT,
	       "options: the default compare set is NS, MX, A, AAAA, TXT");
	tap_ok(c[0].name[0] == '\0' && c[4].name[0] == '\0',
	       "options: the default compare set is at the apex");
}

int main(void)
{
	test_group_by_mname();
	test_patterns_first();
	test_first_pattern_wins();
	test_pattern_case_and_dot();
	test_failed_kin();
	test_label_stays_when_down();
	test_label_shared_domain();
	test_label_no_shared_domain();
	test_label_collisions();
	test_sibling_is_after_first_label();
	test_bare_address();
	test_cap();
	test_mname_split();
	test_source_names();
	test_provider_parse();
	test_compare_accepts();
	test_compare_refuses();
	test_compare_defaults();
	return tap_done();
}
