"""Staffing: "đảng viên Đồn Biên phòng A tham dự sinh hoạt tại Chi bộ thôn B" -> A staffs B.

A sentence that says a post's members attend branch meetings, and names a
border post and a village branch, says that post staffs that branch.
"""

from __future__ import annotations

import re

from kg.model import Fact, Sentence
from kg.resolve import Resolved
from kg.text import format_number, parse_number

_CUE = re.compile(r"(?:tham dự|tham gia|dự)\s+(?:các\s+buổi\s+|buổi\s+)?sinh hoạt|sinh hoạt\s+(?:tại|ở|cùng|với)",
                  re.IGNORECASE)
_COUNT = re.compile(r"(\d+)\s+đảng viên\s+(?:của\s+|thuộc\s+)?$")


def staffing(sentence: Sentence, mentions: list[Resolved]) -> list[Fact]:
    text = sentence.text
    if not _CUE.search(text):
        return []
    posts = [m for m in mentions if m.raw.category == "org" and m.raw.kind == "border_post"]
    branches = [m for m in mentions if m.raw.category == "org" and m.raw.kind == "village_branch"]
    facts = []
    for post in posts:
        count = _COUNT.search(text[: post.start])
        for branch in branches:
            args = [("post", post.key), ("branch", branch.key)]
            if count and len(branches) == 1:
                args.append(("members", format_number(parse_number(count.group(1)) or 0)))
            facts.append(Fact("staffing", tuple(args), sentence.index, "staffing:attend"))
    return facts
