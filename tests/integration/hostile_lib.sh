# hostile_lib.sh - TAP helpers for the robustness tests: a private netns, tests/lab/hostile.py, timed runs.
#
# Source it from bash, then:
#   hl_setup 198.51.100.1 198.51.100.10 ...   # netns with these addresses on its lo
#   hl_hostile --zone z.example. good=198.51.100.1 drop=198.51.100.10
#   hl_run -n 198.51.100.1 -n 198.51.100.10 -D z.example -t 3    # sets OUT ERR RC MS
#   hl_ok $? "description"  /  hl_expect_exit 1  /  hl_expect_line TEXT...  /  hl_expect_time 3
#   hl_done
# Everything (the netns, hostile.py) is removed on exit. Environment: CHECK_SOA (the plugin),
# CHECK_SOA_WRAPPER (a command prefix such as valgrind; time bounds are then relaxed by
# WRAPPER_SLACK_MS, default 4000), BUDGET_MARGIN_MS (see hl_expect_time), top_srcdir.

PATH=$PATH:/usr/sbin:/sbin
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
HOSTILE_PY=$top_srcdir/tests/lab/hostile.py
HL_NETNS=
HL_DIR=
HL_PIDS=()
HL_NUM=0
HL_FAILED=0
HL_ARGS=()
HL_PREFIX=()

hl_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

hl_cleanup() {
	local pid
	for pid in "${HL_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${HL_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	HL_PIDS=()
	[[ -z $HL_NETNS ]] || ip netns del "$HL_NETNS" 2>/dev/null
	HL_NETNS=
	[[ -z $HL_DIR ]] || rm -rf "$HL_DIR"
	HL_DIR=
}

# hl_setup ADDRESS...: check the requirements, create the netns, bring lo up with ADDRESSes.
hl_setup() {
	local a
	[[ -n ${CHECK_SOA:-} && -x ${CHECK_SOA:-} ]] || hl_skip_all "CHECK_SOA is not set to the built plugin"
	[[ $(id -u) == 0 ]] || hl_skip_all "needs root for network namespaces"
	command -v python3 >/dev/null || hl_skip_all "python3 is not installed"
	HL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/csoa-hostile.XXXXXX")
	HL_NETNS=csoa-hl-$$-$RANDOM
	trap hl_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	ip netns add "$HL_NETNS" 2>/dev/null || hl_skip_all "ip netns is not available"
	ip -n "$HL_NETNS" link set lo up
	for a in "$@"; do
		if [[ $a == *:* ]]; then
			ip -n "$HL_NETNS" addr add "$a/128" dev lo nodad
		else
			ip -n "$HL_NETNS" addr add "$a/32" dev lo
		fi
	done
}

# hl_in COMMAND...: run inside the netns.
hl_in() {
	ip netns exec "$HL_NETNS" "$@"
}

# hl_hostile ARGS...: start hostile.py with ARGS in the netns; wait until it is bound.
hl_hostile() {
	local ready=$HL_DIR/ready.$RANDOM i
	# ip netns exec (not the hl_in function, whose subshell would be what $! names) so that
	# the PID kept for hl_cleanup is the server's own
	ip netns exec "$HL_NETNS" python3 "$HOSTILE_PY" --ready "$ready" \
		--log "$HL_DIR/hostile.log" "$@" >>"$HL_DIR/hostile.out" 2>&1 &
	HL_PIDS+=($!)
	for i in $(seq 1 100); do
		[[ -s $ready ]] && return 0
		kill -0 "${HL_PIDS[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	echo "Bail out! hostile.py did not start: $(tr '\n' ' ' <"$HL_DIR/hostile.out")"
	exit 1
}

hl_now_us() {
	local t=${EPOCHREALTIME//[.,]/}
	echo "$((10#$t))"
}

# hl_run ARGS...: run check_soa in the netns; sets OUT, ERR, RC, MS (wall time in ms).
# HL_PREFIX (an array, optional) is put before the plugin's command, e.g. (strace -f -o F).
hl_run() {
	local start end
	HL_ARGS=("$@")
	start=$(hl_now_us)
	RC=0
	# shellcheck disable=SC2086
	hl_in timeout -k 1 60 "${HL_PREFIX[@]}" ${CHECK_SOA_WRAPPER:-} "$CHECK_SOA" "$@" \
		>"$HL_DIR/out" 2>"$HL_DIR/err" || RC=$?
	end=$(hl_now_us)
	MS=$(((end - start) / 1000))
	OUT=$(cat "$HL_DIR/out")
	ERR=$(cat "$HL_DIR/err")
}

# Printable form of a string for a TAP line.
hl_printable() {
	printf '%s' "$*" | tr -c '[:print:]' '?'
}

# hl_ok STATUS DESCRIPTION: one TAP line (STATUS 0 is a pass); on failure, the last run.
# While TODO is set (to the reason of a known plugin bug), a failure is expected (XFAIL) and a
# pass is reported as unexpected (XPASS), which fails `make check`.
hl_ok() {
	local todo=${TODO:+ # TODO $TODO}
	HL_NUM=$((HL_NUM + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $HL_NUM - $(hl_printable "$2")$todo"
		return 0
	fi
	[[ -n $todo ]] || HL_FAILED=$((HL_FAILED + 1))
	echo "not ok $HL_NUM - $(hl_printable "$2")$todo"
	echo "# command: check_soa $(hl_printable "${HL_ARGS[*]}")"
	echo "# exit: $RC, time: $MS ms"
	sed 's/^/# output: /' <<<"$OUT" | cat -v
	[[ -z $ERR ]] || sed 's/^/# stderr: /' <<<"$ERR" | head -n 30 | cat -v
	return 0
}

hl_expect_exit() { # CODE [LABEL]
	[[ $RC == "$1" ]]
	hl_ok $? "${2:-run}: exits $1"
}

# A line of the output has every SUBSTRING.
hl_expect_line() { # LABEL SUBSTRING...
	local label=$1 line sub found=1
	shift
	while IFS= read -r line; do
		found=0
		for sub in "$@"; do
			[[ $line == *"$sub"* ]] || { found=1; break; }
		done
		[[ $found == 1 ]] || break
	done <<<"$OUT"
	hl_ok $found "$label: a line has '$*'"
}

# A line of the output matches the extended regular expression RE.
hl_expect_match() { # LABEL RE
	grep -Eq -- "$2" <<<"$OUT"
	hl_ok $? "$1: a line matches /$2/"
}

# The run ended inside its -t budget of SECONDS (may be fractional) plus BUDGET_MARGIN_MS
# (default 1000: the plugin's backstop fires at -t + 0.2 s, the rest absorbs a loaded
# machine); under a wrapper also plus WRAPPER_SLACK_MS (default 4000).
hl_expect_time() { # LABEL SECONDS
	local limit
	limit=$(awk -v s="$2" -v m="${BUDGET_MARGIN_MS:-1000}" 'BEGIN { printf "%d", s * 1000 + m }')
	[[ -z ${CHECK_SOA_WRAPPER:-} ]] || limit=$((limit + ${WRAPPER_SLACK_MS:-4000}))
	((MS < limit))
	hl_ok $? "$1: ended in $MS ms (-t $2 + margin: $limit ms)"
}

# The output is well formed: a "SOA STATE - " status line with at most one '|' (exactly one
# when WANT_PERF is yes), perfdata labels without quotes, '=' or spaces, long-output lines that
# start with '[' or "NS ", only printable ASCII, and the output ends with a newline.
hl_expect_well_formed() { # LABEL [WANT_PERF]
	local label=$1 want=${2:-yes} problems
	problems=$(python3 - "$HL_DIR/out" "$want" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
want_perf = sys.argv[2] == "yes"
bad = []
if not data.endswith(b"\n"):
    bad.append("output does not end with a newline")
if any(c < 0x20 and c != 0x0a or c >= 0x7f for c in data):
    bad.append("a byte outside printable ASCII")
lines = data.decode("latin-1").split("\n")[:-1]
status = lines[0] if lines else ""
if not re.match(r"SOA (OK|WARNING|CRITICAL|UNKNOWN) - ", status):
    bad.append("status line does not start with 'SOA STATE - '")
bars = status.count("|")
if bars > 1 or (want_perf and bars != 1):
    bad.append("status line has %d '|'" % bars)
if bars == 1:
    for item in status.split("|", 1)[1].split():
        if not re.fullmatch(r"[A-Za-z0-9._:/@+%-]+=-?[0-9.]+[A-Za-z%]*(;[0-9.:~@-]*){0,4}", item):
            bad.append("perfdata item %r" % item)
for line in lines[1:]:
    if not (line.startswith("[") or line.startswith("NS ")):
        bad.append("long-output line %r" % line)
print("\n".join(bad))
PY
)
	[[ -z $problems ]]
	hl_ok $? "$label: output is well formed${problems:+ ($(tr '\n' ';' <<<"$problems"))}"
}

hl_done() {
	echo "1..$HL_NUM"
	[[ $HL_FAILED == 0 ]] || { echo "# $HL_FAILED of $HL_NUM failed"; exit 1; }
	exit 0
}
