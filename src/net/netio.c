/* netio.c - which network operations are in use: the system's, or those a test installed. */
#include "config.h"

#include <stddef.h>

#include "net/netio.h"

/* The one piece of process state besides the options (and trace's level): a
 * test swaps the whole transport and clock for a fake in one place, so the
 * engine keeps no test hooks and its parameters stay those of production. */
static const struct netio_ops *netio_current = &netio_sys;

const struct netio_ops *netio(void)
{
	return netio_current;
}

void netio_set(const struct netio_ops *ops)
{
	netio_current = ops != NULL ? ops : &netio_sys;
}
