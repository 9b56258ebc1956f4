from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Document
from kg.pipeline import read_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def facts_of(doc: Document, kind: str) -> set[tuple]:
    """Facts of one kind as tuples of labels, easy to compare with expectations."""
    out = set()
    for fact in doc.facts:
        if fact.kind != kind:
            continue
        args = dict(fact.args)
        if kind == "membership":
            org = args.get("organization")
            out.add((doc.entities[args["person"]].label, args.get("rank", ""), args["position"],
                     doc.entities[org].label if org else ""))
        elif kind == "statistic":
            out.add((doc.entities[args["subject"]].label, args["measure"], args["value"],
                     args.get("year", "")))
        elif kind == "staffing":
            out.add((doc.entities[args["post"]].label, doc.entities[args["branch"]].label,
                     args.get("members", "")))
        elif kind == "citation":
            d = doc.entities[args["directive"]]
            out.add((d.code, d.kind, doc.entities[d.parent].label if d.parent else "", d.date or ""))
    return out


def places_of(doc: Document) -> set[tuple[str, str, str]]:
    return {(e.label, e.kind, doc.entities[e.parent].label if e.parent else "")
            for e in doc.entities.values() if e.category == "place" and e.mentioned}


@pytest.fixture
def read():
    """Read a text as an article body (a title line is added so the text is all body)."""
    def _read(body: str, date: str = "Thứ Hai, 10/04/2023") -> Document:
        return read_text("t", f"Tiêu đề bài viết thử nghiệm về công tác đảng\n\n{date}\n\n{body}\n")
    return _read
