"""Reading and writing graph files. Writes are atomic: a temporary file, then a rename."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import GraphError
from kg.graph import new_graph
from kg.triples import Triples, rdflib_graph, serialize_lines
from kg.vocab import NAMESPACES

if TYPE_CHECKING:
    from rdflib import Graph

# file suffix -> rdflib format name
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
           ".trig": "trig", ".nq": "nquads", ".rdf": "xml", ".xml": "xml"}
EXPORT_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
# rdflib format name -> Oxigraph's, for the formats Oxigraph reads
OXIGRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                    "xml": ox.RdfFormat.RDF_XML}


def load_graph(path: Path) -> Graph:
    """A graph file as an rdflib Graph (of every graph in it, for TriG and N-Quads). Oxigraph
    parses the formats it reads, and its terms go into rdflib's store as they are: a million
    triples in 23-27 s, where rdflib's own Turtle parser takes 55."""
    fmt = file_format(path)
    if fmt in OXIGRAPH_FORMATS:
        return _oxigraph_read(path, fmt, rdflib_graph)
    graph = new_graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many kinds of parse errors
        first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise GraphError(f"{path}: not a valid {fmt} graph: {first_line}") from e
    return graph


def read_triples(path: Path) -> Triples:
    """The triples of a graph file (of every graph in it, for TriG and N-Quads), read by
    Oxigraph's parser where it reads the format: a million triples in seconds, where
    rdflib's parser and store take more than a minute and a gigabyte."""
    fmt = file_format(path)
    if fmt in OXIGRAPH_FORMATS:
        return _oxigraph_read(path, fmt, Triples.from_oxigraph)
    return Triples.from_rdflib(load_graph(path))  # JSON-LD


def file_format(path: Path) -> str:
    """The rdflib name of a graph file's format, checking that the file is there."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (build one with `kg build SRC -o {path}`)")
    fmt = FORMATS.get(path.suffix.lower())
    if not fmt:
        raise GraphError(f"{path}: unknown graph format; use one of {', '.join(FORMATS)}")
    return fmt


def _oxigraph_read(path: Path, fmt: str, collect):
    """`collect` applied to the triples Oxigraph parses from `path` (parse errors surface
    while `collect` reads them)."""
    with parse_errors(path, fmt):
        return collect(ox.parse(path=str(path), format=OXIGRAPH_FORMATS[fmt]))


@contextmanager
def parse_errors(path: Path, fmt: str) -> Iterator[None]:
    """Oxigraph's errors reading the graph file `path` as one GraphError line."""
    try:
        yield
    except (SyntaxError, ValueError, OSError) as e:
        raise GraphError(f"{path}: not a valid {fmt} graph: {str(e).splitlines()[0]}") from e


def write_output(path: Path, data: bytes) -> None:
    """`data` to the file `path`, atomically, or to standard output when `path` is `-`;
    a failed write is one GraphError line."""
    try:
        if str(path) != "-":
            write_atomic(path, data)
            return
        out, rest = sys.stdout.buffer, memoryview(data)
        while rest:  # a write cut short by a closed pipe or a full disk returns the bytes it wrote;
            rest = rest[out.write(rest):]  # the next one raises the error
        out.flush()
    except BrokenPipeError:
        raise  # a reader that stopped early (`| head`): click ends quietly
    except OSError as e:
        raise GraphError(f"{path}: cannot write ({e.strerror})") from e


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _oxigraph_serialize(graph: Graph | Triples, rdflib_format: str, processes: int = 1) -> tuple[bytes, int]:
    """Turtle and N-Triples through Oxigraph, and the number of triples: rdflib's Turtle
    writer slows down more than linearly on graphs with many IRI paths (minutes for a few
    hundred thousand triples). Triples are sorted, so the same graph is always the same file."""
    triples = graph if isinstance(graph, Triples) else Triples.from_rdflib(graph)
    lines = triples.lines()
    return serialize_lines(lines, rdflib_format, NAMESPACES, processes), len(lines)


def save_graph(graph: Graph | Triples, path: Path, fmt: str = "turtle", processes: int = 1) -> int:
    """`graph` written to `path` as `fmt`, atomically: on any failure the file is untouched.
    Turtle of a large graph is written by up to `processes` processes. Returns the number
    of triples written."""
    rdflib_format = EXPORT_FORMATS.get(fmt, fmt)
    if rdflib_format in ("turtle", "nt", "trig"):
        # TriG of one graph is its Turtle: triples outside a graph block are the default
        # graph's (rdflib's TriG writer took minutes on a million triples)
        try:
            data, count = _oxigraph_serialize(graph, "nt" if rdflib_format == "nt" else "turtle",
                                              processes)
        except Exception as e:  # any failure: report it, write nothing
            raise GraphError(f"cannot serialise the graph as {fmt}: {e}") from e
        write_output(path, data)
        return count
    if isinstance(graph, Triples):  # other formats are written by rdflib
        graph = graph.to_rdflib()
    options = {}
    if rdflib_format == "json-ld":  # compact, with our prefixes as its @context
        options = {"context": dict(NAMESPACES), "auto_compact": True}
    try:
        data = graph.serialize(format=rdflib_format, encoding="utf-8", **options)
    except Exception as e:
        raise GraphError(f"cannot serialise the graph as {fmt}: {e}") from e
    if rdflib_format == "json-ld":
        data = _sorted_json_ld(data)
    write_output(path, data)
    return len(graph)


def _sorted_json_ld(data: bytes) -> bytes:
    """JSON-LD with its nodes, their keys and their values in one order: rdflib writes them
    in the order of Python's string hashes, which differ between runs, so the same graph
    would be a different file each time. Arrays in JSON-LD are sets, apart from @list."""
    import json

    def tidy(value, in_list: bool = False):
        if isinstance(value, dict):
            return {key: item if key == "@context" else tidy(item, key == "@list")
                    for key, item in value.items()}
        if isinstance(value, list):
            items = [tidy(item) for item in value]
            return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
        return value

    document = tidy(json.loads(data))
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"
