/* rrset.h - RRsets in canonical form, compared by value, kept once each in a side table. */
#ifndef RRSET_H
#define RRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "mp/mp_strbuf.h"

#include "core/observation.h"

#define RRSET_TABLE_MAX         4096         /* distinct values per run */
#define RRSET_TABLE_RECORDS_MAX 65536        /* records of all distinct values together */
#define RRSET_TABLE_BYTES_MAX   (16u << 20)  /* RDATA octets of all distinct values together */
#define RRSET_NONE              ((size_t)-1) /* no value: not asked, or no usable answer */

/* What an authoritative server said about (owner, type). NODATA and NXDOMAIN
 * are values too: "provider b has no MX" is a difference like any other. */
enum rrset_status {
	RRSET_DATA,     /* one or more records */
	RRSET_NODATA,   /* the name exists, no record of the type */
	RRSET_NXDOMAIN, /* the name does not exist */
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
 * duplicates: every record of the answer, however many (a message of at most
 * 64 KB bounds them). The TTL is kept for display only: it is never compared. */
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
	size_t records, bytes; /* kept by all values: bounded by RRSET_TABLE_RECORDS/BYTES_MAX */
	bool failed;           /* an allocation failed: some answer could not be kept */
};

/* Read the answer of authoritative REPLY for (OWNER, TYPE) into the table and
 * return its index: an existing index when the same value was seen before
 * (TTLs apart). RRSET_NONE, with *WHY set, when REPLY is no usable answer: not
 * an authoritative NOERROR or NXDOMAIN answer, truncated (TC over TCP), a record
 * that cannot be put in canonical form, or a new value past the table's caps;
 * RRSET_NONE with table->failed set on ENOMEM. Every byte of REPLY is hostile:
 * records are bounded in count and length by the message. */
size_t rrset_table_take(struct rrset_table *table, const ldns_pkt *reply, const ldns_rdf *owner,
			ldns_rr_type type, struct answer_fail *why);

/* Compare two values: 0 when they are the same set (TTLs apart), else a
 * consistent order (status, then records walked side by side). */
int rrset_value_compare(const struct rrset_value *a, const struct rrset_value *b);

/* Append V for display to OUT: records in presentation form joined by ", ",
 * or "no TYPE record", "name does not exist". Bytes are as ldns presents them (\DDD for
 * non-printable ones); the caller escapes the result for its output format. At most MAX_CHARS bytes
 * of records are written; the records that do not fit become "...". */
void rrset_value_text(const struct rrset_value *v, size_t max_chars, struct mp_strbuf *out);

/* Free every value; leaves an empty table. */
void rrset_table_free(struct rrset_table *table);

/* A copy of RR (caller frees), or NULL on ENOMEM: ldns_rr_clone (1.8.3) leaves
 * out, and leaks, the owner or a field it cannot copy and returns the rest. */
ldns_rr *rrset_rr_clone(const ldns_rr *rr);

#endif
