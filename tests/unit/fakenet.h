/* fakenet.h - a scripted DNS network on a virtual clock, put behind netio.h for engine tests. */
#ifndef FAKENET_H
#define FAKENET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/observation.h"

#define FAKENET_T0        1000000000 /* virtual time after fakenet_reset: 1000 s */
#define FAKENET_LOG_MAX   1024       /* queries remembered */
#define FAKENET_ERROR_MAX 512

/*
 * Scenario files (NAME.scn in tests/unit/scenarios), one directive a line; a line
 * whose first non-blank character is '#' is a comment:
 *
 *   latency MS                  connect and default reply delay (default 1),
 *                               for the rules after it
 *   include FILE                its rules, relative to this file's directory
 *   on ADDR[#PORT][,...] PROTO QNAME QTYPE ACTION [PARAM...]
 *                               a rule: what the servers at ADDR (port 53 by
 *                               default; up to 8) do with a query; PROTO udp,
 *                               tcp or any; QNAME a name or *, QTYPE a type or *
 *   answer|authority|additional RR
 *                               a record (presentation form, absolute names)
 *                               for the section of the reply of the last rule
 *
 * The first rule that matches a query decides (so an overlay file lists its
 * rules before it includes the base). Actions:
 *   reply    a reply: the query's ID, RD and question, QR set, the rule's records
 *   tc       a reply with TC set and no records
 *   drop     nothing (over TCP: a connection that stays silent)
 *   refuse   UDP: ICMP port unreachable (ECONNREFUSED on the next recv);
 *            TCP: the connection is refused (a rule with QNAME and QTYPE *)
 * Parameters:
 *   aa, ra        header flags            rcode=NAME   e.g. NXDOMAIN, REFUSED
 *   delay=MS      after the query (default: latency)
 *   from=K        drop the first K-1 queries that match (at any of its
 *                 addresses), act from the K-th on
 *   wrongid       first a copy with another ID, the reply one delay later
 *   spoof=ADDR    first a copy from ADDR (a connected socket never sees it)
 *   trickle=MS    TCP: the reply one byte every MS
 *   cut=N         TCP: only the first N bytes of the stream, then EOF
 * A query no rule matches is dropped and counted (fakenet_unmatched).
 *
 * Virtual time: poll() never sleeps; when nothing is ready it moves the clock
 * to the next delivery (or to its timeout) and returns. Sockets are only
 * numbers of the fake; connected UDP sockets receive only from their peer.
 */

/* One query that reached a fake server. */
struct fakenet_query {
	int64_t at_us; /* virtual time of arrival (= of the send) */
	struct server_addr to;
	bool tcp;
	char qname[256]; /* presentation form, as sent */
	uint16_t qtype;
};

/* Forget every rule, socket and log entry; the clock goes back to FAKENET_T0. */
void fakenet_reset(void);

/* Add the rules of the scenario file NAME (in SCENARIO_DIR unless absolute).
 * Returns 0, or -1 with a reason ("file:line: ...") in ERR. */
int fakenet_load(const char *name, char *err, size_t size);

/* Put the fake behind netio.h / remove it (back to the system calls). */
void fakenet_install(void);
void fakenet_uninstall(void);

/* The virtual clock, in microseconds. */
int64_t fakenet_now(void);

/* socket() fails with EMFILE while N fake sockets are open (0: no limit). */
void fakenet_set_fd_limit(size_t n);

/* Fake sockets open now; the most ever open at once; poll() calls so far. */
size_t fakenet_open_sockets(void);
size_t fakenet_max_open(void);
size_t fakenet_polls(void);

/* Queries no rule matched; datagrams dropped by connected-socket filtering. */
size_t fakenet_unmatched(void);
size_t fakenet_filtered(void);

/* Misuse seen by the fake (a blocking socket, an unknown descriptor, poll
 * with nothing to wait for, ...): the first one's text, or NULL. */
const char *fakenet_error(void);

/* The queries that arrived, in order. */
size_t fakenet_log_count(void);
const struct fakenet_query *fakenet_log(size_t i);

/* Arrival times, relative to FAKENET_T0 and in milliseconds (rounded down),
 * of the queries to ADDR (any port) over TCP (TCP true) or UDP, for QNAME
 * (case-insensitive; NULL = any) written as "at,at,..." into BUF. Returns BUF. */
const char *fakenet_times(const char *addr, bool tcp, const char *qname, char *buf, size_t size);

/* Free everything (at the end of a test program). */
void fakenet_free(void);

#endif
