"""`kg ask`: paraphrased questions in Vietnamese (with and without diacritics) and English
find the right saved query and parameters, at least nine times in ten."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.ask import match, vocabulary
from kg.cli import main
from kg.engine import OxigraphEngine
from kg.pipeline import build, collect_files

QUESTIONS = [
    # (question, saved query, parameters it must carry)
    ("Đồn biên phòng nào phụ trách chi bộ thôn nào?", "border-posts-staff-branches", {}),
    ("don bien phong nao phu trach chi bo thon nao", "border-posts-staff-branches", {}),
    ("Which border posts staff which village branches?", "border-posts-staff-branches", {}),
    ("Đảng viên của đồn nào tham gia sinh hoạt ở chi bộ bản nào?", "border-posts-staff-branches", {}),
    ("Đồn Biên phòng Tân Thanh phụ trách chi bộ nào?", "border-posts-staff-branches",
     {"post": "Đồn Biên phòng Tân Thanh"}),
    ("Those posts attend the meetings of which branches?", "border-posts-staff-branches", {}),
    ("Những đồn biên phòng nào được nhắc đến, đóng ở đâu?", "border-posts", {}),
    ("Where is Đồn Biên phòng Xín Cái?", "border-posts", {"post": "Đồn Biên phòng Xín Cái"}),
    ("dồn biên phòng ba sơn đóng ở đâu", "border-posts", {"post": "Đồn Biên phòng Ba Sơn"}),
    ("Which border posts are named and where are they located?", "border-posts", {}),
    ("Ai giữ chức vụ gì ở tổ chức nào?", "officials", {}),
    ("Who holds which position in which organization?", "officials", {}),
    ("Ông Lò Văn Phong giữ chức vụ gì?", "officials", {"person": "Lò Văn Phong"}),
    ("what position does Trịnh Hữu Tăng hold", "officials", {"person": "Trịnh Hữu Tăng"}),
    ("Ai là Bí thư Đảng ủy xã Phìn Hồ?", "position-history",
     {"position": "Bí thư", "organization": "Đảng ủy xã Phìn Hồ"}),
    ("ai la bi thu huyen uy nam po", "position-history", {"position": "Bí thư", "organization": "Huyện ủy Nậm Pồ"}),
    ("Who was Chính trị viên of Đồn Biên phòng Ba Sơn over time?", "position-history",
     {"position": "Chính trị viên", "organization": "Đồn Biên phòng Ba Sơn"}),
    ("Ai từng giữ chức Phó Bí thư Đảng ủy xã Xuất Lễ?", "position-history",
     {"position": "Phó Bí thư", "organization": "Đảng ủy xã Xuất Lễ"}),
    ("Những chỉ thị, nghị quyết nào được trích dẫn?", "directives", {}),
    ("Which directives and resolutions are cited, and when were they issued?", "directives", {}),
    ("chi thi nao duoc trich dan", "directives", {}),
    ("Chỉ thị 681-CT/ĐU ban hành khi nào?", "directives", {"code": "681-CT/ĐU"}),
    ("Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn đã ban hành những nghị quyết nào?",
     "directives-by-organization", {"organization": "Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn"}),
    ("Which documents did Ban Tổ chức Tỉnh ủy Lạng Sơn issue?", "directives-by-organization",
     {"organization": "Ban Tổ chức Tỉnh ủy Lạng Sơn"}),
    ("Những địa danh nào được nhắc đến, thuộc huyện nào?", "places", {}),
    ("Which administrative places are named?", "places", {}),
    ("Xã Tân Mỹ thuộc huyện nào?", "places", {"place": "Tân Mỹ"}),
    ("Bài báo nêu những số liệu gì?", "statistics", {}),
    ("What figures do the articles report?", "statistics", {}),
    ("Năm 2022 xã Phìn Hồ kết nạp bao nhiêu đảng viên?", "place-figures",
     {"place": "Phìn Hồ", "measure": "new_party_members"}),
    ("nam po co bao nhieu dang vien qua cac nam", "place-figures", {"place": "Nậm Pồ", "measure": "party_members"}),
    ("How many party members did Na Tông have?", "place-figures", {"place": "Na Tông", "measure": "party_members"}),
    ("Huyện Cao Lộc có những đồn biên phòng nào?", "district-posts-branches", {"district": "Cao Lộc"}),
    ("Which border posts and branches does the district of Văn Lãng have?", "district-posts-branches",
     {"district": "Văn Lãng"}),
    ("Cán bộ biên phòng nào được tăng cường về xã?", "seconded-officers", {}),
    ("Which Border Guard officers are seconded to communes?", "seconded-officers", {}),
    ("can bo bien phong nao duoc tang cuong ve xa", "seconded-officers", {}),
    ("Những bài báo nào đã được đọc, tác giả là ai?", "documents", {}),
    ("Which articles were read?", "documents", {}),
]
UNANSWERABLE = ["Thời tiết hôm nay thế nào?", "What is the capital of France?"]


@pytest.fixture(scope="module")
def names():
    files = collect_files([ROOT / "seeds", ROOT / "tests" / "dev" / "articles"])
    return vocabulary(OxigraphEngine.from_graph(build(files).graph))


def _right(found, query, params) -> bool:
    return found is not None and found.name == query and all(
        found.params.get(k) == v for k, v in params.items())


def test_nine_questions_in_ten_find_their_query_and_parameters(names):
    wrong = [(q, match(q, names)) for q, query, params in QUESTIONS if not _right(match(q, names), query, params)]
    assert len(QUESTIONS) >= 30
    assert len(wrong) <= len(QUESTIONS) // 10, "\n".join(f"{q} -> {m}" for q, m in wrong)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_a_question_no_query_answers_lists_the_closest(names, question):
    found = match(question, names)
    assert found.name == "" and len(found.alternatives) >= 3


def test_ask_from_the_command_line(tmp_path):
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    runner.invoke(main, ["build", str(ROOT / "seeds"), "-o", str(graph)])
    result = runner.invoke(main, ["ask", "Năm 2022 xã Phìn Hồ kết nạp bao nhiêu đảng viên?", "-g", str(graph)])
    assert result.exit_code == 0
    assert "query: place-figures" in result.stderr and "17" in result.stdout
    none = runner.invoke(main, ["ask", "Thời tiết hôm nay thế nào?", "-g", str(graph)])
    assert none.exit_code == 1 and "closest" in none.stderr


# Written after the cues and never tuned on: how the matcher does on questions it has not seen.
UNSEEN = [
    ("Cho tôi biết số đảng viên của xã Nậm Nhừ qua từng năm", "place-figures", {"place": "Nậm Nhừ"}),
    ("Đồn Biên phòng Xín Cái cử đảng viên sinh hoạt ở những chi bộ nào?", "border-posts-staff-branches",
     {"post": "Đồn Biên phòng Xín Cái"}),
    ("Who is the party secretary of Huyện ủy Nậm Pồ?", "position-history", {"organization": "Huyện ủy Nậm Pồ"}),
    ("liet ke cac bai bao va tac gia", "documents", {}),
    ("Which officers of the Border Guard became deputy secretaries of communes?", "seconded-officers", {}),
    ("Những chỉ thị nào đã được nhắc tới trong các bài?", "directives", {}),
    ("Where does Đồn Biên phòng Tân Thanh stand?", "border-posts", {"post": "Đồn Biên phòng Tân Thanh"}),
    ("Huyện Văn Lãng có đồn biên phòng nào?", "district-posts-branches", {"district": "Văn Lãng"}),
]


def test_questions_never_tuned_on(names):
    right = sum(_right(match(q, names), query, params) for q, query, params in UNSEEN)
    assert right >= 6  # 6 of 8 when written; the two misses are noted in the closing note
