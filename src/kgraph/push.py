"""Push: upload a build to any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

The triples go, chunk by chunk, into a temporary graph; only once every chunk is in does the target
graph change (MOVE/ADD through the store's update endpoint where one is given, else one PUT or POST of
the whole graph). A failed push deletes the temporary graph and leaves the target as it was.
"""

from __future__ import annotations

import base64
import contextlib
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass

TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


class PushError(Exception):
    """The store refused the data, or stayed unreachable after the retries."""


@dataclass(frozen=True)
class Store:
    """Where to push: the Graph Store endpoint, an optional SPARQL Update endpoint, and credentials."""

    endpoint: str
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    retries: int = 3
    backoff: float = 0.5

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
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(target, data=body, method=method, headers=headers), timeout=120
                ) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", errors="replace")[:300]
                if error.code not in TRANSIENT or attempt == self.retries:
                    raise PushError(f"{method} {target}: HTTP {error.code} {detail}".strip()) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    raise PushError(f"{method} {target}: {error}") from None
            time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

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
    held: int


def push(
    lines: list[str],
    store: Store,
    graph: str,
    replace: bool,
    chunk_size: int = 5000,
    progress: Callable[[str], None] = lambda message: None,
) -> PushReport:
    """Upload N-Triples lines to `graph`, replacing it or adding to it, through a temporary graph."""
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
    finally:
        with contextlib.suppress(PushError):  # MOVE already removed it, or the store is gone
            store.request("DELETE", staging)
    return PushReport(graph, len(lines), len(chunks), store.count(graph))
