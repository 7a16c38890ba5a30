/* netio.h - the engine's only door to the network and the clock: system calls, or a test's fake.
 */
#ifndef NETIO_H
#define NETIO_H

#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

/* The calls the query engine (probe.c) makes, with the system calls' meaning:
 * -1 and errno on failure, non-blocking sockets only. now_us is the monotonic
 * clock in microseconds (clock_now_us goes through it). A replacement must
 * implement every member; it sees only descriptors its own socket returned. */
struct netio_ops {
	int (*socket)(int domain, int type, int protocol);
	int (*connect)(int fd, const struct sockaddr *addr, socklen_t len);
	ssize_t (*send)(int fd, const void *buf, size_t len, int flags);
	ssize_t (*recv)(int fd, void *buf, size_t len, int flags);
	int (*poll)(struct pollfd *fds, nfds_t n, int timeout_ms);
	int (*close)(int fd);
	int (*getsockopt)(int fd, int level, int name, void *val, socklen_t *len);
	int64_t (*now_us)(void);
};

/* The operations in use: netio_sys unless a test installed others. Never NULL. */
const struct netio_ops *netio(void);

/* Tests only: use OPS (not copied; must outlive their use) from now on, or
 * the system calls again when OPS is NULL. Not to be called while a probe_run
 * is in progress or a socket of the previous operations is open. */
void netio_set(const struct netio_ops *ops);

/* The system calls and CLOCK_MONOTONIC: the default. */
extern const struct netio_ops netio_sys;

#endif
