/* unanswered.c - which servers answered the SOA but not the apex NS question or a compared RRset.
 */
#include "config.h"

#include "judge/unanswered.h"

const struct answer_fail *judge_answer_fail(const struct judge_input *in, size_t i, size_t q)
{
	const struct answer_fail *f;
	size_t stride = in->content_stride > 0 ? in->content_stride : in->n_items;

	if (q == JUDGE_ITEM_NS)
		f = &in->obs[i].ns_fail;
	else if (in->content_fail != NULL && q < in->n_items)
		f = &in->content_fail[i * stride + q];
	else
		return NULL;
	return f->why == ANSWER_OK ? NULL : f;
}

size_t unanswered_flag(const struct judge_input *in, size_t q, enum mp_state state,
		       struct addr_verdict *per_addr, size_t *first)
{
	size_t i, count = 0;

	*first = SERVERS_NONE;
	for (i = 0; i < in->n; i++) {
		if (in->obs[i].outcome != OUTCOME_ANSWERED || judge_answer_fail(in, i, q) == NULL)
			continue;
		per_addr[i].unanswered |= (uint64_t)1 << q;
		per_addr[i].flags |= ADDR_FLAG_UNANSWERED;
		per_addr[i].state = mp_state_worst(per_addr[i].state, state);
		if (count++ == 0)
			*first = i;
	}
	return count;
}
