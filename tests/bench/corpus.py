"""A synthetic corpus for benchmarks: articles of the genre from templates.

The templates vary the structures real articles use (officials with rank and
title, staffing of village branches, directives, figures, captions, bylines);
names of provinces, districts and communes come from the gazetteer, people's
and villages' names are drawn from syllables. Nothing is taken from the seeds.
"""

from __future__ import annotations

import random
from pathlib import Path

from kg.gazetteer import gazetteer

RANKS = ["Thiếu tá", "Trung tá", "Thượng tá", "Đại úy", "Thượng úy"]
SURNAMES = ["Nguyễn", "Hoàng", "Lò", "Vàng", "Giàng", "Sùng", "Lục", "Nông", "Hà", "Lý", "Triệu", "Bàn"]
MIDDLE = ["Văn", "Thị", "A", "Mí", "Seo", "Đức", "Minh"]
GIVEN = ["Dìn", "Pó", "Khoa", "Sơn", "Mai", "Thắng", "Hùng", "Lan", "Chứ", "Pằn", "Tú", "Bình"]
SYLLABLES = ["Nà", "Pác", "Lũng", "Séo", "Khuổi", "Nậm", "Phìn", "Tả", "Cốc", "Bó", "Mán", "Chải", "Lẻng",
             "Hồng", "Thàng", "Pản", "Luông", "Xìn"]
DIRECTIVE_KINDS = [("Chỉ thị", "CT"), ("Nghị quyết", "NQ"), ("Kế hoạch", "KH"), ("Hướng dẫn", "HD")]

TEMPLATES = [
    "{rank} {person}, Chính trị viên Đồn Biên phòng {post} cho biết, đơn vị đóng chân trên địa bàn xã "
    "{commune} (huyện {district}).",
    "Đồn Biên phòng {post} đã phân công {n1} đảng viên tham gia sinh hoạt tại {n1} chi bộ thôn, bản; "
    "{n2} đảng viên phụ trách gần {n3} hộ gia đình.",
    "Bà {person2}, Bí thư Chi bộ thôn {village}, xã {commune} cho biết: từ khi có đảng viên Đồn Biên phòng "
    "{post} tham dự sinh hoạt, chất lượng sinh hoạt chi bộ được nâng lên.",
    "Thực hiện {kind} số {code} ngày {day}/{month}/{year} của Đảng ủy Bộ đội Biên phòng tỉnh {province}, "
    "các đồn biên phòng đã triển khai nhiều giải pháp.",
    "Hiện nay, Đảng bộ xã {commune} (huyện {district}) có {n4} chi bộ, hơn {n5} đảng viên; "
    "năm {year}, Đảng ủy xã kết nạp được {n6} đảng viên mới.",
    "Ông {person3}, Bí thư Đảng ủy xã {commune} trao đổi với cán bộ Đồn Biên phòng {post} về công tác "
    "phát triển đảng viên ở các bản vùng cao. (Ảnh: Minh Đức)",
    "Địa bàn biên giới của huyện {district} có {n7} xã với {n8} thôn, bản; {n9} dân tộc sinh sống với "
    "{households} hộ, hơn {people} nhân khẩu.",
    "{rank2} {person4}, cán bộ Đồn Biên phòng {post}, được cử tăng cường giữ chức Phó Bí thư Đảng ủy xã "
    "{commune}.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def article(rng: random.Random, units: list) -> str:
    commune = rng.choice(units)
    district, province = commune.parent, commune.parent.parent
    slots = {
        "rank": rng.choice(RANKS), "rank2": rng.choice(RANKS), "person": _person(rng),
        "person2": _person(rng), "person3": _person(rng), "person4": _person(rng),
        "commune": commune.name, "district": district.name,
        "province": province.name, "post": commune.name,
        "village": f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}",
        "year": rng.randint(2015, 2024), "day": rng.randint(1, 28), "month": rng.randint(1, 12),
        **{f"n{i}": rng.randint(2, 99) for i in range(1, 14)},
        "households": f"{rng.randint(1000, 30000):,}".replace(",", "."),
        "people": f"{rng.randint(5000, 150000):,}".replace(",", "."),
    }
    kind, abbreviation = rng.choice(DIRECTIVE_KINDS)
    slots["kind"] = kind
    slots["code"] = f"{rng.randint(10, 999)}-{abbreviation}/ĐU"
    sentences = [t.format(**slots) for t in rng.sample(TEMPLATES, k=len(TEMPLATES))]
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    date = f"{slots['day']:02d}/{slots['month']:02d}/{slots['year']}"
    title = f"Đồn Biên phòng {commune.name} góp phần xây dựng cơ sở đảng vững mạnh"
    return f"{title}\n\nThứ Hai, {date}\n\n" + "\n\n".join(paragraphs) + "\n\nMINH ANH\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    border = {"Hà Giang", "Lào Cai", "Cao Bằng", "Lai Châu", "Sơn La", "Quảng Ninh", "Kon Tum", "An Giang"}
    units = sorted((u for (level, _), found in gazetteer().by_name.items() if level == "commune"
                    for u in found if u.parent.parent.name in border and u.type == "xã"),
                   key=lambda u: u.code)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{number:06d}.txt"
        path.write_text(article(rng, units), encoding="utf-8")
        paths.append(path)
    return paths
