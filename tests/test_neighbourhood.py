"""kg.neighbourhood: the picture around one entity drawn from what SPARQL selects, not
from the whole graph, and the same picture."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib.namespace import SKOS

from conftest import ROOT
from kg.cli import main
from kg.draw import build_view
from kg.engine import OxigraphEngine
from kg.explain import called
from kg.neighbourhood import focus_graph
from kg.pipeline import build, collect_files
from kg.triples import rdflib_graph
from test_draw import BRANCH_NK, BRANCH_PH, POST_NB, full_graph


@pytest.fixture(scope="module")
def seeds():
    triples = build(collect_files([ROOT / "seeds"])).graph
    return triples.to_rdflib(), OxigraphEngine.from_graph(triples)


def _view(graph, focus: str, depth: int, relations=None) -> tuple:
    """A focus view with every attribute of its nodes and edges, or the error it raises."""
    try:
        g: nx.DiGraph = build_view(graph, "focus", focus=focus, depth=depth, relations=relations)
    except ValueError as e:
        return ("error", str(e))
    return (sorted((n, repr(sorted(d.items()))) for n, d in g.nodes(data=True)),
            sorted((u, v, repr(sorted(d.items()))) for u, v, d in g.edges(data=True)), g.graph)


def test_every_seed_entity_is_drawn_as_from_the_whole_graph(seeds):
    whole, engine = seeds
    names = sorted({str(o) for o in whole.objects(None, SKOS.prefLabel)})
    assert len(names) > 50
    for name in names:
        for depth in (0, 1, 2):
            part = focus_graph(engine, name, depth)
            assert _view(part, name, depth) == _view(whole, name, depth), (name, depth)


def test_the_neighbourhood_is_a_small_part_of_the_graph(seeds):
    whole, engine = seeds
    post = "Đồn Biên phòng Tân Thanh"
    part = focus_graph(engine, post, 1)
    # triples of the graph, nothing made up (as Oxigraph holds it: it keeps an
    # xsd:nonNegativeInteger as an xsd:integer)
    assert set(part) <= set(rdflib_graph(engine.store))
    assert 0 < len(part) < len(whole) / 5
    assert len(_view(part, post, 1)[0]) > 1  # the post and what it links to


def test_spellings_relations_and_unknown_names_as_in_the_whole_graph():
    whole = full_graph()
    engine = OxigraphEngine.from_graph(whole)
    for focus in ("đồn biên phòng nà bủng", "Don Bien phong Na Bung", str(POST_NB), "Không Ai Cả"):
        for depth in (0, 1, 2):
            assert _view(focus_graph(engine, focus, depth), focus, depth) == \
                _view(whole, focus, depth), (focus, depth)
    staffing = _view(focus_graph(engine, "Đồn Biên phòng Nà Bủng", 1), "Đồn Biên phòng Nà Bủng", 1,
                     relations=["staffing"])
    assert [node for node, _ in staffing[0]] == sorted(map(str, (POST_NB, BRANCH_PH, BRANCH_NK)))
    assert called(engine, "Không Ai Cả") == ([], [])


def test_viz_focus_on_a_store_draws_the_neighbourhood(tmp_path: Path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'db'}"
    assert runner.invoke(main, ["build", str(ROOT / "seeds"), "--store", store]).exit_code == 0
    picture = tmp_path / "post.png"
    result = runner.invoke(main, ["viz", "--store", store, "--focus", "Đồn Biên phòng Tân Thanh",
                                  "-o", str(picture)])
    assert result.exit_code == 0, result.output
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert int(result.stderr.split()[0]) > 1  # "N nodes -> FILE"
    missing = runner.invoke(main, ["viz", "--store", store, "--focus", "Không Ai Cả",
                                   "-o", str(tmp_path / "none.png")])
    assert missing.exit_code != 0 and "no entity called" in missing.stderr
    assert "Traceback" not in missing.output and not (tmp_path / "none.png").exists()
