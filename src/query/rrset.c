/* rrset.c - canonicalise the RRsets servers answer, keep each distinct value once, show them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/dname.h"
#include "query/rrset.h"

/* Free what V owns. */
static void rrset_value_free(struct rrset_value *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->rdata[i].data);
		free(v->rdata[i].text);
	}
	free(v->rdata);
	memset(v, 0, sizeof *v);
}

/* Order of two canonical RDATA (RFC 4034 6.3: octet by octet, shorter first on a tie). */
static int rrset_rdata_cmp(const void *a, const void *b)
{
	const struct rrset_rdata *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n > 0 ? memcmp(x->data, y->data, n) : 0;

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

int rrset_value_compare(const struct rrset_value *a, const struct rrset_value *b)
{
	size_t i;
	int c;

	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = 0; i < a->n; i++) { /* both sorted: walk them side by side */
		c = rrset_rdata_cmp(&a->rdata[i], &b->rdata[i]);
		if (c != 0)
			return c;
	}
	return 0;
}

/* The presentation form of RR's RDATA fields joined by spaces; caller frees. */
static char *rrset_rdata_text(const ldns_rr *rr)
{
	ldns_buffer *b = ldns_buffer_new(64);
	char *text = NULL;
	size_t i;

	if (b == NULL)
		return NULL;
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		if (i > 0)
			ldns_buffer_printf(b, " ");
		if (ldns_rdf2buffer_str(b, ldns_rr_rdf(rr, i)) != LDNS_STATUS_OK)
			ldns_buffer_printf(b, "(unprintable)");
	}
	if (ldns_buffer_status_ok(b))
		text = ldns_buffer_export2str(b);
	ldns_buffer_free(b);
	return text;
}

/* True when RR's canonical RDATA is its fields as they are, names lower-cased:
 * the common types whose embedded names RFC 4034 6.2 lower-cases, and any
 * record without a name in its RDATA. Others go through ldns_rr2canonical. */
static bool rrset_rdata_simple(const ldns_rr *rr, bool *lower)
{
	size_t i;

	switch (ldns_rr_get_type(rr)) {
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_SOA:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_SRV:
		*lower = true;
		return true;
	default:
		break;
	}
	*lower = false;
	for (i = 0; i < ldns_rr_rd_count(rr); i++)
		if (ldns_rdf_get_type(ldns_rr_rdf(rr, i)) == LDNS_RDF_TYPE_DNAME)
			return false;
	return true;
}

/* Canonical RDATA of a simple RR (rrset_rdata_simple) into OUT, without a copy
 * of the record. Returns false on ENOMEM. */
static bool rrset_rdata_direct(const ldns_rr *rr, bool lower, struct rrset_rdata *out)
{
	size_t i, k, len = 0;

	for (i = 0; i < ldns_rr_rd_count(rr); i++)
		len += ldns_rdf_size(ldns_rr_rdf(rr, i));
	out->data = malloc(len + 1);
	if (out->data == NULL)
		return false;
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);
		const uint8_t *d = ldns_rdf_data(f);
		bool name = lower && ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME;
		for (k = 0; k < ldns_rdf_size(f); k++) /* label lengths are < 64: not letters */
			out->data[out->len + k] =
			    name && d[k] >= 'A' && d[k] <= 'Z' ? (uint8_t)(d[k] - 'A' + 'a') : d[k];
		out->len += ldns_rdf_size(f);
	}
	out->rr = rr;
	return true;
}

ldns_rr *rrset_rr_clone(const ldns_rr *rr)
{
	ldns_rr *copy = ldns_rr_new();
	ldns_rdf *f;
	size_t i;

	if (copy == NULL)
		return NULL;
	ldns_rr_set_owner(copy, ldns_rdf_clone(ldns_rr_owner(rr)));
	ldns_rr_set_ttl(copy, ldns_rr_ttl(rr));
	ldns_rr_set_type(copy, ldns_rr_get_type(rr));
	ldns_rr_set_class(copy, ldns_rr_get_class(rr));
	ldns_rr_set_question(copy, ldns_rr_is_question(rr));
	if (ldns_rr_owner(rr) != NULL && ldns_rr_owner(copy) == NULL) {
		ldns_rr_free(copy);
		return NULL;
	}
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		f = ldns_rdf_clone(ldns_rr_rdf(rr, i));
		if (f == NULL || !ldns_rr_push_rdf(copy, f)) {
			ldns_rdf_deep_free(f);
			ldns_rr_free(copy);
			return NULL;
		}
	}
	return copy;
}

/* What reading a record gave. */
enum rrset_read {
	RRSET_READ_OK,
	RRSET_READ_NOMEM,
	RRSET_READ_UNREADABLE, /* ldns cannot write the record back in wire form */
};

/* Canonical RDATA of RR into OUT through a canonicalised copy of the record. */
static enum rrset_read rrset_rdata_canonical(const ldns_rr *rr, struct rrset_rdata *out)
{
	ldns_rr *copy = rrset_rr_clone(rr);
	ldns_buffer *b = ldns_buffer_new(64);
	enum rrset_read res = RRSET_READ_NOMEM;
	ldns_status st;

	memset(out, 0, sizeof *out);
	if (copy != NULL && b != NULL) {
		ldns_rr2canonical(copy);
		st = ldns_rr_rdata2buffer_wire(b, copy);
		if (st != LDNS_STATUS_OK || !ldns_buffer_status_ok(b)) {
			res = st == LDNS_STATUS_MEM_ERR ? RRSET_READ_NOMEM : RRSET_READ_UNREADABLE;
		} else {
			out->len = ldns_buffer_position(b);
			out->data = malloc(out->len + 1);
			out->rr = rr;
			if (out->data != NULL) {
				memcpy(out->data, ldns_buffer_begin(b), out->len);
				res = RRSET_READ_OK;
			}
		}
	}
	if (res != RRSET_READ_OK) {
		free(out->data);
		memset(out, 0, sizeof *out);
	}
	ldns_rr_free(copy);
	ldns_buffer_free(b);
	return res;
}

/* Canonical RDATA of RR into OUT (owned; its text is left for rrset_value_texts:
 * most values are duplicates, dropped before they are shown). */
static enum rrset_read rrset_rdata_from_rr(const ldns_rr *rr, struct rrset_rdata *out)
{
	bool lower;

	memset(out, 0, sizeof *out);
	if (rrset_rdata_simple(rr, &lower))
		return rrset_rdata_direct(rr, lower, out) ? RRSET_READ_OK : RRSET_READ_NOMEM;
	return rrset_rdata_canonical(rr, out);
}

/* True when RR of ANSWER belongs to the RRset (OWNER, TYPE) of class IN. */
static bool rrset_member(const ldns_rr *rr, const ldns_rdf *owner, ldns_rr_type type)
{
	return ldns_rr_get_type(rr) == type && ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
	       dname_equal(ldns_rr_owner(rr), owner);
}

/* Sort V's records in canonical order (RFC 4034 6.3) and drop duplicates. */
static void rrset_value_sort(struct rrset_value *v)
{
	size_t i, kept = 0;

	qsort(v->rdata, v->n, sizeof *v->rdata, rrset_rdata_cmp);
	for (i = 0; i < v->n; i++) {
		if (kept > 0 && rrset_rdata_cmp(&v->rdata[kept - 1], &v->rdata[i]) == 0) {
			free(v->rdata[i].data);
			continue;
		}
		v->rdata[kept++] = v->rdata[i];
	}
	v->n = kept;
}

/* Fill V from the answer section of REPLY for (OWNER, TYPE): every record of
 * the RRset, in canonical order, each once. */
static enum rrset_read rrset_value_read(struct rrset_value *v, const ldns_pkt *reply,
					const ldns_rdf *owner, ldns_rr_type type)
{
	const ldns_rr_list *answer = ldns_pkt_answer(reply);
	size_t i, count = ldns_rr_list_rr_count(answer), members = 0;
	enum rrset_read res;

	v->type = type;
	v->status = RRSET_NODATA;
	if (ldns_pkt_get_rcode(reply) == LDNS_RCODE_NXDOMAIN) {
		v->status = RRSET_NXDOMAIN;
		return RRSET_READ_OK;
	}
	for (i = 0; i < count; i++)
		members += rrset_member(ldns_rr_list_rr(answer, i), owner, type);
	v->rdata = calloc(members + 1, sizeof *v->rdata);
	if (v->rdata == NULL)
		return RRSET_READ_NOMEM;
	for (i = 0; i < count; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (!rrset_member(rr, owner, type))
			continue;
		res = rrset_rdata_from_rr(rr, &v->rdata[v->n]);
		if (res != RRSET_READ_OK)
			return res;
		if (v->n++ == 0 || ldns_rr_ttl(rr) < v->ttl)
			v->ttl = ldns_rr_ttl(rr);
	}
	rrset_value_sort(v);
	if (v->n > 0)
		v->status = RRSET_DATA;
	return RRSET_READ_OK;
}

/* The presentation form of every record of V, from the answer records it was
 * read from (still alive). Forgets those records. Returns false on ENOMEM. */
static bool rrset_value_texts(struct rrset_value *v)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < v->n; i++) {
		ldns_rr *copy = rrset_rr_clone(v->rdata[i].rr);
		if (copy != NULL) {
			ldns_rr2canonical(copy);
			v->rdata[i].text = rrset_rdata_text(copy);
		}
		ok = ok && v->rdata[i].text != NULL;
		ldns_rr_free(copy);
		v->rdata[i].rr = NULL;
	}
	return ok;
}

/* Index of a value equal to V in TABLE, or RRSET_NONE. */
static size_t rrset_table_find(const struct rrset_table *table, const struct rrset_value *v)
{
	size_t i;

	for (i = 0; i < table->n; i++)
		if (rrset_value_compare(&table->values[i], v) == 0)
			return i;
	return RRSET_NONE;
}

/* The RDATA octets of V. */
static size_t rrset_value_bytes(const struct rrset_value *v)
{
	size_t i, bytes = 0;

	for (i = 0; i < v->n; i++)
		bytes += v->rdata[i].len;
	return bytes;
}

/* True when TABLE has room for the new value V: a slot, its records, its octets. */
static bool rrset_table_room(const struct rrset_table *table, const struct rrset_value *v)
{
	return table->n < RRSET_TABLE_MAX && v->n <= RRSET_TABLE_RECORDS_MAX - table->records &&
	       rrset_value_bytes(v) <= RRSET_TABLE_BYTES_MAX - table->bytes;
}

/* Append V (taking ownership) to TABLE. Returns its index, or RRSET_NONE (V
 * freed, table->failed set). Pre: rrset_table_room. */
static size_t rrset_table_append(struct rrset_table *table, struct rrset_value *v)
{
	if (table->n == table->cap) {
		size_t cap = table->cap ? table->cap * 2 : 16;
		struct rrset_value *grown = realloc(table->values, cap * sizeof *grown);
		if (grown == NULL) {
			table->failed = true;
			rrset_value_free(v);
			return RRSET_NONE;
		}
		table->values = grown;
		table->cap = cap;
	}
	table->records += v->n;
	table->bytes += rrset_value_bytes(v);
	table->values[table->n] = *v;
	return table->n++;
}

/* Why REPLY is no usable answer for the table, into WHY; false when it is one. */
static bool rrset_reply_unusable(const ldns_pkt *reply, struct answer_fail *why)
{
	ldns_pkt_rcode rcode = ldns_pkt_get_rcode(reply);

	if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN)
		*why = (struct answer_fail){ANSWER_RCODE, (uint8_t)rcode};
	else if (!ldns_pkt_aa(reply))
		*why = (struct answer_fail){ANSWER_NOT_AA, 0};
	else if (ldns_pkt_tc(reply)) /* over TCP: the engine retries a truncated UDP answer */
		*why = (struct answer_fail){ANSWER_TRUNCATED, 0};
	else
		return false;
	return true;
}

size_t rrset_table_take(struct rrset_table *table, const ldns_pkt *reply, const ldns_rdf *owner,
			ldns_rr_type type, struct answer_fail *why)
{
	struct rrset_value v;
	enum rrset_read res;
	size_t found;

	*why = (struct answer_fail){ANSWER_OK, 0};
	if (rrset_reply_unusable(reply, why))
		return RRSET_NONE;
	memset(&v, 0, sizeof v);
	res = rrset_value_read(&v, reply, owner, type);
	found = res == RRSET_READ_OK ? rrset_table_find(table, &v) : RRSET_NONE;
	if (res != RRSET_READ_OK || found != RRSET_NONE || !rrset_table_room(table, &v)) {
		if (res == RRSET_READ_NOMEM)
			table->failed = true;
		else if (res == RRSET_READ_UNREADABLE)
			*why = (struct answer_fail){ANSWER_UNREADABLE, 0};
		else if (found == RRSET_NONE)
			*why = (struct answer_fail){ANSWER_TABLE_FULL, 0};
		rrset_value_free(&v);
		return found;
	}
	if (!rrset_value_texts(&v)) {
		rrset_value_free(&v);
		table->failed = true;
		return RRSET_NONE;
	}
	return rrset_table_append(table, &v);
}

void rrset_value_text(const struct rrset_value *v, size_t max_chars, struct mp_strbuf *out)
{
	size_t i, start = out->len;
	char *type;

	if (v->status == RRSET_NXDOMAIN) {
		mp_strbuf_puts(out, "name does not exist");
		return;
	}
	if (v->status == RRSET_NODATA) {
		type = ldns_rr_type2str(v->type);
		if (type == NULL)
			out->failed = true;
		mp_strbuf_printf(out, "no %s record", type != NULL ? type : "such");
		free(type);
		return;
	}
	for (i = 0; i < v->n; i++) {
		size_t need = (i > 0 ? 2 : 0) + strlen(v->rdata[i].text);
		if (out->len - start + need > max_chars) {
			mp_strbuf_puts(out, i > 0 ? ", ..." : "...");
			return;
		}
		if (i > 0)
			mp_strbuf_puts(out, ", ");
		mp_strbuf_puts(out, v->rdata[i].text);
	}
}

void rrset_table_free(struct rrset_table *table)
{
	size_t i;

	for (i = 0; i < table->n; i++)
		rrset_value_free(&table->values[i]);
	free(table->values);
	memset(table, 0, sizeof *table);
}
