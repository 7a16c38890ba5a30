/* delay_proxy.c - a DNS forwarder that adds a fixed one-way delay, for the benchmark lab.
 *
 * Usage: delay_proxy -d ONE_WAY_MS [-s STATS_FILE] [-p PORT] LISTEN=BACKEND ...
 *
 * For each LISTEN address (IPv4 or IPv6, port PORT, default 53) it binds a UDP and a TCP
 * socket and forwards what arrives to BACKEND (an IPv4 or IPv6 address, port 53), holding
 * every datagram or TCP chunk ONE_WAY_MS milliseconds in each direction, so that a client
 * sees a round trip of 2 * ONE_WAY_MS. BACKEND "drop" reads queries and never answers.
 *
 * UDP: queries go out through one shared socket per family with the DNS ID rewritten to a
 * slot number; the reply's slot tells which client and which listening address it belongs
 * to, and the reply is sent from that listening socket with the client's ID restored.
 * TCP: each accepted connection gets its own backend connection; the first client bytes
 * are held an extra round trip (the kernel completed the handshake without delay).
 *
 * Since the delay is the same for every packet, pending packets form a FIFO sorted by due
 * time. One thread, epoll with a nanosecond timeout (epoll_pwait2). SIGUSR1 writes counters to
 * STATS_FILE ("udp_queries N" lines); SIGTERM/SIGINT end the process.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LISTEN 1024
#define MAX_CONN   1024
#define RING_SIZE  65536 /* pending UDP datagrams */
#define SLOTS      65536 /* one per DNS ID on the backend side */
#define UDP_MAX    65536

struct listener {
	int udp_fd, tcp_fd;
	bool drop;
	struct sockaddr_storage backend;
	socklen_t backend_len;
};

struct slot { /* a UDP query in flight to a backend */
	int listener;
	uint16_t client_id;
	struct sockaddr_storage client;
	socklen_t client_len;
};

struct datagram { /* a delayed UDP send */
	int64_t due;
	int fd;
	struct sockaddr_storage to;
	socklen_t to_len;
	size_t len;
	uint8_t *data;
};

struct chunk { /* delayed TCP bytes */
	int64_t due;
	size_t len, off;
	struct chunk *next;
	uint8_t data[];
};

struct pipe_dir { /* one direction of a TCP connection */
	struct chunk *head, *tail;
	bool eof_seen; /* the reading side closed: shut down the writing side once drained */
};

struct conn {
	int cfd, bfd; /* client side, backend side; -1 when unused */
	int64_t accepted;
	struct pipe_dir to_backend, to_client;
};

static struct listener listeners[MAX_LISTEN];
static size_t n_listeners;
static struct slot slots[SLOTS];
static uint32_t next_slot;
static struct datagram ring[RING_SIZE];
static size_t ring_head, ring_count;
static struct conn conns[MAX_CONN];
static size_t n_conns_hw;      /* conns[] at and above this index were never used */
static int up4 = -1, up6 = -1; /* shared backend sockets */
static int64_t delay_ns;
static const char *stats_path;
static volatile sig_atomic_t want_stats, want_exit;
static unsigned long long n_udp_queries, n_udp_replies, n_tcp_conns, n_dropped, n_overflow;

static void die(const char *what)
{
	fprintf(stderr, "delay_proxy: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Kinds of epoll entries (high half of the event's data; the low half is an index). */
enum { P_UDP = 1, P_TCP_LISTEN, P_UP, P_CLIENT, P_BACKEND };

static int epfd = -1;

static void watch(int fd, uint32_t kind, uint32_t index)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)kind << 32 | index};

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("epoll_ctl");
}

static void unwatch(int fd)
{
	(void)epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		want_stats = 1;
	else
		want_exit = 1;
}

static void write_stats(void)
{
	char tmp[4096];
	FILE *f;

	if (stats_path == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", stats_path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f,
		"udp_queries %llu\nudp_replies %llu\ntcp_connections %llu\ndropped %llu\n"
		"overflow %llu\n",
		n_udp_queries, n_udp_replies, n_tcp_conns, n_dropped, n_overflow);
	fclose(f);
	rename(tmp, stats_path);
}

/* Parse "ADDR" into SS with PORT. Returns 0 or -1. */
static int parse_addr(const char *text, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof *s4;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof *s6;
		return 0;
	}
	return -1;
}

/* A receive buffer for bursts: every reply of a check's round comes back through one
 * upstream socket at once (the default 208 KiB dropped some of 240 replies). */
static void big_rcvbuf(int fd)
{
	int size = 4 << 20;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

static int bound_socket(const struct sockaddr_storage *ss, socklen_t len, int type)
{
	int fd = socket(ss->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)ss, len) < 0)
		die("bind");
	if (type == SOCK_STREAM && listen(fd, 128) < 0)
		die("listen");
	if (type == SOCK_DGRAM)
		big_rcvbuf(fd);
	return fd;
}

static void add_listener(const char *spec, uint16_t port)
{
	char buf[256], *eq;
	struct listener *l = &listeners[n_listeners];
	struct sockaddr_storage ss;
	socklen_t len;

	if (n_listeners >= MAX_LISTEN || snprintf(buf, sizeof buf, "%s", spec) >= (int)sizeof buf ||
	    (eq = strchr(buf, '=')) == NULL) {
		fprintf(stderr, "delay_proxy: bad mapping '%s'\n", spec);
		exit(2);
	}
	*eq = '\0';
	if (parse_addr(buf, port, &ss, &len) != 0 ||
	    (strcmp(eq + 1, "drop") != 0 &&
	     parse_addr(eq + 1, 53, &l->backend, &l->backend_len) != 0)) {
		fprintf(stderr, "delay_proxy: bad address in '%s'\n", spec);
		exit(2);
	}
	l->drop = strcmp(eq + 1, "drop") == 0;
	l->udp_fd = bound_socket(&ss, len, SOCK_DGRAM);
	l->tcp_fd = bound_socket(&ss, len, SOCK_STREAM);
	n_listeners++;
}

static void ring_push(int64_t due, int fd, const struct sockaddr_storage *to, socklen_t to_len,
		      const uint8_t *data, size_t len)
{
	struct datagram *d;

	if (ring_count == RING_SIZE) {
		n_overflow++;
		return;
	}
	d = &ring[(ring_head + ring_count) % RING_SIZE];
	d->data = malloc(len);
	if (d->data == NULL) {
		n_overflow++;
		return;
	}
	memcpy(d->data, data, len);
	d->due = due;
	d->fd = fd;
	d->to = *to;
	d->to_len = to_len;
	d->len = len;
	ring_count++;
}

/* Send every datagram that is due. */
static void ring_flush(int64_t now)
{
	while (ring_count > 0 && ring[ring_head].due <= now) {
		struct datagram *d = &ring[ring_head];
		(void)sendto(d->fd, d->data, d->len, 0, (struct sockaddr *)&d->to, d->to_len);
		free(d->data);
		ring_head = (ring_head + 1) % RING_SIZE;
		ring_count--;
	}
}

static void udp_from_client(size_t li, uint8_t *buf, int64_t now)
{
	struct listener *l = &listeners[li];

	for (;;) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		ssize_t r =
		    recvfrom(l->udp_fd, buf, UDP_MAX, 0, (struct sockaddr *)&from, &from_len);
		struct slot *s;
		uint16_t id;
		if (r < 0)
			return;
		n_udp_queries++;
		if (l->drop || r < 12) {
			n_dropped++;
			continue;
		}
		id = (uint16_t)(next_slot++ % SLOTS);
		s = &slots[id];
		s->listener = (int)li;
		s->client_id = (uint16_t)(buf[0] << 8 | buf[1]);
		s->client = from;
		s->client_len = from_len;
		buf[0] = (uint8_t)(id >> 8);
		buf[1] = (uint8_t)(id & 0xff);
		ring_push(now + delay_ns, l->backend.ss_family == AF_INET6 ? up6 : up4, &l->backend,
			  l->backend_len, buf, (size_t)r);
	}
}

static void udp_from_backend(int fd, uint8_t *buf, int64_t now)
{
	for (;;) {
		ssize_t r = recv(fd, buf, UDP_MAX, 0);
		struct slot *s;
		if (r < 0)
			return;
		if (r < 12)
			continue;
		s = &slots[buf[0] << 8 | buf[1]];
		if (s->client_len == 0)
			continue;
		buf[0] = (uint8_t)(s->client_id >> 8);
		buf[1] = (uint8_t)(s->client_id & 0xff);
		n_udp_replies++;
		ring_push(now + delay_ns, listeners[s->listener].udp_fd, &s->client, s->client_len,
			  buf, (size_t)r);
		s->client_len = 0;
	}
}

static void conn_free_dir(struct pipe_dir *p)
{
	while (p->head != NULL) {
		struct chunk *c = p->head;
		p->head = c->next;
		free(c);
	}
	p->tail = NULL;
	p->eof_seen = false;
}

static void conn_close(struct conn *c)
{
	if (c->cfd >= 0)
		close(c->cfd);
	if (c->bfd >= 0)
		close(c->bfd);
	conn_free_dir(&c->to_backend);
	conn_free_dir(&c->to_client);
	c->cfd = c->bfd = -1;
}

static void tcp_accept(size_t li, int64_t now)
{
	struct listener *l = &listeners[li];

	for (;;) {
		int cfd = accept4(l->tcp_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), bfd;
		size_t i;
		if (cfd < 0)
			return;
		n_tcp_conns++;
		for (i = 0; i < MAX_CONN && conns[i].cfd >= 0; i++)
			;
		if (l->drop || i == MAX_CONN) {
			close(
			    cfd); /* a dropping server: let the client time out on a closed line */
			n_dropped++;
			continue;
		}
		bfd = socket(l->backend.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (bfd < 0 || (connect(bfd, (struct sockaddr *)&l->backend, l->backend_len) < 0 &&
				errno != EINPROGRESS)) {
			close(cfd);
			if (bfd >= 0)
				close(bfd);
			continue;
		}
		conns[i].cfd = cfd;
		conns[i].bfd = bfd;
		conns[i].accepted = now;
		if (i >= n_conns_hw)
			n_conns_hw = i + 1;
		watch(cfd, P_CLIENT, (uint32_t)i);
		watch(bfd, P_BACKEND, (uint32_t)i);
	}
}

/* Read what FROM has into DIR, due at DUE. Returns false when the connection must end. */
static bool tcp_read(int from, struct pipe_dir *dir, int64_t due, uint8_t *buf)
{
	for (;;) {
		ssize_t r = recv(from, buf, UDP_MAX, 0);
		struct chunk *c;
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		if (r == 0) {
			dir->eof_seen = true;
			return true;
		}
		c = malloc(sizeof *c + (size_t)r);
		if (c == NULL)
			return false;
		c->due = due;
		c->len = (size_t)r;
		c->off = 0;
		c->next = NULL;
		memcpy(c->data, buf, (size_t)r);
		if (dir->tail != NULL)
			dir->tail->next = c;
		else
			dir->head = c;
		dir->tail = c;
	}
}

/* Write the due chunks of DIR to TO. Returns false when the connection must end. */
static bool tcp_write(int to, struct pipe_dir *dir, int64_t now)
{
	while (dir->head != NULL && dir->head->due <= now) {
		struct chunk *c = dir->head;
		ssize_t r = send(to, c->data + c->off, c->len - c->off, MSG_NOSIGNAL);
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOTCONN ||
			       errno == EINTR;
		c->off += (size_t)r;
		if (c->off < c->len)
			return true;
		dir->head = c->next;
		if (dir->head == NULL)
			dir->tail = NULL;
		free(c);
	}
	if (dir->head == NULL && dir->eof_seen)
		shutdown(to, SHUT_WR);
	return true;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* The next moment something is due, or INT64_MAX. */
static int64_t next_due(void)
{
	int64_t next = ring_count > 0 ? ring[ring_head].due : INT64_MAX;
	size_t i;

	for (i = 0; i < n_conns_hw; i++) {
		if (conns[i].cfd < 0)
			continue;
		if (conns[i].to_backend.head != NULL)
			next = min64(next, conns[i].to_backend.head->due);
		if (conns[i].to_client.head != NULL)
			next = min64(next, conns[i].to_client.head->due);
	}
	return next;
}

/* Write what is due on connection C; close it when done or broken. */
static void conn_flush(struct conn *c, int64_t now)
{
	if (!tcp_write(c->bfd, &c->to_backend, now) || !tcp_write(c->cfd, &c->to_client, now) ||
	    (c->to_client.eof_seen && c->to_client.head == NULL))
		conn_close(c);
}

static void run(void)
{
	struct epoll_event events[256];
	uint8_t *buf = malloc(UDP_MAX);
	sigset_t empty;
	size_t i;

	if (buf == NULL)
		die("malloc");
	sigemptyset(&empty);
	for (i = 0; i < n_listeners; i++) {
		watch(listeners[i].udp_fd, P_UDP, (uint32_t)i);
		watch(listeners[i].tcp_fd, P_TCP_LISTEN, (uint32_t)i);
	}
	watch(up4, P_UP, 0);
	watch(up6, P_UP, 1);
	while (!want_exit) {
		int64_t now = now_ns(), due;
		struct timespec ts, *tsp = NULL;
		int n, k;

		if (want_stats) {
			want_stats = 0;
			write_stats();
		}
		ring_flush(now);
		for (i = 0; i < n_conns_hw; i++)
			if (conns[i].cfd >= 0)
				conn_flush(&conns[i], now);
		due = next_due();
		if (due != INT64_MAX) {
			/* a blocked TCP write (due already) is retried 0.2 ms later */
			int64_t wait = due > now ? due - now : 200000;
			ts.tv_sec = (time_t)(wait / 1000000000);
			ts.tv_nsec = (long)(wait % 1000000000);
			tsp = &ts;
		}
		n = epoll_pwait2(epfd, events, 256, tsp, &empty);
		if (n <= 0)
			continue;
		now = now_ns();
		for (k = 0; k < n; k++) {
			uint32_t kind = (uint32_t)(events[k].data.u64 >> 32);
			uint32_t idx = (uint32_t)events[k].data.u64;
			struct conn *c = &conns[idx];
			switch (kind) {
			case P_UDP:
				udp_from_client(idx, buf, now);
				break;
			case P_TCP_LISTEN:
				tcp_accept(idx, now);
				break;
			case P_UP:
				udp_from_backend(idx == 0 ? up4 : up6, buf, now);
				break;
			case P_CLIENT: /* the first bytes also wait for the handshake's round trip
					*/
				if (c->cfd < 0)
					break;
				if (!tcp_read(c->cfd, &c->to_backend,
					      max64(now + delay_ns, c->accepted + 3 * delay_ns),
					      buf))
					conn_close(c);
				else if (c->to_backend.eof_seen)
					unwatch(c->cfd);
				break;
			case P_BACKEND:
				if (c->bfd < 0)
					break;
				if (!tcp_read(c->bfd, &c->to_client, now + delay_ns, buf))
					conn_close(c);
				else if (c->to_client.eof_seen)
					unwatch(c->bfd);
				break;
			}
		}
	}
	free(buf);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block;
	uint16_t port = 53;
	double delay_ms = -1;
	int opt;
	size_t i;

	while ((opt = getopt(argc, argv, "d:s:p:")) != -1) {
		switch (opt) {
		case 'd':
			delay_ms = atof(optarg);
			break;
		case 's':
			stats_path = optarg;
			break;
		case 'p':
			port = (uint16_t)atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: delay_proxy -d ONE_WAY_MS [-s STATS] [-p PORT] "
					"LISTEN=BACKEND|drop ...\n");
			return 2;
		}
	}
	if (delay_ms < 0 || optind == argc) {
		fprintf(stderr, "delay_proxy: need -d ONE_WAY_MS and at least one mapping\n");
		return 2;
	}
	delay_ns = (int64_t)(delay_ms * 1e6);
	for (i = 0; i < MAX_CONN; i++)
		conns[i].cfd = conns[i].bfd = -1;
	up4 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	up6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (up4 < 0 || up6 < 0)
		die("socket");
	big_rcvbuf(up4);
	big_rcvbuf(up6);
	for (; optind < argc; optind++)
		add_listener(argv[optind], port);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, NULL); /* delivered only inside epoll_pwait2() */
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		die("epoll_create1");
	write_stats();
	run();
	write_stats();
	return 0;
}
