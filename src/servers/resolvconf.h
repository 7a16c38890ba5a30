/* resolvconf.h - read the recursive resolvers from /etc/resolv.conf. */
#ifndef RESOLVCONF_H
#define RESOLVCONF_H

#include <stddef.h>

#include "core/observation.h"

#define RESOLVCONF_MAX 3 /* MAXNS of the C library */

/* Parse resolv.conf TEXT: every "nameserver ADDRESS" line (IPv4 or IPv6; an IPv6
 * "%SCOPE" suffix, an interface name or number, is kept: the scope id, and in the
 * text) up to MAX entries, port 53. Other lines, comments (# ;), malformed
 * addresses and scopes that name no interface are ignored. Returns the number
 * stored. */
size_t resolvconf_parse(const char *text, struct server_addr *out, size_t max);

/* Read and parse the file at PATH. Returns the count, or 0 if unreadable. */
size_t resolvconf_load(const char *path, struct server_addr *out, size_t max);

#endif
