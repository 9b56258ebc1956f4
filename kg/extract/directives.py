"""Directives: "Chỉ thị số 45-CT/ĐU ngày 3/5/2021 của Ban Thường vụ Đảng ủy ..." -> a document.

A code (number, kind abbreviation, issuer abbreviation) or a kind word and a
number name a document; the date and issuer stand right after it ("ngày ...",
"của ...") or before it ("ngày ..., X đã ban hành Nghị quyết số ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.confidence import confidence
from kg.extract.lexicon import read_toml
from kg.model import Entity, Fact, Sentence
from kg.resolve import Resolved
from kg.text import slug

_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{1,2}) tháng (\d{1,2}) năm (\d{4})"


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    kinds: dict[str, str] = read_toml("documents.toml")["kinds"]
    by_abbreviation = {v.upper(): k for k, v in kinds.items()}
    words = "|".join(sorted(kinds, key=len, reverse=True))
    code = (
        r"(?P<code>(?P<number>\d+)\s*[-–]\s*(?P<abbr>[A-ZĐ][A-ZĐa-zđ]{1,3})(?:\s*[/-]\s*[A-ZĐ][A-ZĐ0-9]*)+"
        r"|(?P<number2>\d+)/(?:\d{4}/)?(?P<abbr2>[A-ZĐ][A-ZĐa-zđ]{1,3})-[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*)"
    )
    cited = re.compile(
        rf"(?:(?P<kind>{words}|(?i:{words}))(?:\s+số)?\s+)?{code}"
        rf"|(?P<kind_only>{words})(?:\s+số)?\s+(?P<bare>\d+)(?![\d/-])"
    )
    after = re.compile(rf"\s*,?\s*(?:(?:ban hành\s+)?ngày\s+(?:{_DATE}))?\s*,?\s*(?:của|do)?\s*")
    return by_abbreviation, cited, after


def directives(sentence: Sentence, mentions: list[Resolved]) -> tuple[list[Entity], list[Fact]]:
    by_abbreviation, cited, after = _patterns()
    text = sentence.text
    entities, facts = [], []
    for m in cited.finditer(text):
        code = m["code"] or m["bare"]
        abbr = (m["abbr"] or m["abbr2"] or "").upper()
        kind = m["kind"] or m["kind_only"] or by_abbreviation.get(abbr)
        if not kind:
            continue
        kind = kind[0].upper() + kind[1:]
        number = m["number"] or m["number2"] or m["bare"]
        tail = after.match(text, m.end())
        date = _date(tail) if tail else None
        issuer = None
        if tail and re.search(r"\b(?:của|do)\s*$", tail.group(0)):
            issuer = _org_at(mentions, tail.end())
        if not issuer:
            issuer, date_before = _issued_before(text, m.start(), mentions)
            date = date or date_before
        key = "directive/" + (slug(re.sub(r"[\s/–-]+", "-", code)) if m["code"] else f"{slug(kind)}-{number}")
        entities.append(Entity(key=key, category="directive", kind=kind, label=f"{kind} {code}",
                               code=re.sub(r"\s+", "", code), date=date, parent=issuer,
                               alt_labels=(number,)))
        facts.append(Fact("citation", (("directive", key),), sentence.index, "directive:code",
                          confidence("directive:code")))
    return entities, facts


def _date(match: re.Match[str]) -> str | None:
    groups = [g for g in match.groups() if g]
    if len(groups) < 3:
        return None
    day, month, year = (int(g) for g in groups[:3])
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _org_at(mentions: list[Resolved], position: int) -> str | None:
    here = [m for m in mentions if m.start == position and m.raw.category in ("org", "ref")]
    return max(here, key=lambda m: m.end).key if here else None


def _issued_before(text: str, start: int, mentions: list[Resolved]) -> tuple[str | None, str | None]:
    """"ngày 9/1/2019, Đảng ủy X đã ban hành Nghị quyết số ..."."""
    verb = re.search(r"(?:đã\s+)?(?:ban hành|ra|thông qua|ký|ký ban hành|có|triển khai)\s+$", text[:start])
    if not verb:
        return None, None
    orgs = [m for m in mentions if m.raw.category in ("org", "ref") and m.end <= verb.start()
            and not text[m.end: verb.start()].strip(" ,")]
    issuer = max(orgs, key=lambda m: m.end - m.start).key if orgs else None
    date = None
    if issuer:
        first = min(m.start for m in orgs)
        found = re.search(rf"[Nn]gày\s+(?:{_DATE})\s*,?\s*$", text[:first])
        date = _date(found) if found else None
    return issuer, date
