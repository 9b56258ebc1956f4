"""Reading articles in parallel gives the same graph, triple for triple, as reading them in turn."""

from __future__ import annotations

from conftest import ROOT
from kg.pipeline import build, collect_files


def test_two_workers_build_the_same_graph_as_one():
    files = collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])
    serial = build(files, workers=1)
    parallel = build(files, workers=2)
    assert serial.documents == parallel.documents == len(files)
    assert serial.graph.ntriples() == parallel.graph.ntriples()


def test_a_dask_cluster_on_loopback_builds_the_same_graph():
    distributed = __import__("pytest").importorskip("dask.distributed")
    files = collect_files([ROOT / "seeds"])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, processes=True) as cluster:
        on_dask = build(files, scheduler=cluster.scheduler_address)
    serial = build(files, workers=1)
    assert on_dask.documents == serial.documents == 5
    assert on_dask.graph.ntriples() == serial.graph.ntriples()


def _rules_and_gazetteer_ids(_task: object = None) -> tuple[int, int]:
    from kg.extract.lexicon import lexicon
    from kg.gazetteer import gazetteer

    return id(lexicon()), id(gazetteer())


def test_workers_share_the_rules_the_build_loaded_once():
    """Forked workers use the rules and the gazetteer this process loaded before the
    fork (an object's id is its address, the same in a forked copy), rather than each
    loading its own at the same time."""
    from kg.extract.lexicon import lexicon
    from kg.gazetteer import gazetteer
    from kg.pipeline import _pool

    lexicon.cache_clear()
    gazetteer.cache_clear()
    with _pool(2) as pool:
        in_workers = set(pool.map(_rules_and_gazetteer_ids, range(4)))
    assert in_workers == {_rules_and_gazetteer_ids()}
