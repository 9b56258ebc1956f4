"""The only module that imports underthesea.

underthesea returns strings without offsets; here they are aligned to the
text they came from, so that everything downstream speaks in character spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import InputError
from kg.model import Document, Sentence


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    tag: str  # underthesea POS tag: Np proper noun, N noun, V verb, M number, CH punctuation ...


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of every body paragraph, with offsets into `doc.text`."""
    from underthesea import sent_tokenize

    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(doc.paragraphs):
        paragraph = doc.text[start:end]
        for s_start, s_end in _align(paragraph, sent_tokenize(paragraph)):
            a, b = start + s_start, start + s_end
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=a,
                    end=b,
                    paragraph=number,
                    text=doc.text[a:b],
                    original_start=doc.to_original(a),
                    original_end=doc.to_original(b),
                )
            )
    return sentences


def words(text: str) -> list[Word]:
    """Words of one sentence (multi-syllable words kept whole), POS-tagged."""
    return list(_tagged(text))


@lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[Word, ...]:
    from underthesea import pos_tag

    pairs = pos_tag(text)
    spans = _align(text, [w for w, _ in pairs])
    return tuple(Word(a, b, text[a:b], tag) for (a, b), (_, tag) in zip(spans, pairs))


def _align(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Offsets of consecutive pieces of `text`; whitespace inside a piece may differ."""
    spans = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:
            pattern = r"\s*".join(re.escape(part) for part in piece.split())
            match = re.compile(pattern).search(text, cursor)
            if not match:
                raise InputError(f"cannot align {piece[:40]!r} to the text")
            at, end = match.start(), match.end()
        else:
            end = at + len(piece)
        spans.append((at, end))
        cursor = end
    return spans
