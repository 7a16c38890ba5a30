/* serial.c - RFC 1982 serial comparison, distance and newest-of-a-set. */
#include "config.h"

#include "judge/serial.h"

#define SERIAL_HALF 0x80000000u

enum serial_cmp serial_compare(uint32_t a, uint32_t b)
{
	uint32_t forward = b - a; /* unsigned: wraps modulo 2^32 by definition */

	if (a == b)
		return SERIAL_EQUAL;
	if (forward == SERIAL_HALF)
		return SERIAL_INCOMPARABLE;
	return forward < SERIAL_HALF ? SERIAL_LESS : SERIAL_GREATER;
}

uint32_t serial_distance(uint32_t older, uint32_t newer)
{
	return newer - older;
}

bool serial_newest(const uint32_t *serials, size_t n, uint32_t *newest)
{
	uint32_t best;
	size_t i;

	if (n == 0)
		return false;
	best = serials[0];
	for (i = 1; i < n; i++)
		if (serial_compare(serials[i], best) == SERIAL_GREATER)
			best = serials[i];
	/* The candidate must be at least as new as every serial, each less than
	 * half the circle behind it; otherwise there is no total order. */
	for (i = 0; i < n; i++) {
		enum serial_cmp c = serial_compare(serials[i], best);
		if (c != SERIAL_LESS && c != SERIAL_EQUAL)
			return false;
	}
	*newest = best;
	return true;
}
