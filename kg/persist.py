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
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.engine import OxigraphEngine
from kg.errors import GraphError
from kg.graph import K, article_iri, literal, plain_iri
from kg.pipeline import read_all
from kg.remote import SparqlStore
from kg.triples import Triples, rdflib_graph

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass
class StoreBuild:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.added + self.replaced


class LocalStore(OxigraphEngine):
    """An Oxigraph store on disk."""

    def stored_hash(self, graph_iri: str, article_iri: str) -> str | None:
        content_hash = ox.NamedNode(K.contentHash[1:-1])  # K's terms are in N-Triples form
        quads = self.store.quads_for_pattern(ox.NamedNode(article_iri), content_hash, None,
                                             ox.NamedNode(graph_iri))
        return next((q.object.value for q in quads), None)

    def replace_graph(self, graph_iri: str, graph: Triples) -> None:
        """One update, so one transaction: a build killed here leaves the article's old
        graph or its new one, never neither or half (N-Triples lines are valid SPARQL)."""
        body = graph.ntriples().decode()
        self.store.update(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                          f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}}} }}")

    def to_trig(self) -> bytes:
        """The store as TriG: one named graph per article."""
        return self.store.dump(format=ox.RdfFormat.TRIG)

    def to_triples(self) -> Triples:
        """The union of the store's graphs."""
        return Triples.from_oxigraph(self.store)

    def to_rdflib(self) -> Graph:
        """The union of the store's graphs as one rdflib Graph (for pictures, JSON-LD)."""
        return rdflib_graph(self.store)


def open_store(spec: str, read_only: bool = False) -> LocalStore | SparqlStore:
    """`oxigraph:DIR`, or `sparql:QUERY_URL[,STORE_URL]`. A store on disk opened `read_only`
    can be opened by other processes at the same time (kg serve's query workers)."""
    kind, _, where = spec.partition(":")
    if kind == "sparql" and where:
        query_url, _, store_url = where.partition(",")
        return SparqlStore(query_url, store_url or None)
    if kind != "oxigraph" or not where:
        raise GraphError(f"--store {spec!r}: expected oxigraph:DIR or sparql:URL")
    try:
        return LocalStore(ox.Store.read_only(where) if read_only else ox.Store(where))
    except FileNotFoundError as e:  # read-only: a mistyped DIR must not answer "0 rows"
        raise GraphError(f"--store {spec!r}: no store in {where} "
                         f"(build one with `kg build SRC --store {spec}`)") from e
    except OSError as e:
        raise GraphError(f"--store {spec!r}: cannot open ({e})") from e


def document_graph(doc_id: str) -> str:
    return plain_iri(f"article/{doc_id}/graph")


def build_into(store: LocalStore | SparqlStore, files: list[Path], workers: int = 1,
               progress: Callable[[Path], None] | None = None) -> StoreBuild:
    result = StoreBuild()
    hashes = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    todo = []
    for path in files:
        if store.stored_hash(document_graph(path.stem), plain_iri(f"article/{path.stem}")) == hashes[path]:
            result.unchanged += 1
            if progress:
                progress(path)
        else:
            todo.append(path)
    for path, read in read_all(todo, workers):
        if isinstance(read, str):
            result.skipped.append((path, read))
        else:
            graph, doc_id = read.triples, read.doc_id
            graph.add(article_iri(doc_id), K.contentHash, literal(hashes[path]))
            existed = store.stored_hash(document_graph(doc_id), plain_iri(f"article/{doc_id}")) is not None
            store.replace_graph(document_graph(doc_id), graph)
            result.replaced += existed
            result.added += not existed
        if progress:
            progress(path)
    return result


def to_rdflib(store: LocalStore | SparqlStore) -> Graph:
    return store.to_rdflib()

