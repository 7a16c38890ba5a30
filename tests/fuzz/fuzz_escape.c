/* fuzz_escape.c - libFuzzer target: text, perfdata label and DNS name escaping never let a byte
 * through raw. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dname.h"
#include "fuzz_check.h"
#include "judge/judge.h"
#include "mp/mp_text.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

static int fuzz_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* mp_text_append_safe: printable, no '|', and "\DDD" decodes back to the input. */
static void fuzz_text(const uint8_t *data, size_t size)
{
	struct mp_strbuf sb = {0};
	const char *s;
	size_t i, j = 0;

	mp_text_append_safe(&sb, (const char *)data, size);
	if (sb.failed)
		return;
	s = mp_strbuf_str(&sb);
	fuzz_assert_text(s, sb.len, "mp_text_append_safe output");
	for (i = 0; i < sb.len; i++, j++) {
		int c = (unsigned char)s[i];
		if (s[i] == '\\') {
			if (i + 3 >= sb.len || fuzz_digit(s[i + 1]) < 0 ||
			    fuzz_digit(s[i + 2]) < 0 || fuzz_digit(s[i + 3]) < 0)
				fuzz_fail("bad \\DDD escape", s, sb.len);
			c = fuzz_digit(s[i + 1]) * 100 + fuzz_digit(s[i + 2]) * 10 +
			    fuzz_digit(s[i + 3]);
			i += 3;
		}
		if (j >= size || c != data[j])
			fuzz_fail("escaped text does not decode to the input", s, sb.len);
	}
	if (j != size)
		fuzz_fail("escaped text is shorter than the input", s, sb.len);
	mp_strbuf_free(&sb);
}

/* mp_perf_label_append: a label needing no quotes, and "%HH" decodes back to the input. */
static void fuzz_label(const uint8_t *data, size_t size)
{
	struct mp_strbuf sb = {0};
	const char *s;
	size_t i, j = 0;

	mp_perf_label_append(&sb, (const char *)data, size);
	if (sb.failed)
		return;
	s = mp_strbuf_str(&sb);
	fuzz_assert_label(s, sb.len, "mp_perf_label_append output");
	for (i = 0; i < sb.len; i++, j++) {
		int c = (unsigned char)s[i];
		if (s[i] == '%') {
			if (i + 2 >= sb.len || fuzz_hex(s[i + 1]) < 0 || fuzz_hex(s[i + 2]) < 0)
				fuzz_fail("bad %HH escape", s, sb.len);
			c = fuzz_hex(s[i + 1]) * 16 + fuzz_hex(s[i + 2]);
			i += 2;
		}
		if (j >= size || c != data[j])
			fuzz_fail("escaped label does not decode to the input", s, sb.len);
	}
	if (j != size)
		fuzz_fail("escaped label is shorter than the input", s, sb.len);
	mp_strbuf_free(&sb);
}

/* dname_display into a buffer of SIZE: NUL-terminated, only [A-Za-z0-9-_*.\] and whole escapes. */
static void fuzz_display_into(const ldns_rdf *name, size_t size, char *buf)
{
	size_t len, i;

	memset(buf, 'X', size);
	dname_display(name, buf, size);
	len = strnlen(buf, size);
	if (len == size)
		fuzz_fail("dname_display: not NUL-terminated", buf, size);
	if (strcmp(buf, "(invalid name)") == 0)
		return;
	for (i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '\\') {
			if (i + 3 >= len || fuzz_digit(buf[i + 1]) < 0 ||
			    fuzz_digit(buf[i + 2]) < 0 || fuzz_digit(buf[i + 3]) < 0)
				fuzz_fail("dname_display: cut escape", buf, len);
			i += 3;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*' ||
			     c == '.')) {
			fuzz_fail("dname_display: raw byte", buf, len);
		}
	}
}

/* A report naming NAME (already displayed) as a server and as a parent-only NS. */
static void fuzz_report_name(const char *name, const uint8_t *raw, size_t raw_len)
{
	struct server srv[2];
	struct observation obs[2];
	struct addr_verdict per[2];
	struct mp_range warn;
	const char *names[1] = {name};
	struct judge_input in = {.servers = srv,
				 .obs = obs,
				 .n = 2,
				 .n_groups = 1,
				 .ns_compared = true,
				 .n_parent_only = 1,
				 .n_child_only = 1};
	struct judge_config cfg = {
	    .warn_lag = &warn, .warn_failed = &warn, .ns_mismatch_state = MP_WARNING};
	struct report_input r;
	static struct verdict v;
	struct mp_strbuf out = {0};
	char *detail = malloc(raw_len + 1);

	mp_range_parse("0", &warn);
	memset(obs, 0, sizeof obs);
	memset(srv, 0, sizeof srv);
	srv[0].name = name;
	srv[0].has_addr = true;
	server_addr_from_text(&srv[0].addr, "198.51.100.7", 53);
	obs[0].outcome = OUTCOME_ANSWERED;
	obs[0].has_soa = true;
	obs[0].soa.serial = 7;
	obs[0].rcode = 0;
	snprintf(obs[0].nsid, sizeof obs[0].nsid, "%s", name);
	srv[1].name = name;
	obs[1].outcome = OUTCOME_NO_ADDRESS;
	snprintf(obs[1].error, sizeof obs[1].error, "%s", name);
	judge_run(&in, &cfg, &v, per);
	r = (struct report_input){.zone = name,
				  .in = &in,
				  .cfg = &cfg,
				  .v = &v,
				  .per_addr = per,
				  .parent_only = names,
				  .child_only = names,
				  .show_nsid = true};
	report_result(&r, &out);
	if (!out.failed)
		fuzz_assert_output(mp_strbuf_str(&out), true);
	mp_strbuf_free(&out);
	if (detail == NULL)
		return;
	memcpy(detail, raw, raw_len);
	detail[raw_len] = '\0';
	report_failure(detail, MP_UNKNOWN, detail, &out); /* raw bytes: report_put scrubs them */
	if (!out.failed)
		fuzz_assert_output(mp_strbuf_str(&out), false);
	mp_strbuf_free(&out);
	free(detail);
}

/* dname_display of arbitrary wire bytes (byte 0 picks the buffer size). */
static void fuzz_dname(const uint8_t *data, size_t size)
{
	static const size_t sizes[8] = {1, 2, 4, 5, 16, 64, 300, OBS_NAME_MAX};
	char buf[OBS_NAME_MAX];
	ldns_rdf *name;

	if (size < 2)
		return;
	name = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, size - 1, data + 1);
	if (name == NULL)
		return;
	fuzz_display_into(name, sizes[data[0] & 7], buf);
	fuzz_display_into(name, sizeof buf, buf);
	fuzz_report_name(buf, data + 1, size - 1);
	ldns_rdf_deep_free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text(data, size);
	fuzz_label(data, size);
	fuzz_dname(data, size);
	return 0;
}
