"""An Oxigraph store read through the few rdflib.Graph methods that kg.draw asks.

`kg viz` of a whole archive read every triple into rdflib first: 21 s of the 28 s it
took to build the default view of a million triples, where Oxigraph loads the file
in 3 s and answers each lookup as fast as rdflib's store does. `StoreGraph` answers
`objects`, `subjects`, `subject_objects`, `value` and `(s, p, o) in graph` from the
store, with rdflib terms, so the drawing code reads either kind of graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.triples import from_ox, to_ox


class StoreGraph:
    """The triples of every graph in `store`, read-only. Each answer holds a term once,
    however many of the store's graphs (one per article in a store built with
    `--store`) hold its triple, and comes in the order of the terms' N-Triples form:
    the order in which rdflib gives them from a file `kg build` wrote, whose lines are
    sorted, whatever order the store keeps them in."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        # each term converted once each way: a view asks about the same nodes many times,
        # and making an rdflib Literal parses its value (the two were half of the time)
        self._to_rdflib: dict[object, object] = {}
        self._to_ox: dict[object, object] = {}

    def objects(self, subject=None, predicate=None) -> Iterator:
        return self._terms(q.object for q in self._quads(subject, predicate, None))

    def subjects(self, predicate=None, object=None) -> Iterator:  # noqa: A002 (rdflib's name)
        return self._terms(q.subject for q in self._quads(None, predicate, object))

    def subject_objects(self, predicate=None) -> Iterator[tuple]:
        pairs = {(str(q.subject), str(q.object)): (q.subject, q.object)
                 for q in self._quads(None, predicate, None)}
        return ((self._rdflib(s), self._rdflib(o)) for _, (s, o) in sorted(pairs.items()))

    def value(self, subject=None, predicate=None, object=None, default=None):  # noqa: A002
        """The one object of (`subject`, `predicate`), or subject of (`predicate`, `object`);
        of several, the first in N-Triples order, where rdflib gives its first stored."""
        found = self.objects(subject, predicate) if object is None else self.subjects(predicate, object)
        return next(found, default)

    def __iter__(self) -> Iterator[tuple]:
        """Every triple once, in no particular order."""
        return ((self._rdflib(s), self._rdflib(p), self._rdflib(o)) for s, p, o in self._distinct())

    def __len__(self) -> int:
        return len(self._distinct())

    def _distinct(self) -> set[tuple]:
        return {(q.subject, q.predicate, q.object) for q in self.store}

    def __contains__(self, triple: tuple) -> bool:
        return next(self._quads(*triple), None) is not None

    def _quads(self, subject, predicate, object) -> Iterator[ox.Quad]:  # noqa: A002
        return self.store.quads_for_pattern(self._ox(subject), self._ox(predicate), self._ox(object))

    def _terms(self, found: Iterable) -> Iterator:
        found = list(found)
        if len(found) > 1:
            distinct = {str(term): term for term in found}
            found = [distinct[key] for key in sorted(distinct)]
        return map(self._rdflib, found)

    def _rdflib(self, term):
        node = self._to_rdflib.get(term)
        if node is None:
            node = self._to_rdflib[term] = from_ox(term)
            self._to_ox[node] = term
        return node

    def _ox(self, term):
        if term is None:
            return None
        found = self._to_ox.get(term)
        if found is None:
            found = self._to_ox[term] = to_ox(term)
        return found
