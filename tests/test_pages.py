"""Entity, statement and source pages, dereferenceable IRIs, the YASGUI query page and the static site.

The pages are server-independent (`Pages.respond`); here a throwaway stdlib server on 127.0.0.1 wraps
them, with a minimal /sparql that runs queries through KnowledgeGraph, so that Chromium can be pointed
at them with the network blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.request import Request, urlopen

import pyoxigraph as ox
import pytest

from kgraph.cli import main
from kgraph.project import Project
from kgraph.publish.linked_data import Pages, negotiate, open_pages
from kgraph.publish.search import fold, search
from kgraph.publish.yasgui import yasgui_page
from kgraph.query import KnowledgeGraph
from kgraph.serve import running_endpoint

from .browser import offline_page
from .conftest import REPO

BASE = "https://kgraph.example.org/nagorno-karabakh/"
RUSSIA = BASE + "entity/russia"
HOSTILE = "<img src=x onerror=alert(1)>"
SHOT = {"x": 0, "y": 0, "width": 1400, "height": 1500}
REMOTE = re.compile(
    r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//""", re.I
)


@pytest.fixture(scope="module")
def pages(build_dir: Path) -> Pages:
    return open_pages(build_dir, REPO / "queries", REPO / "data" / "dataset.yaml")


@pytest.fixture(scope="module")
def server(build_dir: Path) -> Iterator[str]:
    """`kgraph serve` on the seed's build: the pages are mounted on the graph's own paths, YASGUI at /."""
    with running_endpoint(REPO, build_dir) as url:
        yield url


def _count(graph: KnowledgeGraph, query: str) -> int:
    return int(next(iter(graph.query(query)))["n"].value)


RUSSIA_DATED = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  { ?s rdf:subject kgr:russia } UNION { ?s rdf:object kgr:russia }
  ?s a kg:Statement .
  FILTER EXISTS { ?s kg:pointInTime|kg:startTime|kg:endTime ?when }
}
"""
RUSSIA_PARTIES = """
SELECT (COUNT(DISTINCT ?other) AS ?n) WHERE {
  { ?s rdf:subject kgr:russia ; rdf:object ?other } UNION { ?s rdf:object kgr:russia ; rdf:subject ?other }
  ?s a kg:Statement .
  FILTER (?other != kgr:russia)
}
"""


def _triples(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(body, format=fmt)}


# Written for this test, independently of the pages' own queries: statement nodes naming Russia on either side.
RUSSIA_STATEMENTS = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  { ?s rdf:subject kgr:russia } UNION { ?s rdf:object kgr:russia }
  ?s a kg:Statement .
}
"""


def test_negotiation_follows_q_values_and_specificity():
    assert negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "html"
    assert negotiate("text/turtle") == "turtle"
    assert negotiate("application/ld+json;q=0.9, text/turtle;q=0.5") == "jsonld"
    assert negotiate("text/html;q=0.1, application/n-triples") == "nt"
    assert negotiate("") == "html"
    assert negotiate("*/*") == "html"
    # text/* matches html and turtle alike at q=1; the more specific range wins for turtle
    assert negotiate("text/*;q=0.3, text/turtle") == "turtle"
    assert negotiate("image/png") is None
    assert negotiate("text/html;q=0, */*") == "turtle"


def test_paths_resolve_to_the_graphs_iris(pages: Pages):
    assert pages.resolve("/entity/russia") == RUSSIA
    assert pages.resolve("/statement/armenia-only-allies-ter-petrosyan-1993-russia") == (
        BASE + "statement/armenia-only-allies-ter-petrosyan-1993-russia"
    )
    assert (
        pages.resolve("/source/wikipedia-nagorno-karabakh-conflict")
        == BASE + "source/wikipedia-nagorno-karabakh-conflict"
    )
    assert pages.resolve("/entity/no-such-party") is None
    assert pages.resolve("/sparql") is None
    assert pages.resolve("/entity/russia>%20<x") is None


def test_turtle_for_rdf_clients_holds_the_statements_of_the_entity(pages: Pages):
    status, headers, body = pages.respond("/entity/russia", "text/turtle")
    header = dict(headers)
    assert status == 200 and header["Content-Type"].startswith("text/turtle")
    assert header["Vary"] == "Accept" and header["Content-Location"] == "/entity/russia.ttl"
    assert '</entity/russia.ttl>; rel="alternate"; type="text/turtle"' in header["Link"]
    assert '</entity/russia.html>; rel="alternate"; type="text/html"' in header["Link"]
    triples = _triples(body, ox.RdfFormat.TURTLE)
    subject = ox.NamedNode(RUSSIA)
    statements = {
        t.subject for t in triples if t.object == subject and t.predicate.value.endswith("rdf-syntax-ns#subject")
    }
    statements |= {
        t.subject for t in triples if t.object == subject and t.predicate.value.endswith("rdf-syntax-ns#object")
    }
    assert len(statements) == _count(pages.graph, RUSSIA_STATEMENTS)
    # each statement's quote is there too (its evidence and selectors)
    quotes = [t for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert len(quotes) == len(statements)
    # Russia brokered the Bishkek Protocol: "the Bishkek Protocol … brokered by Russia"
    assert (
        ox.Triple(
            subject,
            ox.NamedNode("https://kgraph.example.org/ontology#brokered"),
            ox.NamedNode(BASE + "entity/bishkek-protocol"),
        )
        in triples
    )


def test_other_rdf_formats_parse_and_match(pages: Pages):
    turtle = _triples(pages.respond("/entity/russia", "text/turtle").body, ox.RdfFormat.TURTLE)
    nt = pages.respond("/entity/russia.nt", "text/html")
    assert dict(nt.headers)["Content-Type"] == "application/n-triples"
    assert _triples(nt.body, ox.RdfFormat.N_TRIPLES) == turtle
    jsonld = pages.respond("/entity/russia", "application/ld+json")
    assert _triples(jsonld.body, ox.RdfFormat.JSON_LD) == turtle
    assert pages.respond("/entity/russia", "text/turtle").body == pages.respond("/entity/russia", "text/turtle").body


def test_html_for_browsers_and_404_for_unknown_iris(pages: Pages):
    status, headers, body = pages.respond("/entity/russia", "text/html,*/*;q=0.8")
    assert status == 200 and dict(headers)["Content-Type"].startswith("text/html")
    assert "<h1>Russia</h1>" in body.decode()
    status, headers, body = pages.respond("/entity/atlantis", "text/html")
    assert status == 404 and "Not found" in body.decode() and BASE + "entity/atlantis" in body.decode()
    assert pages.respond("/entity/atlantis", "text/turtle").status == 404
    assert pages.respond("/entity/russia", "image/png").status == 406


def test_search_ignores_accents_and_case(pages: Pages):
    assert fold("Şuşa ÇÖL") == "susa col"
    hits = search(pages.index, "RUSSIA")
    assert hits[0].entity.iri == RUSSIA and hits[0].exact
    # "Jean-Bernard Mérimée" (the label; the alias "Merimee" lacks the first name) found without accents
    hits = search(pages.index, "jean bernard MERIMEE")
    assert [h.entity.iri for h in hits] == [BASE + "entity/jean-bernard-merimee"] and hits[0].exact
    status, _, body = pages.respond("/search", "text/html", "q=J%C3%A9AN-bernard")
    assert status == 200 and 'href="/entity/jean-bernard-merimee"' in body.decode()
    # a whole name (here an alias, "1994 ceasefire") lands on the page of the one entity it names
    status, headers, _ = pages.respond("/search", "text/html", "q=1994+Ceasefire")
    assert status == 303 and dict(headers)["Location"] == "/entity/bishkek-protocol"


def test_yasgui_page_is_self_contained(pages: Pages):
    page = yasgui_page(pages.graph.catalogue, pages.graph.prefixes).decode()
    assert not REMOTE.search(page)
    assert "prefix.cc" not in page.split("Yasqe.Autocompleters.prefixes.get", 1)[1]
    assert page.count("<option value=") == len(pages.graph.catalogue) + 1


def test_yasgui_runs_a_catalogue_query_and_a_result_opens_the_entity_page(server: str, pages: Pages, artifacts: Path):
    with offline_page() as (page, log):
        page.goto(server + "/")
        page.wait_for_function("window.kgraphYasgui !== undefined")
        # YASGUI's defaults fetch prefix.cc on a prefix and lov.linkeddata.es on a property or class name
        # (both seen with this same typing when the page's settings are removed); here nothing may leave
        page.click(".CodeMirror")
        page.keyboard.press("Control+a")
        page.keyboard.type("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE { ?s rdfs:lab")
        page.keyboard.press("Control+Space")
        page.keyboard.type(" ?o . ?o a rdfs:Cla")
        page.keyboard.press("Control+Space")
        page.keyboard.press("Escape")
        page.keyboard.type("\nrd")
        page.keyboard.press("Control+Space")
        page.wait_for_timeout(500)
        page.select_option("#examples", "arms-suppliers")
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr table tbody tr a.kgraph-local")
        rows = page.locator(".tabPanel.active .yasr table tbody tr").count()
        page.screenshot(path=str(artifacts / "query-page.png"))
        link = page.locator(".tabPanel.active .yasr a.kgraph-local[href='/entity/armenia']").first
        link.click()
        page.wait_for_url(server + "/entity/armenia")
        heading = page.inner_text("h1")
    assert rows > 0 and heading == "Armenia"
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def test_russia_page_lists_every_statement_with_its_quote_and_the_quote_opens_the_source(
    server: str, pages: Pages, artifacts: Path
):
    expected = _count(pages.graph, RUSSIA_STATEMENTS)
    with offline_page() as (page, log):
        page.goto(server + "/entity/russia")
        rows = page.locator("li.statement")
        shown = rows.count()
        with_quote = page.locator("li.statement blockquote.quote").count()
        counted = page.inner_text("#statement-count")
        marks = page.locator("figure.timeline line.mark").count()
        mark_targets = page.evaluate(
            "[...document.querySelectorAll('figure.timeline a')].every(a => "
            "document.getElementById(a.getAttribute('href').slice(1)) !== null)"
        )
        drawn_parties = page.locator("figure.neighbourhood circle.node").count() - 1
        party_links = page.locator("figure.neighbourhood a[href^='/entity/']").count()
        page.screenshot(path=str(artifacts / "page-russia.png"), full_page=True, clip=SHOT)
        # the Bishkek Protocol statement: its quote link lands on that sentence in the article
        row = page.locator("li.statement", has=page.locator("a[href='/entity/bishkek-protocol']")).first
        quote = row.locator("blockquote.quote").inner_text()
        row.locator("a.in-source").click()
        page.wait_for_url(re.compile(r"/source/wikipedia-nagorno-karabakh-conflict#q-\d+-\d+$"))
        target = page.evaluate("document.querySelector(':target').textContent")
        in_view = page.evaluate(
            "(() => { const r = document.querySelector(':target').getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; })()"
        )
        page.goto(server + "/entity/ceasefire-2020")
        facts = page.inner_text("dl.facts")
        page.screenshot(path=str(artifacts / "page-agreement.png"), full_page=True, clip=SHOT)
    assert shown == expected == int(counted) > 40
    assert with_quote == shown
    # one mark per dated statement, each opening its row; the neighbourhood draws the parties Russia shares
    # statements with (at most 24), each linking to its page
    assert marks == _count(pages.graph, RUSSIA_DATED) > 10 and mark_targets
    assert drawn_parties == party_links == min(24, _count(pages.graph, RUSSIA_PARTIES))
    assert target in quote and len(target) > 20 and in_view
    # "On 9 November 2020, Armenia and Azerbaijan signed a ceasefire under mediation from Russia"
    lines = facts.splitlines()
    assert lines.index("Signatories") < lines.index("Mediators") < lines.index("Dates") < lines.index("Statements")
    signatories, mediators = lines[lines.index("Signatories") + 1], lines[lines.index("Mediators") + 1]
    assert "Armenia (2020-11-09)" in signatories and "Azerbaijan (2020-11-09)" in signatories
    assert "Russia" in mediators and "2020-11-09" in lines[lines.index("Dates") + 1]
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


@pytest.fixture()
def hostile_pages(mini_project: Project, tmp_path: Path) -> Pages:
    root = mini_project.root
    data = root / "data"
    sentence = f"Norland and the {HOSTILE} brigade met in 2012."
    with (data / "sources" / "veldor-kestria.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"\n==More==\n\n{sentence}\n")
    with (data / "entities" / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'  - {{id: brigade, type: Militia, label: "{HOSTILE}", aliases: ["{HOSTILE} alias"],\n'
            '     description: "A <script>alert(2)</script> group."}\n'
        )
    with (data / "statements" / "statements.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - {id: norland-met-brigade, subject: norland, relation: metWith, object: brigade, date: 2012,\n"
            f'     quote: "{sentence}"}}\n'
        )
    assert main(["--root", str(root), "-q", "build"]) == 0
    return open_pages(root / "build", root / "queries", data / "dataset.yaml")


def test_hostile_labels_and_quotes_stay_text(hostile_pages: Pages, mini_project: Project, artifacts: Path):
    brigade = "/entity/brigade"
    html = hostile_pages.respond(brigade, "text/html").body.decode()
    assert HOSTILE not in html and "<script>alert(2)" not in html
    root = mini_project.root
    with running_endpoint(root, root / "build") as url, offline_page() as (page, log):
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + brigade)
        heading = page.inner_text("h1")
        quote = page.inner_text("blockquote.quote")
        images = page.evaluate("document.querySelectorAll('main img').length")
        page.locator("a.in-source").first.click()
        page.wait_for_load_state()
        marked = page.evaluate("document.querySelector(':target').textContent")
        source_images = page.evaluate("document.querySelectorAll('img').length")
        page.goto(url + "/search?q=" + HOSTILE[:12].replace(" ", "+"))
        found = page.inner_text("#results")
        page.goto(url + "/search?q=" + HOSTILE.replace(" ", "+"))
        landed = page.inner_text("h1")
        page.screenshot(path=str(artifacts / "page-hostile-label.png"))
        # the same label and quote as query results in YASGUI
        page.goto(url + "/")
        page.wait_for_function("window.kgraphYasgui !== undefined")
        page.evaluate(
            "() => { kgraphYasgui.getTab().setQuery('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?label ?quote WHERE { ?x rdfs:label ?label . "
            "OPTIONAL { ?q oa:exact ?quote } } ORDER BY ?label'); }"
        )
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr table tbody tr")
        results = page.inner_text(".tabPanel.active .yasr table tbody")
        result_images = page.evaluate("document.querySelectorAll('.yasr img').length")
    assert heading == HOSTILE == landed and HOSTILE in quote and HOSTILE in marked and HOSTILE in found
    assert HOSTILE in results and result_images == 0
    assert images == 0 and source_images == 0 and dialogs == []
    assert not log.page_errors and not log.outside_requests


def test_site_writes_pages_that_work_from_file_urls(build_dir: Path, tmp_path: Path, pages: Pages):
    target = tmp_path / "site"
    args = ["--root", str(REPO), "-q", "site", "--build-dir", str(build_dir), "-o", str(target)]
    assert main(args) == 0
    assert (target / "index.html").is_file() and (target / "entity" / "russia.html").is_file()
    assert len(list((target / "statement").glob("*.html"))) == len(pages.index.statements)
    with offline_page() as (page, log):
        page.goto((target / "index.html").as_uri() + "?q=Shushi")  # the alias of Shusha
        shusha = page.inner_text("h1")
        page.goto((target / "index.html").as_uri() + "?q=bishkek+prot")
        page.locator("#results a", has_text="Bishkek Protocol").click()
        page.wait_for_load_state()
        agreement = page.inner_text("h1")
        page.locator("a[href$='russia.html']").first.click()
        page.wait_for_load_state()
        russia = page.inner_text("h1")
        shown = page.locator("li.statement").count()
        page.locator("li.statement a.in-source").first.click()
        page.wait_for_load_state()
        target_text = page.evaluate(
            "document.querySelector(':target') && document.querySelector(':target').textContent"
        )
        url = page.url
    assert shusha == "Shusha" and agreement == "Bishkek Protocol" and russia == "Russia"
    assert shown == _count(pages.graph, RUSSIA_STATEMENTS)
    assert url.startswith("file://") and "#q-" in url and target_text
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
    # no build: a clear error and exit code 6, and the site already written stays as it was
    before = (target / "entity" / "russia.html").read_bytes()
    missing = ["--root", str(REPO), "-q", "site", "--build-dir", str(tmp_path / "none"), "-o", str(target)]
    assert main(missing) == 6
    assert (target / "entity" / "russia.html").read_bytes() == before
    # the same input writes the same files
    again = tmp_path / "again"
    assert main(["--root", str(REPO), "-q", "site", "--build-dir", str(build_dir), "-o", str(again)]) == 0
    assert (again / "entity" / "russia.html").read_bytes() == (target / "entity" / "russia.html").read_bytes()


def test_served_pages_over_http(server: str):
    request = Request(server + "/entity/russia", headers={"Accept": "text/turtle"})
    with urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        assert len(list(ox.parse(response.read(), format=ox.RdfFormat.TURTLE))) > 100
