"""How the build scales: 1x, 10x and 50x the seed (bench/scaled_project.py), each against pyoxigraph loading
the N-Triples that build wrote, measured in the same run (so the ratios hold on a busy machine).

    python bench/build.py                 # 1x, 10x, 50x
    python bench/build.py --copies 1 10   # a shorter run

Each build runs in its own process (peak memory is that process's); CPU time is that process's user+system.
Also prints `kgraph stats` and `kgraph analyze` on the seed against the pyoxigraph load of the seed's build
(fresh processes, the median of five runs each, kgraph run from bytecode as an installed kgraph is).

Then, on the --rebuild-copies dataset (10x): a full build without the cache, the same with --jobs 2, a build
that fills the cache, and a rebuild after one statement is appended to one statement file; the rebuild's
time against the full build's (target: at most 0.2). These builds are the core (no network page);
--with-page adds the same pair for `kgraph build` as a command, page included.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

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

CACHED_PROGRAM = r"""
import json, resource, sys, time
from pathlib import Path
from kgraph import pipeline
from kgraph.graph.incremental import BuildOptions
from kgraph.project import Project

wall, cpu = time.perf_counter(), time.process_time()
children = resource.getrusage(resource.RUSAGE_CHILDREN)
options = BuildOptions(cache=sys.argv[2] == "cache", jobs=int(sys.argv[3]))
build = pipeline.build_project(Project(Path(sys.argv[1])), options=options)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
pool = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu + pool,
                  "statements": len(build.statements), "triples": build.triple_count}))
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


def _medians(programs: dict[str, tuple[str, ...]], rounds: int, env: dict[str, str] | None) -> dict:
    """The median wall and CPU seconds of each program over `rounds` fresh processes, run in turns."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
    for _ in range(rounds):
        for name, argv in programs.items():
            times[name].append(_process_seconds(*argv, env=env))
    return {name: tuple(sorted(run[i] for run in runs)[len(runs) // 2] for i in (0, 1)) for name, runs in times.items()}


def _process_seconds(*argv: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh process (interpreter start and imports included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True, env=env)
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
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10, 50])
    parser.add_argument(
        "--page-up-to",
        type=int,
        default=10,
        help="draw the network page (a publishing step, quadratic today) only up to this many copies (10)",
    )
    parser.add_argument(
        "--rebuild-copies", type=int, default=10, help="dataset of the rebuild measurement (10; 0: skip)"
    )
    parser.add_argument("--with-page", action="store_true", help="also time `kgraph build` (the page included)")
    args = parser.parse_args()
    if args.rebuild_copies:
        with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as scratch:
            _rebuild(args.rebuild_copies, Path(scratch), args.with_page)
    if not args.copies:
        return
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


def _rebuild(copies: int, scratch: Path, with_page: bool) -> None:
    root = make_project(copies, scratch / f"x{copies}")
    print(f"rebuild of {copies}x after editing one statement file (core build, no page; in-process times):")
    full = _run(CACHED_PROGRAM, str(root), "none", "1")
    print(
        f"  full build, no cache, --jobs 1: {full['wall']:.1f} s wall, {full['cpu']:.1f} s CPU, "
        f"{full['statements']} statements, {full['triples']} triples"
    )
    pooled = _run(CACHED_PROGRAM, str(root), "none", "2")
    print(
        f"  full build, no cache, --jobs 2: {pooled['wall']:.1f} s wall, {pooled['cpu']:.1f} s CPU "
        f"= {pooled['wall'] / full['wall']:.2f}x the wall time of --jobs 1"
    )
    cold = _run(CACHED_PROGRAM, str(root), "cache", "1")
    print(
        f"  full build filling the cache: {cold['wall']:.1f} s wall, {cold['cpu']:.1f} s CPU "
        f"= {cold['wall'] / full['wall']:.2f}x the uncached build"
    )
    edited = _append_statement(root)
    warm = _run(CACHED_PROGRAM, str(root), "cache", "1")
    print(
        f"  rebuild after appending a statement to {edited.name}: {warm['wall']:.1f} s wall, {warm['cpu']:.1f} s CPU,"
        f" {warm['statements']} statements"
    )
    print(
        f"  rebuild / full build: {warm['wall'] / full['wall']:.3f} wall, {warm['cpu'] / full['cpu']:.3f} CPU "
        f"(target <= 0.2)",
        flush=True,
    )
    if with_page:
        command = ("-m", "kgraph", "--root", str(root), "-q", "build", "--jobs", "1")
        page_full = _process_seconds(*command, "--no-cache")
        _append_statement(root, "-again")
        _process_seconds(*command)  # fills the cache for this state
        _append_statement(root, "-third")
        page_warm = _process_seconds(*command)
        print(
            f"  kgraph build (fresh process, page included): full {page_full[0]:.1f} s wall, {page_full[1]:.1f} s CPU;"
            f" rebuild {page_warm[0]:.1f} s wall, {page_warm[1]:.1f} s CPU = {page_warm[1] / page_full[1]:.3f} CPU"
        )


def _append_statement(root: Path, suffix: str = "-edited") -> Path:
    """Append to one statement file a copy of its first statement under a new id (its quote still verbatim)."""
    path = sorted((root / "data" / "statements").glob("*-c1.yaml"))[0]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = document["statements"][0]
    document["statements"].append({**first, "id": first["id"] + suffix, "note": "Appended by the benchmark."})
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100_000), encoding="utf-8")
    return path


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


def _commands(root: Path, load: dict, rounds: int = 5) -> None:
    """`kgraph stats` and `analyze` on the seed, each a fresh process, against a fresh process loading the
    seed's build into pyoxigraph: the median of `rounds` runs of each, taken in turns so that a busy machine
    slows them alike."""
    programs = {
        "load": ("-c", LOAD_PROGRAM, str(root / "build" / "kgraph.nt")),
        **{command: ("-m", "kgraph", "--root", str(root), "-q", command) for command in ("stats", "analyze")},
    }
    with tempfile.TemporaryDirectory(prefix="kgraph-bytecode-") as cache:
        # An installed kgraph runs from bytecode (pip compiles it on install). Where the environment forbids
        # writing bytecode (PYTHONDONTWRITEBYTECODE), every fresh process would compile kgraph's source first:
        # each program runs once, untimed, to fill a bytecode cache of its own, and is then timed with it.
        compiled = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        compiled["PYTHONPYCACHEPREFIX"] = cache
        for argv in programs.values():
            _process_seconds(*argv, env=compiled)
        timed = _medians(programs, rounds, compiled)
    load_wall, load_cpu = timed.pop("load")
    print(
        f"     a fresh process loading the seed's build into pyoxigraph: {load_wall:.2f} s wall, {load_cpu:.2f} s CPU "
        f"(the median of {rounds} runs, as below)"
    )
    for command, (wall, cpu) in timed.items():
        print(
            f"     kgraph {command} on the seed (a fresh process): {wall:.2f} s wall, {cpu:.2f} s CPU = "
            f"{wall / load_wall:.1f}x wall, {cpu / load_cpu:.1f}x CPU that fresh pyoxigraph process"
        )
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        uncompiled = _medians({k: v for k, v in programs.items() if k != "load"}, rounds, None)
        for command, (wall, cpu) in uncompiled.items():
            print(
                f"     kgraph {command} without bytecode (kgraph's source compiled in the process): {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU = {wall / load_wall:.1f}x wall, {cpu / load_cpu:.1f}x CPU"
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
