"""Normalisation at the entrance: NFC, Ð, tone placement, abbreviations, numbers."""

from __future__ import annotations

import re
import unicodedata

import pytest

from kg.text import (canonical_spelling, clean, expand_abbreviations, fold, paren_spans, parse_number, slug,
                     whole_words)


def test_clean_makes_nfc_and_reads_eth_as_d_with_stroke():
    decomposed = unicodedata.normalize("NFD", "Ðảng bộ xã")
    assert clean(decomposed) == "Đảng bộ xã"
    assert "\u00d0" not in clean("Ðồn Biên phòng")


def test_clean_plain_spaces_and_newlines():
    assert clean("a\u00a0b\r\nc") == "a b\nc"


@pytest.mark.parametrize("new, old", [("hoà", "hòa"), ("Thanh Loà", "Thanh Lòa"), ("Đảng uỷ", "Đảng ủy"),
                                      ("thuỷ", "thủy"), ("khoẻ", "khỏe")])
def test_one_tone_placement(new, old):
    assert canonical_spelling(new) == old
    assert fold(new) == fold(old)


def test_tone_placement_leaves_other_words_alone():
    assert canonical_spelling("hoàng quý") == "hoàng quý"  # not word-final oa, and qu + y


def test_abbreviations_written_out_with_offsets_back():
    text = "đảng viên ĐBP Tân Lập và BĐBP tỉnh"
    expanded = expand_abbreviations(text)
    assert expanded.text == "đảng viên Đồn Biên phòng Tân Lập và Bộ đội Biên phòng tỉnh"
    at = expanded.text.index("Tân Lập")
    assert text[expanded.to_original(at):].startswith("Tân Lập")
    assert expanded.to_original(0) == 0


def test_abbreviations_inside_a_code_are_kept():
    assert expand_abbreviations("Nghị quyết số 1625-NQ-ĐUBP").text == "Nghị quyết số 1625-NQ-ĐUBP"
    assert expand_abbreviations("Đồn BPCK Lào Cai").text == "Đồn Biên phòng Cửa khẩu Lào Cai"


@pytest.mark.parametrize("token, value", [("1.713", 1713), ("127.120", 127120), ("20,2", 20.2),
                                          ("83/83", 83), ("150", 150), ("abc", None)])
def test_vietnamese_numbers(token, value):
    assert parse_number(token) == value


def test_slug_is_ascii():
    assert slug("Đồn Biên phòng Cửa khẩu Quốc tế Lào Cai") == "don-bien-phong-cua-khau-quoc-te-lao-cai"


@pytest.mark.parametrize("text, spans", [
    ("Xã Pà Vầy Sủ (huyện Phong Thổ) có 5 bản", [(13, 30)]),
    ("tăng 13 (so với (năm 2015) đầu nhiệm kỳ)", [(16, 26), (8, 40)]),
    ("đảng viên (tăng 13", [(10, 18)]),  # left open: runs to the end
    ("không có ngoặc) nào", []),
])
def test_paren_spans(text, spans):
    assert paren_spans(text) == spans


@pytest.mark.parametrize("text, names, expected", [
    ("Mường Tè và Mường Tèo", ["Mường Tè"], [(0, 8, "Mường Tè")]),  # not inside a longer word
    ("xã Ka Lăng, Ka Lăng Mới", ["Ka Lăng Mới", "Ka Lăng"],
     [(3, 10, "Ka Lăng"), (12, 23, "Ka Lăng Mới")]),  # the longest at one place
    ("(Pa Vệ Sủ)", ["Pa Vệ Sủ", "Vệ Sủ"], [(1, 9, "Pa Vệ Sủ")]),  # none overlapping
    ("_Sín Chải", ["Sín Chải"], []),
])
def test_whole_words(text, names, expected):
    assert whole_words(text, names) == expected


def test_whole_words_finds_what_the_regex_finds():
    text = ("Huyện Mường Tè, Mường Tè Mới và Mường Tèo: Mường Tè-Mường Tè có 14 xã; "
            "Ka Lăng, Thu Lũm (Mường Tè), Mường Tè2, _Mường Tè.")
    names = ["Mường Tè Mới", "Mường Tè", "Thu Lũm", "Ka Lăng", "Lũm"]
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
    assert whole_words(text, names) == [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]
