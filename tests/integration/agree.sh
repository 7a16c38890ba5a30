#!/bin/bash
# agree.sh - for every lab zone, the text output and the JSON document of the same check say the
# same states: overall, per address, per provider, and the summary.
#
# The judge computes every state once and both writers render it (doc/layout.md); this test
# holds that promise against real servers. Each zone is checked twice (text, then JSON) with
# the default options, and the multi-provider and multi-signer zones also with --multi-provider.
# The lab serves the same answers to both runs, so the two verdicts must be the same. Under a
# wrapper (make check-valgrind) every fourth zone is checked, to keep the pass short.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
command -v python3 >/dev/null || skip_all "python3 is not installed"
start_lab

COMPARE=$LAB_DIR/agree.py
cat >"$COMPARE" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="latin-1").read()
doc = open(sys.argv[2], encoding="latin-1").read()
code_text, code_json = int(sys.argv[3]), int(sys.argv[4])
d = json.loads(doc)
lines = text.split("\n")
problems = []
m = re.match(r"SOA (OK|WARNING|CRITICAL|UNKNOWN) - (.*?)(?: \| .*)?$", lines[0])
if not m:
    problems.append("status line not understood: " + lines[0][:200])
else:
    if m.group(1) != d["state"]:
        problems.append("state: text %s, JSON %s" % (m.group(1), d["state"]))
    if m.group(2) != d["summary"]:
        problems.append("summary: text %r, JSON %r" % (m.group(2), d["summary"]))
if code_text != code_json or code_json != d["code"]:
    problems.append("exit codes: text %d, JSON %d, JSON code %s" % (code_text, code_json, d["code"]))
# long-output lines "[STATE] SUBJECT: ...", possibly indented under a provider
shown = {}
for line in lines[1:]:
    lm = re.match(r"\s*\[(OK|WARNING|CRITICAL|UNKNOWN)\] (.*)$", line)
    if lm:
        shown.setdefault(lm.group(2), []).append(lm.group(1))
def state_of(prefix):
    """The state of the one long-output line whose subject starts with PREFIX + ':'."""
    found = [(k, s) for k, ss in shown.items() for s in ss if k.startswith(prefix + ":")]
    return found
def subject_of(a):
    addr = a.get("address")
    if addr is not None and a.get("port") is not None:
        addr = "%s#%s" % (addr, a["port"])
    return " ".join(x for x in (a.get("name") or None, addr) if x)
# The two runs must have checked the same servers (a name whose parent glue and zone
# data differ may get either address, whichever answer came first): else exit 2, the
# caller runs the pair again.
for a in d.get("addresses") or []:
    if not state_of(subject_of(a)):
        print("the runs checked other servers (%s)" % subject_of(a))
        sys.exit(2)
for a in d.get("addresses") or []:
    addr = a.get("address")
    if addr is not None and a.get("port") is not None:
        addr = "%s#%s" % (addr, a["port"])
    subject = " ".join(x for x in (a.get("name") or None, addr) if x)
    found = state_of(subject)
    if len(found) != 1:
        problems.append("address %s: %d long-output lines" % (subject, len(found)))
    elif found[0][1] != a["state"]:
        problems.append("address %s: text %s, JSON %s" % (subject, found[0][1], a["state"]))
for p in d.get("providers") or []:
    found = [(k, s) for k, ss in shown.items() for s in ss
             if k.startswith("provider %s " % p["label"]) or k == "provider " + p["label"]]
    if len(found) != 1:
        problems.append("provider %s: %d long-output lines" % (p["label"], len(found)))
    elif found[0][1] != p["state"]:
        problems.append("provider %s: text %s, JSON %s" % (p["label"], found[0][1], p["state"]))
order = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
rank = {"OK": 0, "WARNING": 1, "UNKNOWN": 2, "CRITICAL": 3}
worst = "OK"
for f in d.get("findings") or []:
    if rank[f["state"]] > rank[worst]:
        worst = f["state"]
    if f.get("text") and f["text"] not in d["summary"] and f["state"] != "OK":
        problems.append("finding %s (%s) not in the summary: %r" % (f["kind"], f["state"], f["text"]))
if d.get("findings") and worst != d["state"]:
    problems.append("worst finding %s, overall %s" % (worst, d["state"]))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY

zones=$(sed -n 's/^#| \([a-z0-9]*\) .*/\1/p' "$top_srcdir/tests/lab/lab.sh" | grep -vx zone | awk '!seen[$0]++')
[[ -n $zones ]] || { echo "Bail out! no zone found in the lab's table"; exit 1; }
i=0
for zone in $zones nope; do
	i=$((i + 1))
	[[ -z ${CHECK_SOA_WRAPPER:-} || $((i % 4)) == 1 ]] || continue
	variants=("")
	case $zone in multi* | msig*) variants+=(--multi-provider) ;; esac
	for extra in "${variants[@]}"; do
		args=(-D "$zone.example" -t 8)
		[[ -z $extra ]] || args+=("$extra")
		for try in 1 2 3; do
			run_check "${args[@]}"
			cp "$LAB_DIR/check.out" "$LAB_DIR/agree.txt"
			text_exit=$CHECK_EXIT
			run_check "${args[@]}" --output-format=json
			r=0
			TAP_DIAG=$(python3 "$COMPARE" "$LAB_DIR/agree.txt" "$LAB_DIR/check.out" \
				"$text_exit" "$CHECK_EXIT" 2>&1) || r=$?
			[[ $r == 2 ]] || break
		done
		tap_result $r "check_soa ${args[*]}: text and JSON give the same states"
	done
done
done_testing
