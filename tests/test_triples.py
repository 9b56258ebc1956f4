"""The set of triples a build writes: its write rules, merging nodes, and its files."""

from __future__ import annotations

import pickle

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.triples import Triples, literal, named

A, B, C = (named(f"https://example.org/{n}") for n in "abc")
NAME, LINK, CODE = (named(f"https://example.org/p/{n}") for n in ("name", "link", "code"))
INTEGER = named("http://www.w3.org/2001/XMLSchema#integer")


def test_literals_are_escaped_exactly_as_oxigraph_writes_them():
    every_char = "".join(chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF)
    assert literal(every_char) == str(ox.Literal(every_char))
    assert literal("3", INTEGER) == str(ox.Literal("3", datatype=ox.NamedNode(INTEGER[1:-1])))


def test_set_keeps_the_last_value_set_first_the_first_set_max_the_highest():
    triples = Triples()
    triples.set(A, NAME, literal("một"))
    triples.set(A, NAME, literal("hai"))
    triples.set_first(B, NAME, literal("ba"))
    triples.set_first(B, NAME, literal("bốn"))
    triples.set_max(C, CODE, literal("0.90"), 0.9)
    triples.set_max(C, CODE, literal("0.50"), 0.5)
    assert triples.value(A, NAME) == literal("hai")
    assert triples.value(B, NAME) == literal("ba")
    assert triples.value(C, CODE) == literal("0.90")
    assert len(triples) == 3


def test_merging_per_article_sets_in_order_is_writing_them_into_one():
    def article(n: int, into: Triples) -> Triples:
        into.add(A, LINK, named(f"https://example.org/article/{n}"))
        into.set(A, NAME, literal(f"last {n}"))
        into.set_first(A, CODE, literal(f"first {n}"))
        into.set_max(B, CODE, literal(str(n % 3)), n % 3)
        return into

    one = Triples()
    merged = Triples()
    for n in range(5):
        article(n, one)
        merged.update(pickle.loads(pickle.dumps(article(n, Triples()))))  # as from a worker
    assert merged.ntriples() == one.ntriples()
    assert merged.value(A, NAME) == literal("last 4") and merged.value(A, CODE) == literal("first 0")
    assert merged.value(B, CODE) == literal("2")


def test_a_triple_written_twice_is_one():
    triples = Triples()
    for _ in range(2):
        triples.add(A, LINK, B)
        triples.set(A, NAME, literal("x"))
    triples.add(A, NAME, literal("x"))  # the same triple through the other rule
    assert len(triples) == len(list(triples)) == 2


def test_rename_merges_a_node_into_another_keeping_the_targets_own_values():
    triples = Triples()
    triples.add(A, LINK, literal("có dấu cách"))
    triples.set_first(A, CODE, literal("45-CT/ĐU"))
    triples.set_first(B, CODE, literal("45"))
    triples.set_first(B, NAME, literal("Chỉ thị 45"))
    triples.add(C, LINK, B)
    triples.add(B, LINK, C)
    assert triples.subjects(LINK, C) == [B]
    triples.rename({B: A})
    assert triples.value(A, CODE) == literal("45-CT/ĐU")
    assert triples.value(A, NAME) == literal("Chỉ thị 45")  # A had none: B's is kept
    assert set(triples) == {(A, LINK, literal("có dấu cách")), (A, CODE, literal("45-CT/ĐU")),
                            (A, NAME, literal("Chỉ thị 45")), (C, LINK, A), (A, LINK, C)}


def test_ntriples_are_sorted_and_parse_back_with_every_escape():
    triples = Triples()
    for text in ("dòng\nmới", 'ngoặc "kép"', "gạch \\ chéo", "Đồn . \n"):
        triples.add(B, NAME, literal(text))
    data = triples.ntriples()
    lines = data.decode().splitlines()
    assert lines == sorted(lines)
    assert {str(q.triple) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)} == \
        {f"{s} {p} {o}" for s, p, o in triples}


def test_ntriples_sort_in_code_point_order_whatever_the_script():
    """Sorted as UTF-8 bytes: the same order as Python's for the strings."""
    names = ["Zeta", "Ánh", "Đồn", "đồn", "Ā", "ữ", "a\u00a0b", "𝔸 (outside the BMP)", "\uffef", "~"]
    triples = Triples()
    for name in names:
        triples.add(named("https://example.org/x"), named("https://example.org/p"), literal(name))
    lines = triples.ntriples().decode().splitlines(keepends=True)
    assert lines == sorted(lines) and len(lines) == len(names)


def test_turtle_and_rdflib_round_trip():
    triples = Triples([(A, LINK, B), (B, NAME, literal("3", INTEGER))])
    graph = triples.to_rdflib()
    assert isomorphic(graph, Graph().parse(data=triples.serialize("turtle", {"ex": "https://example.org/"}),
                                           format="turtle"))
    assert set(Triples.from_rdflib(graph)) == set(triples)
