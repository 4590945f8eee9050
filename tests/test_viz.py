"""The network view: self-contained, faithful to the graph, filterable, and safe with hostile text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kgraph.cli import main
from kgraph.network import OTHER_KIND, neighbourhood, overlaps, relation_kinds, statement_network, style
from kgraph.pipeline import Build
from kgraph.project import Project
from kgraph.publish.layout import Box, remove_overlaps
from kgraph.publish.timeline import date_text, span

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


PARTY_GROUPS = {"State", "ArmedGroup", "Organisation", "Person", "PopulationGroup", "Party"}
GEOMETRY = """() => {
  const ids = kgraphView.visibleNodeIds();
  const positions = network.getPositions(ids);
  const box = document.getElementById("mynetwork").getBoundingClientRect();
  return {
    nodes: ids.map(id => ({id, x: positions[id].x, y: positions[id].y, size: nodes.get(id).size})),
    scale: network.getScale(),
    canvas: [box.left, box.top, box.right, box.bottom],
    origin: network.canvasToDOM({x: 0, y: 0}),
  };
}"""


def _pairs_and_kinds(network, keep=lambda s, o, d: True) -> dict[tuple, list[str]]:
    """What the page should draw: the statements of each unordered pair of entities and kind of relation."""
    groups: dict[tuple, list[str]] = {}
    for s, o, k, d in network.edges(keys=True, data=True):
        if keep(s, o, d):
            groups.setdefault((frozenset((s, o)), d["kind"]), []).append(k)
    return groups


def _overlapping(boxes: dict[str, tuple[float, float, float, float]]) -> list[tuple[str, str]]:
    items = sorted(boxes.items())
    return [
        (a, b)
        for i, (a, (l1, t1, r1, b1)) in enumerate(items)
        for b, (l2, t2, r2, b2) in items[i + 1 :]
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
    ]


def _check_readable(page, network) -> dict:
    """No two node shapes overlap; the ten parties with most statements show their labels, inside the
    drawing area and clear of one another. Returns the geometry for further checks."""
    geometry = page.evaluate(GEOMETRY)
    shapes = {
        n["id"]: (n["x"] - n["size"], n["y"] - n["size"], n["x"] + n["size"], n["y"] + n["size"])
        for n in geometry["nodes"]
    }
    assert _overlapping(shapes) == []
    shown = set(shapes)
    parties = [n for n in shown if network.nodes[n]["group"] in PARTY_GROUPS]
    top = sorted(parties, key=lambda n: (-network.degree(n), n))[:10]
    assert all(page.evaluate(f"kgraphView.labelShown({n!r})") for n in top), "a main party's label is hidden"
    labels = {
        n: page.evaluate(
            f"(() => {{ const b = network.getBoundingBox({n!r}); return [b.left, b.top, b.right, b.bottom]; }})()"
        )
        for n in top
    }
    assert _overlapping(labels) == []
    scale, (ox, oy) = geometry["scale"], (geometry["origin"]["x"], geometry["origin"]["y"])
    left, top_edge, right, bottom = geometry["canvas"]
    for n, (x0, y0, x1, y1) in labels.items():
        screen = (
            left + ox + x0 * scale,
            top_edge + oy + y0 * scale,
            left + ox + x1 * scale,
            top_edge + oy + y1 * scale,
        )
        assert (
            screen[0] >= left - 1 and screen[2] <= right + 1 and screen[1] >= top_edge - 1 and screen[3] <= bottom + 1
        ), n
    return geometry


def _click_an_aggregated_edge(page, network, geometry, groups) -> tuple[int, int]:
    """Click, on the screen, the middle of the straight line that stands for the most statements; return how
    many statements it stands for and how many the panel then lists."""
    kinds_per_pair = {}
    for pair, _kind in groups:
        kinds_per_pair[pair] = kinds_per_pair.get(pair, 0) + 1
    at = {n["id"]: n for n in geometry["nodes"]}
    scale, origin = geometry["scale"], geometry["origin"]
    left, top = geometry["canvas"][:2]
    candidates = sorted(
        (
            (pair, kind)
            for pair, kind in groups
            if kinds_per_pair[pair] == 1 and len(pair) == 2 and len(groups[(pair, kind)]) > 1
        ),
        key=lambda g: (-len(groups[g]), sorted(g[0])),
    )
    for pair, _kind in candidates:
        a, b = (at[n] for n in sorted(pair))
        x, y = (a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2
        if any(abs(n["x"] - x) <= n["size"] + 6 and abs(n["y"] - y) <= n["size"] + 6 for n in geometry["nodes"]):
            continue  # a node sits on the middle of that line
        page.mouse.click(left + origin["x"] + x * scale, top + origin["y"] + y * scale)
        if page.evaluate("network.getSelectedEdges().length") != 1:
            continue
        selected = page.evaluate("network.getSelectedEdges()[0]")
        listed = page.evaluate("document.querySelectorAll('#kg-info li[data-statement]').length")
        expected = groups[(frozenset(selected.split("|")[:2]), selected.split("|")[2])]
        keys = page.evaluate(
            "[...document.querySelectorAll('#kg-info li[data-statement]')].map(li => li.dataset.statement)"
        )
        assert sorted(keys) == sorted(expected)
        return len(expected), listed
    raise AssertionError("no aggregated edge could be clicked")


def test_full_view_opens_on_the_parties_readable_and_its_filters_work(build: Build, build_dir: Path, artifacts):
    network = statement_network(build.catalogue, build.statements, build.ontology)
    assert network.number_of_edges() == len(build.statements), "no statement may be lost from the picture"
    party = lambda s, o, d: network.nodes[s]["group"] in PARTY_GROUPS and network.nodes[o]["group"] in PARTY_GROUPS  # noqa: E731
    opening = _pairs_and_kinds(network, party)
    everything = _pairs_and_kinds(network)
    structure = _pairs_and_kinds(network, lambda s, o, d: d["kind"] != "structure")
    first_war = _pairs_and_kinds(network, lambda s, o, d: overlaps(d["years"], 1992, 1994))
    with offline_page() as (page, log):
        _open(page, build_dir / "graph.html")
        drawn = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges(), kgraphView.visibleStatements()]")
        geometry = _check_readable(page, network)
        page.screenshot(path=str(artifacts / "graph-full.png"))
        parallel, listed = _click_an_aggregated_edge(page, network, geometry, opening)
        for group in ("Event", "Place", "Office", "Agreement"):
            page.evaluate(f"kgraphView.setGroup({group!r}, true)")
        whole = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges(), kgraphView.visibleStatements()]")
        page.evaluate("kgraphView.setKind('structure', false)")
        without_structure = page.evaluate("[kgraphView.visibleEdges(), kgraphView.visibleStatements()]")
        page.evaluate("kgraphView.setKind('structure', true)")
        page.evaluate("kgraphView.setYears(1992, 1994, false)")
        in_first_war = page.evaluate("[kgraphView.visibleEdges(), kgraphView.visibleStatements()]")
        page.evaluate("kgraphView.setYears(1918, 2025, true)")
        page.evaluate("kgraphView.setGroup('Person', false)")
        people = sum(1 for _, d in network.nodes(data=True) if d["group"] == "Person")
        without_people = page.evaluate("kgraphView.visibleNodes()")
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
    opening_nodes = {n for pair, _ in opening for n in pair}
    assert drawn == [len(opening_nodes), len(opening), sum(map(len, opening.values()))]
    assert drawn[1] < drawn[2], "parallel statements must share one line"
    assert parallel > 1 and listed == parallel
    assert whole == [network.number_of_nodes(), len(everything), network.number_of_edges()]
    assert without_structure == [len(structure), sum(map(len, structure.values()))]
    assert in_first_war == [len(first_war), sum(map(len, first_war.values()))]
    assert without_people <= whole[0] - people


def test_focus_russia_draws_its_neighbourhood_readably(
    build: Build, built_repo: Path, tmp_path: Path, capsys, artifacts
):
    target = tmp_path / "russia.html"
    args = ["--root", str(built_repo), "-q", "viz", "--focus", "Russia", "--depth", "1", "-o", str(target)]
    assert main(args) == 0
    network = statement_network(build.catalogue, build.statements, build.ontology)
    expected = neighbourhood(network, "russia", 1)
    assert f"{expected.number_of_nodes()} entities, {expected.number_of_edges()} statements" in capsys.readouterr().out
    groups = _pairs_and_kinds(expected)
    with offline_page() as (page, log):
        _open(page, target)
        drawn = page.evaluate("[kgraphView.visibleNodes(), kgraphView.visibleEdges(), kgraphView.visibleStatements()]")
        geometry = _check_readable(page, expected)
        page.screenshot(path=str(artifacts / "graph-russia.png"))
        parallel, listed = _click_an_aggregated_edge(page, expected, geometry, groups)
    assert drawn == [expected.number_of_nodes(), len(groups), expected.number_of_edges()]
    assert parallel > 1 and listed == parallel
    assert not log.outside_requests and not log.page_errors and not log.console_errors


def test_the_timeline_shows_every_dated_event_and_narrows_to_a_party(build: Build, build_dir: Path, artifacts):
    network = statement_network(build.catalogue, build.statements, build.ontology)
    touching = lambda n: (*network.in_edges(n, data=True), *network.out_edges(n, data=True))  # noqa: E731
    dated_events = {
        n for n, d in network.nodes(data=True) if d["group"] == "Event" and any(e[2]["years"] for e in touching(n))
    }
    near_russia = set(nx.all_neighbors(network, "russia"))
    with offline_page() as (page, log):
        _open(page, build_dir / "graph.html")
        page.click("#kg-tab-timeline")
        shown = set(
            page.evaluate("[...document.querySelectorAll('#kg-timeline [data-event]')].map(e => e.dataset.event)")
        )
        page.screenshot(path=str(artifacts / "timeline.png"))
        page.select_option("#kg-party", "russia")
        for_russia = set(
            page.evaluate("[...document.querySelectorAll('#kg-timeline [data-event]')].map(e => e.dataset.event)")
        )
        statements = page.evaluate(
            "[...document.querySelectorAll('#kg-timeline [data-statement]')].map(e => e.dataset.statement)"
        )
        page.click(f"#kg-timeline [data-event='{sorted(for_russia)[0]}']")
        evidence = page.inner_text("#kg-info")
        page.screenshot(path=str(artifacts / "timeline-russia.png"))
    assert not log.outside_requests and not log.page_errors and not log.console_errors
    assert dated_events <= shown
    assert 0 < len(for_russia) < len(shown) and for_russia <= near_russia
    ends = {k: (s, o) for s, o, k in network.edges(keys=True)}
    assert statements and all("russia" in ends[k] for k in statements)
    event = sorted(for_russia)[0]
    quotes = {d["quote"] for *_, d in (*network.in_edges(event, data=True), *network.out_edges(event, data=True))}
    assert any(quote in evidence for quote in quotes), "an event links to the sentence that dates it"


def test_relation_type_and_period_options_select_what_is_drawn(built_repo: Path, tmp_path: Path, capsys):
    target = tmp_path / "arms.html"
    root = str(built_repo)
    args = ["--root", root, "-q", "viz", "--relation", "suppliedArmsTo", "--type", "State", "-o", str(target)]
    assert main(args) == 0
    out = capsys.readouterr().out
    # every arms statement in the article is between states except none: at least Russia, Israel and Jordan
    assert re.search(r"wrote .*: \d+ entities, \d+ statements", out)
    assert main(["--root", str(built_repo), "-q", "viz", "--relation", "nonsense", "-o", str(target)]) == 2
    assert "unknown relation or kind: nonsense" in capsys.readouterr().err
    assert main(["--root", str(built_repo), "-q", "viz", "--period", "1994-1992", "-o", str(target)]) == 2


def test_the_layout_is_the_same_whatever_the_number_of_blas_threads():
    """A machine with one core runs numpy's linear algebra on one thread, a bigger one on several; the page's
    positions must not depend on which (a threaded product adds in another order)."""
    program = (
        "import networkx as nx\n"
        "from kgraph.publish.layout import start\n"
        "graph = nx.connected_watts_strogatz_graph(170, 4, 0.3, seed=1)\n"
        "print(sorted(start(graph, first=set(range(20))).items()) + sorted(start(graph).items()))\n"
    )
    printed = []
    for threads in ("1", "4"):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads}
        run = subprocess.run([sys.executable, "-c", program], check=True, env=env, capture_output=True, text=True)
        printed.append(run.stdout)
    assert printed[0] == printed[1]


def test_a_construct_query_becomes_a_picture(built_repo: Path, tmp_path: Path, capsys):
    query = tmp_path / "votes.rq"
    query.write_text("CONSTRUCT { ?s kg:votedAgainst ?r } WHERE { ?s kg:votedAgainst ?r }", encoding="utf-8")
    target = tmp_path / "votes.html"
    assert main(["--root", str(built_repo), "-q", "viz", "--query", str(query), "-o", str(target)]) == 0
    # seven states voted against Resolution 62/243: eight entities, seven statements
    assert "8 entities, 7 statements" in capsys.readouterr().out


def test_community_colouring_names_the_blocs(built_repo: Path, tmp_path: Path):
    target = tmp_path / "blocs.html"
    assert main(["--root", str(built_repo), "-q", "viz", "--color-by", "community", "-o", str(target)]) == 0
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
        # Norland–Lanholm Accord carries two statements (mediated and signed), both agreements: one line for the
        # two; the other five statements each have a pair and kind of their own
        assert page.evaluate("[kgraphView.visibleEdges(), kgraphView.visibleStatements()]") == [6, 7]
        geometry = page.evaluate(GEOMETRY)
        at = {n["id"]: n for n in geometry["nodes"]}
        middle = [(at["norland"][c] + at["lanholm-accord"][c]) / 2 for c in ("x", "y")]
        page.mouse.click(
            geometry["canvas"][0] + geometry["origin"]["x"] + middle[0] * geometry["scale"],
            geometry["canvas"][1] + geometry["origin"]["y"] + middle[1] * geometry["scale"],
        )
        listed = page.evaluate(
            "[...document.querySelectorAll('#kg-info li[data-statement]')].map(li => li.dataset.statement)"
        )
        assert sorted(listed) == ["lanholm-mediated", "norland-signed-lanholm"]
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


def test_analyze_finds_russia_arming_both_sides(built_repo: Path, capsys):
    assert main(["--root", str(built_repo), "-q", "analyze"]) == 0
    out = capsys.readouterr().out
    bridges = out.split("Bridges:", 1)[1]
    russia = next(line for line in bridges.splitlines() if line.startswith("Russia "))
    # "Russia ... providing Armenia with military assistance, including arms"; "Russia extensively sells arms to
    # Azerbaijan"
    assert russia.count("supplied arms to") == 2
    assert "Most central parties" in out and "Arms supply" in out and "Blocs of mutual support" in out


def test_a_kind_missing_from_the_style_gets_the_default_colour_not_an_error():
    looks = style()
    assert looks.kind_color("arms") == looks.kinds["arms"]["color"]
    assert looks.kind_color("a-kind-nobody-styled") == looks.default_kind_color


def test_a_relation_without_a_kind_in_the_ontology_still_builds_and_is_drawn(mini_project: Project):
    ontology = mini_project.root / "ontology" / "kgraph.ttl"
    text = ontology.read_text(encoding="utf-8")
    assert "kg:suppliedArmsTo kg:kind kg:ArmsSupplyKind ." in text
    ontology.write_text(text.replace("kg:suppliedArmsTo kg:kind kg:ArmsSupplyKind .", ""), encoding="utf-8")
    assert main(["--root", str(mini_project.root), "-q", "build"]) == 0
    page = (mini_project.root / "build" / "graph.html").read_text(encoding="utf-8")
    # Norland's arms to Kestria is now of the kind "other" (edges are named by their ends in alphabetical order),
    # drawn in the default colour
    assert '"kestria|norland|other"' in page
    assert style().default_kind_color in page


def test_kinds_of_relation_come_from_the_ontology(build: Build):
    kinds = relation_kinds(build.ontology)
    assert kinds["suppliedArmsTo"] == ("arms", "arms supply")
    assert kinds["supportedMilitarily"][0] == kinds["recognised"][0] == "support"
    assert all(kind != OTHER_KIND for kind, _ in kinds.values()), "every relation of the seed has a kind"


@pytest.mark.parametrize(
    ("value", "text", "first", "last"),
    [
        ({"text": "1994", "precision": "year"}, "1994", 1994.0, 1995.0),
        ({"text": "2020-09", "precision": "month"}, "September 2020", 2020 + 8 / 12, 2020 + 9 / 12),
        ({"text": "2020-09-27", "precision": "day"}, "27 September 2020", 2020 + 270 / 366, 2020 + 271 / 366),
    ],
)
def test_timeline_dates_keep_their_precision(value, text, first, last):
    assert date_text(value) == text
    assert span(value) == pytest.approx((first, last))


def test_overlap_removal_separates_every_box_and_is_deterministic():
    boxes = {f"n{i}": Box(10 + i % 7, 60 if i % 5 == 0 else 0, 14 if i % 5 == 0 else 0) for i in range(60)}
    crowded = {n: [float(i % 3), float(i % 4)] for i, n in enumerate(boxes)}  # many nodes on the same few points
    placed = remove_overlaps({n: list(p) for n, p in crowded.items()}, boxes)
    again = remove_overlaps({n: list(p) for n, p in crowded.items()}, boxes)
    assert placed == again
    extents = {
        n: (x - boxes[n].half_width, y - boxes[n].above, x + boxes[n].half_width, y + boxes[n].below)
        for n, (x, y) in placed.items()
    }
    assert _overlapping(extents) == []


def test_the_report_draws_the_figures_with_their_sources_and_never_sums_disagreeing_ones(build_dir: Path, tmp_path):
    target = tmp_path / "report.html"
    args = ["--root", str(REPO), "-q", "report", "--build-dir", str(build_dir), "-o", str(target)]
    assert main(args) == 0
    page = target.read_text(encoding="utf-8")
    assert not REMOTE.search(page) and "<script" not in page
    assert page.count("<svg") == 4 and page.count("<figcaption>") == 4
    # the Fatalities table: 108–112 Armenian soldiers killed in 2016, 109 Azerbaijani
    assert "Armenia: soldiers, 2016: 108–112" in page and "Azerbaijan: soldiers, 2016: 109" in page
    # SIPRI's shares of Azerbaijan's arms imports: Russia 55% (2007–11), 85% (2010–14), 31% (2015–19); Israel 60%
    for share in (
        "Russia → Azerbaijan, 2007–2011: 55",
        "Russia → Azerbaijan, 2010–2014: 85",
        "Israel → Azerbaijan, 2015–2019: 60",
    ):
        assert share in page
    # Azerbaijan's 11,557 soldiers killed in the first war against 25,000–30,000 in Russian and Western estimates:
    # side by side, never added up
    assert "11,557" in page and "25,000–30,000" in page
    assert "36,557" not in page and "41,557" not in page
    for caption in page.split("<figcaption>")[1:]:
        assert "Source:" in caption.split("</figcaption>")[0]
    assert "according to Stockholm International Peace Research Institute; asserted" in page
