/* items.c - the RRsets every server is asked for beside its SOA: owners and display names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/dname.h"
#include "query/items.h"

/* The mnemonic of TYPE ("MX", "TYPE65280") into BUF. Returns false on ENOMEM. */
static bool query_type_name(ldns_rr_type type, char *buf, size_t size)
{
	char *t = ldns_rr_type2str(type);

	snprintf(buf, size, "%s", t != NULL ? t : "?");
	free(t);
	return t != NULL;
}

/* The owner of SPEC below ZONE into *OUT (caller frees). Returns 0, or
 * QUERY_ITEMS_TOO_LONG or QUERY_ITEMS_NOMEM (*OUT NULL). */
static int query_item_owner(const struct query_item_spec *spec, const ldns_rdf *zone,
			    ldns_rdf **out)
{
	ldns_rdf *rel = NULL;
	enum dname_error err;

	if (spec->name[0] == '\0') {
		*out = ldns_rdf_clone(zone);
		return *out != NULL ? 0 : QUERY_ITEMS_NOMEM;
	}
	err = dname_parse(spec->name, &rel);
	if (err != DNAME_OK)
		return err == DNAME_NO_MEMORY ? QUERY_ITEMS_NOMEM : QUERY_ITEMS_TOO_LONG;
	/* the relative name's labels, without its root octet, before the zone's */
	if (ldns_rdf_size(rel) - 1 + ldns_rdf_size(zone) > LDNS_MAX_DOMAINLEN) {
		ldns_rdf_deep_free(rel);
		*out = NULL;
		return QUERY_ITEMS_TOO_LONG;
	}
	*out = ldns_dname_cat_clone(rel, zone);
	ldns_rdf_deep_free(rel);
	return *out != NULL ? 0 : QUERY_ITEMS_NOMEM;
}

int query_items_compare(struct query_items *qi, const ldns_rdf *zone,
			const struct query_item_spec *spec, size_t n)
{
	char type[16], owner[OBS_NAME_MAX];
	size_t k;
	int err;

	for (k = 0; k < n && k < QUERY_COMPARE_MAX; k++) {
		err = query_item_owner(&spec[k], zone, &qi->owner[k]);
		if (err != 0)
			return err;
		qi->items[k] = (struct query_item){qi->owner[k], spec[k].type, false};
		if (!query_type_name(spec[k].type, type, sizeof type))
			return QUERY_ITEMS_NOMEM;
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
		return true; /* not reached: there is room for QUERY_GLUE_NAMES_MAX names */
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
