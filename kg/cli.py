"""The command line: parses options, calls the library, prints. Nothing else prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError

def GRAPH_OPTION(command):
    """-g FILE or --store oxigraph:DIR|sparql:URL: where the graph to read is."""
    command = click.option(
        "--store", "store", metavar="oxigraph:DIR|sparql:URL",
        help="Read a store written by `kg build --store` instead of a file.")(command)
    return click.option(
        "-g", "--graph", "graph_path", type=click.Path(path_type=Path),
        help="Graph file to read (Turtle, N-Triples, JSON-LD), as written by `kg build`.")(command)


def _source(graph_path: Path | None, store: str | None) -> None:
    if bool(graph_path) == bool(store):
        raise click.UsageError(
            "give the graph with -g FILE or --store oxigraph:DIR|sparql:URL (one of them)")


def _rdflib_graph(graph_path: Path | None, store: str | None):
    from kg.persist import to_rdflib
    from kg.store import load_graph

    _source(graph_path, store)
    return to_rdflib(_read_store(store)) if store else load_graph(graph_path)


def _store_graph(graph_path: Path | None, store: str | None):
    """The whole graph for kg.draw, read by Oxigraph: a file loads there in a seventh of the
    time rdflib takes (see kg.store_graph); a remote store's triples are copied in."""
    from kg.engine import OxigraphEngine
    from kg.store_graph import StoreGraph

    source = _query_source(graph_path, store)
    if not isinstance(source, OxigraphEngine):
        source = OxigraphEngine.from_graph(source.to_triples())
    return StoreGraph(source.store)


def _query_source(graph_path: Path | None, store: str | None, engine: str = "oxigraph"):
    """The graph where SPARQL is answered: a file read into `engine`, or the store."""
    from kg.engine import open_engine

    _source(graph_path, store)
    return _read_store(store) if store else open_engine(graph_path, engine)


def _read_store(store: str):
    """A store to read: one on disk must be there already, and is opened read-only, so
    a build or a server writing it at the same time does not lock the reader out."""
    from kg.persist import open_store

    return open_store(store, read_only=True)


class _Group(click.Group):
    """Turns every KgError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"kg: error: {e}", err=True)
            ctx.exit(e.exit_code)


@click.group(cls=_Group)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of Vietnamese news on party building in border areas.

    Build a graph from articles, ask it the saved questions, export it, draw it.
    """


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True,
              help="Graph file to write: Turtle, or N-Triples (.nt) or JSON-LD (.jsonld) by its suffix; "
                   "- for Turtle on standard output.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Processes reading articles, and writing Turtle, at once [default: the number of cores].")
@click.option("--store", metavar="oxigraph:DIR|sparql:URL",
              help="Build into a persistent store instead: add new articles, skip unchanged ones, "
                   "replace changed ones.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Read the articles on a Dask cluster (tcp://HOST:PORT); needs kg[dask].")
def build(sources: tuple[Path, ...], output: Path, workers: int | None, store: str | None,
          scheduler: str | None) -> None:
    """Read articles (.txt files, or folders of them) and write their graph as Turtle."""
    import os

    from kg.pipeline import build as build_graph
    from kg.pipeline import collect_files
    from kg.store import save_graph

    files = collect_files(sources)
    # a process costs a second of start-up: worth it only for more articles than that
    workers = workers or (os.cpu_count() or 1 if len(files) >= 50 else 1)
    if store:
        _build_into_store(store, files, workers)
        return
    if sys.stderr.isatty() and len(files) > 1:
        with click.progressbar(length=len(files), label="Reading articles", file=sys.stderr) as bar:
            result = build_graph(files, progress=lambda _: bar.update(1), workers=workers,
                                 scheduler=scheduler)
    else:
        result = build_graph(files, workers=workers, scheduler=scheduler)
    for _, reason in result.skipped:  # each reason names its file
        click.echo(f"kg: skipped {reason}", err=True)
    if result.documents:
        fmt = {".nt": "nt", ".jsonld": "jsonld"}.get(output.suffix.lower(), "turtle")
        count = save_graph(result.graph, output, fmt, processes=workers)
        click.echo(f"{result.documents} article(s), {count} triples -> {output}", err=True)
    if result.skipped:
        raise KgError(f"{len(result.skipped)} of {len(files)} article(s) skipped")


def _build_into_store(store: str, files: list, workers: int) -> None:
    from kg.persist import build_into, open_store

    result = build_into(open_store(store), files, workers)
    for _, reason in result.skipped:
        click.echo(f"kg: skipped {reason}", err=True)
    click.echo(f"{result.added} added, {result.replaced} replaced, {result.unchanged} unchanged -> {store}",
               err=True)
    if result.skipped:
        raise KgError(f"{len(result.skipped)} of {len(files)} article(s) skipped")


@main.command()
@click.argument("name")
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table",
              show_default=True, help="How to print the answers.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query variable to a value (repeatable); bound as an RDF term.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Keep only answers read by a rule at least this sure (0 to 1).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="SPARQL engine.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Give up on a query that takes longer than this many seconds.")
def query(name: str, graph_path: Path | None, store: str | None, fmt: str, params: tuple[str, ...],
          min_confidence: float | None, engine: str, timeout: float | None) -> None:
    """Run a saved query by NAME (see `kg queries`) or a .rq file."""
    from kg.engine import select_with_timeout
    from kg.query import find_query, format_rows, parse_params, strong_only

    _source(graph_path, store)
    saved = find_query(name)
    bindings = parse_params(params, saved)

    def source():
        return _query_source(graph_path, store, engine)

    # the hidden `_confidence` column only for --min-confidence; no sentences, which are not shown
    lean = saved.shown_only() if min_confidence is None else saved.without("evidence")
    columns, table = select_with_timeout(source, lean, bindings, timeout)
    table = strong_only(columns, table, min_confidence)
    shown = [i for i, c in enumerate(columns) if not c.startswith("_")]
    click.echo(format_rows([columns[i] for i in shown], [[row[i] for i in shown] for row in table], fmt),
               nl=False)


@main.command()
@click.argument("name", required=False)
@GRAPH_OPTION
@click.option("--entity", "label", metavar="LABEL", help="Explain one entity instead of a query.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query variable, as for `kg query`.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Explain only answers read by a rule at least this sure.")
def explain(name: str | None, graph_path: Path | None, store: str | None, label: str | None,
            params: tuple[str, ...], min_confidence: float | None) -> None:
    """Print, for each answer of a saved query (or for one entity), the sentences it was read from."""
    from kg.explain import explain_entity, explain_rows
    from kg.query import find_query, parse_params

    if not name and not label:
        raise click.UsageError("give a saved query NAME or --entity LABEL")
    saved = find_query(name) if name else None
    bindings = parse_params(params, saved) if saved else {}
    source = _query_source(graph_path, store)
    explained = explain_entity(source, label) if label else \
        explain_rows(source, saved, bindings, min_confidence)
    for item in explained:
        click.echo(item.heading)
        for evidence in item.evidence:
            click.echo(f"    [{evidence.article} {evidence.start}-{evidence.end}] {evidence.text}")
        if not item.evidence:
            click.echo("    (no sentence recorded)")


@main.command(name="eval")
@GRAPH_OPTION
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of answer keys NAME.csv to score the saved queries against.")
@click.option("--draft", "draft_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write draft answer keys from the graph into this folder, for a person to correct.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write the report to this file.")
@click.option("-v", "--verbose", is_flag=True, help="List every missed and extra row with its cause.")
@click.option("--log", "log_file", type=click.Path(path_type=Path),
              help="Append the scores, with the commit, to this quality log (Markdown).")
def evaluate_command(graph_path: Path | None, store: str | None, gold_dir: Path | None,
                     draft_dir: Path | None, fmt: str, output: Path | None, verbose: bool,
                     log_file: Path | None) -> None:
    """Score the saved queries against answer keys (precision, recall, F1, causes of errors)."""
    from kg.engine import OxigraphEngine
    from kg.evaluate import draft, evaluate, format_table, to_json, to_markdown
    from kg.store import write_atomic

    if bool(gold_dir) == bool(draft_dir):
        raise click.UsageError("give --gold DIR to score, or --draft DIR to write draft keys")
    graph = _rdflib_graph(graph_path, store)
    engine = OxigraphEngine.from_graph(graph)
    if draft_dir:
        written = draft(graph, draft_dir, engine=engine)
        click.echo(f"{len(written)} draft answer key(s) -> {draft_dir}", err=True)
        return
    if not gold_dir.is_dir():
        raise KgError(f"{gold_dir}: no such folder of answer keys")
    report = evaluate(graph, gold_dir, engine=engine)
    text = {"table": lambda: format_table(report, verbose), "json": lambda: to_json(report),
            "markdown": lambda: to_markdown(report)}[fmt]()
    click.echo(text, nl=not text.endswith("\n"))
    if output:
        write_atomic(output, text.encode("utf-8"))
    if log_file:
        _append_log(log_file, report)


def _append_log(log_file: Path, report) -> None:
    import datetime
    import subprocess

    from kg.evaluate import LOG_HEADER, log_line
    from kg.store import write_atomic

    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    commit = git.stdout.strip() if git.returncode == 0 else "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    old = log_file.read_text(encoding="utf-8") if log_file.exists() else LOG_HEADER
    when = datetime.date.today().isoformat()
    write_atomic(log_file, (old + log_line(report, commit + ("+" if dirty else ""), when)).encode("utf-8"))


@main.command()
@GRAPH_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback unless you mean it).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Accept SPARQL updates at /update (off: read-only).")
@click.option("--allow-service", is_flag=True, help="Let queries call other endpoints with SERVICE.")
@click.option("--allow-load", is_flag=True, help="Let updates read URLs or files with LOAD.")
@click.option("--timeout", type=click.FloatRange(0), default=30, show_default=True,
              help="Stop a query after this many seconds (0: no limit).")
@click.option("--query-workers", type=click.IntRange(1), default=2, show_default=True,
              help="Processes answering queries at once (the time limit needs them).")
def serve(graph_path: Path | None, store: str | None, host: str, port: int, writable: bool,
          allow_service: bool, allow_load: bool, timeout: float, query_workers: int) -> None:
    """Answer SPARQL 1.1 Protocol queries over a graph at http://HOST:PORT/query (read-only)."""
    from kg.engine import OxigraphEngine
    from kg.limits import LimitedStore, QueryPool, read_only_store
    from kg.persist import LocalStore, open_store
    from kg.server import make_server

    _source(graph_path, store)
    if store and store.startswith("sparql:"):
        raise click.UsageError("kg serve serves a graph file or an Oxigraph store (oxigraph:DIR); "
                               "a SPARQL endpoint is served already")
    engine = open_store(store, read_only=not writable) if store else OxigraphEngine.from_file(graph_path)
    pool = None
    if timeout and isinstance(engine, LocalStore) and writable:
        click.echo("kg: note: --timeout is not enforced on a writable store on disk "
                   "(its queries cannot run in other processes)", err=True)
    elif timeout and isinstance(engine, OxigraphEngine):
        directory = store.partition(":")[2] if store else None
        memory = engine.store
        pool = QueryPool((lambda: read_only_store(directory)) if directory else (lambda: memory),
                         query_workers, timeout)
        engine.store = LimitedStore(engine.store, pool)
    server = make_server(engine, host, port, writable, allow_service, allow_load)
    address = f"http://{host}:{server.server_address[1]}"
    click.echo(f"Web page: {address}/  SPARQL endpoint: {address}/query  (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if pool:
            pool.close()


@main.command()
@click.argument("question")
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="How to print the answers.")
def ask(question: str, graph_path: Path | None, store: str | None, fmt: str) -> None:
    """Ask in plain words (Vietnamese, with or without diacritics, or English); the saved query
    that answers it is run, and named with the parameters it used."""
    from kg.ask import match, vocabulary
    from kg.query import find_query, format_rows, parse_params

    source = _query_source(graph_path, store)
    found = match(question, vocabulary(source))
    if not found.name:
        raise KgError(f"no saved query fits this question; the closest: {', '.join(found.alternatives)}")
    saved = find_query(found.name)
    bindings = parse_params(tuple(f"{k}={v}" for k, v in found.params.items()), saved)
    used = " ".join([f'--param "{k}={v}"' for k, v in found.params.items()]
                    + [f"(rows where {k} = {v})" for k, v in found.filters.items()])
    click.echo(f"query: {found.name} {used}".rstrip(), err=True)
    columns, table = source.select(saved, bindings)
    for column, value in found.filters.items():
        if column in columns:
            table = [row for row in table if row[columns.index(column)] == value]
    click.echo(format_rows(columns, table, fmt), nl=False)


@main.command()
def queries() -> None:
    """List the saved queries and the questions they answer."""
    from kg.query import saved_queries

    for saved in saved_queries().values():
        params = f"  [params: {', '.join(saved.params)}]" if saved.params else ""
        click.echo(f"{saved.name}{params}\n    {saved.question_en}\n    {saved.question_vi}")


@main.command()
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "trig"]), default="turtle",
              show_default=True, help="JSON-LD comes with a @context; TriG of a store has a named graph "
                                      "per article.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write; - for standard output.")
def export(graph_path: Path | None, store: str | None, fmt: str, output: Path) -> None:
    """Write the graph in another RDF format."""
    import os

    from kg.persist import LocalStore
    from kg.store import read_triples, save_graph, write_output

    if fmt == "trig" and store:
        source = _read_store(store)
        if isinstance(source, LocalStore):
            write_output(output, source.to_trig())
            click.echo(f"{len(source.store)} quads -> {output}", err=True)
            return
    if fmt in ("turtle", "nt", "trig"):  # through Oxigraph: no rdflib graph of an archive
        _source(graph_path, store)
        triples = _read_store(store).to_triples() if store else read_triples(graph_path)
        count = save_graph(triples, output, fmt, processes=os.cpu_count() or 1)
    else:
        count = save_graph(_rdflib_graph(graph_path, store), output, fmt)
    click.echo(f"{count} triples -> {output}", err=True)


@main.command()
@GRAPH_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write: .png or .svg (a picture), .html (interactive, offline), "
                   ".graphml or .gexf (for Gephi and Cytoscape).")
@click.option("--view", type=click.Choice(["default", "staffing", "officials", "places", "focus", "all",
                                           "map"]), default="default", show_default=True,
              help="What to draw: staffing and officials (default), the administrative tree, the "
                   "neighbourhood of one entity (focus), everything (all), or a map.")
@click.option("--focus", "focus_label", metavar="LABEL", help="The entity at the centre (with --view focus).")
@click.option("--depth", type=click.IntRange(0), default=1, show_default=True,
              help="How many links away from the focus to draw.")
@click.option("--relations", metavar="KIND,...",
              help="Relations to draw with --view all or focus: staffing, membership, located, parent, "
                   "of_place, committee, suborganization, issued.")
def viz(graph_path: Path | None, store: str | None, output: Path, view: str, focus_label: str | None,
        depth: int, relations: str | None) -> None:
    """Draw which border posts staff which village branches, who holds which post, and more."""
    from kg.draw import LARGE_PICTURE, PICTURES, build_view, format_of, render

    if focus_label and view == "default":
        view = "focus"
    try:
        fmt = format_of(output)  # a wrong file name fails before the graph is read
        if view == "focus" and focus_label:
            from kg.neighbourhood import focus_graph

            # only the neighbourhood, selected by SPARQL, not the whole graph read into rdflib
            graph = focus_graph(_query_source(graph_path, store), focus_label, depth)
        else:
            graph = _store_graph(graph_path, store)
        drawn = build_view(graph, view, focus=focus_label, depth=depth, relations=relations)
        if fmt in PICTURES and drawn.number_of_nodes() > LARGE_PICTURE:
            click.echo(f"kg: note: {drawn.number_of_nodes()} nodes take minutes to draw and are "
                       "hard to read in one picture; --focus LABEL draws one entity's surroundings, "
                       "and a .graphml or .gexf file opens in Gephi", err=True)
        count = render(drawn, output)
    except ValueError as e:
        raise KgError(str(e)) from e
    click.echo(f"{count} nodes -> {output}", err=True)


if __name__ == "__main__":
    main()
