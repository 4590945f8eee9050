"""Benchmark every catalogue query at a million triples: kgraph, raw pyoxigraph and rdflib, in one run.

The graph is N copies of the seed's build/kgraph.nt (run `kgraph build` first), each copy with its
entity and statement IRIs renamed (…/entity/armenia becomes …/entity/c7/armenia in copy 7; copy 0 keeps
the seed's IRIs, so the catalogue's default parameters still name something), the ontology shared.
It is generated deterministically and loaded into kgraph (KnowledgeGraph), raw pyoxigraph and rdflib.
Every catalogue query runs with its default parameters:

- kgraph: `KnowledgeGraph.query` (parameters bound by kgraph.sparql_binding), every row read;
- raw pyoxigraph, the same query text with the same values as `substitutions=`, and as kgraph binds
  them (the text with its VALUES block), on the same store;
- rdflib's SPARQL engine with the values as `initBindings`, one run per query in a forked child
  killed after --rdflib-timeout seconds (default 120).

Fast engines: median of --repeat runs (default 5). Ratios are measured in this run. With --checks,
the build's SPARQL checks (ontology/checks/*.rq) run too, on raw pyoxigraph (the build runs them there).

    python bench/queries.py                         # all 44 queries, rdflib included (long)
    python bench/queries.py --skip-rdflib           # the fast engines only
    python bench/queries.py --rdflib-queries timeline both-sides --checks
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kgraph.query import CatalogueQuery, KnowledgeGraph, parse_value, read_catalogue_queries
from kgraph.sparql_binding import bind_parameters
from kgraph.store import to_oxigraph
from kgraph.tables import format_table

ROOT = Path(__file__).resolve().parent.parent
RENAMED = ("entity/", "statement/")


def generate(seed: Path, target: int, output: Path) -> tuple[int, int]:
    """Write N renamed copies of the seed's N-Triples to `output`, N the fewest that reach `target`
    triples; return (copies, triples)."""
    prefixes = json.loads((seed.parent / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    namespaces = [prefixes["kgr"], prefixes["kgs"]]
    lines = seed.read_text(encoding="utf-8").splitlines()
    own = [line for line in lines if any(ns in line for ns in namespaces)]
    shared = [line for line in lines if not any(ns in line for ns in namespaces)]
    copies = max(1, math.ceil((target - len(shared)) / len(own)))
    with output.open("w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in shared)
        for copy in range(copies):
            for line in own:
                if copy:
                    for ns in namespaces:
                        line = line.replace(ns, f"{ns}c{copy}/")
                out.write(line + "\n")
    return copies, len(shared) + copies * len(own)


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median wall time of `run` in ms over `repeat` runs, and the rows (or triples) of the last run."""
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = _count(run())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count


def _count(result: object) -> int:
    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    return sum(1 for _ in result)


def fast_engines(graph: KnowledgeGraph, queries: dict[str, CatalogueQuery], repeat: int) -> dict[str, dict]:
    figures = {}
    for name, query in queries.items():
        values = {k: to_oxigraph(parse_value(v, graph.prefixes)) for k, v in query.params.items()}
        bound = bind_parameters(query.text, values)
        substitutions = {ox.Variable(k): v for k, v in values.items()}

        def raw(text: str = query.text, subs: dict = substitutions) -> object:
            return graph.store.query(text, prefixes=graph.prefixes, use_default_graph_as_union=True, substitutions=subs)

        kgraph_ms, rows = median_ms(lambda q=query: graph.query(q), repeat)
        raw_subs_ms, rows_subs = median_ms(raw, repeat)
        raw_values_ms, rows_values = median_ms(lambda b=bound: raw(b.text, b.substitutions), repeat)
        if not rows == rows_subs == rows_values:
            print(f"warning: {name}: rows differ: {rows} {rows_subs} {rows_values}", file=sys.stderr)
        figures[name] = {"rows": rows, "kgraph": kgraph_ms, "raw_subs": raw_subs_ms, "raw_values": raw_values_ms}
        print(f"  {name}: {kgraph_ms:.1f} ms ({rows} rows)", file=sys.stderr, flush=True)
    return figures


def checks(store: ox.Store, folder: Path, repeat: int) -> list[list]:
    rows = []
    for path in sorted(folder.glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        ms, count = median_ms(lambda t=text: store.query(t), repeat)
        rows.append([path.stem, f"{ms:.1f}", count])
        print(f"  {path.stem}: {ms:.1f} ms", file=sys.stderr, flush=True)
    return rows


def _rdflib_child(graph: Graph, query: CatalogueQuery, prefixes: dict[str, str], answer) -> None:
    bindings = {k: parse_value(v, prefixes) for k, v in query.params.items()}
    started = time.perf_counter()
    result = graph.query(query.text, initBindings=bindings)
    count = int(bool(result.askAnswer)) if result.type == "ASK" else sum(1 for _ in result)
    answer.send(((time.perf_counter() - started) * 1000, count))


def rdflib_engine(path: Path, queries: dict[str, CatalogueQuery], prefixes: dict[str, str], cap: float) -> dict:
    """rdflib ms per query (one run each, in a forked child killed past `cap` seconds; None if killed)."""
    started = time.perf_counter()
    graph = Graph().parse(path, format="nt")
    print(f"rdflib: loaded {len(graph)} triples in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    context = multiprocessing.get_context("fork")
    figures = {}
    for name, query in queries.items():
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_rdflib_child, args=(graph, query, prefixes, send))
        child.start()
        send.close()
        if receive.poll(cap):
            figures[name] = receive.recv()
        else:
            figures[name] = None
        child.kill()
        child.join()
        shown = "over the cap" if figures[name] is None else f"{figures[name][0]:.0f} ms"
        print(f"  rdflib {name}: {shown}", file=sys.stderr, flush=True)
    return figures


def report(fast: dict[str, dict], slow: dict, cap: float) -> None:
    header = ["query", "rows", "kgraph ms", "raw subs ms", "raw VALUES ms", "rdflib ms"]
    header += ["kg/raw subs", "kg/raw VALUES", "rdflib/kgraph"]
    rows, speedups = [], []
    for name, f in fast.items():
        measured = slow.get(name, "not run")
        if measured == "not run":
            rdflib_ms, speedup = "", ""
        elif measured is None:
            rdflib_ms, speedup = f"> {cap * 1000:.0f}", f"> {cap * 1000 / f['kgraph']:.0f}x"
            speedups.append(cap * 1000 / f["kgraph"])
        else:
            rdflib_ms, speedup = f"{measured[0]:.0f}", f"{measured[0] / f['kgraph']:.0f}x"
            speedups.append(measured[0] / f["kgraph"])
        rows.append(
            [
                name,
                f["rows"],
                f"{f['kgraph']:.1f}",
                f"{f['raw_subs']:.1f}",
                f"{f['raw_values']:.1f}",
                rdflib_ms,
                f"{f['kgraph'] / f['raw_subs']:.2f}",
                f"{f['kgraph'] / f['raw_values']:.2f}",
                speedup,
            ]
        )
    print(format_table(header, rows, width=200))
    kgraph_ms = [f["kgraph"] for f in fast.values()]
    print(f"\nkgraph: median {statistics.median(kgraph_ms):.1f} ms, slowest {max(kgraph_ms):.1f} ms")
    worst = max(fast, key=lambda n: fast[n]["kgraph"] / fast[n]["raw_values"])
    ratio = fast[worst]["kgraph"] / fast[worst]["raw_values"]
    print(f"kgraph / raw pyoxigraph (same text): worst {ratio:.2f} ({worst})")
    if speedups:
        print(
            f"rdflib / kgraph over {len(speedups)} queries: median {statistics.median(speedups):.0f}x, "
            f"lowest {min(speedups):.1f}x (a capped query counts at the cap)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="size to reach (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query on the fast engines (default 5)")
    parser.add_argument("--skip-rdflib", action="store_true", help="do not run rdflib")
    parser.add_argument("--rdflib-queries", nargs="+", metavar="NAME", help="run only these queries on rdflib")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query (default 120)")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="run only these catalogue queries")
    parser.add_argument("--checks", action="store_true", help="time the build's SPARQL checks too")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build", help="the seed build (default build/)")
    args = parser.parse_args()

    queries = read_catalogue_queries(ROOT / "queries")
    if args.queries:
        queries = {name: queries[name] for name in args.queries}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kgraph-large.nt"
        copies, triples = generate(args.build_dir / "kgraph.nt", args.triples, path)
        prefixes = json.loads((args.build_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]
        started = time.perf_counter()
        graph = KnowledgeGraph.from_file(path, prefixes)
        graph.catalogue = queries
        print(
            f"{len(graph)} triples ({copies} copies of the seed) loaded into Oxigraph "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        fast = fast_engines(graph, queries, args.repeat)
        check_rows = checks(graph.store, ROOT / "ontology" / "checks", args.repeat) if args.checks else []
        del graph
        gc.collect()
        slow = {}
        if not args.skip_rdflib:
            chosen = {n: q for n, q in queries.items() if not args.rdflib_queries or n in args.rdflib_queries}
            slow = rdflib_engine(path, chosen, prefixes, args.rdflib_timeout)
    print(f"\n{triples} triples, {copies} copies of the seed; ms (median of {args.repeat} for kgraph and raw)\n")
    report(fast, slow, args.rdflib_timeout)
    if check_rows:
        print()
        print(format_table(["SPARQL check (raw pyoxigraph)", "ms", "rows"], check_rows, width=200))


if __name__ == "__main__":
    main()
