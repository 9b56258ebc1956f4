"""`kg serve`: a SPARQL 1.1 Protocol endpoint, asked by a real client (SPARQLWrapper)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import ROOT
from kg.engine import OxigraphEngine
from kg.pipeline import build, collect_files
from kg.query import saved_queries
from kg.server import make_server


@pytest.fixture(scope="module")
def endpoint():
    engine = OxigraphEngine.from_graph(build(collect_files([ROOT / "seeds"])).graph)
    server = make_server(engine, "127.0.0.1", 0)  # any free port on loopback
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", engine
    server.shutdown()
    server.server_close()


def test_a_saved_query_through_sparqlwrapper(endpoint):
    url, engine = endpoint
    client = SPARQLWrapper(f"{url}/query")
    query = saved_queries()["border-posts"]
    client.setQuery(query.text)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    posts = sorted(b["post"]["value"] for b in bindings)
    assert posts == sorted(row[0] for row in engine.select(query)[1])
    assert len(posts) == 7


def test_post_as_sparql_query_body_and_csv(endpoint):
    url, _ = endpoint
    request = urllib.request.Request(f"{url}/query", data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:
        lines = response.read().decode().splitlines()
    assert lines[0] == "n" and int(lines[1]) > 1000


@pytest.mark.parametrize("path, data, status", [
    ("/query?query=SELECT%20WHERE", None, 400),  # malformed
    ("/update", b"DROP ALL", 403),  # read-only
    ("/elsewhere", None, 404),
])
def test_bad_requests_get_a_status_and_a_message(endpoint, path, data, status):
    url, _ = endpoint
    headers = {"Content-Type": "application/sparql-update"} if data else {}
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(urllib.request.Request(url + path, data=data, headers=headers))
    assert error.value.code == status
    assert b"error" in error.value.read()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service   <http://127.0.0.1:9/x> { ?s ?p ?o } }",
])
def test_service_calls_are_refused(endpoint, query):
    url, _ = endpoint
    request = urllib.request.Request(f"{url}/query", data=query.encode(),
                                     headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 403 and b"SERVICE" in error.value.read()


def test_a_keyword_inside_a_string_is_no_call():
    from kg.server import uses

    assert not uses("SERVICE", 'SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE')
    assert uses("LOAD", "LOAD <file:///etc/passwd>")


def test_a_writable_server_still_refuses_load():
    engine = OxigraphEngine()
    server = make_server(engine, "127.0.0.1", 0, writable=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/update"
    try:
        ok = urllib.request.Request(url, data=b'INSERT DATA { <http://a> <http://b> "c" }',
                                    headers={"Content-Type": "application/sparql-update"})
        assert urllib.request.urlopen(ok).status == 204
        assert len(engine.store) == 1
        load = urllib.request.Request(url, data=b"LOAD <file:///etc/hostname>",
                                      headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(load)
        assert error.value.code == 403
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_to_serve_an_endpoint_in_one_line():
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", "sparql:http://127.0.0.1:9/query", "--port", "0"])
    assert result.exit_code == 2 and "served already" in result.stderr
    assert "Traceback" not in result.output
