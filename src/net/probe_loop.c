/* probe_loop.c - the query engine's poll() loop: timers, one poll() over every socket, events,
 * fallbacks, the deadline and the short grace for optional probes. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "net/clock.h"
#include "net/netio.h"
#include "net/probe.h"
#include "net/probe_int.h"

/* Least wait for optional probes after the rest, and for a fallback: a server that has
 * the answer but is busy (a loaded host, a BIND reloading) answers within it, so a glue
 * question is not reported unanswered for want of a millisecond. A zone whose servers
 * answer every question pays nothing: the wait ends with the last answer. */
#define PROBE_GRACE_MIN_US 20000

static short probe_poll_events(const struct probe *p)
{
	switch (p->st.phase) {
	case PROBE_UDP:
	case PROBE_TCP_READ:
		return POLLIN;
	case PROBE_TCP_CONNECT:
	case PROBE_TCP_WRITE:
		return POLLOUT;
	default:
		return 0;
	}
}

/* Start the probes that wait for a descriptor, until one still finds none. */
static void probe_start_waiting(struct probe *probes, size_t n, const struct probe_timing *t,
				int64_t now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!probes[i].st.waiting_fd)
			continue;
		probes[i].st.waiting_fd = false;
		probe_start(&probes[i], probes, n, t, now);
		if (probes[i].st.waiting_fd)
			return;
	}
}

/* True while the run must go on: a required probe (or, when every probe is
 * optional, any probe) has not finished. */
static bool probe_must_wait(const struct probe *probes, size_t n)
{
	size_t i;
	bool any_required = false, any_running = false;

	for (i = 0; i < n; i++) {
		bool running = probes[i].st.phase != PROBE_DONE &&
			       !(probes[i].deferred && probes[i].st.asked_us == 0);
		if (!probes[i].optional) {
			any_required = true;
			if (running)
				return true;
		}
		any_running = any_running || running;
	}
	return !any_required && any_running;
}

/* Start the fallbacks that are due at NOW: of a probe that ended without a
 * usable answer, whose first retransmit is due, or (GRACE_OVER: the grace
 * after the required probes has ended) that is still running. */
static void probe_fall_back(struct probe *probes, size_t n, const struct probe_timing *t,
			    int64_t now, bool grace_over)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct probe *p = &probes[i], *f;
		enum probe_phase ph = p->st.phase;
		if (p->fallback == 0 || p->fallback > n || p->st.fell_back || p->st.asked_us == 0)
			continue;
		if (!(ph == PROBE_DONE && !p->usable) &&
		    !(ph == PROBE_UDP && p->st.retries_done == 0 && p->st.next_send_us != 0 &&
		      now >= p->st.next_send_us) &&
		    !(grace_over && ph != PROBE_DONE))
			continue;
		p->st.fell_back = true;
		f = &probes[p->fallback - 1];
		if (f->deferred && f->st.asked_us == 0 && f->st.phase == PROBE_IDLE)
			probe_start(f, probes, n, t, now);
	}
}

/* One pass: waiting starts, due fallbacks, timers, then poll() over every open
 * socket, then events. Returns the number of probes still running, or 0 when
 * REQUIRED (the main loop) and the timers ended the last required probe. */
static size_t probe_step(struct probe *probes, size_t n, struct pollfd *pfd, size_t *owner,
			 uint8_t *buf, const struct probe_timing *t, int64_t deadline,
			 bool required)
{
	int64_t now = clock_now_us(), next = deadline;
	size_t i, used = 0;
	int ready;

	probe_start_waiting(probes, n, t, now);
	probe_fall_back(probes, n, t, now, false);
	for (i = 0; i < n; i++)
		probes[i].st.polled = false;
	for (i = 0; i < n; i++) {
		int64_t due = probe_on_timers(probes, n, &probes[i], t, now);
		if (probes[i].st.phase == PROBE_DONE || probes[i].st.phase == PROBE_IDLE)
			continue;
		next = due < next ? due : next;
		if (probes[i].st.udp_shared) { /* a shared socket is polled once */
			if (probes[i].st.udp_leader->st.polled)
				continue;
			probes[i].st.udp_leader->st.polled = true;
		}
		pfd[used].fd = probes[i].st.fd;
		pfd[used].events = probe_poll_events(&probes[i]);
		pfd[used].revents = 0;
		owner[used++] = i;
	}
	if (used == 0 || (required && !probe_must_wait(probes, n)))
		return 0; /* the last required probe ended on a timer: no poll for the rest */
	ready = netio()->poll(pfd, (nfds_t)used, clock_poll_ms(now, next));
	if (ready <= 0)
		return used;       /* timeout or EINTR: timers run on the next pass */
	for (i = 0; i < used; i++) /* a clock read per event keeps each RTT honest */
		if (pfd[i].revents != 0 && probes[owner[i]].st.fd == pfd[i].fd)
			probe_on_events(probes, n, &probes[owner[i]], pfd[i].revents, buf, t,
					clock_now_us());
	return used;
}

/* Fail every probe still running at the deadline. */
static void probe_expire_all(struct probe *probes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (probes[i].st.waiting_fd)
			probe_fail(&probes[i], UNREACH_NET_ERROR, EMFILE);
		else if (probes[i].st.phase == PROBE_IDLE)
			probe_fail(&probes[i], UNREACH_NOT_ATTEMPTED, 0);
		else if (probes[i].st.phase != PROBE_DONE)
			probe_fail(&probes[i], UNREACH_TIMEOUT, 0);
	}
}

/* The longest round trip of the required probes that were answered; 0 without one. */
static int64_t probe_longest_rtt(const struct probe *probes, size_t n)
{
	int64_t rtt = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!probes[i].optional && probes[i].done && probes[i].rtt_us > rtt)
			rtt = probes[i].rtt_us;
	return rtt;
}

/* Until when the run waits for the optional probes, at NOW: BASE while one
 * that is no fallback runs; a running fallback until its start + 1.5 x RTT (at
 * least PROBE_GRACE_MIN_US). */
static int64_t probe_grace_until(const struct probe *probes, size_t n, int64_t now, int64_t base,
				 int64_t rtt)
{
	int64_t until = now,
		wait = rtt * 3 / 2 > PROBE_GRACE_MIN_US ? rtt * 3 / 2 : PROBE_GRACE_MIN_US;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct probe *p = &probes[i];
		if (p->st.phase == PROBE_DONE || p->st.asked_us == 0)
			continue;
		if (!p->deferred && base > until)
			until = base;
		if (p->deferred && p->st.asked_us + wait > until)
			until = p->st.asked_us + wait;
	}
	return until;
}

/* Optional probes still running when the required ones are done get a short
 * grace: half the time the run took so far, at least PROBE_GRACE_MIN_US. An
 * answer the server had at hand (a resolver's cache) arrives within it; one
 * that needs more work is not waited for. A probe still running when the
 * grace ends has its fallback started, waited for 1.5 round trips of the
 * required ones (at least PROBE_GRACE_MIN_US). */
static void probe_grace(struct probe *probes, size_t n, struct pollfd *pfd, size_t *owner,
			uint8_t *buf, const struct probe_timing *t, int64_t deadline, int64_t start)
{
	int64_t now = clock_now_us(), rtt = probe_longest_rtt(probes, n);
	int64_t base =
	    now + ((now - start) / 2 > PROBE_GRACE_MIN_US ? (now - start) / 2 : PROBE_GRACE_MIN_US);
	int64_t until;

	for (;;) {
		now = clock_now_us();
		probe_fall_back(probes, n, t, now, now >= base);
		until = probe_grace_until(probes, n, now, base, rtt);
		if (until > deadline)
			until = deadline;
		if (now >= until ||
		    probe_step(probes, n, pfd, owner, buf, t,
			       now < base && base < until ? base : until, false) == 0)
			break;
	}
}

void probe_run(struct probe *probes, size_t n, const struct probe_timing *timing,
	       int64_t deadline_us)
{
	struct pollfd *pfd = calloc(n ? n : 1, sizeof *pfd);
	size_t *owner = calloc(n ? n : 1, sizeof *owner);
	uint8_t *buf = malloc(PROBE_UDP_MAX);
	int64_t now = clock_now_us();
	size_t i;

	if (pfd == NULL || owner == NULL || buf == NULL) {
		for (i = 0; i < n; i++)
			probe_fail(&probes[i], UNREACH_NET_ERROR, ENOMEM);
	} else if (now < deadline_us) {
		probe_share_sockets(probes, n);
		for (i = 0; i < n; i++)
			if (!probes[i].deferred)
				probe_start(&probes[i], probes, n, timing, now);
		while (clock_now_us() < deadline_us && probe_must_wait(probes, n) &&
		       probe_step(probes, n, pfd, owner, buf, timing, deadline_us, true) > 0)
			;
		probe_grace(probes, n, pfd, owner, buf, timing, deadline_us, now);
	}
	probe_expire_all(probes, n);
	free(pfd);
	free(owner);
	free(buf);
}
