/* consistency.c - value ids for the SOA fields and apex NS sets servers serve, for comparing them.
 */
#include "config.h"

#include <strings.h>

#include "judge/consistency.h"

/* True when A and B serve the same value for check C. */
static bool consistency_same(enum consistency_check c, const struct observation *a,
			     const struct observation *b)
{
	switch (c) {
	case CONSIST_MNAME:
		return strcasecmp(a->soa.mname, b->soa.mname) == 0;
	case CONSIST_RNAME:
		return strcasecmp(a->soa.rname, b->soa.rname) == 0;
	case CONSIST_TIMERS:
		return a->soa.refresh == b->soa.refresh && a->soa.retry == b->soa.retry &&
		       a->soa.expire == b->soa.expire && a->soa.minimum == b->soa.minimum;
	case CONSIST_NS:
	case CONSIST_CHECKS:
		break;
	}
	return a->ns_value == b->ns_value;
}

void consistency_ids(enum consistency_check c, const struct observation *obs, const bool *eligible,
		     size_t n, size_t *ids)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		ids[i] = CONSIST_NONE;
		if (!eligible[i] || !obs[i].has_soa ||
		    (c == CONSIST_NS && obs[i].ns_value == RRSET_NONE))
			continue;
		for (j = 0; j < i && ids[i] == CONSIST_NONE; j++)
			if (ids[j] != CONSIST_NONE && consistency_same(c, &obs[j], &obs[i]))
				ids[i] = ids[j];
		if (ids[i] == CONSIST_NONE)
			ids[i] = i;
	}
}

const char *consistency_name(enum consistency_check c)
{
	switch (c) {
	case CONSIST_MNAME:
		return "SOA MNAME";
	case CONSIST_RNAME:
		return "SOA RNAME";
	case CONSIST_TIMERS:
		return "SOA timers";
	case CONSIST_NS:
	case CONSIST_CHECKS:
		break;
	}
	return "apex NS set";
}

void consistency_value_text(enum consistency_check c, const struct observation *o,
			    const struct rrset_table *rrsets, struct mp_strbuf *out)
{
	switch (c) {
	case CONSIST_MNAME:
		mp_strbuf_puts(out, o->soa.mname);
		return;
	case CONSIST_RNAME:
		mp_strbuf_puts(out, o->soa.rname);
		return;
	case CONSIST_TIMERS:
		mp_strbuf_printf(out, "refresh %u retry %u expire %u minimum %u", o->soa.refresh,
				 o->soa.retry, o->soa.expire, o->soa.minimum);
		return;
	case CONSIST_NS:
	case CONSIST_CHECKS:
		break;
	}
	if (rrsets != NULL && o->ns_value < rrsets->n)
		rrset_value_text(&rrsets->values[o->ns_value], 400, out);
}
