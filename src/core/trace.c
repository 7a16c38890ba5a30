/* trace.c - verbosity-gated diagnostics to stderr. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/trace.h"

/* The one piece of process state besides the options: it *is* the -v option. */
static int trace_level;

void trace_set_level(int level)
{
	trace_level = level;
}

void trace(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > trace_level)
		return;
	fputs("check_soa: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
