"""A build killed mid-way (SIGKILL, nothing to clean up) leaves no half-written graph:
a store holds each article whole or not at all, and a graph file is the old one or the new.

The kill comes at growing delays until one lands while articles are being written,
so the test cannot pass by killing too early or too late.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.corpus import write_corpus
from conftest import ROOT

KG = [sys.executable, "-m", "kg"]
DELAYS = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.5, 8.0]
HASH = ox.NamedNode("https://w3id.org/kgbp/ontology#contentHash")


def killed(args: list[str], delay: float) -> None:
    process = subprocess.Popen([*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def graphs(directory: Path) -> dict[str, set[str]]:
    """Named graph -> its triples, as N-Triples text."""
    store = ox.Store(str(directory))
    out: dict[str, set[str]] = {}
    for quad in store:
        out.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    del store  # release the lock before the next build opens it
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, set[str]]]:
    """200 articles, and the store a build that was never interrupted makes of them."""
    root = tmp_path_factory.mktemp("killed")
    write_corpus(root / "articles", 200)
    subprocess.run([*KG, "build", str(root / "articles"), "--store", f"oxigraph:{root / 'whole'}",
                    "--workers", "1"], check=True, capture_output=True)
    return root / "articles", graphs(root / "whole")


def test_a_store_killed_while_writing_holds_whole_articles_and_a_rerun_completes_it(corpus, tmp_path):
    articles, whole = corpus
    partial = None
    for delay in DELAYS:
        store = tmp_path / f"store-{delay}"
        killed(["build", str(articles), "--store", f"oxigraph:{store}", "--workers", "1"], delay)
        found = graphs(store) if store.exists() else {}
        for name, triples in found.items():  # every article there is whole, with its hash
            assert triples == whole[name], name
            assert any(str(HASH.value) in t for t in triples)
        if 0 < len(found) < len(whole):
            partial = store
            break
    assert partial is not None, "no kill landed while articles were being written"
    subprocess.run([*KG, "build", str(articles), "--store", f"oxigraph:{partial}", "--workers", "1"],
                   check=True, capture_output=True)
    assert graphs(partial) == whole


def test_a_graph_file_killed_while_writing_is_the_old_one_or_the_new(corpus, tmp_path):
    articles, _ = corpus
    out = tmp_path / "graph.nt"
    subprocess.run([*KG, "build", str(ROOT / "seeds"), "-o", str(out)], check=True, capture_output=True)
    old = out.read_bytes()
    seen_old = False
    for delay in DELAYS:
        killed(["build", str(articles), "-o", str(out), "--workers", "1"], delay)
        data = out.read_bytes()
        list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))  # parses: not truncated
        if data == old:
            seen_old = True
        else:  # the new graph, whole: 200 articles
            assert data.count(b"#Article> .\n") == 200
            break
    assert seen_old
