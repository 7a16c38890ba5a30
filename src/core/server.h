/* server.h - the server list as data: NS names, their addresses and the servers to judge.
 * Only servers/servers.c writes it; every later stage reads it const. */
#ifndef CORE_SERVER_H
#define CORE_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "core/observation.h"

#define SERVERS_NAMES_MAX 32 /* NS names checked per zone (parent and child together) */
#define SERVERS_NAMES_SEEN_MAX                                                                     \
	1024 /* NS names read from one answer; names past the cap are remembered up to this many,  \
		to count each once (an NS set this large already fills most of a 64 KB answer) */
#define SERVERS_ADDRS_PER_NAME 16  /* addresses kept per NS name */
#define SERVERS_MAX            256 /* addresses checked per run, all names together */
#define SERVERS_NONE           ((size_t)-1)

/* An NS name (or a bare address given with -n/-P) and the addresses it resolves to.
 * Discovery adds hosts, lookup fills their addresses, both through servers/servers.c. */
struct server_host {
	ldns_rdf *name;             /* owned, wire form; NULL for a bare address */
	char display[OBS_NAME_MAX]; /* escaped name, or the address text */
	unsigned origin;            /* enum server_origin bits */
	struct server_addr addrs[SERVERS_ADDRS_PER_NAME];
	size_t n_addrs;
	size_t dropped;            /* distinct addresses not kept (SERVERS_ADDRS_PER_NAME) */
	char error[OBS_ERROR_MAX]; /* why n_addrs is 0 */
	struct server_addr
	    glue[SERVERS_ADDRS_PER_NAME]; /* the parent's glue (in-bailiwick names) */
	size_t n_glue;
	bool from_glue;  /* its addresses are the parent's glue, not the resolver's */
	bool resolved;   /* every address lookup of the name got a reply */
	bool queried;    /* its addresses have servers (and questions) */
	size_t sort_key; /* scratch for sorting the list */
};

/* One server to check: one address of one host, or a host without address.
 * The unit every plan row, observation and verdict refers to (by index). */
struct server {
	size_t host;             /* index in the list's hosts */
	struct server_addr addr; /* valid when has_addr */
	bool has_addr;
	unsigned origin;  /* the host's origin, plus ORIGIN_PRIMARY when a -P address is the same
			     IP (one address is one server) */
	const char *name; /* the host's display name; "" for a bare address (not owned) */
	const ldns_rdf *dname; /* the host's wire-form name, NULL for a bare address (not owned) */
	uint16_t shown_port; /* its port when not the list's (-p): shown as "ADDRESS#PORT"; or 0 */
	size_t sort_key;     /* scratch for freezing */
};

/* The hosts and servers of a run. Growing until servers_freeze; read-only after. */
struct server_list {
	struct server_host *hosts;
	size_t n, cap;
	ldns_rdf *overflow[SERVERS_NAMES_SEEN_MAX]; /* names past the cap, owned (counting only) */
	size_t n_overflow;
	size_t dropped; /* distinct names not checked because of SERVERS_NAMES_MAX */
	struct server *servers;
	size_t n_servers, cap_servers;
	uint16_t port; /* the servers' port (-p): an address at another one shows its port */
	size_t servers_dropped; /* addresses not checked because of SERVERS_MAX */
	bool failed;            /* an allocation failed: the list is incomplete (UNKNOWN) */
	bool frozen;            /* servers_freeze ran: every writer refuses from now on */
};

/* A difference between the parent's glue and the zone's addresses of a name. */
struct glue_diff {
	char name[OBS_NAME_MAX];    /* the NS name, display form */
	char parent[OBS_ERROR_MAX]; /* the glue, "a, b" */
	char zone[OBS_ERROR_MAX];   /* the addresses the zone gives (through the resolver) */
};

#define GLUE_ASKED_MAX                                                                             \
	8 /* failed answers kept per unchecked glue name (2 types x 2 servers                      \
	     asked in one round; more are counted) */

/* A glued in-bailiwick NS name whose A or AAAA no server asked answered usably:
 * its glue was not compared. Who was asked, and why each answer was not usable. */
struct glue_unanswered {
	char name[OBS_NAME_MAX]; /* the NS name, display form */
	size_t n_asked;          /* failed answers (asked[] keeps GLUE_ASKED_MAX) */
	struct glue_asked {
		size_t server;          /* index in the server list */
		uint16_t type;          /* the RR type that failed; 0: every type asked of it */
		struct answer_fail why; /* why its answer was not usable */
	} asked[GLUE_ASKED_MAX];
};

#endif
