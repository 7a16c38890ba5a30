/* test_help.c - --help within 80 columns whatever the configured state directory: built with a
 * long STATE_DIR_DEFAULT (as a deep make distcheck prefix gives), see Makefile.am. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/options.h"
#include "tap.h"

#define HELP_MAX (64 * 1024)

int main(void)
{
	static char help[HELP_MAX], joined[HELP_MAX];
	size_t n = 0, j = 0, longest = 0, i, line = 0;
	FILE *f = tmpfile();

	if (f != NULL) {
		options_print_help(f);
		rewind(f);
		n = fread(help, 1, sizeof help - 1, f);
		fclose(f);
	}
	help[n] = '\0';
	tap_ok(strlen(STATE_DIR_DEFAULT) > 100, "built with a state directory of %zu bytes",
	       strlen(STATE_DIR_DEFAULT));
	for (i = 0; i < n; i++) {
		if (help[i] != '\n') {
			line++;
			continue;
		}
		longest = line > longest ? line : longest;
		line = 0;
	}
	tap_ok(n > 0 && longest <= 80, "every --help line is within 80 columns (longest %zu)",
	       longest);
	/* The description's lines joined again (a line break and its 4-space indent are a
	 * blank, or nothing where a path was split after a '/') must hold the whole path. */
	for (i = 0; i < n; i++) {
		if (help[i] == '\n' && strncmp(help + i + 1, "    ", 4) == 0 && i > 0) {
			if (help[i - 1] != '/')
				joined[j++] = ' ';
			i += 4;
			continue;
		}
		joined[j++] = help[i];
	}
	joined[j] = '\0';
	tap_ok(tap_contains(joined, "else $MP_STATE_PATH, else " STATE_DIR_DEFAULT),
	       "the configured directory is shown whole, after --state-dir and $MP_STATE_PATH");
	return tap_done();
}
