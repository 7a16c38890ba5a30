/* trace.h - -v diagnostics on stderr (never stdout, which belongs to the monitoring core). */
#ifndef TRACE_H
#define TRACE_H

/* Set the verbosity once, from the parsed options (0 = silent). */
void trace_set_level(int level);

/* Print "check_soa: " + message + newline to stderr when LEVEL <= verbosity.
 * Untrusted text must already be escaped by the caller. */
void trace(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
