/* clock.c - monotonic clock helpers; the clock itself is netio's (a test's may be virtual). */
#include "config.h"

#include <stdint.h>

#include "net/clock.h"
#include "net/netio.h"

int64_t clock_now_us(void)
{
	return netio()->now_us();
}

int clock_poll_ms(int64_t now, int64_t deadline)
{
	int64_t ms;

	if (deadline <= now)
		return 0;
	ms = (deadline - now + 999) / 1000;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}
