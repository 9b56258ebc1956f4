"""`kg ask`: a question in plain words -> the saved query that answers it, with its parameters.

Questions are compared without diacritics and case ("ai la bi thu" reads as "Ai là
Bí thư"). Each saved query has cue phrases (kg/rules/ask.toml) and the question text
of its header; the query whose cues the question shares most, weighted by their
length, answers it. Names in the question are looked up among the graph's own
names (any spelling), which gives the parameters: a post, a place, a person, a
position, a year. No model, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.lexicon import lexicon, read_toml
from kg.query import SavedQuery, saved_queries
from kg.text import ascii_fold

THRESHOLD = 1.0  # below this, no saved query fits


@dataclass(frozen=True)
class Match:
    name: str  # the saved query
    params: dict[str, str] = field(default_factory=dict)  # KEY=VALUE for parse_params
    filters: dict[str, str] = field(default_factory=dict)  # column -> the value its rows must show
    score: float = 0.0
    alternatives: tuple[str, ...] = ()  # the next closest saved queries


def plain(text: str) -> str:
    """Lower case, no diacritics, words only: the form questions are compared in."""
    return " ".join(re.findall(r"\w+", ascii_fold(text)))


@lru_cache(maxsize=1)
def _rules() -> dict:
    return read_toml("ask.toml")


VOCABULARY_QUERY = SavedQuery("vocabulary", """
PREFIX kg: <https://w3id.org/kgbp/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?kind WHERE {
  { ?x a kg:BorderPost ; skos:prefLabel ?label . BIND("post" AS ?kind) }
  UNION { ?x a kg:VillageBranch ; skos:prefLabel ?label . BIND("branch" AS ?kind) }
  UNION { ?x a kg:District ; skos:prefLabel ?label . ?d kg:mentions ?x . BIND("district" AS ?kind) }
  UNION { ?x kg:placeType ?t ; skos:prefLabel ?label . ?d kg:mentions ?x . BIND("place" AS ?kind) }
  UNION { ?x a kg:Official ; skos:prefLabel ?label . BIND("person" AS ?kind) }
  UNION { ?x a kg:PartyCommittee ; skos:prefLabel ?label . BIND("organization" AS ?kind) }
  UNION { ?x a kg:PartyBoard ; skos:prefLabel ?label . BIND("organization" AS ?kind) }
  UNION { ?x a kg:BorderGuardCommand ; skos:prefLabel ?label . BIND("organization" AS ?kind) }
  UNION { ?x kg:documentCode ?label . BIND("code" AS ?kind) }
}""")


def vocabulary(engine) -> list[tuple[str, str]]:
    """(name, kind) of every entity a question may name, from the graph."""
    return [(label, kind) for label, kind in engine.select(VOCABULARY_QUERY)[1]]


def _entities(question: str, names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The graph's names the question contains, longest first, not overlapping."""
    text = f" {plain(question)} "
    found, taken = [], []
    for label, kind in sorted(names, key=lambda n: -len(plain(n[0]))):
        key = plain(label)
        at = text.find(f" {key} ") if key else -1
        span = (at, at + len(key) + 1)
        # one name may be of several kinds (a district and a place): keep them all
        if at < 0 or any(a <= at < b and (a, b) != span for a, b in taken):
            continue
        taken.append(span)
        found.append((label, kind))
    return found


def _position(question: str) -> str | None:
    text = f" {plain(question)} "
    titles = sorted(lexicon().positions, key=len, reverse=True)
    return next((t for t in titles if f" {plain(t)} " in text), None)


def _measure(question: str) -> str | None:
    text = f" {plain(question)} "
    for measure, words in _rules().get("measures", {}).items():
        if any(f" {w} " in text for w in words):
            return measure
    return None


def _score(question: str, name: str, query: SavedQuery, kinds: set[str]) -> float:
    text = f" {plain(question)} "
    rule = _rules()["queries"].get(name, {})
    score = sum(len(cue.split()) for cue in rule.get("cues", []) if f" {cue} " in text)
    header = set(plain(f"{query.question_vi} {query.question_en}").split())
    score += 0.2 * len(header & set(text.split()))
    takes = rule.get("takes", {})
    score += 3 * len(kinds & set(takes))  # the question names what the query takes
    return score


def match(question: str, names: list[tuple[str, str]] | None = None) -> Match | None:
    """The saved query that answers `question`, with parameters found among `names`."""
    entities = _entities(question, names or [])
    kinds = {kind for _, kind in entities}
    position = _position(question)
    year = re.search(r"\b(?:19|20)\d{2}\b", question)
    measure = _measure(question)
    if position:
        kinds.add("position")
    if year:
        kinds.add("year")
    queries = saved_queries()
    ranked = sorted(((_score(question, n, q, kinds), n) for n, q in queries.items()), reverse=True)
    best_score, best = ranked[0]
    alternatives = tuple(n for _, n in ranked[1:4])
    if best_score < THRESHOLD:
        return Match("", {}, {}, best_score, (best,) + alternatives)
    takes = _rules()["queries"].get(best, {}).get("takes", {})
    accepted = set(queries[best].params)
    params: dict[str, str] = {}
    for label, kind in entities:
        param = takes.get(kind)
        if param in accepted and param not in params:
            params[param] = label
    if position and takes.get("position") in accepted:
        params[takes["position"]] = position
    filters = {}
    if year and "year" in takes:  # the year is a column to filter on, not a query variable
        filters["year"] = year.group(0)
    if measure and takes.get("measure") in accepted:
        params[takes["measure"]] = measure
    return Match(best, params, filters, best_score, alternatives)
