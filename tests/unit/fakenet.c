/* fakenet.c - fake sockets, scripted servers and a virtual clock behind netio.h (see fakenet.h). */
#include "config.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "fakenet.h"
#include "net/netio.h"

#define FN_FD_BASE     1000 /* fake descriptors are FN_FD_BASE + slot */
#define FN_SOCKETS     300
#define FN_RULES       256
#define FN_RECORDS     64 /* records per section of a rule */
#define FN_RULE_ADDRS  8  /* servers one rule speaks for */
#define FN_LINE_MAX    1024
#define FN_LINES_MAX   4000 /* lines per file */
#define FN_DEPTH_MAX   4    /* include nesting */
#define FN_DELAY_MAX   600000
#define FN_POLLS_MAX   200000 /* more poll() calls in one test mean a busy loop */
#define FN_TCP_IN_MAX  (2 + 65535)
#define FN_TCP_OUT_MAX 1024 /* a query never comes close */

enum fn_proto { FN_UDP = 1, FN_TCP = 2, FN_ANY = 3 };
enum fn_action { FN_REPLY, FN_TC, FN_DROP, FN_REFUSE };

/* One scripted behaviour of one server (see the format in fakenet.h). */
struct fn_rule {
	struct server_addr addr[FN_RULE_ADDRS]; /* with the port */
	size_t n_addr;
	unsigned proto;  /* enum fn_proto bits */
	ldns_rdf *qname; /* owned; NULL = any */
	int qtype;       /* -1 = any */
	enum fn_action action;
	bool aa, ra, wrongid;
	int rcode;
	int64_t delay_us;
	unsigned from, hits;
	bool spoof;
	struct server_addr spoof_from;
	int64_t trickle_us;
	long cut;             /* -1 = whole stream */
	ldns_rr_list *sec[3]; /* answer, authority, additional; owned */
};

/* Bytes (or an error) that reach a socket at a virtual time. */
struct fn_chunk {
	int64_t at;
	int err; /* ECONNREFUSED...: recv fails with it; 0 = data */
	bool eof;
	size_t len, off;
	struct fn_chunk *next;
	uint8_t data[]; /* len bytes */
};

struct fn_sock {
	bool used;
	int type; /* SOCK_DGRAM or SOCK_STREAM */
	bool connected;
	struct server_addr peer;
	int64_t connect_at; /* TCP: when the handshake ends */
	int connect_err;    /* TCP: its outcome, for SO_ERROR */
	bool err_read;
	uint8_t out[FN_TCP_OUT_MAX]; /* TCP: bytes the client wrote, not yet a whole query */
	size_t out_len;
	struct fn_chunk *in; /* sorted by time */
};

/* The whole fake network: process state, since netio's operations carry no
 * context (one fake per test program; fakenet_reset starts it afresh). */
static struct {
	int64_t now;
	int64_t latency_us;
	struct fn_rule rules[FN_RULES];
	size_t n_rules;
	struct fn_sock socks[FN_SOCKETS];
	size_t open, max_open, fd_limit, polls, unmatched, filtered;
	struct fakenet_query log[FAKENET_LOG_MAX];
	size_t n_log;
	char error[FAKENET_ERROR_MAX];
} fn;

static void fn_misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fn_misuse(const char *fmt, ...)
{
	va_list ap;

	if (fn.error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(fn.error, sizeof fn.error, fmt, ap);
	va_end(ap);
}

static uint16_t fn_port(const struct server_addr *a)
{
	if (a->family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->sa)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)&a->sa)->sin6_port);
}

static bool fn_same_endpoint(const struct server_addr *a, const struct server_addr *b)
{
	return server_addr_same_ip(a, b) && fn_port(a) == fn_port(b);
}

/* --- sockets and their incoming bytes ----------------------------------------------------- */

static struct fn_sock *fn_sock_of(int fd)
{
	if (fd < FN_FD_BASE || fd >= FN_FD_BASE + FN_SOCKETS || !fn.socks[fd - FN_FD_BASE].used) {
		fn_misuse("descriptor %d is not a fake socket", fd);
		return NULL;
	}
	return &fn.socks[fd - FN_FD_BASE];
}

static void fn_chunks_free(struct fn_chunk *c)
{
	while (c != NULL) {
		struct fn_chunk *next = c->next;
		free(c);
		c = next;
	}
}

/* Queue LEN bytes (or ERR, or EOF) for S at time AT, after chunks due no later. */
static void fn_deliver(struct fn_sock *s, int64_t at, const uint8_t *data, size_t len, int err,
		       bool eof)
{
	struct fn_chunk *c = calloc(1, sizeof *c + len), **pos = &s->in;

	if (c == NULL) {
		fn_misuse("out of memory");
		return;
	}
	c->at = at;
	c->err = err;
	c->eof = eof;
	c->len = len;
	if (len > 0)
		memcpy(c->data, data, len);
	while (*pos != NULL && (*pos)->at <= at)
		pos = &(*pos)->next;
	c->next = *pos;
	*pos = c;
}

/* The first chunk of S that has arrived by now, or NULL. */
static struct fn_chunk *fn_arrived(const struct fn_sock *s)
{
	return s->in != NULL && s->in->at <= fn.now ? s->in : NULL;
}

static void fn_pop(struct fn_sock *s)
{
	struct fn_chunk *c = s->in;

	s->in = c->next;
	free(c);
}

/* --- what the servers do ------------------------------------------------------------------ */

static bool fn_rule_matches(const struct fn_rule *r, const struct server_addr *to, unsigned proto,
			    const ldns_rr *q)
{
	size_t i;
	bool mine = false;

	for (i = 0; i < r->n_addr && !mine; i++)
		mine = fn_same_endpoint(&r->addr[i], to);
	if (!mine || !(r->proto & proto))
		return false;
	if (q == NULL)
		return r->qname == NULL && r->qtype < 0;
	if (r->qname != NULL && ldns_dname_compare(r->qname, ldns_rr_owner(q)) != 0)
		return false;
	return r->qtype < 0 || r->qtype == (int)ldns_rr_get_type(q);
}

static struct fn_rule *fn_rule_find(const struct server_addr *to, unsigned proto, const ldns_rr *q)
{
	size_t i;

	for (i = 0; i < fn.n_rules; i++)
		if (fn_rule_matches(&fn.rules[i], to, proto, q))
			return &fn.rules[i];
	return NULL;
}

/* The reply R makes to QUERY (its ID, RD and question), in wire form (caller frees). */
static uint8_t *fn_build_reply(const struct fn_rule *r, const ldns_pkt *query, uint16_t id,
			       size_t *len)
{
	static const ldns_pkt_section sections[3] = {LDNS_SECTION_ANSWER, LDNS_SECTION_AUTHORITY,
						     LDNS_SECTION_ADDITIONAL};
	ldns_pkt *p = ldns_pkt_new();
	uint8_t *wire = NULL;
	size_t i, k;

	if (p == NULL)
		return NULL;
	ldns_pkt_set_id(p, id);
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_set_rd(p, ldns_pkt_rd(query));
	ldns_pkt_set_aa(p, r->aa);
	ldns_pkt_set_ra(p, r->ra);
	ldns_pkt_set_tc(p, r->action == FN_TC);
	ldns_pkt_set_rcode(p, (uint8_t)r->rcode);
	ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION,
			 ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(query), 0)));
	for (k = 0; k < 3 && r->action == FN_REPLY; k++)
		for (i = 0; i < ldns_rr_list_rr_count(r->sec[k]); i++)
			ldns_pkt_push_rr(p, sections[k],
					 ldns_rr_clone(ldns_rr_list_rr(r->sec[k], i)));
	if (ldns_pkt2wire(&wire, p, len) != LDNS_STATUS_OK)
		wire = NULL;
	ldns_pkt_free(p);
	return wire;
}

/* A datagram from FROM for S: a connected socket (the kernel's rule) only
 * receives from its peer; anything else is dropped and counted. */
static void fn_datagram(struct fn_sock *s, const struct server_addr *from, int64_t at,
			const uint8_t *msg, size_t len)
{
	if (s->connected && !fn_same_endpoint(from, &s->peer)) {
		fn.filtered++;
		return;
	}
	fn_deliver(s, at, msg, len, 0, false);
}

/* Send MSG (LEN bytes) to S as the server would: one datagram, or a
 * length-prefixed TCP message (trickled or cut as R says). */
static void fn_send_message(struct fn_sock *s, const struct fn_rule *r, int64_t at,
			    const uint8_t *msg, size_t len)
{
	uint8_t *stream;
	size_t n, i;

	if (s->type == SOCK_DGRAM) {
		fn_datagram(s, &s->peer, at, msg, len);
		return;
	}
	stream = malloc(len + 2);
	if (stream == NULL)
		return;
	stream[0] = (uint8_t)(len >> 8);
	stream[1] = (uint8_t)len;
	memcpy(stream + 2, msg, len);
	n = r->cut >= 0 && (size_t)r->cut < len + 2 ? (size_t)r->cut : len + 2;
	if (r->trickle_us > 0)
		for (i = 0; i < n; i++)
			fn_deliver(s, at + (int64_t)i * r->trickle_us, stream + i, 1, 0, false);
	else
		fn_deliver(s, at, stream, n, 0, false);
	if (r->cut >= 0)
		fn_deliver(s, at + (int64_t)n * r->trickle_us, NULL, 0, 0, true);
	free(stream);
}

/* Carry out rule R for QUERY (ID) that arrived on S now. */
static void fn_act(struct fn_sock *s, struct fn_rule *r, const ldns_pkt *query, uint16_t id)
{
	int64_t at = fn.now + r->delay_us;
	uint8_t *msg;
	size_t len = 0;

	if (++r->hits < r->from || r->action == FN_DROP)
		return;
	if (r->action == FN_REFUSE) {
		fn_deliver(s, at, NULL, 0, s->type == SOCK_DGRAM ? ECONNREFUSED : ECONNRESET,
			   false);
		return;
	}
	msg = fn_build_reply(r, query, id, &len);
	if (msg == NULL) {
		fn_misuse("cannot build a reply");
		return;
	}
	if (r->spoof && s->type == SOCK_DGRAM)
		fn_datagram(s, &r->spoof_from, at, msg, len);
	if (r->wrongid) {
		msg[0] ^= 0x5a;
		fn_send_message(s, r, at, msg, len);
		msg[0] ^= 0x5a;
		at += r->delay_us > 0 ? r->delay_us : 1000;
	}
	fn_send_message(s, r, at, msg, len);
	free(msg);
}

static void fn_log_query(const struct fn_sock *s, const ldns_rr *q)
{
	struct fakenet_query *e;
	char *name;

	if (fn.n_log >= FAKENET_LOG_MAX)
		return;
	e = &fn.log[fn.n_log++];
	e->at_us = fn.now;
	e->to = s->peer;
	e->tcp = s->type == SOCK_STREAM;
	e->qtype = (uint16_t)ldns_rr_get_type(q);
	name = ldns_rdf2str(ldns_rr_owner(q));
	snprintf(e->qname, sizeof e->qname, "%s", name != NULL ? name : "?");
	free(name);
}

/* A whole query (LEN bytes) reached the server S is connected to. */
static void fn_query(struct fn_sock *s, const uint8_t *wire, size_t len)
{
	ldns_pkt *query = NULL;
	const ldns_rr *q;
	struct fn_rule *r;

	if (len < 12 || ldns_wire2pkt(&query, wire, len) != LDNS_STATUS_OK ||
	    ldns_pkt_qdcount(query) != 1) {
		fn_misuse("the engine sent a malformed query");
		ldns_pkt_free(query);
		return;
	}
	q = ldns_rr_list_rr(ldns_pkt_question(query), 0);
	fn_log_query(s, q);
	r = fn_rule_find(&s->peer, s->type == SOCK_DGRAM ? FN_UDP : FN_TCP, q);
	if (r == NULL)
		fn.unmatched++;
	else
		fn_act(s, r, query, ldns_pkt_id(query));
	ldns_pkt_free(query);
}

/* --- the netio operations ----------------------------------------------------------------- */

static int fn_socket(int domain, int type, int protocol)
{
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	size_t i;

	(void)protocol;
	if (!(type & SOCK_NONBLOCK) || (base != SOCK_DGRAM && base != SOCK_STREAM) ||
	    (domain != AF_INET && domain != AF_INET6))
		fn_misuse("socket(%d, %d): not a non-blocking UDP or TCP socket", domain, type);
	if (fn.fd_limit > 0 && fn.open >= fn.fd_limit) {
		errno = EMFILE;
		return -1;
	}
	for (i = 0; i < FN_SOCKETS && fn.socks[i].used; i++)
		;
	if (i == FN_SOCKETS) {
		errno = ENFILE;
		return -1;
	}
	memset(&fn.socks[i], 0, sizeof fn.socks[i]);
	fn.socks[i].used = true;
	fn.socks[i].type = base;
	if (++fn.open > fn.max_open)
		fn.max_open = fn.open;
	return FN_FD_BASE + (int)i;
}

/* ADDR (LEN bytes) as a server_addr with its text. Returns 0 or -1. */
static int fn_peer(struct server_addr *peer, const struct sockaddr *addr, socklen_t len)
{
	const void *ip;

	memset(peer, 0, sizeof *peer);
	if (addr->sa_family == AF_INET && len == sizeof(struct sockaddr_in))
		ip = &((const struct sockaddr_in *)addr)->sin_addr;
	else if (addr->sa_family == AF_INET6 && len == sizeof(struct sockaddr_in6))
		ip = &((const struct sockaddr_in6 *)addr)->sin6_addr;
	else
		return -1;
	memcpy(&peer->sa, addr, len);
	peer->salen = len;
	peer->family = addr->sa_family;
	return inet_ntop(peer->family, ip, peer->text, sizeof peer->text) != NULL ? 0 : -1;
}

static int fn_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct fn_sock *s = fn_sock_of(fd);
	const struct fn_rule *r;

	if (s == NULL || len > sizeof s->peer.sa) {
		errno = EBADF;
		return -1;
	}
	if (fn_peer(&s->peer, addr, len) != 0) {
		fn_misuse("connect() to an address that is neither IPv4 nor IPv6");
		errno = EAFNOSUPPORT;
		return -1;
	}
	s->connected = true;
	if (s->type == SOCK_DGRAM)
		return 0;
	r = fn_rule_find(&s->peer, FN_TCP, NULL);
	s->connect_at =
	    fn.now + (r != NULL && r->action == FN_REFUSE ? r->delay_us : fn.latency_us);
	s->connect_err = r != NULL && r->action == FN_REFUSE ? ECONNREFUSED : 0;
	errno = EINPROGRESS;
	return -1;
}

/* TCP: take LEN more bytes from the client; every whole message is a query. */
static ssize_t fn_tcp_write(struct fn_sock *s, const uint8_t *buf, size_t len)
{
	size_t msg;

	if (fn.now < s->connect_at) {
		errno = EAGAIN;
		return -1;
	}
	if (s->connect_err != 0) {
		errno = EPIPE;
		return -1;
	}
	if (len > sizeof s->out - s->out_len) {
		fn_misuse("a TCP query longer than %d bytes", FN_TCP_OUT_MAX);
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(s->out + s->out_len, buf, len);
	s->out_len += len;
	while (s->out_len >= 2 && s->out_len >= 2 + (msg = (size_t)(s->out[0] << 8 | s->out[1]))) {
		fn_query(s, s->out + 2, msg);
		memmove(s->out, s->out + 2 + msg, s->out_len - 2 - msg);
		s->out_len -= 2 + msg;
	}
	return (ssize_t)len;
}

static ssize_t fn_send(int fd, const void *buf, size_t len, int flags)
{
	struct fn_sock *s = fn_sock_of(fd);

	(void)flags;
	if (s == NULL) {
		errno = EBADF;
		return -1;
	}
	if (!s->connected) {
		errno = EDESTADDRREQ;
		return -1;
	}
	if (s->type == SOCK_STREAM)
		return fn_tcp_write(s, buf, len);
	fn_query(s, buf, len);
	return (ssize_t)len;
}

/* TCP: read what has arrived, up to LEN bytes. */
static ssize_t fn_tcp_read(struct fn_sock *s, uint8_t *buf, size_t len)
{
	size_t got = 0;
	struct fn_chunk *c;

	while (got < len && (c = fn_arrived(s)) != NULL && c->err == 0 && !c->eof) {
		size_t n = c->len - c->off < len - got ? c->len - c->off : len - got;
		memcpy(buf + got, c->data + c->off, n);
		got += n;
		c->off += n;
		if (c->off == c->len)
			fn_pop(s);
	}
	if (got > 0)
		return (ssize_t)got;
	if ((c = fn_arrived(s)) != NULL && c->err != 0) {
		errno = c->err;
		fn_pop(s);
		return -1;
	}
	if (c != NULL && c->eof)
		return 0;
	errno = EAGAIN;
	return -1;
}

static ssize_t fn_recv(int fd, void *buf, size_t len, int flags)
{
	struct fn_sock *s = fn_sock_of(fd);
	struct fn_chunk *c;
	size_t n;

	(void)flags;
	if (s == NULL) {
		errno = EBADF;
		return -1;
	}
	if (s->type == SOCK_STREAM)
		return fn_tcp_read(s, buf, len);
	c = fn_arrived(s);
	if (c == NULL) {
		errno = EAGAIN;
		return -1;
	}
	if (c->err != 0) {
		errno = c->err;
		fn_pop(s);
		return -1;
	}
	n = c->len < len ? c->len : len; /* a datagram longer than BUF is cut, as recv() does */
	memcpy(buf, c->data, n);
	fn_pop(s);
	return (ssize_t)n;
}

/* The poll() events of S now. */
static short fn_revents(const struct fn_sock *s)
{
	const struct fn_chunk *c = fn_arrived(s);
	short ev = 0;

	if (s->type == SOCK_STREAM) {
		if (fn.now < s->connect_at)
			return 0;
		if (s->connect_err != 0)
			return POLLOUT | POLLERR | POLLHUP;
		ev = POLLOUT;
	}
	if (c != NULL && c->err != 0)
		ev |= POLLERR;
	else if (c != NULL && c->eof)
		ev |= POLLIN | POLLHUP;
	else if (c != NULL)
		ev |= POLLIN;
	return ev;
}

/* When S's events may change next (after now), or INT64_MAX. */
static int64_t fn_next_change(const struct fn_sock *s)
{
	const struct fn_chunk *c;

	if (s->type == SOCK_STREAM && fn.now < s->connect_at)
		return s->connect_at;
	for (c = s->in; c != NULL; c = c->next)
		if (c->at > fn.now)
			return c->at;
	return INT64_MAX;
}

/* Fill the revents of FDS; returns how many have any. */
static int fn_poll_now(struct pollfd *fds, nfds_t n)
{
	nfds_t i;
	int ready = 0;

	for (i = 0; i < n; i++) {
		const struct fn_sock *s = fn_sock_of(fds[i].fd);
		fds[i].revents = s == NULL
				     ? POLLNVAL
				     : (short)(fn_revents(s) & (fds[i].events | POLLERR | POLLHUP));
		ready += fds[i].revents != 0;
	}
	return ready;
}

static int fn_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	int64_t until = timeout_ms < 0 ? INT64_MAX : fn.now + (int64_t)timeout_ms * 1000;
	int ready = fn_poll_now(fds, n);
	nfds_t i;

	if (++fn.polls > FN_POLLS_MAX) {
		fn_misuse("more than %d poll() calls: a busy loop", FN_POLLS_MAX);
		fn.now = until == INT64_MAX ? fn.now + 1000000 : until;
		return 0;
	}
	if (ready > 0 || timeout_ms == 0)
		return ready;
	for (i = 0; i < n; i++) {
		const struct fn_sock *s = fn_sock_of(fds[i].fd);
		int64_t t = s != NULL ? fn_next_change(s) : INT64_MAX;
		until = t < until ? t : until;
	}
	if (until == INT64_MAX) {
		fn_misuse("poll() with no timeout and nothing to wait for would block forever");
		return 0;
	}
	fn.now = until;
	return fn_poll_now(fds, n);
}

static int fn_close(int fd)
{
	struct fn_sock *s = fn_sock_of(fd);

	if (s == NULL) {
		errno = EBADF;
		return -1;
	}
	fn_chunks_free(s->in);
	memset(s, 0, sizeof *s);
	fn.open--;
	return 0;
}

static int fn_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct fn_sock *s = fn_sock_of(fd);
	int err;

	if (s == NULL || level != SOL_SOCKET || name != SO_ERROR || *len < sizeof err) {
		errno = s == NULL ? EBADF : ENOPROTOOPT;
		return -1;
	}
	err = fn.now >= s->connect_at && !s->err_read ? s->connect_err : 0;
	s->err_read = s->err_read || fn.now >= s->connect_at;
	memcpy(val, &err, sizeof err);
	*len = sizeof err;
	return 0;
}

static int64_t fn_now_us(void)
{
	return fn.now;
}

static const struct netio_ops fn_ops = {
    .socket = fn_socket,
    .connect = fn_connect,
    .send = fn_send,
    .recv = fn_recv,
    .poll = fn_poll,
    .close = fn_close,
    .getsockopt = fn_getsockopt,
    .now_us = fn_now_us,
};

/* --- the scenario files ------------------------------------------------------------------- */

/* One file being read: for messages, and the directory of includes. */
struct fn_file {
	const char *path;
	int line;
	int depth;
	char *err;
	size_t size;
};

static int fn_fail(const struct fn_file *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fn_fail(const struct fn_file *f, const char *fmt, ...)
{
	va_list ap;
	int used = snprintf(f->err, f->size, "%s:%d: ", f->path, f->line);

	va_start(ap, fmt);
	if (used >= 0 && (size_t)used < f->size)
		vsnprintf(f->err + used, f->size - (size_t)used, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number in [MIN, MAX] from TEXT. Returns 0 or -1. */
static int fn_number(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "ADDR" or "ADDR#PORT" into A. Returns 0 or -1. */
static int fn_endpoint(const char *text, struct server_addr *a)
{
	char host[OBS_ADDR_MAX];
	const char *hash = strchr(text, '#');
	long port = 53;
	size_t n = hash != NULL ? (size_t)(hash - text) : strlen(text);

	if (n >= sizeof host || (hash != NULL && fn_number(hash + 1, 1, 65535, &port) != 0))
		return -1;
	memcpy(host, text, n);
	host[n] = '\0';
	return server_addr_from_text(a, host, (uint16_t)port);
}

/* "ENDPOINT[,ENDPOINT...]" into the addresses of R. Returns 0 or -1. */
static int fn_endpoints(char *list, struct fn_rule *r)
{
	char *save = NULL, *one;

	for (one = strtok_r(list, ",", &save); one != NULL; one = strtok_r(NULL, ",", &save))
		if (r->n_addr >= FN_RULE_ADDRS || fn_endpoint(one, &r->addr[r->n_addr++]) != 0)
			return -1;
	return r->n_addr > 0 ? 0 : -1;
}

static int fn_param(const struct fn_file *f, struct fn_rule *r, const char *p)
{
	long v;
	const char *eq = strchr(p, '=');
	const char *val = eq != NULL ? eq + 1 : "";
	ldns_lookup_table *rc;

	if (strcmp(p, "aa") == 0)
		r->aa = true;
	else if (strcmp(p, "ra") == 0)
		r->ra = true;
	else if (strcmp(p, "wrongid") == 0)
		r->wrongid = true;
	else if (strncmp(p, "rcode=", 6) == 0 &&
		 (rc = ldns_lookup_by_name(ldns_rcodes, val)) != NULL)
		r->rcode = rc->id;
	else if (strncmp(p, "delay=", 6) == 0 && fn_number(val, 0, FN_DELAY_MAX, &v) == 0)
		r->delay_us = v * 1000;
	else if (strncmp(p, "trickle=", 8) == 0 && fn_number(val, 1, FN_DELAY_MAX, &v) == 0)
		r->trickle_us = v * 1000;
	else if (strncmp(p, "from=", 5) == 0 && fn_number(val, 1, 1000, &v) == 0)
		r->from = (unsigned)v;
	else if (strncmp(p, "cut=", 4) == 0 && fn_number(val, 0, FN_TCP_IN_MAX, &v) == 0)
		r->cut = v;
	else if (strncmp(p, "spoof=", 6) == 0 && fn_endpoint(val, &r->spoof_from) == 0)
		r->spoof = true;
	else
		return fn_fail(f, "bad parameter '%.40s'", p);
	return 0;
}

static int fn_action_of(const char *text, enum fn_action *out)
{
	static const char *const names[] = {"reply", "tc", "drop", "refuse"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (enum fn_action)i;
			return 0;
		}
	return -1;
}

/* The question part of a rule: PROTO QNAME QTYPE. */
static int fn_rule_question(const struct fn_file *f, struct fn_rule *r, char **tok)
{
	if (strcmp(tok[0], "udp") == 0)
		r->proto = FN_UDP;
	else if (strcmp(tok[0], "tcp") == 0)
		r->proto = FN_TCP;
	else if (strcmp(tok[0], "any") == 0)
		r->proto = FN_ANY;
	else
		return fn_fail(f, "bad protocol '%.20s'", tok[0]);
	if (strcmp(tok[1], "*") != 0 &&
	    (ldns_str2rdf_dname(&r->qname, tok[1]) != LDNS_STATUS_OK || r->qname == NULL))
		return fn_fail(f, "bad name '%.80s'", tok[1]);
	r->qtype = -1;
	if (strcmp(tok[2], "*") != 0) {
		r->qtype = (int)ldns_get_rr_type_by_name(tok[2]);
		if (r->qtype == 0)
			return fn_fail(f, "bad type '%.20s'", tok[2]);
	}
	return 0;
}

/* "on ADDR PROTO QNAME QTYPE ACTION PARAM..." split into TOK (N tokens, "on" first). */
static int fn_rule_line(const struct fn_file *f, char **tok, size_t n)
{
	struct fn_rule *r;
	size_t i;

	if (n < 6)
		return fn_fail(f, "a rule is: on ADDR PROTO QNAME QTYPE ACTION [PARAM...]");
	if (fn.n_rules >= FN_RULES)
		return fn_fail(f, "more than %d rules", FN_RULES);
	r = &fn.rules[fn.n_rules++];
	memset(r, 0, sizeof *r);
	r->delay_us = fn.latency_us;
	r->from = 1;
	r->cut = -1;
	if (fn_endpoints(tok[1], r) != 0)
		return fn_fail(f, "bad address list '%.60s'", tok[1]);
	if (fn_rule_question(f, r, tok + 2) != 0)
		return -1;
	if (fn_action_of(tok[5], &r->action) != 0)
		return fn_fail(f, "bad action '%.20s'", tok[5]);
	for (i = 6; i < n; i++)
		if (fn_param(f, r, tok[i]) != 0)
			return -1;
	for (i = 0; i < 3; i++)
		if ((r->sec[i] = ldns_rr_list_new()) == NULL)
			return fn_fail(f, "out of memory");
	return 0;
}

/* "answer|authority|additional RR": REST is the record. */
static int fn_record_line(const struct fn_file *f, size_t section, const char *rest)
{
	struct fn_rule *r = fn.n_rules > 0 ? &fn.rules[fn.n_rules - 1] : NULL;
	ldns_rr *rr = NULL;

	if (r == NULL)
		return fn_fail(f, "a record before any rule");
	if (ldns_rr_list_rr_count(r->sec[section]) >= FN_RECORDS)
		return fn_fail(f, "more than %d records in a section", FN_RECORDS);
	if (ldns_rr_new_frm_str(&rr, rest, 3600, NULL, NULL) != LDNS_STATUS_OK || rr == NULL)
		return fn_fail(f, "bad record '%.80s'", rest);
	if (!ldns_rr_list_push_rr(r->sec[section], rr)) {
		ldns_rr_free(rr);
		return fn_fail(f, "out of memory");
	}
	return 0;
}

static int fn_load_file(const char *path, int depth, char *err, size_t size);

static int fn_include(const struct fn_file *f, const char *name)
{
	char path[1024];
	const char *slash = strrchr(f->path, '/');
	int dir = slash != NULL ? (int)(slash - f->path) : 0;

	if (f->depth >= FN_DEPTH_MAX)
		return fn_fail(f, "includes nested deeper than %d", FN_DEPTH_MAX);
	if (name[0] == '/' || strstr(name, "..") != NULL)
		return fn_fail(f, "include names a file beside this one");
	if (snprintf(path, sizeof path, "%.*s%s%s", dir, f->path, slash ? "/" : "", name) >=
	    (int)sizeof path)
		return fn_fail(f, "include path too long");
	return fn_load_file(path, f->depth + 1, f->err, f->size);
}

/* One line (comment and blank lines already skipped). */
static int fn_line(const struct fn_file *f, char *line)
{
	static const char *const sections[3] = {"answer", "authority", "additional"};
	char *tok[32], *save = NULL, *word;
	size_t n = 0, i, kw = strcspn(line, " \t");

	for (i = 0; i < 3; i++)
		if (kw == strlen(sections[i]) && strncmp(line, sections[i], kw) == 0)
			return fn_record_line(f, i, line + kw + strspn(line + kw, " \t"));
	for (word = strtok_r(line, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save))
		if (n < sizeof tok / sizeof tok[0])
			tok[n++] = word;
		else
			return fn_fail(f, "too many words");
	if (n == 0)
		return 0;
	if (strcmp(tok[0], "on") == 0)
		return fn_rule_line(f, tok, n);
	if (strcmp(tok[0], "include") == 0 && n == 2)
		return fn_include(f, tok[1]);
	if (strcmp(tok[0], "latency") == 0 && n == 2) {
		long ms;
		if (fn_number(tok[1], 0, FN_DELAY_MAX, &ms) != 0)
			return fn_fail(f, "bad latency '%.20s'", tok[1]);
		fn.latency_us = ms * 1000;
		return 0;
	}
	return fn_fail(f, "unknown directive '%.20s'", tok[0]);
}

static int fn_load_file(const char *path, int depth, char *err, size_t size)
{
	struct fn_file f = {path, 0, depth, err, size};
	char line[FN_LINE_MAX + 2];
	FILE *in = fopen(path, "r");
	int rc = 0;

	if (in == NULL)
		return fn_fail(&f, "cannot open: %s", strerror(errno));
	while (rc == 0 && fgets(line, sizeof line, in) != NULL) {
		size_t len = strlen(line);
		char *start = line + strspn(line, " \t");
		if (++f.line > FN_LINES_MAX || (len > FN_LINE_MAX && line[len - 1] != '\n')) {
			rc = fn_fail(&f, "line too long, or too many lines");
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (*start != '\0' && *start != '#')
			rc = fn_line(&f, start);
	}
	fclose(in);
	return rc;
}

/* --- the test's side ---------------------------------------------------------------------- */

void fakenet_free(void)
{
	size_t i, k;

	for (i = 0; i < fn.n_rules; i++) {
		ldns_rdf_deep_free(fn.rules[i].qname);
		for (k = 0; k < 3; k++)
			ldns_rr_list_deep_free(fn.rules[i].sec[k]);
	}
	for (i = 0; i < FN_SOCKETS; i++)
		fn_chunks_free(fn.socks[i].in);
	memset(&fn, 0, sizeof fn);
}

void fakenet_reset(void)
{
	fakenet_free();
	fn.now = FAKENET_T0;
	fn.latency_us = 1000;
}

int fakenet_load(const char *name, char *err, size_t size)
{
	char path[1024];

	if (name[0] == '/')
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, name);
	return fn_load_file(path, 0, err, size);
}

void fakenet_install(void)
{
	netio_set(&fn_ops);
}

void fakenet_uninstall(void)
{
	netio_set(NULL);
}

int64_t fakenet_now(void)
{
	return fn.now;
}

void fakenet_set_fd_limit(size_t n)
{
	fn.fd_limit = n;
}

size_t fakenet_open_sockets(void)
{
	return fn.open;
}

size_t fakenet_max_open(void)
{
	return fn.max_open;
}

size_t fakenet_polls(void)
{
	return fn.polls;
}

size_t fakenet_unmatched(void)
{
	return fn.unmatched;
}

size_t fakenet_filtered(void)
{
	return fn.filtered;
}

const char *fakenet_error(void)
{
	return fn.error[0] != '\0' ? fn.error : NULL;
}

size_t fakenet_log_count(void)
{
	return fn.n_log;
}

const struct fakenet_query *fakenet_log(size_t i)
{
	return i < fn.n_log ? &fn.log[i] : NULL;
}

const char *fakenet_times(const char *addr, bool tcp, const char *qname, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < fn.n_log && used < size; i++) {
		const struct fakenet_query *e = &fn.log[i];
		int64_t rel = e->at_us - FAKENET_T0;
		int w;
		if (strcmp(e->to.text, addr) != 0 || e->tcp != tcp ||
		    (qname != NULL && strcasecmp(e->qname, qname) != 0))
			continue;
		if (rel % 1000 == 0)
			w = snprintf(buf + used, size - used, "%s%lld", used ? "," : "",
				     (long long)(rel / 1000));
		else
			w = snprintf(buf + used, size - used, "%s%lld.%03lld", used ? "," : "",
				     (long long)(rel / 1000), (long long)(rel % 1000));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}
