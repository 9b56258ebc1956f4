"""Scoring a graph against answer keys, and saying why each answer was missed or extra.

The scores are those of `../shared/tools/score.py`, re-implemented here so that `kg eval`
runs inside the package on an rdflib graph, and agreeing with it to the last digit on the
same graph and keys (tests/test_evaluate.py runs both and compares):

- Each question has key and attribute columns (kg/rules/eval_questions.toml, the table
  QUESTIONS of score.py). A predicted row answers a key row when all the key row's
  non-empty key cells match; greedily, key rows in file order with `optional=1` rows last,
  each taking the first predicted row not yet taken.
- precision = answered / predicted, recall = answered / key rows, where optional key rows
  count neither way; attributes = the share of non-empty attribute cells of answered key
  rows that the predicted row matches. Macro values are plain means over the questions.
- Cells are compared after `normalise` (NFC, `Ð` as `Đ`, the abbreviations ĐBP, BĐBP,
  BPCK, Đồn BP, CKQT, BCH written out, one tone-mark placement, case, punctuation, runs of
  spaces). A key cell may list alternatives separated by ` | `. Modes: `name` (the key's
  words stand in the predicted cell, in order, as whole words), `exact`, `code` (ignoring
  spaces and dash style), `number`, `set` and `superset` (of `;`-separated items).

Error analysis. Each missed key row and each extra predicted row gets one cause, the first
that fits in this order (`main` is the column naming the row's entity; "agrees" means the
key cell matches the predicted cell as the scorer compares them):

missed key row
  1. organization not resolved from context: a predicted row agrees on every other key
     column, and its organization cell is empty or generic (its words begin the key's
     organization but stop short: `Đảng ủy` for `Đảng ủy xã Phìn Hồ`).
  2. entity not found: no node of the graph is called by the main name (skos:prefLabel or
     skos:altLabel, or the question's lookup properties, compared as the main column is).
  3. found but wrongly typed: nodes of that name exist, none of the class the question
     needs (for places: none of the key's place type).
  4. wrong attribute: a predicted row that answered no key row agrees with it on all key
     columns but one, and on at least one that is not a mere category (place type,
     measure, position).
  5. relation missing: the entity is there, with the right class, but no answer ties it to
     the rest of the key row (the explanation names the closest answer, if one answers
     another key row).

extra predicted row
  1. duplicate row: its key cells match a key row that another predicted row answered.
  2. found but wrongly typed: a key row names the same entity with another type.
  3. organization not resolved from context: its organization is empty or generic where a
     key row that agrees on every other key column has one.
  4. wrong attribute: a key row that no predicted row answered agrees with it on all key
     columns but one (as above).
  5. not in the key: nothing in the key resembles it (a misreading, or a fact the key
     leaves out).

In 1 (missed) and 2, 3 (extra), rows of the other side left unanswered are tried first.

Evidence: an extra row carries the sentences of its hidden `_evidence` column; a missed
row, the sentences of the graph (nif:anchorOf) whose normalised text contains its main
name, from the articles its `source` cell names when the graph has sentences of them,
then those of the predicted row its cause was told from (1 and 4).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import KgError, RuleFileError
from kg.explain import Evidence, sentence
from kg.query import QUERY_DIR, find_query, rows, run_query, saved_queries
from kg.text import canonical_spelling
from kg.vocab import KG, NIF, PREFIXES

# -- comparing cells (as score.py does) --------------------------------------------------------

# score.py's own list and order; not kg/rules/abbreviations.tsv, which writes out more
ABBREVIATIONS = [
    (re.compile(r"\bĐồn\s+BPCK\b"), "Đồn Biên phòng Cửa khẩu"),
    (re.compile(r"\bĐồn\s+BP\b"), "Đồn Biên phòng"),
    (re.compile(r"\bCKQT\b"), "Cửa khẩu Quốc tế"),
    (re.compile(r"\bBPCK\b"), "Biên phòng Cửa khẩu"),
    (re.compile(r"\bBĐBP\b"), "Bộ đội Biên phòng"),
    (re.compile(r"\bĐBP\b"), "Đồn Biên phòng"),
    (re.compile(r"\bBCH\b"), "Ban Chấp hành"),
]
MODES = ("name", "exact", "code", "number", "set", "superset")
_PUNCTUATION = re.compile(r"[^\w%]+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The form two cells are compared in: `ĐBP Tân Thanh` -> `đồn biên phòng tân thanh`."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "Đ").replace("\u00f0", "đ")
    for pattern, full in ABBREVIATIONS:
        text = pattern.sub(full, text)
    # canonical_spelling is score.py's _tone_old_style: hoà/hòa, uỷ/ủy read alike
    text = _PUNCTUATION.sub(" ", canonical_spelling(text).casefold())
    return " ".join(text.split())


def _code(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "Đ")
    return re.sub(r"\s+", "", _DASHES.sub("-", text)).upper()


def _number(text: str) -> float | None:
    try:
        return float((text or "").strip().replace(" ", ""))
    except ValueError:
        return None


def _items(text: str) -> set[str]:
    return {normalise(part) for part in (text or "").split(";") if normalise(part)}


def _words_in(key: str, got: str) -> bool:
    """Normalised `key` stands in normalised `got` as whole words, in order."""
    return bool(key) and (got == key or f" {key} " in f" {got} ")


def alternatives(cell: str) -> list[str]:
    return [a.strip() for a in cell.split(" | ")]


def cell_matches(mode: str, gold: str, pred: str) -> bool:
    """Does the predicted cell match the key cell (any of its ` | ` alternatives)?"""
    if mode not in MODES:
        raise ValueError(mode)
    for alternative in alternatives(gold):
        if mode == "name":
            if _words_in(normalise(alternative), normalise(pred)):
                return True
        elif mode == "exact":
            if normalise(alternative) == normalise(pred):
                return True
        elif mode == "code":
            if _code(alternative) == _code(pred):
                return True
        elif mode == "number":
            a, b = _number(alternative), _number(pred)
            if a is not None and b is not None and abs(a - b) < 1e-9:
                return True
        elif mode == "set":
            if _items(alternative) == _items(pred):
                return True
        elif _items(alternative) <= _items(pred):  # superset
            return True
    return False


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV text, a missing cell read as empty (as score.py reads)."""
    reader = csv.DictReader(io.StringIO(text))
    table = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    return list(reader.fieldnames or []), table


def is_optional(row: dict[str, str]) -> bool:
    return row.get("optional", "").strip() == "1"


# -- the questions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    name: str
    columns: tuple[tuple[str, str, str], ...]  # (column, "key" or "attr", mode)
    main: str
    classes: tuple[URIRef, ...]
    lookup: tuple[URIRef, ...] = (SKOS.prefLabel, SKOS.altLabel)
    type: str = ""
    organization: str = ""
    others: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def wanted(self) -> list[str]:
        return [c for c, _, _ in self.columns]

    @property
    def keys(self) -> list[tuple[str, str]]:
        return [(c, m) for c, role, m in self.columns if role == "key"]

    @property
    def attrs(self) -> list[tuple[str, str]]:
        return [(c, m) for c, role, m in self.columns if role == "attr"]

    def mode(self, column: str) -> str:
        return next(m for c, _, m in self.columns if c == column)


def _term(name: str, where: str) -> URIRef:
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in PREFIXES:
        raise RuleFileError(f"{where}: {name!r} is not a prefixed name ({', '.join(PREFIXES)})")
    return URIRef(str(PREFIXES[prefix]) + local)


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """The question table of kg/rules/eval_questions.toml."""
    source = resources.files("kg").joinpath("rules/eval_questions.toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RuleFileError(f"{source}: {e}") from e
    out = {}
    for name, spec in data.items():
        where = f"{source} [{name}]"
        columns = []
        for column, role_mode in spec.get("columns", {}).items():
            role, _, mode = role_mode.partition(":")
            if role not in ("key", "attr") or mode not in MODES:
                raise RuleFileError(f"{where}: {column} = {role_mode!r}: expected key:MODE or "
                                    f"attr:MODE with MODE one of {', '.join(MODES)}")
            columns.append((column, role, mode))
        names = {c for c, _, _ in columns}
        for column in [spec.get("main", "")] + [spec.get(k, "") for k in ("type", "organization")] \
                + spec.get("others", []) + spec.get("categories", []):
            if column and column not in names:
                raise RuleFileError(f"{where}: {column!r} is not one of its columns")
        if not spec.get("main"):
            raise RuleFileError(f"{where}: no main column")
        lookup = tuple(_term(t, where)
                       for t in spec.get("lookup", ["skos:prefLabel", "skos:altLabel"]))
        out[name] = Question(name, tuple(columns), spec["main"],
                             tuple(_term(t, where) for t in spec.get("classes", [])), lookup,
                             spec.get("type", ""), spec.get("organization", ""),
                             tuple(spec.get("others", [])), tuple(spec.get("categories", [])))
    return out


# -- scoring one question (score.py's score_question) -------------------------------------------


@dataclass
class Matching:
    """Which predicted row answered which key row, and the counts score.py reports."""

    answered_by: dict[int, int]  # key row index -> predicted row index
    answered: int
    missed: list[int]  # key rows, not optional, that no predicted row answered
    extra: list[int]  # predicted rows that answered no key row
    optional_hits: int
    attr_total: int
    attr_right: int


def key_matches(question: Question, gold: dict[str, str], pred: dict[str, str],
                skip: str = "") -> bool:
    """All non-empty key cells of `gold` (but `skip`) match `pred`."""
    return all(cell_matches(mode, gold.get(c, ""), pred.get(c, "")) for c, mode in question.keys
               if c != skip and gold.get(c, "").strip())


def match_rows(question: Question, gold_rows: list[dict], pred_rows: list[dict]) -> Matching:
    used: dict[int, int] = {}
    taken: set[int] = set()
    answered = optional_hits = attr_total = attr_right = 0
    missed = []
    order = sorted(range(len(gold_rows)), key=lambda i: is_optional(gold_rows[i]))  # stable
    for g in order:
        gold = gold_rows[g]
        hit = next((i for i, pred in enumerate(pred_rows)
                    if i not in taken and key_matches(question, gold, pred)), None)
        if hit is None:
            if not is_optional(gold):
                missed.append(g)
            continue
        taken.add(hit)
        used[g] = hit
        if is_optional(gold):
            optional_hits += 1
            continue
        answered += 1
        for c, mode in question.attrs:
            if gold.get(c, "").strip():
                attr_total += 1
                attr_right += cell_matches(mode, gold[c], pred_rows[hit].get(c, ""))
    extra = [i for i in range(len(pred_rows)) if i not in taken]
    return Matching(used, answered, missed, extra, optional_hits, attr_total, attr_right)


# -- the report ------------------------------------------------------------------------------


@dataclass
class RowIssue:
    """A missed key row or an extra predicted row, with its likely cause."""

    row: dict[str, str]  # the key row or the predicted row (shown columns)
    label: str  # its key cells, " / "-joined as score.py prints them
    cause: str
    detail: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class QuestionResult:
    question: str
    gold: int
    predicted: int
    answered: int
    precision: float
    recall: float
    f1: float
    attributes: float
    missed: list[RowIssue] = field(default_factory=list)
    extra: list[RowIssue] = field(default_factory=list)
    error: str = ""


@dataclass
class Report:
    gold_dir: str
    questions: list[QuestionResult]
    skipped: list[str] = field(default_factory=list)  # key files that are no question

    @property
    def macro_f1(self) -> float:
        return sum(q.f1 for q in self.questions) / len(self.questions) if self.questions else 0.0

    @property
    def macro_attributes(self) -> float:
        return (sum(q.attributes for q in self.questions) / len(self.questions)
                if self.questions else 0.0)

    def question(self, name: str) -> QuestionResult:
        return next(q for q in self.questions if q.question == name)


CAUSES = ("entity not found", "found but wrongly typed", "relation missing",
          "organization not resolved from context", "wrong attribute", "duplicate row",
          "not in the key")
NOT_FOUND, WRONG_TYPE, NO_RELATION, NO_CONTEXT, WRONG_ATTR, DUPLICATE, NOT_IN_KEY = CAUSES


def score(question: Question, gold_rows: list[dict], pred_rows: list[dict],
          error: str = "") -> tuple[QuestionResult, Matching]:
    m = match_rows(question, gold_rows, pred_rows)
    missed = len(m.missed)
    predicted = len(pred_rows) - m.optional_hits
    precision = (m.answered / predicted if predicted
                 else (1.0 if not (m.answered + missed) else 0.0))
    recall = m.answered / (m.answered + missed) if (m.answered + missed) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    attributes = (m.attr_right / m.attr_total if m.attr_total
                  else 1.0 if m.answered or not missed else 0.0)
    result = QuestionResult(question.name, m.answered + missed, predicted, m.answered,
                            precision, recall, f1, attributes, error=error)
    return result, m


def _label(question: Question, row: dict[str, str]) -> str:
    return " / ".join(row.get(c, "") for c, _ in question.keys)


# -- what the graph knows, for the error analysis ----------------------------------------------


class _GraphIndex:
    """Names, kinds and sentences of a graph, read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._names: dict[URIRef, list[tuple[URIRef, str]]] = {}
        self._sentences: list[tuple[URIRef, str, str]] | None = None  # node, article id, text

    def names(self, prop: URIRef) -> list[tuple[URIRef, str]]:
        if prop not in self._names:
            self._names[prop] = [(s, str(o)) for s, o in self.graph.subject_objects(prop)
                                 if isinstance(s, URIRef)]
        return self._names[prop]

    def nodes_called(self, question: Question, cell: str) -> set[URIRef]:
        mode = question.mode(question.main)
        return {node for prop in question.lookup for node, name in self.names(prop)
                if cell_matches(mode, cell, name)}

    def kinds(self, node: URIRef) -> set[URIRef]:
        return set(self.graph.objects(node, RDF.type))

    def place_types(self, node: URIRef) -> set[str]:
        return {str(t) for t in self.graph.objects(node, KG.placeType)}

    def sentences(self) -> list[tuple[URIRef, str, str]]:
        if self._sentences is None:
            out = []
            for node in self.graph.subjects(RDF.type, NIF.Sentence):
                found = sentence(self.graph, node)
                if found is not None and isinstance(node, URIRef):
                    out.append((node, found.article, normalise(found.text)))
            self._sentences = sorted(out, key=lambda s: str(s[0]))
        return self._sentences

    def sentences_naming(self, cell: str, articles: set[str]) -> list[Evidence]:
        keys = [normalise(a) for a in alternatives(cell)]
        candidates = self.sentences()
        if articles and any(article in articles for _, article, _ in candidates):
            candidates = [s for s in candidates if s[1] in articles]
        hits = [node for node, _, text in candidates if any(_words_in(k, text) for k in keys)]
        return _evidence(self.graph, hits)


def _evidence(graph: Graph, nodes: Iterable[URIRef]) -> list[Evidence]:
    found = {sentence(graph, n) for n in nodes}
    return sorted((e for e in found if e), key=lambda e: (e.article, e.start))


def _short(node: URIRef) -> str:
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and prefix != "id":
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>"


def _generic(question: Question, gold: dict[str, str], pred: dict[str, str]) -> bool:
    """The predicted organization says less than the key's: empty, or its first words only."""
    column = question.organization
    got = normalise(pred.get(column, "")).split()
    if not got:
        return True
    return any(len(got) < len(want) and want[: len(got)] == got
               for want in (normalise(a).split() for a in alternatives(gold.get(column, ""))))


def _no_context(question: Question, gold: dict[str, str], pred: dict[str, str]) -> bool:
    column = question.organization
    return bool(column and gold.get(column, "").strip()
                and not cell_matches(question.mode(column), gold[column], pred.get(column, ""))
                and _generic(question, gold, pred)
                and key_matches(question, gold, pred, skip=column))


def _differs_in_one(question: Question, gold: dict[str, str], pred: dict[str, str]) -> str:
    """The one key column where `pred` differs from `gold`, when it agrees on the others
    (on at least one that is not a mere category); else ""."""
    filled = [(c, m) for c, m in question.keys if gold.get(c, "").strip()]
    differ = [c for c, m in filled if not cell_matches(m, gold[c], pred.get(c, ""))]
    agree = [c for c, _ in filled if c not in differ]
    if len(differ) == 1 and any(c not in question.categories for c in agree):
        return differ[0]
    return ""


def _first(candidates: Iterable[int], test) -> tuple[int, object] | None:
    for i in candidates:
        found = test(i)
        if found:
            return i, found
    return None


def _prefer(first: list[int], everything: int) -> list[int]:
    seen = set(first)
    return first + [i for i in range(everything) if i not in seen]


def _explain_missed(question: Question, gold: dict[str, str], pred_rows: list[dict],
                    unused: list[int], index: _GraphIndex) -> tuple[str, str, int | None]:
    """Cause, explanation, and the predicted row it was told from (if any)."""
    found = _first(_prefer(unused, len(pred_rows)),
                   lambda i: _no_context(question, gold, pred_rows[i]))
    if found:
        org = pred_rows[found[0]].get(question.organization, "")
        return NO_CONTEXT, (f"the graph has {_label(question, pred_rows[found[0]])!r}: "
                            f"{question.organization} {'empty' if not org.strip() else repr(org)}"
                            f" where the key says {gold[question.organization]!r}"), found[0]
    name = gold.get(question.main, "")
    if name.strip():
        nodes = index.nodes_called(question, name)
        if not nodes:
            return NOT_FOUND, f"no node of the graph is called {name!r}", None
        typed = [n for n in nodes if index.kinds(n) & set(question.classes)]
        want_type = gold.get(question.type, "") if question.type else ""
        if want_type.strip():
            typed = [n for n in typed
                     if any(cell_matches("exact", want_type, t) for t in index.place_types(n))]
        if not typed:
            kinds = sorted({_short(k) for n in nodes for k in index.kinds(n)}
                           | {f"{t!r}" for n in nodes for t in index.place_types(n)})
            need = " or ".join(_short(c) for c in question.classes)
            if want_type.strip():
                need = f"a place of type {want_type!r}"
            return WRONG_TYPE, (f"{name!r} is in the graph as {', '.join(kinds) or 'untyped'}, "
                                f"not as {need}"), None
    found = _first(unused, lambda i: _differs_in_one(question, gold, pred_rows[i]))
    if found:
        i, column = found
        return WRONG_ATTR, (f"the graph has {_label(question, pred_rows[i])!r}: "
                            f"{column} {pred_rows[i].get(column, '')!r} where the key says "
                            f"{gold.get(column, '')!r}"), i
    parts = [f"{name!r} is in the graph"] if name.strip() else []
    for column in question.others:
        other = gold.get(column, "")
        if other.strip():
            there = any(cell_matches(question.mode(column), other, label)
                        for prop in (SKOS.prefLabel, SKOS.altLabel)
                        for _, label in index.names(prop))
            parts.append(f"{other!r} {'is' if there else 'is not'} in the graph")
    parts.append("no fact ties them as the key row says")
    closest = _first(range(len(pred_rows)), lambda i: _differs_in_one(question, gold, pred_rows[i]))
    if closest:
        parts.append(f"the closest answer, {_label(question, pred_rows[closest[0]])!r}, "
                     "answers another key row")
    return NO_RELATION, "; ".join(parts), None


def _explain_extra(question: Question, pred: dict[str, str], gold_rows: list[dict],
                   matching: Matching) -> tuple[str, str]:
    for g in matching.answered_by:
        if key_matches(question, gold_rows[g], pred):
            return DUPLICATE, f"the key row {_label(question, gold_rows[g])!r} is answered already"
    free = [g for g in range(len(gold_rows)) if g not in matching.answered_by]
    everything = _prefer(free, len(gold_rows))
    if question.type:
        def other_type(g: int) -> bool:
            gold = gold_rows[g]
            return (gold.get(question.type, "").strip() != ""
                    and key_matches(question, gold, pred, skip=question.type)
                    and not cell_matches(question.mode(question.type), gold[question.type],
                                         pred.get(question.type, "")))
        found = _first(everything, other_type)
        if found:
            gold = gold_rows[found[0]]
            return WRONG_TYPE, (f"the key has {gold.get(question.main, '')!r} as "
                                f"{gold[question.type]!r}, not {pred.get(question.type, '')!r}")
    found = _first(everything, lambda g: _no_context(question, gold_rows[g], pred))
    if found:
        gold = gold_rows[found[0]]
        org = pred.get(question.organization, "")
        return NO_CONTEXT, (f"{question.organization} {'empty' if not org.strip() else repr(org)} "
                            f"where the key row {_label(question, gold)!r} names it")
    found = _first(free, lambda g: _differs_in_one(question, gold_rows[g], pred))
    if found:
        g, column = found
        return WRONG_ATTR, (f"the key row {_label(question, gold_rows[g])!r} has {column} "
                            f"{gold_rows[g].get(column, '')!r}, not {pred.get(column, '')!r}")
    return NOT_IN_KEY, "no key row resembles it"


def _articles(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(";") if part.strip()}


def analyse(question: Question, result: QuestionResult, matching: Matching,
            gold_rows: list[dict], pred_rows: list[dict], evidence: list[str],
            index: _GraphIndex) -> None:
    """Fill in `result.missed` and `result.extra`, each row with its cause and sentences."""
    for g in matching.missed:
        gold = gold_rows[g]
        cause, detail, near = _explain_missed(question, gold, pred_rows, matching.extra, index)
        name = gold.get(question.main, "")
        sentences = (index.sentences_naming(name, _articles(gold.get("source", "")))
                     if name.strip() else [])
        if near is not None and evidence:  # and the sentences of the row it was told from
            more = _evidence(index.graph, [URIRef(iri) for iri in evidence[near].split()])
            sentences += [e for e in more if e not in sentences]
        result.missed.append(RowIssue(dict(gold), _label(question, gold), cause, detail, sentences))
    for p in matching.extra:
        pred = pred_rows[p]
        cause, detail = _explain_extra(question, pred, gold_rows, matching)
        nodes = [URIRef(iri) for iri in evidence[p].split()] if evidence else []
        result.extra.append(RowIssue(dict(pred), _label(question, pred), cause, detail,
                                     _evidence(index.graph, nodes)))


# -- running the questions ---------------------------------------------------------------------


def predict(graph: Graph, name: str, query_dir: Path = QUERY_DIR,
            engine=None) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """Shown columns, rows and each row's `_evidence` cell of a saved query on the graph.

    `engine`: anything with `select(query, bindings, hidden=True)` (kg.engine); by default
    rdflib's own SPARQL engine on `graph`."""
    query = find_query(name, query_dir)
    if engine is None:
        columns, table = rows(run_query(graph, query), hidden=True)
    else:
        columns, table = engine.select(query, {}, hidden=True)
    shown = [i for i, c in enumerate(columns) if not c.startswith("_")]
    at = columns.index("_evidence") if "_evidence" in columns else None
    pred_rows = [{columns[i]: row[i] for i in shown} for row in table]
    return ([columns[i] for i in shown], pred_rows,
            [row[at] for row in table] if at is not None else [])


def evaluate(graph: Graph, gold_dir: Path, query_dir: Path = QUERY_DIR, engine=None) -> Report:
    """Score the graph's answers to every question that has an answer key NAME.csv in gold_dir.

    Key files of no known question are skipped (listed in `Report.skipped`), as score.py
    skips them; a question whose query is missing or fails scores with no answers and an
    error, as score.py scores a failing `kg query`."""
    gold_dir = Path(gold_dir)
    specs = questions()
    index = _GraphIndex(graph)
    report = Report(str(gold_dir), [])
    for gold_file in sorted(gold_dir.glob("*.csv")):
        name = gold_file.stem
        if name not in specs:
            report.skipped.append(name)
            continue
        question = specs[name]
        _, gold_rows = read_csv(gold_file.read_text(encoding="utf-8"))
        error = ""
        header: list[str] = []
        pred_rows: list[dict[str, str]] = []
        evidence: list[str] = []
        try:
            header, pred_rows, evidence = predict(graph, name, query_dir, engine)
        except KgError as e:
            error = str(e)
        except Exception as e:  # noqa: BLE001 - a query that cannot run is a failed answer
            error = f"query {name!r} failed: {type(e).__name__}: {e}"
        wanted = question.wanted
        if not error and header[: len(wanted)] != wanted:
            error = f"columns {header} are not {wanted}"
        if error:
            pred_rows, evidence = [], []
        result, matching = score(question, gold_rows, pred_rows, error)
        analyse(question, result, matching, gold_rows, pred_rows, evidence, index)
        report.questions.append(result)
    return report


def draft(graph: Graph, out_dir: Path, query_dir: Path = QUERY_DIR, engine=None) -> list[Path]:
    """Draft answer keys NAME.csv, one for every saved query, from the graph's answers.

    Each has the query's columns and `optional` (left empty), one row per answer, for a
    person to correct. Scored against the graph it came from, every question has F1 = 1
    (as long as no key cell is blank after normalising, or not a number in a number column:
    such a cell can match nothing)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in saved_queries(query_dir):
        columns, pred_rows, _ = predict(graph, name, query_dir, engine)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns + ["optional"])
        writer.writerows([row[c] for c in columns] + [""] for row in pred_rows)
        path = out_dir / f"{name}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        written.append(path)
    return written


# -- formatting ------------------------------------------------------------------------------


def format_table(report: Report, verbose: bool = False) -> str:
    """The table score.py prints, then its macro line; `verbose` lists misses and extras."""
    head = f"{'question':30} {'gold':>5} {'pred':>5} {'hit':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [f"{head} {'attr':>6}"]
    for r in report.questions:
        lines.append(f"{r.question:30} {r.gold:5d} {r.predicted:5d} {r.answered:5d} "
                     f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.attributes:6.3f}")
        if r.error:
            lines.append(f"    error: {r.error}")
        if verbose:
            lines += [f"    missed: {m.label}  [{m.cause}]" for m in r.missed]
            lines += [f"    extra:  {e.label}  [{e.cause}]" for e in r.extra]
    if not report.questions:
        lines.append("no answer keys found")
    else:
        lines.append(f"macro F1 {report.macro_f1:.3f} attributes {report.macro_attributes:.3f} "
                     f"over {len(report.questions)} questions")
    return "\n".join(lines) + "\n"


def as_dict(report: Report) -> dict:
    return {"gold_dir": report.gold_dir, "macro_f1": report.macro_f1,
            "macro_attributes": report.macro_attributes, "skipped": report.skipped,
            "questions": [asdict(q) for q in report.questions]}


def to_json(report: Report) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report, sentences: int = 3) -> str:
    """The table, then per question its misses and extras grouped by cause, with sentences
    (the first `sentences` of each row)."""
    out = [f"# Evaluation against `{report.gold_dir}`", "",
           "| question | gold | pred | hit | P | R | F1 | attr |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report.questions:
        out.append(f"| {r.question} | {r.gold} | {r.predicted} | {r.answered} | "
                   f"{r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | {r.attributes:.3f} |")
    if report.questions:
        out.append(f"| **macro** | | | | | | **{report.macro_f1:.3f}** | "
                   f"**{report.macro_attributes:.3f}** |")
    for r in report.questions:
        if not (r.missed or r.extra or r.error):
            continue
        out += ["", f"## {r.question}"]
        if r.error:
            out += ["", f"Error: {_md(r.error)}"]
        for title, issues in (("Missed", r.missed), ("Extra", r.extra)):
            if not issues:
                continue
            out += ["", f"### {title} ({len(issues)})"]
            for cause in CAUSES:
                group = [i for i in issues if i.cause == cause]
                if not group:
                    continue
                out += ["", f"**{cause}** ({len(group)})", ""]
                for issue in group:
                    out.append(f"- `{_md(issue.label)}`: {_md(issue.detail)}")
                    for e in issue.evidence[:sentences]:
                        out.append(f"  > [{e.article} {e.start}-{e.end}] {_md(e.text)}")
                    if len(issue.evidence) > sentences:
                        out.append(f"  > (and {len(issue.evidence) - sentences} more)")
                    if not issue.evidence:
                        out.append("  > (no sentence found)")
    return "\n".join(out) + "\n"


def log_line(report: Report, commit: str, when: str) -> str:
    """One row of the quality log: when, which commit, macro F1 and attributes, F1 per question."""
    per_question = " ".join(f"{q.question}={q.f1:.3f}" for q in report.questions)
    return (f"| {when} | {commit} | {report.macro_f1:.3f} | {report.macro_attributes:.3f} | "
            f"{per_question} |\n")


LOG_HEADER = ("# Quality log\n\nAppended by `make eval`: the seed build scored against "
              "`../shared/gold/seeds`.\n\n| date | commit | macro F1 | attributes | F1 per question |\n"
              "|---|---|---|---|---|\n")
