/* state_file.h - where the serial history of a zone is kept, and its safe load and save. */
#ifndef STATE_FILE_H
#define STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "judge/history.h"

#define STATE_NAME_MAX     128  /* a state file name, its NUL included */
#define STATE_ZONE_CHARS   64   /* at most this much of the zone name shows in the file name */
#define STATE_WHY_MAX      512  /* room enough for any reason line */
#define STATE_LOCK_WAIT_MS 2000 /* how long state_save waits at most for another check's lock */
#define STATE_NO_DEADLINE  INT64_MAX /* state_save without a time budget (but the lock wait) */

enum state_status {
	STATE_OK,
	STATE_MISSING,       /* no state file (or directory) yet: a first run */
	STATE_EMPTY,         /* the file is empty */
	STATE_TRUNCATED,     /* the file stops before its end line */
	STATE_CORRUPT,       /* the file is not a valid history, or too large */
	STATE_WRONG_VERSION, /* the file is from another version of the format */
	STATE_FOREIGN,       /* the file is owned by another user: neither read nor replaced */
	STATE_NOT_REGULAR,   /* a symbolic link, directory, FIFO ... where the file should be */
	STATE_BAD_PATH,      /* the directory is not one, or the path is too long or invalid */
	STATE_LOCKED,        /* another check held the lock until the wait or the deadline ended */
	STATE_NO_TIME,       /* the deadline passed before the save could start: not saved */
	STATE_IO_ERROR       /* a system call failed: permission, read-only or full disk ... */
};

/* The state directory: OPTION (--state-dir, may be NULL) when not empty, else ENV
 * (the value of MP_STATE_PATH, may be NULL) when not empty, else the configure-time
 * default STATE_DIR_DEFAULT: the command line wins. Returns one of the three strings
 * (not a copy). */
const char *state_dir_choose(const char *env, const char *option);

/* The file name of the state of ZONE (presentation form, any case, with or without
 * the final dot) checked with the option set OPTIONS (any text that differs when
 * the resolver, port, -n or -P set differ; the caller builds it), into BUF (SIZE
 * bytes): "soa-ZONE-HASH.state" where ZONE is the zone lower-cased, final dot
 * dropped, "root" for the root, every byte but [a-z0-9.-] replaced by '_', cut to
 * STATE_ZONE_CHARS; HASH is 32 hex digits of SHA-256 over the lower-cased zone with
 * its final dot, a newline and OPTIONS. The name never holds '/' nor starts with
 * '.'. Returns false (BUF "" when SIZE > 0) when SIZE < STATE_NAME_MAX. */
bool state_file_name(const char *zone, const char *options, char *buf, size_t size);

/* Read the history in file NAME (as made by state_file_name) of directory DIR into
 * *OUT. The file is opened without following a symbolic link, must be a regular
 * file owned by the effective user, and is read up to HISTORY_TEXT_MAX bytes. On
 * anything but STATE_OK, *OUT is an empty history and WHY (WHY_SIZE bytes) holds one
 * line "state file PATH: REASON" (PATH with unprintable bytes and '|' shown as '?').
 * A missing directory is STATE_MISSING. */
enum state_status state_load(const char *dir, const char *name, struct history *out, char *why,
			     size_t why_size);

/* Write the valid history H to file NAME of directory DIR (made, mode 0700, when it
 * does not exist; its parent must exist and let us). BUDGET_US is the time the save
 * may take (microseconds; STATE_NO_DEADLINE for no limit but the lock wait); the
 * deadline it sets is kept on CLOCK_MONOTONIC. Under an exclusive lock on NAME.lock
 * (fcntl, waiting at most STATE_LOCK_WAIT_MS and never past the deadline), reads what
 * another check may have saved meanwhile and merges it in (history_merge), writes
 * NAME.tmp (mode 0600), fsyncs it, renames it over NAME and, when the deadline has
 * not passed yet, fsyncs DIR: a reader sees the old or the new file, never a mix.
 * Nothing is written once the deadline has passed (STATE_NO_TIME; a budget <= 0
 * touches nothing), nor without the lock by then (STATE_LOCKED): the reason line
 * then starts "not saved: ". A file in the way that is corrupt, truncated, empty,
 * from another version or a symbolic link is replaced; one owned by another user is
 * not (STATE_FOREIGN). On failure the old file is left as it was and WHY holds one
 * line as for state_load. Never exits; blocks past the deadline only for the disk
 * time of one write and one fsync. */
enum state_status state_save(const char *dir, const char *name, const struct history *h,
			     int64_t budget_us, char *why, size_t why_size);

#endif
