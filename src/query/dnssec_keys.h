/* dnssec_keys.h - a DNSKEY's key tag, whether a DS names it, key order: without allocating. */
#ifndef DNSSEC_KEYS_H
#define DNSSEC_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include <ldns/ldns.h>

/* The key tag of DNSKEY record KEY (RFC 4034 appendix B; an RSA/MD5 key as
 * B.1 says); 0 for a record that is not a DNSKEY of four fields.
 * (ldns_calc_keytag allocates, and says 0 when that fails.) */
uint16_t dnssec_key_tag(const ldns_rr *key);

/* True when DS record DS names KEY: the same owner, key tag and algorithm,
 * and its digest (SHA-1, SHA-256 or SHA-384) of KEY. Allocates nothing
 * (ldns_rr_compare_ds copies both records and crashes when it cannot). */
bool dnssec_ds_matches(const ldns_rr *ds, const ldns_rr *key);

/* Sort the DNSKEY records of KEYS (not owned by it) in canonical order, in
 * place. (ldns_rr_list_sort copies every record and crashes when it cannot.) */
void dnssec_keys_sort(ldns_rr_list *keys);

#endif
