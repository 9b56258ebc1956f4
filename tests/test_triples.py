"""The set of triples a build writes: its write rules, merging nodes, and its files."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.triples import Triples

A, B, C = (ox.NamedNode(f"https://example.org/{n}") for n in "abc")
NAME, LINK, CODE = (ox.NamedNode(f"https://example.org/p/{n}") for n in ("name", "link", "code"))


def test_set_keeps_the_last_value_and_set_first_the_first():
    triples = Triples()
    triples.set(A, NAME, ox.Literal("một"))
    triples.set(A, NAME, ox.Literal("hai"))
    triples.set_first(B, NAME, ox.Literal("ba"))
    triples.set_first(B, NAME, ox.Literal("bốn"))
    assert triples.value(A, NAME) == ox.Literal("hai")
    assert triples.value(B, NAME) == ox.Literal("ba")
    assert len(triples) == 2


def test_a_triple_written_twice_is_one():
    triples = Triples()
    for _ in range(2):
        triples.add(A, LINK, B)
        triples.set(A, NAME, ox.Literal("x"))
    triples.add(A, NAME, ox.Literal("x"))  # the same triple through the other rule
    assert len(triples) == len(list(triples)) == 2


def test_rename_merges_a_node_into_another_keeping_the_targets_own_values():
    triples = Triples()
    triples.set_first(A, CODE, ox.Literal("45-CT/ĐU"))
    triples.set_first(B, CODE, ox.Literal("45"))
    triples.set_first(B, NAME, ox.Literal("Chỉ thị 45"))
    triples.add(C, LINK, B)
    triples.add(B, LINK, C)
    triples.rename({B: A})
    assert triples.value(A, CODE) == ox.Literal("45-CT/ĐU")
    assert triples.value(A, NAME) == ox.Literal("Chỉ thị 45")  # A had none: B's is kept
    assert set(triples) == {(A, CODE, ox.Literal("45-CT/ĐU")), (A, NAME, ox.Literal("Chỉ thị 45")),
                            (C, LINK, A), (A, LINK, C)}


def test_ntriples_are_sorted_and_parse_back_with_every_escape():
    triples = Triples()
    for text in ("dòng\nmới", 'ngoặc "kép"', "gạch \\ chéo", "Đồn"):
        triples.add(B, NAME, ox.Literal(text))
    triples.add(A, NAME, ox.Literal("x", language="vi"))
    data = triples.ntriples()
    lines = data.decode().splitlines()
    assert lines == sorted(lines)
    assert {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)} == {ox.Triple(*t) for t in triples}


def test_turtle_and_rdflib_round_trip():
    triples = Triples([(A, LINK, B), (B, NAME, ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")))])
    graph = triples.to_rdflib()
    assert isomorphic(graph, Graph().parse(data=triples.serialize("turtle", {"ex": "https://example.org/"}),
                                           format="turtle"))
    assert set(Triples.from_rdflib(graph)) == set(triples)
