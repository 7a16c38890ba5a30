/* check_config.c - the one place the parsed options become each stage's plain config. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_config.h"
#include "state/state_file.h"

/* Append printf-formatted text at *USED of BUF (SIZE), truncated at its end. */
static void check_config_key_add(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void check_config_key_add(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used = *used + (size_t)n < size - 1 ? *used + (size_t)n : size - 1;
}

/* The option set a latency state belongs to: resolvers, port, -n, -P. Built
 * in BUF itself: no allocation that could fail and leave another set's key. */
static void check_config_state_key(const struct options *o, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < o->n_resolvers; i++)
		check_config_key_add(buf, size, &used, "s=%s#%u ", o->resolvers[i].text,
				     (unsigned)server_addr_port(&o->resolvers[i]));
	check_config_key_add(buf, size, &used, "p=%u ", (unsigned)o->port);
	for (i = 0; i < o->n_servers; i++)
		check_config_key_add(buf, size, &used, "n=%s ", o->servers[i].text);
	if (o->primary.text != NULL)
		check_config_key_add(buf, size, &used, "P=%s", o->primary.text);
}

/* Latency is measured with thresholds on it, a state directory, or a serial scheme. */
static void check_config_latency(struct check_config *cfg, const struct options *o)
{
	const char *env = getenv("MP_STATE_PATH");

	cfg->latency.wanted = o->warn_latency.set || o->crit_latency.set || o->state_dir != NULL ||
			      (env != NULL && env[0] != '\0') || o->serial_format_given;
	cfg->latency.dir = state_dir_choose(env, o->state_dir);
	check_config_state_key(o, cfg->latency_key, sizeof cfg->latency_key);
	cfg->latency.key = cfg->latency_key;
	cfg->latency.serial_format = o->serial_format;
}

/* The consistency checks of O as judge bits (1 << enum consistency_check). */
static unsigned check_config_consistency(const struct options *o)
{
	unsigned bits = 0;

	if (o->consistency & OPT_CONSIST_MNAME)
		bits |= 1u << CONSIST_MNAME;
	if (o->consistency & OPT_CONSIST_RNAME)
		bits |= 1u << CONSIST_RNAME;
	if (o->consistency & OPT_CONSIST_TIMERS)
		bits |= 1u << CONSIST_TIMERS;
	if (o->consistency & OPT_CONSIST_NS)
		bits |= 1u << CONSIST_NS;
	return bits;
}

static void check_config_judge(struct check_config *cfg, const struct options *o)
{
	cfg->judge =
	    (struct judge_config){&o->warn_lag,
				  &o->crit_lag,
				  &o->warn_failed,
				  &o->crit_failed,
				  o->ns_mismatch_state,
				  o->primary.text != NULL,
				  o->content_mismatch_state,
				  check_config_consistency(o),
				  o->consistency_mismatch_state,
				  &o->warn_latency,
				  &o->crit_latency,
				  o->soa_sanity,
				  {o->dnssec_mode, o->warn_signature_s, o->crit_signature_s,
				   o->soa_sanity, o->consistency_mismatch_state}};
	cfg->multi_provider = o->multi_provider;
	cfg->providers = o->providers;
	cfg->n_providers = o->n_providers;
}

/* The servers given with -n, then the primary (-P). */
static void check_config_servers(struct check_config *cfg, const struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_servers + (o->primary.text != NULL); i++) {
		const struct opt_server *s = i < o->n_servers ? &o->servers[i] : &o->primary;
		struct check_user_server *u = &cfg->servers[cfg->n_servers++];
		u->text = s->text;
		u->is_address = s->is_address;
		u->origin = i < o->n_servers ? ORIGIN_USER : ORIGIN_PRIMARY;
		if (s->is_address) {
			u->addr = s->addr;
			if (!s->has_port)
				server_addr_set_port(&u->addr, o->port);
		}
	}
	cfg->discover = o->n_servers == 0;
}

_Static_assert(OPT_COMPARE_MAX <= QUERY_COMPARE_MAX, "every --compare RRset is an item");

void check_config_fill(struct check_config *cfg, const struct options *o)
{
	size_t k;

	memset(cfg, 0, sizeof *cfg);
	cfg->zone = o->zone;
	cfg->resolvers = o->resolvers;
	cfg->n_resolvers = o->n_resolvers;
	cfg->budget_us = (int64_t)(o->timeout_s * 1e6);
	cfg->give_up_us = (int64_t)(o->query_timeout_s * 1e6);
	cfg->family = o->family;
	cfg->port = o->port;
	check_config_servers(cfg, o);
	cfg->query = (struct query_opts){o->nsid,
					 o->tcp_only,
					 o->both_transports,
					 o->n_servers == 0,
					 NULL,
					 0,
					 o->dnssec_mode != DNSSEC_MODE_OFF,
					 o->dnssec_mode == DNSSEC_MODE_ON};
	for (k = 0; k < o->n_compare && !o->compare_none && k < QUERY_COMPARE_MAX; k++)
		cfg->compare[cfg->n_compare++] =
		    (struct query_item_spec){o->compare[k].type, o->compare[k].name};
	cfg->glue = (o->consistency & OPT_CONSIST_GLUE) != 0;
	check_config_judge(cfg, o);
	check_config_latency(cfg, o);
	cfg->json = o->format == OPT_FORMAT_JSON;
	cfg->show_nsid = o->nsid;
}
