/* dnssec_verify.h - an RRSIG checked against a key set, every allocation checked. */
#ifndef DNSSEC_VERIFY_H
#define DNSSEC_VERIFY_H

#include <ldns/ldns.h>

#define DNSSEC_VERIFY_RRS_MAX 64 /* records of a verified RRset (more: LDNS_STATUS_ERR) */

/* What ldns_verify_rrsig_keylist_notime says of SIG over RRSET (one owner,
 * type and class; not empty) with KEYS: LDNS_STATUS_OK when a key of KEYS
 * with SIG's key tag and algorithm verifies it, else the first reason that
 * is not "no key with that tag" (or that one), with the same status codes.
 * ldns copies the RRset and sorts the copies, and crashes when a copy cannot
 * be allocated; here the records are written as they are, in canonical form,
 * and LDNS_STATUS_MEM_ERR means memory ran out (nothing is known then). */
ldns_status dnssec_verify_rrsig(const ldns_rr_list *rrset, const ldns_rr *sig,
				const ldns_rr_list *keys);

#endif
