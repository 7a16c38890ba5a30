/* mp_usage.c - print options in the Monitoring Plugins --help format, word-wrapped. */
#include "config.h"

#include "mp/mp_usage.h"

#include <stdbool.h>
#include <string.h>

#define MP_USAGE_WIDTH  78
#define MP_USAGE_INDENT "    "

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Where to cut a word of LEN bytes at TEXT that is longer than ROOM columns: after
 * its last '/' that fits (a path then breaks between directories), else at ROOM. */
static size_t usage_cut(const char *text, size_t len, size_t room)
{
	size_t k;

	for (k = room < len ? room : len; k > room / 2; k--)
		if (text[k - 1] == '/')
			return k;
	return room < len ? room : len;
}

/* Print the LEN bytes of one description paragraph (no '\n' inside), wrapped at
 * MP_USAGE_WIDTH columns and indented; always ends the line. A word longer than a
 * line (a long configured path) is split over lines, after a '/' when it can be. */
static void usage_wrap_paragraph(FILE *out, const char *text, size_t len)
{
	const size_t indent = sizeof(MP_USAGE_INDENT) - 1, room = MP_USAGE_WIDTH - indent;
	size_t i = 0, col = 0;

	while (i < len) {
		size_t word = i;

		while (word < len && is_blank(text[word]))
			word++;
		i = word;
		while (i < len && !is_blank(text[i]))
			i++;
		if (i == word)
			break;
		if (col > 0 && col + 1 + (i - word) <= MP_USAGE_WIDTH) {
			fputc(' ', out);
			col++;
		} else {
			if (col > 0)
				fputc('\n', out);
			fputs(MP_USAGE_INDENT, out);
			col = indent;
		}
		while (i - word > room) { /* only on a line of its own */
			size_t cut = usage_cut(text + word, i - word, room);
			fwrite(text + word, 1, cut, out);
			fputs("\n" MP_USAGE_INDENT, out);
			word += cut;
		}
		fwrite(text + word, 1, i - word, out);
		col += i - word;
	}
	fputc('\n', out);
}

void mp_usage_option(FILE *out, char short_opt, const char *long_opt, const char *arg,
		     const char *description)
{
	const char *p, *end;

	fputc(' ', out);
	if (short_opt != '\0')
		fprintf(out, "-%c", short_opt);
	if (short_opt != '\0' && long_opt != NULL)
		fputs(", ", out);
	if (long_opt != NULL)
		fprintf(out, "--%s%s%s", long_opt, arg != NULL ? "=" : "", arg != NULL ? arg : "");
	else if (arg != NULL)
		fprintf(out, " %s", arg);
	fputc('\n', out);
	if (description == NULL)
		return;
	/* '\n' forces a break; a final '\n' does not add an empty line. */
	for (p = description, end = p + strlen(p); p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl : end;

		usage_wrap_paragraph(out, p, (size_t)(stop - p));
		p = nl != NULL ? nl + 1 : end;
	}
}
