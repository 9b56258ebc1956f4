"""A page -> metadata and body: title, date, authors, URL, boilerplate out."""

from __future__ import annotations

from kg.ingest import parse_page

PAGE = """Xây dựng Đảng

Nâng cao chất lượng sinh hoạt chi bộ ở vùng cao biên giới

10:32 - Thứ Ba, 07/03/2023 Lượt xem: 1245 In bài viết

BBP - Những năm qua, Đảng ủy Đồn Biên phòng Lũng Cú đã phân công đảng viên tham gia sinh hoạt tại các chi bộ thôn trên địa bàn, góp phần củng cố hệ thống chính trị cơ sở.

Cán bộ đồn thăm hỏi người dân. (Ảnh: Minh Đức)

Thượng tá Vàng Seo Dìn, Chính trị viên Đồn Biên phòng Lũng Cú cho biết, đơn vị luôn bám địa bàn.

HOÀNG ANH - THU HÀ
https://www.bienphong.com.vn/nang-cao-chat-luong.html
Bình luận
Back To Top
"""


def test_metadata_of_a_page():
    doc = parse_page("a1", PAGE)
    assert doc.title == "Nâng cao chất lượng sinh hoạt chi bộ ở vùng cao biên giới"
    assert doc.date == "2023-03-07"
    assert doc.authors == ("Hoàng Anh", "Thu Hà")
    assert doc.url == "https://www.bienphong.com.vn/nang-cao-chat-luong.html"


def test_boilerplate_is_kept_out_of_the_body():
    doc = parse_page("a1", PAGE)
    for furniture in ("Lượt xem", "Bình luận", "Back To Top", "HOÀNG ANH", "Ảnh: Minh Đức", "BBP -",
                      "Xây dựng Đảng"):
        assert furniture not in doc.text
    assert "Cán bộ đồn thăm hỏi người dân." in doc.text  # captions are text
    assert len(doc.paragraphs) == 3


def test_month_only_date_and_byline_with_prefix():
    doc = parse_page("a2", "Tiêu đề của một bài báo ngắn\n\ndate 2025-03\n\n"
                           "Đảng bộ xã có nhiều cách làm hay trong công tác phát triển đảng viên mới.\n\n"
                           "Bài, ảnh: Ngọc Lan\n")
    assert doc.date is None and doc.month == "2025-03" and doc.year == "2025"
    assert doc.authors == ("Ngọc Lan",)


def test_offsets_lead_back_to_the_original_page():
    doc = parse_page("a1", PAGE)
    at = doc.text.index("Thượng tá")
    original = doc.to_original(at)
    assert doc.original[original:].startswith("Thượng tá Vàng Seo Dìn")


def test_masthead_source_line_and_a_byline_in_capitals_under_the_title():
    doc = parse_page("a3", "Báo Kon Tum điện tử\n\nGiữ vững nền nếp sinh hoạt chi bộ làng biên giới\n\n"
                           "PHẠM TIẾN - LÒ PHONG\n\nThứ Sáu, 14/04/2023 | 09:15\n\n"
                           "Những năm qua, các chi bộ làng ở xã biên giới đã duy trì nền nếp sinh hoạt.\n\n"
                           "Theo baokontum.com.vn\n")
    assert doc.title == "Giữ vững nền nếp sinh hoạt chi bộ làng biên giới"
    assert doc.authors == ("Phạm Tiến", "Lò Phong")
    assert doc.date == "2023-04-14"
    assert "Theo baokontum" not in doc.text
