/* providers.c - which provider each server belongs to: patterns, SOA MNAME, sibling names. */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "judge/providers.h"

bool provider_pattern_matches(const struct provider_pattern *p, const char *name)
{
	char folded[1024];
	size_t len = strlen(name), i;

	if (len > 1 && name[len - 1] == '.')
		len--;
	if (len >= sizeof folded)
		return false;
	for (i = 0; i < len; i++)
		folded[i] = (char)tolower((unsigned char)name[i]);
	folded[len] = '\0';
	return fnmatch(p->pattern, folded, 0) == 0;
}

/* The domain of display NAME after its first label ("" for a one-label name). */
static const char *providers_domain(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot != NULL ? dot + 1 : "";
}

/* The provider labelled LABEL from SOURCE, added if new. Returns its index. */
static size_t providers_find_or_add(struct provider *out, size_t *n, const char *label,
				    enum provider_source source)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (out[i].source == source && strcasecmp(out[i].label, label) == 0)
			return i;
	if (*n == JUDGE_GROUPS_MAX)
		return *n - 1;
	memset(&out[*n], 0, sizeof out[*n]);
	snprintf(out[*n].label, sizeof out[*n].label, "%s", label);
	out[*n].source = source;
	return (*n)++;
}

/* The first pattern matching server S's NS name, or SERVERS_NONE. */
static size_t providers_pattern_of(const struct server *s, const struct provider_pattern *patterns,
				   size_t n_patterns)
{
	size_t p;

	for (p = 0; s->name[0] != '\0' && p < n_patterns; p++)
		if (provider_pattern_matches(&patterns[p], s->name))
			return p;
	return SERVERS_NONE;
}

/* The provider of a failed server I: that of another address of its name,
 * else of a sibling name, else SERVERS_NONE. */
static size_t providers_kin(const struct server *servers, const size_t *group, size_t n, size_t i)
{
	const char *domain = providers_domain(servers[i].name);
	size_t j;

	for (j = 0; j < n; j++)
		if (group[j] != SERVERS_NONE && servers[j].host == servers[i].host)
			return group[j];
	for (j = 0; domain[0] != '\0' && j < n; j++)
		if (group[j] != SERVERS_NONE &&
		    strcasecmp(providers_domain(servers[j].name), domain) == 0)
			return group[j];
	return SERVERS_NONE;
}

/* The number of labels of display name NAME ("" has none). */
static size_t providers_labels(const char *name)
{
	size_t n = name[0] != '\0';

	for (; *name != '\0'; name++)
		n += *name == '.';
	return n;
}

/* Shrink ACC to the longest domain (whole labels) it shares with display
 * name DOMAIN, compared case-insensitively; "" when they share none. Display
 * names write a dot inside a label as \046, so every '.' ends a label. */
static void providers_shrink_to_common(char *acc, const char *domain)
{
	size_t la = strlen(acc), lb = strlen(domain), k = 0;
	const char *tail;

	while (k < la && k < lb &&
	       tolower((unsigned char)acc[la - 1 - k]) ==
		   tolower((unsigned char)domain[lb - 1 - k]))
		k++;
	tail = acc + la - k;
	if (!((k == la || acc[la - 1 - k] == '.') && (k == lb || domain[lb - 1 - k] == '.'))) {
		tail = strchr(tail, '.'); /* the common tail starts inside a label: drop it */
		tail = tail != NULL ? tail + 1 : acc + la;
	}
	memmove(acc, tail, strlen(tail) + 1);
}

/* Copy TEXT lower-cased into LABEL (OBS_NAME_MAX bytes). */
static void providers_set_label(char *label, const char *text)
{
	size_t i;

	for (i = 0; text[i] != '\0' && i + 1 < OBS_NAME_MAX; i++)
		label[i] = (char)tolower((unsigned char)text[i]);
	label[i] = '\0';
}

/* Label provider G (not a pattern's) after the NS names of its servers: the
 * domain they all share when it has two labels or more, else the smallest
 * of their domains (with BY_NAME: the smallest NS name). A provider without
 * NS names keeps its label (an MNAME or an address). */
static void providers_label_by_names(const struct server *servers, const size_t *group, size_t n,
				     size_t g, bool by_name, struct provider *p)
{
	char common[OBS_NAME_MAX];
	const char *smallest = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *d = servers[i].name;
		if (group[i] != g || d[0] == '\0')
			continue;
		if (!by_name && providers_domain(d)[0] != '\0')
			d = providers_domain(d);
		if (smallest == NULL)
			snprintf(common, sizeof common, "%s", d);
		else
			providers_shrink_to_common(common, d);
		if (smallest == NULL || strcasecmp(d, smallest) < 0)
			smallest = d;
	}
	if (smallest == NULL)
		return;
	providers_set_label(p->label,
			    !by_name && providers_labels(common) >= 2 ? common : smallest);
}

/* True when provider G's label equals that of another of the first COUNT providers. */
static bool providers_label_taken(const struct provider *out, size_t count, size_t g)
{
	size_t k;

	for (k = 0; k < count; k++)
		if (k != g && strcasecmp(out[k].label, out[g].label) == 0)
			return true;
	return false;
}

/* Name every provider after its NS names, which stay the same whether it
 * answers or not (the MNAME only groups). Providers whose labels collide
 * (say two providers under one vanity domain) are named by their smallest
 * NS name instead; a collision left after that gets "_N" (N: its place). */
static void providers_label(const struct server *servers, const size_t *group, size_t n,
			    struct provider *out, size_t count)
{
	bool collides[JUDGE_GROUPS_MAX] = {false};
	size_t g;

	for (g = 0; g < count; g++)
		if (out[g].source != PROVIDER_PATTERN)
			providers_label_by_names(servers, group, n, g, false, &out[g]);
	for (g = 0; g < count; g++)
		collides[g] =
		    out[g].source != PROVIDER_PATTERN && providers_label_taken(out, count, g);
	for (g = 0; g < count; g++)
		if (collides[g])
			providers_label_by_names(servers, group, n, g, true, &out[g]);
	for (g = 0; g < count; g++) {
		size_t len = strlen(out[g].label);
		if (out[g].source == PROVIDER_PATTERN || !providers_label_taken(out, g + 1, g))
			continue;
		if (len > OBS_NAME_MAX - 8)
			len = OBS_NAME_MAX - 8;
		snprintf(out[g].label + len, OBS_NAME_MAX - len, "_%zu", g + 1);
	}
}

size_t providers_group(const struct server *servers, const struct observation *obs, size_t n,
		       const struct provider_pattern *patterns, size_t n_patterns,
		       struct provider *out, size_t *group)
{
	size_t i, p, count = 0;

	for (p = 0; p < n_patterns && count < JUDGE_GROUPS_MAX; p++) {
		memset(&out[count], 0, sizeof out[count]);
		snprintf(out[count].label, sizeof out[count].label, "%s", patterns[p].label);
		out[count].source = PROVIDER_PATTERN;
		out[count++].pattern = patterns[p].pattern;
	}
	for (i = 0; i < n; i++) {
		p = providers_pattern_of(&servers[i], patterns, n_patterns);
		group[i] = p < count ? p : SERVERS_NONE;
		if (group[i] == SERVERS_NONE && obs[i].outcome == OUTCOME_ANSWERED)
			group[i] =
			    providers_find_or_add(out, &count, obs[i].soa.mname, PROVIDER_MNAME);
	}
	for (i = 0; i < n; i++) {
		if (group[i] != SERVERS_NONE)
			continue;
		group[i] = providers_kin(servers, group, n, i);
		if (group[i] == SERVERS_NONE)
			group[i] = providers_find_or_add(out, &count,
							 servers[i].name[0] != '\0'
							     ? providers_domain(servers[i].name)
							     : servers[i].addr.text,
							 PROVIDER_DOMAIN);
	}
	for (i = 0; i < n; i++)
		out[group[i]].servers++;
	providers_label(servers, group, n, out, count);
	return count;
}

size_t providers_mname_split(const struct observation *obs, size_t n)
{
	struct provider groups[JUDGE_GROUPS_MAX];
	uint32_t serial[JUDGE_GROUPS_MAX];
	size_t i, g, k, count = 0;

	for (i = 0; i < n; i++) {
		if (obs[i].outcome != OUTCOME_ANSWERED)
			continue;
		g = providers_find_or_add(groups, &count, obs[i].soa.mname, PROVIDER_MNAME);
		if (groups[g].servers++ == 0)
			serial[g] = obs[i].soa.serial;
		else if (serial[g] != obs[i].soa.serial)
			return 0; /* a group disagrees within itself: not a clean split */
	}
	if (count < 2 || count == JUDGE_GROUPS_MAX)
		return 0;
	for (g = 0; g < count; g++)
		for (k = g + 1; k < count; k++)
			if (serial[g] == serial[k])
				return 0;
	return count;
}

const char *provider_source_name(enum provider_source source)
{
	switch (source) {
	case PROVIDER_PATTERN:
		return "pattern";
	case PROVIDER_MNAME:
		return "mname";
	case PROVIDER_DOMAIN:
		break;
	}
	return "domain";
}
