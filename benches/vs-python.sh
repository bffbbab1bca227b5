#!/usr/bin/env bash
# dutygraph against rdflib + NetworkX, side by side in one run (issue 6). A benchmark, not a
# test: it prints figures (docs/benchmarks.md, "Scale (issue 6)").
#
#   CARGO_TARGET_DIR=/work/target-scale benches/vs-python.sh
#
# The data: LISTS (20) synthetic lists of seed SEED (1) — the first lists of the scale
# benchmark's corpus. rdflib holds every triple as Python objects and evaluates SPARQL in
# Python: 20 lists (~290,000 quads with the ontology and taxonomy) take it about a minute
# per run, more would make the comparison a test of patience. Both sides answer the same
# two questions on the same data:
#   1. the shared-topic query, queries/bodies-sharing-topic.rq (bodies whose duties concern
#      危险化学品 and its narrower topics), run as is by both;
#   2. betweenness centrality of the body network: dutygraph report network (edges from
#      queries/report-network-edges.rq plus the line of command it reads from the text;
#      rustworkx-core), Python: rdflib runs report-network-edges.rq and NetworkX computes
#      betweenness_centrality on those edges.
# dutygraph starts from the lists' text (parse, extract, load, query: two processes, one per
# question); Python starts from dutygraph's N-Quads export (parse, query, NetworkX). Before
# timing, the answers are compared (same rows, same edges, same betweenness and top nodes).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=target}"
LISTS=${LISTS:-20}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
OUT=${OUT:-$CARGO_TARGET_DIR/bench-vs-python}
BIN=$CARGO_TARGET_DIR/release/dutygraph

echo "==> Python packages (rdflib, networkx)"
python3 -m pip install --quiet --disable-pip-version-check rdflib networkx
python3 -c 'import rdflib, networkx, sys; print("    python", sys.version.split()[0], "rdflib", rdflib.__version__, "networkx", networkx.__version__)'

echo "==> release build"
cargo build --release --locked
mkdir -p "$OUT"
rm -rf "$OUT/lists"
"$BIN" synth --lists "$LISTS" --seed "$SEED" --out "$OUT/lists"
DOCS=()
for f in "$OUT"/lists/*.txt; do DOCS+=(--doc "$f"); done

echo "==> export (lists, ontology, taxonomy, roles) as N-Quads"
"$BIN" export --format nquads "${DOCS[@]}" -o "$OUT/data.nq"
echo "    $(wc -l < "$OUT/data.nq") quads, $(du -h "$OUT/data.nq" | cut -f1)"

# The dutygraph side, as timed below.
cat > "$OUT/dutygraph.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
"$BIN" query -f queries/bodies-sharing-topic.rq --format csv ${DOCS[*]} > "$OUT/dutygraph-shared.csv"
"$BIN" report network --format json ${DOCS[*]} -o "$OUT/dutygraph-network.json"
SH
chmod +x "$OUT/dutygraph.sh"
PY=(python3 benches/vs_python.py run "$OUT/data.nq" queries/bodies-sharing-topic.rq
  queries/report-network-edges.rq "$OUT/python.json")

echo "==> same answers?"
"$OUT/dutygraph.sh"
"${PY[@]}"
python3 benches/vs_python.py check "$OUT/python.json" "$OUT/dutygraph-shared.csv" "$OUT/dutygraph-network.json"

echo "==> timing ($RUNS runs each; nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'))"
echo "    load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --runs "$RUNS" --warmup 1 --export-json "$OUT/hyperfine.json" \
  -n dutygraph "$OUT/dutygraph.sh" \
  -n rdflib+networkx "${PY[*]}"
echo "    load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT/hyperfine.json" <<'PYEOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
d, p = r["dutygraph"], r["rdflib+networkx"]
print("    dutygraph %.3f s ± %.3f, rdflib+networkx %.2f s ± %.2f: dutygraph %.0f× faster (medians: %.0f×)"
      % (d["mean"], d["stddev"], p["mean"], p["stddev"], p["mean"] / d["mean"], p["median"] / d["median"]))
PYEOF
python3 -c "import json; t=json.load(open('$OUT/python.json'))['timings']; print('    python breakdown (last run):', ', '.join('%s %.2f s' % kv for kv in t.items()))"
