"""How the build scales: 1x, 10x and 50x the seed (bench/scaled_project.py), each against pyoxigraph loading
the N-Triples that build wrote, measured in the same run (so the ratios hold on a busy machine).

    python bench/build.py                 # 1x, 10x, 50x
    python bench/build.py --copies 1 10   # a shorter run

Each build runs in its own process (peak memory is that process's); CPU time is that process's user+system.
Also prints `kgraph stats` and `kgraph analyze` on the seed against the pyoxigraph load of the seed's build.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaled_project import make_project

STAGE_PROGRAM = r"""
import json, resource, sys, time
from pathlib import Path
from kgraph import pipeline
from kgraph.publish.build_page import network_page
from kgraph.project import Project

project = Project(Path(sys.argv[1]))
stages = {}

class Timed(pipeline.Progress):
    def __init__(self):
        super().__init__(None)
    def step(self, message):
        import contextlib
        @contextlib.contextmanager
        def timed():
            wall, cpu = time.perf_counter(), time.process_time()
            yield
            name = " ".join(w for w in message.split(" ")[:2] if not w[0].isdigit())
            stages[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return timed()

wall, cpu = time.perf_counter(), time.process_time()
page = (lambda b: network_page(b, Timed())) if sys.argv[2] == "page" else None
build = pipeline.build_project(project, progress=Timed(), publish=page)
print(json.dumps({
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "statements": len(build.statements),
    "triples": build.triple_count,
    "stages": stages,
}))
"""

LOAD_PROGRAM = r"""
import json, resource, sys, time
import pyoxigraph as ox
wall, cpu = time.perf_counter(), time.process_time()
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "triples": len(store),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(program: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _process_seconds(*argv: str) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh process (interpreter start and imports included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


IN_PROCESS_STATS = r"""
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from kgraph.graph.readback import StoredBuild
from kgraph.stats import entities_per_class, statements_per_relation
folder = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
store = ox.Store()
store.bulk_load(path=str(folder / "kgraph.nt"), format=ox.RdfFormat.N_TRIPLES)
load = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
build = StoredBuild.load(folder, Path(sys.argv[2]))
entities_per_class(build.catalogue), statements_per_relation(build.statements), len(build)
stats = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps({"load": load, "stats": stats}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument(
        "--page-up-to",
        type=int,
        default=10,
        help="draw the network page (a publishing step, quadratic today) only up to this many copies (10)",
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as scratch:
        for copies in args.copies:
            root = make_project(copies, Path(scratch) / f"x{copies}")
            build = _run(STAGE_PROGRAM, str(root), "page" if copies <= args.page_up_to else "core")
            load = _run(LOAD_PROGRAM, str(root / "build" / "kgraph.nt"))
            rows.append((copies, build, load))
            print(_line(copies, build, load, rows[0][1]), flush=True)
            if copies == 1:
                _commands(root, load)
    print("\nstages, CPU s (wall s), and CPU ms per statement:")
    for copies, build, _ in rows:
        n = build["statements"]
        stages = "; ".join(f"{name} {c:.2f} ({w:.2f}) {c / n * 1e3:.3f}" for name, (w, c) in build["stages"].items())
        core = sum(c for name, (_, c) in build["stages"].items() if not name.startswith("drawing"))
        print(f"  {copies:>3}x  {stages}")
        print(f"        core (all but the page): {core:.1f} s CPU, {core / n * 1e3:.2f} ms per statement")


def _line(copies: int, build: dict, load: dict, first: dict) -> str:
    per = build["cpu"] / build["statements"] * 1e3
    per_first = first["cpu"] / first["statements"] * 1e3
    parts = [
        f"{copies:>3}x: {build['statements']:>6} statements, {build['triples']:>8} triples",
        f"build {build['wall']:.1f} s wall, {build['cpu']:.1f} s CPU, peak {build['peak_mb']:.0f} MB",
        f"{per:.2f} ms CPU per statement ({per / per_first:.2f}x the 1x)",
        f"pyoxigraph load {load['wall']:.2f} s wall, {load['cpu']:.2f} s CPU, peak {load['peak_mb']:.0f} MB",
        f"build/load: {build['wall'] / load['wall']:.0f}x wall, {build['cpu'] / load['cpu']:.0f}x CPU",
        f"build MB per 1000 triples {build['peak_mb'] / build['triples'] * 1e3:.2f}",
    ]
    return " | ".join(parts)


def _commands(root: Path, load: dict) -> None:
    nt = str(root / "build" / "kgraph.nt")
    load_wall, load_cpu = _process_seconds("-c", LOAD_PROGRAM, nt)
    print(
        f"     a fresh process loading the seed's build into pyoxigraph: {load_wall:.2f} s wall, {load_cpu:.2f} s CPU"
    )
    for command in ("stats", "analyze"):
        wall, cpu = _process_seconds("-m", "kgraph", "--root", str(root), "-q", command)
        print(
            f"     kgraph {command} on the seed (a fresh process): {wall:.2f} s wall, {cpu:.2f} s CPU = "
            f"{wall / load_wall:.1f}x wall, {cpu / load_cpu:.1f}x CPU that fresh pyoxigraph process"
        )
    inside = _run(IN_PROCESS_STATS, str(root / "build"), str(root))
    (load_wall, load_cpu), (wall, cpu) = inside["load"], inside["stats"]
    print(
        f"     in one process, after imports: pyoxigraph load {load_wall:.2f} s wall, {load_cpu:.2f} s CPU; "
        f"reading the build back for stats (checks, records, counts) {wall:.2f} s wall, {cpu:.2f} s CPU = "
        f"{wall / load_wall:.1f}x wall, {cpu / load_cpu:.1f}x CPU"
    )


if __name__ == "__main__":
    main()
