/* test_dnssec_keys.c - key tags, DS matching and key order without allocating agree with ldns. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "query/dnssec_keys.h"
#include "tap.h"

/* tests/unit/scenarios/zone-signed.scn's keys (ECDSA P-256) and DS, and an RSA/MD5 key */
static const char *const key_texts[] = {
    "zone.example. 3600 IN DNSKEY 256 3 13 andERZnRms3kx9r3obQgdN6dAqqQyNdnFo++2YmtNMJ2Pg8ueQZQpvR"
    "BGVTw4hgo1PNj/Iz156Rujt1hZU1pBQ==",
    "zone.example. 3600 IN DNSKEY 257 3 13 WoDKwAuAclF4xpd/6XxSJHqwfUqQTd3doRkuaZgy4AyPCr9EW5cuUBR"
    "s6BaulFWlcKGuUSVdoEIh1jlUPE+vow==",
    "ZONE.Example. 3600 IN DNSKEY 257 3 8 AwEAAcVnO9AqOjdBXF1v6ygsxuXfnKkxSYRlOaAbzbPmyR0gPpHnMbz7b"
    "MQyxWUDFwqaAMi7JwAG8HPrv+ayfEdPdGDu/Mbvz5nSOGLSDHNQP0hKhm0hfmbNAyfF1V1fpH4kRm2Gg1s=",
    "zone.example. 3600 IN DNSKEY 256 3 1 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nok"
    "fzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/T"
    "pPSEDhm2SNKLijfUppn1UaNvv4w==",
};
static const char ds_text[] = "zone.example. 86400 IN DS 42388 13 2 "
			      "f3d702aaa97c131e422d6884ec43987d9a1249a1e461f96095ab3ab067a4c51d";

static ldns_rr *rr_of(const char *text)
{
	ldns_rr *rr = NULL;

	if (ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL) != LDNS_STATUS_OK)
		printf("# does not parse: %s\n", text);
	return rr;
}

static void test_key_tags(void)
{
	size_t i, same = 0;

	for (i = 0; i < sizeof key_texts / sizeof key_texts[0]; i++) {
		ldns_rr *key = rr_of(key_texts[i]);
		if (key != NULL && dnssec_key_tag(key) == ldns_calc_keytag(key))
			same++;
		else if (key != NULL)
			printf("# key %zu: tag %u, ldns %u\n", i, dnssec_key_tag(key),
			       ldns_calc_keytag(key));
		ldns_rr_free(key);
	}
	tap_int_eq(same, sizeof key_texts / sizeof key_texts[0],
		   "key tag: as ldns_calc_keytag for ECDSA, RSA/SHA-256 and RSA/MD5 keys");
}

static void test_ds_matches(void)
{
	static const ldns_hash types[] = {LDNS_SHA1, LDNS_SHA256, LDNS_SHA384};
	ldns_rr *ds = rr_of(ds_text), *zsk = rr_of(key_texts[0]), *ksk = rr_of(key_texts[1]);
	size_t i, k, agree = 0, tries = 0;

	tap_ok(ds != NULL && dnssec_ds_matches(ds, ksk) && !dnssec_ds_matches(ds, zsk),
	       "DS: the parent's DS names the KSK, not the ZSK");
	for (k = 0; k < 3; k++) {
		ldns_rr *key = rr_of(key_texts[k]);
		for (i = 0; key != NULL && i < sizeof types / sizeof types[0]; i++) {
			ldns_rr *made = ldns_key_rr2ds(key, types[i]);
			ldns_rdf *digest = made != NULL ? ldns_rr_rdf(made, 3) : NULL;
			bool match = made != NULL && dnssec_ds_matches(made, key);
			tries++;
			if (digest != NULL)
				ldns_rdf_data(digest)[0] ^= 1; /* one bit of the digest off */
			if (match && !dnssec_ds_matches(made, key) && !dnssec_ds_matches(made, zsk))
				agree++;
			ldns_rr_free(made);
		}
		ldns_rr_free(key);
	}
	tap_ok(tries == 9 && agree == tries,
	       "DS: SHA-1, SHA-256 and SHA-384 DS made by ldns match their key, one bit off "
	       "does not (%zu of %zu)",
	       agree, tries);
	ldns_rr_free(ds);
	ldns_rr_free(zsk);
	ldns_rr_free(ksk);
}

static void test_sort(void)
{
	ldns_rr_list *ours = ldns_rr_list_new(), *theirs = ldns_rr_list_new();
	size_t i, n = 3, same = 0;

	for (i = n; i-- > 0;) {
		ldns_rr *key = rr_of(key_texts[i]);
		ldns_rr_list_push_rr(ours, key);
		ldns_rr_list_push_rr(theirs, key);
	}
	dnssec_keys_sort(ours);
	ldns_rr_list_sort(theirs);
	for (i = 0; i < n; i++)
		same += ldns_rr_list_rr(ours, i) == ldns_rr_list_rr(theirs, i);
	tap_int_eq(same, n, "key order: as ldns_rr_list_sort");
	ldns_rr_list_deep_free(ours);
	ldns_rr_list_free(theirs);
}

int main(void)
{
	test_key_tags();
	test_ds_matches();
	test_sort();
	return tap_done();
}
