/* content.c - tally the values of one compared RRset and find the servers that differ. */
#include "config.h"

#include <string.h>

#include "content.h"

#define CONTENT_NONE ((size_t)-1)

/* The value server I served for ITEM, or CONTENT_NONE when it takes no part. */
static size_t content_value_of(const size_t *values, size_t n_items, size_t item,
			       const bool *eligible, size_t i)
{
	return eligible[i] ? values[i * n_items + item] : CONTENT_NONE;
}

/* Count value V in OUT, adding it when there is room. */
static void content_count(struct content_result *out, size_t v)
{
	size_t k;

	for (k = 0; k < out->n_values; k++)
		if (out->value[k] == v) {
			out->served[k]++;
			return;
		}
	if (out->n_values == CONTENT_VALUES_MAX) {
		out->extra_values++;
		return;
	}
	out->value[out->n_values] = v;
	out->served[out->n_values++] = 1;
}

/* Order the values by servers, most first; stable, so ties keep first-served order. */
static void content_sort(struct content_result *out)
{
	size_t i, j;

	for (i = 1; i < out->n_values; i++)
		for (j = i; j > 0 && out->served[j] > out->served[j - 1]; j--) {
			size_t v = out->value[j], s = out->served[j];
			out->value[j] = out->value[j - 1];
			out->served[j] = out->served[j - 1];
			out->value[j - 1] = v;
			out->served[j - 1] = s;
		}
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
		content_count(out, v);
	}
	content_sort(out);
	for (i = 0; i < n; i++)
		if (content_is_odd(out, values, n_items, item, eligible, i) && out->odd++ == 0)
			out->first_odd = i;
}

bool content_is_odd(const struct content_result *r, const size_t *values, size_t n_items,
		    size_t item, const bool *eligible, size_t i)
{
	size_t v = content_value_of(values, n_items, item, eligible, i);

	return r->n_values > 0 && v != CONTENT_NONE && v != r->value[0];
}
