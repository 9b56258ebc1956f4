"""kg.store_graph: the views drawn from an Oxigraph store are the views drawn from rdflib."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import ROOT
from kg.draw import VIEWS, build_view
from kg.pipeline import build, collect_files
from kg.store_graph import StoreGraph
from kg.vocab import KG

EX = "https://example.org/"
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture(scope="module")
def articles():
    """The seeds and the dev articles, as Oxigraph and as rdflib read them."""
    triples = build(collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])).graph
    store = ox.Store()
    triples.load_into(store)
    return StoreGraph(store), triples.to_rdflib()


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_the_one_rdflib_gives(articles, view: str):
    """Nodes, edges and every attribute, in the same order: the files written from them
    (GraphML, GEXF, HTML, pictures) are then the same bytes."""
    from_store, from_rdflib = articles
    focus = {}
    if view == "focus":  # around the first border post, two links out
        post = min(from_rdflib.subjects(RDF.type, KG.BorderPost))
        focus = {"focus": str(from_rdflib.value(post, SKOS.prefLabel)), "depth": 2}
    drawn, expected = build_view(from_store, view, **focus), build_view(from_rdflib, view, **focus)
    assert expected.number_of_nodes() > 5
    assert list(drawn.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(drawn.edges(data=True)) == list(expected.edges(data=True))


def _store(*quads: tuple) -> StoreGraph:
    store = ox.Store()
    store.extend(ox.Quad(*q) for q in quads)
    return StoreGraph(store)


def test_a_triple_in_several_graphs_is_answered_once():
    """A store built with --store keeps an article's triples in its own graph: an entity's
    label, written by two articles, is there twice."""
    a, p = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
    graph = _store(*((a, p, ox.Literal("x"), ox.NamedNode(EX + g)) for g in ("g1", "g2")),
                   (a, p, ox.Literal("y"), ox.DefaultGraph()))
    assert list(graph.objects(URIRef(EX + "a"), URIRef(EX + "p"))) == [Literal("x"), Literal("y")]
    assert list(graph.subjects(URIRef(EX + "p"), Literal("x"))) == [URIRef(EX + "a")]
    assert list(graph.subject_objects(URIRef(EX + "p"))) == [(URIRef(EX + "a"), Literal("x")),
                                                            (URIRef(EX + "a"), Literal("y"))]


def test_answers_come_in_n_triples_order_whatever_the_store_order():
    p = ox.NamedNode(EX + "p")
    names = ["c", "a", "b"]
    graph = _store(*((ox.NamedNode(EX + "s"), p, ox.NamedNode(EX + n)) for n in names))
    assert [str(o) for o in graph.objects(URIRef(EX + "s"), URIRef(EX + "p"))] == [EX + n for n in "abc"]
    assert graph.value(URIRef(EX + "s"), URIRef(EX + "p")) == URIRef(EX + "a")
    assert graph.value(None, URIRef(EX + "p"), URIRef(EX + "b")) == URIRef(EX + "s")
    assert graph.value(URIRef(EX + "s"), URIRef(EX + "q"), default="none") == "none"


def test_terms_are_rdflib_terms_with_their_datatype():
    s = ox.NamedNode(EX + "s")
    graph = _store((s, ox.NamedNode(EX + "n"), ox.Literal("7", datatype=ox.NamedNode(INTEGER))),
                   (s, ox.NamedNode(str(RDF.type)), ox.NamedNode(EX + "C")))
    value = graph.value(URIRef(EX + "s"), URIRef(EX + "n"))
    assert isinstance(value, Literal) and value.datatype == URIRef(INTEGER) and value.toPython() == 7
    assert (URIRef(EX + "s"), RDF.type, URIRef(EX + "C")) in graph
    assert (URIRef(EX + "s"), RDF.type, URIRef(EX + "D")) not in graph
