/* probe.h - many DNS queries in flight at once: one thread, non-blocking UDP/TCP sockets, poll().
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "core/observation.h"
#include "net/wire.h"

/* Retransmission and give-up times for every probe of one run. */
struct probe_timing {
	int64_t give_up_us;  /* per query (and again per TCP fallback) */
	int64_t retry_us[2]; /* UDP retransmits, after the first send; 0 = none */
};

/* Timing derived from a per-query give-up time: retransmits at 1/6 and 1/2 of
 * it (0.5 s and 1.5 s for the default 3 s). */
struct probe_timing probe_timing_for(int64_t give_up_us);

enum probe_phase {
	PROBE_IDLE = 0, /* not started */
	PROBE_UDP,      /* datagram sent, waiting */
	PROBE_TCP_CONNECT,
	PROBE_TCP_WRITE,
	PROBE_TCP_READ,
	PROBE_DONE,
};

/* Engine-private state of one probe. */
struct probe_state {
	enum probe_phase phase;
	bool waiting_fd; /* idle because socket() hit the descriptor limit; retried later */
	int fd;
	uint16_t id;
	uint8_t query[WIRE_QUERY_MAX];
	size_t query_len;
	int64_t started_us;   /* first UDP send, or TCP connect: the RTT counts from it */
	int64_t asked_us;     /* when the probe was first started; 0: never */
	bool fell_back;       /* its fallback was started */
	int64_t next_send_us; /* next UDP retransmit, 0 = none */
	int64_t give_up_us;
	unsigned retries_done;
	uint8_t tcp_out[2 + WIRE_QUERY_MAX]; /* length prefix + query */
	size_t tcp_out_len;
	uint8_t tcp_len[2]; /* announced length of the answer */
	uint8_t *tcp_in;    /* answer body, owned; at most 65535 bytes */
	size_t tcp_in_len;  /* announced length */
	size_t io_done;     /* bytes written, or read (prefix included) */
	/* UDP socket sharing: every probe to one address sends over one socket,
	 * owned by the first of them (its leader); replies go to the probe whose
	 * ID they carry (IDs are unique per socket), then are checked in full. */
	struct probe *udp_leader; /* set by probe_run; NULL: not shared */
	int udp_fd;               /* leader only: the shared socket, or -1 */
	unsigned udp_users;       /* leader only: probes using it */
	bool udp_shared;          /* fd is the leader's shared socket */
	bool id_used;             /* id was sent over the shared socket */
	bool want_tcp;            /* waits for a descriptor to fall back to TCP */
	bool polled;              /* leader only: in this pass's poll set */
};

/* One query to one address, and what came of it. */
struct probe {
	/* request: filled in by the caller */
	struct server_addr addr;       /* with the port set */
	struct wire_question question; /* qname not owned; must outlive the run */
	struct wire_query_opts opts;
	bool tcp_only;
	bool optional;   /* probe_run need not wait for it (a speculative query) */
	bool need_aa;    /* only an authoritative NOERROR or NXDOMAIN reply is a usable answer */
	size_t fallback; /* 1 + index of the probe (deferred) to start when this one gives no
			    usable answer; 0: none */
	bool deferred;   /* not started by probe_run: only as another probe's fallback */
	/* result */
	bool done;                   /* finished with a valid reply */
	bool usable;                 /* done, and the reply is usable (need_aa) */
	ldns_pkt *reply;             /* valid reply, owned by the probe (probe_clear) */
	enum unreach_reason unreach; /* when done is false */
	int sys_errno;
	enum transport transport; /* of the accepted reply */
	bool tc_seen;             /* a truncated UDP answer was received */
	unsigned udp_sends;
	unsigned invalid_replies;
	enum wire_check last_invalid;
	uint32_t rtt_us;
	struct probe_state st;
};

/* Prepare P for a query of QUESTION to ADDR: zeroes results and state. */
void probe_init(struct probe *p, const struct server_addr *addr,
		const struct wire_question *question, const struct wire_query_opts *opts,
		bool tcp_only);

/* Run all N probes concurrently until each has a valid reply or has failed,
 * or DEADLINE_US (clock_now_us time) is reached, whichever is first. Optional
 * probes are not waited for: once every other probe has finished, those still
 * running get a grace (half the time the run took so far, at least 20 ms), then fail with
 * UNREACH_TIMEOUT (when all are optional, all are waited for). A deferred probe
 * starts only as the fallback of another one, at the first of: that probe
 * ends without a usable answer, its first retransmit is due, or it is still
 * running when the grace ends; a fallback is then waited for up to 1.5 times
 * the longest round trip of the required probes (at least 20 ms). A probe
 * whose socket cannot be created fails alone; one that meets the descriptor
 * limit (EMFILE, ENFILE) waits until another probe has closed its socket.
 * A readable socket is drained at most PROBE_READS_PER_EVENT datagrams at a
 * time, so a flood cannot hold the loop past the deadline. Never blocks past
 * the deadline; every socket is closed on return. */
void probe_run(struct probe *probes, size_t n, const struct probe_timing *timing,
	       int64_t deadline_us);

/* True when P failed for want of memory (ours, or the kernel's): nothing is
 * known about the server then, and the check cannot go on. */
bool probe_out_of_memory(const struct probe *p);

/* Free the reply and any buffers of P; closes its socket if still open. */
void probe_clear(struct probe *p);

/* Describe why P failed: "timeout", "connection refused", ... Static or BUF. */
const char *probe_failure_text(const struct probe *p, char *buf, size_t size);

#endif
