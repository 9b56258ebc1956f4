"""Hostile input: odd encodings, binaries, empty and huge files, HTML, duplicates, bad SPARQL."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main
from kg.errors import InputError
from kg.ingest import MAX_BYTES, read_document
from kg.pipeline import collect_files

ARTICLE = (ROOT / "tests" / "dev" / "articles" / "101_hagiang.txt").read_text(encoding="utf-8")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Windows-1258 keeps â, ơ, ư ... whole and writes tone marks as combining characters."""
    out = []
    for c in unicodedata.normalize("NFC", text.replace("Ð", "Đ")):
        parts = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out.append(base + "".join(p for p in parts if p in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("name, data", [
    ("utf16.txt", ARTICLE.encode("utf-16")),
    ("legacy.txt", windows_1258(ARTICLE)),
    ("broken.txt", ARTICLE.encode("utf-8")[:400] + b"\xff\x80" + ARTICLE.encode("utf-8")[400:]),
    ("page.html.txt", ("<!DOCTYPE html><html><head><script>var x = 'Đồn Biên phòng Giả';</script></head><body>"
                       + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines() if line.strip())
                       + "</body></html>").encode("utf-8")),
])
def test_encodings_and_html_are_read_as_the_same_article(tmp_path, name, data):
    reference = read_document(ROOT / "tests" / "dev" / "articles" / "101_hagiang.txt")
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.title == reference.title and doc.date == reference.date
    assert "Giả" not in doc.text  # scripts are not text
    assert doc.text.count("Đồn Biên phòng") >= reference.text.count("Đồn Biên phòng") - 1


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02\x03PNG" * 50, "binary"),
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (bytes(range(128, 256)) * 20, "not text"),
])
def test_unreadable_files_are_named_in_one_line(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as error:
        read_document(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_a_file_too_large_for_an_article_is_skipped(tmp_path):
    path = tmp_path / "archive.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="too large"):
        read_document(path)


def test_the_same_article_given_twice_is_one_document(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    assert [p.name for p in collect_files([tmp_path, tmp_path / "a.txt"])] == ["a.txt"]


def test_a_build_goes_past_bad_articles_and_reports_each(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert out.exists()  # the good article is in the graph
    lines = result.stderr.splitlines()
    assert sum(line.startswith("kg: skipped") for line in lines) == 2
    assert lines[-1] == "kg: error: 2 of 3 article(s) skipped"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_malformed_sparql_gets_line_and_column_and_exit_2(tmp_path, engine):
    graph = tmp_path / "g.ttl"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(graph)])
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y \n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(bad), "-g", str(graph), "--engine", engine])
    assert result.exit_code == 2
    assert "not valid SPARQL" in result.stderr and any(c.isdigit() for c in result.stderr)


def test_a_long_query_is_given_up_after_its_timeout(tmp_path):
    graph = tmp_path / "g.ttl"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(graph)])
    slow = tmp_path / "slow.rq"
    slow.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n")
    result = CliRunner().invoke(main, ["query", str(slow), "-g", str(graph), "--timeout", "1"])
    assert result.exit_code == 2 and "longer than 1 s" in result.stderr
    quick = CliRunner().invoke(main, ["query", "documents", "-g", str(graph), "--timeout", "30"])
    assert quick.exit_code == 0 and "101_hagiang" not in quick.stdout and "a" in quick.stdout
