"""Oxigraph answers every saved query exactly as rdflib's engine does."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kg.engine import OxigraphEngine, RdflibEngine
from kg.pipeline import build, collect_files
from kg.query import parse_params, saved_queries


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    graph = build(collect_files([ROOT / "seeds"])).graph.to_rdflib()
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return OxigraphEngine.from_file(path), RdflibEngine.from_file(path)


def _comparable(answers):
    """Hidden cells compared by meaning: evidence as a set, confidence as a number."""
    columns, table = answers
    out = []
    for row in table:
        cells = []
        for column, cell in zip(columns, row):
            if column == "_evidence":
                cells.append(frozenset(cell.split()))
            elif column == "_confidence":
                cells.append(float(cell) if cell else None)
            else:
                cells.append(cell)
        out.append(tuple(cells))
    return columns, out


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_both_engines_give_the_same_answers(engines, name):
    oxigraph, rdflib_engine = engines
    query = saved_queries()[name]
    assert oxigraph.select(query) == rdflib_engine.select(query)
    assert _comparable(oxigraph.select(query, hidden=True)) == \
        _comparable(rdflib_engine.select(query, hidden=True))


@pytest.mark.parametrize("name, param", [("officials", "position=Bí thư"), ("statistics", "measure=party_members"),
                                         ("places", "type=xã")])
def test_both_engines_bind_parameters_alike(engines, name, param):
    oxigraph, rdflib_engine = engines
    query = saved_queries()[name]
    bindings = parse_params((param,), query)
    answers = oxigraph.select(query, bindings)
    assert answers == rdflib_engine.select(query, bindings)
    assert 0 < len(answers[1]) < len(oxigraph.select(query)[1])
