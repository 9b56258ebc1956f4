"""A persistent graph: an Oxigraph store on disk, one named graph per article.

`kg build SRC --store oxigraph:DIR` adds new articles, skips unchanged ones
(their file's SHA-256 is kept as kg:contentHash), and replaces the named graph
of a changed one, touching nothing else; entities shared with other articles
stay, since each article's graph holds its own copy of what it says of them.
Queries read the union of the named graphs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.engine import OxigraphEngine, to_ox
from kg.errors import GraphError
from kg.graph import add_document, article_iri, iri, new_graph
from kg.pipeline import read_all
from kg.vocab import KG


@dataclass
class StoreBuild:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.added + self.replaced


def open_store(spec: str) -> OxigraphEngine:
    kind, _, where = spec.partition(":")
    if kind != "oxigraph" or not where:
        raise GraphError(f"--store {spec!r}: expected oxigraph:DIR")
    try:
        return OxigraphEngine(ox.Store(where))
    except OSError as e:
        raise GraphError(f"--store {spec!r}: cannot open ({e})") from e


def document_graph(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri(f"article/{doc_id}/graph")))


def _stored_hash(store: ox.Store, doc_id: str) -> str | None:
    quads = store.quads_for_pattern(ox.NamedNode(str(article_iri(doc_id))), ox.NamedNode(str(KG.contentHash)),
                                    None, document_graph(doc_id))
    return next((q.object.value for q in quads), None)


def build_into(engine: OxigraphEngine, files: list[Path], workers: int = 1,
               progress: Callable[[Path], None] | None = None) -> StoreBuild:
    store, result = engine.store, StoreBuild()
    hashes = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    todo = []
    for path in files:
        if _stored_hash(store, path.stem) == hashes[path]:
            result.unchanged += 1
            if progress:
                progress(path)
        else:
            todo.append(path)
    for path, doc in read_all(todo, workers):
        if isinstance(doc, str):
            result.skipped.append((path, doc))
        else:
            graph = new_graph()
            add_document(graph, doc)
            graph.add((article_iri(doc.id), KG.contentHash, _literal(hashes[path])))
            name = document_graph(doc.id)
            existed = any(True for _ in store.quads_for_pattern(None, None, None, name))
            store.remove_graph(name) if existed else None
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in graph)
            result.replaced += existed
            result.added += not existed
        if progress:
            progress(path)
    store.flush()
    return result


def _literal(text: str):
    from rdflib import Literal

    return Literal(text)


def to_rdflib(engine: OxigraphEngine) -> Graph:
    """The union of the store's graphs as one rdflib Graph (for export, explain, pictures)."""
    from rdflib import BNode, Literal, URIRef

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    graph = new_graph()
    for quad in engine.store:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph
