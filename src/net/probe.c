/* probe.c - the query engine: UDP with retransmits, TCP fallback on TC, all in one poll() loop.
 * Every socket call and clock read goes through netio.h, so tests can run it on a fake network. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifdef HAVE_SYS_RANDOM_H
#include <sys/random.h>
#endif

#include "net/clock.h"
#include "net/netio.h"
#include "net/probe.h"
#include "net/probe_int.h"

#define PROBE_READS_PER_EVENT 64 /* datagrams read per poll() wake-up, at most */
#define PROBE_ID_POOL         64 /* random IDs drawn per getrandom() */
#define PROBE_DNS_HEADER      12

struct probe_timing probe_timing_for(int64_t give_up_us)
{
	struct probe_timing t;

	t.give_up_us = give_up_us;
	t.retry_us[0] = give_up_us / 6;
	t.retry_us[1] = give_up_us / 2;
	return t;
}

/* A random query ID. IDs are drawn PROBE_ID_POOL at a time: one getrandom()
 * call serves a whole round of queries. */
static uint16_t probe_random_id(void)
{
	static uint16_t pool[PROBE_ID_POOL];
	static size_t left;

#ifdef HAVE_GETRANDOM
	if (left == 0 && getrandom(pool, sizeof pool, 0) == (ssize_t)sizeof pool)
		left = PROBE_ID_POOL;
	if (left > 0)
		return pool[--left];
#endif
	return ldns_get_random();
}

/* Give every probe that may use UDP the first such probe to its address as
 * leader, the owner of the one UDP socket they share. O(n^2), n is small. */
void probe_share_sockets(struct probe *probes, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		probes[i].st.udp_leader = NULL;
		if (probes[i].tcp_only)
			continue;
		for (j = 0; j < i && probes[i].st.udp_leader == NULL; j++)
			if (!probes[j].tcp_only &&
			    server_addr_same(&probes[i].addr, &probes[j].addr))
				probes[i].st.udp_leader = probes[j].st.udp_leader;
		if (probes[i].st.udp_leader == NULL)
			probes[i].st.udp_leader = &probes[i];
	}
}

/* A random ID for P that no other probe of its shared socket has sent, so that
 * a reply names exactly one probe (a few draws at most: 65536 IDs). */
static uint16_t probe_unique_id(const struct probe *p, const struct probe *probes, size_t n)
{
	uint16_t id = probe_random_id();
	unsigned tries;
	size_t i;

	for (tries = 0; p->st.udp_leader != NULL && tries < 64; tries++) {
		for (i = 0; i < n; i++)
			if (&probes[i] != p && probes[i].st.udp_leader == p->st.udp_leader &&
			    probes[i].st.id_used && probes[i].st.id == id)
				break;
		if (i == n)
			break;
		id = probe_random_id();
	}
	return id;
}

void probe_init(struct probe *p, const struct server_addr *addr,
		const struct wire_question *question, const struct wire_query_opts *opts,
		bool tcp_only)
{
	memset(p, 0, sizeof *p);
	p->addr = *addr;
	p->question = *question;
	p->opts = *opts;
	p->tcp_only = tcp_only;
	p->st.fd = -1;
	p->st.udp_fd = -1;
	p->st.phase = PROBE_IDLE;
}

static void probe_close(struct probe *p)
{
	struct probe *leader = p->st.udp_leader;

	if (p->st.udp_shared) { /* the last user closes the shared socket */
		p->st.udp_shared = false;
		if (--leader->st.udp_users == 0) {
			netio()->close(leader->st.udp_fd);
			leader->st.udp_fd = -1;
		}
	} else if (p->st.fd >= 0) {
		netio()->close(p->st.fd);
	}
	p->st.fd = -1;
	free(p->st.tcp_in);
	p->st.tcp_in = NULL;
}

void probe_clear(struct probe *p)
{
	probe_close(p);
	ldns_pkt_free(p->reply);
	p->reply = NULL;
}

static enum unreach_reason probe_errno_reason(int err)
{
	switch (err) {
	case ECONNREFUSED:
	case ECONNRESET:
		return UNREACH_REFUSED;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case ENETDOWN:
	case EHOSTDOWN:
	case EADDRNOTAVAIL:
	case EAFNOSUPPORT:
		return UNREACH_NO_ROUTE;
	default:
		return UNREACH_NET_ERROR;
	}
}

/* End P without a valid reply. */
void probe_fail(struct probe *p, enum unreach_reason why, int err)
{
	probe_close(p);
	p->unreach = why;
	p->sys_errno = err;
	p->st.phase = PROBE_DONE;
}

/* End P because what arrived over TCP was not a usable answer. */
static void probe_fail_invalid(struct probe *p, enum wire_check why)
{
	p->invalid_replies++;
	p->last_invalid = why;
	probe_fail(p, UNREACH_NONE, 0);
}

/* Open a non-blocking socket of TYPE connected (or connecting) to P's address.
 * Returns the descriptor, or -errno. */
static int probe_open(const struct probe *p, int type)
{
	const struct netio_ops *io = netio();
	int fd = io->socket(p->addr.family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	if (io->connect(fd, (const struct sockaddr *)&p->addr.sa, p->addr.salen) == 0 ||
	    errno == EINPROGRESS)
		return fd;
	err = errno;
	io->close(fd);
	return -err;
}

/* socket() failed with ERR: an idle probe that met the descriptor limit waits
 * for another probe to close its socket; anything else fails P. */
static void probe_open_failed(struct probe *p, int err)
{
	if ((err == EMFILE || err == ENFILE) && p->st.phase == PROBE_IDLE) {
		p->st.waiting_fd = true;
		return;
	}
	probe_fail(p, probe_errno_reason(err), err);
}

static void probe_schedule_retry(struct probe *p, const struct probe_timing *t)
{
	unsigned k = p->st.retries_done;

	p->st.next_send_us = 0;
	if (k < sizeof t->retry_us / sizeof t->retry_us[0] && t->retry_us[k] > 0)
		p->st.next_send_us = p->st.started_us + t->retry_us[k];
}

/* Fail every probe waiting on LEADER's shared socket with socket error ERR. */
static void probe_udp_fail_all(struct probe *probes, size_t n, const struct probe *leader, int err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (probes[i].st.udp_leader == leader && probes[i].st.phase == PROBE_UDP)
			probe_fail(&probes[i], probe_errno_reason(err), err);
}

/* Send P's query over UDP. A socket error (an ICMP error from an earlier
 * datagram, reported by this send) is the address's: it ends every probe
 * waiting on a shared socket, not only P. */
static void probe_udp_send(struct probe *probes, size_t n, struct probe *p)
{
	ssize_t r = netio()->send(p->st.fd, p->st.query, p->st.query_len, 0);

	p->udp_sends++;
	if (r >= 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ENOBUFS)
		return;
	if (p->st.udp_shared)
		probe_udp_fail_all(probes, n, p->st.udp_leader, errno);
	else
		probe_fail(p, probe_errno_reason(errno), errno);
}

/* Open P's socket of TYPE and enter PHASE with a fresh give-up time.
 * Returns false (P failed) when the socket cannot be opened. */
static bool probe_begin(struct probe *p, int type, enum probe_phase phase,
			const struct probe_timing *t, int64_t now)
{
	struct probe *leader = type == SOCK_DGRAM ? p->st.udp_leader : NULL;
	int fd = leader != NULL && leader->st.udp_fd >= 0 ? leader->st.udp_fd : probe_open(p, type);

	if (fd < 0) {
		probe_open_failed(p, -fd);
		return false;
	}
	if (leader != NULL) {
		leader->st.udp_fd = fd;
		leader->st.udp_users++;
		p->st.udp_shared = true;
	}
	p->st.fd = fd;
	p->st.phase = phase;
	p->st.started_us = now;
	p->st.give_up_us = now + t->give_up_us;
	return true;
}

/* Over TCP; at the descriptor limit P waits (idle) for one like a probe not
 * yet started, as a shared UDP socket may stay open for the other probes. */
static void probe_start_tcp(struct probe *p, const struct probe_timing *t, int64_t now)
{
	probe_close(p); /* the UDP socket first: its descriptor may be free for the TCP one */
	p->st.phase = PROBE_IDLE;
	p->st.want_tcp = true;
	if (!probe_begin(p, SOCK_STREAM, PROBE_TCP_CONNECT, t, now))
		return;
	p->st.next_send_us = 0;
	p->st.tcp_out[0] = (uint8_t)(p->st.query_len >> 8);
	p->st.tcp_out[1] = (uint8_t)(p->st.query_len & 0xff);
	memcpy(p->st.tcp_out + 2, p->st.query, p->st.query_len);
	p->st.tcp_out_len = p->st.query_len + 2;
	p->st.io_done = 0;
}

static void probe_start_udp(struct probe *probes, size_t n, struct probe *p,
			    const struct probe_timing *t, int64_t now)
{
	if (!probe_begin(p, SOCK_DGRAM, PROBE_UDP, t, now))
		return;
	p->st.retries_done = 0;
	probe_schedule_retry(p, t);
	probe_udp_send(probes, n, p);
}

void probe_start(struct probe *p, struct probe *probes, size_t n, const struct probe_timing *t,
		 int64_t now)
{
	if (p->st.asked_us == 0)
		p->st.asked_us = now;
	p->st.id = probe_unique_id(p, probes, n);
	p->st.id_used = true;
	p->st.query_len =
	    wire_build_query(&p->question, p->st.id, &p->opts, p->st.query, sizeof p->st.query);
	p->last_invalid = WIRE_OK;
	if (p->st.query_len == 0) {
		probe_fail(p, UNREACH_NET_ERROR, EMSGSIZE);
		return;
	}
	if (p->tcp_only || p->st.want_tcp)
		probe_start_tcp(p, t, now);
	else
		probe_start_udp(probes, n, p, t, now);
}

/* Validate one complete message; accept it, switch to TCP on TC, or count it as invalid. */
static void probe_take_message(struct probe *p, const uint8_t *msg, size_t len, enum transport via,
			       const struct probe_timing *t, int64_t now)
{
	ldns_pkt *pkt = NULL;
	enum wire_check check =
	    wire_check_reply_for(&p->question, p->st.id, msg, len, &p->opts, &pkt);

	if (check == WIRE_NOMEM) {
		probe_fail(p, UNREACH_NET_ERROR, ENOMEM); /* the reply was fine: it is ours */
		return;
	}
	if (check != WIRE_OK) {
		p->invalid_replies++;
		p->last_invalid = check;
		if (via == TRANSPORT_TCP)
			probe_fail(p, UNREACH_NONE, 0);
		return;
	}
	if (via == TRANSPORT_UDP && wire_is_truncated(msg, len)) {
		ldns_pkt_free(pkt);
		p->tc_seen = true;
		probe_start_tcp(p, t, now);
		return;
	}
	p->reply = pkt;
	p->done = true;
	p->usable =
	    !p->need_aa || (ldns_pkt_aa(pkt) && (ldns_pkt_get_rcode(pkt) == LDNS_RCODE_NOERROR ||
						 ldns_pkt_get_rcode(pkt) == LDNS_RCODE_NXDOMAIN));
	p->transport = via;
	/* From the first send over the transport that answered, not from a retransmit:
	 * a reply to an earlier datagram cannot pass for a quick one, and loss shows. */
	p->rtt_us = (uint32_t)(now - p->st.started_us);
	probe_close(p);
	p->st.phase = PROBE_DONE;
}

/* Hand datagram BUF (LEN octets) read from LEADER's shared socket to the
 * waiting probe whose ID it carries; without one it is an invalid reply to
 * every probe still waiting there. */
static void probe_udp_dispatch(struct probe *probes, size_t n, const struct probe *leader,
			       const uint8_t *buf, size_t len, const struct probe_timing *t,
			       int64_t now)
{
	uint16_t id = len >= 2 ? (uint16_t)(buf[0] << 8 | buf[1]) : 0;
	size_t i;

	for (i = 0; i < n; i++) {
		struct probe *q = &probes[i];
		if (q->st.udp_leader == leader && q->st.phase == PROBE_UDP && len >= 2 &&
		    q->st.id == id) {
			probe_take_message(q, buf, len, TRANSPORT_UDP, t, now);
			return;
		}
	}
	for (i = 0; i < n; i++) {
		if (probes[i].st.udp_leader == leader && probes[i].st.phase == PROBE_UDP) {
			probes[i].invalid_replies++;
			probes[i].last_invalid =
			    len < PROBE_DNS_HEADER ? WIRE_SHORT : WIRE_WRONG_ID;
		}
	}
}

/* Read what LEADER's shared UDP socket holds, a bounded number of datagrams. */
static void probe_udp_readable(struct probe *probes, size_t n, struct probe *leader, uint8_t *buf,
			       const struct probe_timing *t, int64_t now)
{
	unsigned reads = 0;

	while (leader->st.udp_fd >= 0 && reads++ < PROBE_READS_PER_EVENT) {
		ssize_t r = netio()->recv(leader->st.udp_fd, buf, PROBE_UDP_MAX, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				probe_udp_fail_all(probes, n, leader, errno);
			return;
		}
		probe_udp_dispatch(probes, n, leader, buf, (size_t)r, t, now);
	}
}

static void probe_tcp_connected(struct probe *p)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (netio()->getsockopt(p->st.fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err != 0) {
		probe_fail(p, probe_errno_reason(err), err);
		return;
	}
	p->st.phase = PROBE_TCP_WRITE;
}

static void probe_tcp_write(struct probe *p)
{
	while (p->st.io_done < p->st.tcp_out_len) {
		ssize_t r = netio()->send(p->st.fd, p->st.tcp_out + p->st.io_done,
					  p->st.tcp_out_len - p->st.io_done, MSG_NOSIGNAL);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				probe_fail(p, probe_errno_reason(errno), errno);
			return;
		}
		p->st.io_done += (size_t)r;
	}
	p->st.phase = PROBE_TCP_READ;
	p->st.io_done = 0;
}

/* Where the next TCP bytes go, and how many are still wanted. */
static uint8_t *probe_tcp_slot(struct probe *p, size_t *want)
{
	if (p->st.io_done < 2) {
		*want = 2 - p->st.io_done;
		return p->st.tcp_len + p->st.io_done;
	}
	*want = p->st.tcp_in_len - (p->st.io_done - 2);
	return p->st.tcp_in + (p->st.io_done - 2);
}

/* After the 2-byte prefix is in: allocate the body. Returns false on failure. */
static bool probe_tcp_prefix_done(struct probe *p)
{
	p->st.tcp_in_len = (size_t)(p->st.tcp_len[0] << 8 | p->st.tcp_len[1]);
	if (p->st.tcp_in_len == 0) {
		probe_fail_invalid(p, WIRE_INCOMPLETE);
		return false;
	}
	p->st.tcp_in = malloc(p->st.tcp_in_len);
	if (p->st.tcp_in == NULL) {
		probe_fail(p, UNREACH_NET_ERROR, ENOMEM);
		return false;
	}
	return true;
}

static void probe_tcp_read(struct probe *p, const struct probe_timing *t, int64_t now)
{
	for (;;) {
		size_t want;
		uint8_t *slot = probe_tcp_slot(p, &want);
		ssize_t r = netio()->recv(p->st.fd, slot, want, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				probe_fail(p, probe_errno_reason(errno), errno);
			return;
		}
		if (r == 0) {
			probe_fail_invalid(p, WIRE_INCOMPLETE);
			return;
		}
		p->st.io_done += (size_t)r;
		if (p->st.io_done == 2 && !probe_tcp_prefix_done(p))
			return;
		if (p->st.io_done > 2 && p->st.io_done == 2 + p->st.tcp_in_len) {
			uint8_t *msg = p->st.tcp_in;
			p->st.tcp_in = NULL; /* probe_close must not free it under us */
			probe_take_message(p, msg, p->st.tcp_in_len, TRANSPORT_TCP, t, now);
			free(msg);
			return;
		}
	}
}

/* Handle poll() events REVENTS for P (for its shared socket, in UDP). */
void probe_on_events(struct probe *probes, size_t n, struct probe *p, short revents, uint8_t *buf,
		     const struct probe_timing *t, int64_t now)
{
	switch (p->st.phase) {
	case PROBE_UDP:
		probe_udp_readable(probes, n, p->st.udp_leader, buf, t, now);
		break;
	case PROBE_TCP_CONNECT:
		probe_tcp_connected(p);
		if (p->st.phase == PROBE_TCP_WRITE)
			probe_tcp_write(p);
		break;
	case PROBE_TCP_WRITE:
		probe_tcp_write(p);
		break;
	case PROBE_TCP_READ:
		if (revents & (POLLIN | POLLHUP | POLLERR))
			probe_tcp_read(p, t, now);
		break;
	default:
		break;
	}
}

/* Fire retransmits and give-ups due at NOW; return the next timer of P. */
int64_t probe_on_timers(struct probe *probes, size_t n, struct probe *p,
			const struct probe_timing *t, int64_t now)
{
	if (p->st.phase == PROBE_DONE || p->st.phase == PROBE_IDLE)
		return INT64_MAX;
	if (now >= p->st.give_up_us) {
		probe_fail(p, UNREACH_TIMEOUT, 0);
		return INT64_MAX;
	}
	if (p->st.phase == PROBE_UDP && p->st.next_send_us != 0 && now >= p->st.next_send_us) {
		p->st.retries_done++;
		probe_schedule_retry(p, t);
		probe_udp_send(probes, n, p);
		if (p->st.phase == PROBE_DONE)
			return INT64_MAX;
	}
	if (p->st.phase == PROBE_UDP && p->st.next_send_us != 0 &&
	    p->st.next_send_us < p->st.give_up_us)
		return p->st.next_send_us;
	return p->st.give_up_us;
}

bool probe_out_of_memory(const struct probe *p)
{
	return !p->done && p->unreach == UNREACH_NET_ERROR && p->sys_errno == ENOMEM;
}

const char *probe_failure_text(const struct probe *p, char *buf, size_t size)
{
	const char *tc = p->tc_seen ? "truncated over UDP, then TCP " : "";

	if (p->done)
		snprintf(buf, size, "answered");
	else if (p->invalid_replies > 0 &&
		 (p->unreach == UNREACH_NONE || p->unreach == UNREACH_TIMEOUT))
		snprintf(buf, size, "%slast reply: %s", tc, wire_check_name(p->last_invalid));
	else if (p->unreach == UNREACH_TIMEOUT)
		snprintf(buf, size, "%stimeout", tc);
	else if (p->unreach == UNREACH_REFUSED)
		snprintf(buf, size, "%sconnection refused", tc);
	else if (p->unreach == UNREACH_NO_ROUTE)
		snprintf(buf, size, "%sno route (%s)", tc, strerror(p->sys_errno));
	else if (p->unreach == UNREACH_NOT_ATTEMPTED)
		snprintf(buf, size, "not queried: time budget spent");
	else
		snprintf(buf, size, "%snetwork error (%s)", tc, strerror(p->sys_errno));
	return buf;
}
