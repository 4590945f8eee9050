"""Extraction in the build: a new article alone makes a valid graph, rejections stick, curated statements win."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kgraph.cli import main
from kgraph.namespaces import KG
from kgraph.project import Project

from .conftest import REPO, TEST_DATA

ARTICLE = TEST_DATA / "articles" / "veloria-kestrania-war.txt"


def _new_article_project(root: Path) -> Project:
    shutil.copytree(REPO / "ontology", root / "ontology")
    data = root / "data"
    for folder in ("sources", "entities", "statements"):
        (data / folder).mkdir(parents=True)
    shutil.copy(ARTICLE, data / "sources" / ARTICLE.name)
    (data / "dataset.yaml").write_text(
        yaml.safe_dump(
            {
                "id": "veloria",
                "title": "Veloria–Kestrania war",
                "description": "Drafted from one article.",
                "base": "https://kgraph.example.org/veloria/",
                "license": "https://creativecommons.org/licenses/by-sa/4.0/",
                "entities": "entities",
                "statements": "statements",
                "review": "review.yaml",
                "sources": [
                    {
                        "id": "veloria-article",
                        "file": f"sources/{ARTICLE.name}",
                        "title": "Veloria–Kestrania war",
                        "publisher": "kgraph tests",
                        "creator": "kgraph developers",
                        "license": "https://creativecommons.org/licenses/by-sa/4.0/",
                        "attribution": "An invented article written for the kgraph tests.",
                        "extract": True,
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return Project(root)


def _whole(root: Path) -> Graph:
    """Every named graph of the build in one graph (drafts live in the drafts graph, in the TriG export only)."""
    graph = Graph()
    for named in Dataset().parse(root / "build" / "kgraph.trig", format="trig").graphs():
        graph += named
    return graph


def _extracted(root: Path) -> dict[str, URIRef]:
    graph = _whole(root)
    return {str(s).rsplit("/", 1)[-1]: s for s in graph.subjects(KG.origin, Literal("extracted"))}


def test_a_graph_built_from_a_new_article_alone_passes_shacl(tmp_path: Path):
    project = _new_article_project(tmp_path)
    assert main(["--root", str(project.root), "-q", "build"]) == 0  # exit 4 if SHACL or a check failed
    graph = _whole(tmp_path)
    statements = set(graph.subjects(RDF.type, KG.Statement))
    assert statements and statements == set(graph.subjects(KG.origin, Literal("extracted")))
    relations = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.relation)) - {KG.relation}
    assert KG.signed in relations
    direct = [
        (s, p, o)
        for s, p, o in graph
        if p in relations
        and (s, RDF.type, KG.Statement) not in graph
        and str(s).startswith("https://kgraph.example.org/veloria/entity/")
    ]
    assert direct == [], "drafted statements never become direct triples"
    assert all(graph.value(s, KG.confidence) is not None for s in statements)


def test_rejected_statements_stay_rejected_across_rebuilds(tmp_path: Path):
    project = _new_article_project(tmp_path)
    assert main(["--root", str(project.root), "-q", "build"]) == 0
    first = _extracted(tmp_path)
    rejected = sorted(first)[0]
    (tmp_path / "data" / "review.yaml").write_text(
        yaml.safe_dump({"rejected": [{"id": rejected, "reason": "read wrongly"}]}), encoding="utf-8"
    )
    for _ in range(2):
        assert main(["--root", str(project.root), "-q", "build"]) == 0
        assert set(_extracted(tmp_path)) == set(first) - {rejected}


def test_curated_statements_win_and_confirm_the_extracted_ones(mini_project: Project):
    dataset = mini_project.root / "data" / "dataset.yaml"
    text = dataset.read_text(encoding="utf-8")
    dataset.write_text(
        text.replace(
            "    attribution: An invented article written for the kgraph tests.",
            "    attribution: An invented article written for the kgraph tests.\n    extract: true",
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(mini_project.root), "-q", "build"]) == 0
    graph = _whole(mini_project.root)
    confirmed = {(s, o) for s, o in graph.subject_objects(KG.confirmedBy)}
    targets = {str(o).rsplit("/", 1)[-1] for _, o in confirmed}
    # "On 3 May 2014, Veldor and Kestria signed the Lanholm Accord, mediated by Norland."
    assert {"lanholm-signed-veldor", "lanholm-signed-kestria"} <= targets
    for extracted, curated in confirmed:
        assert (curated, KG.origin, Literal("curated")) in graph
        assert (extracted, KG.origin, Literal("extracted")) in graph


def test_draft_writes_reviewable_yaml_that_passes_the_curation_checks(tmp_path: Path, capsys):
    target = tmp_path / "draft.yaml"
    assert main(["--root", str(REPO), "-q", "draft", str(ARTICLE), "-o", str(target)]) == 0
    assert "statements and" in capsys.readouterr().out
    draft = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert draft["entities"] and draft["statements"]
    project = _new_article_project(tmp_path / "project")
    data = project.root / "data"
    (data / "entities" / "draft.yaml").write_text(yaml.safe_dump({"entities": draft["entities"]}), encoding="utf-8")
    statements = [{k: v for k, v in s.items() if k != "source"} for s in draft["statements"]]
    (data / "statements" / "draft.yaml").write_text(yaml.safe_dump({"statements": statements}), encoding="utf-8")
    config = yaml.safe_load((data / "dataset.yaml").read_text(encoding="utf-8"))
    config["sources"][0]["extract"] = False
    (data / "dataset.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert main(["--root", str(project.root), "-q", "validate"]) == 0, "an accepted draft is valid curated data"


def test_eval_prints_precision_recall_and_f1_per_relation(capsys):
    assert main(["--root", str(REPO), "-q", "eval", "--errors", "3"]) == 0
    out = capsys.readouterr().out
    assert "core relations" in out and "suppliedArmsTo" in out
    assert "false positives" in out and "false negatives" in out
