"""Where an answer comes from: the sentences behind each row of a saved query, or an entity."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import QueryError
from kg.query import SavedQuery, rows, run_query, strong_only
from kg.text import fold
from kg.vocab import KG, NIF

FACT_LINKS = (KG.subject, KG.staffingPost, KG.staffedBranch)


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


def explain_rows(graph: Graph, query: SavedQuery, bindings: dict | None = None,
                 min_confidence: float | None = None) -> list[Explained]:
    columns, table = rows(run_query(graph, query, bindings), hidden=True)
    table = strong_only(columns, table, min_confidence)
    if "_evidence" not in columns:
        raise QueryError(f"query {query.name!r} does not say where its answers come from "
                         "(it has no ?_evidence column)")
    at = columns.index("_evidence")
    shown = [i for i, c in enumerate(columns) if not c.startswith("_") and c != "source"]
    out = []
    for row in table:
        nodes = [URIRef(iri) for iri in row[at].split()]
        heading = " / ".join(row[i] for i in shown if row[i])
        out.append(Explained(heading, _sorted(sentence(graph, n) for n in nodes)))
    return out


def explain_entity(graph: Graph, label: str) -> list[Explained]:
    """Every entity called `label` (any spelling), with the sentences naming it and its facts."""
    wanted = fold(label)
    nodes = sorted({s for p in (SKOS.prefLabel, SKOS.altLabel) for s, o in graph.subject_objects(p)
                    if fold(str(o)) == wanted and isinstance(s, URIRef)})
    if not nodes:
        raise QueryError(f"no entity called {label!r} in the graph")
    out = []
    for node in nodes:
        kinds = ", ".join(sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type)
                                 if str(t).startswith(str(KG))))
        evidence = [sentence(graph, s) for s in graph.subjects(KG.names, node)]
        for link in FACT_LINKS:  # the facts it takes part in
            for fact in graph.subjects(link, node):
                evidence += [sentence(graph, s) for s in graph.objects(fact, KG.evidence)]
        for fact in graph.subjects(URIRef("http://www.w3.org/ns/org#member"), node):
            evidence += [sentence(graph, s) for s in graph.objects(fact, KG.evidence)]
        out.append(Explained(f"{graph.value(node, SKOS.prefLabel)} ({kinds}) <{node}>", _sorted(evidence)))
    return out
