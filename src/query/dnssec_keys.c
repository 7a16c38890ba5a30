/* dnssec_keys.c - a DNSKEY's key tag, whether a DS names it, key order: without allocating. */
#include "config.h"

#include <string.h>

#include <ldns/sha1.h>
#include <ldns/sha2.h>

#include "core/dname.h"
#include "query/dnssec_keys.h"

#define DNSSEC_KEY_FIXED 4 /* flags, protocol, algorithm: the RDATA before the public key */

/* KEY's flags, protocol and algorithm octets into FIXED, and its public key
 * into *PUB (*LEN octets). False when KEY is no DNSKEY of that shape. */
static bool dnssec_key_parts(const ldns_rr *key, uint8_t fixed[DNSSEC_KEY_FIXED],
			     const uint8_t **pub, size_t *len)
{
	if (ldns_rr_get_type(key) != LDNS_RR_TYPE_DNSKEY || ldns_rr_rd_count(key) != 4 ||
	    ldns_rdf_size(ldns_rr_rdf(key, 0)) != 2 || ldns_rdf_size(ldns_rr_rdf(key, 1)) != 1 ||
	    ldns_rdf_size(ldns_rr_rdf(key, 2)) != 1)
		return false;
	memcpy(fixed, ldns_rdf_data(ldns_rr_rdf(key, 0)), 2);
	fixed[2] = *ldns_rdf_data(ldns_rr_rdf(key, 1));
	fixed[3] = *ldns_rdf_data(ldns_rr_rdf(key, 2));
	*pub = ldns_rdf_data(ldns_rr_rdf(key, 3));
	*len = ldns_rdf_size(ldns_rr_rdf(key, 3));
	return true;
}

/* Add the N octets at P, the first at RDATA offset AT, to the key-tag sum AC. */
static void dnssec_tag_add(uint32_t *ac, size_t at, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		*ac += ((at + i) & 1) ? p[i] : (uint32_t)p[i] << 8;
}

uint16_t dnssec_key_tag(const ldns_rr *key)
{
	uint8_t fixed[DNSSEC_KEY_FIXED];
	const uint8_t *pub;
	size_t len;
	uint32_t ac = 0;

	if (!dnssec_key_parts(key, fixed, &pub, &len))
		return 0;
	if (fixed[3] == LDNS_RSAMD5) /* B.1: the third-to-last and second-to-last octets */
		return len >= 3 ? (uint16_t)(pub[len - 3] << 8 | pub[len - 2]) : 0;
	dnssec_tag_add(&ac, 0, fixed, DNSSEC_KEY_FIXED);
	dnssec_tag_add(&ac, DNSSEC_KEY_FIXED, pub, len);
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

/* The digest of TYPE over OWNER (canonical), FIXED and PUB (LEN) into OUT.
 * Returns its length, 0 for a digest type not known here. */
static size_t dnssec_ds_digest(uint8_t type, const uint8_t *owner, size_t olen,
			       const uint8_t *fixed, const uint8_t *pub, size_t len, uint8_t *out)
{
	ldns_sha1_ctx s1;
	ldns_sha256_CTX s256;
	ldns_sha384_CTX s384;

	switch (type) {
	case LDNS_SHA1:
		ldns_sha1_init(&s1);
		ldns_sha1_update(&s1, owner, (unsigned)olen);
		ldns_sha1_update(&s1, fixed, DNSSEC_KEY_FIXED);
		ldns_sha1_update(&s1, pub, (unsigned)len);
		ldns_sha1_final(out, &s1);
		return LDNS_SHA1_DIGEST_LENGTH;
	case LDNS_SHA256:
		ldns_sha256_init(&s256);
		ldns_sha256_update(&s256, owner, olen);
		ldns_sha256_update(&s256, fixed, DNSSEC_KEY_FIXED);
		ldns_sha256_update(&s256, pub, len);
		ldns_sha256_final(out, &s256);
		return LDNS_SHA256_DIGEST_LENGTH;
	case LDNS_SHA384:
		ldns_sha384_init(&s384);
		ldns_sha384_update(&s384, owner, olen);
		ldns_sha384_update(&s384, fixed, DNSSEC_KEY_FIXED);
		ldns_sha384_update(&s384, pub, len);
		ldns_sha384_final(out, &s384);
		return LDNS_SHA384_DIGEST_LENGTH;
	default:
		return 0;
	}
}

bool dnssec_ds_matches(const ldns_rr *ds, const ldns_rr *key)
{
	const ldns_rdf *owner = ldns_rr_owner(key);
	uint8_t fixed[DNSSEC_KEY_FIXED], canon[LDNS_MAX_DOMAINLEN + 1];
	uint8_t digest[LDNS_SHA384_DIGEST_LENGTH];
	const uint8_t *pub;
	size_t i, len, olen, dlen;

	if (ldns_rr_get_type(ds) != LDNS_RR_TYPE_DS || ldns_rr_rd_count(ds) != 4 || owner == NULL ||
	    !dname_equal(ldns_rr_owner(ds), owner) || !dnssec_key_parts(key, fixed, &pub, &len) ||
	    ldns_rdf2native_int16(ldns_rr_rdf(ds, 0)) != dnssec_key_tag(key) ||
	    ldns_rdf2native_int8(ldns_rr_rdf(ds, 1)) != fixed[3])
		return false;
	olen = ldns_rdf_size(owner);
	if (olen > sizeof canon)
		return false;
	for (i = 0; i < olen; i++) { /* the owner in canonical form: ASCII lower case */
		uint8_t c = ldns_rdf_data(owner)[i];
		canon[i] = c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
	}
	dlen = dnssec_ds_digest(ldns_rdf2native_int8(ldns_rr_rdf(ds, 2)), canon, olen, fixed, pub,
				len, digest);
	return dlen > 0 && ldns_rdf_size(ldns_rr_rdf(ds, 3)) == dlen &&
	       memcmp(ldns_rdf_data(ldns_rr_rdf(ds, 3)), digest, dlen) == 0;
}

/* Canonical order of DNSKEY records A and B (RFC 4034 6.3: their RDATA as
 * unsigned octet strings); a record of another shape sorts first. */
static int dnssec_key_cmp(const ldns_rr *a, const ldns_rr *b)
{
	uint8_t fa[DNSSEC_KEY_FIXED], fb[DNSSEC_KEY_FIXED];
	const uint8_t *pa, *pb;
	size_t la, lb;
	bool oka = dnssec_key_parts(a, fa, &pa, &la), okb = dnssec_key_parts(b, fb, &pb, &lb);
	int c;

	if (!oka || !okb)
		return (int)oka - (int)okb;
	c = memcmp(fa, fb, DNSSEC_KEY_FIXED);
	if (c == 0)
		c = memcmp(pa, pb, la < lb ? la : lb);
	if (c == 0 && la != lb)
		c = la < lb ? -1 : 1;
	return c;
}

void dnssec_keys_sort(ldns_rr_list *keys)
{
	size_t i, j, n = ldns_rr_list_rr_count(keys);

	for (i = 1; i < n; i++) /* insertion sort: a few keys, and no allocation */
		for (j = i; j > 0 && dnssec_key_cmp(ldns_rr_list_rr(keys, j - 1),
						    ldns_rr_list_rr(keys, j)) > 0;
		     j--) {
			ldns_rr *prev = ldns_rr_list_rr(keys, j - 1);
			ldns_rr_list_set_rr(keys, ldns_rr_list_rr(keys, j), j - 1);
			ldns_rr_list_set_rr(keys, prev, j);
		}
}
