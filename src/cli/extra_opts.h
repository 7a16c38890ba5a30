/* extra_opts.h - --extra-opts=[SECTION][@FILE]: options from an ini file (Monitoring Plugins). */
#ifndef EXTRA_OPTS_H
#define EXTRA_OPTS_H

#include <stddef.h>

#define EXTRA_OPTS_FILE_MAX  (64 * 1024) /* bytes of one ini file */
#define EXTRA_OPTS_LINE_MAX  1024        /* bytes of one line, end of line excluded */
#define EXTRA_OPTS_ARGS_MAX  256         /* arguments taken from ini files, all together */
#define EXTRA_OPTS_ERROR_MAX 512         /* size of an error buffer */

/* Where to look for the ini file when --extra-opts names none. */
struct extra_opts_search {
	const char *env_file;     /* $MP_CONFIG_FILE: when set and not empty, used alone */
	const char *const *paths; /* else the first of these that exists */
	size_t n_paths;
};

/* A NUL-terminated argument vector; owns the array and every string in it. */
struct extra_opts_argv {
	int argc;
	char **argv; /* argc + 1 entries, the last NULL */
	size_t cap;
	size_t from_files; /* arguments that came from ini files */
};

/* Fill SEARCH with the standard places: $MP_CONFIG_FILE, then
 * /etc/monitoring-plugins/monitoring-plugins.ini,
 * /usr/local/etc/monitoring-plugins/monitoring-plugins.ini, /etc/nagios/plugins.ini,
 * /usr/local/etc/nagios/plugins.ini and /etc/opt/nagios-plugins/plugins.ini. */
void extra_opts_default_search(struct extra_opts_search *search);

/* Expand every "--extra-opts", "--extra-opts=ARG" and "--extra-opts ARG" (ARG
 * not starting with '-') of ARGV, ARG being [SECTION][@FILE]: SECTION defaults
 * to PLUGIN, FILE to the first existing file of SEARCH. OUT receives argv[0],
 * then the options of every such section in the order the --extra-opts were
 * given, then the other arguments of ARGV in their order (so that for an
 * option taken once the command line wins). Arguments after "--" are copied
 * as they are. Without --extra-opts, OUT is a copy of ARGV.
 * Returns 0, or -1 with a one-line reason in ERR (SIZE bytes; an unreadable
 * or missing file, a missing section, a malformed line, a limit exceeded), in
 * which case OUT is empty. Caller frees OUT with extra_opts_free either way. */
int extra_opts_expand(int argc, char *const *argv, const char *plugin,
		      const struct extra_opts_search *search, struct extra_opts_argv *out,
		      char *err, size_t size);

/* Read the ini TEXT (LEN bytes; FILE names it in messages) and append to OUT
 * the arguments of every line of SECTION: "key = value" gives "--key=value",
 * a bare "key" gives "--key"; a one-letter key gives "-k" (and "value" as the
 * next argument). Blank lines and lines starting with '#' or ';' are ignored;
 * keys, values and section names are trimmed of blanks; a value in double
 * quotes loses them. There are no comments after a value (a resolver may be
 * "192.0.2.53#5353"). A section may appear more than once.
 * Returns the number of lines of SECTION taken (0 is fine if the section
 * exists but is empty), or -1 with ERR set: section not found, malformed
 * line, line too long, NUL byte, the key "extra-opts", too many arguments. */
int extra_opts_parse_ini(const char *text, size_t len, const char *file, const char *section,
			 struct extra_opts_argv *out, char *err, size_t size);

/* Free everything OUT owns and leave it empty. */
void extra_opts_free(struct extra_opts_argv *out);

#endif
