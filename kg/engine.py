"""Where SPARQL runs: Oxigraph by default, rdflib's own engine for comparison.

rdflib stays the API for Python code that walks a graph (pictures, export,
JSON-LD); a build writes N-Triples strings (kg/triples.py), and answering questions
on a large graph is Oxigraph's job (pyoxigraph, a Rust SPARQL engine): the same
saved query, the same bindings (a VALUES block in front, see kg.query.values_first),
the same cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query import SavedQuery, rows, run_query, tidy, values_first
from kg.store import OXIGRAPH_FORMATS, file_format, load_graph, parse_errors
from kg.triples import Triples, to_ox

if TYPE_CHECKING:
    from rdflib import Graph

ENGINES = ("oxigraph", "rdflib")


class OxigraphEngine:
    """A graph in an Oxigraph store: in memory, or on disk when given a folder."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_file(cls, path: Path) -> OxigraphEngine:
        fmt = file_format(path)
        if fmt not in OXIGRAPH_FORMATS:  # JSON-LD: through rdflib
            return cls.from_graph(load_graph(path))
        engine = cls()
        with parse_errors(path, fmt):
            engine.store.bulk_load(path=str(path), format=OXIGRAPH_FORMATS[fmt])
        return engine

    @classmethod
    def from_graph(cls, graph: Graph | Triples) -> OxigraphEngine:
        engine = cls()
        (graph if isinstance(graph, Triples) else Triples.from_rdflib(graph)).load_into(engine.store)
        return engine

    def select(self, query: SavedQuery, bindings: dict | None = None,
               hidden: bool = False) -> tuple[list[str], list[list[str]]]:
        query = query if hidden else query.shown_only()
        terms = {k: to_ox(v) for k, v in (bindings or {}).items()}
        text, rest = values_first(query.text, {k: str(term) for k, term in terms.items()})
        substitutions = {ox.Variable(k): terms[k] for k in rest}  # what VALUES could not bind
        result = self._run(text, f"query {query.name!r}", substitutions=substitutions)
        names = [v.value for v in result.variables]
        keep = [i for i, n in enumerate(names) if hidden or not n.startswith("_")]
        table = [[tidy(_cell(solution[i])) for i in keep] for solution in result]
        return [names[i] for i in keep], table

    def select_text(self, text: str) -> tuple[list[str], list[list[str]]]:
        """A SELECT's columns and cells as they come: unbound is "", nothing sorted or hidden."""
        result = self._run(text)
        return [v.value for v in result.variables], [[_cell(t) for t in row] for row in result]

    def construct_triples(self, text: str) -> list[ox.Triple]:
        """A CONSTRUCT's triples (small: what a picture needs, say)."""
        return list(self._run(text))

    def _run(self, text: str, what: str = "the query", **options):
        try:
            return self.store.query(text, use_default_graph_as_union=True, **options)
        except SyntaxError as e:
            raise QueryError(f"{what} is not valid SPARQL: {e}") from e


class RdflibEngine:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def from_file(cls, path: Path) -> RdflibEngine:
        return cls(load_graph(path))

    def select(self, query: SavedQuery, bindings: dict | None = None,
               hidden: bool = False) -> tuple[list[str], list[list[str]]]:
        query = query if hidden else query.shown_only()
        return rows(run_query(self.graph, query, bindings), hidden=hidden)

    def select_text(self, text: str) -> tuple[list[str], list[list[str]]]:
        result = self.graph.query(text)
        return [str(v) for v in result.vars], [["" if t is None else str(t) for t in row]
                                               for row in result]


def open_engine(path: Path, engine: str = "oxigraph") -> OxigraphEngine | RdflibEngine:
    return (OxigraphEngine if engine == "oxigraph" else RdflibEngine).from_file(path)


def _cell(term) -> str:
    return "" if term is None else term.value


def select_with_timeout(open_source, query: SavedQuery, bindings: dict | None, seconds: float | None):
    """`open_source().select(...)`, given up after `seconds`: neither engine can be interrupted
    from inside, so the query runs in a child process that is stopped if it takes too long."""
    if not seconds:
        return open_source().select(query, bindings, hidden=True)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    answers = context.Queue()

    def run() -> None:
        try:
            answers.put(("ok", open_source().select(query, bindings, hidden=True)))
        except Exception as e:  # handed to the parent, which reports it
            answers.put(("error", e))

    child = context.Process(target=run, daemon=True)
    child.start()
    try:
        status, value = answers.get(timeout=seconds)
    except Exception:  # queue.Empty: the time is up
        child.kill()
        child.join()
        raise QueryError(f"query {query.name!r} took longer than {seconds:g} s (--timeout)") from None
    child.join()
    if status == "error":
        raise value
    return value
