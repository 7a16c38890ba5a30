/* check_config.h - the one place the parsed options become each stage's plain config. */
#ifndef CHECK_CONFIG_H
#define CHECK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/options.h"
#include "core/observation.h"
#include "judge/judge.h"
#include "judge/providers.h"
#include "query/items.h"
#include "query/query.h"
#include "state/latency.h"

/* A server the user named (-n, or -P last): an address with its port, or a name. */
struct check_user_server {
	const char *text; /* as given; a host name when !is_address */
	bool is_address;
	struct server_addr addr; /* when is_address, with its port (ADDRESS#PORT, else -p) */
	unsigned origin;         /* ORIGIN_USER or ORIGIN_PRIMARY */
};

/* Every stage's settings for one run. Pointers refer into the options (which outlive
 * the run) or into this struct: it is filled in place and not copied. */
struct check_config {
	const char *zone; /* -D, validated */
	/* net: time, family, port, resolvers */
	const struct server_addr *resolvers; /* -s; none: /etc/resolv.conf */
	size_t n_resolvers;
	int64_t budget_us;  /* -t */
	int64_t give_up_us; /* --query-timeout */
	int family;         /* AF_UNSPEC, AF_INET, AF_INET6 */
	uint16_t port;      /* the nameservers' port */
	/* servers: -n (then no discovery) and -P */
	struct check_user_server servers[OPT_SERVERS_MAX + 1];
	size_t n_servers; /* -n and -P together */
	bool discover;    /* no -n: the NS set is discovered */
	/* query: what each server is asked */
	struct query_opts query; /* items not set: they are the run's own */
	struct query_item_spec compare[QUERY_COMPARE_MAX];
	size_t n_compare;
	bool glue; /* check the parent's glue against the zone's own records */
	/* judge */
	struct judge_config judge;
	bool multi_provider;
	const struct provider_pattern *providers; /* --provider */
	size_t n_providers;
	/* state */
	struct latency_config latency;
	char latency_key[LATENCY_KEY_MAX];
	/* report */
	bool json;      /* --output-format=json */
	bool show_nsid; /* --nsid */
};

/* Fill CFG from O (parsed and validated). Reads $MP_STATE_PATH (the state directory). */
void check_config_fill(struct check_config *cfg, const struct options *o);

#endif
