/* clock.h - monotonic time in microseconds, for deadlines and round-trip times. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* Microseconds on CLOCK_MONOTONIC (arbitrary origin, never goes back), or on
 * the virtual clock a test installed with netio_set. */
int64_t clock_now_us(void);

/* Milliseconds from NOW until DEADLINE for poll(): rounded up, 0 when past,
 * at most INT32_MAX. */
int clock_poll_ms(int64_t now, int64_t deadline);

#endif
