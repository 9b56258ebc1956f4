"""The part of a graph that the picture around one entity needs, selected by SPARQL.

`kg viz --focus LABEL` draws the entities at most `depth` links from LABEL. Reading
a whole archive into rdflib to draw a dozen nodes took minutes; here the source
(a file in Oxigraph, a store, an endpoint) is asked for the links between
entities, the neighbourhood is walked in Python, and only what describes its
entities (their triples, the facts they take part in, the sentences and articles
behind them) comes back, into a small Oxigraph store that kg.draw reads through
kg.store_graph (putting the 76,000 triples around a border post two links out
into rdflib took 3 s).

Everything selected is a triple of the graph, and every link between two
entities of the neighbourhood is selected, so the focus view drawn from it is the
one drawn from the whole graph (tests/test_neighbourhood.py checks it entity by
entity).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import networkx as nx
import pyoxigraph as ox

from kg.explain import called
from kg.query import PREFIXES, iri_blocks
from kg.store_graph import StoreGraph
from kg.vocab import KG, NIF

NAMES = ox.NamedNode(str(KG.names))
IN_ARTICLE = ox.NamedNode(str(NIF.referenceContext))

# Entity to entity, as kg.draw links them: through a fact (staffing; membership, to the
# organization or, when it names none, to the position) or directly.
LINKS = """SELECT DISTINCT ?a ?b WHERE {
  { ?fact kg:staffingPost ?a ; kg:staffedBranch ?b }
  UNION { ?fact org:member ?a ; org:organization ?b }
  UNION { ?fact org:member ?a ; org:role ?b FILTER NOT EXISTS { ?fact org:organization ?any } }
  UNION { ?a kg:locatedIn|kg:parentPlace|kg:ofPlace|kg:committeeOf|org:subOrganizationOf|kg:issuedBy
             ?b }
}"""

# The entities' own triples, that an article names them (one says it), the sentences naming
# them, and with all their triples the facts about them: their figures, and the facts that
# link them as LINKS does (an entity named by no article is drawn only through those).
# Each UNION branch opens with the VALUES block: Oxigraph evaluates a branch on its own
# before joining it (see kg.query.values_first).
ENTITIES = """CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ VALUES ?s {{ {nodes} }} ?s ?p ?o }}
  UNION {{ SELECT ?o (SAMPLE(?article) AS ?s) (kg:mentions AS ?p)
          WHERE {{ VALUES ?o {{ {nodes} }} ?article kg:mentions ?o }} GROUP BY ?o }}
  UNION {{ VALUES ?o {{ {nodes} }} ?s kg:names ?o BIND(kg:names AS ?p) }}
  UNION {{ VALUES ?node {{ {nodes} }}
          ?s kg:staffingPost|kg:staffedBranch|org:member|org:organization|kg:subject ?node ;
             ?p ?o }}
  UNION {{ VALUES ?node {{ {nodes} }}
          ?s org:role ?node FILTER NOT EXISTS {{ ?s org:organization ?any }}
          ?s ?p ?o }}
}}"""

# What the facts and sentences point at: sentences' text and place, the names of roles
# and measures, articles' ids.
DETAILS = """CONSTRUCT {{ ?node ?p ?o }} WHERE {{
  VALUES ?node {{ {nodes} }}
  ?node ?p ?o
  FILTER(?p IN (rdf:type, skos:prefLabel, skos:altLabel, rdfs:label, foaf:name, skos:notation,
                kg:placeType, nif:anchorOf, nif:beginIndex, nif:endIndex, nif:referenceContext,
                dcterms:identifier))
}}"""


class Source(Protocol):
    def select_text(self, text: str) -> tuple[list[str], list[list[str]]]: ...

    def construct_triples(self, text: str) -> list[ox.Triple]: ...


def focus_graph(source: Source, focus: str, depth: int) -> StoreGraph:
    """The triples that the focus view of `focus` at `depth` reads (see kg.draw.build_view)."""
    _, links = source.select_text(PREFIXES + LINKS)
    around = nx.Graph()
    around.add_edges_from((a, b) for a, b in links if a != b)
    kept = set()
    exact, near = called(source, focus)
    for centre in exact + near:  # kg.draw.find_nodes picks among them as on the whole graph
        around.add_node(centre)
        kept |= set(nx.single_source_shortest_path_length(around, centre, cutoff=depth))
    found = _construct(source, ENTITIES, kept)
    # what the facts point at, and the sentences naming the entities (not the articles
    # mentioning them, which the picture needs no more of)
    pointed = {t.object.value for t in found if isinstance(t.object, ox.NamedNode)} | \
        {t.subject.value for t in found if t.predicate == NAMES}
    details = _construct(source, DETAILS, pointed - kept)
    articles = {t.object.value for t in details if t.predicate == IN_ARTICLE} - pointed
    store = ox.Store()
    for part in (found, details, _construct(source, DETAILS, articles)):
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in part)
    return StoreGraph(store)


def _construct(source: Source, template: str, nodes: Iterable[str]) -> list[ox.Triple]:
    found = []
    for block in iri_blocks(nodes):
        found += source.construct_triples(PREFIXES + template.format(nodes=block))
    return found
