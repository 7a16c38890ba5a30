/* mp_state.c - names, ordering and parsing of the four Monitoring Plugins states. */
#include "config.h"

#include "mp/mp_state.h"

#include <stddef.h>

const char *mp_state_name(enum mp_state state)
{
	switch (state) {
	case MP_OK:
		return "OK";
	case MP_WARNING:
		return "WARNING";
	case MP_CRITICAL:
		return "CRITICAL";
	case MP_UNKNOWN:
		return "UNKNOWN";
	}
	return "UNKNOWN";
}

/* Severity for a service check: OK < UNKNOWN < WARNING < CRITICAL.
 * Values outside the enum rank (and are reported) as UNKNOWN. */
static int state_rank(enum mp_state state)
{
	switch (state) {
	case MP_OK:
		return 0;
	case MP_UNKNOWN:
		return 1;
	case MP_WARNING:
		return 2;
	case MP_CRITICAL:
		return 3;
	}
	return 1;
}

static enum mp_state state_normalise(enum mp_state state)
{
	switch (state) {
	case MP_OK:
	case MP_WARNING:
	case MP_CRITICAL:
	case MP_UNKNOWN:
		return state;
	}
	return MP_UNKNOWN;
}

enum mp_state mp_state_worst(enum mp_state a, enum mp_state b)
{
	if (state_rank(b) > state_rank(a))
		return state_normalise(b);
	return state_normalise(a);
}

/* ASCII-only case-insensitive equality (no locale involved). */
static int ascii_ieq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
		char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;

		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

int mp_state_parse(const char *text, enum mp_state *out)
{
	static const struct {
		const char *name;
		enum mp_state state;
	} names[] = {
	    {"ok", MP_OK},
	    {"warning", MP_WARNING},
	    {"critical", MP_CRITICAL},
	    {"unknown", MP_UNKNOWN},
	};
	size_t i;

	if (text == NULL || out == NULL)
		return -1;
	if (text[0] >= '0' && text[0] <= '3' && text[1] == '\0') {
		*out = (enum mp_state)(text[0] - '0');
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (ascii_ieq(text, names[i].name)) {
			*out = names[i].state;
			return 0;
		}
	}
	return -1;
}
