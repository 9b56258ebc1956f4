"""Provenance: every answer row and entity leads back to its sentences, with offsets into the file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main
from kg.engine import OxigraphEngine, RdflibEngine
from kg.explain import explain_entity, explain_rows
from kg.pipeline import build, collect_files
from kg.query import find_query, parse_params, rows, run_query, strong_only
from kg.text import clean


@pytest.fixture(scope="module")
def seed_triples():
    return build(collect_files([ROOT / "seeds"])).graph


@pytest.fixture(scope="module")
def seed_graph(seed_triples):
    return seed_triples.to_rdflib()


@pytest.fixture(scope="module")
def seeds(seed_triples):
    """The seed graph where explaining asks its SPARQL: Oxigraph, as `kg explain` does."""
    return OxigraphEngine.from_graph(seed_triples)


def test_a_seed_answer_row_is_explained_down_to_its_sentence(seeds):
    query = find_query("border-posts-staff-branches")
    [row] = explain_rows(seeds, query)
    [evidence] = row.evidence
    assert "tham dự sinh hoạt" in evidence.text
    page = clean((ROOT / "seeds" / f"{evidence.article}.txt").read_text(encoding="utf-8"))
    # the offsets point into the article file; the file writes the post as "ĐBP ..."
    quoted = page[evidence.start:evidence.end]
    assert quoted.split()[:3] == evidence.text.split()[:3]
    assert "ĐBP" in quoted and "Đồn Biên phòng" in evidence.text


def test_every_fact_row_of_every_question_has_evidence(seeds):
    for name in ("officials", "statistics", "border-posts-staff-branches", "border-posts", "places",
                 "directives"):
        for item in explain_rows(seeds, find_query(name)):
            assert item.evidence, f"{name}: {item.heading} has no sentence"


def test_a_sentence_holding_semicolons_is_quoted_whole(seeds):
    """Cells listing several values are put in order ("a; b"); a sentence's text is one value."""
    quoted = [e for item in explain_rows(seeds, find_query("statistics")) for e in item.evidence]
    assert any("; " in e.text for e in quoted)
    for e in quoted:
        page = clean((ROOT / "seeds" / f"{e.article}.txt").read_text(encoding="utf-8"))
        assert page[e.start:e.end].split()[-2:] == e.text.split()[-2:]


def test_both_engines_explain_alike(seeds, seed_graph):
    for name in ("officials", "border-posts", "statistics"):
        query = find_query(name)
        assert explain_rows(seeds, query) == explain_rows(RdflibEngine(seed_graph), query)
    assert explain_entity(seeds, "Tân Thanh") == explain_entity(RdflibEngine(seed_graph), "Tân Thanh")


def test_an_entity_is_explained_by_its_sentences_and_facts(seeds):
    [post] = explain_entity(seeds, "đồn biên phòng tân thanh")  # any case
    assert post.heading.startswith("Đồn Biên phòng Tân Thanh (BorderPost) <")
    assert len(post.evidence) >= 2 and all("Tân Thanh" in e.text for e in post.evidence)
    with pytest.raises(Exception, match="no entity"):
        explain_entity(seeds, "Không Có Ai")


def test_an_entity_is_found_as_the_pictures_find_it(seeds):
    """With its type in front, as a picture labels a place, or without diacritics."""
    [commune] = explain_entity(seeds, "Tân Thanh")
    assert commune.heading.startswith("Tân Thanh (Commune) <") and commune.evidence
    assert explain_entity(seeds, "xã Tân Thanh") == [commune]
    assert explain_entity(seeds, "tan thanh") == [commune]
    # without diacritics, the post is found too: no exact spelling hides it
    [post] = explain_entity(seeds, "don bien phong tan thanh")
    assert post == explain_entity(seeds, "Đồn Biên phòng Tân Thanh")[0]


def test_min_confidence_keeps_strong_facts_only(seeds, seed_graph):
    query = find_query("statistics")
    columns, everything = rows(run_query(seed_graph, query), hidden=True)
    strong = strong_only(columns, everything, 0.9)
    assert 0 < len(strong) < len(everything)
    assert len(explain_rows(seeds, query, min_confidence=0.9)) == len(strong)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_min_confidence_from_the_command_line(seed_graph, tmp_path, engine):
    """`kg query` drops the confidence lines of a query, unless --min-confidence needs them."""
    graph = tmp_path / "g.ttl"
    seed_graph.serialize(graph, format="turtle")
    query = find_query("statistics")
    columns, everything = rows(run_query(seed_graph, query), hidden=True)
    strong = strong_only(columns, everything, 0.9)

    def csv_rows(*extra):
        result = CliRunner().invoke(main, ["query", "statistics", "-g", str(graph), "--format", "csv",
                                           "--engine", engine, *extra])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[1:]

    assert len(csv_rows()) == len(everything)
    assert 0 < len(csv_rows("--min-confidence", "0.9")) == len(strong) < len(everything)


def test_explain_an_entity_from_the_command_line(tmp_path):
    graph = tmp_path / "g.ttl"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(ROOT / "seeds"), "-o", str(graph)]).exit_code == 0
    result = runner.invoke(main, ["explain", "-g", str(graph), "--entity", "Đồn Biên phòng Tân Thanh"])
    assert result.exit_code == 0, result.output
    assert "BorderPost" in result.stdout and "tham dự sinh hoạt" in result.stdout
    missing = runner.invoke(main, ["explain", "-g", str(graph), "--entity", "Không Có Ai"])
    assert missing.exit_code == 2 and "no entity" in missing.stderr


def test_a_typed_parameter_is_checked(tmp_path):
    query_file = tmp_path / "by-year.rq"
    query_file.write_text("# params: year:year\nSELECT ?year WHERE { BIND(1 AS ?x) }\n", encoding="utf-8")
    query = find_query(str(query_file))
    with pytest.raises(Exception, match="not a valid year"):
        parse_params(("year=last",), query)
    assert parse_params(("year=2022",), query)["year"].datatype.value.endswith("#gYear")


def test_explain_a_query_on_a_store_from_the_command_line(tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'db'}"
    assert runner.invoke(main, ["build", str(ROOT / "seeds"), "--store", store]).exit_code == 0
    result = runner.invoke(main, ["explain", "border-posts", "--store", store,
                                  "--param", "post=Đồn Biên phòng Tân Thanh"])
    assert result.exit_code == 0, result.output
    heading, *quoted = result.stdout.splitlines()
    assert heading.startswith("Đồn Biên phòng Tân Thanh / ")
    assert quoted and all(line.startswith("    [") and "Tân Thanh" in line for line in quoted)
