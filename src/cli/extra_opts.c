/* extra_opts.c - expand --extra-opts=[SECTION][@FILE] into options read from an ini file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/extra_opts.h"

#define EXTRA_OPTS_OPTION "--extra-opts"

static const char *const default_paths[] = {
    "/etc/monitoring-plugins/monitoring-plugins.ini",
    "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
    "/etc/nagios/plugins.ini",
    "/usr/local/etc/nagios/plugins.ini",
    "/etc/opt/nagios-plugins/plugins.ini",
};

void extra_opts_default_search(struct extra_opts_search *search)
{
	search->env_file = getenv("MP_CONFIG_FILE");
	search->paths = default_paths;
	search->n_paths = sizeof default_paths / sizeof default_paths[0];
}

static int xo_error(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int xo_error(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, size, "%s: ", EXTRA_OPTS_OPTION);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < size)
		vsnprintf(err + n, size - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

void extra_opts_free(struct extra_opts_argv *out)
{
	int i;

	for (i = 0; i < out->argc; i++)
		free(out->argv[i]);
	free(out->argv);
	memset(out, 0, sizeof *out);
}

/* Append a copy of the LEN bytes of S (plus NUL). Returns 0 or -1 on ENOMEM. */
static int xo_push(struct extra_opts_argv *out, const char *s, size_t len)
{
	char *copy;

	if ((size_t)out->argc + 2 > out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 16;
		char **grown = realloc(out->argv, cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		out->argv = grown;
		out->cap = cap;
	}
	copy = malloc(len + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	out->argv[out->argc++] = copy;
	out->argv[out->argc] = NULL;
	return 0;
}

static bool xo_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim blanks from both ends of [*S, *S + *LEN). */
static void xo_trim(const char **s, size_t *len)
{
	while (*len > 0 && xo_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && xo_blank((*s)[*len - 1]))
		(*len)--;
}

/* True for a key made of letters, digits and '-', not starting with '-'. */
static bool xo_key_valid(const char *key, size_t len)
{
	size_t i;

	if (len == 0 || key[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = key[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

/* One "key[ = value]" line of the wanted section: append its argument(s). */
static int xo_option_line(const char *line, size_t len, const char *where,
			  struct extra_opts_argv *out, char *err, size_t size)
{
	const char *eq = memchr(line, '=', len);
	const char *key = line, *value = NULL;
	size_t klen = eq ? (size_t)(eq - line) : len, vlen = 0, n;
	char buf[EXTRA_OPTS_LINE_MAX + 8];
	int rc;

	xo_trim(&key, &klen);
	if (!xo_key_valid(key, klen))
		return xo_error(err, size, "%s: expected \"key = value\" or \"key\"", where);
	if (klen == strlen(EXTRA_OPTS_OPTION) - 2 && memcmp(key, &EXTRA_OPTS_OPTION[2], klen) == 0)
		return xo_error(err, size, "%s: extra-opts cannot be nested", where);
	if (eq != NULL) {
		value = eq + 1;
		vlen = len - (size_t)(value - line);
		xo_trim(&value, &vlen);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value++;
			vlen -= 2;
		}
	}
	if (out->from_files + (klen == 1 && value ? 2 : 1) > EXTRA_OPTS_ARGS_MAX)
		return xo_error(err, size, "%s: more than %d options from ini files", where,
				EXTRA_OPTS_ARGS_MAX);
	if (klen == 1) {
		buf[0] = '-';
		buf[1] = key[0];
		rc = xo_push(out, buf, 2);
		if (rc == 0 && value != NULL)
			rc = xo_push(out, value, vlen);
	} else {
		n = (size_t)snprintf(buf, sizeof buf, "--%.*s%s%.*s", (int)klen, key,
				     value ? "=" : "", (int)vlen, value ? value : "");
		rc = xo_push(out, buf, n < sizeof buf ? n : sizeof buf - 1);
	}
	if (rc != 0)
		return xo_error(err, size, "out of memory");
	out->from_files += klen == 1 && value ? 2 : 1;
	return 0;
}

/* A "[name]" line: sets *IN_SECTION to whether NAME is SECTION. */
static int xo_section_line(const char *line, size_t len, const char *section, const char *where,
			   bool *in_section, char *err, size_t size)
{
	const char *name = line + 1;
	size_t nlen = len - 2;

	if (len < 2 || line[len - 1] != ']')
		return xo_error(err, size, "%s: a section header must be \"[name]\"", where);
	xo_trim(&name, &nlen);
	if (nlen == 0 || memchr(name, '[', nlen) || memchr(name, ']', nlen))
		return xo_error(err, size, "%s: a section header must be \"[name]\"", where);
	*in_section = nlen == strlen(section) && memcmp(name, section, nlen) == 0;
	return 0;
}

/* One raw line (end of line excluded) number LINENO. */
static int xo_line(const char *line, size_t len, size_t lineno, const char *file,
		   const char *section, bool *in_section, bool *found, struct extra_opts_argv *out,
		   char *err, size_t size)
{
	char where[EXTRA_OPTS_LINE_MAX];

	snprintf(where, sizeof where, "%.400s:%zu", file, lineno);
	if (len > EXTRA_OPTS_LINE_MAX)
		return xo_error(err, size, "%s: line longer than %d bytes", where,
				EXTRA_OPTS_LINE_MAX);
	if (memchr(line, '\0', len) != NULL)
		return xo_error(err, size, "%s: NUL byte in line", where);
	xo_trim(&line, &len);
	if (len == 0 || line[0] == '#' || line[0] == ';')
		return 0;
	if (line[0] == '[') {
		if (xo_section_line(line, len, section, where, in_section, err, size) != 0)
			return -1;
		*found = *found || *in_section;
		return 0;
	}
	if (!*in_section)
		return 0; /* other sections are not ours to judge */
	return xo_option_line(line, len, where, out, err, size) == 0 ? 1 : -1;
}

int extra_opts_parse_ini(const char *text, size_t len, const char *file, const char *section,
			 struct extra_opts_argv *out, char *err, size_t size)
{
	bool in_section = false, found = false;
	size_t pos = 0, lineno = 0;
	int taken = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		int rc = xo_line(text + pos, end - pos, ++lineno, file, section, &in_section,
				 &found, out, err, size);
		if (rc < 0)
			return -1;
		taken += rc;
		pos = end + 1;
	}
	if (!found)
		return xo_error(err, size, "section [%.200s] not found in %.200s", section, file);
	return taken;
}

/* Read all of PATH (at most EXTRA_OPTS_FILE_MAX bytes) into a new buffer *TEXT
 * of *LEN bytes (caller frees). Only a regular file is read: the open does not
 * wait (O_NONBLOCK: a FIFO without a writer, a device), then fstat must say
 * S_ISREG. Returns 0 or -1 with ERR set. */
static int xo_read_file(const char *path, char **text, size_t *len, char *err, size_t size)
{
	size_t cap = EXTRA_OPTS_FILE_MAX + 1, n = 0;
	ssize_t got = 1;
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return xo_error(err, size, "cannot open %.300s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return xo_error(err, size, "cannot read %.300s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return xo_error(err, size, "%.300s is not a regular file", path);
	}
	buf = malloc(cap);
	if (buf == NULL) {
		close(fd);
		return xo_error(err, size, "out of memory");
	}
	while (n < cap && got > 0) {
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			got = 1;
		else if (got > 0)
			n += (size_t)got;
	}
	close(fd);
	if (got < 0 || n > EXTRA_OPTS_FILE_MAX) {
		free(buf);
		if (got < 0)
			return xo_error(err, size, "cannot read %.300s: %s", path, strerror(errno));
		return xo_error(err, size, "%.300s is larger than %d bytes", path,
				EXTRA_OPTS_FILE_MAX);
	}
	*text = buf;
	*len = n;
	return 0;
}

/* The file to read when --extra-opts names none, or NULL with ERR set. */
static const char *xo_find_file(const struct extra_opts_search *search, char *err, size_t size)
{
	struct stat st;
	size_t i;

	if (search->env_file != NULL && search->env_file[0] != '\0')
		return search->env_file;
	for (i = 0; i < search->n_paths; i++)
		if (stat(search->paths[i], &st) == 0)
			return search->paths[i];
	xo_error(err, size,
		 "no ini file: MP_CONFIG_FILE is not set and none of the %zu standard "
		 "files exists (the first is %.200s)",
		 search->n_paths, search->n_paths > 0 ? search->paths[0] : "(none)");
	return NULL;
}

/* Apply one --extra-opts ARG ("" when it had none): read the section into OUT. */
static int xo_apply(const char *arg, const char *plugin, const struct extra_opts_search *search,
		    struct extra_opts_argv *out, char *err, size_t size)
{
	const char *at = strchr(arg, '@');
	size_t slen = at ? (size_t)(at - arg) : strlen(arg);
	char section[EXTRA_OPTS_LINE_MAX];
	const char *file;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (slen >= sizeof section)
		return xo_error(err, size, "section name too long");
	snprintf(section, sizeof section, "%.*s", (int)slen, arg);
	if (slen == 0)
		snprintf(section, sizeof section, "%s", plugin);
	if (at != NULL && at[1] == '\0')
		return xo_error(err, size, "no file name after '@'");
	file = at != NULL ? at + 1 : xo_find_file(search, err, size);
	if (file == NULL)
		return -1;
	if (xo_read_file(file, &text, &len, err, size) != 0)
		return -1;
	rc = extra_opts_parse_ini(text, len, file, section, out, err, size);
	free(text);
	return rc < 0 ? -1 : 0;
}

/* If ARGV[*I] is an --extra-opts argument, set *ARG to its value ("" for none),
 * consuming a separate value (advancing *I), and return true. */
static bool xo_match(int argc, char *const *argv, int *i, const char **arg)
{
	const char *a = argv[*i];
	size_t n = strlen(EXTRA_OPTS_OPTION);

	if (strncmp(a, EXTRA_OPTS_OPTION, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return false;
	*arg = a[n] == '=' ? a + n + 1 : "";
	if (a[n] == '\0' && *i + 1 < argc && argv[*i + 1][0] != '-')
		*arg = argv[++*i];
	return true;
}

/* Copy the arguments of ARGV that are not --extra-opts to OUT, in order. */
static int xo_copy_rest(int argc, char *const *argv, struct extra_opts_argv *out)
{
	bool options_ended = false;
	const char *arg;
	int i;

	for (i = 1; i < argc; i++) {
		if (!options_ended && xo_match(argc, argv, &i, &arg))
			continue;
		if (strcmp(argv[i], "--") == 0)
			options_ended = true;
		if (xo_push(out, argv[i], strlen(argv[i])) != 0)
			return -1;
	}
	return 0;
}

int extra_opts_expand(int argc, char *const *argv, const char *plugin,
		      const struct extra_opts_search *search, struct extra_opts_argv *out,
		      char *err, size_t size)
{
	const char *arg;
	int i;

	memset(out, 0, sizeof *out);
	err[0] = '\0';
	if (xo_push(out, argc > 0 ? argv[0] : plugin, strlen(argc > 0 ? argv[0] : plugin)) != 0)
		return xo_error(err, size, "out of memory");
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (!xo_match(argc, argv, &i, &arg))
			continue;
		if (xo_apply(arg, plugin, search, out, err, size) != 0) {
			extra_opts_free(out);
			return -1;
		}
	}
	if (xo_copy_rest(argc, argv, out) != 0) {
		extra_opts_free(out);
		return xo_error(err, size, "out of memory");
	}
	return 0;
}
