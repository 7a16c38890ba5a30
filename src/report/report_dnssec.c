/* report_dnssec.c - write the DNSSEC verdict: status-line parts, perfdata, one line per address,
 * JSON members. Renders what the judge decided; decides nothing. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mp/mp_text.h"
#include "report/report_dnssec.h"
#include "report/report_text.h"

static const char *const dnssec_problem_words[DNSSEC_PROBLEMS] = {
    "zone not signed",
    "serves the zone unsigned",
    "signature does not verify",
    "signature expired",
    "signature not yet valid",
    "no DS matches its SEP keys",
    "signatures expire soon",
    "DNSKEY set differs at the same serial",
    "CDS or CDNSKEY set differs from other addresses'",
    "signature validity shorter than SOA expire",
    "not checked",
    "valid",
};

static const char *const dnssec_problem_names[DNSSEC_PROBLEMS] = {
    "not_signed", "unsigned",    "bogus",      "expired",        "not_yet_valid", "ds_mismatch",
    "expiring",   "keys_differ", "cds_differ", "short_validity", "not_checked",   "valid",
};

static const char *const dnssec_sig_names[] = {"valid", "bogus", "no_key", "unsupported"};

const char *report_dnssec_problem_name(size_t p)
{
	return p < DNSSEC_PROBLEMS ? dnssec_problem_names[p] : "unknown";
}

/* The Unix time of RRSIG time T nearest to NOW. */
static int64_t rd_unix(uint32_t t, int64_t now)
{
	return now + dnssec_time_delta(t, now);
}

/* RRSIG time T as "2026-12-20 10:00 UTC". */
static void rd_time(uint32_t t, int64_t now, struct mp_strbuf *sb)
{
	time_t when = (time_t)rd_unix(t, now);
	struct tm tm;
	char buf[32];

	if (gmtime_r(&when, &tm) == NULL || strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, sizeof buf, "%u", t);
	mp_strbuf_printf(sb, "%s UTC", buf);
}

/* " (+N more)" when COUNT addresses share the problem. */
static void rd_more(size_t count, struct mp_strbuf *sb)
{
	if (count > 1)
		mp_strbuf_printf(sb, " (+%zu more)", count - 1);
}

void report_dnssec_finding(const struct report_input *r, const struct finding *f,
			   struct mp_strbuf *sb)
{
	const struct dnssec_verdict *d = &r->v->dnssec;
	const struct addr_verdict *a = f->server < r->in->n ? &r->per_addr[f->server] : NULL;

	mp_strbuf_puts(sb, "DNSSEC: ");
	if (f->item == DNSSEC_NOT_SIGNED || a == NULL) {
		mp_strbuf_puts(sb, "zone not signed (no DS at the parent, no DNSKEY served)");
		return;
	}
	if (f->item == DNSSEC_EXPIRING) {
		mp_strbuf_puts(sb, "signatures of ");
		report_put_who(sb, &r->in->servers[f->server]);
		mp_strbuf_puts(sb, " expire in ");
		report_duration(a->dnssec.left, sb);
	} else if (f->item == DNSSEC_EXPIRED && a->dnssec.left_known && a->dnssec.left < 0) {
		mp_strbuf_puts(sb, "signature of ");
		report_put_who(sb, &r->in->servers[f->server]);
		mp_strbuf_puts(sb, " expired ");
		report_duration(a->dnssec.left, sb);
		mp_strbuf_puts(sb, " ago");
	} else if (f->item == DNSSEC_KEYS_DIFFER) {
		mp_strbuf_printf(sb, "DNSKEY sets differ at serial %u (",
				 d->problems[f->item].serial);
		report_put_who(sb, &r->in->servers[f->server]);
		mp_strbuf_puts(sb, ")");
	} else {
		report_put_who(sb, &r->in->servers[f->server]);
		mp_strbuf_puts(sb, ": ");
		mp_strbuf_puts(sb, dnssec_problem_words[f->item]);
		if (f->item == DNSSEC_NOT_CHECKED && r->in->obs[f->server].dnssec.dnskey_error[0]) {
			mp_strbuf_puts(sb, " (DNSKEY: ");
			report_put(sb, r->in->obs[f->server].dnssec.dnskey_error);
			mp_strbuf_puts(sb, ")");
		}
	}
	rd_more(f->count, sb);
}

void report_dnssec_provider_finding(const struct report_input *r, const struct finding *f,
				    struct mp_strbuf *sb)
{
	const struct dnssec_multi *m = &r->v->dnssec.multi;
	const struct dnssec_multi_problem *p;

	if (f->item >= m->n)
		return;
	p = &m->p[f->item];
	if (p->kind == DNSSEC_MULTI_NO_DS) {
		mp_strbuf_puts(sb, "DNSSEC: no DS at the parent matches its KSK");
		return;
	}
	mp_strbuf_puts(sb, "DNSSEC: DNSKEY set lacks ");
	if (r->providers != NULL) {
		mp_strbuf_puts(sb, "provider ");
		report_put(sb, r->providers[p->other].label);
		mp_strbuf_puts(sb, "'s ");
	}
	mp_strbuf_printf(sb, "ZSK %u/%u", (unsigned)p->tag, (unsigned)p->algorithm);
}

void report_dnssec_perfdata(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct dnssec_verdict *d = &r->v->dnssec;

	if (!d->checked || !d->left_known)
		return;
	mp_strbuf_printf(sb, " signature_left_min=%llds;%lld:;%lld:", (long long)d->left_min,
			 (long long)r->cfg->dnssec.warn_s, (long long)r->cfg->dnssec.crit_s);
}

/* ", keys 12345 KSK DS, 23456 ZSK" of address O (algorithm after the tag). */
static void rd_keys(const struct dnssec_obs *o, struct mp_strbuf *sb)
{
	size_t k;

	mp_strbuf_puts(sb, o->n_keys > 0 ? ", keys" : ", no DNSKEY");
	for (k = 0; k < o->n_keys; k++)
		mp_strbuf_printf(sb, "%s %u/%u %s%s", k ? "," : "", (unsigned)o->keys[k].tag,
				 (unsigned)o->keys[k].algorithm,
				 (o->keys[k].flags & 1u) ? "KSK" : "ZSK",
				 o->keys[k].ds_match ? " DS" : "");
	if (o->keys_dropped > 0)
		mp_strbuf_printf(sb, " (+%zu not kept: more than %d)", o->keys_dropped,
				 DNSSEC_KEYS_MAX);
}

/* ", SOA RRSIG 23456 VALID until ..." of every signature address I served. */
static void rd_sigs(const struct report_input *r, const struct dnssec_obs *o, struct mp_strbuf *sb)
{
	static const char *const sets[DNSSEC_SETS] = {"SOA", "DNSKEY"};
	size_t set, k;

	for (set = 0; set < DNSSEC_SETS; set++) {
		const struct dnssec_sigs *s = &o->sigs[set];
		if (s->n == 0)
			mp_strbuf_printf(sb, ", no %s RRSIG", sets[set]);
		for (k = 0; k < s->n; k++) {
			mp_strbuf_printf(
			    sb, ", %s RRSIG %u %s from ", sets[set], (unsigned)s->sig[k].key_tag,
			    s->sig[k].result < 4 ? dnssec_sig_names[s->sig[k].result] : "?");
			rd_time(s->sig[k].inception, r->in->now, sb);
			mp_strbuf_puts(sb, " until ");
			rd_time(s->sig[k].expiration, r->in->now, sb);
		}
		if (s->dropped > 0)
			mp_strbuf_printf(sb, " (+%zu %s RRSIGs not judged: more than %d)",
					 s->dropped, sets[set], DNSSEC_SIGS_MAX);
	}
}

/* "[STATE] DNSSEC who: problems, time left, keys, signatures". */
static void rd_line(const struct report_input *r, size_t i, struct mp_strbuf *sb)
{
	const struct dnssec_addr *a = &r->per_addr[i].dnssec;
	const struct dnssec_obs *o = &r->in->obs[i].dnssec;
	bool first = true;
	size_t p;

	mp_strbuf_printf(sb, "[%s] DNSSEC ", mp_state_name(a->state));
	report_put_who(sb, &r->in->servers[i]);
	mp_strbuf_puts(sb, ": ");
	for (p = 0; p < DNSSEC_PROBLEMS; p++)
		if (a->problems & (1u << p)) {
			mp_strbuf_printf(sb, "%s%s", first ? "" : ", ", dnssec_problem_words[p]);
			first = false;
		}
	if (!o->dnskey_answered) {
		mp_strbuf_puts(sb, " (DNSKEY: ");
		report_put(sb, o->dnskey_error);
		mp_strbuf_puts(sb, ")\n");
		return;
	}
	if (a->left_known) {
		mp_strbuf_puts(sb, a->left < 0 ? ", expired " : ", ");
		report_duration(a->left, sb);
		mp_strbuf_puts(sb, a->left < 0 ? " ago" : " left");
	}
	rd_keys(o, sb);
	rd_sigs(r, o, sb);
	mp_strbuf_puts(sb, "\n");
}

void report_dnssec_lines(const struct report_input *r, struct mp_strbuf *sb)
{
	const struct dnssec_ds *ds = r->in->ds;
	const struct dnssec_problem_count *m = &r->v->dnssec.problems[DNSSEC_DS_MISMATCH];
	size_t i;

	if (!r->v->dnssec.checked)
		return;
	for (i = 0; i < r->in->n; i++)
		if (r->per_addr[i].dnssec.judged)
			rd_line(r, i, sb);
	if (ds == NULL || !ds->asked)
		return;
	mp_strbuf_printf(sb,
			 "[%s] DS at the parent:", mp_state_name(m->count > 0 ? m->state : MP_OK));
	if (!ds->known) {
		mp_strbuf_puts(sb, " not known (no parent server answered)\n");
		return;
	}
	if (ds->n == 0)
		mp_strbuf_puts(sb, " none\n");
	for (i = 0; i < ds->n; i++)
		mp_strbuf_printf(sb, "%s %u/%u/%u", i ? "," : "", (unsigned)ds->rec[i].key_tag,
				 (unsigned)ds->rec[i].algorithm, (unsigned)ds->rec[i].digest_type);
	if (ds->dropped > 0)
		mp_strbuf_printf(sb, " (+%zu not kept: more than %d)", ds->dropped, DNSSEC_DS_MAX);
	if (ds->n > 0)
		mp_strbuf_puts(sb, " (key tag/algorithm/digest type)\n");
}

/* "keys": the DNSKEYs O served. */
static void rd_json_keys(struct json *j, const struct dnssec_obs *o)
{
	size_t k;

	json_open(j, "keys", '[');
	for (k = 0; k < o->n_keys; k++) {
		json_open(j, NULL, '{');
		json_uint(j, "key_tag", o->keys[k].tag);
		json_uint(j, "flags", o->keys[k].flags);
		json_uint(j, "algorithm", o->keys[k].algorithm);
		json_bool(j, "ds_match", o->keys[k].ds_match);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_uint(j, "keys_not_kept", o->keys_dropped);
}

/* "signatures": the RRSIGs O served over its SOA and DNSKEY RRsets. */
static void rd_json_sigs(struct json *j, const struct dnssec_obs *o, int64_t now)
{
	static const char *const sets[DNSSEC_SETS] = {"SOA", "DNSKEY"};
	size_t set, k, dropped = 0;

	json_open(j, "signatures", '[');
	for (set = 0; set < DNSSEC_SETS; set++) {
		dropped += o->sigs[set].dropped;
		for (k = 0; k < o->sigs[set].n; k++) {
			const struct dnssec_sig *s = &o->sigs[set].sig[k];
			json_open(j, NULL, '{');
			json_str(j, "rrset", sets[set]);
			json_uint(j, "key_tag", s->key_tag);
			json_uint(j, "algorithm", s->algorithm);
			json_num(j, "inception", (double)rd_unix(s->inception, now));
			json_num(j, "expiration", (double)rd_unix(s->expiration, now));
			json_str(j, "result", s->result < 4 ? dnssec_sig_names[s->result] : NULL);
			json_close(j, '}');
		}
	}
	json_close(j, ']');
	json_uint(j, "signatures_not_kept", dropped);
}

void report_json_dnssec_addr(struct json *j, const struct report_input *r, size_t i)
{
	const struct dnssec_addr *a = &r->per_addr[i].dnssec;
	const struct dnssec_obs *o = &r->in->obs[i].dnssec;
	size_t p;

	if (!r->v->dnssec.checked)
		return;
	if (!a->judged) {
		json_null(j, "dnssec");
		return;
	}
	json_open(j, "dnssec", '{');
	json_str(j, "state", mp_state_name(a->state));
	json_open(j, "problems", '[');
	for (p = 0; p < DNSSEC_PROBLEMS; p++)
		if (a->problems & (1u << p))
			json_str(j, NULL, dnssec_problem_names[p]);
	json_close(j, ']');
	json_bool(j, "dnskey_answered", o->dnskey_answered);
	json_str(j, "dnskey_error", o->dnskey_answered ? NULL : o->dnskey_error);
	if (a->left_known)
		json_num(j, "signature_left", (double)a->left);
	else
		json_null(j, "signature_left");
	json_bool(j, "ds_match", a->ds_match);
	rd_json_keys(j, o);
	rd_json_sigs(j, o, r->in->now);
	json_close(j, '}');
}

/* "ds": the parent's DS set, null when not asked. */
static void rd_json_ds(struct json *j, const struct dnssec_ds *ds)
{
	size_t i;

	if (ds == NULL || !ds->asked) {
		json_null(j, "ds");
		return;
	}
	json_open(j, "ds", '{');
	json_bool(j, "known", ds->known);
	json_open(j, "records", '[');
	for (i = 0; i < ds->n; i++) {
		json_open(j, NULL, '{');
		json_uint(j, "key_tag", ds->rec[i].key_tag);
		json_uint(j, "algorithm", ds->rec[i].algorithm);
		json_uint(j, "digest_type", ds->rec[i].digest_type);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_uint(j, "records_not_kept", ds->dropped);
	json_close(j, '}');
}

/* "providers": with --multi-provider, each provider's key set (its first server that served
 * keys) and its multi-signer problems; null otherwise. */
static void rd_json_providers(struct json *j, const struct report_input *r)
{
	const struct dnssec_multi *m = &r->v->dnssec.multi;
	size_t g, k;

	if (!m->checked || r->providers == NULL) {
		json_null(j, "providers");
		return;
	}
	json_open(j, "providers", '[');
	for (g = 0; g < m->n_groups; g++) {
		json_open(j, NULL, '{');
		json_str(j, "label", r->providers[g].label);
		if (m->rep[g] < r->in->n)
			rd_json_keys(j, &r->in->obs[m->rep[g]].dnssec);
		else
			json_null(j, "keys");
		json_open(j, "lacks_zsks", '[');
		for (k = 0; k < m->n; k++)
			if (m->p[k].group == g && m->p[k].kind == DNSSEC_MULTI_ZSK_MISSING)
				json_uint(j, NULL, m->p[k].tag);
		json_close(j, ']');
		for (k = 0; k < m->n && !(m->p[k].group == g && m->p[k].kind == DNSSEC_MULTI_NO_DS);
		     k++)
			;
		json_bool(j, "ds_matches_a_ksk", m->rep[g] < r->in->n && k == m->n);
		json_close(j, '}');
	}
	json_close(j, ']');
}

void report_json_dnssec_zone(struct json *j, const struct report_input *r)
{
	const struct dnssec_verdict *d = r != NULL ? &r->v->dnssec : NULL;
	size_t p;

	if (d == NULL || !d->checked)
		return;
	json_open(j, "dnssec", '{');
	json_str(j, "state", mp_state_name(d->state));
	json_bool(j, "signed", d->is_signed);
	if (d->left_known)
		json_num(j, "signature_left_min", (double)d->left_min);
	else
		json_null(j, "signature_left_min");
	json_open(j, "problems", '[');
	for (p = 0; p < DNSSEC_PROBLEMS; p++) {
		if (d->problems[p].count == 0)
			continue;
		json_open(j, NULL, '{');
		json_str(j, "problem", dnssec_problem_names[p]);
		json_str(j, "state", mp_state_name(d->problems[p].state));
		json_uint(j, "addresses", d->problems[p].count);
		json_close(j, '}');
	}
	json_close(j, ']');
	rd_json_ds(j, r->in->ds);
	rd_json_providers(j, r);
	json_close(j, '}');
}
