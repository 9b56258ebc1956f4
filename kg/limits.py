"""A time limit on queries: `kg serve --timeout`.

Oxigraph cannot stop a query once it runs, so queries run in worker processes,
each holding the graph; a query past the limit has its worker killed and
replaced, and its client is told so. Results come back serialised (SPARQL
JSON, N-Triples) and are parsed again, so callers get pyoxigraph's own result
objects. Cheap pattern lookups (`quads_for_pattern`) stay in the server process.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable

import pyoxigraph as ox

_JSON = ox.QueryResultsFormat.JSON


class QueryTimeout(TimeoutError):
    pass


class GraphResult:
    """What CONSTRUCT and DESCRIBE give: triples, to be serialised."""

    def __init__(self, ntriples: bytes) -> None:
        self.ntriples = ntriples

    def __iter__(self):
        return (quad.triple for quad in ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES))

    def serialize(self, format: ox.RdfFormat) -> bytes:  # noqa: A002 (pyoxigraph's name)
        return ox.serialize(iter(self), format=format)


def _work(conn, open_store: Callable[[], ox.Store]) -> None:
    """A worker: answer requests from the server until told to stop."""
    store = open_store()
    while True:
        request = conn.recv()
        if request is None:
            return
        kind, text, options = request
        try:
            if kind == "update":
                store.update(text)
                conn.send(("done", b""))
                continue
            result = store.query(text, **options)
            if isinstance(result, ox.QueryTriples):
                conn.send(("graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)))
            else:
                conn.send(("results", result.serialize(format=_JSON)))
        except SyntaxError as e:
            conn.send(("syntax", str(e)))
        except (OSError, RuntimeError, ValueError, TypeError) as e:
            conn.send(("error", str(e)))


class _Worker:
    def __init__(self, context, open_store: Callable[[], ox.Store]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, open_store), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """`workers` processes answering queries, each given at most `seconds`.

    `open_store` makes a worker's store: for a graph in memory it is the server's own,
    copied by fork (workers start before the server's threads); for a store on disk
    it opens it read-only.
    """

    def __init__(self, open_store: Callable[[], ox.Store], workers: int, seconds: float) -> None:
        self.seconds = seconds
        self._open_store = open_store
        self._context = multiprocessing.get_context("fork")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()  # one fork at a time, and none during an update
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self._open_store)
        self._all.append(worker)
        self._idle.put(worker)

    def query(self, text: str, **options):
        status, payload = self._ask(("query", text, options))
        if status == "graph":
            return GraphResult(payload)
        return ox.parse_query_results(payload, format=_JSON)

    def update(self, text: str) -> None:
        """The same update applied by every worker, so that they hold what the server holds."""
        with self._lock:
            workers = [self._idle.get() for _ in self._all]
            try:
                for worker in workers:
                    worker.conn.send(("update", text, {}))
                for worker in workers:
                    worker.conn.recv()
            finally:
                for worker in workers:
                    self._idle.put(worker)

    def _ask(self, request: tuple):
        try:
            worker = self._idle.get(timeout=self.seconds)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.seconds:g} s; try again") from None
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.seconds):
                with self._lock:
                    self._all.remove(worker)
                    worker.stop()
                    self._add()  # the replacement takes the killed worker's place
                worker = None
                raise QueryTimeout(f"the query took longer than {self.seconds:g} s (the server's --timeout)")
            status, payload = worker.conn.recv()
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "syntax":
            raise SyntaxError(payload)
        if status == "error":
            raise RuntimeError(payload)
        return status, payload

    def close(self) -> None:
        for worker in self._all:
            worker.stop()
        self._all.clear()


def read_only_store(directory: str) -> ox.Store:
    return ox.Store.read_only(directory)


class LimitedStore:
    """A store whose queries go through a `QueryPool`; everything else is the store's own."""

    def __init__(self, store: ox.Store, pool: QueryPool) -> None:
        self._store = store
        self.pool = pool

    def query(self, text: str, **options):
        return self.pool.query(text, **options)

    def update(self, text: str, **options) -> None:
        self._store.update(text, **options)
        self.pool.update(text)

    def __getattr__(self, name: str):
        return getattr(self._store, name)
