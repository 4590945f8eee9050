"""The SPARQL 1.1 Protocol over HTTP, read-only: `/sparql` (GET and POST), the query page `/`, the network `/graph`,
and, when pages are given, the graph's own IRIs (`/entity/…`, `/statement/…`, `/source/…`) and `/search`.

This runs in each worker, and the query runs where its request was parsed. Every query is checked by
`sparql_guard` before it runs (`QueryRunner.answer`): a refused one (SERVICE, FROM, an update) gets 400.
Request bodies are read only up to `--max-body`. `GET /sparql`, the protocol's common case, is answered by
`get_sparql`: in the HTTP protocol's callback (`quick_answers`) or, when the protocol leaves it to the
application (pipelining), by a plain ASGI function; everything else goes through Starlette's routing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kgraph.endpoint.http import CONNECTION, QuickAnswer
from kgraph.endpoint.limits import Limits
from kgraph.endpoint.pages import PAGE_PATHS, PageResponder
from kgraph.endpoint.worker import QueryRunner
from kgraph.options import format_size

READ_ONLY = "This endpoint is read-only: SPARQL updates are refused."
# RFC 9110 allows any number of digits; past what a 64-bit length can hold it is malformed (as nginx reads it).
_LARGEST_LENGTH = 2**63 - 1


class Refusal(Exception):
    """A request answered with an error before any query runs; `close` ends the connection (its body is unread)."""

    def __init__(self, status: int, message: str, close: bool = False):
        super().__init__(message)
        self.status, self.message, self.close = status, message, close

    def response(self) -> Response:
        headers = {"Connection": "close"} if self.close else None
        return PlainTextResponse(f"{self.message}\n", self.status, headers=headers)


def endpoint_app(
    runner: QueryRunner,
    page: bytes,
    graph_page: Path | None,
    limits: Limits,
    pages: PageResponder | None = None,
) -> ASGIApp:
    """The endpoint as an ASGI application, with CORS on every answer; `pages` answers GET on the graph's IRIs."""

    async def query_page(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def network_page(request: Request) -> Response:
        if graph_page and graph_page.is_file():
            return FileResponse(graph_page, media_type="text/html; charset=utf-8")
        return PlainTextResponse("No network view in this build yet: run 'kgraph viz' first.\n", 404)

    async def sparql(request: Request) -> Response:
        try:
            query = await _query_of(request, limits)
        except Refusal as refusal:
            return refusal.response()
        headers = request.headers
        status, content_type, body, close = runner.answer(
            query, headers.get("accept", ""), request.scope[CONNECTION], "origin" in headers
        )
        return Response(body, status, media_type=content_type, headers={"Connection": "close"} if close else None)

    async def not_found(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Not found. The SPARQL endpoint is /sparql; the query page is /.\n", 404)

    def resource_page(request: Request) -> Response:
        # sync on purpose: Starlette runs it in its thread pool, and a page takes milliseconds
        status, headers, body = pages(request.url.path, request.headers.get("accept"), request.url.query)
        return Response(body, status, headers=dict(headers))

    routes = [
        Route("/", query_page, methods=["GET"]),
        Route("/graph", network_page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ]
    if pages is not None:
        routes += [Route(path, resource_page, methods=["GET"]) for path in PAGE_PATHS]
    routed = CrossOrigin(Starlette(routes=routes, exception_handlers={404: not_found}))

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == "/sparql":
            status, headers, body = get_sparql(runner, scope["query_string"], scope["headers"], scope[CONNECTION])
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        else:
            await routed(scope, receive, send)

    return app


def quick_answers(runner: QueryRunner) -> QuickAnswer:
    """What the HTTP protocol may answer itself, without an ASGI task: `GET /sparql`, the protocol's common case."""

    def answer(path: bytes, query_string: bytes, headers: list[tuple[bytes, bytes]], connection: int):
        return get_sparql(runner, query_string, headers, connection) if path == b"/sparql" else None

    return answer


def get_sparql(
    runner: QueryRunner, query_string: bytes, headers: list[tuple[bytes, bytes]], connection: int
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """(status, headers, body) for `GET /sparql?query=…`, as the Starlette route answers a POST."""
    accept, from_page = "", False
    for name, value in headers:
        if name == b"accept":
            accept = value.decode("latin-1")
        elif name == b"origin":
            from_page = True
    try:
        query = _query_field(parse_qs(query_string.decode("latin-1")))
    except Refusal as refusal:
        status, content_type, body, close = refusal.status, TEXT, f"{refusal.message}\n".encode(), refusal.close
    else:
        status, content_type, body, close = runner.answer(query, accept, connection, from_page)
    answer_headers = [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
        _NOSNIFF,
    ]
    if from_page:
        answer_headers.append(_ANY_ORIGIN)
    if close:
        answer_headers.append((b"connection", b"close"))
    return status, answer_headers, body


TEXT = "text/plain; charset=utf-8"
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_ANY_ORIGIN = (b"access-control-allow-origin", b"*")


async def _query_of(request: Request, limits: Limits) -> str:
    """The query text of a protocol request (GET, POST form, POST application/sparql-query); Refusal if none."""
    url_fields = parse_qs(request.scope["query_string"].decode("latin-1"))
    if request.method != "POST":
        return _query_field(url_fields)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        raise Refusal(403, READ_ONLY, close=True)
    if content_type not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise Refusal(415, "Send application/sparql-query or application/x-www-form-urlencoded.", close=True)
    body = (await read_body(request, limits)).decode("utf-8", errors="replace")
    if content_type == "application/x-www-form-urlencoded":
        return _query_field(parse_qs(body))
    _refuse_dataset(url_fields)
    return body


def _query_field(fields: dict[str, list[str]]) -> str:
    if "update" in fields:
        raise Refusal(403, READ_ONLY)
    if len(fields.get("query", [])) != 1:
        raise Refusal(400, "Give exactly one 'query' parameter.")
    _refuse_dataset(fields)
    return fields["query"][0]


def _refuse_dataset(fields: dict[str, list[str]]) -> None:
    if fields.get("default-graph-uri") or fields.get("named-graph-uri"):
        raise Refusal(
            400,
            "This endpoint queries the union of its graphs; default-graph-uri and named-graph-uri are not "
            "supported. Use GRAPH in the query.",
        )


async def read_body(request: Request, limits: Limits) -> bytes:
    """The request body, refused (413) from its declared length before it is read, or as soon as it passes the
    limit while it streams in; 408 if it stops arriving for the idle timeout."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or int(declared) > _LARGEST_LENGTH:
            raise Refusal(400, f"Content-Length must be a number of bytes, not {declared[:40]!r}.", close=True)
        if int(declared) > limits.max_body:
            raise Refusal(413, _too_large(f"{declared} bytes", limits), close=True)
    chunks, size = [], 0
    stream = request.stream()
    try:
        while chunk := await asyncio.wait_for(stream.__anext__(), limits.idle_timeout):
            size += len(chunk)
            if size > limits.max_body:
                raise Refusal(413, _too_large("over the limit", limits), close=True)
            chunks.append(chunk)
    except StopAsyncIteration:
        pass
    except asyncio.TimeoutError:
        raise Refusal(408, f"The request body stopped arriving for {limits.idle_timeout:g} s.", close=True) from None
    except ClientDisconnect:
        raise Refusal(400, "The client closed the connection before the body was sent.", close=True) from None
    return b"".join(chunks)


def _too_large(what: str, limits: Limits) -> str:
    return (
        f"The request body is {what}; this endpoint takes at most {limits.max_body} bytes "
        f"({format_size(limits.max_body)}, --max-body). Send a shorter query."
    )


class CrossOrigin:
    """CORS for every answer, and `nosniff`.

    Any web page may query the endpoint (YASGUI and similar tools need that). That is safe because the endpoint
    is read-only and no query can make it send a request anywhere (see `sparql_guard`).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await _preflight(send)
            return
        from_page = any(name == b"origin" for name, _ in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), _NOSNIFF]
                if from_page:
                    headers.append(_ANY_ORIGIN)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _preflight(send: Send) -> None:
    headers = [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"access-control-allow-headers", b"Content-Type, Accept"),
        (b"access-control-max-age", b"86400"),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
