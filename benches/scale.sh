#!/usr/bin/env bash
# Scale benchmark (issue 6): 3,000 synthetic county-level lists into the on-disk store, then
# the overlaps and compare reports over all of them. Wall time and peak RSS from GNU time.
# A benchmark, not a test: it prints figures (docs/benchmarks.md, "Scale (issue 6)").
#
#   CARGO_TARGET_DIR=/work/target-scale benches/scale.sh
#
# Environment: LISTS (3000), SEED (1), OUT ($CARGO_TARGET_DIR/bench-scale; the lists, the
# store and every output are written there). Needs Debian's libclang-dev for the RocksDB
# build and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=target}"
LISTS=${LISTS:-3000}
SEED=${SEED:-1}
OUT=${OUT:-$CARGO_TARGET_DIR/bench-scale}
BIN=$CARGO_TARGET_DIR/release/dutygraph

echo "==> release build with the on-disk store"
cargo build --release --locked --features rocksdb
mkdir -p "$OUT"
rm -rf "$OUT/lists" "$OUT/store"

facts() {
  echo "    nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "    load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Runs a command under GNU time; prints wall time and peak RSS, keeps the full report.
timed() {
  local name=$1
  shift
  facts
  /usr/bin/time -v -o "$OUT/$name.time" "$@"
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$name.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$name.time")
  printf '    %s: wall %s, peak RSS %.2f GiB (%s kB)\n' "$name" "$wall" "$(echo "$rss / 1048576" | bc -l)" "$rss"
}

echo "==> synth: $LISTS lists, seed $SEED"
timed synth "$BIN" synth --lists "$LISTS" --seed "$SEED" --out "$OUT/lists"
du -sh "$OUT/lists"

echo "==> ingest into the on-disk store"
timed ingest "$BIN" ingest "$OUT/lists" --store "$OUT/store"
du -sh "$OUT/store"

echo "==> report overlaps over every list"
timed overlaps "$BIN" report overlaps --store "$OUT/store" --format json -o "$OUT/overlaps.json"
ls -l "$OUT/overlaps.json"

echo "==> report compare over every list"
timed compare "$BIN" report compare --store "$OUT/store" --format json -o "$OUT/compare.json"
ls -l "$OUT/compare.json"

echo "==> report overlaps of one list (--graph)"
GRAPH=$("$BIN" query --store "$OUT/store" --format tsv \
  'SELECT ?g WHERE { GRAPH ?g { ?g a dg:DutyList } } ORDER BY ?g LIMIT 1' | sed -n '2p' | tr -d '<>')
echo "    --graph $GRAPH"
timed overlaps-one "$BIN" report overlaps --store "$OUT/store" --graph "$GRAPH" --format json -o "$OUT/overlaps-one.json"

echo "==> re-ingest one list (idempotent: same quad count)"
before=$("$BIN" query --store "$OUT/store" --format csv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1)
timed reingest-one "$BIN" ingest "$(ls "$OUT/lists"/*.txt | head -1)" --store "$OUT/store"
after=$("$BIN" query --store "$OUT/store" --format csv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1)
echo "    quads before $before, after $after"
