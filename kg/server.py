"""`kg serve`: a SPARQL 1.1 Protocol endpoint over a graph file or a store, and a web page.

Read-only, on 127.0.0.1 unless told otherwise; requests are size-limited,
queries time-limited (kg.limits), and every error is answered 400 (or 403, 413,
503) with a one-line message. `/` is a page
to ask in words, run the saved queries or SPARQL and see where answers come from;
its JSON APIs (`/api/...`) and the graph of a result (`/graph`) are in kg.web.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg import web
from kg.engine import OxigraphEngine
from kg.limits import GraphResult, QueryTimeout
from kg.query import blank_quoted

MAX_REQUEST_BYTES = 1_000_000
RESULT_FORMATS = {  # media type -> pyoxigraph results format
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops connections when many clients come at once
    daemon_threads = True


def make_server(engine: OxigraphEngine, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                allow_service: bool = False, allow_load: bool = False) -> ThreadingHTTPServer:
    """`writable` opens /update; `allow_service` lets queries call other endpoints (SERVICE);
    `allow_load` lets updates read URLs or files (LOAD). All off unless asked for."""
    handler = type("Handler", (_Handler,), {"engine": engine, "writable": writable,
                                            "allow_service": allow_service, "allow_load": allow_load})
    return _Server((host, port), handler)


def uses(keyword: str, sparql: str) -> bool:
    """Whether `sparql` uses `keyword` (strings, IRIs and comments cannot hide one)."""
    return bool(re.search(rf"\b{keyword}\b", blank_quoted(sparql), re.IGNORECASE))


class _Handler(BaseHTTPRequestHandler):
    engine: OxigraphEngine
    writable: bool
    allow_service: bool
    allow_load: bool
    server_version = "kg"

    def log_message(self, format: str, *args) -> None:  # quiet: the CLI says where it listens
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path != "/query":
            try:
                reply = web.route(self.engine, url.path, url.query, self.allow_service)
            except Exception as e:  # a bug or a broken store: say so, keep serving
                return self._fail(HTTPStatus.INTERNAL_SERVER_ERROR,
                                  f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            if reply is None:
                return self._fail(HTTPStatus.NOT_FOUND, "the SPARQL endpoint is /query; the page is /")
            return self._send(reply)
        query = parse_qs(url.query).get("query", [None])[0]
        self._answer(query)

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path == "/update" and not self.writable:
            return self._fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --writable)")
        if url.path not in ("/query", "/update"):
            return self._fail(HTTPStatus.NOT_FOUND, "the SPARQL endpoint is /query")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            return self._fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                              f"requests are limited to {MAX_REQUEST_BYTES} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        field = "update" if url.path == "/update" else "query"
        if kind in ("application/sparql-query", "application/sparql-update"):
            text = body
        elif kind == "application/x-www-form-urlencoded":
            text = parse_qs(body).get(field, [None])[0]
        else:
            return self._fail(HTTPStatus.BAD_REQUEST,
                              f"send the {field} as application/sparql-{field} or as a form field {field!r}")
        if url.path == "/update":
            return self._update(text)
        self._answer(text)

    def _update(self, update: str | None) -> None:
        if not update:
            return self._fail(HTTPStatus.BAD_REQUEST, "no update given")
        if uses("LOAD", update) and not self.allow_load:
            return self._fail(HTTPStatus.FORBIDDEN, "LOAD is refused (start the server with --allow-load)")
        if uses("SERVICE", update) and not self.allow_service:
            return self._fail(HTTPStatus.FORBIDDEN, "SERVICE is refused (start the server with --allow-service)")
        try:
            self.engine.store.update(update)
        except SyntaxError as e:
            return self._fail(HTTPStatus.BAD_REQUEST, f"malformed update: {str(e).splitlines()[0]}")
        except (OSError, RuntimeError, ValueError) as e:
            return self._fail(HTTPStatus.BAD_REQUEST, f"update failed: {str(e).splitlines()[0]}")
        self.send_response(HTTPStatus.NO_CONTENT)
        self.end_headers()

    def _answer(self, query: str | None) -> None:
        if not query:
            return self._fail(HTTPStatus.BAD_REQUEST, "no query given")
        if uses("SERVICE", query) and not self.allow_service:
            return self._fail(HTTPStatus.FORBIDDEN,
                              "SERVICE (calling other endpoints) is refused (start the server with --allow-service)")
        media = self._media_type()
        try:
            result = self.engine.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as e:
            return self._fail(HTTPStatus.BAD_REQUEST, f"malformed query: {str(e).splitlines()[0]}")
        except QueryTimeout as e:
            return self._fail(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
        except (OSError, RuntimeError, ValueError) as e:
            return self._fail(HTTPStatus.BAD_REQUEST, f"query failed: {str(e).splitlines()[0]}")
        if isinstance(result, (ox.QueryTriples, GraphResult)):
            data = result.serialize(format=ox.RdfFormat.TURTLE)
            media = "text/turtle"
        else:
            data = result.serialize(format=RESULT_FORMATS[media])
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _media_type(self) -> str:
        for part in (self.headers.get("Accept") or "").split(","):
            media = part.split(";")[0].strip()
            if media in RESULT_FORMATS:
                return media
        return "application/sparql-results+json"

    def _send(self, reply: web.Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def _fail(self, status: HTTPStatus, message: str) -> None:
        data = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
