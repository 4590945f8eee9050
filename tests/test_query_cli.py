"""kgraph query and kgraph queries, as a user at the terminal meets them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph

from kgraph.cli import EXIT_NO_BUILD, EXIT_QUERY_ERROR, main
from kgraph.project import Project

from .conftest import REPO


def _run(build_dir: Path, capsysbinary, *args: str) -> tuple[int, bytes, str]:
    code = main(["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), *args])
    captured = capsysbinary.readouterr()
    return code, captured.out, captured.err.decode()


def test_catalogue_name_with_a_label_parameter_prints_a_table(build_dir, capsysbinary):
    code, out, _ = _run(build_dir, capsysbinary, "arms-suppliers", "--param", "recipient=Armenia", "--width", "200")
    assert code == 0
    text = out.decode()
    # "Smaller suppliers include China, India, Ukraine, Greece, Serbia, Jordan (per Armenian MoD sources, denied by
    # Jordan)."
    assert re.search(r"\bJordan +denied ", text), "the label stands for the IRI, with the status beside it"
    assert text.rstrip().endswith("rows)")


def test_inline_sparql_uses_the_predeclared_prefixes_and_csv(build_dir, capsysbinary):
    query = "SELECT ?label WHERE { kgr:shusha rdfs:label ?label }"
    code, out, _ = _run(build_dir, capsysbinary, query, "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out.decode()))) == [["label"], ["Shusha"]]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_select_in_the_standard_result_formats(build_dir, capsysbinary, fmt):
    query = "SELECT ?state WHERE { ?state kg:votedAgainst kgr:unga-resolution-62-243 } ORDER BY ?state"
    code, out, _ = _run(build_dir, capsysbinary, query, "--format", fmt)
    assert code == 0
    if fmt == "json":
        values = [b["state"]["value"] for b in json.loads(out)["results"]["bindings"]]
    elif fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        values = [u.text for u in ElementTree.fromstring(out).iter(f"{ns}uri")]
    else:
        values = [line.strip("<>") for line in out.decode().splitlines()[1:]]
    # "It was opposed by Angola, Armenia, France, India, Russia, the United States, and Vanuatu."
    assert [v.rsplit("/", 1)[-1] for v in values] == [
        "angola",
        "armenia",
        "france",
        "india",
        "russia",
        "united-states",
        "vanuatu",
    ]


def test_a_rq_file_and_a_construct_in_turtle_and_json_ld(build_dir, capsysbinary, tmp_path):
    path = tmp_path / "shusha.rq"
    path.write_text("CONSTRUCT { kgr:shusha ?p ?o } WHERE { kgr:shusha ?p ?o }", encoding="utf-8")
    code, out, _ = _run(build_dir, capsysbinary, str(path))
    assert code == 0
    turtle = Graph().parse(data=out, format="turtle")
    code, out, _ = _run(build_dir, capsysbinary, str(path), "--format", "jsonld")
    assert code == 0
    assert len(Graph().parse(data=out, format="json-ld")) == len(turtle) > 0


def test_a_syntax_error_shows_line_column_and_the_offending_part(build_dir, capsysbinary):
    code, _, err = _run(build_dir, capsysbinary, "SELECT ?s WHERE {\n  ?s a kg:Peace Agreement\n}")
    assert code == EXIT_QUERY_ERROR
    assert "line 2, column" in err
    assert "?s a kg:Peace Agreement" in err and "^" in err


def test_an_unknown_label_is_named(build_dir, capsysbinary):
    code, _, err = _run(build_dir, capsysbinary, "arms-suppliers", "--param", "recipient=Azerbajan")
    assert code == EXIT_QUERY_ERROR
    assert "no entity is labelled 'Azerbajan'" in err


def test_querying_without_a_build_says_to_build_first(tmp_path, capsysbinary):
    code, _, err = _run(tmp_path / "nothing", capsysbinary, "SELECT * WHERE { ?s ?p ?o }")
    assert code == EXIT_NO_BUILD
    assert "run 'kgraph build' first" in err


def test_queries_lists_every_catalogue_query_with_its_question(project: Project, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # the table fits the terminal; pytest's workers have none
    assert main(["--root", str(project.root), "queries"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.stem for p in project.queries_dir.glob("*.rq"))
    assert len(names) >= 40
    listed = {line.split()[0] for line in out.splitlines()[3:] if line.strip()}
    assert listed == set(names)
    assert "recipient (default kgr:azerbaijan)" in out


def test_every_catalogue_query_is_headed_by_its_question_and_runs(catalogue, knowledge_graph):
    for name, query in catalogue.items():
        assert query.question.endswith("?"), f"{name}.rq needs a '# question:' line ending in '?'"
        knowledge_graph.query(query)
