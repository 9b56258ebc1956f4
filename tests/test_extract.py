"""Each rule family on sentences written the way border papers write, with the facts expected."""

from __future__ import annotations

import pytest

from conftest import facts_of, places_of

# -- officials -------------------------------------------------------------------------

OFFICIALS = [
    ("Thượng tá Vàng Seo Dìn, Chính trị viên Đồn Biên phòng Lũng Cú cho biết, đơn vị luôn bám địa bàn.",
     {("Vàng Seo Dìn", "Thượng tá", "Chính trị viên", "Đồn Biên phòng Lũng Cú")}),
    # one person, two titles; a bare "Đảng ủy" is the committee of the next title's organization
    ("Trung tá Lục Văn Khoa, Bí thư Đảng ủy, Chính trị viên Đồn Biên phòng Sóc Giang khẳng định như vậy.",
     {("Lục Văn Khoa", "Trung tá", "Bí thư", "Đảng ủy Đồn Biên phòng Sóc Giang"),
      ("Lục Văn Khoa", "Trung tá", "Chính trị viên", "Đồn Biên phòng Sóc Giang")}),
    # abbreviations written out, and the gate of a border post kept in its name
    ("Thiếu tá Hà Văn Sơn, Phó Chỉ huy trưởng ĐBP Cửa khẩu Thanh Thủy chia sẻ kinh nghiệm.",
     {("Hà Văn Sơn", "Thiếu tá", "Phó Chỉ huy trưởng", "Đồn Biên phòng Cửa khẩu Thanh Thủy")}),
    # the longest title wins; the commune comes from the same sentence
    ("Ông Sùng Mí Pó, Bí thư Đảng ủy xã Lũng Táo trao đổi với bà Giàng Thị Mai, "
     "Phó Bí thư Thường trực Đảng ủy xã về công tác phát triển đảng viên.",
     {("Sùng Mí Pó", "", "Bí thư", "Đảng ủy xã Lũng Táo"),
      ("Giàng Thị Mai", "", "Phó Bí thư Thường trực", "Đảng ủy xã Lũng Táo")}),
    # a title inside a parenthesis after "kiêm chức vụ"
    ("Đại úy Lò Văn Thanh (được phân công làm đội trưởng tăng cường xã, kiêm chức vụ Phó Bí thư "
     "Đảng ủy xã Mường Nhé) trao đổi với người dân.",
     {("Lò Văn Thanh", "Đại úy", "Đội trưởng tăng cường xã", ""),
      ("Lò Văn Thanh", "Đại úy", "Phó Bí thư", "Đảng ủy xã Mường Nhé")}),
    ("Đồng chí Hoàng Văn Bảo, Bí thư Huyện ủy Trùng Khánh nhấn mạnh nhiệm vụ trọng tâm.",
     {("Hoàng Văn Bảo", "", "Bí thư", "Huyện ủy Trùng Khánh")}),
    ("Bà Nông Thị Hạnh, Bí thư Chi bộ xóm Pác Rằng, xã Đàm Thủy cho biết chi bộ sinh hoạt đều đặn.",
     {("Nông Thị Hạnh", "", "Bí thư", "Chi bộ xóm Pác Rằng")}),
    # a person named without any title holds no position
    ("Anh Vừ A Tính, bản Huổi Lếch cho biết anh sẽ phấn đấu vào Đảng.", set()),
]


@pytest.mark.parametrize("sentence, expected", OFFICIALS)
def test_officials(read, sentence, expected):
    assert facts_of(read(sentence), "membership") == expected


def test_title_without_organization_takes_the_commune_in_focus(read):
    doc = read("Đảng bộ xã Sà Phìn hiện có 9 chi bộ. Ông Thào Mí Lử, Bí thư Đảng ủy, cho biết như vậy.")
    assert ("Thào Mí Lử", "", "Bí thư", "Đảng ủy xã Sà Phìn") in facts_of(doc, "membership")


def test_board_title_of_the_district_committee_in_focus(read):
    doc = read("Khu vực biên giới của huyện Mèo Vạc gồm 7 xã. "
               "Ông Lý Văn Cường, Trưởng Ban Tổ chức Huyện ủy cho biết như vậy.")
    assert ("Lý Văn Cường", "", "Trưởng Ban Tổ chức", "Huyện ủy Mèo Vạc") in facts_of(doc, "membership")


def test_provincial_border_guard_takes_the_province_of_the_article(read):
    doc = read("Thực hiện hướng dẫn của Tỉnh ủy Cao Bằng, đơn vị triển khai nhiều việc. "
               "Đại tá Bế Văn Tuấn, Bí thư Đảng ủy, Chính ủy BĐBP tỉnh khẳng định như vậy.")
    assert facts_of(doc, "membership") == {
        ("Bế Văn Tuấn", "Đại tá", "Bí thư", "Đảng ủy Bộ đội Biên phòng tỉnh Cao Bằng"),
        ("Bế Văn Tuấn", "Đại tá", "Chính ủy", "Bộ đội Biên phòng tỉnh Cao Bằng"),
    }


# -- places ----------------------------------------------------------------------------

def test_places_chain_and_gazetteer_parents(read):
    doc = read("Cán bộ Đồn Biên phòng Lũng Cú thăm gia đình ở thôn Lô Lô Chải, xã Lũng Cú, huyện Đồng Văn.")
    assert places_of(doc) == {
        ("Lô Lô Chải", "thôn", "Lũng Cú"),
        ("Lũng Cú", "xã", "Đồng Văn"),
        ("Đồng Văn", "huyện", "Hà Giang"),  # the province from the gazetteer
    }


def test_a_commune_and_a_village_of_one_name_are_two_places(read):
    doc = read("Anh Giàng A Páo, bản Sín Chải, xã Sín Chải cho biết anh sẽ cố gắng.")
    assert {("Sín Chải", "bản"), ("Sín Chải", "xã")} <= {(p, t) for p, t, _ in places_of(doc)}


def test_list_of_communes_after_a_count(read):
    doc = read("Hiện nay, khu vực biên giới của huyện Mường Khương gồm 5 xã: Pha Long, Tả Ngải Chồ, "
               "Tung Chung Phố, Dìn Chin và Nậm Chảy.")
    communes = {p for p, t, parent in places_of(doc) if t == "xã" and parent == "Mường Khương"}
    # the gazetteer spells one of them with another tone mark; its spelling wins
    assert communes == {"Pha Long", "Tả Ngài Chồ", "Tung Chung Phố", "Dìn Chin", "Nậm Chảy"}
    variant = next(e for e in doc.entities.values() if e.label == "Tả Ngài Chồ")
    assert variant.alt_labels == ("Tả Ngải Chồ",)


def test_a_name_introduced_by_its_type(read):
    doc = read("Mèo Vạc là huyện biên giới có nhiều khó khăn, tỷ lệ hộ nghèo cao.")
    assert ("Mèo Vạc", "huyện", "Hà Giang") in places_of(doc)


def test_a_district_named_once_is_known_by_its_bare_name_after(read):
    # without the district's bare name the commune in focus would take the figure
    doc = read("Xã Mường Lống thuộc huyện Kỳ Sơn. Năm 2022, Kỳ Sơn kết nạp 120 đảng viên.")
    assert facts_of(doc, "statistic") == {("Kỳ Sơn", "new_party_members", "120", "2022")}


def test_tone_placement_variants_are_one_place(read):
    doc = read("Xã Thanh Loà có nhiều thôn giáp biên. Đảng ủy xã Thanh Lòa lãnh đạo tốt.")
    assert [p for p, t, _ in places_of(doc) if t == "xã"] == ["Thanh Lòa"]


# -- border posts ----------------------------------------------------------------------

def test_post_stands_in_the_commune_it_is_stationed_in(read):
    doc = read("Đồn Biên phòng Pa Vây Sử đóng chân trên địa bàn xã biên giới Pa Vây Sử (huyện Phong Thổ).")
    post = next(e for e in doc.entities.values() if e.kind == "border_post")
    assert post.label == "Đồn Biên phòng Pa Vây Sử"
    assert doc.entities[post.place].label == "Pa Vây Sử"


def test_posts_listed_after_a_count_stand_in_the_district_named(read):
    doc = read("Hiện nay, trên địa bàn huyện Bát Xát có 30 đảng viên thuộc 3 đồn biên phòng: "
               "A Mú Sung, Y Tý, Trịnh Tường tham dự sinh hoạt tại các chi bộ.")
    posts = {e.label: doc.entities[e.place].label for e in doc.entities.values() if e.kind == "border_post"}
    assert set(posts) == {"Đồn Biên phòng A Mú Sung", "Đồn Biên phòng Y Tý", "Đồn Biên phòng Trịnh Tường"}


def test_newspaper_dateline_is_not_a_border_post(read):
    doc = read_with_dateline = read("ĐBP - Hiện nay Đảng bộ xã Mường Toong có 120 đảng viên.")
    assert not [e for e in doc.entities.values() if e.kind == "border_post"], read_with_dateline


# -- staffing --------------------------------------------------------------------------

def test_post_staffs_the_village_branch_named_in_the_sentence(read):
    doc = read("Bà Lù Thị Dua, Bí thư Chi bộ thôn Séo Lủng, xã Sủng Là cho biết: từ khi chi bộ có "
               "đảng viên ĐBP Sà Phìn tham dự sinh hoạt, chất lượng sinh hoạt được nâng lên.")
    assert facts_of(doc, "staffing") == {("Đồn Biên phòng Sà Phìn", "Chi bộ thôn Séo Lủng", "")}


def test_staffing_with_the_number_of_members(read):
    doc = read("Có 3 đảng viên Đồn Biên phòng Thèn Phàng tham gia sinh hoạt tại Chi bộ thôn Lũng Thầu.")
    assert facts_of(doc, "staffing") == {("Đồn Biên phòng Thèn Phàng", "Chi bộ thôn Lũng Thầu", "3")}


# -- directives ------------------------------------------------------------------------

def test_directive_with_date_and_issuer_after_the_code(read):
    doc = read("Thực hiện Chỉ thị 681-CT/ĐU ngày 8/10/2018 của Ban Thường vụ Đảng ủy Bộ đội Biên phòng "
               "về việc phân công đảng viên phụ trách hộ gia đình.")
    assert facts_of(doc, "citation") == {
        ("681-CT/ĐU", "Chỉ thị", "Ban Thường vụ Đảng ủy Bộ đội Biên phòng", "2018-10-08")}


def test_directive_issued_by_the_subject_before_it(read):
    doc = read("Thực hiện chủ trương của Tỉnh ủy Lai Châu, ngày 15/3/2021, Đảng ủy BĐBP tỉnh đã ban hành "
               "Nghị quyết số 45-NQ/ĐU về lãnh đạo thực hiện.")
    assert facts_of(doc, "citation") == {
        ("45-NQ/ĐU", "Nghị quyết", "Đảng ủy Bộ đội Biên phòng tỉnh Lai Châu", "2021-03-15")}


def test_kind_from_the_code_and_a_bare_number(read):
    doc = read("Huyện ủy triển khai Kế hoạch số 102-KH/HU và Chỉ thị 05 của Bộ Chính trị.")
    found = {(code, kind) for code, kind, _, _ in facts_of(doc, "citation")}
    assert found == {("102-KH/HU", "Kế hoạch"), ("05", "Chỉ thị")}


# -- figures ---------------------------------------------------------------------------

FIGURES = [
    ("Đảng bộ xã Lũng Táo (huyện Đồng Văn) hiện có 14 chi bộ, hơn 180 đảng viên.",
     {("Đảng bộ xã Lũng Táo", "party_cells", "14", "2023"),
      ("Đảng bộ xã Lũng Táo", "party_members", "180", "2023")}),
    ("Năm 2021, Đảng ủy xã Pa Vây Sử kết nạp được 21 đảng viên mới, vượt chỉ tiêu 105%.",
     {("Đảng ủy xã Pa Vây Sử", "new_party_members", "21", "2021")}),
    ("Đầu nhiệm kỳ (năm 2015) huyện Mường Tè có 2.316 đảng viên, 41/146 bản chưa có đảng viên, "
     "29 bản chưa có tổ chức đảng.",
     {("Mường Tè", "party_members", "2316", "2015"),
      ("Mường Tè", "villages_without_party_members", "41", "2015"),
      ("Mường Tè", "villages", "146", "2015"),
      ("Mường Tè", "villages_without_party_cell", "29", "2015")}),
    # a total over a period has no year; numbers cleared away or increases are not figures
    ("Từ đầu nhiệm kỳ đến nay, huyện Mèo Vạc kết nạp 915 đảng viên; xóa 12/12 thôn chưa có đảng viên.",
     {("Mèo Vạc", "new_party_members", "915", "")}),
    # a breakdown in parentheses is not counted again
    ("Đến nay đã có 120 đảng viên của các ĐBP tham dự sinh hoạt tại 96 chi bộ thôn (có 70 chi bộ thôn "
     "giáp biên); 210 đảng viên phụ trách 845 hộ gia đình.",
     {("Bộ đội Biên phòng tỉnh Hà Giang", "assigned_party_members", "120", "2023"),
      ("Bộ đội Biên phòng tỉnh Hà Giang", "staffed_branches", "96", "2023"),
      ("Bộ đội Biên phòng tỉnh Hà Giang", "household_party_members", "210", "2023"),
      ("Bộ đội Biên phòng tỉnh Hà Giang", "assigned_households", "845", "2023")}),
    # "trong đó" splits a figure already given
    ("Đảng bộ xã Sủng Là hiện nay có 8 đảng viên được miễn sinh hoạt, trong đó, 5 đảng viên miễn sinh "
     "hoạt vì đi làm ăn xa.",
     {("Đảng bộ xã Sủng Là", "exempt_party_members", "8", "2023")}),
    # percentages and rates are not counts
    ("Xã Sủng Là có 98% hộ dân tham gia; mỗi đảng viên phụ trách 2 hộ.", set()),
]


@pytest.mark.parametrize("sentence, expected", FIGURES)
def test_figures(read, sentence, expected):
    doc = read("Đồn Biên phòng Lũng Cú thuộc Bộ đội Biên phòng tỉnh Hà Giang. " + sentence)
    assert facts_of(doc, "statistic") == expected


def test_population_figures_of_the_province_in_focus(read):
    doc = read("Bộ đội Biên phòng tỉnh Lai Châu làm tốt công tác dân vận. Địa bàn biên giới của tỉnh có "
               "33 xã với 407 thôn, bản; 12 dân tộc sinh sống với gần 20.130 hộ, hơn 98.500 nhân khẩu.")
    got = {(s, m, v) for s, m, v, _ in facts_of(doc, "statistic")}
    assert got == {("Lai Châu", "communes", "33"), ("Lai Châu", "villages", "407"),
                   ("Lai Châu", "ethnic_groups", "12"), ("Lai Châu", "households", "20130"),
                   ("Lai Châu", "population", "98500")}


def test_year_of_the_paragraph_opening_carries_to_its_sentences(read):
    doc = read("Năm 2019, Đảng bộ xã Pha Long đã củng cố các chi bộ. Đảng bộ kết nạp 9 đảng viên.")
    assert ("Đảng bộ xã Pha Long", "new_party_members", "9", "2019") in facts_of(doc, "statistic")


def test_figure_in_a_speakers_own_words_is_about_the_speaker(read):
    doc = read("Thiếu tá Hà Văn Sơn, Phó Chỉ huy trưởng Đồn Biên phòng Thanh Thủy cho biết: được phân công "
               "phụ trách 4 hộ gia đình, tôi thường xuyên đến thăm.")
    assert facts_of(doc, "statistic") == {("Hà Văn Sơn", "assigned_households", "4", "2023")}


# -- more ways papers write the same things --------------------------------------------

def test_post_staffs_each_branch_of_a_list(read):
    doc = read("Đồn Biên phòng Lũng Cú phân công 6 đảng viên tham gia sinh hoạt tại các chi bộ thôn "
               "Lô Lô Chải, Thèn Pả và Séo Lủng.")
    assert {b for _, b, _ in facts_of(doc, "staffing")} == {
        "Chi bộ thôn Lô Lô Chải", "Chi bộ thôn Thèn Pả", "Chi bộ thôn Séo Lủng"}


def test_chairman_of_the_people_committee(read):
    doc = read("Ông Hoàng Văn Tú, Chủ tịch UBND xã Lũng Cú cho biết như vậy.")
    assert facts_of(doc, "membership") == {("Hoàng Văn Tú", "", "Chủ tịch", "Ủy ban nhân dân xã Lũng Cú")}


def test_document_codes_of_ministries_and_councils(read):
    doc = read("Thực hiện Chỉ thị số 01/CT-BQP ngày 5/1/2021 của Bộ Quốc phòng và Nghị quyết số "
               "33/2023/NQ-HĐND của Hội đồng nhân dân tỉnh Hà Giang.")
    assert facts_of(doc, "citation") == {
        ("01/CT-BQP", "Chỉ thị", "Bộ Quốc phòng", "2021-01-05"),
        ("33/2023/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Hà Giang", "")}


def test_admissions_and_totals_written_other_ways(read):
    doc = read("Năm 2022, Đảng bộ xã Lũng Cú kết nạp được 12 quần chúng ưu tú vào Đảng, nâng tổng số "
               "đảng viên toàn Đảng bộ lên 230 đồng chí; có thêm 2 chi bộ mới. Xã có 412 hộ với 2.100 khẩu.")
    got = {(m, v) for _, m, v, _ in facts_of(doc, "statistic")}
    assert got == {("new_party_members", "12"), ("party_members", "230"), ("new_party_cells", "2"),
                   ("households", "412"), ("population", "2100")}


def test_title_before_the_name(read):
    doc = read("Bí thư Đảng ủy xã Sủng Là Lò Thị Pằn cho biết như vậy. "
               "Bí thư Đảng ủy xã Lũng Táo, ông Sùng Mí Pó khẳng định.")
    assert facts_of(doc, "membership") == {("Lò Thị Pằn", "", "Bí thư", "Đảng ủy xã Sủng Là"),
                                           ("Sùng Mí Pó", "", "Bí thư", "Đảng ủy xã Lũng Táo")}
    assert {p for p, _, _ in places_of(doc)} == {"Sủng Là", "Lũng Táo"}


def test_a_title_held_later_in_the_sentence(read):
    doc = read("Đại úy Lầu Bá Chống, cán bộ Đồn Biên phòng Lũng Cú, được tăng cường giữ chức "
               "Phó Bí thư Đảng ủy xã Lũng Cú.")
    assert facts_of(doc, "membership") == {("Lầu Bá Chống", "Đại úy", "Phó Bí thư", "Đảng ủy xã Lũng Cú")}


def test_new_style_tone_marks_in_titles_and_glossed_abbreviations(read):
    doc = read("Thượng tá Lưu Văn Bằng, Phó Chính uỷ Bộ đội Biên phòng (BĐBP) tỉnh Cao Bằng cho biết. "
               "Đảng uỷ Đồn Biên phòng (ĐBP) Đàm Thuỷ lãnh đạo tốt.")
    assert facts_of(doc, "membership") == {
        ("Lưu Văn Bằng", "Thượng tá", "Phó Chính ủy", "Bộ đội Biên phòng tỉnh Cao Bằng")}
    assert "Đồn Biên phòng Đàm Thủy" in {e.label for e in doc.entities.values()}


def test_the_post_in_focus_written_as_đồn(read):
    doc = read("Đồn Biên phòng Lũng Cú làm tốt công tác dân vận. Chi bộ thôn Séo Lủng cũng có đảng viên "
               "của Đồn tham gia sinh hoạt.")
    assert facts_of(doc, "staffing") == {("Đồn Biên phòng Lũng Cú", "Chi bộ thôn Séo Lủng", "")}


def test_a_figure_after_a_location_belongs_to_the_subject(read):
    doc = read("Đảng ủy Đồn Biên phòng Y Tý phân công 17 đảng viên tham gia sinh hoạt tại các chi bộ trên "
               "địa bàn xã A Lù; 34 đảng viên phụ trách 126 hộ gia đình.")
    subjects = {s for s, m, _, _ in facts_of(doc, "statistic") if m != "communes"}
    assert subjects == {"Đảng ủy Đồn Biên phòng Y Tý"}


@pytest.mark.parametrize("sentence, year", [
    ("Từ đầu nhiệm kỳ đến nay, Đảng bộ xã Pha Long kết nạp 41 đảng viên; riêng năm 2022 kết nạp 9 đảng viên.",
     {"41": "", "9": "2022"}),
    ("Đầu nhiệm kỳ 2020 - 2025, huyện Phong Thổ còn 14 bản chưa có đảng viên.", {"14": "2020"}),
    ("Năm 2021, xã Pha Long còn 4 bản chưa có chi bộ; đến nay vẫn còn 2 bản chưa có chi bộ.",
     {"4": "2021", "2": "2023"}),
])
def test_the_last_time_marker_before_a_figure_dates_it(read, sentence, year):
    assert {v: y for _, _, v, y in facts_of(read(sentence), "statistic")} == year


@pytest.mark.parametrize("sentence, expected", [
    # a chain of titles before the rank and name
    ("Bí thư Đảng ủy, Chính trị viên Đồn Biên phòng Pa Vây Sử, Trung tá Lê Quang Đạo cho biết như vậy.",
     {("Lê Quang Đạo", "Trung tá", "Bí thư", "Đảng ủy Đồn Biên phòng Pa Vây Sử"),
      ("Lê Quang Đạo", "Trung tá", "Chính trị viên", "Đồn Biên phòng Pa Vây Sử")}),
    # the titles in the other order: the first one is the post's own
    ("Trung tá Lê Quang Đạo, Chính trị viên, Bí thư Đảng ủy Đồn Biên phòng Pa Vây Sử cho biết.",
     {("Lê Quang Đạo", "Trung tá", "Bí thư", "Đảng ủy Đồn Biên phòng Pa Vây Sử"),
      ("Lê Quang Đạo", "Trung tá", "Chính trị viên", "Đồn Biên phòng Pa Vây Sử")}),
    # a committee written with no name before the person: the district in focus
    ("Huyện Mèo Vạc có nhiều khó khăn. Phó Bí thư Thường trực Huyện ủy Nguyễn Văn Hải cho biết như vậy.",
     {("Nguyễn Văn Hải", "", "Phó Bí thư Thường trực", "Huyện ủy Mèo Vạc")}),
    # what follows "cho biết" is not a title of the speaker
    ("Đại tá Võ Văn Sang, Chính ủy Bộ đội Biên phòng tỉnh Kon Tum cho biết, đơn vị cử 20 cán bộ "
     "tăng cường giữ chức Phó Bí thư Đảng ủy xã.",
     {("Võ Văn Sang", "Đại tá", "Chính ủy", "Bộ đội Biên phòng tỉnh Kon Tum")}),
])
def test_title_orders(read, sentence, expected):
    assert facts_of(read(sentence), "membership") == expected


def test_the_post_stationed_in_a_commune_named_before_it(read):
    doc = read("Tại xã Ia Dom, nơi Đồn Biên phòng Cửa khẩu Quốc tế Lệ Thanh đóng quân, "
               "cùng với Đồn Biên phòng Ia Nan đóng quân tại xã Ia Nan, đảng viên tham gia sinh hoạt.")
    posts = {e.label: doc.entities[e.place].label for e in doc.entities.values() if e.kind == "border_post"}
    assert posts == {"Đồn Biên phòng Cửa khẩu Quốc tế Lệ Thanh": "Ia Dom", "Đồn Biên phòng Ia Nan": "Ia Nan"}


def test_lists_after_gồm_and_a_name_with_an_apostrophe(read):
    doc = read("Huyện Đức Cơ có 3 xã biên giới gồm Ia Dom, Ia Nan, Ia Pnôn. "
               "Bà Rơ Châm H'Bia, Bí thư Chi bộ làng Tơ Vơn cho biết như vậy.")
    assert {p for p, t, _ in places_of(doc) if t == "xã"} == {"Ia Dom", "Ia Nan", "Ia Pnôn"}
    assert facts_of(doc, "membership") == {("Rơ Châm H'Bia", "", "Bí thư", "Chi bộ làng Tơ Vơn")}


def test_places_of_the_neighbouring_country_are_not_recorded(read):
    doc = read("Xã Mường Lèo tiếp giáp với tỉnh Luông Pha Băng (Lào). Xã có 13 bản với hơn 1.000 hộ.")
    assert "Luông Pha Băng" not in {p for p, _, _ in places_of(doc)}
    assert {s for s, _, _, _ in facts_of(doc, "statistic")} == {"Mường Lèo"}


def test_an_officer_of_the_post_in_focus_staffs_a_branch(read):
    doc = read("Đồn Biên phòng Pù Nhi phân công đảng viên về sinh hoạt tại các bản. Thiếu úy Hà Văn Khuyên "
               "được phân công sinh hoạt tại Chi bộ bản Cơm (xã Pù Nhi). Chi bộ bản Sài Khao có 2 đảng viên "
               "của Đồn sinh hoạt thường xuyên.")
    assert facts_of(doc, "staffing") == {("Đồn Biên phòng Pù Nhi", "Chi bộ bản Cơm", ""),
                                         ("Đồn Biên phòng Pù Nhi", "Chi bộ bản Sài Khao", "2")}


def test_the_capital_letter_class_holds_every_capital_letter_and_nothing_else():
    """Names start with a capital letter; the class is written as runs (`A-Z`) to compile
    fast, so check it against Unicode letter by letter, Vietnamese ones (`Ự`, `Đ`) too."""
    import re

    from kg.extract.lexicon import UPPER

    capital = re.compile(f"[{UPPER}]")
    for c in map(chr, range(0x3000)):
        expected = 0x41 <= ord(c) < 0x1EFF and c.isupper() and c.isalpha() and c != "\u00d0"
        assert bool(capital.fullmatch(c)) == expected, f"U+{ord(c):04X} {c}"
    assert capital.fullmatch("Ự") and capital.fullmatch("Đ") and not capital.fullmatch("đ")
