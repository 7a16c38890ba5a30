#!/bin/bash
# cli.sh - hostile command lines: exit 3 with one escaped line naming the culprit, and no network use.
#
# Needs no lab. Every bad command line runs in an empty network namespace (unshare -n, when
# root) under strace (when installed), so that any attempt to use the network would show as a
# socket() call; the test asserts there is none. Environment: CHECK_SOA (the plugin),
# CHECK_SOA_WRAPPER (a command prefix such as valgrind, optional).
set -u
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/csoa-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

need_check_soa

ISOLATE=()
if [[ $(id -u) == 0 ]] && unshare -n true 2>/dev/null; then
	ISOLATE=(unshare -n)
fi
HAVE_STRACE=no
if command -v strace >/dev/null && strace -f -qq -e trace=socket -o /dev/null true 2>/dev/null; then
	HAVE_STRACE=yes
fi

# Printable form of the arguments, for TAP descriptions (no raw newlines or control bytes).
show_args() {
	local a out=""
	for a in "$@"; do
		out+=" $(printf '%q' "$a")"
	done
	printf '%s' "${out# }" | tr -c '[:print:]' '?'
}

# run ARGS...: run the plugin isolated (under CHECK_SOA_WRAPPER, if set); sets OUT, ERR, RC.
# Then, when strace is there, once more under strace alone (LeakSanitizer cannot work under
# ptrace, so leak detection is off for that run) to set SOCKETS, the socket() calls seen.
run() {
	RC=0
	# shellcheck disable=SC2086
	"${ISOLATE[@]}" timeout -k 1 30 ${CHECK_SOA_WRAPPER:-} "$CHECK_SOA" "$@" \
		>"$WORK/out" 2>"$WORK/err" || RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	: >"$WORK/strace"
	if [[ $HAVE_STRACE == yes ]]; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "${ISOLATE[@]}" \
			strace -f -qq -e trace=socket -o "$WORK/strace" timeout -k 1 30 \
			"$CHECK_SOA" "$@" >/dev/null 2>&1
	fi
	SOCKETS=$(grep -c 'socket(' "$WORK/strace" || true)
}

# bad_cmdline CULPRIT ARGS...: exit 3, exactly one stdout line "SOA UNKNOWN - ..." naming
# CULPRIT, no raw '|' in it (nothing for a monitoring core to read as perfdata), no socket.
bad_cmdline() {
	local culprit=$1 desc lines diag
	shift
	run "$@"
	desc="bad command line [$(show_args "$@")]"
	diag=$(printf 'exit: %s\nstdout: %s\nstderr: %s' "$RC" "$(cat -A "$WORK/out")" "$ERR")
	lines=$(wc -l <"$WORK/out")
	[[ $RC == 3 ]]
	ok $? "$desc: exits 3" "$diag"
	[[ $lines == 1 && $(tail -c 1 "$WORK/out" | od -An -c | tr -d ' ') == '\n' ]]
	ok $? "$desc: exactly one line on stdout" "$diag"
	[[ $OUT == "SOA UNKNOWN - "* && $OUT == *"$culprit"* && $OUT != *"|"* ]]
	ok $? "$desc: the line names '$culprit' and has no '|'" "$diag"
	[[ $SOCKETS == 0 ]]
	ok $? "$desc: no socket was created" "$(cat "$WORK/strace")"
}

long_label=$(printf 'a%.0s' {1..64})
long_name=$(printf 'abcdefghi.%.0s' {1..26})

# --- zone names ----------------------------------------------------------------
bad_cmdline "-D/--domain" -D ""
# An ini file that is a FIFO (nobody writes it) is refused at once, never waited for.
mkfifo "$WORK/fifo.ini"
t0=$(date +%s%N)
bad_cmdline "is not a regular file" --extra-opts="@$WORK/fifo.ini" -D example.com -t 2
ok $(( ($(date +%s%N) - t0) / 1000000 >= 5000 )) "--extra-opts=@FIFO ends at once, not at -t or never"
MP_CONFIG_FILE=$WORK/fifo.ini bad_cmdline "is not a regular file" --extra-opts -D example.com -t 2
bad_cmdline "empty label" -D "a..example"
bad_cmdline "empty label" -D ".example"
bad_cmdline "empty label" -D "example.."
bad_cmdline "label longer than 63" -D "$long_label.example"
bad_cmdline "name longer than 255" -D "$long_name"
bad_cmdline "bad escape" -D 'example\'
bad_cmdline "bad escape" -D 'ex\999ample'
bad_cmdline "-D/--domain" -D $'a..b|c\nd'
bad_cmdline "-D/--domain: missing" -n 192.0.2.1
bad_cmdline "option '-D': requires an argument" -D

# --- addresses and names of servers --------------------------------------------
bad_cmdline "-s/--resolver" -D example.com -s 999.1.1.1
bad_cmdline "-s/--resolver" -D example.com -s ns1.example.com
bad_cmdline "-s/--resolver" -D example.com -s ""
bad_cmdline "-s/--resolver" -D example.com -s "192.0.2.1#0"
bad_cmdline "-s/--resolver" -D example.com -s "192.0.2.1#65536"
bad_cmdline "-s/--resolver" -D example.com -s "192.0.2.1#"
bad_cmdline "-s/--resolver" -D example.com -s "2001:db8::1::2"
bad_cmdline "-s/--resolver" -D example.com -s $'192.0.2.1|x\n'
bad_cmdline "-n/--nameserver" -D example.com -n "a..b"
bad_cmdline "-n/--nameserver" -D example.com -n ""
bad_cmdline "-n/--nameserver" -D example.com -n "."
bad_cmdline "-n/--nameserver" -D example.com -n "$long_label.example"
bad_cmdline "-P/--primary" -D example.com -P "ns1..example"
bad_cmdline "-P/--primary" -D example.com -P "$long_name"
many_n=()
for i in $(seq 1 65); do many_n+=(-n "192.0.2.$i"); done
bad_cmdline "-n/--nameserver" -D example.com "${many_n[@]}"
many_s=()
for i in $(seq 1 9); do many_s+=(-s "192.0.2.$i"); done
bad_cmdline "-s/--resolver" -D example.com "${many_s[@]}"

# --- ports ----------------------------------------------------------------------
for p in 0 65536 -1 99999999999999999999 abc "" 5x " 53" 0x35; do
	bad_cmdline "-p/--port" -D example.com -p "$p"
done

# --- timeouts -------------------------------------------------------------------
for t in -1 0 0.0 3601 1e3 abc "" . 1.2.3 99999999999999999999 nan inf " 5" "5|0"; do
	bad_cmdline "-t/--timeout" -D example.com -t "$t"
done
for t in 0 -5 1e9 x; do
	bad_cmdline "--query-timeout" -D example.com --query-timeout "$t"
done

# --- ranges ---------------------------------------------------------------------
for r in 5:3 1:12% @ "~" "::" " " ":" "~:" 1e3 0x10 +3 .5 10:20:30 "1 " "1|2" $'1\n2' -5; do
	bad_cmdline "-w/--warning" -D example.com -w "$r"
done
for r in 5:3 1:12% @ "~" "::" " "; do
	bad_cmdline "-c/--critical" -D example.com -c "$r"
	bad_cmdline "-W/--warning-failed" -D example.com -W "$r"
	bad_cmdline "-C/--critical-failed" -D example.com -C "$r"
done

# An empty threshold is "not set" (a core's empty optional argument, check_soa_lag!zone!5!):
# the command line is accepted, so the plugin goes on to ask the (unreachable) resolver.
for o in -w -c -W -C --warning= --critical= --warning-failed= --critical-failed=; do
	if [[ $o == *= ]]; then args=("$o"); else args=("$o" ""); fi
	run -D example.com "${args[@]}" -s 192.0.2.1 -t 1
	diag=$(printf 'exit: %s\nstdout: %s\nstderr: %s' "$RC" "$OUT" "$ERR")
	[[ $OUT == "SOA UNKNOWN - "*"resolver"* && $OUT != *range* && $OUT != *"${o%=}"* ]]
	ok $? "empty threshold [$(show_args "${args[@]}")]: accepted, the check goes on to the resolver" "$diag"
	if [[ $HAVE_STRACE == yes ]]; then
		ok $((SOCKETS == 0)) "empty threshold [$(show_args "${args[@]}")]: a socket was created" \
			"$(cat "$WORK/strace")"
	fi
done

# --- other options --------------------------------------------------------------
bad_cmdline "option '--bogus': unknown option" -D example.com --bogus
bad_cmdline "option '-x': unknown option" -D example.com -x
bad_cmdline "option '-w': requires an argument" -D example.com -w
bad_cmdline "argument 'stray': unexpected" -D example.com stray
bad_cmdline "-4/-6" -D example.com -4 -6
bad_cmdline "--ns-mismatch" -D example.com --ns-mismatch bogus
bad_cmdline "--ns-mismatch" -D example.com --ns-mismatch unknown
bad_cmdline "unexpected" -D example.com $'x|y\nSOA OK - injected'

# --- -h and -V ------------------------------------------------------------------
run -h
ok $((RC != 0)) "-h exits 0" "exit: $RC"
[[ $OUT == *"Usage"* && $OUT == *"--domain"* ]]
ok $? "-h prints the usage and the options"
ok $((SOCKETS != 0)) "-h creates no socket"
run -V
ok $((RC != 0)) "-V exits 0" "exit: $RC"
[[ $(wc -l <"$WORK/out") == 1 && $OUT == "check_soa "* ]]
ok $? "-V prints one line with the version" "$OUT"
run --help
ok $((RC != 0)) "--help exits 0" "exit: $RC"
wide=$(awk 'length > 80' "$WORK/out")
[[ -z $wide ]]
ok $? "--help stays within 80 columns (the configured state directory included)" "$wide"
run --version
ok $((RC != 0)) "--version exits 0" "exit: $RC"

# The detector itself: a valid command line does try the network (and fails fast here).
if [[ $HAVE_STRACE == yes ]]; then
	run -D example.com -s 192.0.2.1 -t 1
	ok $((SOCKETS == 0)) "a valid command line is seen creating a socket (the detector works)" \
		"exit $RC: $OUT"
fi

[[ ${#ISOLATE[@]} -gt 0 ]] || echo "# not root: ran without a private network namespace"
[[ $HAVE_STRACE == yes ]] || echo "# strace not available: socket() calls were not checked"
done_testing
