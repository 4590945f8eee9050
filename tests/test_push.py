"""kgraph push against a real Oxigraph server on loopback: same answers remotely, failures leave no trace."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.cli import EXIT_PUSH_FAILED, main
from kgraph.query import KnowledgeGraph, parse_value
from kgraph.store import to_oxigraph

from .conftest import REPO
from .engines import free_port, rows_from_json, rows_from_oxigraph, with_values

GRAPH = "https://kgraph.example.org/nagorno-karabakh/graph/all"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert binary, "the oxigraph server is a test dependency: pip install -e '.[test]'"
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _remote(url: str, query: str) -> dict:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{url}/query", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _push(build_dir: Path, url: str, *extra: str) -> int:
    return main(
        [
            "--root",
            str(REPO),
            "-q",
            "push",
            "--endpoint",
            f"{url}/store",
            "--update-endpoint",
            f"{url}/update",
            "--build-dir",
            str(build_dir),
            "--chunk-size",
            "4000",
            *extra,
        ]
    )


def test_push_then_the_catalogue_gives_the_local_answers_remotely(build_dir: Path, oxigraph_server, catalogue, capsys):
    assert _push(build_dir, oxigraph_server, "--replace") == 0
    expected = sum(1 for line in (build_dir / "kgraph.nt").read_text(encoding="utf-8").splitlines() if line)
    assert f"the store now holds {expected} triples" in capsys.readouterr().out
    assert _push(build_dir, oxigraph_server, "--replace") == 0, "pushing again must not duplicate anything"
    assert f"the store now holds {expected} triples" in capsys.readouterr().out

    local = KnowledgeGraph.open(build_dir)
    differences = []
    for name, query in sorted(catalogue.items()):
        values = {k: parse_value(v, local.prefixes) for k, v in query.params.items()}
        mine = rows_from_oxigraph(
            local.store.query(query.text, substitutions={ox.Variable(k): to_oxigraph(v) for k, v in values.items()})
        )
        theirs = rows_from_json(_remote(oxigraph_server, with_values(query.text, values)))
        if mine != theirs:
            differences.append(name)
    assert differences == []


def test_a_failed_push_leaves_the_target_graph_as_it_was(build_dir: Path, oxigraph_server, tmp_path, capsys):
    assert _push(build_dir, oxigraph_server, "--replace") == 0
    before = _remote(oxigraph_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    broken = tmp_path / "build"
    shutil.copytree(build_dir, broken)
    lines = (broken / "kgraph.nt").read_text(encoding="utf-8").splitlines()
    lines.insert(6000, "<this is not N-Triples")  # in the second chunk: the first one has gone in already
    (broken / "kgraph.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert _push(broken, oxigraph_server, "--replace") == EXIT_PUSH_FAILED
    assert "left as it was" in capsys.readouterr().err
    after = _remote(oxigraph_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert after == before
    graphs = _remote(oxigraph_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [GRAPH], "the staging graph was not removed"
