"""The web page of `kg serve`: ask in words, run a saved query or SPARQL, see the sources.

`route(engine, path, query)` answers the page's GET requests (kg.server calls it for
anything but /query and /update); every answer is read-only:

* `/` (kg/static/index.html, with its app.js and app.css under `/static/`);
* `/api/queries`: the saved queries as JSON (name, title, questions, params, SPARQL);
* `/api/run?name=NAME&param=KEY=VALUE...&filter=COLUMN=VALUE...`: a saved query's rows
  (those showing VALUE in COLUMN) with the sentences behind each row;
* `/api/ask?q=QUESTION`: kg.ask.match picks the saved query, its parameters and
  filters, then as /api/run; `{error, closest}` (404) when nothing matches, 501 when
  kg.ask cannot answer yet;
* `/api/sentences?iri=IRI...`: the text and place of nif:Sentence nodes;
* `/graph?name=NAME&param=...&filter=...` or `/graph?query=SPARQL`: the entities of the result
  rows and the relations between them, drawn by kg.draw_html as a page of its own
  (the main page shows it in a frame).

Results look like `{query, title, params, filters, columns, rows, evidence, total}`:
`columns` leaves out the hidden `_` columns, `evidence[i]` lists `{article, start, end,
text}` for row i.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg import explain
from kg.errors import QueryError
from kg.query import SavedQuery, parse_params, saved_queries
from kg.text import fold
from kg.vocab import KG, NIF

STATIC = Path(__file__).resolve().parent / "static"
MAX_ROWS = 5000  # rows sent to the page; the rest are counted, not sent
MAX_SENTENCE_IRIS = 500
MAX_GRAPH_ENTITIES = 150
NOT_AVAILABLE = "asking in words is not available"

_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".ico": "image/x-icon"}
# Nothing from elsewhere: the page and the graph load only what this server sends.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'")
GRAPH_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "img-src data:; base-uri 'none'; form-action 'none'")

_DCT_ID = ox.NamedNode("http://purl.org/dc/terms/identifier")
_CONTEXT = ox.NamedNode(str(NIF.referenceContext))
_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_MENTIONS = ox.NamedNode(str(KG.mentions))
_NAMES = ox.NamedNode(str(KG.names))
_EVIDENCE = ox.NamedNode(str(KG.evidence))
# fact -> entity links: the facts whose triples draw an edge between two entities
_FACT_LINKS = tuple(ox.NamedNode(p) for p in (
    str(KG.staffingPost), str(KG.staffedBranch), str(KG.subject), "http://www.w3.org/ns/org#member",
    "http://www.w3.org/ns/org#organization"))


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status = status
        self.payload = {"error": message, **extra}


def _json(data, status: int = HTTPStatus.OK) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                 headers=(("Cache-Control", "no-store"),))


# ---------------------------------------------------------------- routing


def route(engine, path: str, query: str, allow_service: bool = False) -> Reply | None:
    """The answer to `GET path?query`, or None when the path is not the page's."""
    args = parse_qs(query, keep_blank_values=True)
    try:
        if path in ("/", "/index.html"):
            return _static("index.html", PAGE_POLICY)
        if path.startswith("/static/"):
            return _static(path[len("/static/"):], PAGE_POLICY)
        if path == "/api/queries":
            return _json(queries_json())
        if path == "/api/run":
            return _json(run_saved(engine, _one(args, "name"), tuple(args.get("param", [])),
                                   tuple(args.get("filter", []))))
        if path == "/api/ask":
            return _json(ask(engine, _one(args, "q")))
        if path == "/api/sentences":
            iris = [i for value in args.get("iri", []) for i in value.split()]
            return _json({"sentences": sentences(engine, iris)})
        if path == "/graph":
            return _graph(engine, args, allow_service)
    except ApiError as e:
        return _json(e.payload, e.status)
    except QueryError as e:
        return _json({"error": str(e)}, HTTPStatus.BAD_REQUEST)
    except TimeoutError as e:  # kg.limits.QueryTimeout
        return _json({"error": str(e)}, HTTPStatus.SERVICE_UNAVAILABLE)
    return None


def _graph(engine, args: dict[str, list[str]], allow_service: bool) -> Reply:
    status = HTTPStatus.OK
    try:
        text = graph_page(engine, args.get("name", [None])[0], tuple(args.get("param", [])),
                          args.get("query", [None])[0], allow_service,
                          tuple(args.get("filter", [])))
    except (ApiError, QueryError) as e:  # the page shows it in its frame: HTML, not JSON
        status = getattr(e, "status", HTTPStatus.BAD_REQUEST)
        text = _empty_page(f"Không vẽ được đồ thị: {e}")
    return Reply(status, text.encode("utf-8"), "text/html; charset=utf-8",
                 (("Content-Security-Policy", GRAPH_POLICY), ("Cache-Control", "no-store")))


def _one(args: dict[str, list[str]], key: str) -> str:
    value = (args.get(key) or [""])[0].strip()
    if not value:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"give ?{key}=...")
    return value


def _static(name: str, policy: str) -> Reply | None:
    if not re.fullmatch(r"[\w-]+(\.[\w-]+)*", name):
        return None
    path = STATIC / name
    if path.suffix not in _TYPES or not path.is_file():
        return None
    return Reply(HTTPStatus.OK, path.read_bytes(), _TYPES[path.suffix],
                 (("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
                  ("Cache-Control", "no-cache")))


# ---------------------------------------------------------------- the APIs


def queries_json() -> list[dict]:
    return [{"name": q.name, "title": q.title, "question_vi": q.question_vi,
             "question_en": q.question_en, "params": list(q.params), "types": dict(q.types),
             "sparql": q.text} for q in saved_queries().values()]


def _saved(name: str) -> SavedQuery:
    saved = saved_queries()
    if name not in saved:
        raise ApiError(HTTPStatus.NOT_FOUND, f"no saved query {name!r}", closest=list(saved))
    return saved[name]


def run_saved(engine, name: str, pairs: tuple[str, ...], filters: tuple[str, ...] = ()) -> dict:
    """A saved query's rows, with the sentences each row comes from; `filters` (COLUMN=VALUE)
    keep the rows showing that value."""
    saved = _saved(name)
    bindings = parse_params(tuple(p for p in pairs if p), saved)
    wanted = _filters(filters)
    columns, table = engine.select(saved, bindings, hidden=True)
    for column, value in wanted.items():
        if column in columns:
            table = [row for row in table if row[columns.index(column)] == value]
    shown = [i for i, c in enumerate(columns) if not c.startswith("_")]
    at = columns.index("_evidence") if "_evidence" in columns else None
    sent = table[:MAX_ROWS]
    per_row = [row[at].split() if at is not None else [] for row in sent]
    found = sentences(engine, [i for iris in per_row for i in iris], limit=None)
    evidence = [_ordered(found[i] for i in iris if i in found) for iris in per_row]
    return {
        "query": saved.name, "title": saved.title, "question_vi": saved.question_vi,
        "question_en": saved.question_en,
        "params": {k: v.value for k, v in bindings.items()},
        "filters": wanted,
        "columns": [columns[i] for i in shown],
        "rows": [[row[i] for i in shown] for row in sent],
        "evidence": evidence,
        "total": len(table),
    }


def _filters(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column:
            raise ApiError(HTTPStatus.BAD_REQUEST, f"filter {pair!r}: expected COLUMN=VALUE")
        out[column] = value
    return out


def ask(engine, question: str) -> dict:
    """The question matched to a saved query (kg.ask.match, with the graph's names), run with
    its parameters and filters."""
    from kg import ask as asking

    try:
        names = asking.vocabulary(engine) if hasattr(asking, "vocabulary") else None
        found = asking.match(question, names)
    except NotImplementedError:
        raise ApiError(HTTPStatus.NOT_IMPLEMENTED, NOT_AVAILABLE, question=question,
                       closest=closest(question)) from None
    if found is None or not found.name:
        hints = [n for n in getattr(found, "alternatives", ()) if n] or closest(question)
        raise ApiError(HTTPStatus.NOT_FOUND, "no saved query answers this question",
                       question=question, closest=list(hints))
    pairs = tuple(f"{k}={v}" for k, v in (found.params or {}).items())
    filters = tuple(f"{k}={v}" for k, v in (getattr(found, "filters", None) or {}).items())
    try:
        answer = run_saved(engine, found.name, pairs, filters)
    except QueryError as e:
        raise ApiError(HTTPStatus.BAD_REQUEST, str(e), question=question, query=found.name,
                       closest=list(found.alternatives)) from None
    answer.update(question=question, score=found.score, alternatives=list(found.alternatives))
    return answer


def closest(question: str, limit: int = 3) -> list[str]:
    """Saved queries sharing the most words with the question (a hint when nothing matches)."""
    words = set(fold(question).split())
    scored = []
    for q in saved_queries().values():
        theirs = set(fold(f"{q.title} {q.question_vi} {q.question_en}").split())
        shared = len(words & theirs)
        if shared:
            scored.append((-shared, q.name))
    return [name for _, name in sorted(scored)[:limit]]


def sentences(engine, iris: Iterable[str],
              limit: int | None = MAX_SENTENCE_IRIS) -> dict[str, dict]:
    """IRI -> {iri, article, start, end, text} for the nif:Sentence nodes among `iris`."""
    wanted = list(dict.fromkeys(iris))
    if limit is not None and len(wanted) > limit:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"at most {limit} sentences at a time")
    found = explain.sentences(engine, [iri for iri in wanted if _is_iri(iri)])
    return {iri: {"iri": iri, "article": e.article, "start": e.start, "end": e.end, "text": e.text}
            for iri in wanted if (e := found.get(iri))}


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False  # nothing to find
    return True


def _first(store: ox.Store, subject, predicate):
    return next((q.object for q in store.quads_for_pattern(subject, predicate, None, None)), None)


def _ordered(found: Iterable[dict]) -> list[dict]:
    unique = {(e["article"], e["start"], e["end"], e["text"]): e for e in found}
    keys = ("article", "start", "end", "text")
    return [{k: e[k] for k in keys} for _, e in sorted(unique.items())]


# ---------------------------------------------------------------- the graph of a result


def graph_page(engine, name: str | None, pairs: tuple[str, ...], sparql: str | None,
               allow_service: bool = False, filters: tuple[str, ...] = ()) -> str:
    """kg.draw_html's page of the entities in the result rows and the links between them."""
    from kg.draw_html import graph_data, page

    if name:
        saved = _saved(name)
        columns, table = engine.select(saved, parse_params(tuple(p for p in pairs if p), saved),
                                       hidden=True)
        for column, value in _filters(filters).items():
            if column in columns:
                table = [row for row in table if row[columns.index(column)] == value]
        rows = [[Literal(c) if c else None for c in row] for row in table]
        title = f"Đồ thị kết quả: {saved.title or saved.name}"
    elif sparql:
        columns, rows = _sparql_rows(engine, sparql, allow_service)
        title = "Đồ thị kết quả của truy vấn SPARQL"
    else:
        raise ApiError(HTTPStatus.BAD_REQUEST, "give ?name=SAVED_QUERY or ?query=SPARQL")
    g = result_view(engine, columns, rows)
    if g.number_of_nodes() == 0:
        return _empty_page("Không có thực thể nào trong kết quả để vẽ.")
    g.graph["title"] = title
    return page(graph_data(g))


def _sparql_rows(engine, sparql: str, allow_service: bool) -> tuple[list[str], list[list]]:
    from kg.server import uses

    if uses("SERVICE", sparql) and not allow_service:
        raise ApiError(HTTPStatus.FORBIDDEN, "SERVICE (calling other endpoints) is refused")
    try:
        result = engine.store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise ApiError(HTTPStatus.BAD_REQUEST,
                       f"malformed query: {str(e).splitlines()[0]}") from None
    except TimeoutError as e:  # kg.limits.QueryTimeout
        raise ApiError(HTTPStatus.SERVICE_UNAVAILABLE, str(e)) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"query failed: {str(e).splitlines()[0]}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise ApiError(HTTPStatus.BAD_REQUEST, "only SELECT results can be drawn")
    columns = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append([_rdflib(solution[i]) if solution[i] is not None else None
                     for i in range(len(columns))])
        if len(rows) >= MAX_ROWS:
            break
    return columns, rows


def result_view(engine, columns: list[str], rows: list[list]):
    """The "all" view (kg.draw) of the entities named in `rows`, and the links among them.

    An IRI cell is an entity; a text cell names the entities whose skos:prefLabel it
    is; when a row says where it comes from (`_evidence`), a name stands for the
    entities mentioned in those articles if there are any.
    """
    import networkx as nx

    from kg.draw import build_view

    store = engine.store
    at = columns.index("_evidence") if "_evidence" in columns else None
    shown = [i for i, c in enumerate(columns) if not c.startswith("_") and c != "source"]
    entities: dict[str, None] = {}
    for row in rows:
        docs = set()
        if at is not None and row[at] is not None:
            for iri in str(row[at]).split():
                try:
                    doc = _first(store, ox.NamedNode(iri), _CONTEXT)
                except ValueError:
                    continue
                if doc is not None:
                    docs.add(doc)
        for i in shown:
            for node in _entities(store, row[i], docs):
                entities.setdefault(node.value)
        if len(entities) >= MAX_GRAPH_ENTITIES:
            break
    keep = list(entities)[:MAX_GRAPH_ENTITIES]
    if not keep:
        return nx.DiGraph()
    g = build_view(_neighbourhood(store, keep), "all")
    sub = g.subgraph([n for n in keep if n in g]).copy()
    if sub.number_of_edges():  # a position named in a row is on its membership's edge already
        sub.remove_nodes_from([n for n, kind in sub.nodes(data="kind")
                               if kind == "position" and sub.degree(n) == 0])
    sub.graph.update(g.graph)
    return sub


def _entities(store: ox.Store, cell, docs: set) -> list:
    if cell is None:
        return []
    if isinstance(cell, URIRef):
        node = ox.NamedNode(str(cell))
        return [node] if _first(store, node, _TYPE) is not None else []
    if not isinstance(cell, Literal) or not str(cell):
        return []
    found = []
    for value in dict.fromkeys(str(cell).split("; ")):  # GROUP_CONCAT cells list several
        found += [q.subject for q in store.quads_for_pattern(None, _PREF, ox.Literal(value), None)
                  if isinstance(q.subject, ox.NamedNode)]
    found = list(dict.fromkeys(found))
    if docs:
        mentioned = [n for n in found if any(q.subject in docs for q in
                                             store.quads_for_pattern(None, _MENTIONS, n, None))]
        found = mentioned or found
    return found


def _neighbourhood(store: ox.Store, entities: list[str]) -> Graph:
    """An rdflib graph with what kg.draw needs of `entities`: their triples, the facts
    linking them (staffing, membership) with their sentences, and their neighbours' types."""
    graph = Graph()
    nodes = [ox.NamedNode(e) for e in entities]
    described: set = set()
    sentences_: set = set()

    def describe(node, full: bool = True) -> None:
        if (node, full) in described or (node, True) in described:
            return
        described.add((node, full))
        for q in store.quads_for_pattern(node, None, None, None):
            if full or q.predicate in (_TYPE, _PREF) \
                    or q.predicate.value.endswith(("label", "placeType")):
                graph.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
                if q.predicate == _EVIDENCE:
                    sentences_.add(q.object)
        if full:  # the articles and sentences naming an entity point at it
            for link in (_MENTIONS, _NAMES):
                for q in store.quads_for_pattern(None, link, node, None):
                    graph.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
                    if link == _NAMES:
                        sentences_.add(q.subject)

    facts = set()
    for node in nodes:
        describe(node)
        for link in _FACT_LINKS:
            facts.update(q.subject for q in store.quads_for_pattern(None, link, node, None))
    for fact in facts:
        describe(fact)
    for s, _, o in list(graph):
        for term in (s, o):
            if isinstance(term, URIRef):
                describe(ox.NamedNode(str(term)), full=False)
    for sentence in sentences_:
        describe(sentence)
        doc = _first(store, sentence, _CONTEXT)
        if doc is not None:
            for q in store.quads_for_pattern(doc, _DCT_ID, None, None):
                graph.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
    return graph


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def _empty_page(message: str) -> str:
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Đồ thị</title>"
            "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;color:#666;margin:2em}</style>"
            f"</head><body data-nodes-drawn='0'><p>{html.escape(message)}</p></body></html>")
