"""The whole job on a corpus: files -> Documents -> their triples -> one graph."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KgError
from kg.extract import extract
from kg.graph import add_document, merge_citations
from kg.ingest import parse_page, read_document
from kg.model import Document
from kg.triples import Triples

SUFFIXES = (".txt",)


def collect_files(sources: Iterable[Path]) -> list[Path]:
    """Article files named directly, and every .txt file under a folder, in a stable order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{source}: no {' or '.join(SUFFIXES)} files in this folder")
            files += found
        elif source.is_file():
            files.append(source)
        else:
            raise InputError(f"{source}: no such file or folder")
    return _distinct(list(dict.fromkeys(files)))


def _distinct(files: list[Path]) -> list[Path]:
    """The same article given twice (two names, one content) is one document: the first."""
    import hashlib

    seen: dict[str, Path] = {}
    for path in files:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = str(path)  # unreadable: reading it later says why
        seen.setdefault(digest, path)
    first = set(seen.values())
    return [p for p in files if p in first]


def read_article(path: Path) -> Document:
    """One article, read: a pure function of the file."""
    return extract(read_document(path))


def read_text(doc_id: str, text: str) -> Document:
    """An article given as a string (a page, or just its paragraphs)."""
    return extract(parse_page(doc_id, text))


@dataclass
class BuildResult:
    graph: Triples
    documents: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Read:
    """One article read and turned into its triples: what a worker sends back. Strings
    are cheap to send, and merging them in article order gives the same graph as
    writing every article into one set (see `Triples.update`)."""

    doc_id: str
    triples: Triples


def read_triples(path: Path) -> Read | str:
    """For a worker process: the article's triples, or why it could not be read."""
    try:
        doc = read_article(path)
    except KgError as e:
        return str(e)
    triples = Triples()
    add_document(triples, doc)
    return Read(doc.id, triples)


def _warm_up() -> None:
    """Load the rules and the gazetteer (0.24 s): in this process before it forks the
    workers, which inherit them, or as each worker's first step where there is no fork."""
    from kg.extract.lexicon import lexicon
    from kg.gazetteer import gazetteer

    lexicon()
    gazetteer()


def read_all(files: list[Path], workers: int = 1,
             scheduler: str | None = None) -> Iterator[tuple[Path, Read | str]]:
    """Every article read and turned into its triples (or why it could not be), in the
    order given; with `workers` > 1 in a process pool, or on a Dask cluster when
    `scheduler` is its address (the optional extra `kg[dask]`).

    Reading one article is a pure function of the file, so the order of the results,
    and so the graph, is the same however many processes read them.
    """
    if scheduler:
        yield from _read_on_dask(files, scheduler)
        return
    if workers <= 1 or len(files) < 2:
        for path in files:
            yield path, read_triples(path)
        return
    with _pool(workers) as pool:
        # The parent wakes once per chunk, and those wake-ups compete with the workers
        # for the cores: at 10,000 articles chunks of 8 cost the parent 5.5-6.6 s of
        # CPU, chunks of 32 4.7-5.0 s. At the end one worker waits for the other's last
        # chunk, so a small corpus keeps small chunks (32 there left a core idle 0.2 s).
        chunk = max(1, min(32, len(files) // (workers * 64)))
        # frozen, this process's objects stay out of the forked workers' garbage
        # collection, which would otherwise touch and so copy their pages
        gc.freeze()
        try:
            results = pool.map(read_triples, files, chunksize=chunk)  # forks the workers
        finally:
            gc.unfreeze()
        yield from zip(files, results)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process once it has loaded the rules and the gazetteer
    inherit them: loaded once, not once in each worker at the same time (two loads at
    once took 0.51 s, one 0.41 s). Where there is no fork, each worker loads its own."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers, initializer=_warm_up)
    _warm_up()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _read_on_dask(files: list[Path], scheduler: str) -> Iterator[tuple[Path, Read | str]]:
    try:
        from dask.distributed import Client
    except ImportError as e:
        raise InputError("--scheduler needs Dask: pip install 'kg[dask]'") from e
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as e:
        raise InputError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({e})") from e
    with client:
        # the workers read the files: they share the file system with this machine
        futures = client.map(read_triples, files, pure=False)
        yield from zip(files, client.gather(futures))


def build(files: list[Path], progress: Callable[[Path], None] | None = None,
          workers: int = 1, scheduler: str | None = None) -> BuildResult:
    result = BuildResult(Triples())
    for path, read in read_all(files, workers, scheduler):
        if isinstance(read, str):
            result.skipped.append((path, read))
        else:
            result.graph.update(read.triples)
            result.documents += 1
        if progress:
            progress(path)
    merge_citations(result.graph)
    return result
