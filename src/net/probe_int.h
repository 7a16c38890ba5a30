/* probe_int.h - internal to net/: what the engine's poll() loop (probe_loop.c) uses of the
 * probe state machine (probe.c); probe.h is the interface. */
#ifndef PROBE_INT_H
#define PROBE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "net/probe.h"

#define PROBE_UDP_MAX 65536 /* the largest datagram read */

/* Give every probe that may use UDP the first such probe to its address as
 * leader, the owner of the one UDP socket they share. O(n^2), n is small. */
void probe_share_sockets(struct probe *probes, size_t n);

/* End P without a valid reply: WHY, with errno ERR (0 when none). */
void probe_fail(struct probe *p, enum unreach_reason why, int err);

/* Start P (one of the N PROBES) at NOW: its first send, or its TCP connection. */
void probe_start(struct probe *p, struct probe *probes, size_t n, const struct probe_timing *t,
		 int64_t now);

/* Handle poll() events REVENTS for P (for its shared socket, in UDP); BUF has
 * PROBE_UDP_MAX bytes of room. */
void probe_on_events(struct probe *probes, size_t n, struct probe *p, short revents, uint8_t *buf,
		     const struct probe_timing *t, int64_t now);

/* Fire retransmits and give-ups due at NOW; return the next timer of P. */
int64_t probe_on_timers(struct probe *probes, size_t n, struct probe *p,
			const struct probe_timing *t, int64_t now);

#endif
