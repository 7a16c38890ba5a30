/* observation.h - the data model: the servers to check and what each address answered. */
#ifndef OBSERVATION_H
#define OBSERVATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include "core/dnssec.h"

#define OBS_NAME_MAX  1024 /* presentation form of a name, escaped (255 octets * 4) */
#define OBS_ADDR_MAX  64   /* text of an IPv4/IPv6 address */
#define OBS_NSID_MAX  256  /* NSID, escaped for display */
#define OBS_ERROR_MAX 160  /* human-readable detail of a failure */

/* A network address of a server (IPv4 or IPv6) with its text form. */
struct server_addr {
	struct sockaddr_storage sa;
	socklen_t salen;
	int family; /* AF_INET or AF_INET6 */
	char text[OBS_ADDR_MAX];
};

/* Where a nameserver (name or address) came from; a bit set, since the
 * parent's delegation and the child's apex NS usually name the same server. */
enum server_origin {
	ORIGIN_PARENT = 1u << 0,  /* NS in the parent's delegation */
	ORIGIN_CHILD = 1u << 1,   /* NS in the zone's own apex NS RRset */
	ORIGIN_USER = 1u << 2,    /* given with -n */
	ORIGIN_PRIMARY = 1u << 3, /* given with -P (may be hidden: not in any NS set) */
	ORIGIN_HINT = 1u << 4,    /* the resolver's view of the NS set: asked early, kept
				     only when the parent or the zone confirms the name */
};

/* The fields of an SOA record, names escaped for display. */
struct soa_fields {
	uint32_t serial;
	uint32_t refresh, retry, expire, minimum;
	char mname[OBS_NAME_MAX];
	char rname[OBS_NAME_MAX];
};

/* What happened to the SOA query sent to one address. */
enum obs_outcome {
	OUTCOME_ANSWERED,    /* authoritative SOA for the zone */
	OUTCOME_LAME,        /* reached, but does not serve the zone properly */
	OUTCOME_UNREACHABLE, /* no answer, refused connection, no route */
	OUTCOME_INVALID,     /* only replies that failed validation arrived */
	OUTCOME_NO_ADDRESS,  /* the NS name has no A/AAAA: nothing could be asked */
};

/* Why a reached server counts as lame. */
enum lame_reason {
	LAME_NONE = 0,
	LAME_RCODE,    /* REFUSED, SERVFAIL, NOTAUTH, NXDOMAIN, ... (see rcode) */
	LAME_REFERRAL, /* answered with a delegation instead of the data */
	LAME_NOT_AA,   /* answer without the AA bit */
	LAME_NO_SOA,   /* authoritative, but no SOA for the zone in the answer */
};

/* Why a server counts as unreachable. */
enum unreach_reason {
	UNREACH_NONE = 0,
	UNREACH_TIMEOUT,      /* nothing came back in time */
	UNREACH_REFUSED,      /* ICMP port unreachable / TCP RST */
	UNREACH_NO_ROUTE,     /* network or host unreachable */
	UNREACH_NET_ERROR,    /* any other socket error (see sys_errno) */
	UNREACH_NOT_ATTEMPTED /* skipped: the time budget was already spent */
};

enum transport {
	TRANSPORT_NONE = 0,
	TRANSPORT_UDP,
	TRANSPORT_TCP,
};

/* Why a server that was asked another question than the SOA (the apex NS set,
 * a compared RRset) gave no usable answer to it. */
enum answer_failure {
	ANSWER_OK = 0,      /* a usable answer, or the question was not asked */
	ANSWER_RCODE,       /* an error RCODE: SERVFAIL, REFUSED, NOTAUTH, ... (detail) */
	ANSWER_NOT_AA,      /* an answer without the AA bit (a referral too) */
	ANSWER_UNREACHABLE, /* no reply: timeout, refused, no route (detail: enum unreach_reason) */
	ANSWER_INVALID,     /* only replies that failed validation */
	ANSWER_TRUNCATED,   /* TC set over TCP: the answer does not fit in 64 KB */
	ANSWER_NO_NS,       /* apex NS question: an authoritative answer without NS records */
	ANSWER_UNREADABLE,  /* a record that cannot be put in canonical form */
	ANSWER_TABLE_FULL,  /* the RRset table already holds RRSET_TABLE_MAX distinct values */
};

/* The failure of one question to one server: small, kept per server and question. */
struct answer_fail {
	uint8_t why;    /* enum answer_failure */
	uint8_t detail; /* the RCODE (ANSWER_RCODE) or enum unreach_reason (ANSWER_UNREACHABLE) */
};

/* What the second SOA query (over TCP, --transport=both) found. */
struct transport_check {
	bool asked;
	enum obs_outcome outcome;
	bool has_soa;
	uint32_t serial;
	char error[OBS_ERROR_MAX];
};

/* Everything observed when one server (servers.h) was asked for the zone's
 * SOA. Who the server is lives in the server list; this is only what it said.
 * Plain data; owns no pointers, so it can be copied and compared freely. */
struct observation {
	enum obs_outcome outcome;
	enum lame_reason lame;
	enum unreach_reason unreach;
	int sys_errno;            /* for UNREACH_NET_ERROR */
	int rcode;                /* DNS RCODE of the accepted reply, -1 if none */
	bool aa, tc_seen, ra;     /* header flags of the accepted reply (tc: any TC seen) */
	enum transport transport; /* transport of the accepted reply */
	unsigned udp_sends;       /* UDP datagrams sent (first try + retransmits) */
	unsigned invalid_replies; /* replies dropped by validation */
	uint32_t rtt_us;          /* from the send that was answered to the answer */
	bool has_soa;
	struct soa_fields soa;
	char nsid[OBS_NSID_MAX];    /* escaped; "" when not asked or not given */
	size_t ns_value;            /* apex NS RRset it served (rrset table index), or RRSET_NONE */
	struct answer_fail ns_fail; /* why the apex NS question got no usable answer */
	struct transport_check tcp_check; /* --transport=both: the same question over TCP */
	struct dnssec_obs dnssec;         /* its keys and signatures (--dnssec) */
	char error[OBS_ERROR_MAX];        /* detail for failures, "" otherwise */
};

/* Fill ADDR from the text of an IPv4 or IPv6 address and PORT (host order);
 * addr->text gets the canonical form. Returns 0, or -1 if TEXT is no address. */
int server_addr_from_text(struct server_addr *addr, const char *text, uint16_t port);

/* Fill ADDR from raw address bytes (4 for AF_INET, 16 for AF_INET6) and PORT.
 * Returns 0, or -1 for a bad family/length. */
int server_addr_from_bytes(struct server_addr *addr, int family, const uint8_t *bytes, size_t len,
			   uint16_t port);

/* Set the port of ADDR (host order). */
void server_addr_set_port(struct server_addr *addr, uint16_t port);

/* The port of ADDR (host order); 0 for an address of no known family. */
uint16_t server_addr_port(const struct server_addr *addr);

/* True when A and B are the same endpoint: IP address, port (and IPv6 scope). */
bool server_addr_same(const struct server_addr *a, const struct server_addr *b);

/* True when A and B are the same IP address (ports are ignored). */
bool server_addr_same_ip(const struct server_addr *a, const struct server_addr *b);

/* True when the observation counts as a failed address (unreachable, lame,
 * invalid or no address). */
bool observation_failed(const struct observation *obs);

/* Short English description of the outcome of OBS for output:
 * "lame (REFUSED)", "unreachable (timeout)", "invalid answers", "no address".
 * Writes into BUF of SIZE bytes; returns BUF. */
const char *observation_describe_failure(const struct observation *obs, char *buf, size_t size);

/* Short English text of failure F for output: "SERVFAIL", "not authoritative",
 * "timeout", "truncated over TCP", ... Writes into BUF of SIZE bytes; returns BUF. */
const char *answer_fail_text(const struct answer_fail *f, char *buf, size_t size);

/* Name of an RCODE ("NOERROR", "REFUSED", "RCODE11".."RCODE15"; "RCODE?" beyond 15). Static. */
const char *obs_rcode_name(int rcode);

#endif
