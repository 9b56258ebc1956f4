"""`make bench`: ratios measured side by side in one run, to build/bench.md and the terminal.

    BENCH_ARTICLES=1000 python tests/bench/run.py     # the small corpus; the large one is ten times it
    BENCH_BUILD_REPS=3                                # rounds of the build measures (medians)

The queries are timed on a graph of at least BENCH_QUERY_TRIPLES triples (1,000,000, the
issue's size: the first articles of the large corpus, as many as it takes), against rdflib's
engine, and then on the whole large graph with Oxigraph alone, to show how each grows.
Sizes can be scaled down for a quick look; the report says which were used. rdflib's
engine gets BENCH_RDFLIB_SECONDS per query (240 by default; in a child process that
is stopped after that), and if it takes longer the ratio is reported as a lower bound.
At 2.5 million triples the slowest, place-figures, took 176 s: a 60 s cap left three
ratios as bounds (more than 10x) that were in fact 30x and more.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from kg.engine import OxigraphEngine, RdflibEngine  # noqa: E402
from kg.query import parse_params, saved_queries  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]
SELECTING = {  # a parameter that selects one entity, per saved query
    "border-posts-staff-branches": "post", "border-posts": "post", "officials": "person",
    "directives": "code", "places": "place", "statistics": "subject", "documents": "document",
    "position-history": "organization", "directives-by-organization": "organization", "place-figures": "place",
    "district-posts-branches": "district", "seconded-officers": "person",
}


def timed_build(sources: list[Path], output: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `kg build` in its own process."""
    start = time.perf_counter()
    subprocess.run([*KG, "build", *map(str, sources), "-o", str(output), "--workers", str(workers)],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def tokenize_alone(files: list[Path]) -> float:
    """Seconds underthesea's word_tokenize takes over every file, models loaded first."""
    code = ("import sys, time\nfrom underthesea import word_tokenize\n"
            "texts=[open(p, encoding='utf-8').read() for p in sys.argv[1:]]\nword_tokenize('khởi động')\n"
            "t=time.perf_counter()\nfor t_ in texts: word_tokenize(t_)\nprint(time.perf_counter()-t)")
    run = subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, capture_output=True,
                         text=True)
    return float(run.stdout.strip())


def _busy(steps: int) -> int:
    """Plain Python work (integer arithmetic and a dict), nothing shared between processes."""
    total, seen = 0, {}
    for i in range(steps):
        total += i * i % 7
        seen[i % 4096] = total
    return total


def machine_speedup(steps: int = 1_500_000, rounds: int = 4) -> float:
    """This machine's own speed-up from a second process, on work that shares nothing: the
    ceiling for `--workers 2`. Measured beside the builds, because it drifts with them, and
    in short turns of one and two processes, summed, so a drift within the turns cancels."""
    fork = multiprocessing.get_context("fork")
    one = two = 0.0
    with fork.Pool(2) as pool:
        pool.map(_busy, [1000, 1000])  # both processes started before timing
        for _ in range(rounds):
            start = time.perf_counter()
            pool.apply(_busy, (steps,))
            pool.apply(_busy, (steps,))
            one += time.perf_counter() - start
            start = time.perf_counter()
            pool.map(_busy, [steps, steps], chunksize=1)
            two += time.perf_counter() - start
    return one / two


def pace(steps: int = 1_500_000, runs: int = 5) -> float:
    """Milliseconds for a fixed piece of plain Python work (`_busy`) in this process, the
    median of `runs`: how fast the machine ran in this hour. The absolute times of two
    runs of the bench can only be set side by side with it: on this machine the same
    1,000-article build took 7.0 s in one full run and 11.1 s in another, and the
    listings up to 1.7 times as long."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _busy(steps)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def query_times(engine, query, bindings, reps: int, budget: float = 30.0) -> tuple[float, float, int]:
    """p50 and p95 seconds over `reps` runs (fewer, but at least 3, once `budget` seconds are
    spent), and the number of rows."""
    times, count = [], 0
    while len(times) < reps and (len(times) < 3 or sum(times) < budget):
        start = time.perf_counter()
        count = len(engine.select(query, bindings)[1])
        times.append(time.perf_counter() - start)
    p50, p95 = percentiles(times)
    return p50, p95, count


def rdflib_time(engine: RdflibEngine, query, seconds: float) -> float | None:
    """One run of rdflib's engine, in a forked child (the graph is shared, not copied);
    None if it takes longer than `seconds`."""
    context = multiprocessing.get_context("fork")
    done = context.Queue()

    def run() -> None:
        start = time.perf_counter()
        engine.select(query)
        done.put(time.perf_counter() - start)

    child = context.Process(target=run, daemon=True)
    child.start()
    try:
        return done.get(timeout=seconds)
    except Exception:  # queue.Empty: the time is up
        return None
    finally:
        child.kill()
        child.join()


def build_section(small: int, tmp: Path, reps: int) -> tuple[list[str], Path, list[Path]]:
    files_small = write_corpus(tmp / "small", small)
    files_large = write_corpus(tmp / "large", 10 * small, seed=8)
    chars_small = sum(len(p.read_text(encoding="utf-8")) for p in files_small)
    chars_large = sum(len(p.read_text(encoding="utf-8")) for p in files_large)

    median = statistics.median
    paced = pace()
    # This machine's speed drifts by ±20% from minute to minute, so every measure is taken
    # `reps` times, the three of a round one after the other, and the ratios are paired
    # within a round: medians of those, with their range.
    runs = {}
    peak = 0.0
    for size, files, folder in (("small", files_small, tmp / "small"), ("large", files_large, tmp / "large")):
        one, two, tokenize, ceiling = [], [], [], []
        for _ in range(reps):
            seconds, memory = timed_build([folder], tmp / f"{size}.ttl", 1)
            one.append(seconds)
            if size == "large" and not peak:
                peak = memory  # the children's peak so far: the small builds and this one
            two.append(timed_build([folder], tmp / f"{size}2.ttl", 2)[0])
            ceiling.append(machine_speedup())
            tokenize.append(tokenize_alone(files))
        runs[size] = one, two, tokenize, ceiling
    same = (tmp / "large.ttl").read_bytes() == (tmp / "large2.ttl").read_bytes()

    def spread(ratios: list[float]) -> str:
        ratios = sorted(ratios)
        extent = f" ({ratios[0]:.2f}–{ratios[-1]:.2f})" if len(ratios) > 1 else ""
        return f"{median(ratios):.2f}{extent}"

    def paired(a: list[float], b: list[float]) -> str:
        return spread([x / y for x, y in zip(a, b)])

    (s1, s2, st, sc), (l1, l2, lt, lc) = runs["small"], runs["large"]
    lines = [
        "## Build\n",
        f"Medians of {reps} rounds; a ratio is the median of the rounds' ratios, with their range. "
        f"The machine's pace before the builds: {paced:.0f} ms for the fixed plain-Python work "
        "(lower is faster; see `pace`).\n",
        f"| measure | {small} articles | {10 * small} articles | target |", "|---|---|---|---|",
        f"| characters | {chars_small:,} | {chars_large:,} | |",
        f"| `kg build --workers 1` | {median(s1):.1f} s ({chars_small / median(s1) / 1000:.0f} kchars/s) | "
        f"{median(l1):.1f} s ({chars_large / median(l1) / 1000:.0f} kchars/s) | |",
        f"| `word_tokenize` alone | {median(st):.1f} s ({chars_small / median(st) / 1000:.0f} kchars/s) "
        f"| {median(lt):.1f} s ({chars_large / median(lt) / 1000:.0f} kchars/s) | |",
        f"| build throughput / word_tokenize's | {paired(st, s1)} | {paired(lt, l1)} | ≥ 1.0 |",
        f"| `--workers 2` | {median(s2):.1f} s | {median(l2):.1f} s | |",
        f"| 2 workers / 1 worker (speed-up) | {paired(s1, s2)} | {paired(l1, l2)} | ≥ 1.7 |",
        f"| the machine's own speed-up from a 2nd process, plain Python work, same rounds "
        f"| {spread(sc)} | {spread(lc)} | |",
        f"| time {10 * small} / time {small} articles | | {median(l1) / median(s1):.2f} | ≤ 11 |",
        f"| peak memory, `--workers 1` | | {peak:.0f} MB | ≤ 4096 MB |",
        f"| 2 workers' graph identical to 1 worker's | | {'yes' if same else 'NO'} | yes |",
        "",
    ]
    return lines, tmp / "large.ttl", files_large


BESIDE = 3  # Oxigraph's runs just before and just after each rdflib run


def rdflib_against_oxigraph(rdflib_engine: RdflibEngine, oxigraph: OxigraphEngine, query,
                            seconds: float) -> tuple[float | None, float]:
    """rdflib's engine's time on `query` (None past `seconds`) and Oxigraph's p50 over BESIDE
    runs just before and BESIDE just after it: the two sides of the ratio, timed side by side
    so that the machine's pace, which drifts over the minutes of a bench, weighs on both."""
    def oxigraph_runs() -> list[float]:
        oxigraph.select(query)  # untimed: the first run after a fork pays its page faults
        times = []
        for _ in range(BESIDE):
            start = time.perf_counter()
            oxigraph.select(query)
            times.append(time.perf_counter() - start)
        return times

    before = oxigraph_runs()
    rd = rdflib_time(rdflib_engine, query, seconds)
    return rd, statistics.median(before + oxigraph_runs())


def triples_in(graph: Path) -> int:
    return len(OxigraphEngine.from_file(graph).store)


def query_graph(files: list[Path], large: Path, tmp: Path, wanted: int) -> tuple[Path, int]:
    """A graph of at least `wanted` triples from the first articles of `files` (the large
    corpus, whose graph is `large`), and how many articles it took: sized from the large
    graph's triples per article, grown by a tenth until it is big enough. The large graph
    itself when it is not bigger."""
    total = triples_in(large)
    count = min(len(files), -(-wanted * len(files) // total) if total else len(files))
    while count < len(files):
        folder = tmp / f"query-{count}"
        folder.mkdir()
        for path in files[:count]:
            (folder / path.name).write_bytes(path.read_bytes())
        graph = tmp / f"query-{count}.ttl"
        subprocess.run([*KG, "build", str(folder), "-o", str(graph), "--workers", "2"],
                       check=True, capture_output=True)
        if triples_in(graph) >= wanted:
            return graph, count
        count = min(len(files), count + max(1, count // 10))
    return large, len(files)


def solutions(engine: OxigraphEngine, query) -> int:
    """How many solutions the query's WHERE clause finds, before GROUP BY gathers them into
    rows: the work a listing does, where a row of border-posts gathers every article that
    names the post."""
    text = query.shown_only().text
    head, _, rest = text.partition("WHERE {")
    prefixes = "".join(line + "\n" for line in head.splitlines() if line.startswith("PREFIX"))
    counting = f"{prefixes}SELECT (COUNT(*) AS ?n) WHERE {{{rest[:rest.rindex('}')]}}}"
    return int(next(iter(engine.store.query(counting, use_default_graph_as_union=True)))[0].value)


def query_section(title: str, graph: Path, articles: int, reps: int, rdflib_seconds: float | None) -> list[str]:
    """The saved queries on `graph`: Oxigraph's p50 and p95, listing and selecting one, and
    (unless `rdflib_seconds` is None) rdflib's engine on the listing.

    Oxigraph's own figures are timed first, in a process without rdflib's graph: tens of
    millions of Python objects there made a full garbage collection land in some Oxigraph
    run (12 to 18 s instead of 1.5 at p95) and every run a quarter slower, which `kg query`
    never has. The ratio to rdflib takes Oxigraph's runs made right beside rdflib's, with
    rdflib's objects frozen out of the collector, so that the same minutes weigh on both."""
    gc.collect()  # what an earlier section left
    paced = pace()
    start = time.perf_counter()
    oxigraph = OxigraphEngine.from_file(graph)
    loads = f"load from Turtle: Oxigraph {time.perf_counter() - start:.1f} s"
    triples = len(oxigraph.store)
    measured = {}
    for name, query in saved_queries().items():
        ox50, ox95, count = query_times(oxigraph, query, None, reps)
        columns, table = oxigraph.select(query)
        param = SELECTING.get(name, "")
        value = table[len(table) // 2][columns.index(param)] if table and param in columns else None
        if value:
            one50, one95, one_rows = query_times(oxigraph, query, parse_params((f"{param}={value}",), query), reps)
            one = f"{one_rows}, {one50 * 1000:.1f} / {one95 * 1000:.1f} ms"
        else:
            one = "no rows to select from"
        measured[name] = ox50, ox95, count, one, solutions(oxigraph, query)
        print(f"{name}: {count} rows, {ox50 * 1000:.1f} ms", flush=True)
    against = {}
    if rdflib_seconds is not None:
        start = time.perf_counter()
        rdflib_engine = RdflibEngine.from_file(graph)
        loads += f", rdflib {time.perf_counter() - start:.1f} s"
        gc.collect()
        gc.freeze()  # rdflib's objects out of the collector's walk, for the Oxigraph runs beside it
        try:
            for name, query in saved_queries().items():
                rd, ox50 = rdflib_against_oxigraph(rdflib_engine, oxigraph, query, rdflib_seconds)
                rd_text, ratio = (f"{rd:.1f} s", f"{rd / ox50:.0f}×") if rd is not None else \
                    (f"> {rdflib_seconds:g} s", f"> {rdflib_seconds / ox50:.0f}×")
                against[name] = f" {rd_text} | {ox50 * 1000:.1f} ms | {ratio} |"
                print(f"{name}: rdflib {rd_text}", flush=True)
        finally:
            gc.unfreeze()
        del rdflib_engine
        gc.collect()
    del oxigraph
    lines = [f"## {title}\n",
             f"graph of {triples:,} triples from {articles:,} articles; {loads}; the machine's pace "
             f"before the queries: {paced:.0f} ms. "
             f"Oxigraph: p50 / p95 over up to {reps} runs"
             + (f", timed before rdflib's graph is loaded; rdflib: one run, stopped after {rdflib_seconds:g} s"
               f", beside Oxigraph's p50 over {BESIDE} runs just before it and {BESIDE} just after"
               " (the ratio's other side)"
                if against else "")
             + ". Solutions: what the WHERE clause finds before GROUP BY gathers it into rows"
             + ". Targets (at 1,000,000 triples): a listing ≤ 30 µs per row, selecting one ≤ 50 ms"
             + (", Oxigraph ≥ 20× rdflib.\n" if against else ".\n")]
    if against:
        lines += ["| query | rows | Oxigraph p50 / p95 | µs per row | solutions (µs each) | rdflib | "
                  "Oxigraph beside it | Oxigraph / rdflib | selecting one: rows, p50 / p95 |",
                  "|---|---|---|---|---|---|---|---|---|"]
    else:
        lines += ["| query | rows | Oxigraph p50 / p95 | µs per row | solutions (µs each) | "
                  "selecting one: rows, p50 / p95 |", "|---|---|---|---|---|---|"]
    for name, (ox50, ox95, count, one, found) in measured.items():
        per_row = f"{ox50 / count * 1e6:.1f}" if count else "–"
        each = f"{found} ({ox50 / found * 1e6:.1f})" if found else "0"
        lines.append(f"| {name} | {count} | {ox50 * 1000:.1f} / {ox95 * 1000:.1f} ms | {per_row} | {each} |"
                     f"{against.get(name, '')} {one} |")
    return lines


def commands_section(graph: Path, tmp: Path) -> list[str]:
    """The commands that read a graph for something else than a saved query's answers, run as
    a user runs them on `graph`, each beside `kg query` selecting one post (reading the file
    into Oxigraph and one query: the least any command on the file does)."""
    engine = OxigraphEngine.from_file(graph)
    columns, table = engine.select(saved_queries()["border-posts"])
    post = table[len(table) // 2][columns.index("post")] if table else None
    del engine
    if post is None:
        return []
    commands = {
        "`kg query border-posts --param post=…` (the yardstick)":
            ["query", "border-posts", "-g", str(graph), "--param", f"post={post}"],
        "`kg export --format nt`": ["export", "-g", str(graph), "--format", "nt", "-o", str(tmp / "g.nt")],
        "`kg explain border-posts --param post=…`":
            ["explain", "border-posts", "-g", str(graph), "--param", f"post={post}"],
        "`kg explain --entity …` (the post)": ["explain", "-g", str(graph), "--entity", post],
        "`kg viz --focus … --depth 2` (the post)":
            ["viz", "-g", str(graph), "--focus", post, "--depth", "2", "-o", str(tmp / "focus.png")],
        "`kg viz` (the default view) to GraphML, for Gephi":
            ["viz", "-g", str(graph), "-o", str(tmp / "all.graphml")],
    }
    times = {}
    for name, args in commands.items():
        start = time.perf_counter()
        subprocess.run([*KG, *args], check=True, capture_output=True)
        times[name] = time.perf_counter() - start
    yardstick = next(iter(times.values()))
    lines = ["## Other commands on the query graph\n",
             f"each run once as a user runs it, on the graph of the queries above; the post: {post}.\n",
             "| command | seconds | / `kg query` of one post |", "|---|---|---|"]
    lines += [f"| {name} | {seconds:.1f} | {seconds / yardstick:.1f}× |" for name, seconds in times.items()]
    return lines


def main() -> None:
    small = int(os.environ.get("BENCH_ARTICLES", "1000"))
    reps = int(os.environ.get("BENCH_REPS", "20"))
    build_reps = int(os.environ.get("BENCH_BUILD_REPS", "3"))
    rdflib_seconds = float(os.environ.get("BENCH_RDFLIB_SECONDS", "240"))
    lines = [f"# kg benchmark\n\nsmall corpus {small} articles, large {10 * small}; {os.cpu_count()} cores; "
             f"synthetic articles from tests/bench/corpus.py\n"]
    wanted = int(os.environ.get("BENCH_QUERY_TRIPLES", "1000000"))
    with tempfile.TemporaryDirectory() as tmp:
        build_lines, large, files = build_section(small, Path(tmp), build_reps)
        lines += build_lines
        print("\n".join(lines), flush=True)  # the build figures, before the long query part
        graph, articles = query_graph(files, large, Path(tmp), wanted)
        lines += query_section("Queries", graph, articles, reps, rdflib_seconds)
        lines += ["", *commands_section(graph, Path(tmp))]
        if graph != large:
            lines += ["", *query_section("Queries on the large graph, Oxigraph alone", large, len(files), reps, None)]
    report = "\n".join(lines) + "\n"
    out = ROOT / "build" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
