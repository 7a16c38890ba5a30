/* serial.h - SOA serial number arithmetic per RFC 1982 (32-bit sequence space). */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of comparing two serials. RFC 1982 leaves a pair exactly 2^31 apart
 * undefined: that is SERIAL_INCOMPARABLE, never guessed. */
enum serial_cmp {
	SERIAL_EQUAL,
	SERIAL_LESS,    /* a is older than b */
	SERIAL_GREATER, /* a is newer than b */
	SERIAL_INCOMPARABLE
};

/* Compare serial A with serial B. */
enum serial_cmp serial_compare(uint32_t a, uint32_t b);

/* How many increments OLDER is behind NEWER: (newer - older) mod 2^32.
 * Only meaningful when serial_compare(older, newer) is LESS or EQUAL. */
uint32_t serial_distance(uint32_t older, uint32_t newer);

/* Find the newest of N serials (n > 0). Returns true and sets *newest when
 * every serial is comparable with it and none is newer; false when the set
 * cannot be ordered (some pair is 2^31 or more apart along the circle). */
bool serial_newest(const uint32_t *serials, size_t n, uint32_t *newest);

#endif
