from pathlib import Path

from kgraph.source import read_document

from .conftest import REPO, TEST_DATA

ARTICLE = REPO / "data" / "sources" / "nagorno-karabakh-conflict.txt"


def test_title_and_top_sections_follow_the_article_headings():
    document = read_document(ARTICLE)
    assert document.title == "Nagorno-Karabakh conflict"
    top = [s.path[0] for s in document.sections if len(s.path) == 1]
    assert top == [
        "Infobox",
        "Lead",
        "Background",
        "Timeline",
        "Fatalities",
        "Foreign involvement",
        "Azerbaijani laundromat",
        "Major ceasefire agreements and international mediation",
        "Political status",
        "See also",
    ]


def test_nested_heading_gets_its_full_path():
    document = read_document(ARTICLE)
    offset = document.text.index("Russia has long been Armenia's primary arms supplier.")
    assert document.section_at(offset).label == "Foreign involvement > Arms suppliers > Armenia"


def test_sections_tile_the_text_after_the_title():
    document = read_document(ARTICLE)
    for previous, current in zip(document.sections, document.sections[1:], strict=False):
        assert previous.end == current.start
    assert document.sections[-1].end == len(document.text)


def test_infobox_lines_belong_to_the_infobox_and_the_lead_starts_after():
    document = read_document(TEST_DATA / "mini" / "sources" / "veldor-kestria.txt")
    assert document.section_at(document.text.index("- Place: Ostmark")).label == "Infobox"
    assert document.section_at(document.text.index("The Veldor–Kestria border")).label == "Lead"


def test_find_returns_every_occurrence(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("= T =\n\nA cat. A cat.\n", encoding="utf-8")
    document = read_document(path)
    assert document.find("A cat.") == [7, 14]
    assert document.find("A dog.") == []
