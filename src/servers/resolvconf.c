/* resolvconf.c - a small, bounded resolv.conf reader (nameserver lines only). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servers/resolvconf.h"

#define RESOLVCONF_FILE_MAX 65536

/* Copy the next whitespace-delimited token of LINE (length LEN) at *POS into TOK. */
static bool resolvconf_token(const char *line, size_t len, size_t *pos, char *tok, size_t size)
{
	size_t i = *pos, n = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i >= len)
		return false;
	while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
		if (n + 1 >= size)
			return false;
		tok[n++] = line[i++];
	}
	tok[n] = '\0';
	*pos = i;
	return n > 0;
}

static bool resolvconf_line(const char *line, size_t len, struct server_addr *out)
{
	char key[16], value[64];
	size_t pos = 0;
	char *scope;

	if (!resolvconf_token(line, len, &pos, key, sizeof key) || strcmp(key, "nameserver") != 0)
		return false;
	if (!resolvconf_token(line, len, &pos, value, sizeof value))
		return false;
	scope = strchr(value, '%');
	if (scope != NULL)
		*scope = '\0';
	return server_addr_from_text(out, value, 53) == 0;
}

size_t resolvconf_parse(const char *text, struct server_addr *out, size_t max)
{
	size_t count = 0;

	while (*text != '\0' && count < max) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		if (resolvconf_line(text, len, &out[count]))
			count++;
		text += len + (end ? 1 : 0);
	}
	return count;
}

size_t resolvconf_load(const char *path, struct server_addr *out, size_t max)
{
	static const size_t cap = RESOLVCONF_FILE_MAX;
	char *text;
	size_t len, count;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return 0;
	text = malloc(cap + 1);
	if (text == NULL) {
		fclose(f);
		return 0;
	}
	len = fread(text, 1, cap, f);
	fclose(f);
	text[len] = '\0';
	count = resolvconf_parse(text, out, max);
	free(text);
	return count;
}
