"""Time the reading commands in fresh processes against pyoxigraph loading the same build, in one run.

Each run is a new Python process, as a user starts it: `kgraph stats`, `kgraph analyze`, and the reference,
`python -c` loading build/kgraph.nt into a pyoxigraph store. The three are started in turn, in a rotating
order, --repeat times (default 9), so that load from other work on the machine falls on all alike; the
median wall time of each and its ratio to the reference are printed (issue 11: stats and analyze within 3x).

    python bench/commands.py                 # the project's own build (run `kgraph build` first)
    python bench/commands.py --root PROJECT
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kgraph.tables import format_table

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0
LOAD = (
    "import sys, pyoxigraph as ox; store = ox.Store(); "
    "store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES); print(len(store))"
)


def commands(root: Path) -> dict[str, list[str]]:
    kgraph = [sys.executable, "-m", "kgraph", "--root", str(root), "-q"]
    return {
        "pyoxigraph load (reference)": [sys.executable, "-c", LOAD, str(root / "build" / "kgraph.nt")],
        "kgraph stats": [*kgraph, "stats"],
        "kgraph analyze": [*kgraph, "analyze"],
    }


def timed(command: list[str]) -> float:
    """Wall seconds of one run; a failing command stops the benchmark."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project, with its build (default: this one)")
    parser.add_argument("--repeat", type=int, default=9, help="runs of each command (default 9)")
    args = parser.parse_args()
    runs = commands(args.root.resolve())
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for name in names:
        timed(runs[name])  # warm the file cache and the bytecode
    for turn in range(args.repeat):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            times[name].append(timed(runs[name]))
    reference = statistics.median(times[names[0]])
    rows = []
    for name in names:
        median = statistics.median(times[name])
        ratio = median / reference
        verdict = "" if name == names[0] else ("met" if ratio <= TARGET else "MISSED")
        rows.append([name, f"{median:.3f}", f"{min(times[name]):.3f}", f"{ratio:.2f}", verdict])
    header = ["fresh process", "median s", "fastest s", "ratio to the load", f"within {TARGET:g}x"]
    print(format_table(header, rows, title=f"{args.repeat} runs each, in turn", width=160))


if __name__ == "__main__":
    main()
