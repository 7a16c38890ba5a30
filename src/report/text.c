/* text.c - the report's text primitives: escaped names, "who" of a server, values, durations. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mp/mp_text.h"
#include "report/report_text.h"

/* Append already-escaped TEXT, scrubbing anything that could still end the
 * line or start perfdata (defence in depth: callers pass escaped names); the
 * JSON output writes every string in this same form. */
void report_put(struct mp_strbuf *sb, const char *text)
{
	mp_text_append_presented(sb, text);
}

/* "address", or "address#port" at another port than the servers' (-p). */
void report_put_addr(struct mp_strbuf *sb, const struct server *s)
{
	report_put(sb, s->addr.text);
	if (s->shown_port != 0)
		mp_strbuf_printf(sb, "#%u", (unsigned)s->shown_port);
}

/* "name address", "name" (no address) or "address" (given as an address). */
void report_put_who(struct mp_strbuf *sb, const struct server *s)
{
	if (s->name[0] != '\0')
		report_put(sb, s->name);
	if (!s->has_addr)
		return;
	if (s->name[0] != '\0')
		mp_strbuf_puts(sb, " ");
	report_put_addr(sb, s);
}

/* "a, b, c" from N escaped names. */
void report_name_list(struct mp_strbuf *sb, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			mp_strbuf_puts(sb, ", ");
		report_put(sb, names[i]);
	}
}

/* Append the display of rrset table value V, escaped, at most MAX bytes of it. */
void report_value(const struct report_input *r, size_t v, size_t max, struct mp_strbuf *sb)
{
	struct mp_strbuf text = {0};

	if (r->rrsets == NULL || v >= r->rrsets->n) {
		mp_strbuf_puts(sb, "(no answer)");
		return;
	}
	rrset_value_text(&r->rrsets->values[v], max, &text);
	if (text.failed)
		sb->failed = true; /* the output says "out of memory", not a partial value */
	report_put(sb, mp_strbuf_str(&text));
	mp_strbuf_free(&text);
}

void report_duration(int64_t seconds, struct mp_strbuf *sb)
{
	if (seconds < 0)
		seconds = -seconds;
	if (seconds < 60)
		mp_strbuf_printf(sb, "%llds", (long long)seconds);
	else if (seconds < 3600)
		mp_strbuf_printf(sb, "%lldm", (long long)(seconds / 60));
	else if (seconds < 86400)
		mp_strbuf_printf(sb, "%lldh%02lldm", (long long)(seconds / 3600),
				 (long long)(seconds % 3600 / 60));
	else
		mp_strbuf_printf(sb, "%lldd%lldh", (long long)(seconds / 86400),
				 (long long)(seconds % 86400 / 3600));
}

/* "stale for 2h13m" or "stale for at least 4d0h" for address verdict A. */
void report_stale(const struct addr_verdict *a, struct mp_strbuf *sb)
{
	mp_strbuf_puts(sb, a->latency_bound ? "stale for at least " : "stale for ");
	report_duration(a->latency, sb);
}

/* The group verdict server I is judged in. */
const struct group_verdict *report_addr_group(const struct report_input *r, size_t i)
{
	if (r->in->group == NULL || r->v->n_groups <= 1 || r->in->group[i] >= r->v->n_groups)
		return &r->v->all;
	return &r->v->groups[r->in->group[i]];
}

/* Who serves value V of ITEM at its group's serial: every provider with its
 * server count, or up to MAX_ADDRS addresses ("+N more" after them). */
static void report_value_servers(const struct report_input *r, size_t item, size_t v,
				 size_t max_addrs, struct mp_strbuf *sb)
{
	size_t i, g, shown = 0, count = 0;

	for (g = 0; r->providers != NULL && g < r->v->n_groups; g++) {
		for (i = 0, count = 0; i < r->in->n; i++)
			if (r->in->group[i] == g &&
			    judge_content_serves(r->in, r->per_addr, i, item, v))
				count++;
		if (count == 0)
			continue;
		mp_strbuf_puts(sb, shown++ > 0 ? ", provider " : "provider ");
		report_put(sb, r->providers[g].label);
		mp_strbuf_printf(sb, " (%zu server%s)", count, count == 1 ? "" : "s");
	}
	for (i = 0; r->providers == NULL && i < r->in->n; i++) {
		if (!judge_content_serves(r->in, r->per_addr, i, item, v))
			continue;
		if (count++ < max_addrs) {
			mp_strbuf_puts(sb, shown++ > 0 ? ", " : "");
			report_put_who(sb, &r->in->servers[i]);
		}
	}
	if (count > max_addrs && r->providers == NULL)
		mp_strbuf_printf(sb, ", +%zu more", count - max_addrs);
}

void report_content_values(const struct report_input *r, size_t item, size_t max_values,
			   size_t value_max, size_t max_addrs, struct mp_strbuf *sb)
{
	const struct content_result *c = &r->v->content[item];
	size_t j, hidden = c->extra_values;

	for (j = 0; j < c->n_values; j++) {
		if (j == max_values) {
			hidden += c->n_values - j;
			break;
		}
		mp_strbuf_puts(sb, j > 0 ? " / " : "");
		report_value(r, c->value[j], value_max, sb);
		if (j == c->reference && c->n_values > 1)
			mp_strbuf_puts(sb, " (majority)");
		mp_strbuf_puts(sb, " at ");
		report_value_servers(r, item, c->value[j], max_addrs, sb);
	}
	if (hidden > 0)
		mp_strbuf_printf(sb, " / %zu more values", hidden);
}
