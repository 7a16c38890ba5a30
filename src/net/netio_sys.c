/* netio_sys.c - the real network operations and clock behind netio.h. */
#include "config.h"

#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/netio.h"

static int64_t netio_sys_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* connect() may be declared with a transparent union for its address (glibc
 * with _GNU_SOURCE), which a plain function pointer cannot hold. */
static int netio_sys_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return connect(fd, addr, len);
}

const struct netio_ops netio_sys = {
    .socket = socket,
    .connect = netio_sys_connect,
    .send = send,
    .recv = recv,
    .poll = poll,
    .close = close,
    .getsockopt = getsockopt,
    .now_us = netio_sys_now_us,
};
