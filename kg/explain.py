"""Where an answer comes from: the sentences behind each row of a saved query, or an entity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, URIRef
from rdflib.namespace import ORG

from kg.errors import QueryError
from kg.query import PREFIXES, SavedQuery, iri_blocks, strong_only
from kg.text import fold, loose
from kg.vocab import KG, NIF

FACT_LINKS = (KG.subject, KG.staffingPost, KG.staffedBranch, ORG.member)  # a fact -> its entity


@dataclass(frozen=True)
class Evidence:
    article: str  # the article's id
    start: int  # character offsets into the article file
    end: int
    text: str


@dataclass(frozen=True)
class Explained:
    heading: str  # the row, or the entity, in a line
    evidence: tuple[Evidence, ...]


def sentence(graph: Graph, node: URIRef) -> Evidence | None:
    text = graph.value(node, NIF.anchorOf)
    if text is None:
        return None
    article = graph.value(node, NIF.referenceContext)
    doc_id = graph.value(article, URIRef("http://purl.org/dc/terms/identifier")) if article else None
    return Evidence(str(doc_id or article), int(graph.value(node, NIF.beginIndex) or 0),
                    int(graph.value(node, NIF.endIndex) or 0), str(text))


def _sorted(evidence) -> tuple[Evidence, ...]:
    return tuple(sorted(set(e for e in evidence if e), key=lambda e: (e.article, e.start)))


class Source(Protocol):
    """Where the graph is: a file in Oxigraph, a store on disk, a SPARQL endpoint (kg.engine,
    kg.persist, kg.remote). Explaining asks it SPARQL, so that a graph of an archive is never
    walked, or fetched, whole."""

    def select(self, query: SavedQuery, bindings: dict | None = None,
               hidden: bool = False) -> tuple[list[str], list[list[str]]]: ...

    def select_text(self, text: str) -> tuple[list[str], list[list[str]]]: ...


def sentences(source: Source, nodes: Iterable[str]) -> dict[str, Evidence]:
    """The text of each sentence node, with its article's id and its offsets in the file."""
    found = {}
    for block in iri_blocks(nodes):
        _, table = source.select_text(PREFIXES + f"""
SELECT ?sentence ?text ?start ?end ?article ?id WHERE {{
  VALUES ?sentence {{ {block} }}
  ?sentence nif:anchorOf ?text .
  OPTIONAL {{ ?sentence nif:beginIndex ?start }}
  OPTIONAL {{ ?sentence nif:endIndex ?end }}
  OPTIONAL {{ ?sentence nif:referenceContext ?article
             OPTIONAL {{ ?article dcterms:identifier ?id }} }}
}}""")
        for node, text, start, end, article, doc_id in table:
            found[node] = Evidence(doc_id or article, int(start or 0), int(end or 0), text)
    return found


def explain_rows(source: Source, query: SavedQuery, bindings: dict | None = None,
                 min_confidence: float | None = None) -> list[Explained]:
    columns, table = source.select(query, bindings, hidden=True)
    table = strong_only(columns, table, min_confidence)
    if "_evidence" not in columns:
        raise QueryError(f"query {query.name!r} does not say where its answers come from "
                         "(it has no ?_evidence column)")
    at = columns.index("_evidence")
    shown = [i for i, c in enumerate(columns) if not c.startswith("_") and c != "source"]
    text = sentences(source, (iri for row in table for iri in row[at].split()))
    return [Explained(" / ".join(row[i] for i in shown if row[i]),
                      _sorted(text.get(iri) for iri in row[at].split()))
            for row in table]


# Every name of every node, and the place types that a place's name is also written with.
NAMES = """SELECT ?node ?name ?type WHERE {
  { ?node skos:prefLabel|skos:altLabel|rdfs:label|foaf:name ?name }
  UNION { ?node kg:placeType ?type }
  FILTER(isIRI(?node))
}"""


def called(source: Source, label: str) -> tuple[list[str], list[str]]:
    """The nodes called `label` in any case and tone placement, and apart from those, the
    ones called it leaving diacritics aside: by their IRI or any of their names, a place's
    also with its type in front ("xã Phìn Hồ"), as kg.draw.find_nodes reads a label."""
    # every name, folded here: SPARQL cannot fold Vietnamese tone placement
    _, names = source.select_text(PREFIXES + NAMES)
    types: dict[str, set[str]] = defaultdict(set)
    for node, _, place_type in names:
        if place_type:
            types[node].add(place_type)
    exact, near = set(), set()
    wanted, roughly = fold(label), loose(label)
    for node, name, _ in names:
        spellings = [name, *(f"{t} {name}" for t in types.get(node, ()))] if name else []
        if node == label or any(fold(s) == wanted for s in spellings):
            exact.add(node)
        elif any(loose(s) == roughly for s in spellings):
            near.add(node)
    return sorted(exact), sorted(near - exact)


def explain_entity(source: Source, label: str) -> list[Explained]:
    """Every entity called `label` (any case and tone placement; else without diacritics),
    with the sentences naming it and its facts."""
    exact, near = called(source, label)
    nodes = exact or near
    if not nodes:
        raise QueryError(f"no entity called {label!r} in the graph")
    labels, kinds, said = defaultdict(set), defaultdict(set), defaultdict(set)
    links = "|".join(f"<{link}>" for link in FACT_LINKS)
    for block in iri_blocks(nodes):
        _, table = source.select_text(PREFIXES + f"""
SELECT ?node ?label ?type ?sentence WHERE {{
  VALUES ?node {{ {block} }}
  {{ ?node skos:prefLabel ?label }}
  UNION {{ ?node a ?type FILTER(STRSTARTS(STR(?type), STR(kg:))) }}
  UNION {{ ?sentence kg:names ?node }}
  UNION {{ ?fact {links} ?node . ?fact kg:evidence ?sentence }}
}}""")
        for node, name, kind, sentence_iri in table:
            labels[node].add(name)
            kinds[node].add(kind.rsplit("#", 1)[-1])
            said[node].add(sentence_iri)
    text = sentences(source, (s for found in said.values() for s in found if s))
    out = []
    for node in nodes:
        name = min(labels[node] - {""}, default=label)
        heading = f"{name} ({', '.join(sorted(kinds[node] - {''}))}) <{node}>"
        out.append(Explained(heading, _sorted(text.get(s) for s in said[node])))
    return out
