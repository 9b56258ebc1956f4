"""What a build writes: a set of triples, each term in its N-Triples form.

Building an rdflib Graph triple by triple cost more than reading the articles
(its in-memory store keeps three indexes and context bookkeeping per triple,
about 15 µs an add). A build collects plain strings instead: cheap to make, to
hash, and to send from a worker process, and an N-Triples file is just their
lines sorted. Oxigraph turns that into Turtle or loads it into a store, and
`to_rdflib()` gives an rdflib Graph where Python code wants one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import turtle

if TYPE_CHECKING:  # rdflib is imported where a graph is asked for: a build never needs it
    from rdflib import Graph

Triple = tuple[str, str, str]  # (subject, predicate, object) in N-Triples form

# canonical N-Triples escapes, as Oxigraph writes them
_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF] if c not in _ESCAPES})


def named(iri: str) -> str:
    """An IRI term; the caller vouches that `iri` is a valid IRI (see `checked_named`)."""
    return f"<{iri}>"


def checked_named(iri: str) -> str | None:
    """An IRI term for an IRI read from an article, or None if it is not a valid IRI."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        return None


def literal(value: str, datatype: str | None = None) -> str:
    """A literal term; `datatype` is an IRI term (from `named`)."""
    text = f'"{value.translate(_ESCAPES)}"'
    return f"{text}^^{datatype}" if datatype else text


def lexical(term: str) -> str:
    """The (escaped) lexical form of a literal term."""
    return term[1:term.rindex('"')]


def _line(s: str, p: str, o: str) -> bytes:
    return f"{s} {p} {o} .\n".encode()


def _split(line: bytes) -> Triple:
    s, p, rest = line.decode().split(" ", 2)  # IRIs hold no spaces; a literal object may
    return s, p, rest[:-3]


class Triples:
    """A set of triples in the order first written, with three rules for properties that
    take one value: `set` (the last value written wins), `set_first` (the first wins) and
    `set_max` (the highest wins). `update` merges another set by the same rules, so
    merging per-article sets in article order gives the set one would have written.

    Triples added with `add` are kept as their N-Triples lines, UTF-8 encoded: a worker
    process makes them, and the process that merges and writes the graph only hashes and
    sorts them (bytes also unpickle without decoding, and sort with memcmp)."""

    __slots__ = ("_first", "_last", "_many", "_max")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._many: dict[bytes, None] = {_line(*t): None for t in triples}
        self._last: dict[tuple[str, str], str] = {}
        self._first: dict[tuple[str, str], str] = {}
        self._max: dict[tuple[str, str], tuple[float, str]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self._many[_line(s, p, o)] = None

    def set(self, s: str, p: str, o: str) -> None:
        self._last[s, p] = o

    def set_first(self, s: str, p: str, o: str) -> None:
        self._first.setdefault((s, p), o)

    def set_max(self, s: str, p: str, o: str, number: float) -> None:
        old = self._max.get((s, p))
        if old is None or old[0] < number:
            self._max[s, p] = (number, o)

    def value(self, s: str, p: str) -> str | None:
        """The value of a one-valued property, or None."""
        if (s, p) in self._max:
            return self._max[s, p][1]
        return self._last.get((s, p)) or self._first.get((s, p))

    def update(self, other: Triples) -> None:
        self._many.update(other._many)
        self._last.update(other._last)
        for key, o in other._first.items():
            self._first.setdefault(key, o)
        for (s, p), (number, o) in other._max.items():
            self.set_max(s, p, o, number)

    def _one_lines(self) -> list[bytes]:
        """Lines of the one-valued properties that `add` did not write too."""
        last = self._last
        lines = [_line(s, p, o) for (s, p), o in last.items()]
        lines += [_line(s, p, o) for (s, p), o in self._first.items() if (s, p) not in last]
        lines += [_line(s, p, o) for (s, p), (_, o) in self._max.items()]
        return [line for line in lines if line not in self._many]

    def lines(self) -> list[bytes]:
        """Every triple as its N-Triples line (UTF-8), unsorted: a new list."""
        return [*self._many, *self._one_lines()]

    def __iter__(self) -> Iterator[Triple]:
        return map(_split, self.lines())

    def __len__(self) -> int:
        return len(self._many) + len(self._one_lines())

    def subjects(self, p: str, o: str) -> list[str]:
        end = f" {p} {o} .\n".encode()
        return [line.split(b" ", 1)[0].decode() for line in self._many if line.endswith(end)]

    def rename(self, renames: dict[str, str]) -> None:
        """Every node in `renames` replaced by its new name (two nodes merged into one).
        A one-valued property the new node already has keeps its value."""
        if not renames:
            return

        def new(term: str) -> str:
            return renames.get(term, term)

        self._many = {_line(new(s), new(p), new(o)): None for s, p, o in map(_split, self._many)}
        for rule in (self._last, self._first, self._max):
            merged = {(s, p): v for (s, p), v in rule.items() if s not in renames}
            for (s, p), v in rule.items():
                if s in renames:
                    merged.setdefault((new(s), p), v)
            rule.clear()
            rule.update({key: new(v) if isinstance(v, str) else v for key, v in merged.items()})

    def ntriples(self) -> bytes:
        """N-Triples, lines sorted: the same graph is always the same file, and each
        subject's triples stand together (so Turtle groups them). Sorted as UTF-8 bytes,
        which keeps the strings' order (by code point) but compares them with memcmp:
        3.0-3.5 s instead of 4.8 s for 2.5 million lines, a serial step of every build."""
        return _sorted(self.lines())

    def serialize(self, fmt: str = "turtle", prefixes: dict[str, str] | None = None,
                  processes: int = 1) -> bytes:
        """As "nt" or "turtle", sorted (see `ntriples`); Turtle of a large graph by up to
        `processes` processes at once (see `kg.turtle`)."""
        return serialize_lines(self.lines(), fmt, prefixes, processes)

    def load_into(self, store: ox.Store, graph: str | None = None) -> None:
        """Into an Oxigraph store (its default graph, or the named graph `graph`), in one
        transaction: a reader sees all of it or none."""
        store.load(self.ntriples(), format=ox.RdfFormat.N_TRIPLES, lenient=True,  # see own_ntriples
                   to_graph=ox.NamedNode(graph) if graph else None)

    def to_rdflib(self) -> Graph:
        return rdflib_graph(turtle.own_ntriples(self.ntriples()))

    @classmethod
    def from_oxigraph(cls, quads: Iterable) -> Triples:
        """The triples of Oxigraph's quads or triples (a store, a parser), of whatever graph."""
        return cls((str(q.subject), str(q.predicate), str(q.object)) for q in quads)

    @classmethod
    def from_rdflib(cls, graph: Graph) -> Triples:
        return cls((str(to_ox(s)), str(to_ox(p)), str(to_ox(o))) for s, p, o in graph)


def serialize_lines(lines: list[bytes], fmt: str = "turtle", prefixes: dict[str, str] | None = None,
                    processes: int = 1) -> bytes:
    """N-Triples lines (`Triples.lines()`, sorted here in place) as "nt" or "turtle"."""
    return _sorted(lines) if fmt == "nt" else turtle.write(lines, prefixes, processes)


def _sorted(lines: list[bytes]) -> bytes:
    lines.sort()  # in place: the caller's list is a fresh one
    return b"".join(lines)


@cache
def _rdflib_terms() -> tuple[type, type, type]:
    from rdflib import BNode, Literal, URIRef

    return URIRef, BNode, Literal


def to_ox(term):
    """An rdflib term as a pyoxigraph term (a pyoxigraph term as it is)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    URIRef, BNode, Literal = _rdflib_terms()
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


def rdflib_graph(quads: Iterable) -> Graph:
    """Oxigraph's quads or triples (of whatever graph) as one rdflib Graph. Each IRI becomes
    one URIRef, shared by all its triples, and the terms go straight into the graph's store,
    which Graph.add would only check again: half the time of adding them one by one."""
    from kg.graph import new_graph

    URIRef = _rdflib_terms()[0]
    graph = new_graph()
    add, iris = graph.store.add, {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            iri = t.value
            node = iris.get(iri)
            if node is None:
                node = iris[iri] = URIRef(iri)
            return node
        return from_ox(t)

    for q in quads:
        add((term(q.subject), term(q.predicate), term(q.object)), graph, quoted=False)
    return graph


def from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    URIRef, BNode, Literal = _rdflib_terms()
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
