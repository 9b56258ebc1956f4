"""The only module that uses underthesea.

underthesea returns strings without offsets; here they are aligned to the
text they came from, so that everything downstream speaks in character spans.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Sentence


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of every body paragraph, with offsets into `doc.text`."""
    sent_tokenize = _sent_tokenize()
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


@lru_cache(maxsize=1)
def _sent_tokenize() -> Callable[[str], list[str]]:
    """underthesea's `sent_tokenize`, loaded on its own.

    `import underthesea` loads every pipeline it has (tagging, chunking, NER, text
    classification with joblib and numpy): 0.3-0.45 s of each build's and each worker's
    start-up, for one module that needs only the standard library and its own
    parameters file. tests/test_loading.py checks it splits as `underthesea.sent_tokenize` does.
    """
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("underthesea is not installed (make install)")
    path = Path(next(iter(spec.submodule_search_locations))) / "pipeline" / "sent_tokenize" / "__init__.py"
    module_spec = importlib.util.spec_from_file_location("kg._underthesea_sent_tokenize", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.sent_tokenize


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
