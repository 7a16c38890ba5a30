/* wire.c - build DNS queries byte by byte and validate/classify replies with ldns. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dname.h"
#include "net/wire.h"
#include "net/wire_pkt.h"

#define WIRE_HEADER 12
#define FLAG_QR     0x80 /* in byte 2 */
#define FLAG_RD     0x01 /* in byte 2 */
#define FLAG_TC     0x02 /* in byte 2 */
#define FLAG_AA     0x04 /* in byte 2 */

static void wire_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)(v & 0xff);
}

size_t wire_build_query(const struct wire_question *q, uint16_t id,
			const struct wire_query_opts *opts, uint8_t *buf, size_t cap)
{
	size_t name_len = ldns_rdf_size(q->qname);
	bool edns = opts->edns || opts->nsid || opts->dnssec_ok;
	size_t need = WIRE_HEADER + name_len + 4 + (edns ? 11 : 0) + (opts->nsid ? 4 : 0);
	uint8_t *p = buf;

	if (need > cap || need > WIRE_QUERY_MAX)
		return 0;
	memset(buf, 0, need);
	wire_put16(p, id);
	p[2] = opts->rd ? FLAG_RD : 0;
	wire_put16(p + 4, 1);             /* QDCOUNT */
	wire_put16(p + 10, edns ? 1 : 0); /* ARCOUNT */
	p += WIRE_HEADER;
	memcpy(p, ldns_rdf_data(q->qname), name_len);
	p += name_len;
	wire_put16(p, (uint16_t)q->qtype);
	wire_put16(p + 2, (uint16_t)q->qclass);
	p += 4;
	if (edns) {
		/* root owner, type OPT, class = UDP size, TTL (flags: DO), RDLENGTH */
		p[0] = 0;
		wire_put16(p + 1, LDNS_RR_TYPE_OPT);
		wire_put16(p + 3, WIRE_EDNS_BUFSIZE);
		p[7] = opts->dnssec_ok ? 0x80 : 0; /* DO, the top bit of the flags */
		wire_put16(p + 9, opts->nsid ? 4 : 0);
		p += 11;
		if (opts->nsid) {
			wire_put16(p, WIRE_NSID_CODE);
			wire_put16(p + 2, 0);
			p += 4;
		}
	}
	return (size_t)(p - buf);
}

bool wire_is_truncated(const uint8_t *reply, size_t len)
{
	return len >= WIRE_HEADER && (reply[2] & FLAG_TC) != 0;
}

/* Check the question section of a parsed reply against Q. */
static bool wire_question_matches(const ldns_pkt *pkt, const struct wire_question *q)
{
	const ldns_rr_list *question = ldns_pkt_question(pkt);
	const ldns_rr *rr;

	if (ldns_pkt_qdcount(pkt) != 1 || question == NULL || ldns_rr_list_rr_count(question) != 1)
		return false;
	rr = ldns_rr_list_rr(question, 0);
	return ldns_rr_get_type(rr) == q->qtype && ldns_rr_get_class(rr) == q->qclass &&
	       dname_equal(ldns_rr_owner(rr), q->qname);
}

/* Step *POS of MSG (LEN octets) over a possibly compressed name. False when the
 * name runs past LEN or uses a reserved label type. Pointers are not followed
 * (ldns checks where they lead). */
static bool wire_skip_name(const uint8_t *msg, size_t len, size_t *pos)
{
	while (*pos < len) {
		uint8_t label = msg[*pos];
		if (label == 0) {
			*pos += 1;
			return true;
		}
		if ((label & 0xc0) == 0xc0) {
			*pos += 2;
			return *pos <= len;
		}
		if ((label & 0xc0) != 0)
			return false;
		*pos += 1 + (size_t)label;
	}
	return false;
}

/* True when the names that open the RDATA of a record of TYPE (at POS,
 * RDLEN octets of MSG) end inside it: NS, CNAME, PTR, DNAME (one name), MX
 * (16 bits, a name), SOA (two names, 20 octets). ldns parses such a name up
 * to the end of the message, and a record whose RDATA it cannot finish is
 * leaked (ldns 1.8.3). */
static bool wire_rdata_names_ok(const uint8_t *msg, size_t pos, size_t rdlen, unsigned type)
{
	size_t end = pos + rdlen, at = pos;
	unsigned names = 0, after = 0;

	if (type == LDNS_RR_TYPE_NS || type == LDNS_RR_TYPE_CNAME || type == LDNS_RR_TYPE_PTR ||
	    type == LDNS_RR_TYPE_DNAME)
		names = 1;
	else if (type == LDNS_RR_TYPE_MX)
		names = 1, at += 2;
	else if (type == LDNS_RR_TYPE_SOA)
		names = 2, after = 20;
	if (names == 0)
		return true;
	while (names-- > 0)
		if (at > end || !wire_skip_name(msg, end, &at))
			return false;
	return end - at >= after;
}

/* Walk the sections of REPLY (LEN >= WIRE_HEADER octets) without building
 * anything. True when every record lies inside LEN and the additional section
 * holds at most one TSIG record and at most one OPT record (RFC 6891 6.1.1):
 * ldns_wire2pkt (1.8.3) keeps only the last of either in a message and leaks
 * the others, so without this check every such reply from a hostile server
 * would grow our memory. AT[k] receives the offset where
 * section k (0 question, 1 answer, 2 authority, 3 additional) starts. */
static bool wire_walk_ok(const uint8_t *reply, size_t len, size_t at[4])
{
	size_t pos = WIRE_HEADER, i, rdlen;
	unsigned section, count, tsig = 0, opt = 0, type;

	for (section = 0; section < 4; section++) {
		at[section] = pos;
		count = (unsigned)(reply[4 + 2 * section] << 8 | reply[5 + 2 * section]);
		for (i = 0; i < count; i++) {
			if (!wire_skip_name(reply, len, &pos) || len - pos < (section ? 10u : 4u))
				return false;
			if (section == 0) {
				pos += 4;
				continue;
			}
			if (section == 3 &&
			    (reply[pos] << 8 | reply[pos + 1]) == LDNS_RR_TYPE_TSIG && ++tsig > 1)
				return false;
			if (section == 3 &&
			    (reply[pos] << 8 | reply[pos + 1]) == LDNS_RR_TYPE_OPT && ++opt > 1)
				return false;
			rdlen = (size_t)(reply[pos + 8] << 8 | reply[pos + 9]);
			type = (unsigned)(reply[pos] << 8 | reply[pos + 1]);
			pos += 10;
			if (rdlen > len - pos || !wire_rdata_names_ok(reply, pos, rdlen, type))
				return false;
			pos += rdlen;
		}
	}
	return true;
}

bool wire_sections_ok(const uint8_t *reply, size_t len)
{
	size_t at[4];

	return len >= WIRE_HEADER && wire_walk_ok(reply, len, at);
}

/* Copy of REPLY (LEN octets, walked: sections at AT) without its additional
 * records but the OPT ones and, with DROP_AUTHORITY, without its authority
 * section, into a malloc()ed buffer (*OUT_LEN octets); caller frees. NULL when
 * that cannot be done safely (an OPT record with a compressed owner) or on
 * ENOMEM: then the whole reply is parsed. Names in the sections kept point
 * only backwards, into what is kept. */
static uint8_t *wire_trim(const uint8_t *reply, size_t len, const size_t at[4], bool drop_authority,
			  size_t *out_len)
{
	unsigned count = (unsigned)(reply[10] << 8 | reply[11]), i, kept = 0;
	size_t pos = at[3], used = drop_authority ? at[2] : at[3], rr_len;
	uint8_t *copy = malloc(len);

	if (copy == NULL)
		return NULL;
	memcpy(copy, reply, used);
	for (i = 0; i < count; i++) { /* bounds were checked by wire_walk_ok */
		size_t start = pos;
		wire_skip_name(reply, len, &pos);
		rr_len = pos - start + 10 + (size_t)(reply[pos + 8] << 8 | reply[pos + 9]);
		if ((reply[pos] << 8 | reply[pos + 1]) == LDNS_RR_TYPE_OPT) {
			if (pos - start != 1) { /* owner not the bare root name */
				free(copy);
				return NULL;
			}
			memcpy(copy + used, reply + start, rr_len);
			used += rr_len;
			kept++;
		}
		pos = start + rr_len;
	}
	if (drop_authority)
		wire_put16(copy + 8, 0);
	wire_put16(copy + 10, (uint16_t)kept);
	*out_len = used;
	return copy;
}

/* Parse REPLY (walked, sections at AT) into *PKT, leaving out what OPTS skips.
 * Returns WIRE_OK, WIRE_MALFORMED or WIRE_NOMEM. */
static enum wire_check wire_parse(const uint8_t *reply, size_t len, const size_t at[4],
				  const struct wire_query_opts *opts, ldns_pkt **pkt)
{
	size_t trimmed_len = 0;
	uint8_t *trimmed = NULL;
	ldns_status st;
	bool drop_authority = opts != NULL && (opts->skip_authority ||
					       (opts->skip_authority_aa && (reply[2] & FLAG_AA)));

	if (opts != NULL && (opts->skip_additional || drop_authority))
		trimmed = wire_trim(reply, len, at, drop_authority, &trimmed_len);
	if (trimmed != NULL)
		st = wire_pkt_parse(pkt, trimmed, trimmed_len);
	else
		st = wire_pkt_parse(pkt, reply, len);
	free(trimmed);
	if (st == LDNS_STATUS_MEM_ERR)
		return WIRE_NOMEM;
	return st == LDNS_STATUS_OK && *pkt != NULL ? WIRE_OK : WIRE_MALFORMED;
}

enum wire_check wire_check_reply_for(const struct wire_question *q, uint16_t id,
				     const uint8_t *reply, size_t len,
				     const struct wire_query_opts *opts, ldns_pkt **out)
{
	ldns_pkt *pkt = NULL;
	size_t at[4] = {0, 0, 0, 0};
	enum wire_check check;

	*out = NULL;
	if (len < WIRE_HEADER)
		return WIRE_SHORT;
	if ((uint16_t)((reply[0] << 8) | reply[1]) != id)
		return WIRE_WRONG_ID;
	if ((reply[2] & FLAG_QR) == 0)
		return WIRE_NOT_RESPONSE;
	if (((reply[2] >> 3) & 0x0f) != LDNS_PACKET_QUERY)
		return WIRE_WRONG_OPCODE;
	if (!wire_walk_ok(reply, len, at))
		return WIRE_MALFORMED;
	check = wire_parse(reply, len, at, opts, &pkt);
	if (check != WIRE_OK) {
		ldns_pkt_free(pkt);
		return check;
	}
	if (!wire_question_matches(pkt, q)) {
		ldns_pkt_free(pkt);
		return WIRE_WRONG_QUESTION;
	}
	*out = pkt;
	return WIRE_OK;
}

enum wire_check wire_check_reply(const struct wire_question *q, uint16_t id, const uint8_t *reply,
				 size_t len, ldns_pkt **out)
{
	return wire_check_reply_for(q, id, reply, len, NULL, out);
}

const char *wire_check_name(enum wire_check check)
{
	switch (check) {
	case WIRE_OK:
		return "valid";
	case WIRE_SHORT:
		return "shorter than a DNS header";
	case WIRE_WRONG_ID:
		return "wrong ID";
	case WIRE_NOT_RESPONSE:
		return "not a response";
	case WIRE_WRONG_OPCODE:
		return "wrong opcode";
	case WIRE_MALFORMED:
		return "malformed";
	case WIRE_WRONG_QUESTION:
		return "wrong question";
	case WIRE_INCOMPLETE:
		return "incomplete TCP message";
	case WIRE_NOMEM:
		return "out of memory";
	}
	return "invalid";
}

/* Fill OBS->soa from an SOA RR. */
static void wire_read_soa(const ldns_rr *rr, struct soa_fields *soa)
{
	memset(soa, 0, sizeof *soa);
	if (ldns_rr_rd_count(rr) < 7)
		return;
	dname_display(ldns_rr_rdf(rr, 0), soa->mname, sizeof soa->mname);
	dname_display(ldns_rr_rdf(rr, 1), soa->rname, sizeof soa->rname);
	soa->serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
	soa->refresh = ldns_rdf2native_int32(ldns_rr_rdf(rr, 3));
	soa->retry = ldns_rdf2native_int32(ldns_rr_rdf(rr, 4));
	soa->expire = ldns_rdf2native_int32(ldns_rr_rdf(rr, 5));
	soa->minimum = ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));
}

/* Count SOA records for ZONE in the answer section; remember the first. */
static size_t wire_find_soa(const ldns_pkt *reply, const ldns_rdf *zone, const ldns_rr **first)
{
	const ldns_rr_list *answer = ldns_pkt_answer(reply);
	size_t i, count = 0;

	*first = NULL;
	for (i = 0; answer != NULL && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
		    !dname_equal(ldns_rr_owner(rr), zone))
			continue;
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN || ldns_rr_rd_count(rr) != 7)
			continue;
		if (count++ == 0)
			*first = rr;
	}
	return count;
}

/* True when the authority section holds NS records and no SOA: a referral. */
static bool wire_is_referral(const ldns_pkt *reply)
{
	const ldns_rr_list *auth = ldns_pkt_authority(reply);
	size_t i;
	bool ns = false;

	for (i = 0; auth != NULL && i < ldns_rr_list_rr_count(auth); i++) {
		ldns_rr_type t = ldns_rr_get_type(ldns_rr_list_rr(auth, i));
		if (t == LDNS_RR_TYPE_SOA)
			return false;
		if (t == LDNS_RR_TYPE_NS)
			ns = true;
	}
	return ns;
}

static void wire_set_lame(struct observation *obs, enum lame_reason why, const char *detail)
{
	obs->outcome = OUTCOME_LAME;
	obs->lame = why;
	snprintf(obs->error, sizeof obs->error, "%s", detail);
}

void wire_classify_soa(const ldns_pkt *reply, const ldns_rdf *zone, struct observation *obs)
{
	const ldns_rr *soa = NULL;
	size_t soa_count;

	obs->rcode = (int)ldns_pkt_get_rcode(reply);
	obs->aa = ldns_pkt_aa(reply);
	obs->ra = ldns_pkt_ra(reply);
	wire_read_nsid(reply, obs->nsid, sizeof obs->nsid);
	if (obs->rcode != LDNS_RCODE_NOERROR) {
		wire_set_lame(obs, LAME_RCODE, obs_rcode_name(obs->rcode));
		return;
	}
	soa_count = wire_find_soa(reply, zone, &soa);
	if (soa_count > 1) {
		obs->outcome = OUTCOME_INVALID;
		snprintf(obs->error, sizeof obs->error, "%zu SOA records in the answer", soa_count);
		return;
	}
	if (soa != NULL) {
		obs->has_soa = true;
		wire_read_soa(soa, &obs->soa);
	}
	if (soa == NULL && !obs->aa && wire_is_referral(reply))
		wire_set_lame(obs, LAME_REFERRAL, "referral");
	else if (!obs->aa)
		wire_set_lame(obs, LAME_NOT_AA, "not authoritative");
	else if (soa == NULL)
		wire_set_lame(obs, LAME_NO_SOA, "no SOA in answer");
	else
		obs->outcome = OUTCOME_ANSWERED;
}

/* Escape NSID bytes for display: printable ASCII except '\\' and '|' kept. */
static void wire_escape_nsid(const uint8_t *data, size_t len, char *buf, size_t size)
{
	size_t i, out = 0;

	buf[0] = '\0';
	for (i = 0; i < len; i++) {
		char tmp[8];
		size_t n;
		uint8_t c = data[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '|')
			n = (size_t)snprintf(tmp, sizeof tmp, "%c", c);
		else
			n = (size_t)snprintf(tmp, sizeof tmp, "\\%03u", (unsigned)c);
		if (out + n + 1 > size)
			break;
		memcpy(buf + out, tmp, n + 1);
		out += n;
	}
}

void wire_read_nsid(const ldns_pkt *reply, char *buf, size_t size)
{
	const ldns_rdf *data = ldns_pkt_edns_data(reply);
	const uint8_t *p;
	size_t len, pos = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (data == NULL)
		return;
	p = ldns_rdf_data(data);
	len = ldns_rdf_size(data);
	while (pos + 4 <= len) {
		unsigned code = (unsigned)(p[pos] << 8 | p[pos + 1]);
		size_t olen = (size_t)(p[pos + 2] << 8 | p[pos + 3]);
		pos += 4;
		if (olen > len - pos)
			return;
		if (code == WIRE_NSID_CODE) {
			wire_escape_nsid(p + pos, olen, buf, size);
			return;
		}
		pos += olen;
	}
}
