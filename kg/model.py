"""The data model every stage passes on.

ingest makes a `Document` (metadata, paragraphs, normalised text); nlp adds its
`Sentence`s; extract adds `Mention`s (spans into `Document.text`), the
`Entity`s they resolve to and the `Fact`s read from them; graph turns facts
into triples. Offsets always point into `Document.text` (abbreviations written
out); `Sentence.original_start/end` point into the cleaned page it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# place types, from the smallest unit up; `LEVEL` groups them the way the
# administration does
PLACE_LEVEL = {
    "tỉnh": "province",
    "huyện": "district",
    "thị xã": "district",
    "thành phố": "district",
    "quận": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "thôn": "village",
    "bản": "village",
    "xóm": "village",
    "làng": "village",
    "tổ dân phố": "village",
    "ấp": "village",
    "buôn": "village",
    "khối": "village",
}
LEVELS = ("province", "district", "commune", "village")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str
    original_start: int
    original_end: int


@dataclass(frozen=True)
class Mention:
    """A span of `Document.text` naming (or referring to) something."""

    start: int
    end: int
    category: str  # place | org | person | ref | directive
    label: str  # the canonical name it resolved to (or the surface text)
    entity: str | None = None  # key of the Entity it resolved to
    sentence: int = 0  # index of the Sentence it stands in


@dataclass(frozen=True)
class Entity:
    """A thing the graph has one node for. `key` becomes the IRI path."""

    key: str
    category: str  # place | org | person | directive | author
    kind: str  # place type ("xã"), org kind ("border_post"), directive kind ("Chỉ thị") ...
    label: str
    parent: str | None = None  # parent place / organization / issuer (a key)
    place: str | None = None  # the place an organization stands in or leads (a key)
    code: str | None = None  # gazetteer code, or a directive's code
    lat: float | None = None
    long: float | None = None
    date: str | None = None  # a directive's date of issue, ISO
    alt_labels: tuple[str, ...] = ()
    mentioned: bool = True  # named in the text (not only filled in from a gazetteer)
    successor: tuple[str, str] | None = None  # (name, code) of the unit that replaced it in 2025


@dataclass(frozen=True)
class Fact:
    """One relation read from one sentence, with the rule that read it."""

    kind: str  # membership | staffing | statistic | citation
    args: tuple[tuple[str, str], ...]
    sentence: int
    rule: str
    confidence: float = 1.0

    def get(self, name: str, default: str | None = None) -> str | None:
        return dict(self.args).get(name, default)


@dataclass
class Document:
    id: str
    text: str = ""
    original: str = ""
    title: str | None = None
    date: str | None = None  # ISO date of publication
    month: str | None = None  # YYYY-MM when only a month is given
    authors: tuple[str, ...] = ()
    url: str | None = None
    header: tuple[str, ...] = ()  # header lines kept as context (section, place tag)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    # per paragraph: (start in `text`, start in `original`, its abbreviation map)
    offset_maps: list[tuple[int, int, object]] = field(default_factory=list, repr=False)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def to_original(self, offset: int) -> int:
        """Offset in `text` -> offset in `original` (the cleaned page)."""
        for text_start, page_start, expanded in reversed(self.offset_maps):
            if offset >= text_start:
                return page_start + expanded.to_original(offset - text_start)
        return offset

    @property
    def year(self) -> str | None:
        for value in (self.date, self.month):
            if value:
                return value[:4]
        return None
