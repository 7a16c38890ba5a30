# hostile_lib.sh - the former robustness harness: now lib.sh, which keeps its hl_* names (hl_setup, hl_run, hl_expect_*).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
