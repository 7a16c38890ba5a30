/* failalloc.c - malloc, calloc, realloc and free interposed: count, fail the Nth, track blocks. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||                         \
    __has_feature(thread_sanitizer)
#define FAILALLOC_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FAILALLOC_SANITIZER 1
#endif

#if defined(__GLIBC__) && !defined(FAILALLOC_SANITIZER)
#define FAILALLOC_INTERPOSE 1
#endif

#define FAILALLOC_SLOTS (1u << 16) /* remembered blocks at once; a power of two */

static struct {
	bool counting;
	unsigned paused;
	size_t count, fail_at, failures, live;
	size_t freed_older; /* blocks from before failalloc_start freed while counting */
	void *failed_site;  /* where the failed allocation was asked for */
	bool overflow;      /* more blocks than slots: live is no longer exact */
	void *slot[FAILALLOC_SLOTS];
	void *site[FAILALLOC_SLOTS]; /* where each remembered block was allocated */
} fa;

#ifdef FAILALLOC_INTERPOSE
/* The slot where P is, or the empty one where it would go. */
static size_t failalloc_find(const void *p)
{
	size_t i = ((uintptr_t)p >> 4) * 2654435761u & (FAILALLOC_SLOTS - 1);

	while (fa.slot[i] != NULL && fa.slot[i] != p)
		i = (i + 1) & (FAILALLOC_SLOTS - 1);
	return i;
}

static void failalloc_remember(void *p, void *site)
{
	size_t i;

	if (p == NULL)
		return;
	if (fa.live + 1 >= FAILALLOC_SLOTS) {
		fa.overflow = true;
		return;
	}
	i = failalloc_find(p);
	if (fa.slot[i] == NULL) {
		fa.slot[i] = p;
		fa.site[i] = site;
		fa.live++;
	}
}

/* Forget P (linear probing: later entries of the run move back). Returns
 * whether it was remembered. */
static bool failalloc_forget(const void *p)
{
	size_t i, j, home;

	if (p == NULL || fa.live == 0)
		return false;
	i = failalloc_find(p);
	if (fa.slot[i] == NULL)
		return false;
	fa.slot[i] = NULL;
	fa.live--;
	for (j = (i + 1) & (FAILALLOC_SLOTS - 1); fa.slot[j] != NULL;
	     j = (j + 1) & (FAILALLOC_SLOTS - 1)) {
		home = ((uintptr_t)fa.slot[j] >> 4) * 2654435761u & (FAILALLOC_SLOTS - 1);
		/* move slot j to the hole at i unless its home lies cyclically in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			fa.slot[i] = fa.slot[j];
			fa.site[i] = fa.site[j];
			fa.slot[j] = NULL;
			i = j;
		}
	}
	return true;
}

__attribute__((noinline)) void failalloc_hit(void)
{
	__asm__ volatile(""); /* a place for a debugger's breakpoint: kept, not inlined */
}

/* Count one allocation call; true when it is to fail. */
static bool failalloc_next(void)
{
	if (!fa.counting || fa.paused > 0)
		return false;
	if (++fa.count != fa.fail_at)
		return false;
	fa.failures++;
	failalloc_hit();
	errno = ENOMEM;
	return true;
}

static bool failalloc_tracking(void)
{
	return fa.counting && fa.paused == 0;
}

/* glibc's own allocator, exported for replacements like this one */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

void *malloc(size_t size)
{
	void *p;

	if (failalloc_next()) {
		fa.failed_site = __builtin_return_address(0);
		return NULL;
	}
	p = __libc_malloc(size);
	if (failalloc_tracking())
		failalloc_remember(p, __builtin_return_address(0));
	return p;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (failalloc_next()) {
		fa.failed_site = __builtin_return_address(0);
		return NULL;
	}
	p = __libc_calloc(n, size);
	if (failalloc_tracking())
		failalloc_remember(p, __builtin_return_address(0));
	return p;
}

void *realloc(void *old, size_t size)
{
	bool tracked;
	void *p;

	if (size == 0 && old != NULL) {
		failalloc_forget(old);
		return __libc_realloc(old, size);
	}
	if (failalloc_next()) {
		fa.failed_site = __builtin_return_address(0);
		return NULL;
	}
	p = __libc_realloc(old, size);
	if (p == NULL)
		return NULL;
	tracked = failalloc_forget(old);
	if (!tracked && old != NULL && p != old && failalloc_tracking())
		fa.freed_older++;
	if (tracked || (old == NULL && failalloc_tracking()))
		failalloc_remember(p, __builtin_return_address(0));
	return p;
}

void free(void *p)
{
	if (!failalloc_forget(p) && p != NULL && failalloc_tracking())
		fa.freed_older++;
	__libc_free(p);
}
#else
void failalloc_hit(void)
{
}
#endif

/* "FUNCTION+OFFSET (FILE)" or "ADDRESS (FILE)" for code address SITE into BUF. */
static void failalloc_site_name(void *site, char *buf, size_t size)
{
	Dl_info info;

	if (dladdr(site, &info) != 0 && info.dli_sname != NULL)
		snprintf(buf, size, "%s+%#lx (%s)", info.dli_sname,
			 (unsigned long)((char *)site - (char *)info.dli_saddr), info.dli_fname);
	else if (dladdr(site, &info) != 0)
		snprintf(buf, size, "%#lx (%s)",
			 (unsigned long)((char *)site - (char *)info.dli_fbase), info.dli_fname);
	else
		snprintf(buf, size, "%p", site);
}

void failalloc_print_failed(void)
{
	char where[512];

	failalloc_site_name(fa.failed_site, where, sizeof where);
	printf("#   the failed allocation was asked for at %s\n", where);
}

void failalloc_print_live(void)
{
	char where[512];
	size_t i;

	for (i = 0; i < FAILALLOC_SLOTS; i++) {
		if (fa.slot[i] == NULL)
			continue;
		failalloc_site_name(fa.site[i], where, sizeof where);
		printf("#   block %p from %s\n", fa.slot[i], where);
	}
}

void failalloc_start(size_t fail_at)
{
	memset(fa.slot, 0, sizeof fa.slot);
	fa.live = 0;
	fa.overflow = false;
	fa.count = 0;
	fa.failures = 0;
	fa.freed_older = 0;
	fa.fail_at = fail_at;
	fa.paused = 0;
	fa.counting = true;
}

void failalloc_stop(void)
{
	fa.counting = false;
}

void failalloc_pause(void)
{
	fa.paused++;
}

void failalloc_resume(void)
{
	if (fa.paused > 0)
		fa.paused--;
}

size_t failalloc_count(void)
{
	return fa.count;
}

size_t failalloc_failures(void)
{
	return fa.failures;
}

size_t failalloc_freed_older(void)
{
	return fa.freed_older;
}

size_t failalloc_live(void)
{
	return fa.overflow ? (size_t)-1 : fa.live;
}

bool failalloc_available(void)
{
	/* through a volatile pointer, so the compiler cannot pair and drop the calls */
	void *(*volatile alloc)(size_t) = malloc;
	char *volatile s;
	void *p;
	bool ok;

	failalloc_start(2);
	p = alloc(16);
	s = strdup("x"); /* libc's own call to malloc: the second, and it fails */
	ok = p != NULL && s == NULL && failalloc_count() == 2 && failalloc_live() == 1;
	free(p);
	free(s);
	ok = ok && failalloc_live() == 0;
	failalloc_stop();
	return ok;
}
