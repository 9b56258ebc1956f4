"""A persistent store: add new articles, skip unchanged ones, replace changed ones, touch nothing else."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main
from kg.engine import OxigraphEngine
from kg.persist import build_into, open_store
from kg.pipeline import build, collect_files
from kg.query import saved_queries


def test_a_store_answers_as_the_graph_file_does(tmp_path):
    files = collect_files([ROOT / "seeds"])
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    assert build_into(store, files).added == 5
    in_memory = OxigraphEngine.from_graph(build(files).graph)
    for query in saved_queries().values():
        assert store.select(query) == in_memory.select(query), query.name


def test_unchanged_articles_are_skipped_and_a_changed_one_replaced(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(ROOT / "tests" / "dev" / "articles", corpus)
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    first = build_into(store, collect_files([corpus]))
    assert (first.added, first.replaced, first.unchanged) == (6, 0, 0)
    size = len(store.store)

    again = build_into(store, collect_files([corpus]))
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 6)
    assert len(store.store) == size

    changed = sorted(corpus.glob("*.txt"))[0]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("đảng viên", "hội viên"), encoding="utf-8")
    third = build_into(store, collect_files([corpus]))
    assert (third.added, third.replaced, third.unchanged) == (0, 1, 5)
    statistics = saved_queries()["statistics"]
    sources = {row[-1] for row in store.select(statistics)[1]}
    # the changed article's figures about party members are gone; the others' stay
    rows_of_changed = [r for r in store.select(statistics)[1]
                       if changed.stem in r[-1] and r[1] == "party_members"]
    assert not rows_of_changed
    assert any(s for s in sources if s != changed.stem)


def test_build_and_query_a_store_from_the_command_line(tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    built = runner.invoke(main, ["build", str(ROOT / "seeds"), "--store", store])
    assert built.exit_code == 0 and "5 added" in built.stderr
    again = runner.invoke(main, ["build", str(ROOT / "seeds"), "--store", store])
    assert "5 unchanged" in again.stderr
    answer = runner.invoke(main, ["query", "border-posts", "--store", store, "--format", "csv"])
    assert answer.exit_code == 0 and answer.stdout.startswith("post,commune,district,province,source")
    both = runner.invoke(main, ["query", "border-posts", "--store", store, "-g", "x.ttl"])
    assert both.exit_code == 2


def test_a_graph_exported_from_a_store_conforms_to_the_shapes(tmp_path):
    # Oxigraph keeps a sentence's xsd:nonNegativeInteger offsets as xsd:integer
    import pyshacl
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    assert runner.invoke(main, ["build", str(ROOT / "tests" / "dev" / "articles"), "--store", store]).exit_code == 0
    out = tmp_path / "graph.ttl"
    assert runner.invoke(main, ["export", "--store", store, "-o", str(out)]).exit_code == 0
    graph = Graph().parse(out)
    begin = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
    assert {o.datatype for o in graph.objects(None, begin)} == {XSD.integer}
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report
    # and a negative offset still does not
    sentence = next(graph.subjects(begin, None))
    graph.set((sentence, begin, Literal(-1)))
    assert not pyshacl.validate(graph, shacl_graph=shapes, inference="none")[0]


def test_trig_of_a_store_has_a_named_graph_per_article(tmp_path):
    from rdflib import Dataset

    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    runner.invoke(main, ["build", str(ROOT / "seeds"), "--store", store])
    out = tmp_path / "all.trig"
    assert runner.invoke(main, ["export", "--store", store, "--format", "trig", "-o", str(out)]).exit_code == 0
    dataset = Dataset().parse(out, format="trig")
    named = {str(g.identifier) for g in dataset.graphs() if str(g.identifier).endswith("/graph")}
    assert len(named) == 5
    # a write that fails there is one line too, as for any other export
    unwritable = tmp_path / "no-such-folder-parent"
    unwritable.write_text("a file, not a folder", encoding="utf-8")
    result = runner.invoke(main, ["export", "--store", store, "--format", "trig",
                                  "-o", str(unwritable / "all.trig")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert result.stderr.startswith(f"kg: error: {unwritable / 'all.trig'}: cannot write")
    assert len(result.stderr.strip().splitlines()) == 1


def test_json_ld_has_a_context_and_markdown_tables(tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    runner.invoke(main, ["build", str(ROOT / "seeds"), "-o", str(graph)])
    out = tmp_path / "g.jsonld"
    runner.invoke(main, ["export", "-g", str(graph), "--format", "jsonld", "-o", str(out)])
    assert '"@context"' in out.read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(out, format="json-ld"), Graph().parse(graph))
    table = runner.invoke(main, ["query", "border-posts", "-g", str(graph), "--format", "markdown"])
    assert table.stdout.splitlines()[:2] == ["| post | commune | district | province | source |",
                                             "|---|---|---|---|---|"]


def test_reading_a_store_that_is_not_there_is_an_error_and_makes_nothing(tmp_path):
    missing = tmp_path / "typo"
    for command in (["query", "border-posts"], ["explain", "officials"],
                    ["export", "-o", str(tmp_path / "out.ttl")],
                    ["viz", "-o", str(tmp_path / "out.png")]):
        result = CliRunner().invoke(main, [*command, "--store", f"oxigraph:{missing}"])
        assert result.exit_code == 1, command
        assert result.stderr.strip() == (f"kg: error: --store 'oxigraph:{missing}': no store in {missing} "
                                         f"(build one with `kg build SRC --store oxigraph:{missing}`)")
    assert list(tmp_path.iterdir()) == []


def test_a_store_is_read_while_a_writer_holds_it_open(tmp_path):
    writer = open_store(f"oxigraph:{tmp_path / 'store'}")
    build_into(writer, collect_files([ROOT / "seeds"]))
    result = CliRunner().invoke(main, ["query", "border-posts", "--store", f"oxigraph:{tmp_path / 'store'}",
                                       "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.count("\n") > 1, result.output
