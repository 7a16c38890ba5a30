/* content.c - tally the values of one compared RRset and find the servers that differ. */
#include "config.h"

#include <string.h>

#include "judge/content.h"

#define CONTENT_NONE ((size_t)-1)

/* The value server I served for ITEM, or CONTENT_NONE when it takes no part. */
static size_t content_value_of(const size_t *values, size_t n_items, size_t item,
			       const bool *eligible, size_t i)
{
	return eligible[i] ? values[i * n_items + item] : CONTENT_NONE;
}

/* True when an eligible server before I served V for ITEM. */
static bool content_seen_before(const size_t *values, size_t n_items, size_t item,
				const bool *eligible, size_t i, size_t v)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (content_value_of(values, n_items, item, eligible, j) == v)
			return true;
	return false;
}

/* The eligible servers from I to N that served V for ITEM. */
static size_t content_served_from(const size_t *values, size_t n_items, size_t item,
				  const bool *eligible, size_t i, size_t n, size_t v)
{
	size_t count = 0;

	for (; i < n; i++)
		count += content_value_of(values, n_items, item, eligible, i) == v;
	return count;
}

/* Keep value V, served by SERVED servers, in OUT: most served first, ties in
 * the order first seen; past CONTENT_VALUES_MAX the least served is counted
 * in extra_values instead of kept. */
static void content_keep(struct content_result *out, size_t v, size_t served)
{
	size_t k = out->n_values;

	if (k == CONTENT_VALUES_MAX) {
		out->extra_values++;
		if (served <= out->served[k - 1])
			return;
		k--; /* the last kept value drops out */
	} else {
		out->n_values++;
	}
	for (; k > 0 && out->served[k - 1] < served; k--) {
		out->value[k] = out->value[k - 1];
		out->served[k] = out->served[k - 1];
	}
	out->value[k] = v;
	out->served[k] = served;
}

/* Count the odd servers of R (and the first of them). */
static void content_count_odd(struct content_result *r, const size_t *values, size_t n_items,
			      size_t item, const bool *eligible, size_t n)
{
	size_t i;

	r->odd = 0;
	for (i = 0; i < n; i++)
		if (content_is_odd(r, values, n_items, item, eligible, i) && r->odd++ == 0)
			r->first_odd = i;
}

/* The groups (GROUP NULL: the servers) among the compared servers that serve V
 * for ITEM (any value when V is CONTENT_NONE). */
static size_t content_groups_serving(const size_t *values, size_t n_items, size_t item,
				     const bool *eligible, size_t n, const size_t *group, size_t v)
{
	size_t i, j, count = 0;

	for (i = 0; i < n; i++) {
		size_t vi = content_value_of(values, n_items, item, eligible, i);
		bool seen = false;
		if (vi == CONTENT_NONE || (v != CONTENT_NONE && vi != v))
			continue;
		for (j = 0; group != NULL && j < i && !seen; j++) {
			size_t vj = content_value_of(values, n_items, item, eligible, j);
			seen = vj != CONTENT_NONE && (v == CONTENT_NONE || vj == v) &&
			       group[j] == group[i];
		}
		count += !seen;
	}
	return count;
}

void content_majority(struct content_result *r, const size_t *values, size_t n_items, size_t item,
		      const bool *eligible, size_t n, const size_t *group)
{
	size_t k,
	    total = content_groups_serving(values, n_items, item, eligible, n, group, CONTENT_NONE);

	r->reference = CONTENT_NO_MAJORITY;
	for (k = 0; k < r->n_values; k++) {
		size_t count =
		    content_groups_serving(values, n_items, item, eligible, n, group, r->value[k]);
		if (count * 2 <= total)
			continue;
		if (r->reference != CONTENT_NO_MAJORITY) { /* two "majorities": no majority */
			r->reference = CONTENT_NO_MAJORITY;
			break;
		}
		r->reference = k;
	}
	content_count_odd(r, values, n_items, item, eligible, n);
}

void content_compare(const size_t *values, size_t n_items, size_t item, const bool *eligible,
		     size_t n, struct content_result *out)
{
	size_t i, v;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		v = content_value_of(values, n_items, item, eligible, i);
		if (v == CONTENT_NONE)
			continue;
		out->compared++;
		if (!content_seen_before(values, n_items, item, eligible, i, v))
			content_keep(out, v,
				     content_served_from(values, n_items, item, eligible, i, n, v));
	}
	content_count_odd(out, values, n_items, item, eligible, n);
}

bool content_is_odd(const struct content_result *r, const size_t *values, size_t n_items,
		    size_t item, const bool *eligible, size_t i)
{
	size_t v = content_value_of(values, n_items, item, eligible, i);

	return r->n_values > 0 && v != CONTENT_NONE &&
	       (r->reference == CONTENT_NO_MAJORITY || v != r->value[r->reference]);
}
