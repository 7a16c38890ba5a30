/* rrset.h - RRsets in canonical form, compared by value, kept once each in a side table. */
#ifndef RRSET_H
#define RRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "mp/mp_strbuf.h"

#define RRSET_RECORDS_MAX 64           /* records kept per RRset; more makes it "too large" */
#define RRSET_TABLE_MAX   4096         /* distinct values per run */
#define RRSET_NONE        ((size_t)-1) /* no value: the question was not asked or not answered */

/* What an authoritative server said about (owner, type). NODATA and NXDOMAIN
 * are values too: "provider b has no MX" is a difference like any other. */
enum rrset_status {
	RRSET_DATA,      /* one or more records */
	RRSET_NODATA,    /* the name exists, no record of the type */
	RRSET_NXDOMAIN,  /* the name does not exist */
	RRSET_TOO_LARGE, /* more than RRSET_RECORDS_MAX records: not compared record by record */
};

/* One RDATA in canonical wire form (RFC 4034 6.2: names lower-cased, no compression). */
struct rrset_rdata {
	uint8_t *data; /* owned */
	size_t len;
	char *text;        /* owned: the record's RDATA in presentation form (ldns); NULL
			    * until the value is kept in a table */
	const ldns_rr *rr; /* not owned: the record read, while reading only */
};

/* An RRset as a set of canonical RDATA, sorted (RFC 4034 6.3 order), without
 * duplicates. The TTL is kept for display only: it is never compared. */
struct rrset_value {
	enum rrset_status status;
	ldns_rr_type type;
	struct rrset_rdata *rdata; /* owned, n entries */
	size_t n;
	uint32_t ttl; /* the smallest TTL of the records; 0 without records */
};

/* The distinct values of a run; a value is referred to by its index. */
struct rrset_table {
	struct rrset_value *values;
	size_t n, cap;
	bool failed; /* an allocation failed: some answer could not be kept */
};

/* Read the answer of authoritative REPLY for (OWNER, TYPE) into the table and
 * return its index: an existing index when the same value was seen before
 * (TTLs apart). RRSET_NONE when REPLY is not an authoritative NOERROR or
 * NXDOMAIN answer (the caller judges such a server by its SOA answer), or on
 * ENOMEM (table->failed set). Every byte of REPLY is hostile: records are
 * bounded in count and length. */
size_t rrset_table_take(struct rrset_table *table, const ldns_pkt *reply, const ldns_rdf *owner,
			ldns_rr_type type);

/* Compare two values: 0 when they are the same set (TTLs apart), else a
 * consistent order (status, then records walked side by side). */
int rrset_value_compare(const struct rrset_value *a, const struct rrset_value *b);

/* Append V for display to OUT: records in presentation form joined by ", ",
 * or "no TYPE record", "name does not exist", "more than RRSET_RECORDS_MAX
 * records". Bytes are as ldns presents them (\DDD for non-printable ones); the
 * caller escapes the result for its output format. At most MAX_CHARS bytes of
 * records are written; the records that do not fit become "...". */
void rrset_value_text(const struct rrset_value *v, size_t max_chars, struct mp_strbuf *out);

/* Free every value; leaves an empty table. */
void rrset_table_free(struct rrset_table *table);

/* A copy of RR (caller frees), or NULL on ENOMEM: ldns_rr_clone (1.8.3) leaves
 * out, and leaks, the owner or a field it cannot copy and returns the rest. */
ldns_rr *rrset_rr_clone(const ldns_rr *rr);

#endif
