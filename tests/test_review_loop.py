"""The review loop on a real article (the Wikipedia "Sochi agreement", tests/data/corpus): draft ids that survive
edits elsewhere, accept into the curated YAML, reject out of the graph, stale decisions reported; entity linking
across case and accents; a person's signature for a state meeting the state's curated signature."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgraph.catalogue import Entity
from kgraph.cli import main
from kgraph.curation.append import append_records
from kgraph.errors import InputError
from kgraph.extraction import extract
from kgraph.extraction.mentions import EntityIndex
from kgraph.extraction.pending import load_pending
from kgraph.namespaces import KG
from kgraph.ontology import Ontology
from kgraph.pipeline import Build, keep_apart
from kgraph.project import Project

from .conftest import REPO, TEST_DATA

ARTICLE = TEST_DATA / "corpus" / "articles" / "sochi-agreement.txt"
BASE = "https://kgraph.example.org/sochi/"
BROKERED = "Russia brokered a ceasefire and negotiated the agreement in 1992."


def _project(root: Path, article: Path = ARTICLE, entities: str = "", statements: str = "") -> Project:
    shutil.copytree(REPO / "ontology", root / "ontology")
    data = root / "data"
    for folder in ("sources", "entities", "statements"):
        (data / folder).mkdir(parents=True)
    shutil.copy(article, data / "sources" / "article.txt")
    dataset = {
        "id": "sochi",
        "title": "Sochi agreement",
        "description": "Drafted from one article.",
        "base": BASE,
        "license": "https://creativecommons.org/licenses/by-sa/4.0/",
        "entities": "entities",
        "statements": "statements",
        "review": "review.yaml",
        "sources": [
            {
                "id": "sochi-agreement",
                "file": "sources/article.txt",
                "title": "Sochi agreement",
                "publisher": "English Wikipedia",
                "creator": "Wikipedia contributors",
                "license": "https://creativecommons.org/licenses/by-sa/4.0/",
                "attribution": 'Text of the English Wikipedia article "Sochi agreement", CC BY-SA 4.0.',
                "extract": True,
            }
        ],
    }
    (data / "dataset.yaml").write_text(yaml.safe_dump(dataset, allow_unicode=True), encoding="utf-8")
    (data / "entities" / "states.yaml").write_text(
        entities
        or "# The catalogue the drafts link to.\nentities:\n"
        "  - {id: russia, type: RecognisedState, label: Russia, description: A state.}\n"
        "  - {id: georgia, type: RecognisedState, label: Georgia, description: A state.}\n",
        encoding="utf-8",
    )
    if statements:
        (data / "statements" / "hand.yaml").write_text(statements, encoding="utf-8")
    return Project(root)


def _drafts(project: Project) -> dict[str, str]:
    """Draft id → its sentence, for the drafts not yet decided."""
    return {s.id: s.evidence.quote for s in load_pending(project, None).reviewed.statements}


def _draft_id(project: Project, subject: str, relation: str) -> str:
    pending = load_pending(project, None)
    return next(s.id for s in pending.reviewed.statements if (s.subject, s.relation) == (subject, relation))


def _run(project: Project, *args: str) -> int:
    return main(["--root", str(project.root), *args])


def _graph(project: Project) -> Graph:
    """Every named graph of the build as one, drafts included (only the TriG holds the drafts graph)."""
    graph = Graph()
    for quad_graph in Dataset().parse(project.root / "build" / "kgraph.trig", format="trig").graphs():
        graph += quad_graph
    return graph


def _statement(graph: Graph, statement_id: str) -> URIRef:
    return URIRef(f"{BASE}statement/{statement_id}")


def test_draft_ids_survive_an_edit_elsewhere_and_a_rejection_stays(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = _drafts(project)
    brokered = _draft_id(project, "russia", "brokered")
    assert before[brokered] == BROKERED
    assert _run(project, "-q", "reject", brokered, "--reason", "a test rejection") == 0

    article = project.root / "data" / "sources" / "article.txt"
    text = article.read_text("utf-8")
    article.write_text(text.replace(BROKERED, "Later. " + BROKERED), encoding="utf-8")  # 7 characters earlier
    pending = load_pending(project, None)
    assert brokered not in {s.id for s in pending.reviewed.statements}, "the rejection still applies"
    assert pending.reviewed.stale == []
    moved = next(s for s in pending.drafts.statements if s.id == brokered)
    assert moved.evidence.start == text.index(BROKERED) + 7  # the sentence did move: offsets would have changed
    assert set(_drafts(project)) == set(before) - {brokered}

    assert _run(project, "-q", "build") == 0
    graph = _graph(project)
    assert (_statement(graph, brokered), RDF.type, KG.Statement) not in graph
    assert (URIRef(f"{BASE}entity/russia"), KG.brokered, None) not in graph
    for kept in set(before) - {brokered}:
        assert (_statement(graph, kept), KG.origin, Literal("extracted")) in graph


def test_an_accepted_draft_is_curated_in_the_next_build(tmp_path: Path) -> None:
    hand = (
        "# Written by hand; kgraph accept must keep this comment and this record first.\n"
        "statements:\n"
        "  - id: russia-supported-georgia\n"
        "    subject: russia\n"
        "    relation: supported\n"
        "    object: georgia\n"
        "    quote: 'Russia brokered a ceasefire and negotiated the agreement in 1992.'\n"
    )
    project = _project(tmp_path)
    (project.root / "data" / "statements" / "sochi-agreement.yaml").write_text(hand, encoding="utf-8")
    signed = _draft_id(project, "georgia", "signed")
    assert _run(project, "-q", "accept", signed) == 0

    written = (project.root / "data" / "statements" / "sochi-agreement.yaml").read_text("utf-8")
    assert written.startswith(hand), "the file's text, comment and first record are kept"
    records = yaml.safe_load(written)["statements"]
    assert [r["id"] for r in records] == ["russia-supported-georgia", "georgia-signed-sochi-agreement"]
    assert records[1]["subject"] == "georgia" and records[1]["object"] == "sochi-agreement"
    assert "between Georgia and Russia" in records[1]["quote"]
    entities = yaml.safe_load((project.root / "data" / "entities" / "sochi-agreement.yaml").read_text("utf-8"))
    assert entities["entities"][0]["id"] == "sochi-agreement" and entities["entities"][0]["label"] == "Sochi agreement"
    review = yaml.safe_load((project.root / "data" / "review.yaml").read_text("utf-8"))
    assert review["accepted"][0]["id"] == signed
    assert review["accepted"][0]["statement"] == "georgia-signed-sochi-agreement"

    assert signed not in _drafts(project)
    assert _run(project, "-q", "build") == 0
    graph = _graph(project)
    curated = _statement(graph, "georgia-signed-sochi-agreement")
    assert (curated, KG.origin, Literal("curated")) in graph
    assert (URIRef(f"{BASE}entity/georgia"), KG.signed, URIRef(f"{BASE}entity/sochi-agreement")) in graph
    assert (_statement(graph, signed), RDF.type, KG.Statement) not in graph

    # The next build checks its quote like any curated one: a sentence no longer in the article stops it.
    article = project.root / "data" / "sources" / "article.txt"
    article.write_text(article.read_text("utf-8").replace("between Georgia and Russia", "between them"), "utf-8")
    assert _run(project, "-q", "build") == 3


def test_rejecting_every_draft_of_an_entity_removes_the_entity(tmp_path: Path) -> None:
    project = _project(tmp_path)
    ids = sorted(_drafts(project))
    assert _run(project, "-q", "build") == 0
    assert (URIRef(f"{BASE}entity/sochi-agreement"), None, None) in _graph(project)
    assert _run(project, "-q", "reject", *ids) == 0
    assert _run(project, "-q", "build") == 0
    graph = _graph(project)
    assert (URIRef(f"{BASE}entity/sochi-agreement"), None, None) not in graph
    assert not list(graph.subjects(KG.origin, Literal("extracted")))


def test_a_decision_whose_sentence_left_the_article_is_reported_as_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    brokered = _draft_id(project, "russia", "brokered")
    assert _run(project, "-q", "reject", brokered) == 0
    article = project.root / "data" / "sources" / "article.txt"
    article.write_text(article.read_text("utf-8").replace("Russia brokered", "Russia mediated"), encoding="utf-8")
    capsys.readouterr()
    assert _run(project, "review") == 0
    warning = capsys.readouterr().err
    assert "warning" in warning and brokered in warning and BROKERED[:60] in warning
    assert _run(project, "build") == 0
    assert brokered in capsys.readouterr().err
    assert _run(project, "-q", "build") == 0
    quiet = capsys.readouterr().err
    assert brokered in quiet and "reading statements" not in quiet, "-q silences progress, not warnings"


def test_unknown_and_already_decided_ids_are_usage_errors(tmp_path: Path) -> None:
    project = _project(tmp_path)
    signed = _draft_id(project, "georgia", "signed")
    assert _run(project, "-q", "reject", "x-no-such-draft") == 2
    assert _run(project, "-q", "reject", signed) == 0
    assert _run(project, "-q", "accept", signed) == 2


def _entity(entity_id: str, type_name: str, label: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(entity_id, (type_name,), label, aliases, "A test entity.", None, Path("entities.yaml"), 1)


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    catalogue = [
        _entity("russia", "RecognisedState", "Russia"),
        _entity("united-states", "RecognisedState", "United States", ("US",)),
        _entity("sao-tome", "RecognisedState", "São Tomé and Príncipe"),
        _entity("ilham-aliyev", "Person", "Ilham Aliyev"),
        _entity("heydar-aliyev", "Person", "Heydar Aliyev"),
    ]
    return EntityIndex({e.id: e for e in catalogue}, Ontology.read(REPO / "ontology" / "kgraph.ttl"))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Troops of RUSSIA crossed.", "RUSSIA"),
        ("The Russian army crossed.", "Russian"),
        ("The RUSSIAN army crossed.", "RUSSIAN"),
        ("Troops of Russia crossed.", "Russia"),
        ("Troops of Rússia crossed.", "Rússia"),
    ],
)
def test_russia_is_the_catalogue_entity_however_written(index: EntityIndex, text: str, written: str) -> None:
    found = [(m.text, m.entity) for m in index.find(text, propose=False)]
    assert (written, "russia") in found


def test_accents_and_case_aside_but_not_ordinary_words(index: EntityIndex) -> None:
    found = [(m.text, m.entity) for m in index.find("Sao Tome and Principe asked us and the US.", propose=False)]
    assert ("Sao Tome and Principe", "sao-tome") in found
    assert ("US", "united-states") in found
    assert ("us", "united-states") not in found, "an acronym matches only as written"
    assert index.find("a visit to russia", propose=False) == [], "a lower-case word is not a name"


def test_a_proposed_name_clearly_a_catalogue_entity_is_linked_and_a_doubtful_one_listed(index: EntityIndex) -> None:
    assert index.propose("Russian Federation", "State", "The Russian Federation said.") == "russia"
    republic = index.propose("Republic of Russia", "State", "The Republic of Russia said.")
    assert republic != "russia" and "russia" in index.possible_matches[republic], "'Republic of China' is not China"
    assert index.propose("RUSSIA", "State", "RUSSIA said.") == "russia"
    aliyev = index.propose("Aliyev", "Person", "Aliyev said.")
    assert aliyev not in ("ilham-aliyev", "heydar-aliyev"), "not merged silently"
    assert index.possible_matches[aliyev] == ("heydar-aliyev", "ilham-aliyev")


CEASEFIRE_ENTITIES = (
    "entities:\n"
    "  - {id: azerbaijan, type: RecognisedState, label: Azerbaijan, description: A state.}\n"
    "  - {id: ilham-aliyev, type: Person, label: Ilham Aliyev, aliases: [Aliyev], description: A president.}\n"
    "  - {id: ceasefire-2020, type: Ceasefire, label: 2020 ceasefire, description: An agreement.}\n"
)
CEASEFIRE_CURATED = (
    "statements:\n"
    "  - id: azerbaijan-signed-ceasefire-2020\n"
    "    subject: azerbaijan\n"
    "    relation: signed\n"
    "    object: ceasefire-2020\n"
    "    quote: Azerbaijan signed the 2020 ceasefire.\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Aliyev signed the 2020 ceasefire for Azerbaijan.",
        "Azerbaijani President Ilham Aliyev signed the 2020 ceasefire.",
    ],
)
def test_a_person_signing_for_a_state_confirms_the_states_curated_signature(tmp_path: Path, sentence: str) -> None:
    article = tmp_path / "ceasefire.txt"
    article.write_text(
        f"= 2020 ceasefire =\n\n{sentence}\n\n== Signing ==\n\nAzerbaijan signed the 2020 ceasefire.\n",
        encoding="utf-8",
    )
    project = _project(tmp_path / "project", article, CEASEFIRE_ENTITIES, CEASEFIRE_CURATED)
    drafted = [s for s in load_pending(project, None).reviewed.statements if s.evidence.quote == sentence]
    assert [(s.subject, s.relation, s.object, s.on_behalf_of) for s in drafted] == [
        ("ilham-aliyev", "signed", "ceasefire-2020", "azerbaijan")
    ]
    assert _run(project, "-q", "build") == 0
    graph = _graph(project)
    draft = _statement(graph, drafted[0].id)
    assert (draft, KG.onBehalfOf, URIRef(f"{BASE}entity/azerbaijan")) in graph
    assert (draft, KG.confirmedBy, _statement(graph, "azerbaijan-signed-ceasefire-2020")) in graph


def test_review_lists_each_draft_with_its_sentence_confidence_and_new_entities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    brokered = _draft_id(project, "russia", "brokered")
    assert _run(project, "-q", "review") == 0
    shown = capsys.readouterr().out
    block = next(b for b in shown.split("\n\n") if b.startswith(brokered))
    assert "confidence 0." in block and f'"{BROKERED}"' in block
    assert "Russia brokered Sochi agreement" in block
    assert "creates sochi-agreement (Agreement, 'Sochi agreement')" in block
    assert _run(project, "-q", "review", "--min-confidence", "0.99") == 0
    assert capsys.readouterr().out == ""


def test_the_seed_articles_2025_signatures_are_drafted_for_their_states_and_confirmed(build: Build) -> None:
    """ "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev signed a peace agreement":
    each signed for the state his office belongs to, as the curated records say."""
    source = build.config.sources[0]
    drafts = extract(build.documents[source.id], source.id, build.catalogue, build.ontology).statements
    signed = {
        (s.subject, s.on_behalf_of)
        for s in drafts
        if s.relation == "signed" and s.object == "peace-agreement-2025" and "Pashinyan" in s.evidence.quote
    }
    assert signed == {("nikol-pashinyan", "armenia"), ("ilham-aliyev", "azerbaijan")}
    curated = {s.id: s for s in build.statements if s.origin == "curated"}
    assert curated["peace-agreement-2025-signed-ilham-aliyev"].on_behalf_of == "azerbaijan"
    kept = keep_apart(list(curated.values()), [s for s in drafts if s.object == "peace-agreement-2025"], {})
    confirmed = {s.subject: s.confirmed_by for s in kept.statements if s.relation == "signed"}
    assert confirmed["ilham-aliyev"] == "peace-agreement-2025-signed-ilham-aliyev"


def test_accepting_by_editing_the_review_file_keeps_the_draft_until_accept_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    signed = _draft_id(project, "georgia", "signed")
    (project.root / "data" / "review.yaml").write_text(f"accepted:\n  - {signed}\n", encoding="utf-8")
    capsys.readouterr()
    assert _run(project, "build") == 0
    assert f"kgraph accept {signed}" in capsys.readouterr().err
    assert (_statement(_graph(project), signed), KG.origin, Literal("extracted")) in _graph(project)

    assert _run(project, "-q", "accept", signed) == 0
    assert _run(project, "-q", "build") == 0
    graph = _graph(project)
    assert (_statement(graph, "georgia-signed-sochi-agreement"), KG.origin, Literal("curated")) in graph
    assert (_statement(graph, signed), RDF.type, KG.Statement) not in graph
    assert _run(project, "-q", "accept", signed) == 2, "written once"


def test_names_that_differ_only_by_accent_keep_their_own_entities() -> None:
    ontology = Ontology.read(REPO / "ontology" / "kgraph.ttl")
    catalogue = [_entity("merida-mexico", "Settlement", "Mérida"), _entity("merida-venezuela", "Settlement", "Merida")]
    index = EntityIndex({e.id: e for e in catalogue}, ontology)
    found = [(m.text, m.entity) for m in index.find("From Mérida to Merida and MERIDA.", propose=False)]
    assert ("Mérida", "merida-mexico") in found and ("Merida", "merida-venezuela") in found
    assert not any(text == "MERIDA" for text, _ in found), "a folded name two entities share is nobody's"


def test_a_leader_brokering_for_a_state_is_drafted_at_both_levels(tmp_path: Path) -> None:
    article = tmp_path / "ceasefire.txt"
    article.write_text(
        "= 2020 ceasefire =\n\nRussian President Vladimir Putin brokered the 2020 ceasefire.\n", encoding="utf-8"
    )
    entities = CEASEFIRE_ENTITIES + (
        "  - {id: russia, type: RecognisedState, label: Russia, description: A state.}\n"
        "  - {id: vladimir-putin, type: Person, label: Vladimir Putin, description: A president.}\n"
    )
    project = _project(tmp_path / "project", article, entities)
    drafted = load_pending(project, None).reviewed.statements
    assert [(s.subject, s.relation, s.object, s.on_behalf_of) for s in drafted] == [
        ("vladimir-putin", "brokered", "ceasefire-2020", "russia")
    ]


def test_appending_keeps_the_files_text_and_refuses_what_it_cannot_append_safely(tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text("# kept\nrejected: []  # none yet\nnote_for_later: keep me\n", encoding="utf-8")
    append_records(review, "rejected", [{"id": "x-a", "reason": "no"}])
    append_records(review, "accepted", ["x-b"])
    text = review.read_text("utf-8")
    assert text.startswith("# kept\n") and "note_for_later: keep me" in text
    assert yaml.safe_load(text) == {
        "rejected": [{"id": "x-a", "reason": "no"}],
        "note_for_later": "keep me",
        "accepted": ["x-b"],
    }
    flow = tmp_path / "flow.yaml"
    flow.write_text("rejected: [x-a, x-b]\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        append_records(flow, "rejected", ["x-c"])
    assert "flow.yaml" in str(raised.value) and "by hand" in str(raised.value)
    assert flow.read_text("utf-8") == "rejected: [x-a, x-b]\n", "left untouched"
