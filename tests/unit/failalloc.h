/* failalloc.h - an allocator interposed in a test program: counts allocations and fails the Nth. */
#ifndef FAILALLOC_H
#define FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The test program that links failalloc.c defines malloc, calloc, realloc and
 * free itself (glibc supports replacing them): the dynamic linker then binds
 * every caller to them, shared libraries (libldns, libc's own strdup, ...)
 * included, and they forward to glibc's allocator. Where that cannot work
 * (a sanitizer runtime owns malloc; valgrind replaces it; not glibc), nothing
 * is replaced and failalloc_available() says so.
 *
 * Between failalloc_start and failalloc_stop every allocation call (malloc,
 * calloc, realloc to a non-zero size) is counted, the Nth one fails (returns
 * NULL, errno ENOMEM), and the blocks they return are remembered until freed.
 * Single-threaded use only.
 */

/* True when the interposition works in this process (checked by a probe). */
bool failalloc_available(void);

/* Start counting from zero with no block remembered; fail the FAIL_AT-th
 * allocation (1-based; 0: none fails). */
void failalloc_start(size_t fail_at);

/* Stop counting and failing (remembered blocks stay remembered). */
void failalloc_stop(void);

/* While paused (nestable), allocations are neither counted nor failed nor
 * remembered: for the test's own machinery (the fake network). */
void failalloc_pause(void);
void failalloc_resume(void);

/* Allocation calls counted since failalloc_start; calls that failed. */
size_t failalloc_count(void);
size_t failalloc_failures(void);

/* Blocks allocated while counting and not freed yet. */
size_t failalloc_live(void);

/* Blocks allocated before failalloc_start and freed while counting (a library
 * replacing an entry of a cache it keeps for the process frees the old one). */
size_t failalloc_freed_older(void);

/* Print "#   block ADDRESS from FUNCTION+OFFSET (FILE)" for each remembered block
 * (an offset into FILE for a function it does not export: addr2line -f -e FILE). */
void failalloc_print_live(void);

/* Print where the allocation that failed was asked for, the same way. */
void failalloc_print_failed(void);

/* Called when an allocation is made to fail (for a debugger: break failalloc_hit). */
void failalloc_hit(void);

#endif
