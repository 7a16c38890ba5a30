/* state_file.c - load and save a zone's serial history: no symlinks, owner checked, lock, rename.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "state/state_file.h"

#ifndef STATE_DIR_DEFAULT
#error "STATE_DIR_DEFAULT must be defined (Makefile.am passes it from configure's statedir)"
#endif

#define STATE_HASH_BYTES   16       /* of the SHA-256, shown as 32 hex digits */
#define STATE_LOCK_POLL_NS 10000000 /* 10 ms between tries of the lock */
#define STATE_WHY_PATH     200      /* at most this much of the directory in a reason line */
#define STATE_NO_TIME_TEXT "not saved: no time left of the -t budget"

const char *state_dir_choose(const char *env, const char *option)
{
	if (option != NULL && option[0] != '\0')
		return option;
	if (env != NULL && env[0] != '\0')
		return env;
	return STATE_DIR_DEFAULT;
}

/* Microseconds on CLOCK_MONOTONIC: the save's own deadline, real time even when a
 * test runs the network on a virtual clock. */
static int64_t state_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static char state_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* SHA-256 of the lower-cased ZONE with its final dot, "\n", OPTIONS, into DIGEST. */
static void state_hash(const char *zone, const char *options,
		       uint8_t digest[LDNS_SHA256_DIGEST_LENGTH])
{
	ldns_sha256_CTX ctx;
	size_t len = strlen(zone), i;

	ldns_sha256_init(&ctx);
	for (i = 0; i < len; i++) {
		uint8_t c = (uint8_t)state_lower(zone[i]);
		ldns_sha256_update(&ctx, &c, 1);
	}
	if (len == 0 || zone[len - 1] != '.')
		ldns_sha256_update(&ctx, (const uint8_t *)".", 1);
	ldns_sha256_update(&ctx, (const uint8_t *)"\n", 1);
	ldns_sha256_update(&ctx, (const uint8_t *)options, strlen(options));
	ldns_sha256_final(digest, &ctx);
}

bool state_file_name(const char *zone, const char *options, char *buf, size_t size)
{
	uint8_t digest[LDNS_SHA256_DIGEST_LENGTH];
	size_t len = strlen(zone), used = 0, i;

	if (size > 0)
		buf[0] = '\0';
	if (size < STATE_NAME_MAX)
		return false;
	if (len > 0 && zone[len - 1] == '.')
		len--;
	used += (size_t)snprintf(buf, size, "soa-%s", len == 0 ? "root" : "");
	for (i = 0; i < len && i < STATE_ZONE_CHARS; i++) {
		char c = state_lower(zone[i]);
		bool keep =
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
		buf[used++] = keep ? c : '_';
	}
	buf[used++] = '-';
	state_hash(zone, options, digest);
	for (i = 0; i < STATE_HASH_BYTES; i++)
		used += (size_t)snprintf(buf + used, size - used, "%02x", digest[i]);
	snprintf(buf + used, size - used, ".state");
	return true;
}

/* NAME is a plain file name: [a-z0-9._-] only, not starting with '.', room for the
 * ".lock" and ".tmp" suffixes. */
static bool state_name_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (len == 0 || len + sizeof ".lock" > STATE_NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == '_'))
			return false;
	}
	return true;
}

/* WHY := "state file DIR/NAME: " and the printf-formatted reason; bytes of DIR that
 * are not printable ASCII, and '|', are shown as '?'. */
static void state_why(char *why, size_t size, const char *dir, const char *name, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));
static void state_why(char *why, size_t size, const char *dir, const char *name, const char *fmt,
		      ...)
{
	size_t used;
	va_list ap;
	int n;

	if (size == 0)
		return;
	/* A path too long to show keeps its start, so that the reason still shows. */
	n = snprintf(why, size, "state file %.*s%s/%s: ", STATE_WHY_PATH, dir,
		     strlen(dir) > STATE_WHY_PATH ? "..." : "", name);
	for (used = sizeof "state file " - 1; used < size && why[used] != '\0'; used++)
		if ((unsigned char)why[used] < 0x20 || (unsigned char)why[used] > 0x7e ||
		    why[used] == '|')
			why[used] = '?';
	if (n < 0 || (size_t)n >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(why + n, size - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Open directory DIR into *DFD; with CREATE, make it (0700) when missing. */
static enum state_status state_open_dir(const char *dir, bool create, int *dfd, int *err)
{
	*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dfd < 0 && errno == ENOENT && create && mkdir(dir, 0700) == 0)
		*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*err = errno;
	if (*dfd >= 0)
		return STATE_OK;
	if (*err == ENOENT && !create)
		return STATE_MISSING;
	return *err == ENOTDIR || *err == ENAMETOOLONG ? STATE_BAD_PATH : STATE_IO_ERROR;
}

/* ST is a regular file of ours; otherwise the status, REASON set (maybe in SCRATCH). */
static enum state_status state_check_stat(const struct stat *st, const char **reason, char *scratch,
					  size_t size)
{
	if (!S_ISREG(st->st_mode)) {
		*reason = "not a regular file";
		return STATE_NOT_REGULAR;
	}
	if (st->st_uid != geteuid()) {
		snprintf(scratch, size, "owned by uid %lu, not by uid %lu",
			 (unsigned long)st->st_uid, (unsigned long)geteuid());
		*reason = scratch;
		return STATE_FOREIGN;
	}
	return STATE_OK;
}

/* FD is open on a regular file of ours; otherwise the status, REASON set. */
static enum state_status state_check_file(int fd, const char **reason, char *scratch, size_t size)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		*reason = strerror(errno);
		return STATE_IO_ERROR;
	}
	return state_check_stat(&st, reason, scratch, size);
}

/* What is at NAME in DFD, not following a link: a regular file of ours is STATE_OK. */
static enum state_status state_look_at(int dfd, const char *name, const char **reason,
				       char *scratch, size_t size)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		*reason = errno == ENOENT ? "none yet" : strerror(errno);
		return errno == ENOENT ? STATE_MISSING : STATE_IO_ERROR;
	}
	if (S_ISLNK(st.st_mode)) {
		*reason = "a symbolic link, not followed";
		return STATE_NOT_REGULAR;
	}
	return state_check_stat(&st, reason, scratch, size);
}

/* Read up to CAP bytes of FD into BUF; *LEN gets the count. */
static bool state_read_all(int fd, char *buf, size_t cap, size_t *len)
{
	*len = 0;
	while (*len < cap) {
		ssize_t n = read(fd, buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return true;
}

/* The history status ST as a state status. */
static enum state_status state_from_history(enum history_status st)
{
	switch (st) {
	case HISTORY_OK:
		return STATE_OK;
	case HISTORY_EMPTY:
		return STATE_EMPTY;
	case HISTORY_TRUNCATED:
		return STATE_TRUNCATED;
	case HISTORY_WRONG_VERSION:
		return STATE_WRONG_VERSION;
	case HISTORY_CORRUPT:
		break;
	}
	return STATE_CORRUPT;
}

/* Read file NAME of the open directory DFD into *OUT; REASON says why not (static
 * text or SCRATCH). */
static enum state_status state_read_at(int dfd, const char *name, struct history *out,
				       const char **reason, char *scratch, size_t size)
{
	char text[HISTORY_TEXT_MAX + 1];
	enum history_status hs;
	enum state_status st;
	size_t len = 0;
	int fd;

	out->n = 0;
	/* Look before opening, so that a file of another user we may not read is named as
	 * such; the descriptor is checked again after the open. */
	st = state_look_at(dfd, name, reason, scratch, size);
	if (st != STATE_OK)
		return st;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*reason = errno == ENOENT  ? "none yet"
			  : errno == ELOOP ? "a symbolic link, not followed"
					   : strerror(errno);
		return errno == ENOENT  ? STATE_MISSING
		       : errno == ELOOP ? STATE_NOT_REGULAR
					: STATE_IO_ERROR;
	}
	st = state_check_file(fd, reason, scratch, size);
	if (st == STATE_OK && !state_read_all(fd, text, sizeof text, &len)) {
		*reason = strerror(errno);
		st = STATE_IO_ERROR;
	}
	close(fd);
	if (st != STATE_OK)
		return st;
	if (len > HISTORY_TEXT_MAX) {
		snprintf(scratch, size, "larger than %d bytes", HISTORY_TEXT_MAX);
		*reason = scratch;
		return STATE_CORRUPT;
	}
	hs = history_parse(text, len, out);
	*reason = history_status_text(hs);
	return state_from_history(hs);
}

enum state_status state_load(const char *dir, const char *name, struct history *out, char *why,
			     size_t why_size)
{
	char scratch[320];
	const char *reason = "";
	enum state_status st;
	int dfd, err;

	out->n = 0;
	if (why_size > 0)
		why[0] = '\0';
	if (!state_name_valid(name)) {
		state_why(why, why_size, dir, name, "invalid file name");
		return STATE_BAD_PATH;
	}
	st = state_open_dir(dir, false, &dfd, &err);
	if (st != STATE_OK) {
		state_why(why, why_size, dir, name, "directory%s%s",
			  st == STATE_MISSING ? " " : ": ",
			  st == STATE_MISSING ? "does not exist yet" : strerror(err));
		return st;
	}
	st = state_read_at(dfd, name, out, &reason, scratch, sizeof scratch);
	close(dfd);
	if (st != STATE_OK)
		state_why(why, why_size, dir, name, "%s", reason);
	return st;
}

/* Sleep PAUSE, or less when DEADLINE (state_now_us) comes first. */
static void state_pause(const struct timespec *pause, int64_t deadline)
{
	int64_t left = deadline - state_now_us();
	struct timespec t = *pause;

	if (left <= 0)
		return;
	if (left * 1000 < (int64_t)t.tv_sec * 1000000000 + t.tv_nsec) {
		t.tv_sec = (time_t)(left / 1000000);
		t.tv_nsec = (long)(left % 1000000 * 1000);
	}
	nanosleep(&t, NULL);
}

/* Take the exclusive lock on NAME.lock in DFD, waiting up to STATE_LOCK_WAIT_MS and
 * never past DEADLINE_US; the descriptor into *LFD (closing it releases the lock). */
static enum state_status state_lock(int dfd, const char *name, int64_t deadline_us, int *lfd,
				    const char **reason, char *scratch, size_t size)
{
	const struct timespec pause = {0, STATE_LOCK_POLL_NS};
	int64_t deadline = state_now_us() + (int64_t)STATE_LOCK_WAIT_MS * 1000;
	char lock[STATE_NAME_MAX];
	const char *why_not = NULL;
	enum state_status st;
	struct flock fl;

	if (deadline_us < deadline)
		deadline = deadline_us;
	snprintf(lock, sizeof lock, "%s.lock", name);
	*lfd = openat(dfd, lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
		      0600);
	if (*lfd < 0) {
		st = errno == ELOOP ? STATE_NOT_REGULAR : STATE_IO_ERROR;
		snprintf(scratch, size, "lock file %s: %s", lock,
			 errno == ELOOP ? "a symbolic link, not followed" : strerror(errno));
		*reason = scratch;
		return st;
	}
	st = state_check_file(*lfd, &why_not, scratch, size);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while (st == STATE_OK && fcntl(*lfd, F_SETLK, &fl) != 0) {
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			why_not = strerror(errno);
			st = STATE_IO_ERROR;
		} else if (state_now_us() >= deadline) {
			why_not = "held by another check until the time was up";
			st = STATE_LOCKED;
		} else {
			state_pause(&pause, deadline);
		}
	}
	if (st != STATE_OK) {
		char copy[96];
		snprintf(copy, sizeof copy, "%s", why_not);
		snprintf(scratch, size, "%slock file %s: %s",
			 st == STATE_LOCKED ? "not saved: " : "", lock, copy);
		*reason = scratch;
		close(*lfd);
		*lfd = -1;
	}
	return st;
}

/* Write LEN bytes of TEXT to NAME.tmp in DFD, fsync, rename it to NAME, fsync DFD
 * when DEADLINE_US has not passed. On failure NAME.tmp is removed, NAME untouched,
 * REASON set (in SCRATCH). */
static enum state_status state_write_at(int dfd, const char *name, const char *text, size_t len,
					int64_t deadline_us, const char **reason, char *scratch,
					size_t size)
{
	char tmp[STATE_NAME_MAX];
	const char *step = "cannot write";
	size_t done = 0;
	int fd, err = 0;

	snprintf(tmp, sizeof tmp, "%s.tmp", name);
	/* Under the lock no other check writes it: one left by a killed check goes. */
	if (unlinkat(dfd, tmp, 0) != 0 && errno != ENOENT)
		err = errno;
	fd = err ? -1
		 : openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
			  0600);
	if (fd < 0 && err == 0)
		err = errno;
	while (fd >= 0 && err == 0 && done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n > 0)
			done += (size_t)n;
		else if (n == 0 || errno != EINTR)
			err = n == 0 ? EIO : errno;
	}
	if (fd >= 0 && err == 0 && fsync(fd) != 0)
		err = errno;
	if (fd >= 0 && close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && renameat(dfd, tmp, dfd, name) != 0) {
		err = errno;
		step = "cannot rename the new file into place";
	}
	if (err != 0) {
		if (fd >= 0)
			unlinkat(dfd, tmp, 0);
		snprintf(scratch, size, "%s: %s", step, strerror(err));
		*reason = scratch;
		return STATE_IO_ERROR;
	}
	/* Make the rename durable, if time is left (else a crash may bring back the old
	 * file: still valid); a file system that cannot sync a directory says EINVAL. */
	if (state_now_us() < deadline_us && fsync(dfd) != 0 && errno != EINVAL) {
		snprintf(scratch, size, "saved, but cannot sync the directory: %s",
			 strerror(errno));
		*reason = scratch;
		return STATE_IO_ERROR;
	}
	return STATE_OK;
}

/* Under the lock: merge what is on disk into a copy of H and write it out, unless
 * DEADLINE_US has passed. */
static enum state_status state_save_locked(int dfd, const char *name, const struct history *h,
					   int64_t deadline_us, const char **reason, char *scratch,
					   size_t size)
{
	char text[HISTORY_TEXT_MAX];
	struct history merged = *h, disk;
	enum state_status st;
	size_t len;

	st = state_read_at(dfd, name, &disk, reason, scratch, size);
	if (st == STATE_FOREIGN) {
		char copy[96];
		snprintf(copy, sizeof copy, "%s", *reason);
		snprintf(scratch, size, "%s, not replaced", copy);
		*reason = scratch;
		return st;
	}
	if (st == STATE_OK)
		history_merge(&merged, &disk);
	len = history_format(&merged, text, sizeof text);
	if (len == 0 || len >= sizeof text) {
		*reason = "the history to save is not valid";
		return STATE_CORRUPT;
	}
	if (state_now_us() >= deadline_us) {
		*reason = STATE_NO_TIME_TEXT;
		return STATE_NO_TIME;
	}
	return state_write_at(dfd, name, text, len, deadline_us, reason, scratch, size);
}

enum state_status state_save(const char *dir, const char *name, const struct history *h,
			     int64_t budget_us, char *why, size_t why_size)
{
	int64_t now = state_now_us();
	int64_t deadline_us = budget_us > INT64_MAX - now ? INT64_MAX : now + budget_us;
	char scratch[320];
	const char *reason = "";
	enum state_status st;
	int dfd, lfd, err;

	if (why_size > 0)
		why[0] = '\0';
	if (!state_name_valid(name) || !history_valid(h)) {
		state_why(why, why_size, dir, name, "%s",
			  state_name_valid(name) ? "the history to save is not valid"
						 : "invalid file name");
		return state_name_valid(name) ? STATE_CORRUPT : STATE_BAD_PATH;
	}
	if (budget_us <= 0) {
		state_why(why, why_size, dir, name, "%s", STATE_NO_TIME_TEXT);
		return STATE_NO_TIME;
	}
	st = state_open_dir(dir, true, &dfd, &err);
	if (st != STATE_OK) {
		state_why(why, why_size, dir, name, "directory: %s", strerror(err));
		return st;
	}
	st = state_lock(dfd, name, deadline_us, &lfd, &reason, scratch, sizeof scratch);
	if (st == STATE_OK) {
		st = state_save_locked(dfd, name, h, deadline_us, &reason, scratch, sizeof scratch);
		close(lfd);
	}
	close(dfd);
	if (st != STATE_OK)
		state_why(why, why_size, dir, name, "%s", reason);
	return st;
}
