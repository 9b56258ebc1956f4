"""`kg serve --timeout`: a query past the limit is stopped, its client told, the server goes on."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from conftest import ROOT
from kg.engine import OxigraphEngine
from kg.limits import GraphResult, LimitedStore, QueryPool, QueryTimeout
from kg.pipeline import build, collect_files
from kg.server import make_server

# every triple against every triple against every triple: billions of rows on the seeds
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def limited():
    engine = OxigraphEngine.from_graph(build(collect_files([ROOT / "seeds"])).graph)
    memory = engine.store
    pool = QueryPool(lambda: memory, workers=2, seconds=1.5)
    engine.store = LimitedStore(memory, pool)
    server = make_server(engine, "127.0.0.1", 0, writable=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", engine, pool
    server.shutdown()
    server.server_close()
    pool.close()


def ask(url: str, query: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"{url}/query", data=query.encode(),
                                     headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def count(answer: dict) -> int:
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_a_query_past_the_limit_is_stopped_and_the_server_goes_on(limited):
    url, engine, pool = limited
    before = [w.process.pid for w in pool._all]
    start = time.perf_counter()
    status, answer = ask(url, ENDLESS)
    assert status == 503 and "longer than 1.5 s" in answer["error"]
    assert time.perf_counter() - start < 10
    after = [w.process.pid for w in pool._all]
    assert len(after) == 2 and len(set(before) - set(after)) == 1  # one worker killed and replaced
    status, answer = ask(url, COUNT)
    assert status == 200 and count(answer) == len(list(engine.store.quads_for_pattern(None, None, None)))


def test_two_endless_queries_leave_both_workers_replaced_and_answering(limited):
    url, _, pool = limited
    threads = [threading.Thread(target=ask, args=(url, ENDLESS)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(w.process.is_alive() for w in pool._all) and len(pool._all) == 2
    assert ask(url, COUNT)[0] == 200


def test_the_page_api_is_limited_too(limited):
    url, _, _ = limited
    query = urllib.parse.urlencode({"query": ENDLESS})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{url}/graph?{query}", timeout=30)
    assert error.value.code == 503


def test_updates_reach_the_workers(limited):
    url, engine, _ = limited
    n = count(ask(url, COUNT)[1])
    request = urllib.request.Request(
        f"{url}/update", data=b"INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
        headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
    for _ in range(3):  # whichever worker answers
        assert count(ask(url, COUNT)[1]) == n + 1


def test_errors_and_graphs_come_back_as_from_the_store(limited):
    _, engine, _ = limited
    with pytest.raises(SyntaxError):
        engine.store.query("SELECT WHERE")
    result = engine.store.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    assert isinstance(result, GraphResult) and len(list(result)) == 3
    assert bool(engine.store.query("ASK { ?s ?p ?o }"))


def test_a_busy_pool_says_so():
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"https://example.org/{i}"), ox.NamedNode("https://example.org/p"),
                         ox.Literal(str(i))) for i in range(2000))
    pool = QueryPool(lambda: store, workers=1, seconds=0.5)
    errors = []

    def endless() -> None:
        try:
            pool.query(ENDLESS)
        except QueryTimeout as e:
            errors.append(str(e))

    try:
        threads = [threading.Thread(target=endless) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pool.close()
    assert len(errors) == 2 and all("0.5 s" in e for e in errors)


def test_kg_serve_on_a_store_on_disk_stops_a_long_query(tmp_path):
    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--store", f"oxigraph:{store}"],
                   check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", f"oxigraph:{store}",
                               "--port", "0", "--timeout", "1"], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        url = line.split("SPARQL endpoint: ")[1].split("/query")[0]
        status, answer = ask(url, ENDLESS)
        assert status == 503, answer
        status, answer = ask(url, COUNT)
        assert status == 200 and count(answer) > 1000
    finally:
        server.terminate()
        server.wait(timeout=10)
