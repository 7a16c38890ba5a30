#!/bin/bash
# latency.sh - publication latency: a state file of first-seen serials, staleness in seconds.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

STATE=$LAB_DIR/state
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

# The state file of lag.example for the default option set (one file in a fresh directory).
state_file() {
	ls "$STATE"/soa-lag.example-*.state 2>/dev/null | head -n 1
}

# Write a valid state file for lag.example saying serial SERIAL was first seen AGE seconds ago.
write_state() { # SERIAL AGE
	python3 - "$1" "$2" "$(state_file)" <<-'EOF'
		import sys, time
		serial, age, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
		body = "check_soa-state 1\nserial %d %d\n" % (serial, int(time.time()) - age)
		h = 0x811c9dc5
		for c in body.encode():
		    h = ((h ^ c) * 0x01000193) & 0xffffffff
		open(path, "w").write(body + "end 1 %08x\n" % h)
	EOF
}

# A first run on a fresh state directory never alarms on latency, and creates the state.
rm -rf "$STATE" && mkdir -p "$STATE"
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$STATE"
expect_exit 0
expect_status_is "SOA OK - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"
expect_not_out "state file"
expect_true "a state file was written" test -s "$(state_file)"
expect_true "it is private (0600)" test "$(stat -c %a "$(state_file)")" = 600

# Serial 2026112501 was first seen 2 hours ago: ns3 has been stale that long.
write_state 2026112501 7200
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$STATE"
expect_exit 2
expect_status_is "SOA CRITICAL - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501), stale for 2h00m (ns3.lag.example 192.0.2.23)"
expect_line "[CRITICAL] ns3.lag.example 192.0.2.23: serial 2026112500 (1 behind 2026112501)" "stale for 2h00m"
# (a slow run, under valgrind, adds its own seconds to the two hours)
expect_true "perfdata latency_max and the lagging address's latency, about 7200 s" \
	bash -c '[[ $1 =~ \ latency_max=72[0-9][0-9]s\;\;3600\;0\  && $1 =~ \ latency_ns3.lag.example_192.0.2.23=72[0-9][0-9]s\;\;3600\;0 ]]' _ "$CHECK_OUT"
expect_out " latency_ns1.lag.example_192.0.2.21=0s;;3600;0 "
# ... WARNING under --warning-latency alone, and OK when the latency is tolerated
write_state 2026112501 7200
run_check -D lag.example -w 5 --warning-latency 3600 --state-dir "$STATE"
expect_exit 1
write_state 2026112501 7200
run_check -D lag.example -w 5 --critical-latency 10000 --state-dir "$STATE"
expect_exit 0
# ... the lag thresholds still apply: worst state wins.
write_state 2026112501 60
run_check -D lag.example -c 0 --critical-latency 3600 --state-dir "$STATE"
expect_exit 2
expect_status "1 of 5 servers behind"
# ... JSON carries it too.
write_state 2026112501 7200
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$STATE" --output-format=json
expect_exit 2
expect_true "JSON latency fields" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert 7200 <= d["latency_max"] < 7300, d["latency_max"]
a = [x for x in d["addresses"] if x["address"] == "192.0.2.23"][0]
assert 7200 <= a["latency"] < 7300 and not a["latency_is_bound"], a
' "$CHECK_OUT"

# MP_STATE_PATH is the state directory when set.
rm -rf "$STATE" && mkdir -p "$STATE"
in_lab env MP_STATE_PATH="$STATE" "$CHECK_SOA" -D lag.example -w 5 >/dev/null
expect_true "MP_STATE_PATH: the state file is there" test -s "$(state_file)"

# With the wall clock moved back two hours (faketime), the first run sees the new serial
# "then"; a run now finds ns3 stale for two hours.
# (Not under a wrapper such as valgrind, nor with a sanitizer runtime that must load first.)
faketime_works() {
	[[ -r $FAKETIME_LIB && -z ${CHECK_SOA_WRAPPER:-} ]] &&
		in_lab env LD_PRELOAD="$FAKETIME_LIB" FAKETIME="-2h" FAKETIME_DONT_FAKE_MONOTONIC=1 \
			"$CHECK_SOA" -V >/dev/null 2>&1
}
if faketime_works; then
	rm -rf "$STATE" && mkdir -p "$STATE"
	in_lab env LD_PRELOAD="$FAKETIME_LIB" FAKETIME="-2h" FAKETIME_DONT_FAKE_MONOTONIC=1 \
		"$CHECK_SOA" -D lag.example -w 5 --state-dir "$STATE" >/dev/null
	run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$STATE"
	expect_exit 2
	expect_status "stale for 2h00m (ns3.lag.example 192.0.2.23)"
else
	echo "# faketime part skipped (no libfaketime, a wrapper, or a sanitizer runtime)"
fi

# A bad state is one long-output line: never UNKNOWN, never a false latency alarm, rebuilt.
for bad in corrupt truncated empty version; do
	rm -rf "$STATE" && mkdir -p "$STATE"
	run_check -D lag.example -w 5 --state-dir "$STATE" >/dev/null
	f=$(state_file)
	case $bad in
	corrupt) printf 'check_soa-state 1\nserial x y\n' >"$f" ;;
	truncated) head -c 20 "$f" >"$f.cut" && mv "$f.cut" "$f" ;;
	empty) : >"$f" ;;
	version) printf 'check_soa-state 9\nend 0 00000000\n' >"$f" ;;
	esac
	run_check -D lag.example -w 5 --critical-latency 1 --state-dir "$STATE"
	expect_exit 0
	expect_line "state file $f: "
	run_check -D lag.example -w 5 --critical-latency 1 --state-dir "$STATE"
	expect_not_out "state file"
done
# A state that cannot be used at all, with a latency threshold: UNKNOWN, the status line
# says why (path and error); CRITICAL still wins; without a threshold, a note as before.
# ... owned by another user: reported, left alone.
rm -rf "$STATE" && mkdir -p "$STATE"
run_check -D lag.example -w 5 --state-dir "$STATE" >/dev/null
chown nobody "$(state_file)"
run_check -D lag.example -w 5 --critical-latency 1 --state-dir "$STATE"
expect_exit 3
expect_status_is "SOA UNKNOWN - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501), latency not measured: state file $(state_file): owned by uid $(id -u nobody), not by uid 0"
run_check -D lag.example -w 5 --state-dir "$STATE"
expect_exit 0
expect_line "state file $(state_file): "
# ... a state directory whose parent is a regular file: not even root can make it.
: >"$LAB_DIR/a-file"
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$LAB_DIR/a-file/state"
expect_exit 3
expect_match "^SOA UNKNOWN - lag\.example: 1 of 5 servers behind \(ns3\.lag\.example 192\.0\.2\.23 at 2026112500, 1 behind 2026112501\), latency not measured: state file $LAB_DIR/a-file/state/soa-lag\.example-[0-9a-f]{32}\.state: directory: Not a directory \| "
expect_out " servers=5;;;0 "
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$LAB_DIR/a-file/state" \
	--output-format=json
expect_exit 3
expect_true "JSON: UNKNOWN, a latency_not_measured finding naming the path and the error" \
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
f = [x for x in d["findings"] if x["kind"] == "latency_not_measured"]
assert d["state"] == "UNKNOWN" and len(f) == 1 and f[0]["state"] == "UNKNOWN", d
assert f[0]["text"].startswith("latency not measured: state file " + sys.argv[2]), f
assert f[0]["text"].endswith(": directory: Not a directory"), f
assert d["latency_max"] is None, d
' "$CHECK_OUT" "$LAB_DIR/a-file/state/soa-lag.example-"
run_check -D sync.example --warning-latency 60 --state-dir "$LAB_DIR/a-file/state"
expect_exit 3
expect_status "SOA UNKNOWN - sync.example: 6 servers in sync, serial 2026112501, latency not measured: state file $LAB_DIR/a-file/state/soa-sync.example-"
run_check -D lag.example -c 0 --critical-latency 3600 --state-dir "$LAB_DIR/a-file/state"
expect_exit 2
expect_status "SOA CRITICAL - lag.example: 1 of 5 servers behind"
expect_status ", latency not measured: state file $LAB_DIR/a-file/state/"
run_check -D lag.example -w 5 --state-dir "$LAB_DIR/a-file/state"
expect_exit 0
expect_status_is "SOA OK - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"
expect_line "state file $LAB_DIR/a-file/state/" ": directory: Not a directory"
# ... a file in the directory's place.
: >"$LAB_DIR/not-a-dir"
run_check -D lag.example -w 5 --critical-latency 1 --state-dir "$LAB_DIR/not-a-dir"
expect_exit 3
expect_status ", latency not measured: state file $LAB_DIR/not-a-dir/"
run_check -D lag.example --state-dir relative/dir
expect_exit 3
# ... a missing directory whose parent lets us: made (0700) by the run, no note.
rm -rf "$LAB_DIR/parent" && mkdir "$LAB_DIR/parent"
run_check -D lag.example -w 5 --critical-latency 3600 --state-dir "$LAB_DIR/parent/state"
expect_exit 0
expect_not_out "state file"
expect_true "the missing state directory was made, mode 0700" \
	test "$(stat -c %a "$LAB_DIR/parent/state")" = 700
# --state-dir wins over MP_STATE_PATH.
rm -rf "$STATE" "$LAB_DIR/env-state" && mkdir -p "$STATE" "$LAB_DIR/env-state"
in_lab env MP_STATE_PATH="$LAB_DIR/env-state" "$CHECK_SOA" -D lag.example -w 5 \
	--state-dir "$STATE" >/dev/null
expect_true "--state-dir over MP_STATE_PATH: the file is in --state-dir" test -s "$(state_file)"
expect_true "... and none in MP_STATE_PATH" \
	bash -c '! ls "$1"/*.state >/dev/null 2>&1' _ "$LAB_DIR/env-state"

# Two checks of one zone at once: both answer, the state stays valid.
rm -rf "$STATE" && mkdir -p "$STATE"
for i in 1 2 3 4; do
	in_lab "$CHECK_SOA" -D lag.example -w 5 --state-dir "$STATE" >"$LAB_DIR/conc.$i" &
done
wait
expect_true "four concurrent runs all printed a status line" \
	bash -c 'for f in "$@"; do grep -q "^SOA OK - lag.example" "$f" || exit 1; done' _ \
	"$LAB_DIR"/conc.[1-4]
run_check -D lag.example -w 5 --critical-latency 600 --state-dir "$STATE"
expect_exit 0
expect_not_out "state file"

# Without state, a serial scheme gives a lower bound (shown, never alarms).
rm -rf "$STATE" && mkdir -p "$STATE"
run_check -D lag.example -w 5 --serial-format=date --critical-latency 1 --state-dir "$STATE"
expect_exit 0
expect_line "[OK] ns3.lag.example 192.0.2.23" "stale for at least "
run_check -D lag.example --serial-format=bogus
expect_exit 3

done_testing
