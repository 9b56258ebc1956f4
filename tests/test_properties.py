"""Property-based: whatever the text, a build does not crash, and its output parses and conforms."""

from __future__ import annotations

from functools import lru_cache

import pyshacl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from conftest import ROOT
from kg.errors import KgError
from kg.graph import build_graph
from kg.pipeline import read_text

WORDS = ["Đồn Biên phòng", "Lũng Cú", "xã", "huyện", "thôn", "bản", "Chi bộ", "Đảng ủy", "Bí thư", "Đại úy",
         "Nguyễn Văn", "có", "đảng viên", "chi bộ", "hơn", "gần", "năm", "2022", "1.713", "83/83", "20,2%",
         "Chỉ thị", "681-CT/ĐU", "ngày", "8/10/2018", "của", "(", ")", ",", ".", ";", ":", "ĐBP", "BĐBP",
         "tham gia sinh hoạt tại", "kết nạp", "phụ trách", "hộ", "Ông", "Bà", "cho biết", "\n\n", "Ð", "uỷ"]
vietnamese_like = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
unicode_text = st.text(min_size=0, max_size=400)


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


def check(text: str) -> None:
    try:
        doc = read_text("p", text)
    except KgError:
        return  # refused with a message: allowed
    graph = build_graph([doc])
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(again) == len(graph)
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes(), inference="none")
    assert conforms, report


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(vietnamese_like)
def test_vietnamese_like_text(text):
    check(text)


@SETTINGS
@given(unicode_text)
def test_any_unicode(text):
    check(text)


@SETTINGS
@given(st.integers(min_value=0, max_value=6000))
def test_truncated_articles(cut):
    article = (ROOT / "tests" / "dev" / "articles" / "102_laocai.txt").read_text(encoding="utf-8")
    check(article[:cut])
