/* wire_pkt.h - a DNS message into an ldns_pkt, with every allocation checked. */
#ifndef WIRE_PKT_H
#define WIRE_PKT_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

/* What ldns_wire2pkt does, for the parts check_soa reads (header, the four
 * sections, the OPT record's EDNS fields and data, a TSIG record), but safe
 * when memory runs out: ldns 1.8.3's own crashes on a section list it could
 * not allocate and drops an RDATA field, or a record, it could not allocate
 * without saying so. Returns LDNS_STATUS_OK with *OUT set (caller frees with
 * ldns_pkt_free), LDNS_STATUS_MEM_ERR when memory ran out, or another status
 * when the message does not parse; *OUT is NULL then. */
ldns_status wire_pkt_parse(ldns_pkt **out, const uint8_t *wire, size_t len);

#endif
