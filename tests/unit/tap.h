/* tap.h - a tiny Test Anything Protocol emitter for the C unit tests (header only). */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* Record one test: prints "ok N - NAME" or "not ok N - NAME". Returns COND. */
static inline int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

/* Record a test of a known bug: prints "[not ]ok N - NAME # TODO REASON". A TAP
 * harness counts a failing TODO test as an expected failure (XFAIL) and a passing
 * one as a surprise (XPASS), so a TODO failure leaves the exit status alone. */
static inline int tap_todo(int cond, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int tap_todo(int cond, const char *reason, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # TODO %s\n", reason);
	fflush(stdout);
	return cond;
}

/* Compare two strings; on mismatch print both as TAP diagnostics. */
#define tap_str_eq(got, want, ...)                                                                 \
	do {                                                                                       \
		const char *tap_g_ = (got), *tap_w_ = (want);                                      \
		int tap_c_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0;                      \
		if (!tap_ok(tap_c_, __VA_ARGS__))                                                  \
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n", tap_g_ ? tap_g_ : "(null)", \
			       tap_w_ ? tap_w_ : "(null)");                                        \
	} while (0)

/* Compare two integers (as long long); on mismatch print both. */
#define tap_int_eq(got, want, ...)                                                                 \
	do {                                                                                       \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                   \
		if (!tap_ok(tap_g_ == tap_w_, __VA_ARGS__))                                        \
			printf("#   got:  %lld\n#   want: %lld\n", tap_g_, tap_w_);                \
	} while (0)

/* True when NEEDLE occurs in HAYSTACK. */
static inline int tap_contains(const char *haystack, const char *needle)
{
	return haystack && needle && strstr(haystack, needle) != NULL;
}

/* Print the plan and return the process exit status. Call last in main(). */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
