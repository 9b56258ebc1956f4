"""Officials: "Đại tá A, Bí thư Đảng ủy, Chính ủy Bộ đội Biên phòng tỉnh" -> memberships.

A person (named after a rank or an honorific) is followed by titles, each
maybe followed by the organization it belongs to. "Bí thư Đảng ủy, Chính ủy X"
means the Đảng ủy of X: a bare "Đảng ủy" takes the organization of the next
title, and failing that the party unit in focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kg.extract.confidence import confidence
from kg.extract.lexicon import Lexicon
from kg.model import Entity, Fact, Sentence
from kg.resolve import Resolved
from kg.text import fold

# between a name and its title: ", " or "(", maybe "được phân công làm", "kiêm chức vụ"
_LINK = re.compile(
    r"\s*(?:,|\(|–|-)\s*(?:(?:được\s+)?(?:phân công|bổ nhiệm|bầu)?\s*(?:làm|giữ chức(?:\s+vụ|\s+danh)?|"
    r"kiêm(?:\s+nhiệm)?(?:\s+chức\s+vụ)?|là)\s+)?"
)
_BARE_COMMITTEE = re.compile(r"(?i:đảng ủy)(?=\s*(?:[,;.)]|cho biết|$))")
_NEXT = re.compile(r"\s*(?:,|;)?\s*(?:kiêm(?:\s+nhiệm)?(?:\s+chức\s+vụ)?\s+)?")


_COMMITTEE = "bare Đảng ủy"


def officials(sentence: Sentence, mentions: list[Resolved], lex: Lexicon,
              entities: Mapping[str, Entity], committee_of: Callable[[str], str | None]) -> list[Fact]:
    text = sentence.text
    canonical = lex.position_names
    facts = []
    people = [m for m in mentions if m.raw.category == "person"]
    for n, person in enumerate(people):
        next_start = people[n + 1].start if n + 1 < len(people) else len(text)
        said = _SAID.search(text, person.end, next_start)  # "A cho biết, ..." ends what A is
        next_start = said.start() if said else next_start
        readings = [("official:apposition", _titles(text, person.end, mentions, lex, canonical)),
                    ("official:title-before", _title_before(text, person, mentions, lex, canonical)),
                    ("official:held", _titles_held(text, person.end, next_start, mentions, lex,
                                                   canonical))]
        for rule, titles in readings:
            facts += _memberships(person, titles, rule, sentence, entities, committee_of)
    return facts


def _memberships(person: Resolved, titles: list, rule: str, sentence: Sentence,
                 entities: Mapping[str, Entity], committee_of: Callable[[str], str | None]) -> list[Fact]:
    facts = []
    rank = person.raw.group("rank")
    for i, (title, org) in enumerate(titles):
        org_key = org.key if isinstance(org, Resolved) else None
        from_context = isinstance(org, Resolved) and org.from_context
        if org == _COMMITTEE or (org_key and org.raw.kind == "committee"):
            later = next((o for _, o in titles[i + 1:] if isinstance(o, Resolved)
                          and o.raw.category == "org"), None)
            if later and entities[later.key].kind in ("border_post", "border_guard"):
                org_key = committee_of(later.key)
                from_context = later.from_context
        elif org is None:
            # "Chính trị viên, Bí thư Đảng ủy Đồn X": the first title is of the post itself
            later = next((o for _, o in titles[i + 1:] if isinstance(o, Resolved)), None)
            parent = entities[later.key].parent if later else None
            if parent and entities[parent].kind in ("border_post", "border_guard"):
                org_key, from_context = parent, later.from_context
        args = [("person", person.key), ("position", title)]
        if org_key:
            args.append(("organization", org_key))
        if rank:
            args.append(("rank", rank))
        facts.append(Fact("membership", tuple(args), sentence.index, rule,
                          confidence(rule, from_context)))
    return facts


_HOLDS = re.compile(r"(?:giữ chức(?:\s+vụ|\s+danh)?|kiêm(?:\s+nhiệm)?(?:\s+chức\s+vụ)?|được bầu làm|"
                    r"được bầu giữ chức|được bổ nhiệm làm|làm)\s+")
_BEFORE = re.compile(r"\s*,?\s*(?:(?:ông|bà|đồng chí|anh|chị)\s+)?$", re.IGNORECASE)


def _titles_held(text: str, start: int, end: int, mentions: list[Resolved], lex: Lexicon,
                 canonical: dict[str, str]) -> list[tuple[str, Resolved | str | None]]:
    """"Đại úy A, cán bộ đồn, được tăng cường giữ chức Phó Bí thư Đảng ủy xã B"."""
    found = []
    for held in _HOLDS.finditer(text, start, end):
        title = lex.position.match(text, held.end())
        if title:
            found += _titles(text, held.end(), mentions, lex, canonical, first=_EMPTY)
    return found


def _title_before(text: str, person: Resolved, mentions: list[Resolved], lex: Lexicon,
                  canonical: dict[str, str]) -> list[tuple[str, Resolved | str | None]]:
    """Titles written before the name: "Bí thư Đảng ủy xã A, ông B cho biết", "Bí thư Đảng ủy,
    Chính trị viên Đồn X, Trung tá B" and (split by the scanner) "Bí thư Huyện ủy A Nguyễn Văn B"."""
    gap = _BEFORE.search(text, 0, person.start)
    written_after = person.raw.rule == "person:after-title"
    if not (written_after or person.raw.group("honorific") or person.raw.group("rank")):
        return []
    for title in lex.position.finditer(text, 0, gap.start()):
        # a chain of titles starts after a clause break, not inside another title chain
        if text[:title.start()].strip() and not re.search(r"[,;:.(]\s*$|^\s*$|\b(?:theo|của)\s+$",
                                                          text[:title.start()], re.IGNORECASE):
            continue
        titles, end = _title_chain(text, title.start(), mentions, lex, canonical, first=_EMPTY)
        if titles and end == gap.start() and any(org for _, org in titles):
            return titles
    return []


_EMPTY = re.compile(r"")
_SAID = re.compile(r"\b(?:cho biết|khẳng định|chia sẻ|nhấn mạnh|cho hay|nói|kể|thông tin)\b")


def _titles(text: str, position: int, mentions: list[Resolved], lex: Lexicon,
            canonical: dict[str, str], first: re.Pattern[str] = _LINK,
            ) -> list[tuple[str, Resolved | str | None]]:
    return _title_chain(text, position, mentions, lex, canonical, first)[0]


def _title_chain(text: str, position: int, mentions: list[Resolved], lex: Lexicon,
                 canonical: dict[str, str], first: re.Pattern[str] = _LINK,
                 ) -> tuple[list[tuple[str, Resolved | str | None]], int]:
    """Titles one after another ("Bí thư Đảng ủy, Chính trị viên Đồn X"), and where they end."""
    titles: list[tuple[str, Resolved | str | None]] = []
    link = first
    while True:
        gap = link.match(text, position)
        if not gap:
            break
        title = lex.position.match(text, gap.end())
        if not title:
            break
        name = canonical.get(fold(title.group(0)), title.group(0))
        at = title.end() + 1 if text[title.end(): title.end() + 1] == " " else title.end()
        starting = [m for m in mentions if m.start == at and m.raw.category in ("org", "ref")]
        org: Resolved | str | None = max(starting, key=lambda m: m.end) if starting else None
        bare = _BARE_COMMITTEE.match(text, at)
        if bare and (org is None or org.end <= bare.end()):
            # "Bí thư Đảng ủy, Chính ủy X": which Đảng ủy, the next title tells
            org = org or _COMMITTEE
            position = bare.end()
        else:
            position = org.end if org else title.end()
        titles.append((name, org))
        link = _NEXT
    return titles, position
