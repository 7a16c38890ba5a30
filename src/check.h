/* check.h - the pipeline of one check: options -> discover -> query -> judge -> report. */
#ifndef CHECK_H
#define CHECK_H

#include "mp/mp_state.h"
#include "mp/mp_strbuf.h"
#include "cli/options.h"

/* Run the check described by OPTS (parsed and validated), write the plugin
 * output into OUT and return the plugin state. Never exits, never prints. */
enum mp_state check_run(const struct options *opts, struct mp_strbuf *out);

#endif
