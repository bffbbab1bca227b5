"""The Python side of benches/vs-python.sh: rdflib + NetworkX on the data dutygraph exports.

  python3 vs_python.py run DATA.nq SHARED.rq EDGES.rq OUT.json
      parse the N-Quads with rdflib (union default graph), run the shared-topic query and the
      network-edges query, build the directed graph and compute NetworkX's normalised
      betweenness centrality; write the rows, the top nodes and the timings to OUT.json.
  python3 vs_python.py check OUT.json DUTYGRAPH_SHARED.csv DUTYGRAPH_NETWORK.json
      check that both sides give the same answer: the same shared-topic rows, the same
      relation edges, and (NetworkX on dutygraph's own edge list) the same betweenness and
      the same top-ranked nodes.
"""

import csv
import json
import sys
import time


def run(data, shared_rq, edges_rq, out):
    import networkx as nx
    from rdflib import Dataset

    timings = {}
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data, format="nquads")
    timings["parse"] = time.perf_counter() - t0

    t = time.perf_counter()
    rows = []
    for r in ds.query(open(shared_rq, encoding="utf-8").read()):
        rows.append([str(r.body), int(r.duties), " ".join(sorted(str(r.modes).split()))])
    timings["shared_topic_query"] = time.perf_counter() - t

    t = time.perf_counter()
    edges = set()
    for r in ds.query(open(edges_rq, encoding="utf-8").read()):
        edges.add((str(r["from"]), str(r.to)))
    timings["edges_query"] = time.perf_counter() - t

    t = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    timings["betweenness"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0

    top = sorted(betweenness.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    json.dump(
        {
            "quads": len(ds),
            "shared_rows": sorted(rows),
            "edges": sorted(edges),
            "nodes": graph.number_of_nodes(),
            "top": top,
            "timings": timings,
        },
        open(out, "w", encoding="utf-8"),
        ensure_ascii=False,
        indent=1,
    )
    print(
        "    python: %d quads, %d shared-topic rows, %d nodes, %d edges; "
        % (len(ds), len(rows), graph.number_of_nodes(), len(edges))
        + ", ".join("%s %.2f s" % kv for kv in timings.items())
    )


def check(out, shared_csv, network_json):
    import networkx as nx

    py = json.load(open(out, encoding="utf-8"))
    with open(shared_csv, encoding="utf-8-sig") as f:
        dg_rows = sorted(
            [r["body"], int(r["duties"]), " ".join(sorted(r["modes"].split()))]
            for r in csv.DictReader(f)
        )
    assert dg_rows == py["shared_rows"], "the shared-topic rows differ"
    print("    same %d shared-topic rows" % len(dg_rows))

    net = json.load(open(network_json, encoding="utf-8"))
    relations = {
        (e["from"], e["to"])
        for e in net["edges"]
        if e["relation"] not in ("commands", "housedIn")
    }
    assert relations == {tuple(e) for e in py["edges"]}, "the relation edges differ"
    print("    same %d relation edges" % len(relations))

    # NetworkX on dutygraph's own edge list (relations plus the stated line of command):
    # the same normalised betweenness, node by node, and the same ranking.
    graph = nx.DiGraph()
    graph.add_nodes_from(n["id"] for n in net["nodes"])
    graph.add_edges_from((e["from"], e["to"]) for e in net["edges"] if e["from"] != e["to"])
    nxb = nx.betweenness_centrality(graph, normalized=True)
    worst = max(abs(nxb[n["id"]] - n["betweenness"]) for n in net["nodes"])
    assert worst < 1e-4, "betweenness differs by %g" % worst
    dg_top = [r["iri"] for r in net["ranking"][:10]]
    bodies = {n["id"] for n in net["nodes"] if n["kind"] == "body"}
    nx_top = [k for k, _ in sorted(nxb.items(), key=lambda kv: (-round(kv[1], 4), kv[0])) if k in bodies][:10]
    top_values = [round(nxb[i], 4) for i in dg_top]
    assert top_values == sorted(top_values, reverse=True), "dutygraph's ranking is not by betweenness"
    assert [round(nxb[i], 4) for i in nx_top] == top_values, "the top-ranked betweenness differs"
    print(
        "    same betweenness on %d nodes (max difference %.1e); same top 10 bodies: %s"
        % (len(net["nodes"]), worst, ", ".join(r["name"] for r in net["ranking"][:3]) + "…")
    )


if __name__ == "__main__":
    {"run": run, "check": check}[sys.argv[1]](*sys.argv[2:])
