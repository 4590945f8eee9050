"""The network view: self-contained, faithful to the graph, filterable, and safe with hostile text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.network import neighbourhood, overlaps, statement_network
from kgraph.pipeline import Build
from kgraph.project import Project

from .browser import offline_page
from .conftest import REPO

REMOTE = re.compile(
    r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//""", re.I
)
HOSTILE = "<img src=x onerror=alert(1)>"


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("window.kgraphView !== undefined && window.kgraphDrawnAt !== undefined")


def test_the_built_page_loads_nothing_from_the_network(outputs):
    page = outputs["graph.html"].decode()
    assert not REMOTE.search(page)
    assert "vis-network" in page or "vis.Network" in page, "vis-network must be inlined"


def test_full_view_in_chromium_draws_every_statement_and_its_filters_work(build: Build, build_dir: Path, artifacts):
    network = statement_network(build.catalogue, build.statements, build.ontology)
    assert network.number_of_edges() == len(build.statements), "no statement may be lost from the picture"
    structure = [k for s, o, k, d in network.edges(keys=True, data=True) if d["kind"] != "structure"]
    no_structure_nodes = {n for s, o, d in network.edges(data=True) if d["kind"] != "structure" for n in (s, o)}
    first_war = [k for s, o, k, d in network.edges(keys=True, data=True) if overlaps(d["years"], 1992, 1994)]
    first_war_nodes = {n for s, o, d in network.edges(data=True) if overlaps(d["years"], 1992, 1994) for n in (s, o)}
    with offline_page() as (page, log):
        _open(page, build_dir / "graph.html")
        drawn = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges()]")
        page.screenshot(path=str(artifacts / "graph-full.png"))
        page.evaluate("kgraphView.setKind('structure', false)")
        without_structure = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges()]")
        page.evaluate("kgraphView.setKind('structure', true)")
        page.evaluate("kgraphView.setYears(1992, 1994, false)")
        in_first_war = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges()]")
        page.evaluate("kgraphView.setYears(1918, 2025, true)")
        page.evaluate("kgraphView.setGroup('Person', false)")
        people = sum(1 for _, d in network.nodes(data=True) if d["group"] == "Person")
        without_people = page.evaluate("kgraphView.visibleNodes()")
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
    assert drawn == [network.number_of_nodes(), network.number_of_edges()]
    assert without_structure == [len(no_structure_nodes), len(structure)]
    assert in_first_war == [len(first_war_nodes), len(first_war)]
    assert 0 < in_first_war[1] < drawn[1]
    assert without_people <= drawn[0] - people


def test_focus_russia_draws_its_neighbourhood(build: Build, tmp_path: Path, capsys):
    target = tmp_path / "russia.html"
    assert main(["--root", str(REPO), "-q", "viz", "--focus", "Russia", "--depth", "1", "-o", str(target)]) == 0
    network = statement_network(build.catalogue, build.statements, build.ontology)
    expected = neighbourhood(network, "russia", 1)
    assert f"{expected.number_of_nodes()} entities, {expected.number_of_edges()} statements" in capsys.readouterr().out
    with offline_page() as (page, log):
        _open(page, target)
        assert page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges()]") == [
            expected.number_of_nodes(),
            expected.number_of_edges(),
        ]
    assert not log.outside_requests and not log.page_errors


def test_relation_type_and_period_options_select_what_is_drawn(tmp_path: Path, capsys):
    target = tmp_path / "arms.html"
    args = ["--root", str(REPO), "-q", "viz", "--relation", "suppliedArmsTo", "--type", "State", "-o", str(target)]
    assert main(args) == 0
    out = capsys.readouterr().out
    # every arms statement in the article is between states except none: at least Russia, Israel and Jordan
    assert re.search(r"wrote .*: \d+ entities, \d+ statements", out)
    assert main(["--root", str(REPO), "-q", "viz", "--relation", "nonsense", "-o", str(target)]) == 2
    assert "unknown relation or kind: nonsense" in capsys.readouterr().err
    assert main(["--root", str(REPO), "-q", "viz", "--period", "1994-1992", "-o", str(target)]) == 2


def test_a_construct_query_becomes_a_picture(tmp_path: Path, capsys):
    query = tmp_path / "votes.rq"
    query.write_text("CONSTRUCT { ?s kg:votedAgainst ?r } WHERE { ?s kg:votedAgainst ?r }", encoding="utf-8")
    target = tmp_path / "votes.html"
    assert main(["--root", str(REPO), "-q", "viz", "--query", str(query), "-o", str(target)]) == 0
    # seven states voted against Resolution 62/243: eight entities, seven statements
    assert "8 entities, 7 statements" in capsys.readouterr().out


def test_community_colouring_names_the_blocs(tmp_path: Path):
    target = tmp_path / "blocs.html"
    assert main(["--root", str(REPO), "-q", "viz", "--color-by", "community", "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "Blocs of mutual support" in page and "bloc 1:" in page


@pytest.fixture()
def hostile_project(mini_project: Project) -> Project:
    data = mini_project.root / "data"
    sentence = f"Norland and the {HOSTILE} brigade met in 2012. Norland also signed the Lanholm Accord."
    with (data / "sources" / "veldor-kestria.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"\n==More==\n\n{sentence}\n")
    with (data / "entities" / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'  - {{id: brigade, type: Militia, label: "{HOSTILE}",\n'
            '     description: "A <script>alert(2)</script> group."}\n'
        )
    with (data / "statements" / "statements.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - {id: norland-met-brigade, subject: norland, relation: metWith, object: brigade, date: 2012,\n"
            f'     quote: "Norland and the {HOSTILE} brigade met in 2012."}}\n'
            "  - {id: norland-signed-lanholm, subject: norland, relation: signed, object: lanholm-accord,\n"
            '     quote: "Norland also signed the Lanholm Accord."}\n'
        )
    return mini_project


def test_hostile_labels_stay_text_and_parallel_edges_survive(hostile_project: Project, artifacts):
    root = hostile_project.root
    assert main(["--root", str(root), "-q", "build"]) == 0
    page_file = root / "build" / "graph.html"
    assert HOSTILE not in page_file.read_text(encoding="utf-8"), "raw markup must not reach the page"
    with offline_page() as (page, log):
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        _open(page, page_file)
        # Norland–Lanholm Accord carries two statements (mediated and signed): both are drawn
        assert page.evaluate("kgraphView.visibleEdges()") == 7
        page.fill("#kg-search", HOSTILE)
        page.dispatch_event("#kg-search", "change")
        heading = page.inner_text("#kg-info h2")
        panel = page.inner_text("#kg-info")
        images = page.evaluate("document.querySelectorAll('img').length")
        scripts_in_panel = page.evaluate("document.querySelectorAll('#kg-info script').length")
        page.screenshot(path=str(artifacts / "graph-hostile-label.png"))
    assert heading == HOSTILE and "<script>alert(2)</script>" in panel
    assert images == 0 and scripts_in_panel == 0 and dialogs == []
    assert not log.page_errors and not log.outside_requests


def test_analyze_finds_russia_arming_both_sides(capsys):
    assert (
        main(
            [
                "--root",
                str(REPO),
                "-q",
                "analyze",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    bridges = out.split("Bridges:", 1)[1]
    russia = next(line for line in bridges.splitlines() if line.startswith("Russia "))
    # "Russia ... providing Armenia with military assistance, including arms"; "Russia extensively sells arms to
    # Azerbaijan"
    assert russia.count("supplied arms to") == 2
    assert "Most central parties" in out and "Arms supply" in out and "Blocs of mutual support" in out
