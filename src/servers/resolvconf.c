/* resolvconf.c - a small, bounded resolv.conf reader (nameserver lines only). */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
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

/* Give the IPv6 address OUT the zone SCOPE ("eth0", or an interface number) as
 * its scope id, and "%SCOPE" at the end of its text. False when OUT is not IPv6,
 * or SCOPE names no interface of this host. */
static bool resolvconf_scope(struct server_addr *out, const char *scope)
{
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&out->sa;
	unsigned long id = 0;
	size_t len = strlen(out->text);
	char *end;

	if (out->family != AF_INET6 || scope[0] == '\0')
		return false;
	if (scope[0] >= '0' && scope[0] <= '9') {
		errno = 0;
		id = strtoul(scope, &end, 10);
		if (*end != '\0' || errno != 0 || id == 0 || id > UINT32_MAX)
			return false;
	} else {
		id = if_nametoindex(scope);
		if (id == 0)
			return false;
	}
	if (len + 1 + strlen(scope) >= sizeof out->text)
		return false;
	v6->sin6_scope_id = (uint32_t)id;
	snprintf(out->text + len, sizeof out->text - len, "%%%s", scope);
	return true;
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
		*scope++ = '\0';
	if (server_addr_from_text(out, value, 53) != 0)
		return false;
	return scope == NULL || resolvconf_scope(out, scope);
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
