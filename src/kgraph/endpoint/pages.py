"""What the endpoint asks of the graph's pages (made by `kgraph.publish`, which the endpoint does not import)."""

from __future__ import annotations

from collections.abc import Callable

# A GET on one of the graph's own paths: (path, Accept header, query string) -> (status, headers, body).
PageResponder = Callable[[str, str | None, str], tuple[int, list[tuple[str, str]], bytes]]

# The dataset's base IRI is mapped onto the server's root: `<base>entity/russia` is `/entity/russia`.
PAGE_PATHS = ("/search", "/entity/{rest:path}", "/statement/{rest:path}", "/source/{rest:path}")
