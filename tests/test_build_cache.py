"""Builds from per-source parts: cached, parallel or on Dask, they write the bytes a whole-graph build writes."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.graph import executors
from kgraph.graph.build_cache import CACHE_FOLDER, SECRET_VARIABLE
from kgraph.graph.incremental import BuildOptions
from kgraph.pipeline import Progress, ShapesError, build_project, check_shapes, checked_build, render
from kgraph.project import Project

from .conftest import REPO, TEST_DATA

EXIT_USAGE = 2


@pytest.fixture(autouse=True)
def cache_secret(tmp_path_factory, monkeypatch) -> None:
    """The cache's secret in a temporary folder (the tests never write into the user's home)."""
    monkeypatch.setenv(SECRET_VARIABLE, str(tmp_path_factory.getbasetemp() / "cache-secret"))


@pytest.fixture()
def two_sources(tmp_path: Path) -> Project:
    """The mini dataset with each statement in a file of its own, twice: the second copy a source of its own
    (the same article under another id, every id suffixed), so a build has several units and two sources."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(TEST_DATA / "mini", root / "data")
    data = root / "data"
    dataset = yaml.safe_load((data / "dataset.yaml").read_text(encoding="utf-8"))
    [source] = dataset["sources"]
    statements = yaml.safe_load((data / "statements" / "statements.yaml").read_text(encoding="utf-8"))["statements"]
    entities = yaml.safe_load((data / "entities" / "entities.yaml").read_text(encoding="utf-8"))["entities"]
    (data / "statements" / "statements.yaml").unlink()
    shutil.copy(data / source["file"], data / "sources" / "copy.txt")
    dataset["sources"].append({**source, "id": "copy", "file": "sources/copy.txt"})
    _write(data / "dataset.yaml", dataset)
    _write(data / "entities" / "copy.yaml", {"entities": [{**e, "id": e["id"] + "-c"} for e in entities]})
    for index, statement in enumerate(statements):
        _write(data / "statements" / f"s{index}.yaml", {"statements": [{**statement, "source": source["id"]}]})
        _write(data / "statements" / f"s{index}-c.yaml", {"statements": [_copy(statement)]})
    return Project(root)


def _copy(statement: dict) -> dict:
    copied = {**statement, "id": statement["id"] + "-c", "source": "copy"}
    for field in ("subject", "object", "according_to", "denied_by", "disputed_by"):
        value = statement.get(field)
        if isinstance(value, str):
            copied[field] = value + "-c"
        elif isinstance(value, list):
            copied[field] = [v + "-c" for v in value]
    return copied


def _write(path: Path, document: dict) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _build(project: Project, options: BuildOptions, name: str = "build") -> tuple[dict[str, bytes], str]:
    """Build into a folder beside the project (its cache beside that), and return the files and the log."""
    log = io.StringIO()
    output = project.root / name
    build_project(project, output, progress=Progress(log), options=options)
    return {p.name: p.read_bytes() for p in sorted(output.iterdir())}, log.getvalue()


def _reused(log: str) -> tuple[int, int]:
    match = re.search(r"(\d+) of (\d+) statement files' results taken from the cache", log)
    assert match, log
    return int(match[1]), int(match[2])


def _uncached(project: Project) -> dict[str, bytes]:
    files, _ = _build(project, BuildOptions(cache=False), "uncached")
    return files


def test_cold_warm_and_uncached_builds_write_the_same_bytes_as_a_whole_graph_build(two_sources: Project):
    cold, cold_log = _build(two_sources, BuildOptions(cache=True))
    warm, warm_log = _build(two_sources, BuildOptions(cache=True))
    uncached = _uncached(two_sources)
    assert _reused(cold_log) == (0, 8) and _reused(warm_log) == (8, 8)
    assert (two_sources.root / CACHE_FOLDER).is_dir()
    assert cold == warm == uncached
    whole = render(checked_build(two_sources))
    assert {name: cold[name] for name in whole} == whole


DIRECT = b"/entity/norland-c> <https://kgraph.example.org/ontology#suppliedArmsTo>"


def test_editing_one_statement_file_remakes_that_file_alone(two_sources: Project):
    first, _ = _build(two_sources, BuildOptions(cache=True))
    assert DIRECT in first["kgraph.nt"]
    path = two_sources.root / "data" / "statements" / "s1-c.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: denied", "status: denied\n  note: Edited by a test."), encoding="utf-8")
    files, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (7, 8)
    assert b'"Edited by a test."' in files["kgraph.nt"]
    assert files == _uncached(two_sources)
    # An edit that takes a direct triple away from an entity: the entity's own serialisation changes.
    path = two_sources.root / "data" / "statements" / "s0-c.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  subject: norland-c\n", "  subject: norland-c\n  status: alleged\n")
    )
    files, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (7, 8)
    assert DIRECT not in files["kgraph.nt"]
    assert files == _uncached(two_sources)


def test_a_changed_entity_label_reaches_every_statement_label(two_sources: Project):
    _build(two_sources, BuildOptions(cache=True))
    path = two_sources.root / "data" / "entities" / "copy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Norland", "label: Northland"), encoding="utf-8")
    files, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (0, 8), "the catalogue is an input of every unit"
    assert b'"Northland supplied arms to Kestria"@en' in files["kgraph.nt"]
    assert files == _uncached(two_sources)


def test_a_changed_article_remakes_the_files_that_quote_it(two_sources: Project):
    _build(two_sources, BuildOptions(cache=True))
    article = two_sources.root / "data" / "sources" / "copy.txt"
    text = article.read_text(encoding="utf-8")
    first_line_end = text.index("\n") + 1
    article.write_text(text[:first_line_end] + "\nAn added paragraph moves every quote.\n" + text[first_line_end:])
    files, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (4, 8), "the four files quoting the other source are reused"
    assert files == _uncached(two_sources)


def test_a_damaged_or_foreign_cache_is_ignored_and_remade(two_sources: Project, tmp_path: Path, monkeypatch):
    first, _ = _build(two_sources, BuildOptions(cache=True))
    entries = sorted((two_sources.root / CACHE_FOLDER).glob("*/*.pickle"))
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if index % 2 else data[:-1] + bytes([data[-1] ^ 1]))
    damaged, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (0, 8) and damaged == first
    monkeypatch.setenv(SECRET_VARIABLE, str(tmp_path / "another-secret"))
    foreign, log = _build(two_sources, BuildOptions(cache=True))
    assert _reused(log) == (0, 8) and foreign == first


def test_a_process_pool_and_a_dask_cluster_give_the_bytes_of_one_process(two_sources: Project):
    distributed = pytest.importorskip("distributed")
    alone = _uncached(two_sources)
    pooled, _ = _build(two_sources, BuildOptions(cache=False, jobs=2), "pooled")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        on_dask, _ = _build(two_sources, BuildOptions(cache=False, scheduler=cluster.scheduler_address), "dask")
    assert pooled == alone == on_dask


def test_a_scheduler_nobody_runs_is_a_usage_error(
    mini_project: Project, capsys: pytest.CaptureFixture[str], monkeypatch
):
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    code = main(["--root", str(mini_project.root), "-q", "build", "--no-cache", "--scheduler", "tcp://127.0.0.1:9"])
    error = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "--scheduler 'tcp://127.0.0.1:9'" in error and "Traceback" not in error


def test_jobs_must_be_a_positive_number(mini_project: Project, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(mini_project.root), "build", "--jobs", "0"])
    assert exit_info.value.code == EXIT_USAGE


def test_a_duplicate_id_in_two_files_names_both(two_sources: Project):
    statements = two_sources.root / "data" / "statements"
    (statements / "s9.yaml").write_text((statements / "s0.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"s9\.yaml:2: statement 'norland-arms-kestria': duplicate id; first defined at .*s0\.yaml:2"
    ):
        _build(two_sources, BuildOptions(cache=True))


RULES = {
    # Statement nodes: a shape every statement breaks unless it has a note.
    "shapes": ('    sh:property [ sh:path kg:note ; sh:minCount 1 ; sh:message "A statement needs a note." ] ;\n'),
    # Entities: a check whose focus is an entity and that joins statements of other files (a unit alone
    # cannot see it).
    "entity-named-by-a-denied-statement-violation.rq": """# violation: An entity is the subject of a denied statement.
PREFIX kg: <https://kgraph.example.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?focus ?value WHERE { ?statement rdf:subject ?focus ; kg:status kg:Denied . BIND(STR(?statement) AS ?value) }
""",
    # Evidence of a unit, read through the source it cites (a shared node).
    "evidence-of-the-copy-violation.rq": """# violation: Evidence quotes the copy.
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?focus WHERE {
  ?focus oa:hasSource ?source . ?source dcterms:title ?title . FILTER(STRENDS(STR(?source), "copy"))
}
""",
}


def test_validation_in_parts_reports_what_validating_the_whole_graph_reports(two_sources: Project):
    checks = two_sources.root / "ontology" / "checks"
    for name, text in RULES.items():
        if name.endswith(".rq"):
            (checks / name).write_text(text, encoding="utf-8")
    shapes = two_sources.root / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    at = text.index("sh:targetClass kg:Statement ;") + len("sh:targetClass kg:Statement ;\n")
    shapes.write_text(text[:at] + RULES["shapes"] + text[at:], encoding="utf-8")
    with pytest.raises(ShapesError) as in_parts:
        _build(two_sources, BuildOptions(cache=True))
    whole = check_shapes(two_sources, checked_build_unvalidated(two_sources))
    messages = {v.message for v in whole.violations}
    assert "A statement needs a note." in messages
    assert any(m.startswith("An entity is the subject of a denied statement.") for m in messages)
    assert "Evidence quotes the copy." in messages
    assert in_parts.value.report.violations == whole.violations
    with pytest.raises(ShapesError) as warm:
        _build(two_sources, BuildOptions(cache=True))
    assert warm.value.report.violations == whole.violations


def checked_build_unvalidated(project: Project):
    from kgraph.pipeline import assemble

    return assemble(project)


def test_a_dataset_that_drafts_a_source_is_built_whole_with_its_drafts_apart(two_sources: Project):
    dataset = two_sources.root / "data" / "dataset.yaml"
    config = yaml.safe_load(dataset.read_text(encoding="utf-8"))
    config["sources"][1]["extract"] = True
    _write(dataset, config)
    built, log = _build(two_sources, BuildOptions(cache=True))
    assert "taken from the cache" not in log and not (two_sources.root / CACHE_FOLDER).exists()
    assert b'"extracted"' not in built["kgraph.nt"] and b'"extracted"' in built["kgraph.trig"]
    whole = render(checked_build(two_sources))
    assert {name: built[name] for name in whole} == whole


def test_the_build_a_parts_build_returns_holds_the_whole_graphs_quads(two_sources: Project):
    whole = checked_build(two_sources)
    built = build_project(two_sources, two_sources.root / "build", options=BuildOptions(cache=True))
    assert set(built.quads) == set(whole.quads)
    assert built.triple_count == whole.triple_count == len(set(built.triples))
    assert [s.id for s in built.statements] == [s.id for s in whole.statements]
