"""`--store sparql:URL`: build into a real Oxigraph server on loopback and query it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from kg.engine import OxigraphEngine
from kg.explain import explain_entity, explain_rows
from kg.neighbourhood import focus_graph
from kg.persist import build_into, open_store
from kg.pipeline import build, collect_files
from kg.query import parse_params, saved_queries

SERVER = Path(sys.executable).parent / "oxigraph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not SERVER.exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = _free_port()
    process = subprocess.Popen([str(SERVER), "serve", "--location", str(tmp_path_factory.mktemp("db")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):  # wait, at most 10 s, for it to listen
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_build_into_a_sparql_server_and_query_it(server, tmp_path):
    files = collect_files([ROOT / "seeds"])
    store = open_store(f"sparql:{server}")
    first = build_into(store, files)
    assert first.added == 5
    again = build_into(store, files)
    assert again.unchanged == 5
    local = OxigraphEngine.from_graph(build(files).graph)
    for query in saved_queries().values():
        assert store.select(query) == local.select(query), query.name
    officials = saved_queries()["officials"]
    bindings = parse_params(("position=Bí thư",), officials)
    assert store.select(officials, bindings) == local.select(officials, bindings)
    # explaining asks the endpoint, never fetching the whole graph, and finds what it finds locally
    for name in ("officials", "statistics"):
        query = saved_queries()[name]
        assert explain_rows(store, query) == explain_rows(local, query)
    assert explain_entity(store, "Tân Thanh") == explain_entity(local, "Tân Thanh")
    # so does the picture around one entity
    post = "Đồn Biên phòng Tân Thanh"
    assert set(focus_graph(store, post, 2)) == set(focus_graph(local, post, 2))
    # and exporting it (read by Oxigraph's parser) gives what a store on disk holds
    on_disk = open_store(f"oxigraph:{tmp_path / 'db'}")
    build_into(on_disk, files)
    assert set(store.to_triples()) == set(on_disk.to_triples()) > set()
    # and the whole-graph picture, drawn from the endpoint's triples, is the one drawn from disk
    from click.testing import CliRunner

    from kg.cli import main

    pictures = {}
    for where in (f"sparql:{server}", f"oxigraph:{tmp_path / 'db'}"):
        out = tmp_path / f"{where.split(':')[0]}.graphml"
        result = CliRunner().invoke(main, ["viz", "--store", where, "-o", str(out)])
        assert result.exit_code == 0, result.output
        pictures[where] = out.read_bytes()
    assert len(set(pictures.values())) == 1


@pytest.fixture
def web_page():
    """A web server on loopback that answers every request with a page, as a wrong URL may."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def _answer(self):
            body = b"<html><body>Welcome</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()


@pytest.mark.parametrize("command", [["query", "border-posts"], ["export", "-o", "{out}"],
                                     ["viz", "--focus", "Tân Thanh", "-o", "{out}.png"],
                                     ["viz", "-o", "{out}.png"],
                                     ["explain", "officials"]])
def test_an_url_that_is_no_sparql_endpoint_is_one_line_error(web_page, tmp_path, command):
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "out.ttl"
    args = [a.format(out=out) for a in command] + ["--store", f"sparql:{web_page}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {web_page}: the answer is not ")
    assert not list(tmp_path.iterdir())
