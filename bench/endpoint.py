"""Benchmark the SPARQL endpoint: p50/p95 latency of every catalogue query, and requests per second
for a simple SELECT with 8 concurrent clients, all on loopback. Prints figures; asserts nothing.

    python bench/endpoint.py [--repeat 20] [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kgraph.export import write_directory_atomically
from kgraph.pipeline import assemble, render
from kgraph.project import Project
from kgraph.query import read_catalogue_queries
from kgraph.serve import running_endpoint
from kgraph.tables import format_table

ROOT = Path(__file__).resolve().parent.parent
SIMPLE = "SELECT ?label WHERE { kgr:russia rdfs:label ?label }"


def ask(endpoint: str, query: str) -> float:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{endpoint}/sparql", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each catalogue query (default 20)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the throughput run (default 10)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="endpoint workers (default 2)")
    args = parser.parse_args()

    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        build_dir = Path(folder) / "build"
        write_directory_atomically(build_dir, render(assemble(project)))
        catalogue = read_catalogue_queries(project.queries_dir)
        started = time.perf_counter()
        with running_endpoint(ROOT, build_dir, "--workers", str(args.workers)) as endpoint:
            print(f"endpoint up in {time.perf_counter() - started:.2f} s ({args.workers} workers)\n")
            rows = []
            for name, query in sorted(catalogue.items()):
                ask(endpoint, query.text)  # warm-up
                times = [ask(endpoint, query.text) * 1000 for _ in range(args.repeat)]
                rows.append((name, f"{statistics.median(times):.1f}", f"{percentile(times, 0.95):.1f}"))
            print(format_table(("catalogue query", "p50 ms", "p95 ms"), rows, f"Latency over {args.repeat} runs each"))

            count, errors, stop = [0], [0], time.perf_counter() + args.seconds
            lock = threading.Lock()

            def client() -> None:
                while time.perf_counter() < stop:
                    try:
                        ask(endpoint, SIMPLE)
                        with lock:
                            count[0] += 1
                    except Exception:
                        with lock:
                            errors[0] += 1

            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            print(
                f"\nsimple SELECT, {args.clients} concurrent clients, {args.seconds:g} s: "
                f"{count[0] / args.seconds:.0f} requests/s, {errors[0]} errors"
            )


if __name__ == "__main__":
    main()
