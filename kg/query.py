"""Saved SPARQL queries: load them with their header, run them, format the answers.

A saved query is `queries/NAME.rq` opening with comment lines
`# title:`, `# question (vi):`, `# question (en):` and `# params:`.
Parameters are bound as RDF terms (`initBindings`, or a VALUES block of terms
serialised by Oxigraph), never pasted into the text as strings.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.triples import from_ox, to_ox
from kg.vocab import NAMESPACES

if TYPE_CHECKING:  # rdflib's engine only: `kg query` on Oxigraph starts without it
    from rdflib import Graph
    from rdflib.query import Result

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
# strings, IRIs and comments, where a keyword or a brace means nothing
QUOTED = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
FORMATS = ("table", "csv", "json", "markdown")
# a comment marking a line that finds only a hidden column: `?_evidence` (the sentences) or
# `?_confidence` (for --min-confidence); `SavedQuery.without` drops such lines
MARK = re.compile(r"#\s*(evidence|confidence)\b")


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    title: str = ""
    question_vi: str = ""
    question_en: str = ""
    params: tuple[str, ...] = ()
    types: tuple[tuple[str, str], ...] = ()  # param -> "decimal", "integer", "iri" ... (default string)

    def without(self, *marks: str) -> SavedQuery:
        """The query without its lines marked `# evidence` or `# confidence`, as asked: the
        same shown answers, sooner (15 to 30% for the sentences, 10 to 20% more for the
        confidence), for callers that do not show those hidden columns."""
        marked = {self.text.count("\n", 0, m.start()) for m in QUOTED.finditer(self.text)
                  if (mark := MARK.match(m.group())) and mark.group(1) in marks}
        if not marked:
            return self
        lines = self.text.splitlines(keepends=True)
        return replace(self, text="".join(line for i, line in enumerate(lines) if i not in marked))

    def shown_only(self) -> SavedQuery:
        """Only what finds the shown columns."""
        return self.without("evidence", "confidence")


def _header(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*([\w ()]+?)\s*:\s*(.*)", line)
        if match:
            fields[match.group(1).strip().lower()] = match.group(2).strip()
    return fields


def load_query(path: Path, name: str | None = None) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    head = _header(text)
    declared = [p.strip() for p in head.get("params", "").split(",") if p.strip()]
    params = tuple(p.partition(":")[0].strip() for p in declared)
    types = tuple((p.partition(":")[0].strip(), p.partition(":")[2].strip() or "string") for p in declared)
    return SavedQuery(name or path.stem, text, head.get("title", ""),
                      head.get("question (vi)", ""), head.get("question (en)", ""), params, types)


def saved_queries(folder: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    return {p.stem: load_query(p) for p in sorted(folder.glob("*.rq"))}


def find_query(name_or_file: str, folder: Path = QUERY_DIR) -> SavedQuery:
    """A saved query by name, or a .rq file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return load_query(path)
    saved = saved_queries(folder)
    if name_or_file in saved:
        return saved[name_or_file]
    names = ", ".join(saved) or "none"
    raise QueryError(f"no saved query {name_or_file!r}; saved queries: {names}")


def parse_params(pairs: tuple[str, ...], query: SavedQuery) -> dict[str, ox.NamedNode | ox.Literal]:
    """`KEY=VALUE` pairs as RDF terms (pyoxigraph's), typed as the query's `# params:` say."""
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: expected KEY=VALUE")
        if query.params and key not in query.params:
            raise QueryError(f"query {query.name!r} takes {', '.join(query.params)}, not {key!r}")
        bindings[key] = _term(unicodedata.normalize("NFC", value), dict(query.types).get(key, "string"),
                              key)
    return bindings


_XSD_TYPES = {  # declared type -> (datatype, lexical form)
    "decimal": ("decimal", r"-?\d+(?:\.\d+)?"),
    "integer": ("integer", r"-?\d+"),
    "date": ("date", r"\d{4}-\d{2}-\d{2}"),
    "year": ("gYear", r"\d{4}"),
}


def _term(value: str, kind: str, key: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as the RDF term its declared type says."""
    if value.startswith("<") and value.endswith(">") or kind == "iri":
        try:
            return ox.NamedNode(value.strip("<>"))
        except ValueError as e:
            raise QueryError(f"--param {key}={value!r}: not a valid IRI ({e})") from None
    if kind in _XSD_TYPES:
        datatype, lexical = _XSD_TYPES[kind]
        if not re.fullmatch(lexical, value):
            raise QueryError(f"--param {key}={value!r}: not a valid {kind}")
        return ox.Literal(value, datatype=ox.NamedNode(NAMESPACES["xsd"] + datatype))
    return ox.Literal(value)


def run_query(graph: Graph, query: SavedQuery, bindings: dict | None = None) -> Result:
    """rdflib's engine, bound as Oxigraph is (a VALUES block, see `values_first`): rdflib's
    initBindings do not reach into a subquery, which then answers for every value."""
    from rdflib.plugins.sparql import prepareQuery

    terms = {name: to_ox(term) for name, term in (bindings or {}).items()}
    text, rest = values_first(query.text, {name: str(term) for name, term in terms.items()})
    try:
        prepared = prepareQuery(text, initNs=NAMESPACES)
    except Exception as e:  # pyparsing reports line and column
        raise QueryError(f"query {query.name!r} is not valid SPARQL: {e}") from e
    return graph.query(prepared, initBindings={name: from_ox(terms[name]) for name in rest})


def rows(result: Result, hidden: bool = False) -> tuple[list[str], list[list[str]]]:
    """Columns and cells; columns named `_...` (evidence for `kg explain`) only when `hidden`."""
    keep = [i for i, v in enumerate(result.vars) if hidden or not str(v).startswith("_")]
    columns = [str(result.vars[i]) for i in keep]
    table = [[tidy(_cell(row[i])) for i in keep] for row in result]
    return columns, table


def strong_only(columns: list[str], table: list[list[str]], minimum: float | None,
                ) -> list[list[str]]:
    """Rows with at least one reading as strong as `minimum` (the hidden `_confidence` column)."""
    if minimum is None or "_confidence" not in columns:
        return table
    at = columns.index("_confidence")
    return [row for row in table if row[at] and float(row[at]) >= minimum]


def tidy(cell: str) -> str:
    """A cell listing several values lists them in one order, whatever the engine."""
    return "; ".join(sorted(cell.split("; "))) if "; " in cell else cell


def _cell(value) -> str:
    return "" if value is None else str(value)


def format_rows(columns: list[str], table: list[list[str]], fmt: str) -> str:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(table)
        return out.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in table], ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table]
        return "\n".join(lines) + "\n"
    return _table(columns, table)


def _table(columns: list[str], table: list[list[str]], width: int = 48) -> str:
    def clip(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[clip(c) for c in row] for row in [columns] + table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(lines) + "\n"


def blank_quoted(text: str) -> str:
    """`text` with its strings, IRIs and comments blanked out, offsets kept."""
    return QUOTED.sub(lambda m: " " * len(m.group()), text)


def values_first(text: str, terms: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The query with `VALUES (?a ?b) { (term term) }` opening its outermost group, and the
    bindings it could not take that way (variables a BIND or an aggregate makes, `AS ?x`).

    Oxigraph treats SEP-0007 substitutions as a filter on the finished answers, so
    selecting one post out of a million triples cost as much as listing them all; a
    VALUES block in front is evaluated first and joined in, in a few milliseconds.
    Oxigraph evaluates a subquery, and each branch of a UNION, on its own before joining
    it, so the block also opens every subquery that selects the variable and every UNION
    branch that binds it (not one under OPTIONAL, MINUS or EXISTS, where it would change
    the answers): one directive of 3,649 in 1.3 ms instead of 117. The outer block alone
    gives the same answers. `terms` holds N-Triples terms (escaped by Oxigraph), never raw
    text.
    """
    blank = blank_quoted(text)
    made = {name for name in terms if re.search(rf"\bAS\s+\?{re.escape(name)}\b", blank, re.IGNORECASE)}
    pushed = {name: term for name, term in terms.items() if name not in made}
    select = re.search(r"\bSELECT\b", blank, re.IGNORECASE)
    brace = blank.find("{", select.end()) if select else -1
    if brace < 0 or not pushed:
        return text, terms
    inserts = [(brace + 1, list(pushed))] + _inner_blocks(blank, brace, list(pushed))
    for at, names in sorted(inserts, reverse=True):
        row = " ".join(pushed[name] for name in names)
        text = text[:at] + f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}" + text[at:]
    return text, {name: terms[name] for name in made}


# The prefixes of the queries kg writes itself (kg explain, pictures of a neighbourhood).
PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())
IRIS_AT_ONCE = 500  # in one VALUES block: a request any endpoint takes


def iri_blocks(iris: Iterable[str]) -> Iterator[str]:
    """The bodies of VALUES blocks, "<a> <b> ...", that bind a variable to each of `iris`
    (checked by Oxigraph: ValueError for one that is not an IRI, never a query changed)."""
    ordered = sorted(set(iris))
    for at in range(0, len(ordered), IRIS_AT_ONCE):
        yield " ".join(str(ox.NamedNode(iri)) for iri in ordered[at:at + IRIS_AT_ONCE])


def _inner_blocks(blank: str, group: int, names: list[str]) -> list[tuple[int, list[str]]]:
    """Where else, inside the group opening at `group`, a VALUES block for `names` goes."""
    found = []
    for start, end in _child_groups(blank, group):
        before = blank[:start].rstrip()
        after = blank[end + 1:].lstrip()
        if re.search(r"\b(?:OPTIONAL|MINUS|EXISTS|GRAPH\s+\S+|SERVICE(?:\s+SILENT)?\s+\S+)$", before, re.IGNORECASE):
            continue
        inner = blank[start + 1:end]
        subquery = re.match(r"\s*SELECT\b", inner, re.IGNORECASE)
        if subquery:
            where = blank.find("{", start + 1 + subquery.end())
            if where < 0 or where > end:
                continue  # not a query Oxigraph would parse; the outer block is enough
            bound = _selected_variables(blank[start + 1 + subquery.end():where])
            here = [n for n in names if n in bound]
            start = where
        elif re.search(r"\bUNION$", before, re.IGNORECASE) or re.match(r"UNION\b", after, re.IGNORECASE):
            here = [n for n in names if n in _pattern_variables(blank, start)]
        else:
            here = []
        if here:
            found.append((start + 1, here))
        found += _inner_blocks(blank, start, names)
    return found


def _child_groups(blank: str, group: int) -> list[tuple[int, int]]:
    """(open, close) offsets of the groups directly inside the group opening at `group`."""
    children, depth, start = [], 0, 0
    for at in range(group + 1, len(blank)):
        if blank[at] == "{":
            depth += 1
            if depth == 1:
                start = at
        elif blank[at] == "}":
            if depth == 0:
                break
            depth -= 1
            if depth == 0:
                children.append((start, at))
    return children


def _pattern_variables(blank: str, group: int) -> set[str]:
    """Variables the triple patterns of a group name, not only its filters or inner groups."""
    top, at = [], group + 1
    for start, end in _child_groups(blank, group):
        top.append(blank[at:start])
        at = end + 1
    top.append(blank[at:blank.find("}", at)])  # after the last inner group: the group's end
    return _selected_variables("".join(top))


def _selected_variables(projection: str) -> set[str]:
    """The variables written outside parentheses (in a SELECT clause: those passed on as
    they are, not those inside `(... AS ?x)`; in a group: not those of FILTER or BIND)."""
    while (inner := re.sub(r"\([^()]*\)", " ", projection)) != projection:
        projection = inner
    return set(re.findall(r"\?(\w+)", projection))
