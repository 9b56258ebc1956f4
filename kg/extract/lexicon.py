"""Domain knowledge read from `kg/rules/`: ranks, titles, organization and place patterns.

Rule files are data; this module validates them on load (an error names the
file and the entry) and compiles them once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import RuleFileError
from kg.text import canonical_spelling, clean, fold


def _as_ranges(chars: list[str]) -> str:
    """The inside of a character class for `chars` (in code point order), with runs
    written `A-Z`. The capital letters below are 763 characters but 471 items this way,
    and the patterns that hold them four times over compile faster: loading the rules,
    which every build does, took 0.12 s instead of 0.17 s."""
    runs: list[list[str]] = []  # [first, last] of each run of consecutive code points
    for c in chars:
        if runs and ord(c) == ord(runs[-1][1]) + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(first if first == last else f"{first}-{last}" for first, last in runs)


# Vietnamese capital letters, taken from Unicode rather than typed out
UPPER = _as_ranges(
    [c for c in map(chr, range(0x41, 0x1EFF)) if c.isupper() and c.isalpha() and c != "\u00d0"]
)
_SYLLABLE = rf"[{UPPER}](?:'[{UPPER}])?[^\W\d_]*"  # "H'Bia", "Y'Thanh" too


def _source(name: str):
    return resources.files("kg").joinpath(f"rules/{name}")


def read_list(name: str) -> tuple[str, ...]:
    """A one-entry-a-line rule file; `#` starts a comment line."""
    entries = []
    for line in _source(name).read_text(encoding="utf-8").splitlines():
        line = clean(line).strip()
        if line and not line.startswith("#"):
            entries.append(line)
    if not entries:
        raise RuleFileError(f"{_source(name)}: no entries")
    return tuple(entries)


def read_toml(name: str) -> dict:
    source = _source(name)
    try:
        return tomllib.loads(clean(source.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as e:
        raise RuleFileError(f"{source}: {e}") from e


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class OrgPattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    label: str
    place: str | None
    of: str | None


@dataclass(frozen=True)
class RefPattern:
    id: str
    regex: re.Pattern[str]
    refers: str


class Lexicon:
    """Everything the extractors look up, compiled."""

    def __init__(self) -> None:
        self.ranks = read_list("ranks.txt")
        self.honorifics = read_list("honorifics.txt")
        self.positions = tuple(canonical_spelling(p) for p in read_list("positions.txt"))
        self.position_names = {fold(p): p for p in self.positions}  # any spelling -> as listed
        self.not_names = frozenset(read_list("not_names.txt"))
        self.surnames = frozenset(read_list("surnames.txt"))
        orgs = read_toml("organizations.toml")
        places = read_toml("places.toml")
        self.canonical = {k.casefold(): v for k, v in orgs.get("canonical", {}).items()}
        self.committee_place = {k.casefold(): v for k, v in orgs.get("committee_place", {}).items()}
        self.place_types = tuple(places["types"])

        # a continuation syllable of a name may not open a title, rank or kind word
        stops = self.ranks + self.honorifics + self.positions + (
            "Đảng ủy", "Đảng bộ", "Chi bộ", "Ban", "Đồn Biên phòng", "Bộ đội", "Huyện ủy",
            "Tỉnh ủy", "Ủy ban", "Cửa khẩu",
        )
        stop = rf"(?!(?:{_alternatives(stops)})\b)"
        self.stop = stop
        self.name = rf"{_SYLLABLE}(?: {stop}{_SYLLABLE}){{0,4}}(?: \d{{1,3}}[A-Z]?\b)?"
        self.person_name = rf"{_SYLLABLE}(?: {stop}{_SYLLABLE}){{1,4}}"

        self.orgs = tuple(self._org(entry, "organizations.toml") for entry in orgs["org"])
        self.refs = tuple(
            RefPattern(e["id"], self._compile(e["pattern"], "organizations.toml", e["id"]), e["refers"])
            for e in orgs["ref"]
        )
        types = _alternatives(self.place_types + tuple(t[0].upper() + t[1:] for t in self.place_types))
        self.place = re.compile(rf"(?<![\w])(?P<ptype>{types})(?: biên giới)?\s+(?P<name>{self.name})")
        self.introduced = self._compile(places["introduced"], "places.toml", "introduced")
        self.list_head = self._compile(places["list_head"], "places.toml", "list_head")
        self.stationed = self._compile(places["stationed"], "places.toml", "stationed")
        self.foreign = self._compile(places["foreign"], "places.toml", "foreign")
        self.stationed_before = self._compile(places["stationed_before"], "places.toml", "stationed_before")
        self.area = self._compile(places["area"], "places.toml", "area")
        # the first item of a list follows its head; the others follow "," or "và"
        self.first_item = re.compile(rf"\s*{stop}(?P<name>{self.name})")
        self.next_item = re.compile(rf"\s*(?:,\s*và|,|và)\s*{stop}(?P<name>{self.name})")

        ranks, honorifics = _alternatives(self.ranks), _alternatives(self.honorifics)
        honorifics_any_case = f"{honorifics}|{honorifics.lower()}"
        self.person = re.compile(
            rf"(?<![\w])(?:(?P<rank>{ranks}) )?(?:(?P<honorific>{honorifics_any_case}) )?"
            rf"(?P<name>{self.person_name})"
        )
        positions = _alternatives(self.positions)
        self.position = re.compile(rf"(?i:{positions})(?![\w])")
        self.positions_lower = tuple(p.lower() for p in self.positions)  # a quick test before that

    def _compile(self, pattern: str, source: str, entry: str) -> re.Pattern[str]:
        try:
            return re.compile(pattern.replace("{NAME}", self.name))
        except re.error as e:
            raise RuleFileError(f"{_source(source)}: entry {entry!r}: {e}") from e

    def _org(self, entry: dict, source: str) -> OrgPattern:
        missing = {"id", "kind", "pattern", "label"} - entry.keys()
        if missing:
            raise RuleFileError(f"{_source(source)}: entry {entry.get('id')!r} lacks {sorted(missing)}")
        return OrgPattern(
            id=entry["id"],
            kind=entry["kind"],
            regex=self._compile(entry["pattern"], source, entry["id"]),
            label=entry["label"],
            place=entry.get("place"),
            of=entry.get("of"),
        )

    def known_place(self, name: str) -> bool:
        from kg.gazetteer import gazetteer

        return gazetteer().known(name)

    def canonical_word(self, word: str) -> str:
        return self.canonical.get(word.casefold(), word)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
