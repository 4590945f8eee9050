"""The SPARQL endpoint, queried by a real SPARQL client over loopback."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kgraph.serve import running_endpoint

from .conftest import REPO

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
AGAINST = "SELECT ?state WHERE { ?state kg:votedAgainst kgr:unga-resolution-62-243 } ORDER BY ?state"
# "It was opposed by Angola, Armenia, France, India, Russia, the United States, and Vanuatu."
FORM = "application/x-www-form-urlencoded"
OPPOSED = ["angola", "armenia", "france", "india", "russia", "united-states", "vanuatu"]


@pytest.fixture(scope="module")
def endpoint(build_dir):
    with running_endpoint(REPO, build_dir, "--timeout", "3", "--workers", "2", "--max-rows", "5000") as url:
        yield url


def _client(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def _post(endpoint: str, body: bytes, content_type: str, accept: str = "*/*") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(
        f"{endpoint}/sparql", data=body, headers={"Content-Type": content_type, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_select_in_json(endpoint):
    result = _client(endpoint, AGAINST, JSON).query().convert()
    assert [b["state"]["value"].rsplit("/", 1)[-1] for b in result["results"]["bindings"]] == OPPOSED


def test_select_in_csv_and_xml_with_get(endpoint):
    client = _client(endpoint, AGAINST, CSV)
    client.setMethod("GET")
    rows = client.query().convert().decode().splitlines()
    assert rows[0] == "state" and [r.rsplit("/", 1)[-1] for r in rows[1:]] == OPPOSED
    document = _client(endpoint, AGAINST, XML).query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert [u.rsplit("/", 1)[-1] for u in uris] == OPPOSED


def test_construct_in_turtle(endpoint):
    query = "CONSTRUCT { ?s kg:votedAgainst ?r } WHERE { ?s kg:votedAgainst ?r }"
    data = _client(endpoint, query, TURTLE).query().convert()
    assert len(Graph().parse(data=data, format="turtle")) == len(OPPOSED)


def test_direct_post_and_content_negotiation(endpoint):
    status, headers, body = _post(endpoint, AGAINST.encode(), "application/sparql-query", "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?state"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
        (urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
    ],
)
def test_updates_are_refused_and_the_graph_is_unchanged(endpoint, body, content_type):
    status, _, _ = _post(endpoint, body, content_type)
    assert status == 403
    count = _client(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).query().convert()
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 20_000


def test_a_runaway_query_is_stopped_while_another_query_is_answered(endpoint):
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["runaway"] = _post(endpoint, RUNAWAY.encode(), "application/sparql-query")
        outcome["runaway_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    result = _client(endpoint, AGAINST, JSON).query().convert()
    answered_in = time.monotonic() - started
    thread.join(timeout=30)
    assert len(result["results"]["bindings"]) == len(OPPOSED)
    assert answered_in < 2.0, "the second query waited for the runaway one"
    status, _, body = outcome["runaway"]
    assert status == 503 and b"time limit" in body
    assert outcome["runaway_seconds"] < 10
    # the killed worker is replaced: the endpoint still answers
    assert _client(endpoint, AGAINST, JSON).query().convert()["results"]["bindings"]


def test_results_over_the_row_cap_are_refused_not_cut(endpoint):
    status, _, body = _post(endpoint, b"SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-query")
    assert status == 413 and b"more than 5000 rows" in body


def test_syntax_errors_are_4xx_with_the_position(endpoint):
    status, _, body = _post(endpoint, b"SELECT ?s WHERE { ?s a }", "application/sparql-query")
    assert status == 400 and b"1:" in body


def test_cors_headers_when_asked(endpoint):
    request = urllib.request.Request(f"{endpoint}/sparql", method="OPTIONS", headers={"Origin": "https://example.org"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_the_query_page_embeds_the_catalogue_and_loads_nothing_from_outside(endpoint, catalogue):
    with urllib.request.urlopen(f"{endpoint}/", timeout=10) as response:
        page = response.read().decode()
    # no tag loads from elsewhere (the inlined YASGUI has link templates in its script; Chromium proves no request)
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?(https?:)?//|@import""", page)
    embedded = json.loads(page.split('id="kgraph-examples" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert {e["name"] for e in embedded} == set(catalogue)


def test_binds_to_loopback_by_default(endpoint):
    assert endpoint.startswith("http://127.0.0.1:")


def test_the_query_page_runs_an_example_in_headless_chromium(endpoint, artifacts):
    from .browser import offline_page

    with offline_page() as (page, log):
        page.goto(f"{endpoint}/")
        page.wait_for_function("window.kgraphYasgui !== undefined")
        page.select_option("#examples", "resolution-votes")
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr table tbody tr")
        rows = page.locator(".tabPanel.active .yasr table tbody tr").count()
        page.screenshot(path=str(artifacts / "query-page-endpoint.png"), full_page=False)
    # 7 states against and 9 named for Resolution 62/243
    assert rows == 16
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def test_the_network_page_is_served_at_graph(endpoint, outputs):
    with urllib.request.urlopen(f"{endpoint}/graph", timeout=10) as response:
        assert response.status == 200
        assert response.read() == outputs["graph.html"]


def test_a_runaway_query_sent_from_a_web_page_gets_its_503_with_cors(endpoint):
    # The supervisor answers for the worker it stopped: the answer must still reach a page in the browser.
    request = urllib.request.Request(
        f"{endpoint}/sparql",
        data=RUNAWAY.encode(),
        headers={"Content-Type": "application/sparql-query", "Origin": "https://example.org"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 503 and b"time limit of 3 s" in refused.value.read()
    assert refused.value.headers["Access-Control-Allow-Origin"] == "*"
    assert refused.value.headers["X-Content-Type-Options"] == "nosniff"


def test_one_keep_alive_connection_carries_questions_of_every_kind(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    asked = [
        ("GET", f"/sparql?{urllib.parse.urlencode({'query': AGAINST})}", None, {}),
        ("POST", "/sparql", AGAINST.encode(), {"Content-Type": "application/sparql-query"}),
        ("GET", "/sparql?query=SELECT", None, {}),  # a syntax error, answered on the same connection
        ("POST", "/sparql", urllib.parse.urlencode({"query": AGAINST}).encode(), {"Content-Type": FORM}),
    ]
    sockets, answers = set(), []
    try:
        for method, path, body, headers in asked:
            connection.request(method, path, body, {"Accept": "application/sparql-results+json", **headers})
            response = connection.getresponse()
            answers.append((response.status, response.read()))
            sockets.add(id(connection.sock))
    finally:
        connection.close()
    assert len(sockets) == 1, "the server closed a keep-alive connection between answers"
    assert [status for status, _ in answers] == [200, 200, 400, 200]
    for status, body in answers:
        if status == 200:
            states = [b["state"]["value"].rsplit("/", 1)[1] for b in json.loads(body)["results"]["bindings"]]
            assert states == OPPOSED


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_stopping_the_server_stops_its_workers(build_dir):
    running_before = _children(os.getpid())  # the module's endpoint among them
    with running_endpoint(REPO, build_dir, "--workers", "3") as url:
        assert urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=30).status == 200
        (server,) = _children(os.getpid()) - running_before
        workers = _children(server)
        assert len(workers) == 3
    deadline = time.monotonic() + 30  # bounds the wait only: workers go when the server does
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_with_one_worker_a_connection_waiting_behind_a_runaway_query_is_answered_by_its_replacement(build_dir):
    outcome: dict[str, object] = {}
    with running_endpoint(REPO, build_dir, "--workers", "1", "--timeout", "2") as url:

        def runaway() -> None:
            outcome["runaway"] = _post(url, RUNAWAY.encode(), "application/sparql-query")

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)  # the runaway query has the only worker; this connection is handed to it all the same
        result = _client(url, AGAINST, JSON).query().convert()
        thread.join(timeout=30)
    assert outcome["runaway"][0] == 503  # type: ignore[index]
    assert [b["state"]["value"].rsplit("/", 1)[1] for b in result["results"]["bindings"]] == OPPOSED
