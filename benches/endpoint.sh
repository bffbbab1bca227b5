#!/usr/bin/env bash
# Benchmark of the SPARQL endpoint (issues 3 and 18): `dutygraph serve` side by side with
# `oxigraph serve`, on the same graph, the same query texts and the same rows.
#
#  1. for each query of QUERIES and each connection count of CONNECTIONS: throughput and
#     p50/p99 latency (wrk, GET with the url-encoded query), ROUNDS rounds alternating the
#     servers, DURATION seconds each;
#  2. TOTAL requests (100,000, rounded up to a multiple of 64) at 64 connections against
#     dutygraph with hey (wrk cannot stop after a number of requests), counting errors.
#
# The queries: a two-row lookup (a request's fixed cost), the cookbook's shared-topic query,
# the duties report's query (report-sized: ~120 KB of rows) and a CONSTRUCT.
# oxigraph runs twice: on disk (RocksDB, loaded with `oxigraph load`) and in memory
# (loaded with a Graph Store POST), which is what dutygraph uses. All at their defaults.
# Installs what it needs (Debian's wrk and hey; oxigraph-cli with Debian's libclang-dev, a ~16 min
# build on 2 cores) when missing. Results go to $OUT (summary.md, raw wrk outputs, logs).
#
# Usage: benches/endpoint.sh   (env: DURATION ROUNDS CONNECTIONS QUERIES TOTAL THREADS OXIGRAPH OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-2}
TOTAL=${TOTAL:-100000}
THREADS=${THREADS:-2}
read -r -a CONNECTIONS <<<"${CONNECTIONS:-1 8 32}"
read -r -a QUERIES <<<"${QUERIES:-benches/queries/cheap-article.rq queries/bodies-sharing-topic.rq queries/report-duties.rq benches/queries/construct-relations.rq}"
TOTAL_CONNECTIONS=64
PORT_DG=${PORT_DG:-18787}
PORT_OX=${PORT_OX:-18788}
PORT_OXMEM=${PORT_OXMEM:-18789}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${OUT:-$TARGET/bench-endpoint}
# The 100k run's query.
TOTAL_QUERY=queries/bodies-sharing-topic.rq

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

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
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

SERVERS=(dutygraph oxigraph-rocksdb oxigraph-memory)
encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1], encoding="utf-8").read(), safe=""))' "$1"; }
url() { # url SERVER QUERY_FILE
    local query
    query=$(encode "$2")
    case $1 in
        dutygraph) echo "http://127.0.0.1:$PORT_DG/sparql?query=$query" ;;
        oxigraph-rocksdb) echo "http://127.0.0.1:$PORT_OX/query?query=$query" ;;
        oxigraph-memory) echo "http://127.0.0.1:$PORT_OXMEM/query?query=$query" ;;
    esac
}
accept_for() { # SELECT/ASK: JSON results; CONSTRUCT/DESCRIBE: N-Triples
    if grep -qiE '^[[:space:]]*(CONSTRUCT|DESCRIBE)' "$1"; then echo 'application/n-triples'
    else echo 'application/sparql-results+json'; fi
}

log "checking that every server gives the same rows (sorted: order is only fixed by ORDER BY)"
for query in "${QUERIES[@]}" "$TOTAL_QUERY"; do
    name=$(basename "$query" .rq)
    for server in "${SERVERS[@]}"; do
        case $(accept_for "$query") in
            application/n-triples) accept='application/n-triples' ;;
            *) accept='text/csv' ;;
        esac
        curl -sf -H "Accept: $accept" "$(url "$server" "$query")" | sort >"$OUT/rows-$name-$server.txt"
    done
    for server in "${SERVERS[@]}"; do
        if ! cmp -s "$OUT/rows-$name-dutygraph.txt" "$OUT/rows-$name-$server.txt"; then
            echo "rows of $query differ between dutygraph and $server:" >&2
            diff "$OUT/rows-$name-dutygraph.txt" "$OUT/rows-$name-$server.txt" | head -20 >&2 || true
            exit 1
        fi
    done
    log "$name: $(wc -l <"$OUT/rows-$name-dutygraph.txt") lines, the same on every server"
done

# ---- throughput and latency --------------------------------------------------------------
# wrk's latency figures to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.2f", n }'
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
printf 'query\tconnections\tround\tserver\treq_per_s\tp50_ms\tp99_ms\terrors\n' >"$RESULTS"
for query in "${QUERIES[@]}"; do
    name=$(basename "$query" .rq)
    accept=$(accept_for "$query")
    for connections in "${CONNECTIONS[@]}"; do
        threads=$(( connections < THREADS ? connections : THREADS ))
        for round in $(seq 1 "$ROUNDS"); do
            for server in "${SERVERS[@]}"; do
                log "$name, $connections connections, round $round: $server, ${DURATION}s"
                raw=$OUT/wrk-$name-c$connections-$server-$round.txt
                wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 30s --latency \
                    -H "Accept: $accept" "$(url "$server" "$query")" | grep -v '^Running' >"$raw"
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$connections" "$round" "$server" \
                    "$(field "$raw" 'Requests/sec' 2)" \
                    "$(to_ms "$(field "$raw" '^ +50%' 2)")" \
                    "$(to_ms "$(field "$raw" '^ +99%' 2)")" \
                    "$(errors_of "$raw")" >>"$RESULTS"
            done
        done
    done
done

# ---- 100,000 requests at 64 connections ----------------------------------------------------
# hey (Debian) sends an exact number of requests: each of the 64 workers sends the same
# share, so the total is rounded up to a multiple of 64. (wrk only runs for a duration.)
REQUESTS=$(( (TOTAL + TOTAL_CONNECTIONS - 1) / TOTAL_CONNECTIONS * TOTAL_CONNECTIONS ))
log "$REQUESTS requests at $TOTAL_CONNECTIONS connections against dutygraph (hey)"
lines_before=$(grep -c 'status=' "$OUT/dutygraph.log" || true)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
hey -n "$REQUESTS" -c "$TOTAL_CONNECTIONS" -t 30 -A 'application/sparql-results+json' \
    "$(url dutygraph "$TOTAL_QUERY")" \
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
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cell() { # cell QUERY CONNECTIONS SERVER COLUMN: median over the rounds
    awk -F'\t' -v q="$1" -v c="$2" -v s="$3" -v k="$4" '$1 == q && $2 == c && $4 == s { print $k }' "$RESULTS" | median
}
{
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src vendor Cargo.toml Cargo.lock || echo ' (with uncommitted changes)'); $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(free -g | awk '/Mem:/ { print $2 }') GiB; load average before: $LOAD_BEFORE"
    echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); oxigraph: $("$OXIGRAPH" --version); ${DURATION}s rounds, $ROUNDS rounds alternating, medians"
    echo
    echo "| query | connections | dutygraph req/s | oxigraph memory req/s | oxigraph RocksDB req/s | ratio to memory | p50 ms dg / mem / rocks | p99 ms dg / mem / rocks | errors |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for query in "${QUERIES[@]}"; do
        name=$(basename "$query" .rq)
        for connections in "${CONNECTIONS[@]}"; do
            dg=$(cell "$name" "$connections" dutygraph 5)
            mem=$(cell "$name" "$connections" oxigraph-memory 5)
            rocks=$(cell "$name" "$connections" oxigraph-rocksdb 5)
            errors=$(awk -F'\t' -v q="$name" -v c="$connections" '$1 == q && $2 == c { e += $8 } END { print e + 0 }' "$RESULTS")
            printf '| %s | %s | %.0f | %.0f | %.0f | %.2f× | %s / %s / %s | %s / %s / %s | %s |\n' \
                "$name" "$connections" "$dg" "$mem" "$rocks" "$(awk -v a="$dg" -v b="$mem" 'BEGIN { print (b > 0) ? a / b : 0 }')" \
                "$(cell "$name" "$connections" dutygraph 6)" "$(cell "$name" "$connections" oxigraph-memory 6)" "$(cell "$name" "$connections" oxigraph-rocksdb 6)" \
                "$(cell "$name" "$connections" dutygraph 7)" "$(cell "$name" "$connections" oxigraph-memory 7)" "$(cell "$name" "$connections" oxigraph-rocksdb 7)" \
                "$errors"
        done
    done
    echo
    echo "$REQUESTS-request run ($(basename "$TOTAL_QUERY"), hey, $TOTAL_CONNECTIONS connections, load average before: $load_before):" \
        "$all_responses responses, ${ok_responses:-0} with status 200, $request_errors request errors," \
        "$failed not answered 200; ${seconds}s, $rate_100k req/s, p50 ${p50_100k} ms, p99 ${p99_100k} ms;" \
        "server log: $((lines_after - lines_before)) request lines, $ok_lines with status=200"
} | tee "$OUT/summary.md"

if [ "$failed" != 0 ] || [ "$request_errors" != 0 ]; then
    echo "the $REQUESTS-request run had errors" >&2
    exit 1
fi
