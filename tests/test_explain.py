"""Provenance: every answer row and entity leads back to its sentences, with offsets into the file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main
from kg.explain import explain_entity, explain_rows
from kg.pipeline import build, collect_files
from kg.query import find_query, parse_params, rows, run_query, strong_only
from kg.text import clean


@pytest.fixture(scope="module")
def seed_graph():
    return build(collect_files([ROOT / "seeds"])).graph.to_rdflib()


def test_a_seed_answer_row_is_explained_down_to_its_sentence(seed_graph):
    query = find_query("border-posts-staff-branches")
    [row] = explain_rows(seed_graph, query)
    [evidence] = row.evidence
    assert "tham dự sinh hoạt" in evidence.text
    page = clean((ROOT / "seeds" / f"{evidence.article}.txt").read_text(encoding="utf-8"))
    # the offsets point into the article file; the file writes the post as "ĐBP ..."
    quoted = page[evidence.start:evidence.end]
    assert quoted.split()[:3] == evidence.text.split()[:3]
    assert "ĐBP" in quoted and "Đồn Biên phòng" in evidence.text


def test_every_fact_row_of_every_question_has_evidence(seed_graph):
    for name in ("officials", "statistics", "border-posts-staff-branches", "border-posts", "places",
                 "directives"):
        for item in explain_rows(seed_graph, find_query(name)):
            assert item.evidence, f"{name}: {item.heading} has no sentence"


def test_min_confidence_keeps_strong_facts_only(seed_graph):
    query = find_query("statistics")
    columns, everything = rows(run_query(seed_graph, query), hidden=True)
    strong = strong_only(columns, everything, 0.9)
    assert 0 < len(strong) < len(everything)
    assert len(explain_rows(seed_graph, query, min_confidence=0.9)) == len(strong)


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
