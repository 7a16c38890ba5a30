/* providers.h - group servers into providers: by --provider pattern, else by the SOA MNAME they
 * serve. */
#ifndef PROVIDERS_H
#define PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "judge/judge.h"
#include "core/observation.h"
#include "core/server.h"

#define PROVIDER_LABEL_MAX   64  /* bytes of a provider label */
#define PROVIDER_PATTERN_MAX 512 /* bytes of a provider pattern */

/* A provider named by the user (--provider LABEL=PATTERN): NS names matching
 * PATTERN belong to LABEL. */
struct provider_pattern {
	char label[PROVIDER_LABEL_MAX];
	char pattern[PROVIDER_PATTERN_MAX]; /* lower-cased, without a trailing dot */
};

/* True when NAME (display form, trailing dot optional) matches P's
 * shell-style pattern, case-insensitively. */
bool provider_pattern_matches(const struct provider_pattern *p, const char *name);

/* How a provider was formed. */
enum provider_source {
	PROVIDER_PATTERN, /* --provider LABEL=PATTERN */
	PROVIDER_MNAME,   /* the SOA MNAME its servers serve */
	PROVIDER_DOMAIN,  /* named after the domain of NS names whose addresses all failed */
};

/* One provider: a group of servers judged on its own. */
struct provider {
	char label[OBS_NAME_MAX]; /* escaped display form, from the NS names or the pattern */
	enum provider_source source;
	const char *pattern; /* PROVIDER_PATTERN: the pattern; not owned */
	size_t servers;      /* servers in it */
};

/* Group the N servers: GROUP[i] receives the provider of server i, OUT the
 * providers (room for JUDGE_GROUPS_MAX). A server whose NS name matches a
 * pattern (the first that does) belongs to it; else an answering server
 * belongs to the provider of the SOA MNAME it serves; a failed server to the
 * provider of another address of its name, else of a sibling name (the same
 * domain after the first label), else to a provider named after that domain.
 * Pattern providers come first, even when they match nothing. Past
 * JUDGE_GROUPS_MAX providers, the rest join the last one. A pattern's
 * provider is labelled by the user; every other one after its NS names,
 * whether they answer or not: the domain they share (two labels or more),
 * else the smallest of their domains, lower-cased; providers that would share
 * a label are named by their smallest NS name. Pure. Returns the number of
 * providers. */
size_t providers_group(const struct server *servers, const struct observation *obs, size_t n,
		       const struct provider_pattern *patterns, size_t n_patterns,
		       struct provider *out, size_t *group);

/* For the hint without --multi-provider: the number of MNAME groups when
 * the answering servers split cleanly by the SOA MNAME they serve (two or
 * more groups, one serial in each, different serials across groups); else 0. */
size_t providers_mname_split(const struct observation *obs, size_t n);

/* "mname", "pattern" or "domain". */
const char *provider_source_name(enum provider_source source);

#endif
