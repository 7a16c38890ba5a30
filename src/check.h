/* check.h - the pipeline of one check: options -> discover -> query -> judge -> report. */
#ifndef CHECK_H
#define CHECK_H

#include <stdint.h>

#include "mp/mp_state.h"
#include "mp/mp_strbuf.h"
#include "cli/options.h"

/* Run the check described by OPTS (parsed and validated), write the plugin
 * output into OUT and return the plugin state; -t counts from START_US (a time of
 * clock_now_us: the start of main). Never exits, never prints. */
enum mp_state check_run(const struct options *opts, int64_t start_us, struct mp_strbuf *out);

#endif
