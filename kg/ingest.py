"""A news page -> a `Document`: metadata apart, boilerplate out, text normalised.

Pages have a header (section name, title, a date line, a place tag), a body of
paragraphs (captions included: they name people and places), and a footer
(byline, source URL, "Bình luận", "Back To Top"...). Only the body is read
for facts; the header and footer give the title, date, authors and URL.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import InputError, RuleFileError
from kg.model import Document
from kg.text import canonical_spelling, clean, expand_abbreviations

_URL = re.compile(r"https?://\S+")
_DATE_DMY = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_SENTENCE_END = re.compile(r"[.!?…:;)\"”]$")


class _Rules:
    def __init__(self, data: dict) -> None:
        flags = re.IGNORECASE
        self.furniture = [re.compile(p, flags) for p in data["furniture"]]
        self.meta = [re.compile(p, flags) for p in data["meta"]]
        self.sections = set(data["sections"])
        self.credits = [re.compile(p, flags) for p in data["credits"]]
        self.dateline = re.compile(data["dateline"])
        self.byline_prefixes = [re.compile(p, flags) for p in data["byline_prefixes"]]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    source = resources.files("kg").joinpath("rules/boilerplate.toml")
    try:
        return _Rules(tomllib.loads(source.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, KeyError, re.error) as e:
        raise RuleFileError(f"{source}: {e}") from e


MAX_BYTES = 5_000_000  # far beyond any article; a larger file is an archive or a mistake


def read_document(path: Path) -> Document:
    """Read one article file: UTF-8, UTF-16 with a BOM, or Windows-1258; text or HTML."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size / 1e6:.0f} MB is too large for one article; split it")
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    text = decode(raw, path)
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return parse_page(path.stem, text)


def decode(raw: bytes, path: Path) -> str:
    """The text of a file, whichever encoding Vietnamese sites and editors save in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: broken UTF-16 text (byte {e.start})") from e
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: a binary file, not an article")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mostly = raw.decode("utf-8", errors="replace")
    if mostly.count("\ufffd") <= max(1, len(raw) // 1000):
        return mostly  # a few broken bytes in UTF-8 text: keep the rest
    legacy = raw.decode("cp1258", errors="replace")  # Windows-1258: tone marks combine
    if legacy.count("\ufffd") == 0 and _vietnamese(legacy):
        return legacy
    raise InputError(f"{path}: not text in UTF-8, UTF-16 or Windows-1258")


def _vietnamese(text: str) -> bool:
    import unicodedata

    marks = sum(1 for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c))
    return marks > len(text) // 50


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_to_text(page: str) -> str:
    """The visible text of an HTML page, one block a line (the page parser does the rest)."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "title", "section", "article",
                  "header", "footer", "figcaption", "time"}
        HIDDEN = {"script", "style", "noscript", "template"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in self.HIDDEN
            if tag in self.BLOCKS:
                self.parts.append("\n\n")

        def handle_endtag(self, tag):
            self.hidden -= tag in self.HIDDEN and self.hidden > 0
            if tag in self.BLOCKS:
                self.parts.append("\n\n")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(" ".join(data.split(" ")))

    parser = _Text()
    parser.feed(page)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def parse_page(doc_id: str, raw: str) -> Document:
    """Split a page into metadata and body, and normalise the body."""
    rules = _rules()
    page = clean(raw)
    lines = _lines(page)
    doc = Document(id=doc_id, original=page)

    kept: list[tuple[int, str]] = []
    for start, line in lines:
        if any(p.search(line) for p in rules.furniture):
            continue
        if _URL.fullmatch(line):
            doc.url = doc.url or line
            continue
        if any(p.search(line) for p in rules.meta) and len(line) < 160:
            _read_date(doc, line)
            continue
        kept.append((start, line))

    # the body starts with the first real paragraph; a page of short lines has its title
    # as the only header line
    body_start = next((i for i, (_, line) in enumerate(kept) if _is_paragraph(line)),
                      min(1, len(kept)))
    header = [line for _, line in kept[:body_start]]
    body = kept[body_start:]
    if body and _is_byline(body[-1][1]):
        doc.authors = _authors(body[-1][1])
        body = body[:-1]
    # a byline may also stand in the header, in capitals: "PHẠM TIẾN - LÒ PHONG"
    shouted = [line for line in header if line.isupper() and _is_byline(line)]
    if shouted:
        header = [line for line in header if line not in shouted]
        doc.authors = doc.authors or _authors(shouted[0])
    doc.header = tuple(header)
    doc.title = _title(header) or (body[0][1] if body and not header else None)
    if not doc.date and not doc.month:
        for line in header:
            _read_date(doc, line)
    _fill_body(doc, body, rules)
    return doc


def _lines(page: str) -> list[tuple[int, str]]:
    out = []
    for match in re.finditer(r"[^\n]+", page):
        line = match.group(0)
        if line.strip():
            out.append((match.start() + len(line) - len(line.lstrip()), line.strip()))
    return out


def _is_paragraph(line: str) -> bool:
    # titles run long but never end a sentence; a lead paragraph does
    words = len(line.split())
    return words >= 40 or (words >= 8 and bool(_SENTENCE_END.search(line)))


def _is_byline(line: str) -> bool:
    if len(line.split()) > 8 or line.endswith("."):
        return False
    rules = _rules()
    for prefix in rules.byline_prefixes:
        line = prefix.sub("", line)
    line = re.sub(r"\s*\([^()]*\)\s*", " ", line.split("/")[0])
    words = [w for w in re.split(r"[\s,;–—-]+", line) if w]
    return bool(words) and all(w[0].isupper() for w in words)


def _authors(line: str) -> tuple[str, ...]:
    for prefix in _rules().byline_prefixes:
        line = prefix.sub("", line)
    line = line.split("/")[0]  # "MINH ANH/baohagiang.vn"
    line = re.sub(r"\s*\([^()]*\)\s*", " ", line)  # "Nguyễn Oanh (TTXVN)"
    names = [n.strip() for n in re.split(r"\s+[-–—]\s+|[,;]|\s+và\s+", line) if n.strip()]
    return tuple(n.title() if n.isupper() else n for n in names)


def _title(header: list[str]) -> str | None:
    sections = _rules().sections
    candidates = [h for h in header if h.casefold() not in sections]
    for line in candidates:
        if len(line.split()) >= 4:
            return line
    return max(candidates, key=len, default=None)


def _read_date(doc: Document, line: str) -> None:
    if doc.date or doc.month:
        return
    if match := _DATE_DMY.search(line):
        day, month, year = (int(g) for g in match.groups())
        if 1 <= day <= 31 and 1 <= month <= 12:
            doc.date = f"{year:04d}-{month:02d}-{day:02d}"
    elif match := _DATE_ISO.search(line):
        year, month, day = match.groups()
        if day:
            doc.date = f"{year}-{month}-{day}"
        else:
            doc.month = f"{year}-{month}"


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Spaces over what a pattern matches: out of the facts, offsets unchanged."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _one_tone_placement(line: str) -> str:
    """`Đảng uỷ` -> `Đảng ủy`: the same length, so offsets still fit the original."""
    canonical = canonical_spelling(line)
    return canonical if len(canonical) == len(line) else line


def _fill_body(doc: Document, body: list[tuple[int, str]], rules: _Rules) -> None:
    pieces: list[str] = []
    position = 0
    for number, (page_start, line) in enumerate(body):
        for credit in rules.credits:
            line = _blank(line, credit)
        if number == 0:
            line = _blank(line, rules.dateline)
        expanded = expand_abbreviations(_one_tone_placement(line))
        doc.paragraphs.append((position, position + len(expanded.text)))
        doc.offset_maps.append((position, page_start, expanded))
        pieces.append(expanded.text)
        position += len(expanded.text) + 2
    doc.text = "\n\n".join(pieces)
