"""The extractors measured on real articles (tests/data/corpus, gold files listed by hand) and on held-out invented
ones (tests/data/corpus-heldout), the gold scorer itself, and `kgraph eval --gold`."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.extraction.corpus import draft_corpus, score_corpus
from kgraph.extraction.gold import KEYS, GoldError, GoldReport, read_gold, relation_keys
from kgraph.pipeline import Build

from .conftest import REPO

CORPUS = REPO / "tests" / "data" / "corpus"
HELDOUT = REPO / "tests" / "data" / "corpus-heldout"


def _report(build: Build, folder: Path) -> GoldReport:
    return score_corpus(draft_corpus([folder], build.catalogue, build.ontology), build.catalogue)


@pytest.fixture(scope="module")
def corpus(build: Build) -> GoldReport:
    return _report(build, CORPUS)


def test_the_corpus_is_all_there() -> None:
    golds = sorted((CORPUS / "gold").glob("*.gold.yaml"))
    assert len(golds) == 10
    assert sum(len(read_gold(path).facts) for path in golds) == 130  # 128 facts and 2 contested claims
    assert "CC BY-SA 4.0" in (CORPUS / "SOURCES.md").read_text(encoding="utf-8")


def test_corpus_precision_and_recall_of_the_core_relations(corpus: GoldReport) -> None:
    assert corpus.total.precision >= 0.90
    assert corpus.total.recall >= 0.60


def test_every_corpus_article_is_precise_and_none_is_missed_entirely(corpus: GoldReport) -> None:
    for article, score in corpus.articles.items():
        assert score.true_positives > 0, f"{article}: no fact found"
        assert score.precision >= 0.75, f"{article}: precision {score.precision:.2f}"


def test_no_contested_claim_is_drafted_as_fact(corpus: GoldReport) -> None:
    assert corpus.total.status_errors == []


def test_held_out_articles(build: Build) -> None:
    """Articles no rule was written against (first measured at precision 0.96, recall 0.66)."""
    report = _report(build, HELDOUT)
    assert report.total.precision >= 0.85
    assert report.total.recall >= 0.55


# --- the scorer ---


def _write_case(folder: Path, gold: str) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "gold").mkdir()
    (folder / "articles" / "dorn.txt").write_text(
        "= Dorn crisis =\n\nNorvania, Estmark and Lenna took part in the Dorn crisis. On 3 May 2040 Norvania and "
        "Estmark signed the Tarvel Accord. Lenna reportedly supplied weapons to Estmark.\n",
        encoding="utf-8",
    )
    path = folder / "gold" / "dorn.gold.yaml"
    path.write_text(gold, encoding="utf-8")
    return path


def test_scores_count_matches_misses_false_positives_and_status_errors(build: Build, tmp_path: Path) -> None:
    _write_case(
        tmp_path,
        "article: dorn.txt\nfacts:\n"
        "  - [Norvania, signed, Tarvel Accord|the accord]\n"
        "  - [ESTMARK, signed, tarvel accord]\n"  # case is ignored
        "  - [Lenna, suppliedArmsTo, Estmark]\n"  # the text hedges it: drafted as alleged, a status error
        "  - [Ostmark, mediated, Tarvel Accord]\n"  # not in the text: a miss
        "contested: []\n",
    )
    report = _report(build, tmp_path)
    signed, arms, mediated = (report.relations[k] for k in ("signed", "suppliedArmsTo", "mediated"))
    assert (signed.true_positives, len(signed.false_positives), len(signed.misses)) == (2, 0, 0)
    assert (arms.true_positives, len(arms.false_positives), len(arms.misses)) == (0, 1, 1)
    assert [w.statement.status for w in arms.status_errors] == ["alleged"]
    assert (mediated.true_positives, len(mediated.misses)) == (0, 1)
    assert (report.total.precision, report.total.recall) == (2 / 3, 2 / 4)


def test_a_contested_claim_drafted_contested_is_right(build: Build, tmp_path: Path) -> None:
    _write_case(
        tmp_path,
        "article: dorn.txt\nfacts: []\ncontested:\n  - [Lenna, suppliedArmsTo, Estmark, alleged]\n",
    )
    arms = _report(build, tmp_path).relations["suppliedArmsTo"]
    assert (arms.true_positives, arms.status_errors) == (1, [])


@pytest.mark.parametrize(
    ("gold", "problem"),
    [
        ("article: dorn.txt\nfacts:\n  - [Norvania, signed, Tarvel Accord]\n  - [Norvania, sold, Estmark]\n",
         "facts entry 2: unknown relation 'sold'"),
        ("article: dorn.txt\nfacts:\n  - [Norvania, signed]\n", "facts entry 1: expected 3 items"),
        ("article: dorn.txt\ncontested:\n  - [Lenna, supported, Estmark, rumoured]\n",
         "contested entry 1: unknown status 'rumoured'"),
        ("facts: []\n", "a gold file is a mapping with `article`"),
        ("article: nowhere.txt\nfacts: []\n", "article: 'nowhere.txt' is not beside it"),
        ("article: dorn.txt\nfacts: [\n", "cannot read the gold file"),
    ],
)  # fmt: skip
def test_a_bad_gold_file_is_named_with_its_entry(build: Build, tmp_path: Path, gold: str, problem: str) -> None:
    path = _write_case(tmp_path, gold)
    with pytest.raises(GoldError) as error:
        _report(build, tmp_path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_every_mapped_relation_is_in_the_ontology(build: Build) -> None:
    table = relation_keys()
    assert set(table.values()) == set(KEYS)
    assert set(table) <= set(build.ontology.relations)


def test_cli_eval_gold_prints_relations_articles_and_errors(capsys) -> None:
    assert main(["--root", str(REPO), "-q", "eval", "--gold", str(CORPUS), "--errors", "2"]) == 0
    out = capsys.readouterr().out
    assert "-- per relation" in out and "-- per article" in out
    assert "sochi-agreement.txt" in out and "misses" in out


def test_cli_eval_gold_reports_a_bad_gold_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.gold.yaml").write_text("article: x.txt\nfacts: [[a, b]]\n", encoding="utf-8")
    assert main(["--root", str(REPO), "-q", "eval", "--gold", str(tmp_path / "bad.gold.yaml")]) == 3
    assert "bad.gold.yaml: facts entry 1: expected 3 items" in capsys.readouterr().err
