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
#include "tap.h"

#define FX_MAX   8
#define FX_ITEMS 1

/* One run as the judge sees it: servers, answers, thresholds, and what the report adds. */
struct fixture {
	const char *what;
	struct server srv[FX_MAX];
	struct observation obs[FX_MAX];
	size_t n;
	size_t group[FX_MAX];
	bool grouped;
	size_t n_groups;
	struct provider providers[2];
	size_t content[FX_MAX * FX_ITEMS];
	bool compare;
	struct glue_diff glue[1];
	size_t n_glue;
	const char *state_note;
	bool ns_compared;
	size_t n_parent_only;
	struct mp_range warn, crit, none;
	struct judge_config cfg;
	struct judge_input in;
	struct addr_verdict per[FX_MAX];
	struct verdict v;
};

/* The RRset values compared: "no MX record" and "name does not exist". */
static struct rrset_value fx_values[2] = {{RRSET_NODATA, LDNS_RR_TYPE_MX, NULL, 0, 0},
					  {RRSET_NXDOMAIN, LDNS_RR_TYPE_MX, NULL, 0, 0}};
static const struct rrset_table fx_table = {fx_values, 2, 2, false};
static const char *const fx_item_names[FX_ITEMS] = {"MX"};
static const char *const fx_parent_only[1] = {"ns9.example.com"};

/* Server I: NAME at ADDRESS, answering SERIAL (0: unreachable). */
static void fx_server(struct fixture *f, const char *name, const char *address, uint32_t serial)
{
	size_t i = f->n++;
	struct observation *o = &f->obs[i];

	f->srv[i].name = name;
	f->srv[i].host = i;
	f->srv[i].has_addr = server_addr_from_text(&f->srv[i].addr, address, 53) == 0;
	f->srv[i].origin = ORIGIN_PARENT | ORIGIN_CHILD;
	o->ns_value = RRSET_NONE;
	o->rtt_us = 1000 + 100 * i;
	o->transport = TRANSPORT_UDP;
	if (serial == 0) {
		o->outcome = OUTCOME_UNREACHABLE;
		o->unreach = UNREACH_TIMEOUT;
		o->rcode = -1;
		o->transport = TRANSPORT_NONE;
		snprintf(o->error, sizeof o->error, "timeout");
		return;
	}
	o->outcome = OUTCOME_ANSWERED;
	o->has_soa = true;
	o->soa = (struct soa_fields){
	    serial, 7200, 3600, 1209600, 3600, "ns1.example.com.", "hostmaster.example.com."};
}

static void fx_init(struct fixture *f, const char *what)
{
	memset(f, 0, sizeof *f);
	f->what = what;
	mp_range_parse("0", &f->warn);
	mp_range_parse("10", &f->crit);
	f->cfg = (struct judge_config){.warn_lag = &f->warn,
				       .crit_lag = &f->crit,
				       .warn_failed = &f->warn,
				       .crit_failed = &f->none,
				       .ns_mismatch_state = MP_WARNING,
				       .content_mismatch_state = MP_WARNING,
				       .consistency = (1u << CONSIST_CHECKS) - 1,
				       .consistency_mismatch_state = MP_WARNING,
				       .warn_latency = &f->none,
				       .crit_latency = &f->none};
	f->n_groups = 1;
}

/* Two providers a (servers 0, 1) and b (the rest). */
static void fx_providers(struct fixture *f)
{
	size_t i;

	f->grouped = true;
	f->n_groups = 2;
	for (i = 0; i < f->n; i++)
		f->group[i] = i < 2 ? 0 : 1;
	snprintf(f->providers[0].label, sizeof f->providers[0].label, "a");
	snprintf(f->providers[1].label, sizeof f->providers[1].label, "b");
	f->providers[0].source = f->providers[1].source = PROVIDER_MNAME;
}

/* Judge F, then write its text and its JSON into TEXT and JSON. */
static void fx_write(struct fixture *f, struct mp_strbuf *text, struct mp_strbuf *json)
{
	struct report_input r;
	struct report_json_input j;

	f->in = (struct judge_input){.servers = f->srv,
				     .obs = f->obs,
				     .n = f->n,
				     .group = f->grouped ? f->group : NULL,
				     .n_groups = f->n_groups,
				     .content = f->compare ? f->content : NULL,
				     .content_stride = FX_ITEMS,
				     .n_items = f->compare ? FX_ITEMS : 0,
				     .n_glue_diffs = f->n_glue,
				     .ns_compared = f->ns_compared,
				     .n_parent_only = f->n_parent_only};
	judge_run(&f->in, &f->cfg, &f->v, f->per);
	r = (struct report_input){.zone = "example.com",
				  .in = &f->in,
				  .cfg = &f->cfg,
				  .v = &f->v,
				  .per_addr = f->per,
				  .parent_only = fx_parent_only,
				  .providers = f->grouped ? f->providers : NULL,
				  .item_names = fx_item_names,
				  .rrsets = &fx_table,
				  .state_note = f->state_note,
				  .glue = f->glue};
	report_result(&r, text);
	memset(&j, 0, sizeof j);
	j.state = f->v.state;
	j.zone = "example.com";
	j.r = &r;
	report_json_write(&j, json);
}

/* Print a TAP diagnostic ("# " before every line); returns 0. */
static size_t fx_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static size_t fx_fail(const char *fmt, ...)
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
static size_t states_agree(const struct fixture *f, const char *text, const char *json)
{
	char want[32], got[32], subject[256], key[320];
	size_t i, n = 0;
	const char *p;

	/* the status line */
	if (sscanf(text, "SOA %31s", want) != 1 ||
	    json_value_after(json, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
		return fx_fail("status line %s, JSON %s", want, got);
	n++;
	for (i = 0; i < f->n; i++, n++) { /* the address lines */
		snprintf(subject, sizeof subject, "%s %s%s:", f->srv[i].name, f->srv[i].addr.text,
			 f->srv[i].origin & ORIGIN_PRIMARY ? " (primary)" : "");
		snprintf(key, sizeof key, "\"address\":\"%s\",\"family\"", f->srv[i].addr.text);
		p = strstr(json, key);
		if (text_state_of(text, subject, want, sizeof want) == NULL ||
		    json_value_after(p, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
			return fx_fail("address %s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; f->grouped && i < f->n_groups; i++, n++) { /* the provider blocks */
		snprintf(subject, sizeof subject, "provider %s (by", f->providers[i].label);
		snprintf(key, sizeof key, "\"label\":\"%s\",\"formed_by\"", f->providers[i].label);
		p = strstr(json, key);
		if (text_state_of(text, subject, want, sizeof want) == NULL ||
		    json_value_after(p, "state", got, sizeof got) == NULL || strcmp(want, got) != 0)
			return fx_fail("%s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; i < f->v.n_content; i++, n++) { /* compared RRsets */
		snprintf(key, sizeof key, "\"rrset\":\"%s\"", fx_item_names[i]);
		json_value_after(strstr(json, key), "state", got, sizeof got);
		snprintf(subject, sizeof subject, "%s differs", fx_item_names[i]);
		if (text_state_of(text, subject, want, sizeof want) == NULL)
			snprintf(want, sizeof want, "OK"); /* identical: no line, OK */
		if (strcmp(want, got) != 0)
			return fx_fail("%s: text %s, JSON %s", subject, want, got);
	}
	p = strstr(json, "\"consistency\":[");
	for (i = 0; i < f->v.n_consistency; i++, n++) { /* consistency checks, in order */
		const struct consistency_result *res = &f->v.consistency[i];
		snprintf(key, sizeof key, "\"check\":\"%s\"", consistency_name(res->check));
		p = p != NULL ? strstr(p + 1, key) : NULL;
		if (json_value_after(p, "state", got, sizeof got) == NULL)
			return fx_fail("consistency result %zu missing from the JSON", i);
		snprintf(subject, sizeof subject, "%s%s%s%s",
			 res->group != JUDGE_ZONE ? "provider " : "",
			 res->group != JUDGE_ZONE ? f->providers[res->group].label : "",
			 res->group != JUDGE_ZONE ? ": " : "", consistency_name(res->check));
		if (text_state_of(text, subject, want, sizeof want) == NULL)
			snprintf(want, sizeof want, "OK");
		if (strcmp(want, got) != 0)
			return fx_fail("%s: text %s, JSON %s", subject, want, got);
	}
	for (i = 0; i < f->v.n_findings; i++) { /* glue and sanity lines, and their findings */
		const struct finding *fd = &f->v.findings[i];
		const char *kind = fd->kind == FINDING_GLUE ? "glue" : "soa_sanity";
		if (fd->kind != FINDING_GLUE && fd->kind != FINDING_SANITY)
			continue;
		snprintf(key, sizeof key, "\"kind\":\"%s\"", kind);
		if (text_state_of(text, fd->kind == FINDING_GLUE ? "glue differs" : "SOA ", want,
				  sizeof want) == NULL ||
		    json_value_after(strstr(json, key), "state", got, sizeof got) == NULL ||
		    strcmp(want, got) != 0)
			return fx_fail("%s finding: text %s, JSON %s", kind, want, got);
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
		fx_fail("summary %.*s, findings %s", bar && summary ? (int)(bar - summary) : 0,
			summary ? summary : "", mp_strbuf_str(&joined));
	mp_strbuf_free(&joined);
	return ok;
}

/* Write F both ways and check that they agree. */
static void fx_check(struct fixture *f)
{
	struct mp_strbuf text = {0}, json = {0};
	size_t n;

	fx_write(f, &text, &json);
	n = states_agree(f, mp_strbuf_str(&text), mp_strbuf_str(&json));
	tap_ok(n > f->n, "%s: each of the %zu states in the text equals the JSON's", f->what, n);
	tap_ok(findings_complete(mp_strbuf_str(&text), mp_strbuf_str(&json)),
	       "%s: the JSON carries every finding of the status line", f->what);
	if (n == 0)
		fx_fail("text:\n%s\njson: %s", mp_strbuf_str(&text), mp_strbuf_str(&json));
	mp_strbuf_free(&text);
	mp_strbuf_free(&json);
}

static struct fixture fx; /* large: not on the stack */

static void test_zones(void)
{
	fx_init(&fx, "sync");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns1.example.com", "2001:db8::1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx_check(&fx);

	fx_init(&fx, "lag");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120702);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx_server(&fx, "ns3.example.com", "192.0.2.3", 2026120690);
	fx_check(&fx);

	fx_init(&fx, "down and lame");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 0);
	fx_server(&fx, "ns3.example.com", "192.0.2.3", 2026120701);
	fx.obs[2].outcome = OUTCOME_LAME;
	fx.obs[2].lame = LAME_NOT_AA;
	fx_check(&fx);

	fx_init(&fx, "nothing answers");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 0);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 0);
	fx_check(&fx);

	fx_init(&fx, "unorderable");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 1);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 1u << 31);
	fx_check(&fx);

	fx_init(&fx, "primary, one ahead");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120702);
	fx.srv[0].origin |= ORIGIN_PRIMARY;
	fx.cfg.use_primary = true;
	fx_check(&fx);

	fx_init(&fx, "NS sets differ, state file note");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx.ns_compared = true;
	fx.n_parent_only = 1;
	fx.state_note = "state file /nonexistent/x: No such file or directory";
	fx_check(&fx);

	fx_init(&fx, "consistency: RNAME differs at one serial");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx_server(&fx, "ns3.example.com", "192.0.2.3", 2026120701);
	snprintf(fx.obs[2].soa.rname, sizeof fx.obs[2].soa.rname, "other.example.com.");
	fx_check(&fx);

	fx_init(&fx, "glue differs");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx.n_glue = 1;
	snprintf(fx.glue[0].name, sizeof fx.glue[0].name, "ns1.example.com");
	snprintf(fx.glue[0].parent, sizeof fx.glue[0].parent, "192.0.2.9");
	snprintf(fx.glue[0].zone, sizeof fx.glue[0].zone, "192.0.2.1");
	fx_check(&fx);

	fx_init(&fx, "SOA sanity");
	fx_server(&fx, "ns1.example.com", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.example.com", "192.0.2.2", 2026120701);
	fx.obs[0].soa.refresh = fx.obs[1].soa.refresh = 60;
	fx.cfg.soa_sanity = true;
	fx_check(&fx);
}

static void test_providers(void)
{
	size_t i;

	fx_init(&fx, "multi-provider, one provider serves a different MX");
	fx_server(&fx, "ns1.a.example", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.a.example", "192.0.2.2", 2026120701);
	fx_server(&fx, "ns1.b.example", "198.51.100.1", 7);
	fx_server(&fx, "ns2.b.example", "198.51.100.2", 7);
	fx_server(&fx, "ns3.b.example", "198.51.100.3", 7);
	fx_providers(&fx);
	fx.compare = true;
	for (i = 0; i < fx.n; i++)
		fx.content[i] = i < 2 ? 0 : 1;
	fx.content[4] = 0;
	fx_check(&fx);
	tap_ok(fx.v.groups[1].combined_state == MP_WARNING && fx.v.groups[1].state == MP_OK,
	       "multi-provider: a provider whose servers serve different content is WARNING "
	       "(its rules alone are OK)");

	fx_init(&fx, "multi-provider, one provider down, one lagging");
	fx_server(&fx, "ns1.a.example", "192.0.2.1", 0);
	fx_server(&fx, "ns2.a.example", "192.0.2.2", 0);
	fx_server(&fx, "ns1.b.example", "198.51.100.1", 8);
	fx_server(&fx, "ns2.b.example", "198.51.100.2", 7);
	fx_providers(&fx);
	fx_check(&fx);

	fx_init(&fx, "multi-provider, RNAME differs within a provider");
	fx_server(&fx, "ns1.a.example", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.a.example", "192.0.2.2", 2026120701);
	fx_server(&fx, "ns1.b.example", "198.51.100.1", 7);
	fx_server(&fx, "ns2.b.example", "198.51.100.2", 7);
	snprintf(fx.obs[3].soa.rname, sizeof fx.obs[3].soa.rname, "other.example.com.");
	fx_providers(&fx);
	fx_check(&fx);
}

/* An address in no group the judge keeps is not judged: UNKNOWN, said, never in sync. */
static void test_not_judged(void)
{
	struct mp_strbuf text = {0}, json = {0};
	struct addr_verdict zero;

	memset(&zero, 0, sizeof zero);
	tap_ok(zero.kind == ADDR_NOT_JUDGED,
	       "not judged: a zeroed address verdict is ADDR_NOT_JUDGED, not in sync");
	fx_init(&fx, "not judged");
	fx_server(&fx, "ns1.a.example", "192.0.2.1", 2026120701);
	fx_server(&fx, "ns2.a.example", "192.0.2.2", 2026120701);
	fx_server(&fx, "ns1.b.example", "198.51.100.1", 2026120701);
	fx_providers(&fx);
	fx.n_groups = 1; /* provider b is past the groups the judge keeps */
	fx_write(&fx, &text, &json);
	tap_ok(fx.per[2].kind == ADDR_NOT_JUDGED && fx.per[2].state == MP_UNKNOWN &&
		   !fx.per[2].compared && fx.per[0].kind == ADDR_IN_SYNC,
	       "not judged: the address outside every judged group is NOT_JUDGED and UNKNOWN");
	tap_ok(fx.v.state == MP_UNKNOWN &&
		   judge_find(&fx.v, FINDING_NOT_JUDGED, JUDGE_ZONE) != NULL &&
		   judge_find(&fx.v, FINDING_NOT_JUDGED, JUDGE_ZONE)->count == 1,
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
