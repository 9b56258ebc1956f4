"""A bounded load test of `kg serve` on loopback: 50 clients at once, no errors, latency reported."""

from __future__ import annotations

import os
import statistics
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT
from kg.engine import OxigraphEngine
from kg.pipeline import build, collect_files
from kg.query import saved_queries
from kg.server import make_server

CLIENTS = 50
SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "30"))


def test_fifty_clients_for_a_while(capsys):
    engine = OxigraphEngine.from_graph(build(collect_files([ROOT / "seeds"])).graph)
    server = make_server(engine, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/query"
    queries = [q.text.encode("utf-8") for q in saved_queries().values()]
    deadline = time.monotonic() + SECONDS

    def client(number: int) -> tuple[list[float], int]:
        latencies, errors, i = [], 0, number
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, data=queries[i % len(queries)],
                                             headers={"Content-Type": "application/sparql-query"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except OSError:
                errors += 1
            latencies.append(time.perf_counter() - start)
            i += 1
        return latencies, errors

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))
    finally:
        server.shutdown()
        server.server_close()
    latencies = sorted(t for ts, _ in results for t in ts)
    errors = sum(e for _, e in results)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    with capsys.disabled():
        print(f"\nload: {CLIENTS} clients, {SECONDS:.0f} s, {len(latencies)} requests, {errors} errors, "
              f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    assert errors == 0
    assert len(latencies) >= CLIENTS
