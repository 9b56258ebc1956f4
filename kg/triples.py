"""What a build writes: a set of triples in pyoxigraph terms.

Building an rdflib Graph triple by triple cost more than reading the articles
(its in-memory store keeps three indexes and context bookkeeping per triple,
about 15 µs an add), so a build collects plain tuples of Oxigraph terms here,
serialises them with Oxigraph, and loads them into a store in one call.
`to_rdflib()` gives an rdflib Graph where Python code wants one (pictures,
explain, JSON-LD).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

Triple = tuple  # (subject, predicate, object), each a pyoxigraph term


class Triples:
    """An ordered set of triples, with two write rules for properties that take one value:
    `set` (the last value written wins) and `set_first` (the first wins)."""

    __slots__ = ("_many", "_one")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._many: dict[Triple, None] = dict.fromkeys(triples)
        self._one: dict[tuple, object] = {}

    def add(self, s, p, o) -> None:
        self._many[s, p, o] = None

    def set(self, s, p, o) -> None:
        self._one[s, p] = o

    def set_first(self, s, p, o) -> None:
        self._one.setdefault((s, p), o)

    def value(self, s, p):
        """The value of a one-valued property (`set` or `set_first`), or None."""
        return self._one.get((s, p))

    def __iter__(self) -> Iterator[Triple]:
        yield from self._many
        for (s, p), o in self._one.items():
            if (s, p, o) not in self._many:
                yield s, p, o

    def __len__(self) -> int:
        return len(self._many) + sum((s, p, o) not in self._many for (s, p), o in self._one.items())

    def subjects(self, p, o) -> list:
        return [t[0] for t in self if t[1] == p and t[2] == o]

    def rename(self, renames: dict) -> None:
        """Every node in `renames` replaced by its new name (merging two nodes into one).
        A one-valued property the new node already has keeps its value."""
        if not renames:
            return
        many = {tuple(renames.get(term, term) for term in t): None for t in self._many}
        one: dict[tuple, object] = {}
        for (s, p), o in self._one.items():  # the renamed node's own values go last
            if s not in renames:
                one[s, p] = renames.get(o, o)
        for (s, p), o in self._one.items():
            if s in renames:
                one.setdefault((renames[s], p), renames.get(o, o))
        self._many, self._one = many, one

    def ntriples(self) -> bytes:
        """N-Triples, lines sorted: the same graph is always the same file, and each
        subject's triples stand together (so Turtle groups them). A term's str() is its
        N-Triples form, so no Triple objects are made on the way (they cost 5 µs each)."""
        return "".join(sorted(f"{s} {p} {o} .\n" for s, p, o in self)).encode()

    def serialize(self, fmt: str = "turtle", prefixes: dict[str, str] | None = None) -> bytes:
        """As "nt" or "turtle", sorted (see `ntriples`)."""
        data = self.ntriples()
        if fmt == "nt":
            return data
        return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                            prefixes=prefixes)

    def to_rdflib(self) -> Graph:
        from kg.graph import new_graph

        graph = new_graph()
        for s, p, o in self:
            graph.add((from_ox(s), from_ox(p), from_ox(o)))
        return graph

    @classmethod
    def from_rdflib(cls, graph: Graph) -> Triples:
        return cls((to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
