"""Turtle written by several processes is the file one process writes, byte for byte."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS
from rdflib.compare import isomorphic

from conftest import ROOT
from kg import turtle
from kg.errors import GraphError
from kg.pipeline import build, collect_files
from kg.store import save_graph
from kg.triples import Triples, literal, named
from kg.vocab import PREFIXES

PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@pytest.fixture(scope="module")
def seed_graph() -> Triples:
    return build(collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])).graph


@pytest.fixture
def small_runs(monkeypatch):
    """Runs of a few hundred lines, so that a test graph is cut at all."""
    monkeypatch.setattr(turtle, "MIN_RUN", 100)


@pytest.mark.parametrize("processes", [2, 3, 5])
def test_turtle_from_several_processes_is_the_one_process_file(seed_graph, small_runs, processes):
    lines = seed_graph.lines()
    assert len(turtle._cuts(lines, processes)) == processes - 1  # it is really cut
    one = seed_graph.serialize("turtle", PREFIX_IRIS)
    assert seed_graph.serialize("turtle", PREFIX_IRIS, processes=processes) == one
    assert one.count(b"@prefix ") == len(PREFIX_IRIS)


def test_cuts_fall_between_subjects_and_runs_cover_every_line(seed_graph):
    lines = seed_graph.lines()
    cuts = turtle._cuts(lines, 4)
    runs = [turtle._run(lines, low, high) for low, high in zip([None, *cuts], [*cuts, None])]
    assert sorted(line for run in runs for line in run) == sorted(lines)
    subjects = [{line.split(b" ", 1)[0] for line in run} for run in runs]
    assert all(not (a & b) for i, a in enumerate(subjects) for b in subjects[i + 1:])


def test_runs_share_the_lines_out_evenly():
    """The process with the longest run sets the time. Five graphs of 10,000 subjects with
    1 to 40 lines each, in no order, cut in two: on average within 1% of half the lines
    (the cut is drawn from a sample, so one graph may miss by more)."""
    import random

    p = named("https://example.org/p")
    misses = []
    for seed in range(5):
        rng = random.Random(seed)
        lines = [f"<https://example.org/s{s}> {p} \"{n}\" .\n".encode()
                 for s in range(10_000) for n in range(rng.randint(1, 40))]
        rng.shuffle(lines)
        cut, = turtle._cuts(lines, 2)
        misses.append(abs(len(turtle._run(lines, None, cut)) / len(lines) - 0.5))
    assert sum(misses) / len(misses) < 0.01


def test_a_subject_with_more_lines_than_a_run_is_not_cut(small_runs):
    a, p = named("https://example.org/a"), named("https://example.org/p")
    triples = Triples([(a, p, literal(str(n))) for n in range(1000)])
    triples.add(named("https://example.org/b"), p, a)
    assert triples.serialize("turtle", processes=4) == triples.serialize("turtle")
    assert isomorphic(Graph().parse(data=triples.serialize("turtle", processes=4), format="turtle"),
                      triples.to_rdflib())


def test_a_failing_writer_process_is_one_error_and_no_file(seed_graph, small_runs, monkeypatch, tmp_path):
    parent, write_run = os.getpid(), turtle._turtle

    def failing_in_a_child(lines, prefixes):
        if os.getpid() != parent:
            raise ValueError("no room left")
        return write_run(lines, prefixes)

    monkeypatch.setattr(turtle, "_turtle", failing_in_a_child)
    with pytest.raises(GraphError, match="cannot serialise the graph as turtle: no room left"):
        save_graph(seed_graph, tmp_path / "graph.ttl", processes=2)
    assert list(tmp_path.iterdir()) == []


def test_a_writer_process_that_dies_is_reported(seed_graph, small_runs, monkeypatch):
    parent, write_run = os.getpid(), turtle._turtle

    def dying_in_a_child(lines, prefixes):
        if os.getpid() != parent:
            os._exit(3)
        return write_run(lines, prefixes)

    monkeypatch.setattr(turtle, "_turtle", dying_in_a_child)
    with pytest.raises(OSError, match="exit code 3"):
        seed_graph.serialize("turtle", PREFIX_IRIS, processes=2)


def test_odd_file_names_and_urls_still_give_valid_turtle(tmp_path):
    """Our own N-Triples are parsed without re-checking IRIs (`turtle.own_ntriples`): this
    holds only while every IRI is encoded or checked when made. A file name with spaces,
    quotes and braces, and a URL with characters no IRI may hold, must still give Turtle
    that a strict parser reads, naming the article as its file does."""
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    odd = tmp_path / 'bài "số 1" {x}<y> 100%.txt'
    odd.write_text("https://example.org/a<b>{c}|d^e`f\\g\n" + seed, encoding="utf-8")
    out = tmp_path / "graph.ttl"
    save_graph(build([odd]).graph, out)
    graph = Graph().parse(out, format="turtle")  # rdflib checks every IRI
    identifiers = {str(o) for o in graph.objects(None, DCTERMS.identifier)}
    assert identifiers == {odd.stem}
    assert any(" " not in str(s) and "%20" in str(s) for s in graph.subjects(DCTERMS.identifier, None))
