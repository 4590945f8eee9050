"""Push: upload a build to any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

The triples go, chunk by chunk, into a temporary graph; only once every chunk is in does the target
graph change (MOVE/ADD through the store's update endpoint where one is given, else one PUT or POST of
the whole graph). A failed push deletes the temporary graph and leaves the target as it was.

Every request has a timeout and the whole push a deadline, so a store that accepts connections and never
answers fails the push in bounded time. Graph IRIs are checked before any request: they are written
between < and > in the update, so one holding '>' could add operations of its own.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import math
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from kgraph.errors import UsageError
from kgraph.iri import iri_problem
from kgraph.options import PUSH_DEADLINE, PUSH_TIMEOUT

TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
CLEANUP_GRACE = 5.0  # seconds allowed past the deadline to delete the temporary graph
_READ_BLOCK = 1 << 16


class PushError(Exception):
    """The store refused the data, or stayed unreachable after the retries, or the deadline passed."""


def check_push_options(
    endpoint: str, update_endpoint: str | None, graph: str, chunk_size: int, timeout: float, deadline: float
) -> None:
    """Refuse option values a push cannot use, before any request; raise UsageError saying which and why."""
    for option, url in (("--endpoint", endpoint), ("--update-endpoint", update_endpoint)):
        if url is not None and (problem := iri_problem(url, http=True)):
            raise UsageError(f"{option} {url!r} is not a usable URL: {problem}")
    if problem := iri_problem(graph, http=True):
        raise UsageError(f"the graph IRI {graph!r} cannot be used: {problem}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise UsageError(f"--chunk-size is the triples sent per request: a whole number of 1 or more, not {chunk_size}")
    for option, seconds in (("--timeout", timeout), ("--deadline", deadline)):
        if not (isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0):
            raise UsageError(f"{option} is a number of seconds greater than 0, not {seconds}")


class Deadline:
    """The time left for a push, on the monotonic clock."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def extend(self, seconds: float) -> None:
        """Allow `seconds` more from now (for the clean-up after a failure)."""
        self.ends = time.monotonic() + seconds


@dataclass(frozen=True)
class Store:
    """Where to push: the Graph Store endpoint, an optional SPARQL Update endpoint, and credentials."""

    endpoint: str
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    retries: int = 3
    backoff: float = 0.5
    timeout: float = PUSH_TIMEOUT
    deadline: Deadline | None = None

    def request(
        self,
        method: str,
        graph: str | None,
        body: bytes | None = None,
        accept: str | None = None,
        content_type: str = "application/n-triples",
        url: str | None = None,
    ) -> bytes:
        """One HTTP request, retried with backoff on transient failures; raises PushError otherwise."""
        target = url or self.endpoint
        if graph is not None:
            separator = "&" if "?" in target else "?"
            target = f"{target}{separator}{urllib.parse.urlencode({'graph': graph})}"
        headers = {"Content-Type": content_type} if body is not None else {}
        if accept:
            headers["Accept"] = accept
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        for attempt in range(self.retries + 1):
            timeout = self._time_left(method, target)
            try:
                request = urllib.request.Request(target, data=body, method=method, headers=headers)
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return self._read(response, method, target)
            except urllib.error.HTTPError as error:
                detail = error.read(300).decode("utf-8", errors="replace")
                if error.code not in TRANSIENT or attempt == self.retries:
                    raise PushError(f"{method} {target}: HTTP {error.code} {detail}".strip()) from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                if attempt == self.retries:
                    reason = "no answer" if isinstance(error, TimeoutError) else str(error)
                    raise PushError(f"{method} {target}: {reason} (within {timeout:.3g} s)") from None
            pause = self.backoff * 2**attempt
            if self.deadline is not None:
                pause = min(pause, max(self.deadline.remaining(), 0))
            time.sleep(pause)
        raise AssertionError("unreachable")

    def _time_left(self, method: str, target: str) -> float:
        """The timeout for the next request: the per-request timeout, cut to what is left of the deadline."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline.remaining()
        if left <= 0:
            raise PushError(f"{method} {target}: the push passed its deadline of {self.deadline.seconds:g} s")
        return min(self.timeout, left)

    def _read(self, response, method: str, target: str) -> bytes:
        """The whole body, checking the deadline between blocks so that a trickling answer cannot stall the push."""
        blocks = []
        while block := response.read(_READ_BLOCK):
            blocks.append(block)
            if self.deadline is not None and self.deadline.remaining() <= 0:
                raise PushError(f"{method} {target}: the push passed its deadline of {self.deadline.seconds:g} s")
        return b"".join(blocks)

    def update(self, text: str) -> None:
        self.request(
            "POST", None, text.encode("utf-8"), content_type="application/sparql-update", url=self.update_endpoint
        )

    def count(self, graph: str) -> int:
        """Triples the store holds in `graph`."""
        data = self.request("GET", graph, accept="application/n-triples")
        return sum(1 for line in data.decode("utf-8").splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class PushReport:
    graph: str
    sent: int
    chunks: int
    held: int | None  # None when the store did not answer the count


def push(
    lines: list[str],
    store: Store,
    graph: str,
    replace: bool,
    chunk_size: int = 5000,
    progress: Callable[[str], None] = lambda message: None,
    deadline: float = PUSH_DEADLINE,
) -> PushReport:
    """Upload N-Triples lines to `graph`, replacing it or adding to it, through a temporary graph.

    Raises UsageError for an unusable graph IRI, endpoint or option (before any request), and PushError
    when the store fails or the whole push takes longer than `deadline` seconds.
    """
    check_push_options(store.endpoint, store.update_endpoint, graph, chunk_size, store.timeout, deadline)
    store = dataclasses.replace(store, deadline=Deadline(deadline))
    staging = f"{graph}-upload-{uuid.uuid4().hex[:12]}"
    chunks = [lines[i : i + chunk_size] for i in range(0, len(lines), chunk_size)] or [[]]
    try:
        for index, chunk in enumerate(chunks):
            body = "".join(f"{line}\n" for line in chunk).encode("utf-8")
            store.request("PUT" if index == 0 else "POST", staging, body)
            progress(f"chunk {index + 1}/{len(chunks)}: {len(chunk)} triples")
        if store.update_endpoint:
            verb = "MOVE" if replace else "ADD"
            store.update(f"{verb} <{staging}> TO <{graph}>")
        else:
            whole = "".join(f"{line}\n" for line in lines).encode("utf-8")
            store.request("PUT" if replace else "POST", graph, whole)
    except PushError:
        # One quick attempt to remove the temporary graph, even past the deadline; MOVE may have removed it.
        store.deadline.extend(min(store.timeout, CLEANUP_GRACE))
        with contextlib.suppress(PushError):
            dataclasses.replace(store, retries=0).request("DELETE", staging)
        raise
    # The target now holds the data; what follows only tidies up and reports, so it gets its own grace.
    store.deadline.extend(max(store.deadline.remaining(), min(store.timeout, CLEANUP_GRACE)))
    with contextlib.suppress(PushError):  # MOVE already removed it
        store.request("DELETE", staging)
    try:
        held: int | None = store.count(graph)
    except PushError:
        held = None
    return PushReport(graph, len(lines), len(chunks), held)
