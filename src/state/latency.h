/* latency.h - publication latency set-up: the zone's serial history loaded, updated with the
 * serials answered now and saved, and handed to the judge. */
#ifndef STATE_LATENCY_H
#define STATE_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "judge/history.h"
#include "judge/judge.h"

#define LATENCY_KEY_MAX 1024 /* the option-set text a state file belongs to */

/* What the orchestration asks for (filled from the options in one place). */
struct latency_config {
	bool wanted;       /* thresholds on latency, a state directory or a serial scheme */
	const char *dir;   /* the state directory (state_dir_choose); not owned */
	const char *key;   /* the option set (resolvers, port, -n, -P) the state is for */
	int serial_format; /* enum serial_scheme asked for (SERIAL_SCHEME_AUTO by default) */
};

/* Measure publication latency for ZONE (display form) when CFG wants it: set
 * in->latency, in->now and in->serial_scheme, load the zone's history into H
 * (in->history = H when it could be read), note the serials in->obs answered, and
 * save it within SAVE_BUDGET_US (what is left of -t for it; see state_save). A state
 * problem is one line in NOTE (NOTE_SIZE bytes; never a false alarm: the latency is
 * then unknown); in->state_lost says the state can neither be read nor kept (a
 * directory that cannot be made or written, a path that is no directory, a file of
 * another user), not a first run, a damaged file this save replaces, or a save
 * skipped for another check's lock or the end of -t. Pre: H is zeroed. */
void latency_prepare(const struct latency_config *cfg, const char *zone, int64_t save_budget_us,
		     struct judge_input *in, struct history *h, char *note, size_t note_size);

#endif
