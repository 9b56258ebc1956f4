"""Figures: "Đảng bộ xã A hiện có 13 chi bộ, hơn 150 đảng viên" -> statistics.

A number counts what its unit says ("đảng viên", "chi bộ", "hộ" ...), refined
by the verb before it ("kết nạp" admits, "thành lập mới" founds) and the words
after it ("phụ trách ... hộ", "miễn sinh hoạt"). It is about the organization
or place named nearest before it, and holds for the year the sentence gives,
the year its paragraph opened with, or, for a state of affairs, the year of
the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.confidence import confidence
from kg.extract.lexicon import read_toml
from kg.model import Document, Fact, Sentence
from kg.resolve import Resolved
from kg.text import paren_spans, format_number, parse_number

_DATES = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|\b\d{1,2}/\d{4}\b|\b\d+[-–]?[A-ZĐ]{2,}[/-][\wĐđ/-]+")
_ASIDE = re.compile(r"\((?!\s*năm\s+\d{4}\s*\))[^()]*\)")
_QUOTE = re.compile(r"(?:cho biết|chia sẻ|khẳng định|nói|kể)\s*:")


@dataclass(frozen=True)
class Measure:
    id: str
    unit: re.Pattern[str]
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    context: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    total: str | None


class FigureRules:
    def __init__(self) -> None:
        data = read_toml("measures.toml")
        flags = re.IGNORECASE

        def opt(entry: dict, name: str) -> re.Pattern[str] | None:
            return re.compile(entry[name], flags) if name in entry else None

        self.measures = tuple(
            Measure(e["id"], re.compile(rf"\s*(?:{e['unit']})(?![\w])", flags), opt(e, "before"),
                    opt(e, "after"), opt(e, "context"), opt(e, "not_before"), e.get("total"))
            for e in data["measure"]
        )
        words = "|".join(sorted(data["words"], key=len, reverse=True))
        approx = "|".join(sorted(data["approximators"], key=len, reverse=True))
        self.words = {k.casefold(): v for k, v in data["words"].items()}
        self.number = re.compile(
            rf"(?<![\w.,/])(?:(?:{approx})\s+)?(?P<num>\d+(?:[.,]\d+)*(?:/\d+(?:\.\d{{3}})*)?|(?i:{words}))(?![\w%]|[.,/]\d|\s*%)"
        )
        self.skip_before = re.compile(data["skip"]["before"], flags)
        year = data["year"]
        self.term = re.compile(year["term"])
        self.topic = re.compile(year["topic"])
        # one pattern, so that "từ đầu nhiệm kỳ đến nay" is read as one period
        self.year_markers = re.compile("|".join(
            f"(?P<{name}>{year[name]})" for name in ("period", "explicit", "term", "last_year",
                                                     "present")),
            flags)


@lru_cache(maxsize=1)
def rules() -> FigureRules:
    return FigureRules()


class YearContext:
    """What an article has said about years so far."""

    def __init__(self, doc: Document) -> None:
        self.doc_year = doc.year
        self.term_start: str | None = None
        self.topic: tuple[int, str] | None = None  # (paragraph, year) opened by "Năm 2016, ..."

    def read(self, sentence: Sentence) -> None:
        r = rules()
        if (m := r.term.search(sentence.text)) and (m.group(1) or m.group(2)):
            self.term_start = m.group(1) or m.group(2)
        if m := r.topic.match(sentence.text):
            self.topic = (sentence.paragraph, m.group(1))

    def year_for(self, sentence: Sentence, before: str) -> str | None:
        r = rules()
        # an aside "(tăng 13 so với đầu nhiệm kỳ)" does not date the figure; "(năm 2015)" does
        before = _ASIDE.sub(lambda m: " " * len(m.group(0)), before)
        last = None
        for last in r.year_markers.finditer(before):
            pass
        if last is None:
            if self.topic and self.topic[0] == sentence.paragraph:
                return self.topic[1]
            return self.doc_year
        kind = last.lastgroup
        if kind == "period":
            return None
        if kind == "explicit":
            return re.search(r"\d{4}", last.group(0)).group(0)
        if kind == "last_year":
            return str(int(self.doc_year) - 1) if self.doc_year else None
        if kind == "term":
            year = re.search(r"\d{4}", last.group(0))
            return year.group(0) if year else self.term_start
        return self.doc_year


def figures(sentence: Sentence, mentions: list[Resolved], years: YearContext,
            fallback_subject: str | None) -> list[Fact]:
    r = rules()
    text = _DATES.sub(lambda m: " " * len(m.group(0)), sentence.text)
    parens = paren_spans(text)
    facts: list[Fact] = []
    seen_measures: list[tuple[int, str]] = []
    for match in r.number.finditer(text):
        start = match.start()
        if any(a < start < b for a, b in parens):
            continue
        before = text[:start]
        if r.skip_before.search(before):
            continue
        measure, unit_end = _measure(text, match, r)
        if not measure:
            continue
        if _subset(before, measure.id, seen_measures):
            continue
        if measure.id == "assigned_party_members" and _names_a_branch(mentions):
            continue  # "Đồn A cử 2 đảng viên về sinh hoạt cùng Chi bộ thôn B": the staffing's count
        seen_measures.append((start, measure.id))
        value, total = _value(match.group("num"), r)
        if value is None:
            continue
        found = _subject(text, start, unit_end, mentions)
        if found:
            subject, how, from_context = found
        elif fallback_subject:
            subject, how, from_context = fallback_subject, "figure:focus", False
        else:
            continue
        trust = confidence(how, from_context)
        year = years.year_for(sentence, before)
        facts.append(_fact(subject, measure.id, value, year, sentence, trust))
        if total is not None and measure.total:
            facts.append(_fact(subject, measure.total, total, year, sentence, trust))
    return facts


def _measure(text: str, match: re.Match[str], r: FigureRules) -> tuple[Measure | None, int]:
    before = text[: match.start()]
    for measure in r.measures:
        unit = measure.unit.match(text, match.end())
        if not unit:
            continue
        if measure.before and not measure.before.search(before):
            continue
        if measure.after and not measure.after.search(text[unit.end():]):
            continue
        if measure.context and not measure.context.search(text):
            continue
        if measure.not_before and measure.not_before.search(before):
            return None, match.end()
        return measure, unit.end()
    return None, match.end()


def _names_a_branch(mentions: list[Resolved]) -> bool:
    return any(m.raw.kind == "village_branch" for m in mentions) and any(
        m.raw.kind == "border_post" or (m.raw.category == "ref" and m.raw.kind == "post")
        for m in mentions)


def _subset(before: str, measure: str, seen: list[tuple[int, str]]) -> bool:
    """"6 đảng viên ..., trong đó, 3 đảng viên ...": the second is part of the first."""
    cut = before.lower().rfind("trong đó")
    return cut >= 0 and any(pos < cut and m == measure for pos, m in seen)


def _value(token: str, r: FigureRules) -> tuple[float | None, float | None]:
    if token.casefold() in r.words:
        return float(r.words[token.casefold()]), None
    value = parse_number(token)
    total = parse_number(token.split("/")[1]) if "/" in token else None
    return value, total


def _subject(text: str, start: int, unit_end: int,
             mentions: list[Resolved]) -> tuple[str, str, bool] | None:
    """The entity a figure is about, how it was found, and whether context named it."""
    candidates = [m for m in mentions if m.raw.category in ("org", "place", "ref")
                  and not m.raw.in_parens]
    quote = None
    for q in _QUOTE.finditer(text[:start]):
        quote = q
    if quote and re.search(r"\btôi\b", text[quote.end():], re.IGNORECASE):
        # a figure in the speaker's own words ("tôi ...") is about the speaker
        speaker = [m for m in mentions if m.raw.category == "person" and m.end <= quote.start()]
        if speaker:
            return speaker[-1].key, "figure:speaker", False
    preceding = [m for m in candidates if m.end <= start]
    comprises = re.search(r"\b(?:bao gồm|gồm)\b", text[:start])
    if comprises:  # "huyện A gồm thị trấn B và 5 xã": what is listed is part of A
        preceding = [m for m in preceding if m.end <= comprises.start()] or preceding
    # "tại xã A", "của huyện B", "trên địa bàn xã C": a place where, not who
    preceding = [m for m in preceding if not _locative(text, m)] or preceding
    if preceding:
        best_end = max(m.end for m in preceding)
        chosen = min((m for m in preceding if m.end == best_end), key=lambda m: m.start)
        chosen = _head_of_apposition(text, chosen, candidates)
        return chosen.key, "figure:subject", chosen.from_context
    owner = re.match(r"\s*(?:của|thuộc)\s+", text[unit_end:])
    if owner:
        after = [m for m in candidates if m.start == unit_end + owner.end()]
        if after:
            chosen = max(after, key=lambda m: m.end)
            return chosen.key, "figure:owner", chosen.from_context
    return None


_LOCATIVE = re.compile(r"\b(?:tại|ở|trên địa bàn|địa bàn|của|thuộc|cho|giữa|với|đến|về)\b")
_CLAUSE = re.compile(r"[,;:(]")


def _locative(text: str, mention: Resolved) -> bool:
    clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, mention.start)), default=0)
    return bool(_LOCATIVE.search(text, clause_start, mention.start))


def _head_of_apposition(text: str, mention: Resolved, candidates: list[Resolved]) -> Resolved:
    """"Chi bộ xóm A, xã B có 27 đảng viên": B only places A; A is the subject."""
    while mention.raw.category == "place":
        gap = re.search(r"(?:,|\()\s*$", text[: mention.start])
        head = next((m for m in candidates if gap and m.end == gap.start()), None)
        if head is None:
            break
        mention = head
    return mention


def _fact(subject: str, measure: str, value: float, year: str | None, sentence: Sentence,
          trust: float) -> Fact:
    args = [("subject", subject), ("measure", measure), ("value", format_number(value))]
    if year:
        args.append(("year", year))
    return Fact("statistic", tuple(args), sentence.index, f"figure:{measure}", trust)

