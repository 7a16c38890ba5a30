/* latency.c - publication latency set-up: history loaded, serials noted, history saved. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "judge/serial_format.h"
#include "state/latency.h"
#include "state/state_file.h"

/* True when load status ST means the state is unusable, not merely absent or bad:
 * a bad file is replaced by this run's save, a missing one is a first run. */
static bool latency_load_lost(enum state_status st)
{
	return st == STATE_IO_ERROR || st == STATE_BAD_PATH || st == STATE_FOREIGN;
}

void latency_prepare(const struct latency_config *cfg, const char *zone, int64_t save_budget_us,
		     struct judge_input *in, struct history *h, char *note, size_t note_size)
{
	char name[STATE_NAME_MAX], why[OBS_ERROR_MAX * 2];
	uint32_t serials[SERVERS_MAX];
	size_t i, n = 0;
	enum state_status st;

	if (!cfg->wanted)
		return;
	in->latency = true;
	in->now = (int64_t)time(NULL);
	for (i = 0; i < in->n && n < SERVERS_MAX; i++)
		if (in->obs[i].outcome == OUTCOME_ANSWERED)
			serials[n++] = in->obs[i].soa.serial;
	in->serial_scheme =
	    (int)serial_format_detect((enum serial_scheme)cfg->serial_format, serials, n, in->now);
	if (!state_file_name(zone, cfg->key, name, sizeof name))
		return;
	st = state_load(cfg->dir, name, h, note, note_size);
	if (st == STATE_OK)
		in->history = h; /* else h is an empty history, saved fresh */
	else if (st == STATE_MISSING)
		note[0] = '\0'; /* the first run: latency from the serials, if at all */
	in->state_lost = latency_load_lost(st);
	history_note(h, serials, n, in->now);
	st = state_save(cfg->dir, name, h, save_budget_us, why, sizeof why);
	if (st == STATE_OK)
		return;
	if (!in->state_lost && st != STATE_LOCKED && st != STATE_NO_TIME) {
		in->state_lost = true; /* the next run could not read it either */
		snprintf(note, note_size, "%s", why);
	} else if (note[0] == '\0') {
		snprintf(note, note_size, "%s", why);
	}
}
