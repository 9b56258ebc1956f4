"""Reading articles in parallel gives the same graph, triple for triple, as reading them in turn."""

from __future__ import annotations

from rdflib.compare import isomorphic

from conftest import ROOT
from kg.pipeline import build, collect_files


def test_two_workers_build_the_same_graph_as_one():
    files = collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])
    serial = build(files, workers=1)
    parallel = build(files, workers=2)
    assert serial.documents == parallel.documents == len(files)
    assert isomorphic(serial.graph, parallel.graph)
    assert sorted(serial.graph.serialize(format="nt").splitlines()) == \
        sorted(parallel.graph.serialize(format="nt").splitlines())
