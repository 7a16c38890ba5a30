/* mp_state.h - Monitoring Plugins service states: values, names, ordering. */
#ifndef MP_STATE_H
#define MP_STATE_H

/* The four plugin states with their exit codes (Monitoring Plugins guidelines). */
enum mp_state { MP_OK = 0, MP_WARNING = 1, MP_CRITICAL = 2, MP_UNKNOWN = 3 };

/* Upper-case name of a state ("OK", "WARNING", ...); "UNKNOWN" for anything
 * out of range. Never NULL; static storage. */
const char *mp_state_name(enum mp_state state);

/* The worse of two states for a service check: CRITICAL > WARNING > UNKNOWN > OK.
 * (UNKNOWN ranks below WARNING/CRITICAL, as in the monitoring-plugins
 * max_state(), so that a real problem is never hidden behind "could not check".) */
enum mp_state mp_state_worst(enum mp_state a, enum mp_state b);

/* Parse "ok", "warning", "critical", "unknown" (case-insensitive) or the digits
 * 0..3. Returns 0 and sets *out on success, -1 on anything else. */
int mp_state_parse(const char *text, enum mp_state *out);

#endif
