#!/bin/bash
# extra_opts.sh - --extra-opts=[SECTION][@FILE] with the real plugin: ini sections, MP_CONFIG_FILE, command line wins, errors exit 3.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

INI=$LAB_DIR/plugins.ini
cat >"$INI" <<'EOF'
; check_soa's default section
[check_soa]
domain = lag.example
warning = 5

# a stricter profile
[strict]
domain=lag.example
w = 0
critical = "0"
nsid
EOF

run_check --extra-opts="@$INI"
expect_exit 0
expect_status_is "SOA OK - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"

run_check --extra-opts="@$INI" -w 0
expect_exit 1
expect_status_is "SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"

run_check --extra-opts="strict@$INI"
expect_exit 2
expect_line "[CRITICAL] ns3.lag.example 192.0.2.23: serial 2026112500 (1 behind 2026112501)" "NSID bind-lab"

run_check --extra-opts "strict@$INI" -c 1
expect_exit 1

# MP_CONFIG_FILE names the file when --extra-opts names none.
export MP_CONFIG_FILE=$INI
run_check --extra-opts
expect_exit 0
expect_status "SOA OK - lag.example: "
run_check --extra-opts=strict -D sync.example
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_line_count "NSID" 6

run_check --extra-opts=nosuchsection
expect_exit 3
expect_status_is "SOA UNKNOWN - --extra-opts: section [nosuchsection] not found in $INI"
expect_line_count "SOA" 1
unset MP_CONFIG_FILE

run_check --extra-opts="@$LAB_DIR/missing.ini" -D sync.example
expect_exit 3
expect_status_is "SOA UNKNOWN - --extra-opts: cannot open $LAB_DIR/missing.ini: No such file or directory"
expect_line_count "" 1

printf '[check_soa]\ndomain = sync.example\nthis is not an option\n' >"$LAB_DIR/bad.ini"
run_check --extra-opts="@$LAB_DIR/bad.ini"
expect_exit 3
expect_status_is "SOA UNKNOWN - --extra-opts: $LAB_DIR/bad.ini:3: expected \"key = value\" or \"key\""

printf '[check_soa]\nbogus-option = 1\n' >"$LAB_DIR/unknown.ini"
run_check --extra-opts="@$LAB_DIR/unknown.ini" -D sync.example
expect_exit 3
expect_status_is "SOA UNKNOWN - option '--bogus-option': unknown option"

done_testing
