"""Reading and writing graph files: round trip, atomic writes, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import GraphError
from kg.graph import build_graph
from kg.pipeline import read_article
from kg.store import load_graph, save_graph

DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

ARTICLE = """Xây dựng Đảng

Đồn Biên phòng Pà Nậm gắn bó với chi bộ thôn

12/03/2024

Thiếu tá Hà Văn Trung, Chính trị viên Đồn Biên phòng Pà Nậm, cho biết đơn vị đã phân công 3 đảng viên tham gia sinh hoạt tại Chi bộ thôn Nà Tiếu, xã Pà Nậm, huyện Khe Lũng, tỉnh Hà Vàng.

Trần Minh Khoa
"""


@pytest.fixture
def graph(tmp_path: Path) -> Graph:
    source = tmp_path / "bai_mot.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    built = build_graph([read_article(source)])
    assert len(built) > 0
    return built



def test_turtle_round_trip_is_isomorphic(graph: Graph, tmp_path: Path):
    path = tmp_path / "out" / "graph.ttl"
    save_graph(graph, path)
    assert isomorphic(load_graph(path), graph)



def test_failed_serialisation_leaves_existing_file_untouched(graph: Graph, tmp_path: Path,
                                                             monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("old content\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("serialiser broke")

    monkeypatch.setattr(graph, "serialize", broken)
    monkeypatch.setattr("kg.store._oxigraph_serialize", broken)  # Turtle is written by Oxigraph
    with pytest.raises(GraphError):
        save_graph(graph, path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai_mot.txt", "graph.ttl"]


def test_failed_write_leaves_existing_file_and_no_temp_files(graph: Graph, tmp_path: Path,
                                                             monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("old content\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.store.os.replace", broken_replace)
    with pytest.raises(GraphError, match="graph.ttl"):
        save_graph(graph, path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai_mot.txt", "graph.ttl"]


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq"])
def test_oxigraph_reads_a_file_into_the_graph_rdflib_reads(graph: Graph, tmp_path: Path, suffix: str):
    # load_graph parses with Oxigraph; every term must come out as rdflib's own parser makes it
    # (lexical forms, datatypes, language tags), in one graph whatever named graph it was in
    from rdflib import Dataset, Literal

    extra = [(URIRef("urn:x:a"), URIRef("urn:x:name"), Literal("Đồn", lang="vi")),
             (URIRef("urn:x:a"), URIRef("urn:x:share"), Literal("0.50", datatype=DECIMAL)),
             (URIRef("urn:x:a"), URIRef("urn:x:quote"), Literal('a "b"\nc\\'))]
    for triple in extra:
        graph.add(triple)
    path = tmp_path / f"graph{suffix}"
    if suffix in (".trig", ".nq"):
        dataset = Dataset()
        for s, p, o in graph:
            dataset.graph(URIRef("urn:g:2" if p == URIRef("urn:x:quote") else "urn:g:1")).add((s, p, o))
        dataset.serialize(path, format="trig" if suffix == ".trig" else "nquads")
    else:
        graph.serialize(path, format="turtle" if suffix == ".ttl" else "nt")
    loaded = load_graph(path)
    assert set(loaded) == set(graph)


def test_load_missing_file_names_it(tmp_path: Path):
    path = tmp_path / "none.ttl"
    with pytest.raises(GraphError, match="none.ttl"):
        load_graph(path)


def test_load_broken_file_names_it(tmp_path: Path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix kg: <urn:x#> .\nkg:a kg:b \"unterminated .\n", encoding="utf-8")
    with pytest.raises(GraphError, match="broken.ttl"):
        load_graph(path)


def test_json_ld_is_the_same_file_whatever_the_string_hashes(graph: Graph, tmp_path: Path):
    # rdflib writes JSON-LD in hash order, and Python hashes strings differently in each run
    source = tmp_path / "g.ttl"
    save_graph(graph, source)
    written = []
    for seed in ("1", "2"):
        out = tmp_path / f"g{seed}.jsonld"
        subprocess.run([sys.executable, "-m", "kg", "export", "-g", str(source), "--format", "jsonld",
                        "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        written.append(out.read_bytes())
    assert written[0] == written[1]
    assert isomorphic(Graph().parse(data=written[0], format="json-ld"), graph)
