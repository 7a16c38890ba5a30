/* dnssec_verify.c - an RRSIG checked against a key set: the signed data built without copies of
 * records (RFC 4034 3.1.8.1, 6.2, 6.3), the cryptography left to ldns's raw verification. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "query/dnssec_keys.h"
#include "query/dnssec_verify.h"

/* One record of the RRset in canonical wire form: where it is in the scratch buffer. */
struct dnssec_rec {
	size_t at, len;  /* the whole record */
	size_t rdata_at; /* its RDATA (after RDLENGTH) */
};

/* SIG's signature field as the raw verification wants it (DER for DSA and
 * ECDSA) into RAW. LDNS_STATUS_CRYPTO_BOGUS for a signature of the wrong shape. */
static ldns_status dnssec_raw_sig(const ldns_rr *sig, ldns_buffer *raw)
{
	const ldns_rdf *s = ldns_rr_rdf(sig, 8);
	ldns_status st;

	switch (ldns_rdf2native_int8(ldns_rr_rdf(sig, 1))) {
	case LDNS_DSA:
	case LDNS_DSA_NSEC3:
		st = ldns_convert_dsa_rrsig_rdf2asn1(raw, s);
		break;
	case LDNS_ECDSAP256SHA256:
	case LDNS_ECDSAP384SHA384:
		st = ldns_convert_ecdsa_rrsig_rdf2asn1(raw, s);
		break;
	case LDNS_DH:
	case LDNS_ECC:
	case LDNS_INDIRECT:
		return LDNS_STATUS_CRYPTO_ALGO_NOT_IMPL;
	default:
		st = ldns_rdf2buffer_wire(raw, s);
		break;
	}
	if (ldns_buffer_status(raw) == LDNS_STATUS_MEM_ERR)
		return LDNS_STATUS_MEM_ERR;
	return st == LDNS_STATUS_OK ? LDNS_STATUS_OK : LDNS_STATUS_CRYPTO_BOGUS;
}

/* Write OWNER to B in canonical form (lower case), as the wildcard of its last
 * LABELS labels when it has more (RFC 4035 5.3.2). */
static void dnssec_owner_wire(ldns_buffer *b, const ldns_rdf *owner, uint8_t labels)
{
	const uint8_t *d = ldns_rdf_data(owner);
	size_t n = ldns_rdf_size(owner), at = 0, count = ldns_dname_label_count(owner), i;

	if (labels < count) {
		ldns_buffer_write_u8(b, 1);
		ldns_buffer_write_u8(b, '*');
		for (i = 0; i < count - labels && at < n; i++)
			at += (size_t)d[at] + 1;
	}
	for (; at < n; at++)
		ldns_buffer_write_u8(b, d[at] >= 'A' && d[at] <= 'Z' ? (uint8_t)(d[at] - 'A' + 'a')
								     : d[at]);
}

/* RR in canonical wire form, with SIG's original TTL, into B (records it in REC). */
static bool dnssec_rec_write(ldns_buffer *b, ldns_buffer *tmp, const ldns_rr *rr,
			     const ldns_rr *sig, struct dnssec_rec *rec)
{
	size_t olen = ldns_rdf_size(ldns_rr_owner(rr));

	rec->at = ldns_buffer_position(b);
	ldns_buffer_clear(tmp);
	/* the record as ldns writes it canonically (names in its RDATA in lower case),
	 * its owner and TTL then replaced */
	if (ldns_rr2buffer_wire_canonical(tmp, rr, LDNS_SECTION_ANSWER) != LDNS_STATUS_OK ||
	    ldns_buffer_position(tmp) < olen + 10 ||
	    !ldns_buffer_reserve(b, LDNS_MAX_DOMAINLEN + 2 + ldns_buffer_position(tmp)))
		return false;
	dnssec_owner_wire(b, ldns_rr_owner(rr), ldns_rdf2native_int8(ldns_rr_rdf(sig, 2)));
	ldns_buffer_write(b, ldns_buffer_at(tmp, olen), 4); /* type, class */
	ldns_buffer_write_u32(b, ldns_rdf2native_int32(ldns_rr_rdf(sig, 3)));
	ldns_buffer_write(b, ldns_buffer_at(tmp, olen + 8), ldns_buffer_position(tmp) - olen - 8);
	rec->len = ldns_buffer_position(b) - rec->at;
	rec->rdata_at = ldns_buffer_position(b) - (ldns_buffer_position(tmp) - olen - 10);
	return ldns_buffer_status_ok(b);
}

/* Canonical order of two records of one RRset: by RDATA, the shorter first on a tie. */
static int dnssec_rec_cmp(const ldns_buffer *b, const struct dnssec_rec *x,
			  const struct dnssec_rec *y)
{
	size_t lx = x->at + x->len - x->rdata_at, ly = y->at + y->len - y->rdata_at;
	int c = memcmp(ldns_buffer_at(b, x->rdata_at), ldns_buffer_at(b, y->rdata_at),
		       lx < ly ? lx : ly);

	return c != 0 ? c : (lx > ly) - (lx < ly);
}

/* The signed data of SIG over RRSET into DATA: SIG's RDATA but the signature,
 * then the records in canonical order. */
static ldns_status dnssec_signed_data(const ldns_rr_list *rrset, const ldns_rr *sig,
				      ldns_buffer *data)
{
	struct dnssec_rec rec[DNSSEC_VERIFY_RRS_MAX], t;
	size_t n = ldns_rr_list_rr_count(rrset), i, j;
	ldns_buffer *scratch = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	ldns_buffer *tmp = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	ldns_status st = LDNS_STATUS_MEM_ERR;
	bool ok = scratch != NULL && tmp != NULL;

	if (n == 0 || n > DNSSEC_VERIFY_RRS_MAX)
		ok = false, st = LDNS_STATUS_ERR;
	for (i = 0; ok && i < n; i++)
		ok = dnssec_rec_write(scratch, tmp, ldns_rr_list_rr(rrset, i), sig, &rec[i]);
	for (i = 1; ok && i < n; i++) /* insertion sort: a few records */
		for (j = i; j > 0 && dnssec_rec_cmp(scratch, &rec[j - 1], &rec[j]) > 0; j--)
			t = rec[j - 1], rec[j - 1] = rec[j], rec[j] = t;
	if (ok && ldns_rrsig2buffer_wire(data, sig) == LDNS_STATUS_OK &&
	    ldns_buffer_reserve(data, ldns_buffer_position(scratch))) {
		for (i = 0; i < n; i++)
			ldns_buffer_write(data, ldns_buffer_at(scratch, rec[i].at), rec[i].len);
		st = ldns_buffer_status_ok(data) ? LDNS_STATUS_OK : LDNS_STATUS_MEM_ERR;
	}
	ldns_buffer_free(scratch);
	ldns_buffer_free(tmp);
	return st;
}

/* The public key PUB (LEN octets) of ALGORITHM for OpenSSL, and the digest it
 * signs with (*MD; NULL for EdDSA). NULL for an algorithm left to ldns. */
static EVP_PKEY *dnssec_pkey(uint8_t algorithm, const uint8_t *pub, size_t len, const EVP_MD **md)
{
	EVP_PKEY *k = NULL;
	RSA *rsa;

	*md = NULL;
	switch (algorithm) {
	case LDNS_ECDSAP256SHA256:
		*md = EVP_sha256();
		return ldns_ecdsa2pkey_raw(pub, len, algorithm);
	case LDNS_ECDSAP384SHA384:
		*md = EVP_sha384();
		return ldns_ecdsa2pkey_raw(pub, len, algorithm);
	case LDNS_ED25519:
		return ldns_ed255192pkey_raw(pub, len);
	case LDNS_ED448:
		return ldns_ed4482pkey_raw(pub, len);
	case LDNS_RSAMD5:
		*md = EVP_md5();
		break;
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
		*md = EVP_sha1();
		break;
	case LDNS_RSASHA256:
		*md = EVP_sha256();
		break;
	case LDNS_RSASHA512:
		*md = EVP_sha512();
		break;
	default:
		return NULL;
	}
	/* ldns gives an RSA key as OpenSSL's RSA type, which OpenSSL 3 deprecates
	 * (ldns's own verification does the same) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	rsa = ldns_key_buf2rsa_raw(pub, len);
	k = rsa != NULL ? EVP_PKEY_new() : NULL;
	if (k == NULL || EVP_PKEY_assign_RSA(k, rsa) != 1) {
		EVP_PKEY_free(k);
		RSA_free(rsa);
		k = NULL;
	}
#pragma GCC diagnostic pop
	return k;
}

/* True when ALGORITHM is verified here, not by ldns (DSA, GOST, unknown ones). */
static bool dnssec_evp_algorithm(uint8_t algorithm)
{
	switch (algorithm) {
	case LDNS_ECDSAP256SHA256:
	case LDNS_ECDSAP384SHA384:
	case LDNS_ED25519:
	case LDNS_ED448:
	case LDNS_RSAMD5:
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
	case LDNS_RSASHA256:
	case LDNS_RSASHA512:
		return true;
	default:
		return false;
	}
}

/* The signature RAW over DATA checked with PUB (LEN) of ALGORITHM through
 * OpenSSL, every step's result checked (ldns's EVP code ignores a failed
 * EVP_VerifyInit and crashes when it ran out of memory). */
static ldns_status dnssec_verify_evp(ldns_buffer *raw, ldns_buffer *data, uint8_t algorithm,
				     const uint8_t *pub, size_t len)
{
	const EVP_MD *md;
	EVP_PKEY *k = dnssec_pkey(algorithm, pub, len, &md);
	EVP_MD_CTX *ctx = k != NULL ? EVP_MD_CTX_new() : NULL;
	int r = -1;

	if (ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, md, NULL, k) == 1)
		r = EVP_DigestVerify(ctx, ldns_buffer_begin(raw), ldns_buffer_position(raw),
				     ldns_buffer_begin(data), ldns_buffer_position(data));
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
	if (r == 1)
		return LDNS_STATUS_OK;
	return r == 0 ? LDNS_STATUS_CRYPTO_BOGUS : LDNS_STATUS_SSL_ERR;
}

/* SIG (raw signature RAW over DATA) checked with KEY, as ldns_verify_test_sig_key. */
static ldns_status dnssec_verify_key(ldns_buffer *raw, ldns_buffer *data, const ldns_rr *sig,
				     const ldns_rr *key)
{
	uint8_t algorithm = ldns_rdf2native_int8(ldns_rr_rdf(sig, 1));
	const ldns_rdf *pub;
	ldns_status st;

	if (dnssec_key_tag(key) != ldns_rdf2native_int16(ldns_rr_rdf(sig, 6)) ||
	    ldns_rr_rd_count(key) != 4)
		return LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY;
	if (ldns_rdf2native_int8(ldns_rr_rdf(key, 2)) != algorithm)
		return LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY;
	pub = ldns_rr_rdf(key, 3);
	errno = 0;
	if (dnssec_evp_algorithm(algorithm))
		st =
		    dnssec_verify_evp(raw, data, algorithm, ldns_rdf_data(pub), ldns_rdf_size(pub));
	else
		st = ldns_verify_rrsig_buffers_raw(
		    ldns_buffer_begin(raw), ldns_buffer_position(raw), data, ldns_rdf_data(pub),
		    ldns_rdf_size(pub), algorithm);
	if (st != LDNS_STATUS_OK && errno == ENOMEM) /* OpenSSL could not allocate */
		st = LDNS_STATUS_MEM_ERR;
	ERR_clear_error(); /* what OpenSSL queued (a failure it went on after, too) is not kept */
	return st;
}

ldns_status dnssec_verify_rrsig(const ldns_rr_list *rrset, const ldns_rr *sig,
				const ldns_rr_list *keys)
{
	ldns_buffer *raw = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	ldns_buffer *data = ldns_buffer_new(LDNS_MAX_PACKETLEN);
	ldns_status st = LDNS_STATUS_MEM_ERR, one;
	size_t i;

	if (raw != NULL && data != NULL) {
		if (ldns_rr_list_rr_count(rrset) == 0 || ldns_rr_rd_count(sig) != 9)
			st = LDNS_STATUS_ERR;
		else if (ldns_rdf2rr_type(ldns_rr_rdf(sig, 0)) !=
			 ldns_rr_get_type(ldns_rr_list_rr(rrset, 0)))
			st = LDNS_STATUS_CRYPTO_TYPE_COVERED_ERR;
		else if ((st = dnssec_raw_sig(sig, raw)) == LDNS_STATUS_OK)
			st = dnssec_signed_data(rrset, sig, data);
	}
	if (st == LDNS_STATUS_OK) {
		st = LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY;
		for (i = 0; i < ldns_rr_list_rr_count(keys) && st != LDNS_STATUS_OK; i++) {
			one = dnssec_verify_key(raw, data, sig, ldns_rr_list_rr(keys, i));
			if (one == LDNS_STATUS_OK || one == LDNS_STATUS_MEM_ERR ||
			    st == LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY)
				st = one;
			if (one == LDNS_STATUS_MEM_ERR)
				break;
		}
	}
	ldns_buffer_free(raw);
	ldns_buffer_free(data);
	return st;
}
