/* test_report_agree.c - one verdict, two writers: every state the text shows equals the JSON's. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "judge/providers.h"
#include "mp/mp_strbuf.h"
#include "report/report.h"
#include "report/report_json.h"
#include "fixtures.h"
#include "tap.h"

#define AG_ITEMS 1

/* One run for both writers: the shared fixture (servers, answers, thresholds, verdict) and
 * what it leaves out: providers, a compared RRset, a glue difference. */
struct agree {
	struct fixture f;
	const char *what;
	size_t group[FX_MAX];
	bool grouped;
	size_t n_groups;
	struct provider providers[2];
	size_t content[FX_MAX * AG_ITEMS];
	bool compare;
	struct glue_diff glue[1];
	size_t n_glue;
};

/* The RRset values compared: "no MX record" and "name does not exist". */
static struct rrset_value ag_values[2] = {{RRSET_NODATA, LDNS_RR_TYPE_MX, NULL, 0, 0},
					  {RRSET_NXDOMAIN, LDNS_RR_TYPE_MX, NULL, 0, 0}};
static const struct rrset_table ag_table = {.values = ag_values, .n = 2, .cap = 2};
static const char *const ag_item_names[AG_ITEMS] = {"MX"};

/* Append NAME at ADDRESS answering SERIAL (0: unreachable, timeout), its own host, with
 * the same SOA fields as every other. */
static void ag_server(struct agree *a, const char *name, const char *address, uint32_t serial)
{
	size_t i = a->f.n;
	struct observation *o;

	if (serial == 0) {
		o = fx_add_at(&a->f, name, address, OUTCOME_UNREACHABLE, 0, 0, "timeout");
		o->unreach = UNREACH_TIMEOUT;
		o->transport = TRANSPORT_NONE;
	} else {
		o = fx_answer_at(&a->f, name, address, serial, (uint32_t)(1000 + 100 * i));
		o->soa = (struct soa_fields){serial,
					     7200,
					     3600,
					     1209600,
					     3600,
					     "ns1.example.com.",
					     "hostmaster.example.com."};
	}
	o->ns_value = RRSET_NONE;
	a->f.servers[i].host = i;
}

/* The plugin defaults (fx_init), -c 10, every consistency check on, mismatches WARNING. */
static void ag_init(struct agree *a, const char *what)
{
	memset(a, 0, sizeof *a);
	fx_init(&a->f);
	fx_range(&a->f.c, "10");
	a->what = what;
	a->f.cfg.content_mismatch_state = MP_WARNING;
	a->f.cfg.consistency = (1u << CONSIST_CHECKS) - 1;
	a->f.cfg.consistency_mismatch_state = MP_WARNING;
	a->n_groups = 1;
}

/* Two providers a (servers 0, 1) and b (the rest). */
static void ag_providers(struct agree *a)
{
	size_t i;

	a->grouped = true;
	a->n_groups = 2;
	for (i = 0; i < a->f.n; i++)
		a->group[i] = i < 2 ? 0 : 1;
	snprintf(a->providers[0].label, sizeof a->providers[0].label, "a");
	snprintf(a->providers[1].label, sizeof a->providers[1].label, "b");
	a->providers[0].source = a->providers[1].source = PROVIDER_MNAME;
}

/* Judge A, then write its text and its JSON into TEXT and JSON. */
static void ag_write(struct agree *a, struct mp_strbuf *text, struct mp_strbuf *json)
{
	struct report_input r;
	struct report_json_input j;
	struct judge_input *in = &a->f.in;

	in->group = a->grouped ? a->group : NULL;
	in->n_groups = a->n_groups;
	in->content = a->compare ? a->content : NULL;
	in->content_stride = AG_ITEMS;
	in->n_items = a->compare ? AG_ITEMS : 0;
	in->n_glue_diffs = a->n_glue;
	fx_run(&a->f);
	fx_report_input(&a->f, &r);
	r.providers = a->grouped ? a->providers : NULL;
	r.item_names = ag_item_names;
	r.rrsets = &ag_table;
	r.glue = a->glue;
	report_result(&r, text);
	memset(&j, 0, sizeof j);
	j.state = a->f.v.state;
	j.zone = a->f.zone;
	j.r = &r;
	report_json_write(&j, json);
}

/* Print a TAP diagnostic ("# " before every line); returns 0. */
static size_t ag_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static size_t ag_fail(const char *fmt, ...)
{
	char buf[8192];
	const char *p = buf;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");
		printf("# %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	return 0;
}

/* The JSON string value of the first "KEY":"..." at or after P, into BUF; NULL when none. */
static const char *json_value_after(const char *p, const char *key, char *buf, size_t size)
{
	char pat[64];
	const char *at, *end;

	snprintf(pat, sizeof pat, "\"%s\":\"", key);
	at = p != NULL ? strstr(p, pat) : NULL;
	if (at == NULL)
		return NULL;
	at += strlen(pat);
	end = strchr(at, '"');
	if (end == NULL || (size_t)(end - at) >= size)
		return NULL;
	memcpy(buf, at, (size_t)(end - at));
	buf[end - at] = '\0';
	return buf;
}

/* The "[STATE]" of the text line that starts (after INDENT spaces) with "[" and holds
 * SUBJECT right after "] ", into BUF; NULL when no such line. */
static const char *text_state_of(const char *text, const char *subject, char *buf, size_t size)
{
	const char *line = text;

	while (line != NULL && *line != '\0') {
		const char *s = line + strspn(line, " ");
		const char *close = *s == '[' ? strchr(s, ']') : NULL;
		const char *nl = strchr(line, '\n');
		if (close != NULL && (nl == NULL || close < nl) &&
		    strncmp(close + 2, subject, strlen(subject)) == 0 &&
		    (size_t)(close - s - 1) < size) {
			memcpy(buf, s + 1, (size_t)(close - s - 1));
			buf[close - s - 1] = '\0';
			return buf;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	return NULL;
}

/* Every address, provider, compared RRset, consistency check and glue or sanity line:
 * the state in the text equals the state in the JSON. Returns the number of states
 * compared, or 0 at the first disagreement (diagnosed). */
static size_t states_agree(const struct agree *a, const char *text, const char *json)
{
	char want[32], got[32], subject[256], key[320];
	size_t i, n = 0;
	const char *p;

	/* the status line */
	if (sscanf(text, "SOA %31s", want) != 1 ||
	    json_value_after(json, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
		return ag_fail("status line %s, JSON %s", want, got);
	n++;
	for (i = 0; i < a->f.n; i++, n++) { /* the address lines */
		snprintf(subject, sizeof subject, "%s %s%s:", a->f.servers[i].name,
			 a->f.servers[i].addr.text,
			 a->f.servers[i].origin & ORIGIN_PRIMARY ? " (primary)" : "");
		snprintf(key, sizeof key, "\"address\":\"%s\",\"family\"",
			 a->f.servers[i].addr.text);
		p = strstr(json, key);
		if (text_state_of(text, subject, want, sizeof want) == NULL ||
		    json_value_after(p, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
			return ag_fail("address %s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; a->grouped && i < a->n_groups; i++, n++) { /* the provider blocks */
		snprintf(subject, sizeof subject, "provider %s (by", a->providers[i].label);
		snprintf(key, sizeof key, "\"label\":\"%s\",\"formed_by\"", a->providers[i].label);
		p = strstr(json, key);
		if (text_state_of(text, subject, want, sizeof want) == NULL ||
		    json_value_after(p, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
			return ag_fail("%s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; i < a->f.v.n_content; i++, n++) { /* compared RRsets */
		snprintf(key, sizeof key, "\"rrset\":\"%s\"", ag_item_names[i]);
		json_value_after(strstr(json, key), "state", got, sizeof got);
		snprintf(subject, sizeof subject, "%s differs", ag_item_names[i]);
		if (text_state_of(text, subject, want, sizeof want) == NULL)
			snprintf(want, sizeof want, "OK"); /* identical: no line, OK */
		if (strcmp(want, got) != 0)
			return ag_fail("%s: text %s, JSON %s", subject, want, got);
	}
	p = strstr(json, "\"consistency\":[");
	for (i = 0; i < a->f.v.n_consistency; i++, n++) { /* consistency checks, in order */
		const struct consistency_result *res = &a->f.v.consistency[i];
		snprintf(key, sizeof key, "\"check\":\"%s\"", consistency_name(res->check));
		p = p != NULL ? strstr(p + 1, key) : NULL;
		if (json_value_after(p, "state", got, sizeof got) == NULL)
			return ag_fail("consistency result %zu missing from the JSON", i);
		snprintf(subject, sizeof subject, "%s%s%s%s",
			 res->group != JUDGE_ZONE ? "provider " : "",
			 res->group != JUDGE_ZONE ? a->providers[res->group].label : "",
			 res->group != JUDGE_ZONE ? ": " : "", consistency_name(res->check));
		if (text_state_of(text, subject, want, sizeof want) == NULL)
			snprintf(want, sizeof want, "OK");
		if (strcmp(want, got) != 0)
			return ag_fail("%s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; i < a->f.v.n_findings; i++) { /* glue and sanity lines, and their findings */
		const struct finding *fd = &a->f.v.findings[i];
		const char *kind = fd->kind == FINDING_GLUE ? "glue" : "soa_sanity";
		if (fd->kind != FINDING_GLUE && fd->kind != FINDING_SANITY)
			continue;
		snprintf(key, sizeof key, "\"kind\":\"%s\"", kind);
		if (text_state_of(text, fd->kind == FINDING_GLUE ? "glue differs" : "SOA ", want,
				  sizeof want) == NULL ||
		    json_value_after(strstr(json, key), "state", got, sizeof got) == NULL ||
		    strcmp(want, got) != 0)
			return ag_fail("%s finding: text %s, JSON %s", kind, want, got);
		n++;
	}
	return n;
}

/* The status line's summary is the findings' clauses, in order, that the JSON carries. */
static bool findings_complete(const char *text, const char *json)
{
	struct mp_strbuf joined = {0};
	const char *p = strstr(json, "\"findings\":[");
	const char *summary = strstr(text, ": ");
	const char *bar = strstr(text, " |");
	bool ok;

	while (p != NULL && (p = strstr(p, "\"text\":\"")) != NULL) {
		const char *end = strchr(p + 8, '"');
		if (end == NULL)
			break;
		mp_strbuf_printf(&joined, "%s%.*s", joined.len > 0 ? ", " : "", (int)(end - p - 8),
				 p + 8);
		p = end;
	}
	ok = summary != NULL && bar != NULL && (size_t)(bar - summary - 2) == joined.len &&
	     strncmp(summary + 2, mp_strbuf_str(&joined), joined.len) == 0;
	if (!ok)
		ag_fail("summary %.*s, findings %s", bar && summary ? (int)(bar - summary) : 0,
			summary ? summary : "", mp_strbuf_str(&joined));
	mp_strbuf_free(&joined);
	return ok;
}

/* Write A both ways and check that they agree. */
static void ag_check(struct agree *a)
{
	struct mp_strbuf text = {0}, json = {0};
	size_t n;

	ag_write(a, &text, &json);
	n = states_agree(a, mp_strbuf_str(&text), mp_strbuf_str(&json));
	tap_ok(n > a->f.n, "%s: each of the %zu states in the text equals the JSON's", a->what, n);
	tap_ok(findings_complete(mp_strbuf_str(&text), mp_strbuf_str(&json)),
	       "%s: the JSON carries every finding of the status line", a->what);
	if (n == 0)
		ag_fail("text:\n%s\njson: %s", mp_strbuf_str(&text), mp_strbuf_str(&json));
	mp_strbuf_free(&text);
	mp_strbuf_free(&json);
}

static struct agree ag; /* large: not on the stack */

static void test_zones(void)
{
	ag_init(&ag, "sync");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns1.example.com", "2001:db8::1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag_check(&ag);

	ag_init(&ag, "lag");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120702);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag_server(&ag, "ns3.example.com", "192.0.2.3", 2026120690);
	ag_check(&ag);

	ag_init(&ag, "down and lame");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 0);
	ag_server(&ag, "ns3.example.com", "192.0.2.3", 2026120701);
	ag.f.obs[2].outcome = OUTCOME_LAME;
	ag.f.obs[2].lame = LAME_NOT_AA;
	ag_check(&ag);

	ag_init(&ag, "nothing answers");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 0);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 0);
	ag_check(&ag);

	ag_init(&ag, "unorderable");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 1);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 1u << 31);
	ag_check(&ag);

	ag_init(&ag, "primary, one ahead");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120702);
	ag.f.servers[0].origin |= ORIGIN_PRIMARY;
	ag.f.cfg.use_primary = true;
	ag_check(&ag);

	ag_init(&ag, "NS sets differ, state file note");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag.f.in.ns_compared = true;
	ag.f.in.n_parent_only = 1;
	ag.f.parent_only[0] = "ns9.example.com";
	ag.f.state_note = "state file /nonexistent/x: No such file or directory";
	ag_check(&ag);

	ag_init(&ag, "consistency: RNAME differs at one serial");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag_server(&ag, "ns3.example.com", "192.0.2.3", 2026120701);
	snprintf(ag.f.obs[2].soa.rname, sizeof ag.f.obs[2].soa.rname, "other.example.com.");
	ag_check(&ag);

	ag_init(&ag, "glue differs");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag.n_glue = 1;
	snprintf(ag.glue[0].name, sizeof ag.glue[0].name, "ns1.example.com");
	snprintf(ag.glue[0].parent, sizeof ag.glue[0].parent, "192.0.2.9");
	snprintf(ag.glue[0].zone, sizeof ag.glue[0].zone, "192.0.2.1");
	ag_check(&ag);

	ag_init(&ag, "SOA sanity");
	ag_server(&ag, "ns1.example.com", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.example.com", "192.0.2.2", 2026120701);
	ag.f.obs[0].soa.refresh = ag.f.obs[1].soa.refresh = 60;
	ag.f.cfg.soa_sanity = true;
	ag_check(&ag);
}

static void test_providers(void)
{
	size_t i;

	ag_init(&ag, "multi-provider, one provider serves a different MX");
	ag_server(&ag, "ns1.a.example", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.a.example", "192.0.2.2", 2026120701);
	ag_server(&ag, "ns1.b.example", "198.51.100.1", 7);
	ag_server(&ag, "ns2.b.example", "198.51.100.2", 7);
	ag_server(&ag, "ns3.b.example", "198.51.100.3", 7);
	ag_providers(&ag);
	ag.compare = true;
	for (i = 0; i < ag.f.n; i++)
		ag.content[i] = i < 2 ? 0 : 1;
	ag.content[4] = 0;
	ag_check(&ag);
	tap_ok(ag.f.v.groups[1].combined_state == MP_WARNING && ag.f.v.groups[1].state == MP_OK,
	       "multi-provider: a provider whose servers serve different content is WARNING "
	       "(its rules alone are OK)");

	ag_init(&ag, "multi-provider, one provider down, one lagging");
	ag_server(&ag, "ns1.a.example", "192.0.2.1", 0);
	ag_server(&ag, "ns2.a.example", "192.0.2.2", 0);
	ag_server(&ag, "ns1.b.example", "198.51.100.1", 8);
	ag_server(&ag, "ns2.b.example", "198.51.100.2", 7);
	ag_providers(&ag);
	ag_check(&ag);

	ag_init(&ag, "multi-provider, RNAME differs within a provider");
	ag_server(&ag, "ns1.a.example", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.a.example", "192.0.2.2", 2026120701);
	ag_server(&ag, "ns1.b.example", "198.51.100.1", 7);
	ag_server(&ag, "ns2.b.example", "198.51.100.2", 7);
	snprintf(ag.f.obs[3].soa.rname, sizeof ag.f.obs[3].soa.rname, "other.example.com.");
	ag_providers(&ag);
	ag_check(&ag);
}

/* An address in no group the judge keeps is not judged: UNKNOWN, said, never in sync. */
static void test_not_judged(void)
{
	struct mp_strbuf text = {0}, json = {0};
	struct addr_verdict zero;

	memset(&zero, 0, sizeof zero);
	tap_ok(zero.kind == ADDR_NOT_JUDGED,
	       "not judged: a zeroed address verdict is ADDR_NOT_JUDGED, not in sync");
	ag_init(&ag, "not judged");
	ag_server(&ag, "ns1.a.example", "192.0.2.1", 2026120701);
	ag_server(&ag, "ns2.a.example", "192.0.2.2", 2026120701);
	ag_server(&ag, "ns1.b.example", "198.51.100.1", 2026120701);
	ag_providers(&ag);
	ag.n_groups = 1; /* provider b is past the groups the judge keeps */
	ag_write(&ag, &text, &json);
	tap_ok(ag.f.per[2].kind == ADDR_NOT_JUDGED && ag.f.per[2].state == MP_UNKNOWN &&
		   !ag.f.per[2].compared && ag.f.per[0].kind == ADDR_IN_SYNC,
	       "not judged: the address outside every judged group is NOT_JUDGED and UNKNOWN");
	tap_ok(ag.f.v.state == MP_UNKNOWN &&
		   judge_find(&ag.f.v, FINDING_NOT_JUDGED, JUDGE_ZONE) != NULL &&
		   judge_find(&ag.f.v, FINDING_NOT_JUDGED, JUDGE_ZONE)->count == 1,
	       "not judged: one finding counts it and makes the run UNKNOWN");
	tap_ok(strstr(mp_strbuf_str(&text), "1 address not judged") != NULL &&
		   strstr(mp_strbuf_str(&text),
			  "[UNKNOWN] ns1.b.example 198.51.100.1: serial 2026120701 (not judged)") !=
		       NULL,
	       "not judged: the text says so in the summary and on the address line");
	tap_ok(strstr(mp_strbuf_str(&json), "\"serial_status\":\"not_judged\"") != NULL &&
		   strstr(mp_strbuf_str(&json), "\"kind\":\"not_judged\"") != NULL,
	       "not judged: the JSON says so for the address and as a finding");
	mp_strbuf_free(&text);
	mp_strbuf_free(&json);
}

int main(void)
{
	test_zones();
	test_providers();
	test_not_judged();
	return tap_done();
}
