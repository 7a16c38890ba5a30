/* wire.h - DNS messages on the wire: build a query, validate a reply, read SOA/NS/address answers.
 */
#ifndef WIRE_H
#define WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "core/observation.h"

#define WIRE_QUERY_MAX    512  /* a query never exceeds this */
#define WIRE_EDNS_BUFSIZE 1232 /* advertised UDP payload (DNS flag day 2020) */
#define WIRE_NSID_CODE    3

/* The question a query asked; replies must repeat it. */
struct wire_question {
	const ldns_rdf *qname; /* not owned */
	ldns_rr_type qtype;
	ldns_rr_class qclass;
};

/* Options for building a query. */
struct wire_query_opts {
	bool rd;   /* recursion desired (resolver queries) */
	bool edns; /* add an OPT record advertising WIRE_EDNS_BUFSIZE */
	bool nsid; /* ask for NSID (implies edns) */
	/* replies: leave unparsed the additional section's records but OPT (glue
	 * nobody reads: a zone server's answers), and the authority section (for
	 * questions judged by the answer section alone). The query is the same. */
	bool skip_additional;
	bool skip_authority;
	bool skip_authority_aa; /* only when the reply is authoritative (AA): an SOA
				 * query reads the authority section of others (referrals) */
	bool dnssec_ok;         /* set the DO bit (implies edns): RRSIGs with the answer */
};

/* Write a query for Q with ID into BUF (cap >= WIRE_QUERY_MAX). Returns the
 * length, or 0 if the name does not fit. Pre: q->qname is a valid dname. */
size_t wire_build_query(const struct wire_question *q, uint16_t id,
			const struct wire_query_opts *opts, uint8_t *buf, size_t cap);

/* Outcome of validating a reply against the query it claims to answer. */
enum wire_check {
	WIRE_OK,
	WIRE_SHORT,          /* fewer bytes than a DNS header */
	WIRE_WRONG_ID,       /* ID differs: not ours (or spoofed) */
	WIRE_NOT_RESPONSE,   /* QR bit clear */
	WIRE_WRONG_OPCODE,   /* opcode is not QUERY */
	WIRE_MALFORMED,      /* does not parse (lying counts, bad names, short RDATA...) */
	WIRE_WRONG_QUESTION, /* question missing or different (name, type or class) */
	WIRE_INCOMPLETE,     /* TCP: stream ended or was empty before the message did */
	WIRE_NOMEM,          /* could not be parsed for want of memory: not the server's fault */
};

/* Validate REPLY (LEN bytes) as an answer to query ID for question Q. On
 * WIRE_OK, *out receives the parsed packet (caller frees with ldns_pkt_free);
 * otherwise *out is NULL. Every byte of REPLY is treated as hostile. */
enum wire_check wire_check_reply(const struct wire_question *q, uint16_t id, const uint8_t *reply,
				 size_t len, ldns_pkt **out);

/* wire_check_reply, leaving out of *out the sections that OPTS (the query's
 * options; NULL: none) skips. Every record is still walked and bounds-checked. */
enum wire_check wire_check_reply_for(const struct wire_question *q, uint16_t id,
				     const uint8_t *reply, size_t len,
				     const struct wire_query_opts *opts, ldns_pkt **out);

/* Short name of a wire_check value ("wrong ID", "malformed", ...). */
const char *wire_check_name(enum wire_check check);

/* True when every section of the LEN-octet message REPLY lies inside it, every record's
 * RDATA names end inside its RDATA, and it holds at most one TSIG and one OPT record:
 * the walk wire_check_reply does before anything parses the message (ldns 1.8.3 leaks
 * the records of a message that fails it). */
bool wire_sections_ok(const uint8_t *reply, size_t len);

/* True when the raw bytes have the TC bit set (pre: len >= 12). */
bool wire_is_truncated(const uint8_t *reply, size_t len);

/* Classify a validated reply to "ZONE SOA?" into OBS: rcode, flags, outcome
 * (answered / lame with its reason / invalid), SOA fields, NSID. */
void wire_classify_soa(const ldns_pkt *reply, const ldns_rdf *zone, struct observation *obs);

/* Extract the NSID option of REPLY, escaped for display, into BUF ("" when
 * absent). Printable ASCII is kept, other bytes become \DDD. */
void wire_read_nsid(const ldns_pkt *reply, char *buf, size_t size);

#endif
