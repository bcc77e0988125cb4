#!/usr/bin/env bash
# Benchmark of the passage: envelopes from node gd through the hub to node zj, durable at every
# step, beside nginx proxying the same posts to a trivial server, and raw SM2 rates.
#
# Builds the tongban binary and the load driver in release mode, sets up the demo federation
# in a temporary folder and serves the hub, gd and zj as separate processes. Then, in one run:
#   1. sm2: SM2 signing and verification on one core;
#   2. burst: COUNT pings enqueued at gd at once, timed until zj applied them all, with the
#      CPU time the three instances and the driver (which seals the pings) used;
#   3. paced: PACED_COUNT pings at half the burst rate, latency from enqueue to applied;
#   4. nginx (Debian's package, installed if missing) on 127.0.0.1 in front of the driver's
#      sink: the same envelope posted as fast as it responds, then at half that rate.
# Everything listens on 127.0.0.1 only.
#
# Usage: bash bench/passage/run.sh
# Settings (environment variables, defaults in brackets):
#   COUNT [10000]         pings of the burst
#   PACED_COUNT [3000]    pings of the paced phase
#   NGINX_COUNT [20000]   posts through nginx per phase
#   CONCURRENCY [16]      posts in flight at once through nginx
#   POLL_MS [5]           passage.poll_interval_ms of gd, which finds the driver's rows by polling
#   BUILD [1]             0 uses the release binaries in the target folder as they are
#   BENCH_TMP [/tmp]      parent of the temporary folder
#   KEEP_WORK [0]         1 keeps the temporary folder with configurations, logs and results
#   PERF [0]              1 samples the three servers and the driver with perf during the burst
#                         and prints each one's hottest functions (needs perf; implies
#                         KEEP_WORK=1)
#
# Prints one JSON line per measurement and then the rows of the results table.

set -euo pipefail
# `times` and the numbers this script reads need a decimal point.
export LC_ALL=C

COUNT=${COUNT:-10000}
PACED_COUNT=${PACED_COUNT:-3000}
NGINX_COUNT=${NGINX_COUNT:-20000}
CONCURRENCY=${CONCURRENCY:-16}
POLL_MS=${POLL_MS:-5}
BUILD=${BUILD:-1}
BENCH_TMP=${BENCH_TMP:-/tmp}
KEEP_WORK=${KEEP_WORK:-0}
PERF=${PERF:-0}
if [[ $PERF == 1 ]]; then
    KEEP_WORK=1
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TONGBAN=$TARGET_DIR/release/tongban
DRIVER=$TARGET_DIR/release/tongban-bench-passage

WORK=$(mktemp -d "$BENCH_TMP/tongban-bench-passage.XXXXXX")
PIDS=()

log() { echo "run.sh: $*" >&2; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -f $WORK/nginx/nginx.pid ]]; then
        kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    fi
    if [[ $KEEP_WORK == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# Prints the user plus system CPU seconds process $1 has used so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

# Writes to file $1 the user plus system CPU seconds of this shell's children that have ended
# so far. `times` reports this shell's children only when it runs in this shell, not in a
# pipeline or a command substitution.
children_cpu_seconds() {
    times >"$1.times"
    tail -1 "$1.times" | awk '{ gsub(/m/, " "); gsub(/s/, ""); print $1 * 60 + $2 + $3 * 60 + $4 }' >"$1"
}

# Waits up to 60 seconds until something listens on address $1 (host:port).
wait_for_port() {
    for _ in $(seq 1 600); do
        if (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    log "nothing listens on $1"
    return 1
}

listen_of() { sed -n 's/^listen = "\(.*\)"$/\1/p' "$1"; }

# --- Tools -------------------------------------------------------------------------------------
if [[ $BUILD == 1 ]]; then
    log "building tongban and the load driver (release)"
    (cd "$ROOT" && cargo build --release --quiet -p tongban -p tongban-bench-passage)
fi
if ! command -v nginx >/dev/null; then
    log "installing nginx from Debian's package"
    apt-get install -y --no-install-recommends nginx >/dev/null
fi
NGINX=$(command -v nginx)

jq -cn \
    --arg model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
    --arg cores "$(nproc)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg rustc "$(rustc --version)" \
    --arg tongban "$("$TONGBAN" --version)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)" \
    --arg nginx "$("$NGINX" -v 2>&1)" \
    '{what: "machine", cpu: $model, cores: ($cores | tonumber), load_before: $load, rustc: $rustc,
      tongban: $tongban, commit: $commit, uncommitted_files: ($dirty | tonumber), nginx: $nginx}' \
    | tee "$WORK/machine.json"

# --- SM2 -----------------------------------------------------------------------------------------
"$DRIVER" sm2 --iterations 5000 | tee "$WORK/sm2.json"

# --- The federation ------------------------------------------------------------------------------
log "setting up the demo federation in $WORK/demo"
"$TONGBAN" demo --base-port 0 --data-dir "$WORK/demo" >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
for _ in $(seq 1 1200); do
    [[ -f $WORK/demo/demo-initialized ]] && break
    sleep 0.1
done
[[ -f $WORK/demo/demo-initialized ]] || { log "the demo did not finish its first start"; exit 1; }
kill "$DEMO_PID"
wait "$DEMO_PID" 2>/dev/null || true

declare -A SERVER
for id in hub gd zj; do
    TONGBAN__PASSAGE__POLL_INTERVAL_MS=$POLL_MS RUST_LOG=warn \
        "$TONGBAN" serve --config "$WORK/demo/$id.toml" >"$WORK/$id.log" 2>&1 &
    SERVER[$id]=$!
    PIDS+=("$!")
    wait_for_port "$(listen_of "$WORK/demo/$id.toml")"
done
sleep 2

# A short warm-up, so connections and caches are in place.
"$DRIVER" burst --sender "$WORK/demo/gd.toml" --receiver "$WORK/demo/zj.toml" --count 200 >/dev/null

PERF_PIDS=()
if [[ $PERF == 1 ]]; then
    for id in hub gd zj; do
        perf record -F 997 -p "${SERVER[$id]}" -o "$WORK/$id.perf.data" 2>"$WORK/$id.perf.log" &
        PERF_PIDS+=("$!")
    done
    sleep 1
fi

cpu_before=0
for id in hub gd zj; do cpu_before=$(echo "$cpu_before + $(cpu_seconds "${SERVER[$id]}")" | bc -l); done
log "burst: $COUNT pings gd -> hub -> zj"
DRIVER_PERF=()
if [[ $PERF == 1 ]]; then
    DRIVER_PERF=(perf record -F 997 -o "$WORK/driver.perf.data" --)
fi
children_cpu_seconds "$WORK/driver-before"
${DRIVER_PERF[@]+"${DRIVER_PERF[@]}"} "$DRIVER" burst --sender "$WORK/demo/gd.toml" --receiver "$WORK/demo/zj.toml" --count "$COUNT" \
    >"$WORK/burst.raw"
children_cpu_seconds "$WORK/driver-after"
driver_before=$(cat "$WORK/driver-before")
driver_after=$(cat "$WORK/driver-after")
cpu_after=0
for id in hub gd zj; do cpu_after=$(echo "$cpu_after + $(cpu_seconds "${SERVER[$id]}")" | bc -l); done
# The driver seals each ping and inserts it in gd's outbox, the work gd does when a case
# changes, so its CPU time counts with the servers'. With PERF=1 it includes perf's own.
jq -c --arg cpu "$(echo "$cpu_after - $cpu_before" | bc -l)" \
    --arg driver "$(echo "$driver_after - $driver_before" | bc -l)" \
    '. + {server_cpu_seconds: ($cpu | tonumber), driver_cpu_seconds: ($driver | tonumber),
          per_server_cpu_second: (.count / ($cpu | tonumber)),
          per_cpu_second: (.count / (($cpu | tonumber) + ($driver | tonumber)))}' \
    "$WORK/burst.raw" | tee "$WORK/burst.json"

if [[ $PERF == 1 ]]; then
    for pid in "${PERF_PIDS[@]}"; do
        kill -INT "$pid"
        wait "$pid" || true
    done
    for id in hub gd zj driver; do
        perf report -i "$WORK/$id.perf.data" --no-children --sort symbol --stdio \
            >"$WORK/$id.perf.txt" 2>/dev/null
        log "perf: hottest functions of $id (all in $WORK/$id.perf.txt)"
        awk '!/^#/ && NF { sub(/[ -]+$/, ""); print; if (++shown == 25) exit }' \
            "$WORK/$id.perf.txt" >&2
    done
fi

HALF=$(jq -r '.per_second / 2' "$WORK/burst.json")
log "paced: $PACED_COUNT pings at $HALF per second"
"$DRIVER" paced --sender "$WORK/demo/gd.toml" --receiver "$WORK/demo/zj.toml" \
    --count "$PACED_COUNT" --rate "$HALF" | tee "$WORK/paced.json"

for id in hub gd zj; do
    "$TONGBAN" evidence verify --config "$WORK/demo/$id.toml" --json >>"$WORK/evidence.json"
done

# --- nginx -----------------------------------------------------------------------------------------
SINK_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$DRIVER" sink --port "$SINK_PORT" >"$WORK/sink.log" 2>&1 &
PIDS+=("$!")
wait_for_port "127.0.0.1:$SINK_PORT"
mkdir -p "$WORK/nginx/temp"
cat >"$WORK/nginx/nginx.conf" <<EOF
# Written by bench/passage/run.sh: nginx on 127.0.0.1 in front of the driver's sink.
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    upstream sink { server 127.0.0.1:$SINK_PORT; keepalive 32; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://sink;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
wait_for_port "127.0.0.1:$NGINX_PORT"
log "nginx: $NGINX_COUNT posts, $CONCURRENCY at once"
"$DRIVER" load --url "http://127.0.0.1:$NGINX_PORT/api/passage/messages" \
    --count "$NGINX_COUNT" --concurrency "$CONCURRENCY" | tee "$WORK/nginx.json"
NGINX_HALF=$(jq -r '.per_second / 2' "$WORK/nginx.json")
"$DRIVER" load --url "http://127.0.0.1:$NGINX_PORT/api/passage/messages" \
    --count "$NGINX_COUNT" --concurrency "$CONCURRENCY" --rate "$NGINX_HALF" \
    | tee "$WORK/nginx-paced.json"

jq -cn --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{what: "machine after", load_after: $load}'
jq -c '{what: "evidence", intact: .intact, entries: .entries_checked}' "$WORK/evidence.json"

# --- Table rows --------------------------------------------------------------------------------
log "per CPU second: the count over the CPU time of the servers (hub, gd and zj) and the driver,"
log "which seals each ping and inserts it in gd's outbox, then over that of the servers alone"
jq -rn \
    --slurpfile b "$WORK/burst.json" \
    --slurpfile p "$WORK/paced.json" \
    --slurpfile n "$WORK/nginx.json" \
    --slurpfile m "$WORK/nginx-paced.json" \
    --slurpfile s "$WORK/sm2.json" '
    def r1: (. * 10 | round) / 10;
    $b[0] as $b | $p[0] as $p | $n[0] as $n | $m[0] as $m | $s[0] as $s |
    "| Path | Per second | Per CPU second: servers and driver / servers | p50 at half rate, ms | p99 at half rate, ms |",
    "| --- | --- | --- | --- | --- |",
    "| tongban gd → hub → zj, durable | \($b.per_second | r1) | \($b.per_cpu_second | r1) / \($b.per_server_cpu_second | r1) | \($p.latency.p50_ms | r1) | \($p.latency.p99_ms | r1) |",
    "| nginx → sink, no signatures or storage | \($n.per_second | r1) | | \($m.latency.p50_ms | r1) | \($m.latency.p99_ms | r1) |",
    "| SM2 sign / verify / verify of the sm2 crate, one core | \($s.sign_per_second | r1) / \($s.verify_per_second | r1) / \($s.crate_verify_per_second | r1) | | | |"
'
