"""What a build loads: underthesea's sentence splitter and the gazetteer's table, each without
the rest of its package (whose __init__ loads models and parsers a build never uses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.ingest import read_document
from kg.nlp import _sent_tokenize, split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_splits_as_underthesea_does_on_every_seed_paragraph():
    from underthesea import sent_tokenize

    ours = _sent_tokenize()
    assert ours is not sent_tokenize  # the point: a module of its own
    paragraphs = [doc.text[a:b] for doc in map(read_document, sorted(SEEDS.glob("*.txt")))
                  for a, b in doc.paragraphs]
    assert len(paragraphs) > 40
    assert [ours(p) for p in paragraphs] == [sent_tokenize(p) for p in paragraphs]


def test_sentences_keep_their_offsets_and_abbreviations():
    doc = read_document(SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0])
    sentences = split_sentences(doc)
    assert len(sentences) > 3
    for sentence in sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
    ours = _sent_tokenize()
    assert ours("Đồn Biên phòng Lũng Cú có 30 đảng viên. TP. Hà Giang cách 150 km.") == [
        "Đồn Biên phòng Lũng Cú có 30 đảng viên.", "TP. Hà Giang cách 150 km."]


def test_a_build_does_not_import_underthesea_or_the_gazetteers_parsers(tmp_path):
    """Both packages' __init__ load what a build never uses (half a second each)."""
    code = ("import sys; from pathlib import Path; from kg.pipeline import read_article; "
            f"read_article(Path({str(sorted(SEEDS.glob('*.txt'))[0])!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('underthesea', 'vietnamadminunits')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_a_missing_gazetteer_package_is_one_clear_error(monkeypatch):
    import importlib.util

    from kg import gazetteer as module
    from kg.errors import GazetteerError

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    try:
        module._query("SELECT 1")
    except GazetteerError as e:
        assert "vietnamadminunits is not installed" in str(e)
    else:
        raise AssertionError("no error")


def test_the_gazetteer_table_is_read_without_its_package():
    from kg.gazetteer import gazetteer, successor_2025

    lung_cu = gazetteer().find("commune", "Lũng Cú")
    assert [(u.type, u.parent.name, u.parent.parent.name) for u in lung_cu] == [("xã", "Đồng Văn", "Hà Giang")]
    assert successor_2025(lung_cu[0]) == ("Xã Lũng Cú, Tỉnh Tuyên Quang", "00715")
