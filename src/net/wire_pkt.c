/* wire_pkt.c - a DNS message into an ldns_pkt, record by record, with every allocation checked. */
#include "config.h"

#include <stdbool.h>

#include "net/wire_pkt.h"

#define WIRE_PKT_HEADER 12

/* A new packet whose four sections exist (ldns_pkt_new leaves a section it
 * could not allocate NULL), or NULL. */
static ldns_pkt *wire_pkt_new(void)
{
	ldns_pkt *p = ldns_pkt_new();

	if (p != NULL && (ldns_pkt_question(p) == NULL || ldns_pkt_answer(p) == NULL ||
			  ldns_pkt_authority(p) == NULL || ldns_pkt_additional(p) == NULL)) {
		ldns_pkt_free(p);
		return NULL;
	}
	return p;
}

/* The header fields of WIRE (LEN >= WIRE_PKT_HEADER) into P. */
static void wire_pkt_header(ldns_pkt *p, const uint8_t *wire)
{
	ldns_pkt_set_id(p, LDNS_ID_WIRE(wire));
	ldns_pkt_set_qr(p, LDNS_QR_WIRE(wire));
	ldns_pkt_set_opcode(p, LDNS_OPCODE_WIRE(wire));
	ldns_pkt_set_aa(p, LDNS_AA_WIRE(wire));
	ldns_pkt_set_tc(p, LDNS_TC_WIRE(wire));
	ldns_pkt_set_rd(p, LDNS_RD_WIRE(wire));
	ldns_pkt_set_ra(p, LDNS_RA_WIRE(wire));
	ldns_pkt_set_ad(p, LDNS_AD_WIRE(wire));
	ldns_pkt_set_cd(p, LDNS_CD_WIRE(wire));
	ldns_pkt_set_rcode(p, LDNS_RCODE_WIRE(wire));
	ldns_pkt_set_qdcount(p, LDNS_QDCOUNT(wire));
	ldns_pkt_set_ancount(p, LDNS_ANCOUNT(wire));
	ldns_pkt_set_nscount(p, LDNS_NSCOUNT(wire));
	ldns_pkt_set_arcount(p, LDNS_ARCOUNT(wire));
}

/* The length of a field of TYPE at POS (before END) that is not a name, the
 * way ldns_wire2rdf reads it; 0 when it runs past END. */
static size_t wire_pkt_field_len(ldns_rdf_type type, const uint8_t *wire, size_t pos, size_t end)
{
	size_t n;

	switch (type) {
	case LDNS_RDF_TYPE_CLASS:
	case LDNS_RDF_TYPE_ALG:
	case LDNS_RDF_TYPE_CERTIFICATE_USAGE:
	case LDNS_RDF_TYPE_SELECTOR:
	case LDNS_RDF_TYPE_MATCHING_TYPE:
	case LDNS_RDF_TYPE_INT8:
		n = 1;
		break;
	case LDNS_RDF_TYPE_TYPE:
	case LDNS_RDF_TYPE_INT16:
	case LDNS_RDF_TYPE_CERT_ALG:
		n = 2;
		break;
	case LDNS_RDF_TYPE_TIME:
	case LDNS_RDF_TYPE_INT32:
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_PERIOD:
		n = 4;
		break;
	case LDNS_RDF_TYPE_TSIGTIME:
	case LDNS_RDF_TYPE_EUI48:
		n = 6;
		break;
	case LDNS_RDF_TYPE_ILNP64:
	case LDNS_RDF_TYPE_EUI64:
		n = 8;
		break;
	case LDNS_RDF_TYPE_AAAA:
		n = 16;
		break;
	case LDNS_RDF_TYPE_STR: /* a length octet, then the octets */
	case LDNS_RDF_TYPE_NSEC3_SALT:
	case LDNS_RDF_TYPE_TAG:
	case LDNS_RDF_TYPE_B32_EXT:
	case LDNS_RDF_TYPE_NSEC3_NEXT_OWNER:
		n = (size_t)wire[pos] + 1;
		break;
	case LDNS_RDF_TYPE_INT16_DATA: /* a 16-bit length, then the octets */
		n = pos + 2 <= end ? (size_t)ldns_read_uint16(wire + pos) + 2 : end - pos + 1;
		break;
	case LDNS_RDF_TYPE_HIP: /* HIT length, algorithm, public key length, then both */
		n = pos + 4 <= end
			? (size_t)wire[pos] + (size_t)ldns_read_uint16(wire + pos + 2) + 4
			: end - pos + 1;
		break;
	default: /* the rest of the RDATA */
		n = end - pos;
		break;
	}
	return n <= end - pos ? n : 0;
}

/* The RDATA at *POS of WIRE (LEN octets; its RDLENGTH first) as the fields of
 * RR's type: what ldns_wire2rdf does, but a field that cannot be allocated is
 * LDNS_STATUS_MEM_ERR and nothing leaks (ldns 1.8.3 drops and leaks it). */
static ldns_status wire_pkt_rdata(ldns_rr *rr, const uint8_t *wire, size_t len, size_t *pos)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(ldns_rr_get_type(rr));
	size_t end, n, i;
	ldns_rdf *f;
	ldns_rdf_type type;
	ldns_status st;

	if (*pos + 2 > len)
		return LDNS_STATUS_PACKET_OVERFLOW;
	end = *pos + 2 + ldns_read_uint16(wire + *pos);
	*pos += 2;
	if (end > len)
		return LDNS_STATUS_PACKET_OVERFLOW;
	for (i = 0; *pos < end && i < ldns_rr_descriptor_maximum(d); i++) {
		type = ldns_rr_descriptor_field_type(d, i);
		f = NULL;
		if (type == LDNS_RDF_TYPE_DNAME) {
			st = ldns_wire2dname(&f, wire, len, pos);
			if (st != LDNS_STATUS_OK)
				return st;
		} else {
			n = wire_pkt_field_len(type, wire, *pos, end);
			if (n == 0)
				return LDNS_STATUS_PACKET_OVERFLOW;
			f = ldns_rdf_new_frm_data(type, n, wire + *pos);
			if (f == NULL)
				return LDNS_STATUS_MEM_ERR;
			*pos += n;
		}
		if (!ldns_rr_push_rdf(rr, f)) {
			ldns_rdf_deep_free(f);
			return LDNS_STATUS_MEM_ERR;
		}
	}
	return LDNS_STATUS_OK;
}

/* The record at *POS of WIRE (LEN octets) into *OUT (caller frees); a
 * question (owner, type, class) when QUESTION. */
static ldns_status wire_pkt_rr(ldns_rr **out, const uint8_t *wire, size_t len, size_t *pos,
			       bool question)
{
	ldns_rr *rr = ldns_rr_new();
	ldns_rdf *owner = NULL;
	ldns_status st;

	*out = NULL;
	if (rr == NULL)
		return LDNS_STATUS_MEM_ERR;
	st = ldns_wire2dname(&owner, wire, len, pos);
	if (st == LDNS_STATUS_OK && *pos + (question ? 4u : 8u) > len)
		st = LDNS_STATUS_PACKET_OVERFLOW;
	ldns_rr_set_owner(rr, owner);
	if (st == LDNS_STATUS_OK) {
		ldns_rr_set_type(rr, (ldns_rr_type)ldns_read_uint16(wire + *pos));
		ldns_rr_set_class(rr, (ldns_rr_class)ldns_read_uint16(wire + *pos + 2));
		ldns_rr_set_question(rr, question);
		*pos += 4;
	}
	if (st == LDNS_STATUS_OK && !question) {
		ldns_rr_set_ttl(rr, ldns_read_uint32(wire + *pos));
		*pos += 4;
		st = wire_pkt_rdata(rr, wire, len, pos);
	}
	if (st != LDNS_STATUS_OK) {
		ldns_rr_free(rr);
		return st;
	}
	*out = rr;
	return LDNS_STATUS_OK;
}

/* Take the OPT record RR (consumed) into P's EDNS fields. */
static ldns_status wire_pkt_opt(ldns_pkt *p, ldns_rr *rr)
{
	uint32_t ttl = ldns_rr_ttl(rr);
	ldns_rdf *data = NULL;

	ldns_pkt_set_edns_udp_size(p, (uint16_t)ldns_rr_get_class(rr));
	ldns_pkt_set_edns_extended_rcode(p, (uint8_t)(ttl >> 24));
	ldns_pkt_set_edns_version(p, (uint8_t)(ttl >> 16));
	ldns_pkt_set_edns_z(p, (uint16_t)ttl);
	if (ldns_rr_rd_count(rr) > 0 && ldns_rr_rdf(rr, 0) != NULL) {
		data = ldns_rdf_clone(ldns_rr_rdf(rr, 0));
		if (data == NULL) {
			ldns_rr_free(rr);
			return LDNS_STATUS_MEM_ERR;
		}
		ldns_rdf_deep_free(ldns_pkt_edns_data(p));
		ldns_pkt_set_edns_data(p, data);
	}
	ldns_rr_free(rr);
	return LDNS_STATUS_OK;
}

/* The list of SECTION of P. */
static ldns_rr_list *wire_pkt_list(ldns_pkt *p, ldns_pkt_section section)
{
	switch (section) {
	case LDNS_SECTION_QUESTION:
		return ldns_pkt_question(p);
	case LDNS_SECTION_ANSWER:
		return ldns_pkt_answer(p);
	case LDNS_SECTION_AUTHORITY:
		return ldns_pkt_authority(p);
	default:
		return ldns_pkt_additional(p);
	}
}

/* Read the COUNT records of SECTION at *POS of WIRE (LEN octets) into P; an
 * OPT record goes to the EDNS fields, a TSIG record to P's TSIG (neither is
 * counted in the additional section then, as ldns does). */
static ldns_status wire_pkt_section(ldns_pkt *p, ldns_pkt_section section, uint16_t count,
				    const uint8_t *wire, size_t len, size_t *pos)
{
	ldns_status st = LDNS_STATUS_OK;
	ldns_rr_type type;
	ldns_rr *rr;
	uint16_t i;

	for (i = 0; i < count && st == LDNS_STATUS_OK; i++) {
		st = wire_pkt_rr(&rr, wire, len, pos, section == LDNS_SECTION_QUESTION);
		if (st != LDNS_STATUS_OK)
			break;
		type = ldns_rr_get_type(rr);
		if (section == LDNS_SECTION_ADDITIONAL && type == LDNS_RR_TYPE_OPT) {
			st = wire_pkt_opt(p, rr);
			ldns_pkt_set_arcount(p, (uint16_t)(ldns_pkt_arcount(p) - 1));
		} else if (section == LDNS_SECTION_ADDITIONAL && type == LDNS_RR_TYPE_TSIG) {
			ldns_rr_free(ldns_pkt_tsig(p));
			ldns_pkt_set_tsig(p, rr);
			ldns_pkt_set_arcount(p, (uint16_t)(ldns_pkt_arcount(p) - 1));
		} else if (!ldns_rr_list_push_rr(wire_pkt_list(p, section), rr)) {
			ldns_rr_free(rr);
			st = LDNS_STATUS_MEM_ERR;
		}
	}
	return st;
}

ldns_status wire_pkt_parse(ldns_pkt **out, const uint8_t *wire, size_t len)
{
	static const ldns_pkt_section sections[] = {LDNS_SECTION_QUESTION, LDNS_SECTION_ANSWER,
						    LDNS_SECTION_AUTHORITY,
						    LDNS_SECTION_ADDITIONAL};
	ldns_pkt *p;
	ldns_status st = LDNS_STATUS_OK;
	size_t pos = WIRE_PKT_HEADER, k;
	uint16_t counts[4];

	*out = NULL;
	if (len < WIRE_PKT_HEADER)
		return LDNS_STATUS_WIRE_INCOMPLETE_HEADER;
	p = wire_pkt_new();
	if (p == NULL)
		return LDNS_STATUS_MEM_ERR;
	wire_pkt_header(p, wire);
	counts[0] = LDNS_QDCOUNT(wire);
	counts[1] = LDNS_ANCOUNT(wire);
	counts[2] = LDNS_NSCOUNT(wire);
	counts[3] = LDNS_ARCOUNT(wire);
	for (k = 0; k < 4 && st == LDNS_STATUS_OK; k++)
		st = wire_pkt_section(p, sections[k], counts[k], wire, len, &pos);
	if (st != LDNS_STATUS_OK) {
		ldns_pkt_free(p);
		return st;
	}
	ldns_pkt_set_size(p, len);
	*out = p;
	return LDNS_STATUS_OK;
}
