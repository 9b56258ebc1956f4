"""Staffing: "đảng viên Đồn Biên phòng A tham dự sinh hoạt tại Chi bộ thôn B" -> A staffs B.

A sentence that says a post's members attend branch meetings, and names a
border post and a village branch, says that post staffs that branch.
"""

from __future__ import annotations

import re

from kg.extract.confidence import confidence
from kg.model import Fact, Sentence
from kg.resolve import Resolved
from kg.text import format_number, parse_number

_CUE = re.compile(r"(?:tham dự|tham gia|dự)\s+(?:các\s+buổi\s+|buổi\s+)?sinh hoạt|sinh hoạt\s+(?:tại|ở|cùng|với)"
                  r"|đảng viên\s+(?:của\s+)?(?:đồn|biên phòng)\b[^.;]{0,60}?\bsinh hoạt\b", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"(\d+)\s+đảng viên\s+(?:của\s+|thuộc\s+)?$")
_COUNT_AFTER = re.compile(r"[^.;]*?\b(\d+)\s+đảng viên\s+(?:(?:về|đến|xuống|cùng)\s+)*"
                          r"(?:tham dự|tham gia|sinh hoạt|dự)")


def staffing(sentence: Sentence, mentions: list[Resolved], post_in_context: str | None) -> list[Fact]:
    """`post_in_context`: the post the paragraph or article is about, for an officer who
    "được phân công sinh hoạt tại Chi bộ bản A" with no post in the sentence."""
    text = sentence.text
    if not _CUE.search(text):
        return []
    # a post named, or "Đồn" / "đồn" standing for the post the article is about
    posts = [m for m in mentions if m.raw.kind == "border_post"
             or (m.raw.category == "ref" and m.raw.kind == "post")]
    branches = [m for m in mentions if m.raw.category == "org" and m.raw.kind == "village_branch"]
    officers = [m for m in mentions if m.raw.category == "person" and m.raw.group("rank")]
    if not posts and officers and post_in_context:  # a rank says the Border Guard
        posts = [Resolved(officers[0].raw, post_in_context, from_context=True)]
    facts = []
    for post in {m.key: m for m in posts}.values():
        count = _COUNT_BEFORE.search(text[: post.start]) or _COUNT_AFTER.match(text, post.end)
        for branch in branches:
            args = [("post", post.key), ("branch", branch.key)]
            if count and len(branches) == 1:
                args.append(("members", format_number(parse_number(count.group(1)) or 0)))
            facts.append(Fact("staffing", tuple(args), sentence.index, "staffing:attend",
                              confidence("staffing:attend", post.from_context or branch.from_context)))
    return facts
