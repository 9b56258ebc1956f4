"""Turtle from N-Triples lines, written by several processes at once.

Oxigraph turns N-Triples into Turtle at about 0.4 million triples a second: 6.5 s for
the 2.5 million of 10,000 articles, the one serial step left in a parallel build. Its
writer is a stream that groups a subject's triples and declares every prefix once at
the top, so sorted lines cut between two subjects give Turtle files which, with the
later ones' @prefix lines dropped, join into the very file one process writes. Each
process sorts and writes its own run of subjects.
"""

from __future__ import annotations

import gc
import multiprocessing

import pyoxigraph as ox

# below this many lines a run is not worth a process (forking costs tens of ms)
MIN_RUN = 50_000


def write(lines: list[bytes], prefixes: dict[str, str] | None = None, processes: int = 1) -> bytes:
    """`lines` (N-Triples, in any order) as Turtle with the triples sorted."""
    cuts = _cuts(lines, min(processes, len(lines) // MIN_RUN))
    if not cuts or "fork" not in multiprocessing.get_all_start_methods():
        return _turtle(lines, prefixes)
    runs = list(zip([None, *cuts], [*cuts, None]))
    gc.freeze()  # a child's garbage collector must not touch (so copy) the parent's objects
    try:
        children = [_start(lines, run, prefixes) for run in runs[1:]]
    finally:
        gc.unfreeze()
    try:
        parts = [_turtle(_run(lines, *runs[0]), prefixes)]
        parts += [_without_prefixes(_receive(process, conn)) for process, conn in children]
    except BaseException:
        for process, _ in children:
            process.terminate()
        raise
    return b"".join(parts)


def _cuts(lines: list[bytes], n: int) -> list[bytes]:
    """Up to `n` - 1 cuts that share `lines` out into runs of about the same size, each
    holding every line of its subjects. A cut is a subject followed by its space: a line
    sorts before it exactly when the line's subject sorts before that subject."""
    if n <= 1:
        return []
    # 4,096 samples a run: the process with the longest run sets the time, and with 256
    # a run missed its share by 1-2% of the lines on average (3.3% in the bench's graph
    # of 1,000 articles), with 4,096 by 0.2-0.5%
    sample = sorted(lines[:: max(1, len(lines) // (4096 * n))])
    picked = (sample[i * len(sample) // n] for i in range(1, n))
    return sorted({line[: line.index(b" ") + 1] for line in picked})


def _run(lines: list[bytes], low: bytes | None, high: bytes | None) -> list[bytes]:
    """The lines from cut `low` up to cut `high` (None: from the start, to the end).
    Each process picks out its own run, so that pass is parallel too."""
    if low is None:
        return [line for line in lines if line < high]
    if high is None:
        return [line for line in lines if line >= low]
    return [line for line in lines if low <= line < high]


def own_ntriples(data: bytes) -> ox.QuadParser:
    """N-Triples this package wrote, parsed without checking each IRI again: its IRIs are
    percent-encoded when made (`kg.graph.iri`) or checked when read from an article
    (`kg.triples.checked_named`), and its literals escaped. The checks were half of the
    parse: 0.36 s with them, 0.17 s without, for the 278,000 triples of 1,000 articles.
    Files and answers from elsewhere are parsed with every check."""
    return ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)


def _turtle(lines: list[bytes], prefixes: dict[str, str] | None) -> bytes:
    data = b"".join(sorted(lines))
    return ox.serialize(own_ntriples(data), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _start(lines: list[bytes], run: tuple[bytes | None, bytes | None], prefixes: dict[str, str] | None):
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_child, args=(lines, run, prefixes, sending), daemon=True)
    process.start()
    sending.close()  # the child holds the only sending end: its death is an EOF here
    return process, receiving


def _child(lines: list[bytes], run: tuple[bytes | None, bytes | None], prefixes: dict[str, str] | None,
           conn) -> None:
    try:
        data = _turtle(_run(lines, *run), prefixes)
    except Exception as e:  # the parent reports it: a child prints no traceback
        conn.send(("error", str(e)))
        return
    conn.send(("turtle", None))
    conn.send_bytes(data)


def _receive(process, conn) -> bytes:
    with conn:
        try:
            kind, message = conn.recv()
            data = conn.recv_bytes() if kind == "turtle" else None
        except EOFError:
            kind, data = "stopped", None
    process.join()
    if kind == "error":
        raise ValueError(message)
    if data is None:
        raise OSError(f"a process writing Turtle stopped (exit code {process.exitcode})")
    return data


def _without_prefixes(data: bytes) -> bytes:
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]
