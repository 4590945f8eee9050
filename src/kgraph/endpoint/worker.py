"""A query worker process: holds the graph in Oxigraph, answers one job at a time over frames on stdin/stdout.

Run by the pool as `python -m kgraph.endpoint.worker`. Its address space is capped (RLIMIT_AS) before the
graph is loaded, so a query that would take the machine's memory makes the worker fail instead; the pool
then answers 503 and starts another.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from typing import BinaryIO

import pyoxigraph as ox

from kgraph.endpoint.frames import frame, json_frame, read_frame
from kgraph.endpoint.negotiation import negotiate
from kgraph.options import format_size
from kgraph.results import MEDIA_TYPES, TooManyResults, serialize_capped
from kgraph.sparql_guard import RefusedQuery, check_local_query

TEXT = "text/plain; charset=utf-8"


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (on POSIX systems; elsewhere there is no such limit)."""
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def answer(store: ox.Store, settings: dict, query: str, accept: str) -> tuple[int, str, bytes, bool]:
    """(status, content type, body, retire) for one query; `retire` asks the pool to replace this worker."""
    try:
        check_local_query(query)
        result = store.query(query, prefixes=settings["prefixes"], use_default_graph_as_union=True)
        fmt = negotiate(accept, isinstance(result, ox.QueryTriples))
        return 200, MEDIA_TYPES[fmt], serialize_capped(result, fmt, settings["max_rows"]), False
    except SyntaxError as error:
        return 400, TEXT, f"Query syntax error: {error}\n".encode(), False
    except RefusedQuery as error:
        return 400, TEXT, f"Query refused: {error}\n".encode(), False
    except TooManyResults as error:
        return 413, TEXT, f"{error}\n".encode(), False
    except MemoryError:
        limit = format_size(settings["max_memory"])
        message = f"The query needed more than the memory limit of {limit} per worker (--max-memory) and was stopped.\n"
        return 503, TEXT, message.encode(), True
    except Exception as error:
        return 500, TEXT, f"Query failed: {error}\n".encode(), False


def serve_jobs(jobs: BinaryIO, answers: BinaryIO) -> None:
    """Read the settings, load the graph, say ready, then answer jobs until stdin closes."""
    settings = json.loads(read_frame(jobs) or b"{}")
    limit_memory(settings["max_memory"])
    store = ox.Store()
    try:
        # kgraph.nt (the curated graph), or kgraph.trig with `serve --drafts`: its named graphs queried as one
        data_format = ox.RdfFormat.from_extension(settings["data_file"].rsplit(".", 1)[-1])
        store.bulk_load(path=settings["data_file"], format=data_format)
    except (OSError, SyntaxError, MemoryError) as error:
        answers.write(json_frame({"error": f"{type(error).__name__}: {error}"}))
        answers.flush()
        return
    gc.freeze()  # start-up's objects live as long as the worker: out of the collector's full passes
    answers.write(json_frame({"ready": len(store)}))
    answers.flush()
    while (job := read_frame(jobs)) is not None:
        request = json.loads(job)
        status, content_type, body, retire = answer(store, settings, request["query"], request["accept"])
        answers.write(json_frame({"status": status, "type": content_type, "retire": retire}) + frame(body))
        answers.flush()
        if retire:
            return


def main() -> None:
    # Ctrl-C in a terminal reaches the whole process group: the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Frames go to a private copy of stdout; anything a library prints goes to stderr, not into a frame.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve_jobs(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
