/* fuzz_options.c - libFuzzer target: options_parse on an argv split from the input at NUL bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "cli/options.h"
#include "report/report.h"

#define FUZZ_ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[FUZZ_ARGS_MAX + 2];
	int argc = 1;
	size_t i, start = 0;
	struct options opts;
	char err[OPT_ERROR_MAX];

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "check_soa";
	for (i = 0; i <= size && argc <= FUZZ_ARGS_MAX; i++) {
		if (copy[i] != '\0')
			continue;
		argv[argc++] = copy + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	options_init(&opts);
	if (options_parse(argc, argv, &opts, err) != 0) {
		struct mp_strbuf out = {0};
		if (strnlen(err, sizeof err) == 0 || strnlen(err, sizeof err) == sizeof err)
			fuzz_fail("options_parse failed without a one-line reason", err,
				  sizeof err);
		report_failure(NULL, MP_UNKNOWN, err, &out);
		if (!out.failed) {
			const char *s = mp_strbuf_str(&out);
			fuzz_assert_output(s, false);
			if (strchr(s, '\n') != s + out.len - 1)
				fuzz_fail("error output is more than one line", s, out.len);
		}
		mp_strbuf_free(&out);
	} else if (opts.action == OPT_CHECK) {
		if (opts.zone == NULL || !(opts.timeout_s > 0.0) || !(opts.query_timeout_s > 0.0) ||
		    opts.query_timeout_s > opts.timeout_s || opts.port == 0 ||
		    opts.n_servers > OPT_SERVERS_MAX || opts.n_resolvers > OPT_RESOLVERS_MAX)
			fuzz_fail("options_parse accepted an invalid configuration", "", 0);
	}
	free(copy);
	return 0;
}
