/* clock.c - monotonic clock helpers. */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include "clock.h"

int64_t clock_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int clock_poll_ms(int64_t now, int64_t deadline)
{
	int64_t ms;

	if (deadline <= now)
		return 0;
	ms = (deadline - now + 999) / 1000;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}
