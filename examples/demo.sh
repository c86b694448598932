#!/usr/bin/env bash
# `make demo`: start a lab of 8 simulated switches with seeded drift, find the drift, fix it, check again, stop.
#
# Every step is a plain `diffsync-automation` command, printed before it runs, so the demo doubles as a tutorial.
# Reports of every format land in demo-output/. The lab is stopped on exit, also when a step fails.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
CLI="$BIN/diffsync-automation"
LAB=.lab/demo
OUT=demo-output
SECONDS=0

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
step() { printf '\n%s== %s%s\n' "$bold" "$1" "$plain"; }
run() { printf '$ diffsync-automation %s\n' "$*"; "$CLI" "$@"; }
expect() {  # expect CODE COMMAND...: run a command that must exit with CODE
    local want=$1 code=0
    shift
    run "$@" || code=$?
    if [[ $code -ne $want ]]; then
        printf 'demo failed: expected exit code %s, got %s\n' "$want" "$code" >&2
        exit 1
    fi
}

"$CLI" lab down --inventory-dir "$LAB" >/dev/null  # a lab left over from an interrupted demo
trap '"$CLI" lab down --inventory-dir "$LAB" >/dev/null' EXIT
rm -rf "$OUT"

step "1. Start 8 simulated devices (cisco_ios, arista_eos, cisco_nxos, juniper_junos) with seeded drift"
run lab up --devices 8 --platform mixed --inventory-dir "$LAB"

step "2. Check for drift: exit code 2 means drift found (in every feature of each platform, the rogue VLAN 99 and route 10.99.0.0/16 included)"
expect 2 drift --inventory "$LAB" --json "$OUT/drift.json" --junit "$OUT/drift.xml" \
    --markdown "$OUT/drift.md" --html "$OUT/drift.html"

step "3. Fix every device (state overridden by default: objects only on a device are deleted, at most 5 per device)"
expect 0 sync --inventory "$LAB" --max-deletes 5 --json "$OUT/sync.json" --junit "$OUT/sync.xml" \
    --markdown "$OUT/sync.md" --html "$OUT/sync.html"

step "4. Check again: exit code 0 means no drift, nothing left on any device that the inventory does not hold"
expect 0 drift --inventory "$LAB" --json "$OUT/after.json" --junit "$OUT/after.xml" \
    --markdown "$OUT/after.md" --html "$OUT/after.html"

step "5. Stop the lab"
run lab down --inventory-dir "$LAB"
trap - EXIT

printf '\ndemo finished in %s s; reports in %s/ (open %s/drift.html in a browser)\n' "$SECONDS" "$OUT" "$OUT"
