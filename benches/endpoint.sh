#!/usr/bin/env bash
# Benchmark of the SPARQL endpoint (issue 3): `dutygraph serve` side by side with
# `oxigraph serve` on the same graph and the same query (queries/bodies-sharing-topic.rq).
#
#  1. throughput and p50/p99 latency at 32 connections (wrk, GET with the url-encoded
#     query), ROUNDS rounds alternating the servers, DURATION seconds each;
#  2. TOTAL requests (100,000, rounded up to a multiple of 64) at 64 connections against
#     dutygraph with hey (wrk cannot stop after a number of requests), counting errors.
#
# oxigraph runs twice: on disk (RocksDB, loaded with `oxigraph load`, as the issue asks)
# and in memory (loaded with a Graph Store POST), which is what dutygraph uses.
# Installs what it needs (Debian's wrk and hey; oxigraph-cli with Debian's libclang-dev, a ~16 min
# build on 2 cores) when missing. Results go to $OUT (summary.md, raw wrk outputs, logs).
#
# Usage: benches/endpoint.sh            (env: DURATION ROUNDS TOTAL THREADS OXIGRAPH OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-3}
TOTAL=${TOTAL:-100000}
THREADS=${THREADS:-2}
CONNECTIONS=32
TOTAL_CONNECTIONS=64
PORT_DG=${PORT_DG:-18787}
PORT_OX=${PORT_OX:-18788}
PORT_OXMEM=${PORT_OXMEM:-18789}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${OUT:-$TARGET/bench-endpoint}
QUERY_FILE=queries/bodies-sharing-topic.rq
ACCEPT='application/sparql-results+json'

log() { printf '==> %s\n' "$*" >&2; }

# ---- tools -----------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v hey >/dev/null; then
    log "installing wrk and hey (Debian)"
    apt-get update -qq && apt-get install -y -qq wrk hey
fi
OXIGRAPH=${OXIGRAPH:-$(command -v oxigraph || true)}
if [ -z "$OXIGRAPH" ]; then
    OXIGRAPH_ROOT=${OXIGRAPH_ROOT:-$HOME/.local/oxigraph-cli}
    if [ ! -x "$OXIGRAPH_ROOT/bin/oxigraph" ]; then
        log "installing oxigraph-cli (needs libclang-dev; builds RocksDB, ~16 min on 2 cores)"
        apt-get update -qq && apt-get install -y -qq libclang-dev
        cargo install oxigraph-cli --locked --root "$OXIGRAPH_ROOT"
    fi
    OXIGRAPH=$OXIGRAPH_ROOT/bin/oxigraph
fi
log "building dutygraph (release)"
cargo build --release --locked --bin dutygraph
DG=$TARGET/release/dutygraph

# ---- data and servers --------------------------------------------------------------------
mkdir -p "$OUT"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

log "exporting the graph and loading it into oxigraph"
"$DG" export --format nquads -o "$WORK/graph.nq"
"$OXIGRAPH" load --location "$WORK/oxigraph" --file "$WORK/graph.nq" 2>"$OUT/oxigraph-load.log"

"$DG" serve --bind "127.0.0.1:$PORT_DG" 2>"$OUT/dutygraph.log" &
PIDS+=($!)
"$OXIGRAPH" serve --location "$WORK/oxigraph" --bind "127.0.0.1:$PORT_OX" \
    --union-default-graph >"$OUT/oxigraph.log" 2>&1 &
PIDS+=($!)
"$OXIGRAPH" serve --bind "127.0.0.1:$PORT_OXMEM" --union-default-graph \
    >"$OUT/oxigraph-memory.log" 2>&1 &
PIDS+=($!)

wait_for() {
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null "$1"; then return 0; fi
        sleep 0.1
    done
    echo "server at $1 did not start" >&2
    exit 1
}
wait_for "http://127.0.0.1:$PORT_DG/health"
wait_for "http://127.0.0.1:$PORT_OX/query?query=ASK%7B%7D"
wait_for "http://127.0.0.1:$PORT_OXMEM/query?query=ASK%7B%7D"
curl -sf -X POST -H 'Content-Type: application/n-quads' --data-binary "@$WORK/graph.nq" \
    "http://127.0.0.1:$PORT_OXMEM/store"

QUERY=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1], encoding="utf-8").read(), safe=""))' "$QUERY_FILE")
declare -A URL=(
    [dutygraph]="http://127.0.0.1:$PORT_DG/sparql?query=$QUERY"
    [oxigraph-rocksdb]="http://127.0.0.1:$PORT_OX/query?query=$QUERY"
    [oxigraph-memory]="http://127.0.0.1:$PORT_OXMEM/query?query=$QUERY"
)
SERVERS=(dutygraph oxigraph-rocksdb oxigraph-memory)

log "checking that every server gives the same rows"
for server in "${SERVERS[@]}"; do
    curl -sf -H 'Accept: text/csv' "${URL[$server]}" >"$OUT/rows-$server.csv"
done
for server in "${SERVERS[@]}"; do
    if ! cmp -s "$OUT/rows-dutygraph.csv" "$OUT/rows-$server.csv"; then
        echo "rows differ between dutygraph and $server:" >&2
        diff "$OUT/rows-dutygraph.csv" "$OUT/rows-$server.csv" >&2 || true
        exit 1
    fi
done
cat "$OUT/rows-dutygraph.csv" >&2

# ---- throughput and latency --------------------------------------------------------------
# wrk's latency figures to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.1f", n }'
}
field() { # field FILE PATTERN COLUMN
    awk -v p="$2" -v c="$3" '$0 ~ p { print $c; exit }' "$1"
}
errors_of() { # non-2xx + socket errors reported by wrk
    awk '/Non-2xx or 3xx responses:/ { e += $NF }
         /Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
         END { print e + 0 }' "$1"
}

RESULTS=$OUT/throughput.tsv
printf 'round\tserver\treq_per_s\tp50_ms\tp99_ms\terrors\n' >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    for server in "${SERVERS[@]}"; do
        log "round $round: $server, $CONNECTIONS connections, ${DURATION}s"
        raw=$OUT/wrk-$server-$round.txt
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency \
            -H "Accept: $ACCEPT" "${URL[$server]}" | grep -v '^Running' >"$raw"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$server" \
            "$(field "$raw" 'Requests/sec' 2)" \
            "$(to_ms "$(field "$raw" '^ +50%' 2)")" \
            "$(to_ms "$(field "$raw" '^ +99%' 2)")" \
            "$(errors_of "$raw")" >>"$RESULTS"
    done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_for() { awk -F'\t' -v s="$1" -v c="$2" '$2 == s { print $c }' "$RESULTS"; }

# ---- 100,000 requests at 64 connections ----------------------------------------------------
# hey (Debian) sends an exact number of requests: each of the 64 workers sends the same
# share, so the total is rounded up to a multiple of 64. (wrk only runs for a duration.)
REQUESTS=$(( (TOTAL + TOTAL_CONNECTIONS - 1) / TOTAL_CONNECTIONS * TOTAL_CONNECTIONS ))
log "$REQUESTS requests at $TOTAL_CONNECTIONS connections against dutygraph (hey)"
lines_before=$(grep -c 'status=' "$OUT/dutygraph.log" || true)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
hey -n "$REQUESTS" -c "$TOTAL_CONNECTIONS" -t 30 -A "$ACCEPT" "${URL[dutygraph]}" \
    >"$OUT/hey-dutygraph-100k.txt"
sleep 1
HEY=$OUT/hey-dutygraph-100k.txt
lines_after=$(grep -c 'status=' "$OUT/dutygraph.log" || true)
ok_lines=$(grep 'status=' "$OUT/dutygraph.log" | tail -n +"$((lines_before + 1))" | grep -c 'status=200' || true)
# "Status code distribution:" lines read "  [200]	100032 responses".
status_count() {
    awk -v code="$1" '/^Status code distribution:/ { s = 1; next } /^[A-Z]/ { s = 0 }
        s && /^ +\[[0-9]+\]/ { c = $1; gsub(/[][]/, "", c); if (code == "" || c == code) n += $2 }
        END { print n + 0 }' "$HEY"
}
ok_responses=$(status_count 200)
all_responses=$(status_count "")
request_errors=$(awk '/^Error distribution:/ { e = 1; next } /^[A-Z]/ { e = 0 }
    e && /^ +\[[0-9]+\]/ { c = $1; gsub(/[][]/, "", c); n += c } END { print n + 0 }' "$HEY")
failed=$(( REQUESTS - ${ok_responses:-0} ))
seconds=$(awk '/Total:/ { print $2; exit }' "$HEY")
rate_100k=$(awk '/Requests\/sec:/ { print $2; exit }' "$HEY")
p50_100k=$(awk '/50% in/ { printf "%.1f", $3 * 1000; exit }' "$HEY")
p99_100k=$(awk '/99% in/ { printf "%.1f", $3 * 1000; exit }' "$HEY")

# ---- summary -------------------------------------------------------------------------------
dg=$(column_for dutygraph 3 | median)
ox=$(column_for oxigraph-rocksdb 3 | median)
oxm=$(column_for oxigraph-memory 3 | median)
{
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(free -g | awk '/Mem:/ { print $2 }') GiB"
    echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); oxigraph: $("$OXIGRAPH" --version)"
    echo
    echo "| round | server | req/s | p50 ms | p99 ms | errors |"
    echo "|---|---|---|---|---|---|"
    tail -n +2 "$RESULTS" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
    echo
    echo "median req/s: dutygraph $dg, oxigraph (RocksDB) $ox, oxigraph (memory) $oxm"
    awk -v a="$dg" -v b="$ox" -v c="$oxm" 'BEGIN {
        printf "ratio dutygraph / oxigraph (RocksDB): %.2f\n", a / b;
        printf "ratio dutygraph / oxigraph (memory): %.2f\n", a / c }'
    echo
    echo "$REQUESTS-request run (hey, $TOTAL_CONNECTIONS connections, load average before: $load_before):" \
        "$all_responses responses, ${ok_responses:-0} with status 200, $request_errors request errors," \
        "$failed not answered 200; ${seconds}s, $rate_100k req/s, p50 ${p50_100k} ms, p99 ${p99_100k} ms;" \
        "server log: $((lines_after - lines_before)) request lines, $ok_lines with status=200"
} | tee "$OUT/summary.md"

if [ "$failed" != 0 ] || [ "$request_errors" != 0 ]; then
    echo "the $REQUESTS-request run had errors" >&2
    exit 1
fi
