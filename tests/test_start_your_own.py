"""A new user's whole path with the installed package, from an empty folder and a real article about another
conflict: init, add-source, draft, review, accept and reject, build, a catalogue query, viz and export.

The article is the English Wikipedia "Sochi agreement" (tests/data/corpus, attribution in its SOURCES.md). It says
the agreement was "signed in Sochi on June 24, 1992 between Georgia and Russia", and "Russia brokered a ceasefire
and negotiated the agreement in 1992"."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from .conftest import TEST_DATA

ARTICLE = TEST_DATA / "corpus" / "articles" / "sochi-agreement.txt"
CITATION = [
    "--title", "Sochi agreement",
    "--publisher", "English Wikipedia",
    "--creator", "Wikipedia contributors",
    "--license", "https://creativecommons.org/licenses/by-sa/4.0/",
    "--attribution", 'Text of the English Wikipedia article "Sochi agreement" by Wikipedia contributors, CC BY-SA 4.0.',
]  # fmt: skip


def _ok(result):
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _draft_id(listing: str, subject: str, relation: str) -> str:
    (found,) = re.findall(rf"^(x-{subject}-{relation}-sochi-agreement-[0-9a-f]+)\b", listing, re.M)
    return found


def _agreements(kgraph, *options: str) -> set[tuple[str, str]]:
    rows = csv.DictReader(io.StringIO(_ok(kgraph("query", "agreements", "--format", "csv", *options)).stdout))
    return {(row["partyLabel"], row["relation"]) for row in rows if row["agreementLabel"] == "Sochi agreement"}


def _statement_ids(path: Path, fmt: ox.RdfFormat) -> set[str]:
    subjects = {
        str(q.subject.value) for q in ox.parse(path=str(path), format=fmt) if isinstance(q.subject, ox.NamedNode)
    }
    return {s.rsplit("/", 1)[1] for s in subjects if "/statement/" in s and s.count("/") == 5}


def test_a_new_user_builds_a_graph_of_another_conflict_from_an_empty_folder(installed_kgraph, tmp_path: Path):
    work = tmp_path / "empty"
    work.mkdir()
    _ok(installed_kgraph.runner(work)("init", "sochi", "-q"))
    shutil.copy(ARTICLE, work / "sochi-agreement.txt")
    dataset = work / "sochi"
    kgraph = installed_kgraph.runner(dataset)  # every command below runs inside the dataset, with no --root
    _ok(kgraph("add-source", "../sochi-agreement.txt", *CITATION, "--extract", "-q"))
    article = dataset / "data" / "sources" / "sochi-agreement.txt"
    assert article.read_bytes() == ARTICLE.read_bytes()

    drafted = _ok(kgraph("draft", str(article), "-q")).stdout
    assert "relation: signed" in drafted and "relation: brokered" in drafted

    listing = _ok(kgraph("review")).stdout
    georgia_signed = _draft_id(listing, "georgia", "signed")
    russia_signed = _draft_id(listing, "russia", "signed")
    russia_brokered = _draft_id(listing, "russia", "brokered")
    assert "Russia brokered a ceasefire and negotiated the agreement in 1992." in listing
    _ok(kgraph("accept", georgia_signed))
    _ok(kgraph("reject", russia_signed, "--reason", "kept out to test rejection"))
    curated_yaml = (dataset / "data" / "statements" / "sochi-agreement.yaml").read_text(encoding="utf-8")
    assert "relation: signed" in curated_yaml and "subject: georgia" in curated_yaml

    _ok(kgraph("build", "-q"))
    build = dataset / "build"
    # curated: the accepted statement; a draft: the undecided one; gone: the rejected one
    assert _agreements(kgraph) == {("Georgia", "signed")}
    assert _agreements(kgraph, "--drafts") == {("Georgia", "signed"), ("Russia", "brokered")}
    curated = _statement_ids(build / "kgraph.nt", ox.RdfFormat.N_TRIPLES)
    everything = _statement_ids(build / "kgraph.trig", ox.RdfFormat.TRIG)
    assert "georgia-signed-sochi-agreement" in curated
    assert russia_brokered not in curated and russia_brokered in everything
    assert russia_signed not in everything

    # an edit earlier in the article moves every sentence; the decisions still hold
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n\n", "\n\nThis copy of the article was edited.\n\n", 1), encoding="utf-8")
    rebuilt = _ok(kgraph("build"))
    assert "match no draft" not in rebuilt.stderr, "no decision went stale"
    assert _agreements(kgraph) == {("Georgia", "signed")}
    assert _agreements(kgraph, "--drafts") == {("Georgia", "signed"), ("Russia", "brokered")}
    assert russia_signed not in _statement_ids(build / "kgraph.trig", ox.RdfFormat.TRIG)
    assert russia_brokered in _ok(kgraph("review")).stdout and russia_signed not in _ok(kgraph("review")).stdout

    _ok(kgraph("viz", "-o", "network.html", "-q"))
    page = (dataset / "network.html").read_text(encoding="utf-8")
    assert "Georgia" in page and '<script src="http' not in page

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    loaded = {}
    for name, fmt in formats.items():
        _ok(kgraph("export", "--format", name, "-o", f"out.{name}", "-q"))
        store = ox.Store()
        store.load(path=str(dataset / f"out.{name}"), format=fmt)
        loaded[name] = set(store)
    assert loaded["turtle"] == loaded["nt"] == loaded["jsonld"] and len(loaded["nt"]) > 100
    _ok(kgraph("export", "--format", "trig", "-o", "out.trig", "-q"))
    store = ox.Store()
    store.load(path=str(dataset / "out.trig"), format=ox.RdfFormat.TRIG)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert "https://kgraph.example.org/sochi/graph/drafts" in graphs
