/* soa_sanity.c - name the SOA timers outside the recommended ranges and a serial dated ahead. */
#include "config.h"

#include <stdio.h>

#include "judge/serial_format.h"
#include "judge/soa_sanity.h"

#define DAY_SECONDS 86400

/* Appends problems to OUT (room MAX) while counting all of them in N. */
struct soa_sink {
	struct soa_problem *out;
	size_t max, n;
};

static void soa_sink_add(struct soa_sink *s, enum soa_problem_kind kind, uint32_t value,
			 uint64_t limit)
{
	if (s->n < s->max) {
		s->out[s->n].kind = kind;
		s->out[s->n].value = value;
		s->out[s->n].limit = limit;
	}
	s->n++;
}

/* VALUE outside MIN..MAX adds LOW or HIGH. */
static void soa_sink_range(struct soa_sink *s, uint32_t value, uint32_t min, uint32_t max,
			   enum soa_problem_kind low, enum soa_problem_kind high)
{
	if (value < min)
		soa_sink_add(s, low, value, min);
	else if (value > max)
		soa_sink_add(s, high, value, max);
}

size_t soa_sanity_check(const struct soa_values *soa, int64_t now, struct soa_problem *out,
			size_t max)
{
	struct soa_sink s = {out, max, 0};
	uint64_t sum = (uint64_t)soa->refresh + soa->retry;
	int64_t day;

	soa_sink_range(&s, soa->refresh, SOA_REFRESH_MIN, SOA_REFRESH_MAX, SOA_REFRESH_LOW,
		       SOA_REFRESH_HIGH);
	soa_sink_range(&s, soa->retry, SOA_RETRY_MIN, SOA_RETRY_MAX, SOA_RETRY_LOW, SOA_RETRY_HIGH);
	if (soa->retry >= soa->refresh)
		soa_sink_add(&s, SOA_RETRY_NOT_BELOW, soa->retry, soa->refresh);
	soa_sink_range(&s, soa->expire, SOA_EXPIRE_MIN, SOA_EXPIRE_MAX, SOA_EXPIRE_LOW,
		       SOA_EXPIRE_HIGH);
	if (soa->expire < sum)
		soa_sink_add(&s, SOA_EXPIRE_BELOW_SUM, soa->expire, sum);
	soa_sink_range(&s, soa->minimum, SOA_MINIMUM_MIN, SOA_MINIMUM_MAX, SOA_MINIMUM_LOW,
		       SOA_MINIMUM_HIGH);
	if (serial_format_is_date(soa->serial, &day) && now < INT64_MAX - SOA_SERIAL_AHEAD &&
	    day * DAY_SECONDS > now + SOA_SERIAL_AHEAD)
		soa_sink_add(&s, SOA_SERIAL_FUTURE, soa->serial, (uint64_t)day);
	return s.n;
}

/* The field name and relation of KIND, e.g. "REFRESH" and "below". */
static void soa_problem_words(enum soa_problem_kind kind, const char **field, const char **rel)
{
	static const char *const fields[] = {"REFRESH", "REFRESH", "RETRY",  "RETRY",
					     "RETRY",   "EXPIRE",  "EXPIRE", "EXPIRE",
					     "MINIMUM", "MINIMUM", "serial"};
	static const char *const rels[] = {"below", "above", "below", "above", "not below", "below",
					   "above", "below", "below", "above", "dated"};

	*field = (size_t)kind < sizeof fields / sizeof fields[0] ? fields[kind] : "?";
	*rel = (size_t)kind < sizeof rels / sizeof rels[0] ? rels[kind] : "?";
}

size_t soa_problem_text(const struct soa_problem *p, char *buf, size_t size)
{
	const char *field, *rel;
	char tmp[16];
	int n;

	if (size > 0)
		buf[0] = '\0';
	soa_problem_words(p->kind, &field, &rel);
	switch (p->kind) {
	case SOA_RETRY_NOT_BELOW:
		n = snprintf(buf, size, "RETRY %lu not below REFRESH %llu", (unsigned long)p->value,
			     (unsigned long long)p->limit);
		break;
	case SOA_EXPIRE_BELOW_SUM:
		n = snprintf(buf, size, "EXPIRE %lu below REFRESH + RETRY %llu",
			     (unsigned long)p->value, (unsigned long long)p->limit);
		break;
	case SOA_SERIAL_FUTURE:
		/* The serial's own digits are its date: YYYYMMDD of YYYYMMDDnn. */
		if (snprintf(tmp, sizeof tmp, "%lu", (unsigned long)(p->value / 100)) != 8) {
			n = snprintf(buf, size, "serial %lu dated in the future",
				     (unsigned long)p->value);
			break;
		}
		n = snprintf(buf, size, "serial %lu dated %.4s-%.2s-%.2s, in the future",
			     (unsigned long)p->value, tmp, tmp + 4, tmp + 6);
		break;
	default:
		n = snprintf(buf, size, "%s %lu %s %llu", field, (unsigned long)p->value, rel,
			     (unsigned long long)p->limit);
		break;
	}
	return n > 0 ? (size_t)n : 0;
}
