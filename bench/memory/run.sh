#!/usr/bin/env bash
# Memory benchmark: resident set size (RSS) of the hub and the nodes, idle and under a ping load.
#
# Sets up the demo federation in a temporary folder, then measures two set-ups one after the
# other on the same data:
#   1. demo: `tongban demo`, the hub and the nodes gd, zj and mps in one process;
#   2. serve: `tongban serve` for hub, gd, zj and mps, four processes.
# In each set-up it waits until every instance responds to HTTP, then IDLE_SECONDS more, and
# reads VmRSS from /proc/<pid>/status and the PSS from /proc/<pid>/smaps_rollup (idle). It
# then resets each process's peak (VmHWM) by writing 5 to /proc/<pid>/clear_refs, enqueues
# COUNT pings at gd for zj with `tongban passage ping`, waits until zj applied them all, and
# reads VmHWM (peak under load) and VmRSS (after load). Everything listens on 127.0.0.1 only.
#
# Usage: bash bench/memory/run.sh
# Settings (environment variables, defaults in brackets):
#   COUNT [5000]          pings per set-up, at most 5000
#   IDLE_SECONDS [10]     wait after every instance responds, before the idle reading
#   APPLY_TIMEOUT [120]   seconds to wait for zj to apply the pings before giving up
#   BUILD [0]             1 builds the release binary first
#   TONGBAN_BIN           binary to measure [target/release/tongban]
#   BENCH_TMP [/tmp]      parent of the temporary folder
#   KEEP_WORK [0]         1 keeps the temporary folder with configurations and logs
#
# Prints one JSON line per measurement and then the results table in Markdown.

set -euo pipefail

COUNT=${COUNT:-5000}
IDLE_SECONDS=${IDLE_SECONDS:-10}
APPLY_TIMEOUT=${APPLY_TIMEOUT:-120}
BUILD=${BUILD:-0}
BENCH_TMP=${BENCH_TMP:-/tmp}
KEEP_WORK=${KEEP_WORK:-0}
if ((COUNT < 1 || COUNT > 5000)); then
    echo "run.sh: COUNT must be between 1 and 5000, not $COUNT" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TONGBAN=${TONGBAN_BIN:-$TARGET_DIR/release/tongban}
INSTANCES=(hub gd zj mps)
NODE_GOAL_MB=64
FEDERATION_GOAL_MB=300

WORK=$(mktemp -d "$BENCH_TMP/tongban-bench-memory.XXXXXX")
RESULTS=$WORK/results.jsonl
PIDS=()

log() { echo "run.sh: $*" >&2; }

# Stops process $1 with SIGINT, the way Ctrl-C stops the demo, and waits for it to exit. A
# background process of a script starts with SIGINT ignored until tongban installs its handler,
# so a process that is still starting gets SIGTERM after 30 seconds.
stop_process() {
    kill -INT "$1" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

cleanup() {
    for pid in "${PIDS[@]}"; do
        stop_process "$pid"
    done
    if [[ $KEEP_WORK == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

listen_of() { sed -n 's/^listen = "\(.*\)"$/\1/p' "$1"; }

# Prints a port P such that P to P + 3 are free on 127.0.0.1, for the demo's four instances.
free_base_port() {
    python3 -c '
import random, socket
for _ in range(100):
    base = random.randrange(20000, 60000)
    sockets = []
    try:
        for port in range(base, base + 4):
            s = socket.socket()
            sockets.append(s)
            s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        for s in sockets:
            s.close()
    print(base)
    break
else:
    raise SystemExit("no four free consecutive ports found")
'
}

# Waits up to 60 seconds until the instance of configuration $1 responds to an HTTP request.
# A bound port alone is not enough: the demo binds every port before its instances start.
wait_for_instance() {
    local address status deadline
    address=$(listen_of "$1")
    deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/" || true)
        if [[ $status != 000 ]]; then
            return 0
        fi
        sleep 0.1
    done
    log "the instance of $1 did not respond within 60 seconds"
    return 1
}

# Prints field $2 of /proc/$1/status (such as VmRSS) in KiB.
status_kib() { awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"; }

# Prints the proportional set size (PSS) of process $1 in KiB: its RSS with each page shared
# with other processes, such as the binary's code, divided among them.
pss_kib() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"; }

# Resets the peak RSS (VmHWM) of process $1 to its current RSS.
reset_peak() { echo 5 >"/proc/$1/clear_refs"; }

# Prints the number of pings from gd that zj has applied so far.
pings_applied() {
    "$TONGBAN" passage status --config "$WORK/demo/zj.toml" --json \
        | jq '[.pings[] | select(.sender == "gd") | .count] | add // 0'
}

# Enqueues COUNT pings at gd for zj and waits until zj applied them. Prints a JSON line with
# the set-up name $1 and the seconds it took.
ping_load() {
    local before started elapsed total applied
    before=$(pings_applied)
    started=$(date +%s.%N)
    "$TONGBAN" passage ping --config "$WORK/demo/gd.toml" --to zj --count "$COUNT" --json >/dev/null
    while true; do
        total=$(pings_applied)
        applied=$((total - before))
        elapsed=$(echo "$(date +%s.%N) - $started" | bc -l)
        if ((applied >= COUNT)); then
            break
        fi
        if (($(echo "$elapsed > $APPLY_TIMEOUT" | bc -l))); then
            log "timed out: zj applied $applied of $COUNT pings in $APPLY_TIMEOUT seconds;" \
                "KEEP_WORK=1 keeps the instances' logs"
            return 1
        fi
        sleep 0.5
    done
    jq -cn --arg setup "$1" --argjson count "$COUNT" --arg seconds "$elapsed" \
        '{what: "load", setup: $setup, pings: $count, seconds: ($seconds | tonumber),
          per_second: ($count / ($seconds | tonumber))}' | tee -a "$RESULTS"
}

# Prints a JSON line with the readings of process $3, which runs the instances $2 in set-up
# $1. Arguments $4 to $9 are its idle readings: VmHWM, VmRSS, RssAnon, RssFile and PSS in
# KiB, then the thread count.
memory_line() {
    jq -cn --arg setup "$1" --arg instances "$2" \
        --argjson startup_peak "$4" --argjson idle "$5" --argjson idle_anon "$6" \
        --argjson idle_file "$7" --argjson idle_pss "$8" --argjson threads "$9" \
        --argjson load_peak "$(status_kib "$3" VmHWM)" --argjson after "$(status_kib "$3" VmRSS)" \
        'def mib: . / 1024 * 10 | round / 10;
        {what: "memory", setup: $setup, instances: $instances,
          startup_peak_mib: ($startup_peak | mib), idle_rss_mib: ($idle | mib),
          idle_anon_mib: ($idle_anon | mib), idle_file_mib: ($idle_file | mib),
          idle_pss_mib: ($idle_pss | mib),
          idle_threads: $threads, load_peak_mib: ($load_peak | mib),
          after_load_rss_mib: ($after | mib)}' | tee -a "$RESULTS"
}

# --- Tools -------------------------------------------------------------------------------------
if [[ $BUILD == 1 ]]; then
    log "building tongban (release)"
    (cd "$ROOT" && cargo build --release --quiet -p tongban)
fi
[[ -x $TONGBAN ]] || { log "no binary at $TONGBAN; build it or set TONGBAN_BIN"; exit 1; }

jq -cn \
    --arg model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
    --arg cores "$(nproc)" \
    --arg memory "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg rustc "$(rustc --version 2>/dev/null || echo unknown)" \
    --arg tongban "$("$TONGBAN" --version)" \
    --arg binary "$TONGBAN" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)" \
    '{what: "machine", cpu: $model, cores: ($cores | tonumber), memory: $memory,
      load_before: $load, rustc: $rustc, tongban: $tongban, binary: $binary, commit: $commit,
      uncommitted_files: ($dirty | tonumber)}' \
    | tee "$WORK/machine.json"

# --- The federation ------------------------------------------------------------------------------
# Every start uses the same ports. A node stores the hub's URL when it enrols at the first
# start, and the hub stores the node's, so with --base-port 0 a second start would pick new
# ports that the stored URLs do not follow.
BASE_PORT=$(free_base_port)
log "setting up the demo federation in $WORK/demo, ports $BASE_PORT to $((BASE_PORT + 3))"
"$TONGBAN" demo --base-port "$BASE_PORT" --data-dir "$WORK/demo" >"$WORK/demo-setup.log" 2>&1 &
DEMO_PID=$!
PIDS=("$DEMO_PID")
for _ in $(seq 1 1200); do
    [[ -f $WORK/demo/demo-initialized ]] && break
    sleep 0.1
done
[[ -f $WORK/demo/demo-initialized ]] || { log "the demo did not finish its first start"; exit 1; }
stop_process "$DEMO_PID"
PIDS=()

# --- 1. The demo in one process ------------------------------------------------------------------
log "demo: hub, gd, zj and mps in one process"
RUST_LOG=warn "$TONGBAN" demo --base-port "$BASE_PORT" --data-dir "$WORK/demo" >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
PIDS=("$DEMO_PID")
for id in "${INSTANCES[@]}"; do wait_for_instance "$WORK/demo/$id.toml"; done
sleep "$IDLE_SECONDS"

startup_peak=$(status_kib "$DEMO_PID" VmHWM)
idle=$(status_kib "$DEMO_PID" VmRSS)
idle_anon=$(status_kib "$DEMO_PID" RssAnon)
idle_file=$(status_kib "$DEMO_PID" RssFile)
idle_pss=$(pss_kib "$DEMO_PID")
threads=$(status_kib "$DEMO_PID" Threads)
reset_peak "$DEMO_PID"
log "demo: $COUNT pings gd -> hub -> zj"
ping_load demo
memory_line demo "hub+gd+zj+mps" "$DEMO_PID" \
    "$startup_peak" "$idle" "$idle_anon" "$idle_file" "$idle_pss" "$threads"
stop_process "$DEMO_PID"
PIDS=()

# --- 2. One process per instance -----------------------------------------------------------------
log "serve: hub, gd, zj and mps as four processes"
declare -A SERVER
for id in "${INSTANCES[@]}"; do
    RUST_LOG=warn "$TONGBAN" serve --config "$WORK/demo/$id.toml" >"$WORK/$id.log" 2>&1 &
    SERVER[$id]=$!
    PIDS+=("$!")
    wait_for_instance "$WORK/demo/$id.toml"
done
sleep "$IDLE_SECONDS"

declare -A STARTUP_PEAK IDLE IDLE_ANON IDLE_FILE IDLE_PSS THREADS
for id in "${INSTANCES[@]}"; do
    pid=${SERVER[$id]}
    STARTUP_PEAK[$id]=$(status_kib "$pid" VmHWM)
    IDLE[$id]=$(status_kib "$pid" VmRSS)
    IDLE_ANON[$id]=$(status_kib "$pid" RssAnon)
    IDLE_FILE[$id]=$(status_kib "$pid" RssFile)
    IDLE_PSS[$id]=$(pss_kib "$pid")
    THREADS[$id]=$(status_kib "$pid" Threads)
    reset_peak "$pid"
done
log "serve: $COUNT pings gd -> hub -> zj"
ping_load serve
for id in "${INSTANCES[@]}"; do
    memory_line serve "$id" "${SERVER[$id]}" \
        "${STARTUP_PEAK[$id]}" "${IDLE[$id]}" "${IDLE_ANON[$id]}" "${IDLE_FILE[$id]}" \
        "${IDLE_PSS[$id]}" "${THREADS[$id]}"
done
for id in "${INSTANCES[@]}"; do stop_process "${SERVER[$id]}"; done
PIDS=()

jq -cn --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{what: "machine after", load_after: $load}'

# --- Table -----------------------------------------------------------------------------------------
# The goals are in MB (10^6 bytes) and the readings in MiB (2^20 bytes). The sum of the four
# processes' peaks is an upper bound: the four need not peak at the same moment. Their RSS
# counts the pages of the binary they share once per process, and their PSS counts them once.
jq -rs --argjson node_goal "$NODE_GOAL_MB" --argjson federation_goal "$FEDERATION_GOAL_MB" '
    def r1: . * 10 | round / 10;
    def f1: r1 | tostring | if test("[.]") then . else . + ".0" end;
    def mb_in_mib: . * 1000000 / 1048576 | f1;
    def yes_no: if . then "yes" else "no" end;
    [.[] | select(.what == "memory")] as $m |
    ($m | map(select(.setup == "serve"))) as $serve |
    ($node_goal * 1000000 / 1048576) as $node |
    ($federation_goal * 1000000 / 1048576) as $federation |
    "at most \($node_goal) MB (\($node_goal | mb_in_mib) MiB) idle" as $node_text |
    "at most \($federation_goal) MB (\($federation_goal | mb_in_mib) MiB) idle and under load" as $federation_text |
    "| Instances | Processes | Idle RSS, MiB | Idle PSS, MiB | Peak RSS under load, MiB | Goal | Within goal |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ($m[] | select(.setup == "demo") |
        "| hub + gd + zj + mps (`tongban demo`) | 1 | \(.idle_rss_mib | f1) | \(.idle_pss_mib | f1) | \(.load_peak_mib | f1) | \($federation_text) | \(.idle_rss_mib <= $federation and .load_peak_mib <= $federation | yes_no) |"),
    ($serve[] |
        if .instances == "hub" then
            "| hub (`tongban serve`) | 1 | \(.idle_rss_mib | f1) | \(.idle_pss_mib | f1) | \(.load_peak_mib | f1) | none | no goal |"
        else
            "| node \(.instances) (`tongban serve`) | 1 | \(.idle_rss_mib | f1) | \(.idle_pss_mib | f1) | \(.load_peak_mib | f1) | \($node_text) | \(.idle_rss_mib <= $node | yes_no) |"
        end),
    ($serve | {idle: (map(.idle_rss_mib) | add), pss: (map(.idle_pss_mib) | add),
               peak: (map(.load_peak_mib) | add)} |
        "| hub + gd + zj + mps, sum of the four above | 4 | \(.idle | f1) | \(.pss | f1) | \(.peak | f1) (sum of the peaks) | \($federation_text) | \(.idle <= $federation and .peak <= $federation | yes_no) |")
' "$RESULTS"
