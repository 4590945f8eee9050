"""Where the per-source function runs: in this process, in a pool of processes, or on a Dask cluster.

Each executor returns the results in the order of the tasks, so the build's output does not depend on it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from kgraph.errors import UsageError

_CONTEXT: Any = None
CONNECT_TIMEOUT = "10s"  # how long a Dask scheduler may take to answer


def run_tasks(
    function: Callable[[Any, Any], Any],
    tasks: list[Any],
    context: Any,
    jobs: int = 1,
    scheduler: str | None = None,
) -> list[Any]:
    """`function(task, context)` for every task: on the Dask scheduler at `scheduler` if given, else in `jobs`
    processes (in this one when jobs is 1 or there is a single task)."""
    if scheduler:
        return _on_dask(function, tasks, context, scheduler)
    if jobs <= 1 or len(tasks) <= 1:
        return [function(task, context) for task in tasks]
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(workers, initializer=_keep_context, initargs=(context,)) as pool:
        chunk = max(1, len(tasks) // (workers * 4))
        return list(pool.map(_with_context, [function] * len(tasks), tasks, chunksize=chunk))


def _keep_context(context: Any) -> None:
    global _CONTEXT
    _CONTEXT = context


def _with_context(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(task, _CONTEXT)


def _on_dask(function: Callable[[Any, Any], Any], tasks: list[Any], context: Any, address: str) -> list[Any]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask distributed; install it with: pip install 'kgraph[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise UsageError(f"--scheduler {address!r}: no Dask scheduler answers there ({error})") from None
    with client:
        shared = client.scatter(context, broadcast=True)
        futures = client.map(function, tasks, context=shared, pure=False)
        return client.gather(futures)
