"""A graph in any SPARQL 1.1 triple store: `--store sparql:URL`.

URL is the query endpoint (SPARQL 1.1 Protocol); articles are written with
the Graph Store Protocol, one named graph each, at the store endpoint that
follows the server's convention (Oxigraph: `/query` -> `/store`) or is given
with `--store sparql:QUERY_URL,STORE_URL`. The server must answer queries over
the union of its named graphs (Oxigraph `serve --union-default-graph`, Fuseki
`unionDefaultGraph`, the default in GraphDB and Virtuoso).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import GraphError, QueryError
from kg.query import SavedQuery, tidy, values_first
from kg.triples import Triples, rdflib_graph, to_ox

if TYPE_CHECKING:
    from rdflib import Graph

TIMEOUT = 60


class SparqlStore:
    def __init__(self, query_url: str, store_url: str | None = None) -> None:
        if not query_url.startswith(("http://", "https://")):
            raise GraphError(f"sparql:{query_url}: expected an http(s) URL of a SPARQL query endpoint")
        self.query_url = query_url
        if store_url is None:
            if not query_url.rstrip("/").endswith("/query"):
                raise GraphError("give the Graph Store endpoint too: --store sparql:QUERY_URL,STORE_URL")
            store_url = query_url.rstrip("/")[: -len("query")] + "store"
        self.store_url = store_url

    def _select(self, text: str) -> tuple[list[str], list[dict]]:
        """A SELECT's variables and its rows of bindings, as SPARQL JSON results hold them."""
        request = urllib.request.Request(
            self.query_url, data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read().decode("utf-8"))
            return answer["head"]["vars"], answer["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as e:  # a web page, say: not an endpoint
            raise GraphError(f"{self.query_url}: the answer is not SPARQL results") from e
        except urllib.error.HTTPError as e:
            message = e.read().decode("utf-8", errors="replace").strip().splitlines()[:1]
            raise QueryError(f"{self.query_url} answered {e.code}: {' '.join(message)}") from e
        except (urllib.error.URLError, OSError) as e:
            raise GraphError(f"{self.query_url}: cannot reach the endpoint ({e})") from e

    def select(self, query: SavedQuery, bindings: dict | None = None,
               hidden: bool = False) -> tuple[list[str], list[list[str]]]:
        # the protocol has no bindings: VALUES blocks of RDF terms in their escaped
        # N-Triples form bind them, in front where they can (kg.query.values_first),
        # after the query for variables it makes itself
        query = query if hidden else query.shown_only()
        text, rest = values_first(query.text, {k: str(to_ox(v)) for k, v in (bindings or {}).items()})
        if rest:
            text = f"{text}\nVALUES ({' '.join(f'?{k}' for k in rest)}) {{ ({' '.join(rest.values())}) }}\n"
        names, table = self.select_text(text)
        keep = [i for i, n in enumerate(names) if hidden or not n.startswith("_")]
        return [names[i] for i in keep], [[tidy(row[i]) for i in keep] for row in table]

    def select_text(self, text: str) -> tuple[list[str], list[list[str]]]:
        """A SELECT's columns and cells as they come: unbound is "", nothing sorted or hidden."""
        names, rows = self._select(text)
        return names, [[row.get(n, {}).get("value", "") for n in names] for row in rows]

    def stored_hash(self, graph_iri: str, article_iri: str) -> str | None:
        _, rows = self._select(
            f"SELECT ?h WHERE {{ GRAPH <{graph_iri}> {{ <{article_iri}> "
            f"<https://w3id.org/kgbp/ontology#contentHash> ?h }} }}")
        return rows[0]["h"]["value"] if rows else None

    def replace_graph(self, graph_iri: str, graph: Triples) -> None:
        """PUT the graph: the Graph Store Protocol replaces what the named graph held."""
        url = f"{self.store_url}?graph={urllib.parse.quote(graph_iri, safe='')}"
        request = urllib.request.Request(url, data=graph.serialize("nt"),
                                         method="PUT", headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT):
                pass
        except urllib.error.HTTPError as e:
            raise GraphError(f"{self.store_url} answered {e.code} to writing {graph_iri}") from e
        except (urllib.error.URLError, OSError) as e:
            raise GraphError(f"{self.store_url}: cannot reach the store ({e})") from e

    def to_rdflib(self) -> Graph:
        return self._constructed("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", rdflib_graph)

    def to_triples(self) -> Triples:
        """The union of the store's graphs, read by Oxigraph's parser."""
        return self._constructed("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", Triples.from_oxigraph)

    def _constructed(self, text: str, collect):
        """`collect` applied to a CONSTRUCT's triples, as Oxigraph parses them from the
        answer (parse errors surface while `collect` reads them)."""
        data = self._construct_ntriples(text)
        try:
            return collect(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as e:
            raise GraphError(f"{self.query_url}: the answer is not N-Triples "
                             f"({str(e).splitlines()[0]})") from e

    def construct_triples(self, text: str) -> list[ox.Quad]:
        """A CONSTRUCT's triples as Oxigraph's terms (in the default graph)."""
        return self._constructed(text, list)

    def _construct_ntriples(self, text: str) -> bytes:
        request = urllib.request.Request(
            self.query_url, data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as e:
            raise GraphError(f"{self.query_url}: cannot read the graph ({e})") from e
        return data
