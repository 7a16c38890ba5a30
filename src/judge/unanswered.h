/* unanswered.h - internal to judge/: servers that answered the SOA but left another question
 * (the apex NS set, a compared RRset) without a usable answer. */
#ifndef JUDGE_UNANSWERED_H
#define JUDGE_UNANSWERED_H

#include <stddef.h>

#include "judge/judge.h"

/* Flag in PER_ADDR (ADDR_FLAG_UNANSWERED, bit Q of unanswered, at least STATE)
 * every server of IN that answered the SOA but has a failure for question Q
 * (a compared RRset, or JUDGE_ITEM_NS). Returns how many, and the first in
 * *FIRST (SERVERS_NONE when none). Pure. */
size_t unanswered_flag(const struct judge_input *in, size_t q, enum mp_state state,
		       struct addr_verdict *per_addr, size_t *first);

#endif
