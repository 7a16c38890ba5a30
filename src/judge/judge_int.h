/* judge_int.h - internal to judge/: what the rules in judge.c use of the serial rules
 * (serial_rules.c); judge.h is the interface. */
#ifndef JUDGE_INT_H
#define JUDGE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "judge/judge.h"

/* True when server I belongs to group G (JUDGE_ZONE: every group). */
bool judge_in_group(const struct judge_input *in, size_t i, size_t g);

/* Reset address verdict A before judging it: no value id in any comparison yet. */
void judge_addr_reset(struct addr_verdict *a);

/* Apply the serial rules to group G (JUDGE_ZONE without groups; ZONE_ANSWERED: some
 * address of the zone answered): fill V and the per-address verdicts of its servers. */
void judge_group(const struct judge_input *in, const struct judge_config *cfg, size_t g,
		 bool zone_answered, struct group_verdict *v, struct addr_verdict *per_addr);

#endif
