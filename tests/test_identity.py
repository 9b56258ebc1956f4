"""Reading like an analyst: context, one node per real thing across articles, gazetteer links.

Every text here is written for the test.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from conftest import facts_of
from kg.graph import build_graph
from kg.pipeline import read_text
from kg.vocab import GEO, KG


def page(doc_id: str, date: str, body: str):
    return read_text(doc_id, f"Bài viết về công tác xây dựng Đảng ở biên giới\n\n{date}\n\n{body}\n")


def nodes_called(graph, label: str) -> set:
    return {s for s in graph.subjects(SKOS.prefLabel, Literal(label))}


# -- context -------------------------------------------------------------------------------

def test_an_unnamed_committee_is_left_unresolved_when_two_communes_are_candidates():
    doc = page("a", "Thứ Hai, 10/04/2023",
               "Đảng bộ xã Lũng Cú có 12 chi bộ. Đảng bộ xã Lũng Táo có 10 chi bộ.\n\n"
               "Ông Vàng Mí Lử, Bí thư Đảng ủy xã cho biết như vậy.")
    assert facts_of(doc, "membership") == {("Vàng Mí Lử", "", "Bí thư", "")}


def test_the_commune_the_article_is_about_resolves_it_in_another_paragraph():
    doc = page("a", "Thứ Hai, 10/04/2023",
               "Đảng bộ xã Lũng Cú có 12 chi bộ. Xã Lũng Cú là xã biên giới. Đảng ủy xã Lũng Cú lãnh đạo tốt.\n\n"
               "Ông Vàng Mí Lử, Bí thư Đảng ủy xã cho biết như vậy.")
    assert facts_of(doc, "membership") == {("Vàng Mí Lử", "", "Bí thư", "Đảng ủy xã Lũng Cú")}


def test_context_lowers_the_confidence_of_a_fact():
    doc = page("a", "Thứ Hai, 10/04/2023", "Đảng bộ xã Lũng Cú có 12 chi bộ. Ông Vàng Mí Lử, Bí thư Đảng ủy "
               "xã cho biết. Ông Sùng Mí Pó, Bí thư Đảng ủy xã Lũng Táo cho biết.")
    trust = {dict(f.args)["person"]: f.confidence for f in doc.facts if f.kind == "membership"}
    assert trust["person/vang-mi-lu"] < trust["person/sung-mi-po"]


# -- identity across articles ---------------------------------------------------------------

def test_a_directive_cited_by_code_and_by_number_is_one_node():
    graph = build_graph([
        page("a", "Thứ Hai, 10/04/2023", "Thực hiện Chỉ thị số 45-CT/ĐU ngày 3/5/2021 của Đảng ủy Bộ đội "
             "Biên phòng, các đồn đã phân công đảng viên phụ trách hộ gia đình."),
        page("b", "Thứ Ba, 11/04/2023", "Quán triệt Chỉ thị 45 của Đảng ủy, đơn vị làm tốt công tác dân vận."),
    ])
    directives = set(graph.subjects(KG.documentCode, None))
    assert len(directives) == 1
    [directive] = directives
    assert {str(o) for o in graph.objects(None, DCTERMS.references)} == {str(directive)}


def test_one_district_named_in_two_articles_is_one_node_with_its_code():
    graph = build_graph([
        page("a", "Thứ Hai, 10/04/2023", "Huyện Mèo Vạc có nhiều xã biên giới, đời sống còn khó khăn."),
        page("b", "Thứ Ba, 11/04/2023", "Đồng chí Hoàng Văn Bảo, Bí thư Huyện ủy Mèo Vạc, đã đến thăm."),
    ])
    [district] = nodes_called(graph, "Mèo Vạc")
    assert len(set(graph.subjects(KG.mentions, district))) == 2
    assert graph.value(district, KG.adminCode) is not None
    assert graph.value(district, GEO.lat) is not None


def test_one_officer_in_two_years_keeps_two_dated_memberships():
    graph = build_graph([
        page("a", "Thứ Hai, 10/04/2021", "Thiếu tá Hà Văn Sơn, Phó Chỉ huy trưởng Đồn Biên phòng Thanh Thủy "
             "cho biết như vậy."),
        page("b", "Thứ Ba, 11/04/2023", "Trung tá Hà Văn Sơn, Đồn trưởng Đồn Biên phòng Thanh Thủy cho biết "
             "như vậy."),
    ])
    [person] = nodes_called(graph, "Hà Văn Sơn")
    held = set()
    for membership in graph.subjects(ORG.member, person):
        role = graph.value(graph.value(membership, ORG.role), SKOS.prefLabel)
        article = graph.value(membership, PROV.wasDerivedFrom)
        held.add((str(role), str(graph.value(membership, KG.rank)), str(graph.value(article, DCTERMS.date))))
    assert held == {("Phó Chỉ huy trưởng", "Thiếu tá", "2021-04-10"),
                    ("Đồn trưởng", "Trung tá", "2023-04-11")}


def test_places_of_one_name_stay_two_when_their_parents_differ():
    graph = build_graph([
        page("a", "Thứ Hai, 10/04/2023", "Xã Thanh Thủy, huyện Vị Xuyên có nhiều thôn giáp biên."),
        page("b", "Thứ Ba, 11/04/2023", "Xã Thanh Thủy, huyện Lệ Thủy có nhiều thôn."),
    ])
    communes = nodes_called(graph, "Thanh Thủy")
    assert len(communes) == 2
    parents = {str(graph.value(graph.value(c, KG.parentPlace), SKOS.prefLabel)) for c in communes}
    assert parents == {"Vị Xuyên", "Lệ Thủy"}


def test_a_province_and_a_district_of_one_name_are_two_places():
    doc = page("a", "Thứ Hai, 10/04/2023", "Đảng bộ xã Mường Pồn (huyện Điện Biên, tỉnh Điện Biên) có 9 chi bộ.")
    kinds = {(e.label, e.kind) for e in doc.entities.values() if e.category == "place" and e.mentioned}
    assert {("Điện Biên", "huyện"), ("Điện Biên", "tỉnh")} <= kinds


# -- gazetteer ----------------------------------------------------------------------------------

def test_parent_chain_and_the_2025_successor_come_from_the_gazetteer():
    doc = page("a", "Thứ Hai, 10/04/2023", "Xã Lũng Cú có nhiều hộ nghèo.")
    commune = next(e for e in doc.entities.values() if e.label == "Lũng Cú")
    district = doc.entities[commune.parent]
    province = doc.entities[district.parent]
    assert (district.label, province.label) == ("Đồng Văn", "Hà Giang")
    assert commune.code and commune.lat and commune.successor and commune.successor[1]


def test_the_successor_table_is_what_the_gazetteers_converter_answers():
    import random

    from kg.gazetteer import _successors, convert_2025, gazetteer, successor_2025

    units = sorted({u for found in gazetteer().by_name.values() for u in found}, key=lambda u: (u.level, u.code))
    sample = random.Random(3).sample(units, 40)
    assert [successor_2025(u) for u in sample] == [convert_2025(u) for u in sample]
    levels = {level for level, _ in _successors()}
    assert levels == {"province", "commune"}  # districts were abolished: they have none
    assert sum(u.level == "province" for u in units) == sum(level == "province" for level, _ in _successors())


# -- the units an organization lies in (stated at build time for queries) -------------------

def test_a_post_and_a_village_branch_carry_their_commune_district_and_province():
    graph = build_graph([page("a", "Thứ Hai, 10/04/2023",
                              "Đồn Biên phòng Pa Vây Sử đóng chân trên địa bàn xã biên giới Pa Vây Sử "
                              "(huyện Phong Thổ, tỉnh Lai Châu). Đồn cử đảng viên tham gia sinh hoạt tại "
                              "Chi bộ bản Sì Choang, xã Pa Vây Sử.")])
    def units(label):
        node = next(iter(nodes_called(graph, label)))
        return {prop: {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(node, prop)}
                for prop in (KG.inCommune, KG.inDistrict, KG.inProvince)}

    place = {KG.inCommune: {"Pa Vây Sử"}, KG.inDistrict: {"Phong Thổ"}, KG.inProvince: {"Lai Châu"}}
    assert units("Đồn Biên phòng Pa Vây Sử") == place
    branch = next(label for label in map(str, graph.objects(None, SKOS.prefLabel)) if label.startswith("Chi bộ"))
    assert units(branch) == place
