/* test_state_file.c - unit tests for the state file: naming, load, save, hostile files, races. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/clock.h"
#include "state/state_file.h"
#include "tap.h"

#define OPTIONS "resolver=192.0.2.53#53;-n=;-P="

static char base[64];
static char name[STATE_NAME_MAX];

/* Record a skipped test (TAP "# SKIP"). */
static void skip(const char *what, const char *reason)
{
	tap_ok(1, "%s # SKIP %s", what, reason);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

static void remove_base(void)
{
	nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A new empty directory under the base, for one test; its path in a static slot. */
static const char *fresh_dir(const char *label)
{
	static char paths[32][128];
	static size_t used;
	char *p = paths[used++ % 32];

	snprintf(p, sizeof paths[0], "%s/%s", base, label);
	if (mkdir(p, 0755) != 0) {
		perror(p);
		exit(2);
	}
	return p;
}

/* DIR/FILE into BUF. */
static const char *join(const char *dir, const char *file, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", dir, file);

	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "path too long: %s/%s\n", dir, file);
		exit(2);
	}
	return buf;
}

static void write_bytes(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror(path);
		exit(2);
	}
	close(fd);
}

/* The whole content of PATH (up to SIZE - 1 bytes) into BUF; "" when unreadable. */
static const char *read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return buf;
}

/* A history of serials FIRST..FIRST+N-1, first seen at 1000, 1001, ... */
static struct history serials_from(uint32_t first, size_t n)
{
	struct history h = {0};
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t s = first + (uint32_t)i;
		history_note(&h, &s, 1, 1000 + (int64_t)i);
	}
	return h;
}

/* A valid state text holding serials FIRST.. (N of them), into BUF. */
static const char *state_text(uint32_t first, size_t n, char *buf, size_t size)
{
	struct history h = serials_from(first, n);

	history_format(&h, buf, size);
	return buf;
}

static bool same(const struct history *a, const struct history *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) /* field by field: the entries have padding */
		if (a->e[i].serial != b->e[i].serial || a->e[i].first_seen != b->e[i].first_seen)
			return false;
	return true;
}

static void test_dir_choose(void)
{
	tap_str_eq(state_dir_choose("/env", "/opt"), "/opt", "--state-dir wins over MP_STATE_PATH");
	tap_str_eq(state_dir_choose("/env", ""), "/env", "an empty --state-dir is not used");
	tap_str_eq(state_dir_choose("/env", NULL), "/env", "MP_STATE_PATH without --state-dir");
	tap_str_eq(state_dir_choose(NULL, "/opt"), "/opt", "--state-dir without MP_STATE_PATH");
	tap_str_eq(state_dir_choose(NULL, ""), STATE_DIR_DEFAULT, "else the configured default");
	tap_ok(STATE_DIR_DEFAULT[0] == '/' && strstr(STATE_DIR_DEFAULT, "${") == NULL,
	       "the default is an expanded absolute path (%s)", STATE_DIR_DEFAULT);
}

/* NAME looks like soa-ZONEPART-HASH32.state with only safe bytes. */
static bool name_shape(const char *n, const char *zone_part)
{
	size_t len = strlen(n), zl = strlen(zone_part), i;

	if (len != 4 + zl + 1 + 32 + 6 || strncmp(n, "soa-", 4) != 0 ||
	    strncmp(n + 4, zone_part, zl) != 0 || n[4 + zl] != '-' ||
	    strcmp(n + len - 6, ".state") != 0)
		return false;
	for (i = 4 + zl + 1; i < len - 6; i++)
		if (!strchr("0123456789abcdef", n[i]))
			return false;
	return true;
}

static void test_file_name(void)
{
	char a[STATE_NAME_MAX], b[STATE_NAME_MAX], small[STATE_NAME_MAX - 1];
	char long_zone[400];
	bool ok;

	ok = state_file_name("Example.COM", OPTIONS, a, sizeof a);
	tap_ok(ok && name_shape(a, "example.com"), "soa-ZONE-HASH.state, zone lower-cased (%s)", a);
	state_file_name("example.com.", OPTIONS, b, sizeof b);
	tap_str_eq(a, b, "case and the final dot do not change the name");
	state_file_name("example.com", "resolver=192.0.2.54#53;-n=;-P=", b, sizeof b);
	tap_ok(strcmp(a, b) != 0, "another option set is another file");
	state_file_name("example.net", OPTIONS, b, sizeof b);
	tap_ok(strcmp(a, b) != 0, "another zone is another file");
	ok = state_file_name(".", OPTIONS, b, sizeof b);
	tap_ok(ok && name_shape(b, "root"), "the root zone is \"root\" (%s)", b);
	ok = state_file_name("../../etc/pass wd|x", OPTIONS, b, sizeof b);
	tap_ok(ok && strchr(b, '/') == NULL && strncmp(b, "soa-.._.._etc_pass_wd_x-", 24) == 0,
	       "a hostile zone name loses '/', ' ', '|' (%s)", b);
	memset(long_zone, 'a', sizeof long_zone - 1);
	long_zone[sizeof long_zone - 1] = '\0';
	ok = state_file_name(long_zone, OPTIONS, b, sizeof b);
	long_zone[STATE_ZONE_CHARS] = '\0';
	tap_ok(ok && name_shape(b, long_zone) && strlen(b) + sizeof ".lock" <= STATE_NAME_MAX,
	       "a long zone is cut to %d bytes: %zu in all", STATE_ZONE_CHARS, strlen(b));
	tap_ok(!state_file_name("example.com", OPTIONS, small, sizeof small) && small[0] == '\0',
	       "a buffer below STATE_NAME_MAX is refused");
}

static void test_missing(void)
{
	char why[STATE_WHY_MAX], path[256];
	struct history h;
	const char *dir = fresh_dir("missing");

	h.n = 5;
	tap_int_eq(state_load(join(dir, "nope", path, sizeof path), name, &h, why, sizeof why),
		   STATE_MISSING, "a missing directory is a missing state");
	tap_ok(h.n == 0 && tap_contains(why, "does not exist"), "why: %s", why);
	tap_int_eq(state_load(dir, name, &h, why, sizeof why), STATE_MISSING,
		   "a missing file is a missing state");
	tap_ok(tap_contains(why, "none yet") && tap_contains(why, name), "why: %s", why);
}

static void test_round_trip(void)
{
	char why[STATE_WHY_MAX], path[256], text[HISTORY_TEXT_MAX];
	struct history h = serials_from(2026010100u, 5), back;
	const char *dir = fresh_dir("roundtrip");
	struct stat st;

	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_OK,
		   "a history saves");
	tap_str_eq(why, "", "with no reason line");
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_OK, "and loads");
	tap_ok(same(&h, &back), "to the same history");
	tap_ok(stat(join(dir, name, path, sizeof path), &st) == 0 && (st.st_mode & 0777) == 0600,
	       "the state file is mode 0600");
	tap_ok(strncmp(read_text(join(dir, name, path, sizeof path), text, sizeof text),
		       HISTORY_VERSION "\n", strlen(HISTORY_VERSION) + 1) == 0,
	       "the file holds the text form");
	snprintf(text, sizeof text, "%s.tmp", name);
	tap_ok(access(join(dir, text, path, sizeof path), F_OK) != 0, "no temporary file is left");
}

static void test_made_dir(void)
{
	char why[STATE_WHY_MAX], path[256];
	const char *dir = fresh_dir("parent");
	struct history h = serials_from(1, 1), back;
	struct stat st;

	join(dir, "state", path, sizeof path);
	tap_int_eq(state_save(path, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_OK,
		   "a missing state directory is made");
	tap_ok(stat(path, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
	       "with mode 0700");
	tap_int_eq(state_load(path, name, &back, why, sizeof why), STATE_OK, "and used");
	join(dir, "no/such/parent", path, sizeof path);
	tap_int_eq(state_save(path, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_IO_ERROR,
		   "a missing parent is not made");
	tap_ok(tap_contains(why, "No such file"), "why: %s", why);
}

/* A state file holding LEN bytes of TEXT must load as WANT and then be rebuilt. */
static void bad_content(const char *label, const char *text, size_t len, enum state_status want,
			const char *reason)
{
	char why[STATE_WHY_MAX], path[256];
	const char *dir = fresh_dir(label);
	struct history h, back, fresh = serials_from(77, 2);

	write_bytes(join(dir, name, path, sizeof path), text, len);
	h.n = 3;
	tap_int_eq(state_load(dir, name, &h, why, sizeof why), want, "a %s state file", label);
	tap_ok(h.n == 0 && tap_contains(why, reason) && tap_contains(why, dir), "why: %s", why);
	if (!tap_ok(state_save(dir, name, &fresh, STATE_NO_DEADLINE, why, sizeof why) == STATE_OK &&
			state_load(dir, name, &back, why, sizeof why) == STATE_OK &&
			same(&back, &fresh),
		    "a %s state file is rebuilt by the next save", label))
		printf("#   %s\n", why);
}

static void test_bad_contents(void)
{
	char text[HISTORY_TEXT_MAX], big[HISTORY_TEXT_MAX + 100];
	size_t len = strlen(state_text(5, 3, text, sizeof text));

	bad_content("empty", "", 0, STATE_EMPTY, "empty");
	bad_content("truncated", text, len - 4, STATE_TRUNCATED, "truncated");
	text[len - 3] = text[len - 3] == '0' ? '1' : '0';
	bad_content("corrupt", text, len, STATE_CORRUPT, "corrupt");
	bad_content("garbage",
		    "\x7f"
		    "ELF\x02\x01\x01",
		    7, STATE_CORRUPT, "corrupt");
	bad_content("version", "check_soa-state 2\nfuture stuff\n", 31, STATE_WRONG_VERSION,
		    "another version");
	memset(big, 'x', sizeof big);
	bad_content("large", big, sizeof big, STATE_CORRUPT, "larger than 8192 bytes");
}

static void test_not_regular(void)
{
	char why[STATE_WHY_MAX], path[256], target[256], text[512];
	const char *dir = fresh_dir("symlink");
	struct history h = serials_from(9, 1), back;

	write_bytes(join(dir, "target", target, sizeof target), "precious\n", 9);
	if (symlink(target, join(dir, name, path, sizeof path)) != 0)
		perror("symlink");
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_NOT_REGULAR,
		   "a symbolic link is not followed");
	tap_ok(tap_contains(why, "symbolic link"), "why: %s", why);
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_OK,
		   "a save replaces the link itself");
	tap_str_eq(read_text(target, text, sizeof text), "precious\n",
		   "and never writes through it");
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_OK, "then it loads");

	dir = fresh_dir("fifo");
	if (mkfifo(join(dir, name, path, sizeof path), 0600) != 0)
		perror("mkfifo");
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_NOT_REGULAR,
		   "a FIFO is refused without blocking");
	tap_ok(tap_contains(why, "not a regular file"), "why: %s", why);

	dir = fresh_dir("isdir");
	mkdir(join(dir, name, path, sizeof path), 0700);
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_NOT_REGULAR,
		   "a directory in its place is refused");
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_IO_ERROR,
		   "and cannot be replaced");
	tap_ok(tap_contains(why, "cannot rename"), "why: %s", why);
}

static void test_bad_paths(void)
{
	char why[STATE_WHY_MAX], path[256], long_dir[5000];
	const char *dir = fresh_dir("afile");
	struct history h = serials_from(1, 1), back;

	write_bytes(join(dir, "file", path, sizeof path), "x", 1);
	tap_int_eq(state_load(path, name, &back, why, sizeof why), STATE_BAD_PATH,
		   "a state directory that is a file: load");
	tap_ok(tap_contains(why, "directory: Not a directory"), "why, with its colon: %s", why);
	tap_int_eq(state_save(path, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_BAD_PATH,
		   "a state directory that is a file: save");
	tap_ok(tap_contains(why, "Not a directory"), "why: %s", why);
	memset(long_dir, 'd', sizeof long_dir - 1);
	long_dir[0] = '/';
	long_dir[sizeof long_dir - 1] = '\0';
	tap_int_eq(state_load(long_dir, name, &back, why, sizeof why), STATE_BAD_PATH,
		   "a state directory path too long: load");
	tap_int_eq(state_save(long_dir, name, &h, STATE_NO_DEADLINE, why, sizeof why),
		   STATE_BAD_PATH, "a state directory path too long: save");
	tap_ok(tap_contains(why, "too long") && strlen(why) < sizeof why, "why (cut): %.60s...",
	       why);
	tap_int_eq(state_load(dir, "../escape", &back, why, sizeof why), STATE_BAD_PATH,
		   "a file name with '/' is refused");
	tap_int_eq(state_save(dir, ".hidden", &h, STATE_NO_DEADLINE, why, sizeof why),
		   STATE_BAD_PATH, "a file name starting with '.' is refused");
	tap_ok(tap_contains(why, "invalid file name"), "why: %s", why);
	tap_int_eq(state_load("/tmp/bad\x01|dir", name, &back, why, sizeof why), STATE_MISSING,
		   "an odd directory name is just a path");
	tap_ok(tap_contains(why, "/tmp/bad??dir/"), "its unprintable bytes and '|' show as '?': %s",
	       why);
}

static void test_merge_on_save(void)
{
	char why[STATE_WHY_MAX];
	const char *dir = fresh_dir("merge");
	struct history a = {0}, b = {0}, early = {0}, back;
	uint32_t one = 1, two = 2;
	int64_t t = 0;

	history_note(&a, &one, 1, 100);
	history_note(&b, &two, 1, 200);
	history_note(&early, &one, 1, 50);
	state_save(dir, name, &a, STATE_NO_DEADLINE, why, sizeof why);
	state_save(dir, name, &b, STATE_NO_DEADLINE, why, sizeof why);
	tap_ok(state_load(dir, name, &back, why, sizeof why) == STATE_OK && back.n == 2,
	       "a save keeps what another check saved meanwhile");
	state_save(dir, name, &early, STATE_NO_DEADLINE, why, sizeof why);
	state_load(dir, name, &back, why, sizeof why);
	tap_ok(history_first_seen(&back, 1, &t) && t == 50, "and the earliest first_seen wins");
}

static void test_invalid_history_not_saved(void)
{
	char why[STATE_WHY_MAX];
	const char *dir = fresh_dir("invalid");
	struct history h = {0};

	h.n = HISTORY_MAX + 1;
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_CORRUPT,
		   "an invalid history is not written");
	tap_ok(tap_contains(why, "not valid"), "why: %s", why);
}

/* Run FN(ARG) in a child as user nobody; its exit status, or -1 when not possible. */
static int as_nobody(int (*fn)(const char *), const char *arg)
{
	struct passwd *pw = getpwnam("nobody");
	int status;
	pid_t pid;

	if (pw == NULL)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
			_exit(100);
		_exit(fn(arg));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int save_into(const char *dir)
{
	char why[STATE_WHY_MAX];
	struct history h = serials_from(3, 1);
	enum state_status st = state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);

	printf("#   as nobody: %s\n", why);
	fflush(stdout);
	return st == STATE_IO_ERROR && tap_contains(why, "Permission denied") ? 0 : 1;
}

static int load_foreign(const char *dir)
{
	char why[STATE_WHY_MAX];
	struct history h;
	enum state_status st = state_load(dir, name, &h, why, sizeof why);

	printf("#   as nobody: %s\n", why);
	fflush(stdout);
	return st == STATE_FOREIGN && tap_contains(why, "owned by uid 0") ? 0 : 1;
}

static void test_unwritable_dir(void)
{
	char why[STATE_WHY_MAX], text[HISTORY_TEXT_MAX], path[256];
	const char *dir = fresh_dir("readonly");
	struct history h = serials_from(1, 1), more = serials_from(1, 4), back;

	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	read_text(join(dir, name, path, sizeof path), text, sizeof text);
	chmod(dir, 0555);
	if (geteuid() == 0) {
		int rc;
		skip("a read-only directory refuses the save", "root ignores permissions");
		dir = fresh_dir("readonly-nobody");
		rc = as_nobody(save_into, dir);
		if (rc < 0)
			skip("a directory the user cannot write refuses the save",
			     "no user nobody");
		else
			tap_int_eq(
			    rc, 0,
			    "a directory the user cannot write refuses the save (as nobody)");
		return;
	}
	tap_int_eq(state_save(dir, name, &more, STATE_NO_DEADLINE, why, sizeof why), STATE_IO_ERROR,
		   "a read-only directory refuses the save");
	tap_ok(tap_contains(why, "Permission denied"), "why: %s", why);
	tap_ok(state_load(dir, name, &back, why, sizeof why) == STATE_OK && same(&back, &h),
	       "and the old state is left as it was");
	chmod(dir, 0755); /* so that the clean-up can empty it */
}

static void test_foreign_owner(void)
{
	char why[STATE_WHY_MAX], path[256], before[HISTORY_TEXT_MAX], after[HISTORY_TEXT_MAX];
	const char *dir = fresh_dir("foreign");
	struct history h = serials_from(1, 2), back;
	struct passwd *pw = getpwnam("nobody");
	int rc;

	if (geteuid() != 0 || pw == NULL) {
		skip("a state file owned by another user is refused", "needs root and user nobody");
		skip("and not replaced", "needs root and user nobody");
		skip("a lock file owned by another user is refused", "needs root and user nobody");
		return;
	}
	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	join(dir, name, path, sizeof path);
	read_text(path, before, sizeof before);
	if (chown(path, pw->pw_uid, pw->pw_gid) != 0)
		perror("chown");
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_FOREIGN,
		   "a state file owned by another user is refused");
	tap_ok(back.n == 0 && tap_contains(why, "owned by uid") &&
		   tap_contains(why, "not by uid 0"),
	       "why: %s", why);
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_FOREIGN,
		   "and not replaced");
	tap_ok(tap_contains(why, "not replaced") &&
		   strcmp(read_text(path, after, sizeof after), before) == 0,
	       "why: %s", why);
	dir = fresh_dir("foreign-lock");
	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	snprintf(before, sizeof before, "%s.lock", name);
	if (chown(join(dir, before, path, sizeof path), pw->pw_uid, pw->pw_gid) != 0)
		perror("chown");
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_FOREIGN,
		   "a lock file owned by another user is refused");
	tap_ok(tap_contains(why, "lock file"), "why: %s", why);
	dir = fresh_dir("foreign-read");
	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	rc = as_nobody(load_foreign, dir);
	tap_int_eq(rc, 0, "a user other than the owner is refused the file (as nobody)");
}

/* Hold the lock on PATH until RELEASE is closed by the parent; READY says it is held. */
static int hold_lock(const char *path, int ready, int release)
{
	struct flock fl;
	int fd = open(path, O_RDWR), rc = 1;
	char c;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	if (fd >= 0 && fcntl(fd, F_SETLKW, &fl) == 0 && write(ready, "x", 1) == 1)
		rc = read(release, &c, 1) == 0 ? 0 : 1;
	if (fd >= 0)
		close(fd);
	close(ready);
	close(release);
	return rc;
}

static void test_lock_held(void)
{
	char why[STATE_WHY_MAX], path[256], lock[STATE_NAME_MAX + 8];
	const char *dir = fresh_dir("locked");
	struct history h = serials_from(1, 1), later = serials_from(1, 3), back;
	int ready[2], release[2], status = -1;
	int64_t start, waited;
	pid_t pid;
	char c;

	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	snprintf(lock, sizeof lock, "%s.lock", name);
	join(dir, lock, path, sizeof path);
	if (pipe(ready) != 0 || pipe(release) != 0)
		exit(2);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(release[1]);
		_exit(hold_lock(path, ready[1], release[0]));
	}
	close(ready[1]);
	close(release[0]);
	if (read(ready[0], &c, 1) != 1)
		exit(2);
	close(ready[0]);
	start = clock_now_us();
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_LOCKED,
		   "a lock held by another check makes the save give up");
	waited = (clock_now_us() - start) / 1000;
	tap_ok(waited >= STATE_LOCK_WAIT_MS - 50 && waited < STATE_LOCK_WAIT_MS + 3000,
	       "after about %d ms (%lld)", STATE_LOCK_WAIT_MS, (long long)waited);
	tap_ok(tap_contains(why, "held by another check"), "why: %s", why);
	start = clock_now_us();
	tap_int_eq(state_save(dir, name, &later, 300000, why, sizeof why), STATE_LOCKED,
		   "with 300 ms of the budget left, the save gives up on the lock");
	waited = (clock_now_us() - start) / 1000;
	tap_ok(waited >= 290 && waited < 1500, "when the budget ends, not after %d ms (%lld)",
	       STATE_LOCK_WAIT_MS, (long long)waited);
	tap_ok(tap_contains(why, "not saved: ") && tap_contains(why, "held by another check"),
	       "why: %s", why);
	tap_ok(state_load(dir, name, &back, why, sizeof why) == STATE_OK && same(&back, &h),
	       "and the file is left as it was");
	close(release[1]);
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the lock holder let go");
	tap_int_eq(state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why), STATE_OK,
		   "once released the save goes through");
}

/* A save whose deadline has passed writes nothing, not even the directory. */
static void test_no_time_left(void)
{
	char why[STATE_WHY_MAX], path[256];
	const char *dir = fresh_dir("no-time");
	struct history h = serials_from(1, 1), more = serials_from(1, 4), back;
	struct stat st;

	state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why);
	tap_int_eq(state_save(dir, name, &more, -1, why, sizeof why), STATE_NO_TIME,
		   "a save with no time left of the budget is skipped");
	tap_ok(tap_contains(why, "not saved: no time left") && tap_contains(why, dir), "why: %s",
	       why);
	tap_ok(state_load(dir, name, &back, why, sizeof why) == STATE_OK && same(&back, &h),
	       "and the old state is left as it was");
	join(dir, "sub", path, sizeof path);
	tap_int_eq(state_save(path, name, &h, -1, why, sizeof why), STATE_NO_TIME,
		   "nor is a missing directory made");
	tap_ok(stat(path, &st) != 0, "(%s is not there)", path);
	tap_int_eq(state_save(dir, name, &more, 5000000, why, sizeof why), STATE_OK,
		   "with time left the save goes through");
}

#define WRITERS 3
#define ROUNDS  30
#define READS   3000

/* One writer of the race: ROUNDS times load, note serial ID*1000+i at time i, save. */
static int race_writer(const char *dir, unsigned id)
{
	int failures = 0, i;

	for (i = 0; i < ROUNDS; i++) {
		char why[STATE_WHY_MAX];
		struct history h;
		uint32_t s = id * 1000 + (uint32_t)i;
		state_load(dir, name, &h, why, sizeof why);
		history_note(&h, &s, 1, i);
		if (state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why) != STATE_OK) {
			printf("#   writer %u: %s\n", id, why);
			fflush(stdout);
			failures++;
		}
	}
	return failures;
}

/* The reader of the race: READS loads, counting any but OK or MISSING. */
static int race_reader(const char *dir)
{
	int bad = 0, i;

	for (i = 0; i < READS; i++) {
		char why[STATE_WHY_MAX];
		struct history h;
		enum state_status st = state_load(dir, name, &h, why, sizeof why);
		if (st != STATE_OK && st != STATE_MISSING) {
			if (bad++ < 3)
				printf("#   reader: %s\n", why);
			fflush(stdout);
		}
	}
	return bad > 255 ? 255 : bad;
}

static void test_concurrent_saves(void)
{
	const char *dir = fresh_dir("race");
	pid_t pids[WRITERS + 1];
	struct history all = {0}, back;
	char why[STATE_WHY_MAX];
	int failed = 0, status;
	unsigned id, i;

	fflush(stdout);
	for (id = 0; id <= WRITERS; id++) {
		pids[id] = fork();
		if (pids[id] == 0)
			_exit(id < WRITERS ? race_writer(dir, id + 1) : race_reader(dir));
	}
	for (id = 0; id <= WRITERS; id++)
		if (pids[id] < 0 || waitpid(pids[id], &status, 0) != pids[id] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	tap_int_eq(failed, 0, "%d checks saving and one reading at once: no error, no bad read",
		   WRITERS);
	for (id = 1; id <= WRITERS; id++)
		for (i = 0; i < ROUNDS; i++) {
			uint32_t s = id * 1000 + i;
			history_note(&all, &s, 1, i);
		}
	tap_int_eq(state_load(dir, name, &back, why, sizeof why), STATE_OK,
		   "the state file is valid afterwards");
	tap_ok(same(&back, &all), "and holds the newest %d of all %d serials noted: no update lost",
	       HISTORY_MAX, WRITERS * ROUNDS);
}

/* In a private mount namespace, a full tmpfs: the save fails, the old state stays. */
static int full_disk(const char *dir)
{
	char why[STATE_WHY_MAX], path[256], chunk[4096];
	struct history h = serials_from(1, 1), more = serials_from(1, 40), back;
	int fd;

	if (unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0700") != 0)
		return 77;
	if (state_save(dir, name, &h, STATE_NO_DEADLINE, why, sizeof why) != STATE_OK)
		return 1;
	memset(chunk, 'f', sizeof chunk);
	fd = open(join(dir, "filler", path, sizeof path), O_WRONLY | O_CREAT, 0600);
	while (fd >= 0 && write(fd, chunk, sizeof chunk) > 0)
		;
	if (fd >= 0)
		close(fd);
	if (state_save(dir, name, &more, STATE_NO_DEADLINE, why, sizeof why) != STATE_IO_ERROR)
		return 2;
	printf("#   full disk: %s\n", why);
	fflush(stdout);
	if (!tap_contains(why, "No space left"))
		return 3;
	if (state_load(dir, name, &back, why, sizeof why) != STATE_OK || !same(&back, &h))
		return 4;
	snprintf(chunk, sizeof chunk, "%s.tmp", name);
	return access(join(dir, chunk, path, sizeof path), F_OK) == 0 ? 5 : 0;
}

static void test_full_disk(void)
{
	const char *dir = fresh_dir("full");
	int status = -1;
	pid_t pid;

	if (geteuid() != 0) {
		skip("a full disk fails the save and keeps the old state",
		     "needs root for a tmpfs");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(full_disk(dir));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		status = -1;
	else
		status = WEXITSTATUS(status);
	if (status == 77)
		skip("a full disk fails the save and keeps the old state",
		     "cannot mount a tmpfs here");
	else
		tap_int_eq(status, 0,
			   "a full disk fails the save and keeps the old state, no temp left");
}

int main(void)
{
	snprintf(base, sizeof base, "/tmp/test_state_file.XXXXXX");
	if (mkdtemp(base) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	chmod(base, 0755); /* so that user nobody can reach the directories made for it */
	atexit(remove_base);
	state_file_name("example.com", OPTIONS, name, sizeof name);
	test_dir_choose();
	test_file_name();
	test_missing();
	test_round_trip();
	test_made_dir();
	test_bad_contents();
	test_not_regular();
	test_bad_paths();
	test_merge_on_save();
	test_invalid_history_not_saved();
	test_unwritable_dir();
	test_foreign_owner();
	test_lock_held();
	test_no_time_left();
	test_concurrent_saves();
	test_full_disk();
	return tap_done();
}
