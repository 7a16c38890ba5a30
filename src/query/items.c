/* items.c - the RRsets every server is asked for beside its SOA: owners and display names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/dname.h"
#include "query/items.h"

/* The mnemonic of TYPE ("MX", "TYPE65280") into BUF. */
static void query_type_name(ldns_rr_type type, char *buf, size_t size)
{
	char *t = ldns_rr_type2str(type);

	snprintf(buf, size, "%s", t != NULL ? t : "?");
	free(t);
}

int query_items_compare(struct query_items *qi, const ldns_rdf *zone,
			const struct query_item_spec *spec, size_t n)
{
	char type[16], owner[OBS_NAME_MAX];
	ldns_rdf *rel = NULL;
	size_t k;

	for (k = 0; k < n && k < QUERY_COMPARE_MAX; k++) {
		if (spec[k].name[0] == '\0') {
			qi->owner[k] = ldns_rdf_clone(zone);
		} else if (dname_parse(spec[k].name, &rel) == DNAME_OK) {
			qi->owner[k] = ldns_dname_cat_clone(rel, zone);
			ldns_rdf_deep_free(rel);
			rel = NULL;
		}
		if (qi->owner[k] == NULL)
			return -1; /* a name too long with the zone appended, or ENOMEM */
		qi->items[k] = (struct query_item){qi->owner[k], spec[k].type, false};
		query_type_name(spec[k].type, type, sizeof type);
		dname_display(qi->owner[k], owner, sizeof owner);
		if (spec[k].name[0] == '\0')
			snprintf(qi->name[k], sizeof qi->name[k], "%s", type);
		else
			snprintf(qi->name[k], sizeof qi->name[k], "%s %s", type, owner);
		qi->names[k] = qi->name[k];
	}
	qi->n = qi->n_compare = k;
	return 0;
}

bool query_items_add_sampled(struct query_items *qi, const ldns_rdf *name, ldns_rr_type type)
{
	size_t k = qi->n;

	if (k >= QUERY_ITEMS_MAX)
		return false;
	qi->owner[k] = ldns_rdf_clone(name);
	if (qi->owner[k] == NULL)
		return false;
	qi->items[k] = (struct query_item){qi->owner[k], type, true};
	qi->n++;
	return true;
}

void query_items_free(struct query_items *qi)
{
	size_t i;

	for (i = 0; i < QUERY_ITEMS_MAX; i++) {
		ldns_rdf_deep_free(qi->owner[i]);
		qi->owner[i] = NULL;
	}
	qi->n = qi->n_compare = 0;
}
