"""`make bench`: ratios measured side by side in one run, to build/bench.md and the terminal.

    BENCH_ARTICLES=1000 python tests/bench/run.py     # the small corpus; the large one is ten times it

Sizes can be scaled down for a quick look; the report says which were used.
"""

from __future__ import annotations

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
    "position-history": "position", "directives-by-organization": "organization", "place-figures": "place",
    "district-posts-branches": "district", "seconded-officers": "person",
}


def timed_build(sources: list[Path], output: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `kg build` in its own process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*KG, "build", *map(str, sources), "-o", str(output), "--workers", str(workers)],
                   check=True, capture_output=True)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return time.perf_counter() - start, peak


def tokenize_alone(files: list[Path]) -> float:
    code = ("import sys, time\nfrom underthesea import word_tokenize\n"
            "texts=[open(p, encoding='utf-8').read() for p in sys.argv[1:]]\nword_tokenize('khởi động')\n"
            "t=time.perf_counter()\nfor t_ in texts: word_tokenize(t_)\nprint(time.perf_counter()-t)")
    run = subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, capture_output=True,
                         text=True)
    return float(run.stdout.strip())


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def query_times(engine, query, bindings, reps: int) -> tuple[float, float, int]:
    times, count = [], 0
    for _ in range(reps):
        start = time.perf_counter()
        count = len(engine.select(query, bindings)[1])
        times.append(time.perf_counter() - start)
    p50, p95 = percentiles(times)
    return p50, p95, count


def main() -> None:
    small = int(os.environ.get("BENCH_ARTICLES", "1000"))
    reps = int(os.environ.get("BENCH_REPS", "20"))
    lines = [f"# kg benchmark\n\nsmall corpus {small} articles, large {10 * small}; "
             f"{os.cpu_count()} cores; query repetitions {reps} (rdflib: 1)\n"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files_small = write_corpus(tmp / "small", small)
        files_large = write_corpus(tmp / "large", 10 * small, seed=8)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files_small)

        t1, _ = timed_build([tmp / "small"], tmp / "small.ttl", 1)
        t2, _ = timed_build([tmp / "small"], tmp / "small2.ttl", 2)
        tokenize = tokenize_alone(files_small)
        t_large, peak = timed_build([tmp / "large"], tmp / "large.ttl", 1)
        lines += [
            "## Build\n",
            "| measure | value | target |", "|---|---|---|",
            f"| build throughput, 1 worker | {chars / t1 / 1000:.1f} kchars/s | |",
            f"| word_tokenize alone | {chars / tokenize / 1000:.1f} kchars/s | |",
            f"| build / word_tokenize (throughput ratio) | {tokenize / t1:.2f} | ≥ 1.0 |",
            f"| time {10 * small} / time {small} articles | {t_large / t1:.2f} | ≤ 11 |",
            f"| 2 workers / 1 worker (speed-up) | {t1 / t2:.2f} | ≥ 1.7 |",
            f"| peak memory, {10 * small} articles | {peak:.0f} MB | ≤ 4096 MB |",
            "",
        ]

        start = time.perf_counter()
        oxigraph = OxigraphEngine.from_file(tmp / "large.ttl")
        ox_load = time.perf_counter() - start
        start = time.perf_counter()
        rdflib_engine = RdflibEngine.from_file(tmp / "large.ttl")
        rd_load = time.perf_counter() - start
        triples = len(rdflib_engine.graph)
        print("\n".join(lines), flush=True)  # the build figures, before the long query part
        lines += ["## Queries\n", f"graph of {triples} triples; load from Turtle: Oxigraph {ox_load:.1f} s, "
                  f"rdflib {rd_load:.1f} s\n",
                  "| query | rows | Oxigraph p50 / p95 | µs per row | rdflib p50 | ratio | "
                  "selecting one: Oxigraph p50 |", "|---|---|---|---|---|---|---|"]
        for name, query in saved_queries().items():
            ox50, ox95, count = query_times(oxigraph, query, None, reps)
            rd50, _, _ = query_times(rdflib_engine, query, None, 1)  # one run: it is slow
            columns, table = oxigraph.select(query)
            param = SELECTING.get(name, "")
            value = table[0][columns.index(param)] if table and param in columns else None
            one = query_times(oxigraph, query, parse_params((f"{param}={value}",), query), reps)[0] \
                if value else float("nan")
            per_row = ox50 / count * 1e6 if count else float("nan")
            lines.append(f"| {name} | {count} | {ox50 * 1000:.1f} / {ox95 * 1000:.1f} ms | {per_row:.1f} | "
                         f"{rd50 * 1000:.0f} ms | {rd50 / ox50:.0f}× | {one * 1000:.1f} ms |")
    report = "\n".join(lines) + "\n"
    out = ROOT / "build" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
