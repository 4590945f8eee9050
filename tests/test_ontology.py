from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.namespaces import KG
from kgraph.ontology import Ontology

from .conftest import REPO

ONTOLOGY = REPO / "ontology" / "kgraph.ttl"


def _terms(graph: Graph):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and term.startswith(str(KG)):
                yield kind, term


def test_every_term_has_an_english_label_and_comment():
    graph = Graph().parse(ONTOLOGY)
    for _, term in _terms(graph):
        assert graph.value(term, RDFS.label) is not None, term
        assert graph.value(term, RDFS.comment) is not None, term


def test_every_property_has_a_domain_and_range():
    graph = Graph().parse(ONTOLOGY)
    for kind, term in _terms(graph):
        if kind != OWL.Class:
            assert graph.value(term, RDFS.domain) is not None, term
            assert graph.value(term, RDFS.range) is not None, term


def test_the_relations_the_issue_names_exist():
    relations = Ontology.read(ONTOLOGY).relations
    wanted = {
        "supported",
        "supportedMilitarily",
        "supportedDiplomatically",
        "supportedHumanitarian",
        "supportedEconomically",
        "supportedFinancially",
        "suppliedArmsTo",
        "mediated",
        "brokered",
        "hosted",
        "signed",
        "partyTo",
        "recognised",
        "condemned",
        "votedFor",
        "votedAgainst",
        "abstainedOn",
        "foughtFor",
        "belligerentIn",
        "led",
        "heldOffice",
        "memberOf",
        "coChairOf",
        "deployedTo",
        "blockaded",
        "captured",
        "expelled",
        "alliedWith",
        "lobbiedFor",
        "accused",
        "partOf",
        "locatedIn",
        "controlled",
        "claimed",
        "recognisedAsPartOf",
    }
    assert wanted <= set(relations)


def test_cameo_codes_match_the_cameo_categories():
    relations = Ontology.read(ONTOLOGY).relations
    expected = {
        "signed": "057",
        "mediated": "045",
        "supportedMilitarily": "072",
        "recognised": "054",
        "condemned": "111",
        "blockaded": "191",
        "accused": "112",
        "hosted": "043",
    }
    assert {name: relations[name].cameo_code for name in expected} == expected


def test_the_classes_the_issue_names_exist():
    classes = Ontology.read(ONTOLOGY).classes
    wanted = {
        "State",
        "RecognisedState",
        "PartiallyRecognisedState",
        "UnrecognisedState",
        "Person",
        "Office",
        "InternationalOrganisation",
        "NonGovernmentalOrganisation",
        "PoliticalParty",
        "LobbyingGroup",
        "ArmedForces",
        "VolunteerGroup",
        "MercenaryGroup",
        "PeacekeepingForce",
        "Ceasefire",
        "PeaceAgreement",
        "Protocol",
        "Declaration",
        "Resolution",
        "Law",
        "War",
        "Clash",
        "Offensive",
        "Blockade",
        "Referendum",
        "Expulsion",
        "Place",
    }
    assert wanted <= set(classes)


def test_the_ontology_has_no_blank_nodes():
    graph = Graph().parse(ONTOLOGY)
    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]
