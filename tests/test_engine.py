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


@pytest.fixture(scope="module")
def wide_engines(tmp_path_factory):
    """The seeds and the development articles: rows for every saved query."""
    graph = build(collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])).graph
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    path.write_bytes(graph.serialize("turtle"))
    return OxigraphEngine.from_file(path), RdflibEngine.from_file(path)


def _shown(answers):
    columns, table = answers
    keep = [i for i, c in enumerate(columns) if not c.startswith("_")]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in table]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_without_hidden_lines_gives_the_same_shown_answers(wide_engines, name):
    query = saved_queries()[name]
    lean = query.without("evidence")
    if "?_evidence" in query.text:  # every query that finds sentences marks where
        assert lean.text != query.text
        assert "?_evidence" not in lean.text and "?sentence" not in lean.text
    leanest = query.shown_only()
    if "?_confidence" in query.text:  # and every query that finds a confidence
        assert "?_confidence" in lean.text
        assert "?_confidence" not in leanest.text and "?trust" not in leanest.text
    for engine in wide_engines:
        shown = _shown(engine.select(query, hidden=True))
        assert shown[1], "a query with no rows here tests nothing"
        assert engine.select(query) == shown  # shown columns only: the leanest form
        columns, table = engine.select(lean, hidden=True)
        assert "_evidence" not in columns and _shown((columns, table)) == shown
        if "?_confidence" in query.text:
            assert "_confidence" in columns
        columns, table = engine.select(leanest, hidden=True)
        assert not any(c.startswith("_") for c in columns) and (columns, table) == shown


def test_without_drops_only_lines_marked_in_a_comment():
    from kg.query import SavedQuery

    text = ('SELECT ?x\n'
            '       (STR(?s) AS ?_evidence)  # evidence\n'
            '       (MAX(?c) AS ?_confidence)  # confidence\n'
            'WHERE { ?x <https://example.org/#evidence> "# evidence" .\n'
            '  ?x <https://example.org/said> ?s .  #evidence of it\n'
            '  ?x <https://example.org/sure> ?c .  # confidence\n'
            '}\n')
    query = SavedQuery("q", text)
    assert query.without("evidence").text == (
        'SELECT ?x\n       (MAX(?c) AS ?_confidence)  # confidence\n'
        'WHERE { ?x <https://example.org/#evidence> "# evidence" .\n'
        '  ?x <https://example.org/sure> ?c .  # confidence\n}\n')
    assert query.shown_only().text == 'SELECT ?x\nWHERE { ?x <https://example.org/#evidence> "# evidence" .\n}\n'
    unmarked = SavedQuery("q", 'SELECT ?x WHERE { ?x <https://example.org/#evidence> ?y }\n')
    assert unmarked.without("evidence") is unmarked and unmarked.shown_only() is unmarked
