"""Find what a sentence names: places, organizations, people, and bare references.

Nothing is resolved here: a `Raw` is a span with what the rules say of it.
`kg.resolve` decides which entity each one is, using the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import _SYLLABLE as _SYLLABLE_RE
from kg.extract.lexicon import Lexicon
from kg.text import paren_spans
from kg.model import PLACE_LEVEL


@dataclass(frozen=True)
class Raw:
    start: int  # offsets into the sentence
    end: int
    category: str  # place | org | ref | person
    kind: str  # place type, org kind, what a ref refers to, or "person"
    name: str | None = None
    rule: str = ""
    groups: tuple[tuple[str, str], ...] = ()
    in_parens: bool = False
    parent_hint: tuple[str, str] | None = None  # (place type, name) written right after

    def group(self, name: str) -> str | None:
        return dict(self.groups).get(name)


def scan(text: str, lex: Lexicon) -> list[Raw]:
    """Every mention in one sentence, sorted by position (outer before inner)."""
    found = _places(text, lex) + _orgs(text, lex) + _refs(text, lex) + _people(text, lex)
    found = _split_names_after_titles(text, found, lex)
    found = _drop_nested_refs(found)
    parens = paren_spans(text)
    found = [_with_parens(r, parens) for r in found]
    found = _chain_parents(text, found, lex)
    return sorted(found, key=lambda r: (r.start, -r.end))


# what may stand before a capitalised place type that starts a place's name ("" = nothing)
_OPENS_A_CLAUSE = ("", ".", ":", ";", "(", '"', "“", "–", "-")


def _places(text: str, lex: Lexicon) -> list[Raw]:
    out = []
    for m in lex.place.finditer(text):
        if m["ptype"][0].isupper() and text[: m.start()].rstrip()[-1:] not in _OPENS_A_CLAUSE:
            continue  # "Đồn Biên phòng Làng Mô": a capital type word inside a name is the name
        if lex.foreign.match(text, m.end()):
            continue
        out.append(Raw(m.start(), m.end(), "place", m["ptype"].lower(), _name(m["name"], lex), "place"))
    for m in lex.introduced.finditer(text):
        # "xã A, huyện B là xã ...": B is A's parent, A is what is introduced
        written_after_type = re.search(r"(?:huyện|tỉnh|xã|thị trấn|thị xã|phường)\s*$", text[: m.start()])
        if m["name"] not in lex.not_names and not written_after_type:
            out.append(Raw(m.start("name"), m.end("name"), "place", m["ptype"], m["name"], "introduced"))
    for m in lex.list_head.finditer(text):
        ptype = m["ptype"].lower()
        category, kind, rule, groups = "place", ptype, "list", ()
        if "biên phòng" in ptype:
            category, kind = "org", "border_post"
        elif ptype.startswith("chi bộ"):  # "các chi bộ thôn A, B và C"
            village = ptype.removeprefix("chi bộ ").strip()
            category, kind, rule, groups = "org", "village_branch", "village-branch", (("ptype", village),)
        item = lex.first_item.match(text, m.end())
        while item:
            name = item["name"]
            out.append(Raw(item.start("name"), item.end("name"), category, kind, name, rule,
                           groups + (("name", name),)))
            item = lex.next_item.match(text, item.end())
    return [r for r in out if r.name]


def _orgs(text: str, lex: Lexicon) -> list[Raw]:
    out = []
    taken: list[tuple[int, int]] = []
    for pattern in lex.orgs:
        for m in pattern.regex.finditer(text):
            span = (m.start(), m.end())
            if span in taken:  # an earlier entry already read this span
                continue
            taken.append(span)
            groups = {k: v for k, v in m.groupdict().items() if v}
            if "province" in groups:  # "BĐBP Quảng Bình": a province named without "tỉnh"
                groups["name"] = groups.pop("province")
            out.append(Raw(m.start(), m.end(), "org", pattern.kind, groups.get("name"),
                           pattern.id, tuple(groups.items()) + (("whole", m.group(0)),)))
    return out


def _refs(text: str, lex: Lexicon) -> list[Raw]:
    return [Raw(m.start(), m.end(), "ref", ref.refers, None, ref.id)
            for ref in lex.refs for m in ref.regex.finditer(text)]


def _people(text: str, lex: Lexicon) -> list[Raw]:
    out = []
    for m in lex.person.finditer(text):
        if not (m["rank"] or m["honorific"]) or m["name"] in lex.not_names:
            continue
        groups = tuple((k, v) for k, v in (("rank", m["rank"]), ("honorific", m["honorific"])) if v)
        out.append(Raw(m.start(), m.end(), "person", "person", m["name"], "person", groups))
    return out


def _name(name: str, lex: Lexicon) -> str | None:
    return None if name in lex.not_names else name


def _split_names_after_titles(text: str, found: list[Raw], lex: Lexicon) -> list[Raw]:
    """"Bí thư Đảng ủy xã A B Nguyễn Văn C cho biết": the name runs on into a person's.

    Right after a title, a name whose later syllables open with a family name is
    split there: the place is "A B", the person "Nguyễn Văn C", who holds the title.
    Where the gazetteer knows the whole name it stays whole; where it knows a
    head of it, the split comes after that head.
    """
    out = list(found)
    for raw in found:
        if raw.category != "org" or not raw.name:
            continue
        title = _title_before(text, raw.start, lex)
        cut = _person_cut(raw.name.split(" "), lex) if title else None
        if cut is None:
            continue
        syllables = raw.name.split(" ")
        tail = " ".join(syllables[cut:])
        more = re.match(rf"(?: {_SYLLABLE_RE})*", text[raw.end:])  # the name may run on
        person = (tail + more.group(0))
        if len(person.split()) > 4:
            continue
        end = raw.end - len(tail) - 1
        name = " ".join(syllables[:cut]) or None
        for other in found:  # the organization and the places nested in it
            if other.end == raw.end and other.name and other.name.endswith(tail):
                trimmed = {**dict(other.groups), "whole": text[other.start:end]}
                if "name" in trimmed:
                    trimmed["name"] = name
                trimmed = {k: v for k, v in trimmed.items() if v}
                kept = other.name[: -len(tail) - 1] or None
                if other.category == "place" and not kept:
                    out.remove(other)
                    continue
                out[out.index(other)] = Raw(**{**other.__dict__, "end": end, "name": kept,
                                               "groups": tuple(trimmed.items())})
        out.append(Raw(end + 1, raw.end + len(more.group(0)), "person", "person", person,
                       "person:after-title", (("title_before", title.group(0)),)))
    return out


def _title_before(text: str, end: int, lex: Lexicon) -> re.Match[str] | None:
    """The title written right before `end` ("Bí thư" in "Bí thư Đảng ủy xã A")."""
    if not text[:end].rstrip().lower().endswith(lex.positions_lower):
        return None  # most names have none: skip the scan of everything before them
    return next((t for t in lex.position.finditer(text, 0, end) if not text[t.end(): end].strip()), None)


def _person_cut(syllables: list[str], lex: Lexicon) -> int | None:
    if lex.known_place(" ".join(syllables)):
        return None
    cuts = [i for i in range(1, len(syllables) - 1) if syllables[i] in lex.surnames]
    known = [i for i in cuts if lex.known_place(" ".join(syllables[:i]))]
    if not (known or cuts) and syllables[0] in lex.surnames and 2 <= len(syllables) <= 4:
        return 0  # "Phó Bí thư Huyện ủy Nguyễn Văn A": the committee is left to context
    return (known or cuts or [None])[-1]


def _drop_nested_refs(found: list[Raw]) -> list[Raw]:
    """A bare reference inside a named organization is part of that name."""
    orgs = [r for r in found if r.category in ("org", "person")]
    return [r for r in found if r.category != "ref"
            or not any(o.start <= r.start and r.end <= o.end for o in orgs)]



def _with_parens(raw: Raw, parens: list[tuple[int, int]]) -> Raw:
    inside = any(a < raw.start and raw.end <= b for a, b in parens)
    return Raw(**{**raw.__dict__, "in_parens": inside}) if inside else raw


_APPOSITION = re.compile(r"\s*(?:,|\(|-)\s*")


def _chain_parents(text: str, found: list[Raw], lex: Lexicon) -> list[Raw]:
    """`xã A, huyện B, Hà Giang` and `xã A (huyện B)`: each names its parent next."""
    places = sorted((r for r in found if r.category == "place"), key=lambda r: r.start)
    out = []
    for raw in found:
        if raw.category in ("place", "org") and raw.name:
            gap = _APPOSITION.match(text, raw.end)
            if gap:
                after = gap.end()
                nxt = next((p for p in places if p.start == after), None)
                guard = next((r for r in found if r.start == after and r.kind == "border_guard"
                              and r.name), None)
                if guard and raw.kind == "border_post":  # "Đồn ..., Bộ đội Biên phòng tỉnh X"
                    raw = Raw(**{**raw.__dict__, "parent_hint": ("tỉnh", guard.name)})
                elif nxt and _higher(nxt.kind, raw):
                    raw = Raw(**{**raw.__dict__, "parent_hint": (nxt.kind, nxt.name)})
                elif not nxt:
                    bare = re.match(lex.name, text[after:])
                    if bare and raw.category == "place" and PLACE_LEVEL.get(raw.kind) == "district":
                        raw = Raw(**{**raw.__dict__, "parent_hint": ("tỉnh", bare.group(0))})
        out.append(raw)
    return out


def _higher(ptype: str, raw: Raw) -> bool:
    from kg.model import LEVELS

    level = PLACE_LEVEL.get(ptype)
    if raw.category == "org":
        return level in ("commune", "district", "province")
    own = PLACE_LEVEL.get(raw.kind)
    return bool(level and own) and LEVELS.index(level) < LEVELS.index(own)
