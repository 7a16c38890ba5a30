/* report_json.h - the plugin output as one JSON document (--output-format=json). */
#ifndef REPORT_JSON_H
#define REPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/server.h"
#include "mp/mp_state.h"
#include "mp/mp_strbuf.h"
#include "report/json.h"
#include "report/report.h"

/* Everything the JSON document says; nothing here is changed. Either R is set
 * (the check completed) or ERROR is (it could not: bad arguments, discovery
 * failed, ...). The schema is documented in the README ("JSON output"). */
struct report_json_input {
	enum mp_state state;          /* the plugin state (and exit code) */
	const char *zone;             /* display form; NULL when not known */
	const char *error;            /* why the check could not complete; NULL when it did */
	const struct report_input *r; /* the completed check; NULL when ERROR is set */
	const struct server_list *ns; /* the servers and their origins; may be NULL */
	const char *parent_zone;      /* display form ("" for the root); NULL when not discovered */
	bool parent_ns_known;         /* NS holds the parent's delegation (ORIGIN_PARENT) */
	bool show_nsid;               /* NSID was asked for */
};

/* Append the JSON document for J to OUT, on one line, followed by "\n".
 * Every string is escaped (see report_json_string), so the result is valid
 * JSON whatever bytes names and error texts hold. Pre: j != NULL. */
void report_json_write(const struct report_json_input *j, struct mp_strbuf *out);

#endif
