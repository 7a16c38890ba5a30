/* dnssec.h - the DNSSEC data model: what one address served of the zone's signatures and keys,
 * and the parent's DS set. Plain data; crypto results are settled by query/, time by judge/. */
#ifndef CORE_DNSSEC_H
#define CORE_DNSSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNSSEC_SIGS_MAX 8  /* RRSIGs kept per RRset and address; more are counted */
#define DNSSEC_KEYS_MAX 16 /* DNSKEYs kept per address; more are counted */
#define DNSSEC_DS_MAX   16 /* DS records kept from the parent; more are counted */
#define DNSSEC_ERR_MAX  96 /* why the DNSKEY question got no usable answer */

/* --dnssec: judged when the zone looks signed (auto), always (on), never (off). */
enum dnssec_mode { DNSSEC_MODE_AUTO, DNSSEC_MODE_ON, DNSSEC_MODE_OFF };

/* The signed RRsets of the apex judged per address. */
enum dnssec_set { DNSSEC_SET_SOA, DNSSEC_SET_DNSKEY, DNSSEC_SETS };

/* What the cryptography says of one RRSIG (the validity period is judged apart). */
enum dnssec_sig_result {
	DNSSEC_SIG_VALID,       /* verifies with a key of the address's DNSKEY set */
	DNSSEC_SIG_BOGUS,       /* a key with its tag and algorithm is there; it does not verify */
	DNSSEC_SIG_NO_KEY,      /* no key of the set has its tag and algorithm */
	DNSSEC_SIG_UNSUPPORTED, /* an algorithm ldns cannot verify */
};

/* One RRSIG over an apex RRset. */
struct dnssec_sig {
	uint32_t inception, expiration; /* RFC 4034 3.1.5: serial-number arithmetic */
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t result; /* enum dnssec_sig_result */
};

/* The RRSIGs one address served over one RRset. */
struct dnssec_sigs {
	struct dnssec_sig sig[DNSSEC_SIGS_MAX];
	size_t n;
	size_t dropped; /* RRSIGs past DNSSEC_SIGS_MAX (not judged; said in the output) */
};

/* One DNSKEY as served by an address. */
struct dnssec_key {
	uint16_t tag;
	uint16_t flags; /* 256 ZSK, 257 KSK (SEP) */
	uint8_t algorithm;
	bool ds_match; /* a DS of the parent matches it (tag, algorithm, digest) */
};

/* What one address served of the zone's DNSSEC: filled by query/dnssec_query.c. */
struct dnssec_obs {
	bool asked;                        /* the DNSKEY question was asked */
	bool dnskey_answered;              /* an authoritative NOERROR answer to it came */
	char dnskey_error[DNSSEC_ERR_MAX]; /* why not, "" otherwise */
	struct dnssec_key keys[DNSSEC_KEYS_MAX];
	size_t n_keys;
	size_t keys_dropped; /* keys past DNSSEC_KEYS_MAX (counted; said in the output) */
	struct dnssec_sigs sigs[DNSSEC_SETS];
	bool cds_asked; /* CDS and CDNSKEY were asked (--dnssec=on) */
	size_t cds[2];  /* the CDS and CDNSKEY RRsets it served: rrset table indexes (NODATA
			   is a value), (size_t)-1 when it gave no authoritative answer */
};

/* One DS record of the parent, as data. */
struct dnssec_ds_rec {
	uint16_t key_tag;
	uint8_t algorithm, digest_type;
};

/* The parent's DS set for the zone. */
struct dnssec_ds {
	bool asked;    /* DS questions went to the parent's servers */
	bool known;    /* a parent server answered authoritatively (n may be 0: no DS) */
	bool answered; /* ... with NOERROR or NODATA */
	struct dnssec_ds_rec rec[DNSSEC_DS_MAX];
	size_t n;
	size_t dropped; /* DS records past DNSSEC_DS_MAX (matched, but not listed) */
};

#endif
