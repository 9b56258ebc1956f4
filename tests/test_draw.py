"""kg.draw: the views read from RDF, and the pictures and files written from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from matplotlib.figure import Figure
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg.draw import (
    EMPTY_MESSAGE,
    FORMATS,
    RELATIONS,
    VIEWS,
    build_view,
    draw,
    layout,
    relation_graph,
    render,
)
from kg.vocab import GEO, ID, KG, NIF

ARTICLE = ID["article/000_b964c63d47105359"]

POST_SPP = ID["org/don_bien_phong_si_pa_phin"]
POST_NB = ID["org/don_bien_phong_na_bung"]
COMMUNE_PH = ID["place/dien_bien/nam_po/phin_ho"]
COMMUNE_SPP = ID["place/dien_bien/nam_po/si_pa_phin"]
VILLAGE_PH = ID["place/dien_bien/nam_po/phin_ho/ban_phin_ho"]
VILLAGE_NK = ID["place/dien_bien/nam_po/phin_ho/ban_nam_khan"]
VILLAGE_SPP = ID["place/dien_bien/nam_po/si_pa_phin/ban_si_pa_phin"]
BRANCH_PH = ID["org/chi_bo_ban_phin_ho"]
BRANCH_NK = ID["org/chi_bo_ban_nam_khan"]
BRANCH_SPP = ID["org/chi_bo_ban_si_pa_phin"]
COMMITTEE_PH = ID["org/dang_uy_xa_phin_ho"]
QUYEN = ID["person/to_hien_quyen"]
DUONG = ID["person/dieu_binh_duong"]
DEPUTY_SECRETARY = ID["position/pho_bi_thu"]
SECRETARY = ID["position/bi_thu"]


def _entity(g: Graph, iri: URIRef, cls: URIRef, name: str) -> None:
    g.add((iri, RDF.type, cls))
    g.add((iri, RDFS.label, Literal(name)))
    g.add((iri, SKOS.prefLabel, Literal(name)))
    g.add((ARTICLE, KG.mentions, iri))


def _staffing(g: Graph, key: str, post: URIRef, branch: URIRef) -> None:
    fact = ID[f"staffing/{key}"]
    g.add((fact, RDF.type, KG.Staffing))
    g.add((fact, KG.staffingPost, post))
    g.add((fact, KG.staffedBranch, branch))
    g.add((fact, PROV.wasDerivedFrom, ARTICLE))


def _membership(g: Graph, key: str, person: URIRef, role: URIRef, org=None, rank=None) -> None:
    fact = ID[f"membership/{key}"]
    g.add((fact, RDF.type, ORG.Membership))
    g.add((fact, ORG.member, person))
    g.add((fact, ORG.role, role))
    if org is not None:
        g.add((fact, ORG.organization, org))
    if rank is not None:
        g.add((fact, KG.rank, Literal(rank)))
    g.add((fact, PROV.wasDerivedFrom, ARTICLE))


def sample_graph() -> Graph:
    """2 posts, 3 village branches in 2 communes, 2 officials (one ranked, one without org)."""
    g = Graph()
    g.add((ARTICLE, RDF.type, KG.Article))
    _entity(g, POST_SPP, KG.BorderPost, "Đồn Biên phòng Si Pa Phìn")
    _entity(g, POST_NB, KG.BorderPost, "Đồn Biên phòng Nà Bủng")
    for commune, name in ((COMMUNE_PH, "xã Phìn Hồ"), (COMMUNE_SPP, "xã Si Pa Phìn")):
        _entity(g, commune, KG.Commune, name)
    villages = (
        (VILLAGE_PH, "bản Phìn Hồ", COMMUNE_PH, BRANCH_PH, "Chi bộ bản Phìn Hồ"),
        (VILLAGE_NK, "bản Nậm Khăn", COMMUNE_PH, BRANCH_NK, "Chi bộ bản Nậm Khăn"),
        (VILLAGE_SPP, "bản Si Pa Phìn", COMMUNE_SPP, BRANCH_SPP, "Chi bộ bản Si Pa Phìn"),
    )
    for village, name, commune, branch, branch_name in villages:
        _entity(g, village, KG.Village, name)
        g.add((village, KG.parentPlace, commune))
        _entity(g, branch, KG.VillageBranch, branch_name)
        g.add((branch, KG.ofPlace, village))
    _staffing(g, "spp_spp", POST_SPP, BRANCH_SPP)
    _staffing(g, "nb_ph", POST_NB, BRANCH_PH)
    _staffing(g, "nb_nk", POST_NB, BRANCH_NK)
    _staffing(g, "nb_nk_again", POST_NB, BRANCH_NK)  # read from a second article: one edge
    _entity(g, COMMITTEE_PH, KG.PartyCommittee, "Đảng ủy xã Phìn Hồ")
    g.add((COMMITTEE_PH, KG.ofPlace, COMMUNE_PH))
    _entity(g, QUYEN, KG.Official, "Tô Hiến Quyên")
    _entity(g, DUONG, KG.Official, "Điêu Bình Dương")
    _entity(g, DEPUTY_SECRETARY, KG.Position, "Phó Bí thư")
    _entity(g, SECRETARY, KG.Position, "Bí thư")
    _membership(g, "quyen", QUYEN, DEPUTY_SECRETARY, COMMITTEE_PH, rank="Đại úy")
    _membership(g, "duong", DUONG, SECRETARY)  # the text names no organization
    return g


def test_relation_graph_nodes_and_kinds() -> None:
    g = relation_graph(sample_graph())
    kinds = {node: kind for node, kind in g.nodes(data="kind")}
    assert kinds == {
        str(POST_SPP): "post",
        str(POST_NB): "post",
        str(BRANCH_PH): "branch",
        str(BRANCH_NK): "branch",
        str(BRANCH_SPP): "branch",
        str(COMMUNE_PH): "commune",
        str(COMMUNE_SPP): "commune",
        str(QUYEN): "person",
        str(DUONG): "person",
        str(COMMITTEE_PH): "committee",
        str(SECRETARY): "position",
    }
    assert g.nodes[str(POST_SPP)]["label"] == "Đồn Biên phòng Si Pa Phìn"
    assert g.nodes[str(SECRETARY)]["label"] == "Bí thư"


def test_relation_graph_edges() -> None:
    g = relation_graph(sample_graph())
    edges = {(u, v): label for u, v, label in g.edges(data="label")}
    assert edges == {
        (str(POST_SPP), str(BRANCH_SPP)): "phụ trách",
        (str(POST_NB), str(BRANCH_PH)): "phụ trách",
        (str(POST_NB), str(BRANCH_NK)): "phụ trách",
        (str(BRANCH_SPP), str(COMMUNE_SPP)): "thuộc",
        (str(BRANCH_PH), str(COMMUNE_PH)): "thuộc",
        (str(BRANCH_NK), str(COMMUNE_PH)): "thuộc",
        (str(QUYEN), str(COMMITTEE_PH)): "Đại úy · Phó Bí thư",
        (str(DUONG), str(SECRETARY)): "",
    }


def test_official_of_a_post_shares_the_post_node() -> None:
    g = sample_graph()
    thang = ID["person/trinh_van_thang"]
    _entity(g, thang, KG.Official, "Trịnh Văn Thắng")
    _entity(g, ID["position/chinh_tri_vien"], KG.Position, "Chính trị viên")
    _membership(g, "thang", thang, ID["position/chinh_tri_vien"], POST_SPP, rank="Thiếu tá")
    rg = relation_graph(g)
    assert rg.nodes[str(POST_SPP)]["kind"] == "post"
    assert rg.edges[str(thang), str(POST_SPP)]["label"] == "Thiếu tá · Chính trị viên"


def test_posts_without_staffing_are_still_drawn(tmp_path: Path) -> None:
    g = Graph()
    _entity(g, POST_SPP, KG.BorderPost, "Đồn Biên phòng Si Pa Phìn")
    _entity(g, POST_NB, KG.BorderPost, "Đồn Biên phòng Nà Bủng")
    assert set(relation_graph(g)) == {str(POST_SPP), str(POST_NB)}
    assert draw(g, tmp_path / "posts.png") == 2


def test_draw_png(tmp_path: Path) -> None:
    out = tmp_path / "graph.png"
    assert draw(sample_graph(), out) == 11
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    assert [p.name for p in tmp_path.iterdir()] == ["graph.png"]  # no temporary left over


def test_draw_svg_keeps_vietnamese_text(tmp_path: Path) -> None:
    out = tmp_path / "graph.svg"
    draw(sample_graph(), out)
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    for text in ("xã Phìn Hồ", "Bí thư", "Đại úy · Phó Bí thư", "phụ trách", "Chi bộ thôn, bản"):
        assert text in svg


@pytest.mark.parametrize("name", ["graph.jpg", "graph", "graph.png.txt"])
def test_unknown_suffix_raises_and_writes_nothing(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.html, \.graphml or \.gexf"):
        draw(sample_graph(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_empty_graph_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=EMPTY_MESSAGE):
        draw(Graph(), tmp_path / "empty.png")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_old_picture(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "graph.png"
    out.write_bytes(b"old picture")

    def broken_savefig(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        draw(sample_graph(), out)
    assert out.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.png"]


# ---------------------------------------------------------------- a fuller graph

ARTICLE2 = ID["article/001_db6863d4b654c6dc"]
PROVINCE = ID["place/province-11"]
DISTRICT = ID["place/district-103"]
OTHER_COMMUNE = ID["place/commune-03187"]  # in the gazetteer, named by no article
COMMAND = ID["org/bo-doi-bien-phong-tinh/place/province-11"]
DIRECTIVE = ID["directive/681-ct-du"]
LU = ID["person/thao_a_lu"]  # named, but linked to nothing

SENTENCE_NB_PH = "Đồn Biên phòng Nà Bủng phân công đảng viên sinh hoạt tại Chi bộ bản Phìn Hồ."
SENTENCE_NB_NK = "Đảng viên Đồn Biên phòng Nà Bủng sinh hoạt ở Chi bộ bản Nậm Khăn."
SENTENCE_NB_NK_AGAIN = "Chi bộ bản Nậm Khăn có 2 đảng viên của Đồn Biên phòng Nà Bủng."
SENTENCE_SPP = "Đồn Biên phòng Si Pa Phìn giúp Chi bộ bản Si Pa Phìn."
SENTENCE_QUYEN = "Đại úy Tô Hiến Quyên, Phó Bí thư Đảng ủy xã Phìn Hồ."
SENTENCE_DUONG = "Ông Điêu Bình Dương, Bí thư, cho biết."
FACT_SENTENCES = {
    "spp_spp": (ARTICLE, SENTENCE_SPP),
    "nb_ph": (ARTICLE, SENTENCE_NB_PH),
    "nb_nk": (ARTICLE, SENTENCE_NB_NK),
    "nb_nk_again": (ARTICLE2, SENTENCE_NB_NK_AGAIN),
}


def _sentence(g: Graph, article: URIRef, number: int, text: str) -> URIRef:
    node = URIRef(f"{article}/sentence/{number}")
    g.add((node, RDF.type, NIF.Sentence))
    g.add((node, NIF.anchorOf, Literal(text)))
    g.add((node, NIF.referenceContext, article))
    g.add((node, NIF.beginIndex, Literal(number * 100)))
    return node


def _place(g: Graph, iri: URIRef, cls: URIRef, name: str, kind: str, code: str,
           lat: float | None = None, long: float | None = None, parent=None) -> None:
    _entity(g, iri, cls, name)
    g.add((iri, KG.placeType, Literal(kind)))
    g.add((iri, KG.adminCode, Literal(code)))
    if lat is not None:
        g.add((iri, GEO.lat, Literal(lat)))
        g.add((iri, GEO.long, Literal(long)))
    if parent is not None:
        g.add((iri, KG.parentPlace, parent))


def full_graph() -> Graph:
    """sample_graph with the place tree, coordinates, locations, sentences, a directive."""
    g = sample_graph()
    for article, ident in ((ARTICLE, "000_b964c63d47105359"), (ARTICLE2, "001_db6863d4b654c6dc")):
        g.add((article, RDF.type, KG.Article))
        g.add((article, DCTERMS.identifier, Literal(ident)))
    _place(g, PROVINCE, KG.Province, "Điện Biên", "tỉnh", "11", 21.7, 103.0)
    _place(g, DISTRICT, KG.District, "Nậm Pồ", "huyện", "103", 21.9, 102.8, PROVINCE)
    g.remove((None, KG.mentions, DISTRICT))  # an ancestor only
    for commune, code, lat, long in ((COMMUNE_PH, "03198", 21.845, 102.92),
                                     (COMMUNE_SPP, "03199", 21.752, 102.921)):
        g.add((commune, KG.placeType, Literal("xã")))
        g.add((commune, KG.adminCode, Literal(code)))
        g.add((commune, GEO.lat, Literal(lat)))
        g.add((commune, GEO.long, Literal(long)))
        g.add((commune, KG.parentPlace, DISTRICT))
    _place(g, OTHER_COMMUNE, KG.Commune, "Chà Tở", "xã", "03187", 21.95, 102.7, DISTRICT)
    g.remove((None, KG.mentions, OTHER_COMMUNE))
    for village in (VILLAGE_PH, VILLAGE_NK, VILLAGE_SPP):
        g.add((village, KG.placeType, Literal("bản")))
    _entity(g, COMMAND, KG.BorderGuardCommand, "Bộ đội Biên phòng tỉnh Điện Biên")
    g.add((COMMAND, KG.ofPlace, PROVINCE))
    for post, place in ((POST_SPP, COMMUNE_SPP), (POST_NB, DISTRICT)):
        g.add((post, KG.locatedIn, place))
        g.add((post, ORG.subOrganizationOf, COMMAND))
    g.add((_sentence(g, ARTICLE, 1, SENTENCE_SPP), KG.names, POST_SPP))
    for number, (key, (article, text)) in enumerate(sorted(FACT_SENTENCES.items()), start=10):
        g.add((ID[f"staffing/{key}"], KG.evidence, _sentence(g, article, number, text)))
    g.add((ID["staffing/nb_nk_again"], PROV.wasDerivedFrom, ARTICLE2))
    g.remove((ID["staffing/nb_nk_again"], PROV.wasDerivedFrom, ARTICLE))
    g.add((ID["staffing/nb_nk_again"], KG.memberCount, Literal(2)))
    g.add((ID["membership/quyen"], KG.evidence, _sentence(g, ARTICLE, 20, SENTENCE_QUYEN)))
    g.add((ID["membership/duong"], KG.evidence, _sentence(g, ARTICLE, 21, SENTENCE_DUONG)))
    _entity(g, DIRECTIVE, KG.Directive, "Chỉ thị 681-CT/ĐU")
    g.add((DIRECTIVE, KG.issuedBy, COMMITTEE_PH))
    _entity(g, LU, KG.Official, "Thào A Lù")
    stat = ID["statistic/commune-03198/party_members/150/2020"]
    g.add((stat, RDF.type, KG.Statistic))
    g.add((stat, KG.subject, COMMUNE_PH))
    g.add((stat, KG.measure, KG.party_members))
    g.add((KG.party_members, SKOS.notation, Literal("party_members")))
    g.add((stat, KG.value, Literal(150)))
    g.add((stat, KG.year, Literal("2020")))
    return g


def _edges(g: nx.DiGraph) -> dict[tuple[str, str], str]:
    return {(u, v): rel for u, v, rel in g.edges(data="relation")}


def test_default_view_is_the_relation_graph() -> None:
    g = full_graph()
    default, old = build_view(g), relation_graph(g)
    assert dict(default.nodes(data="kind")) == dict(old.nodes(data="kind"))
    assert _edges(default) == _edges(old)
    assert default.graph["view"] == "default"


def test_staffing_view() -> None:
    v = build_view(full_graph(), "staffing")
    assert dict(v.nodes(data="kind")) == {
        str(POST_SPP): "post", str(POST_NB): "post",
        str(BRANCH_PH): "branch", str(BRANCH_NK): "branch", str(BRANCH_SPP): "branch",
        str(COMMUNE_PH): "commune", str(COMMUNE_SPP): "commune",
    }
    assert _edges(v) == {
        (str(POST_SPP), str(BRANCH_SPP)): "staffing",
        (str(POST_NB), str(BRANCH_PH)): "staffing",
        (str(POST_NB), str(BRANCH_NK)): "staffing",
        (str(BRANCH_SPP), str(COMMUNE_SPP)): "in_commune",
        (str(BRANCH_PH), str(COMMUNE_PH)): "in_commune",
        (str(BRANCH_NK), str(COMMUNE_PH)): "in_commune",
    }
    # the fact read from two articles is one edge, with both sentences and articles
    edge = v.edges[str(POST_NB), str(BRANCH_NK)]
    assert edge["label"] == "phụ trách · 2 đảng viên"
    assert edge["evidence"] == [
        {"sentence": SENTENCE_NB_NK, "article": "000_b964c63d47105359"},
        {"sentence": SENTENCE_NB_NK_AGAIN, "article": "001_db6863d4b654c6dc"},
    ]
    assert edge["articles"] == ["000_b964c63d47105359", "001_db6863d4b654c6dc"]
    assert len(edge["facts"]) == 2
    assert "evidence" not in v.edges[str(BRANCH_NK), str(COMMUNE_PH)]  # not a fact


def test_officials_view_goes_through_positions() -> None:
    v = build_view(full_graph(), "officials")
    seat_quyen = f"{DEPUTY_SECRETARY}@{COMMITTEE_PH}"
    assert dict(v.nodes(data="kind")) == {
        str(QUYEN): "person", str(DUONG): "person",
        seat_quyen: "position", str(SECRETARY): "position",
        str(COMMITTEE_PH): "committee",
    }
    assert _edges(v) == {
        (str(QUYEN), seat_quyen): "membership",
        (seat_quyen, str(COMMITTEE_PH)): "position_of",
        (str(DUONG), str(SECRETARY)): "membership",
    }
    assert v.nodes[seat_quyen]["label"] == "Phó Bí thư"
    assert v.nodes[seat_quyen]["organization"] == "Đảng ủy xã Phìn Hồ"
    assert v.edges[str(QUYEN), seat_quyen]["label"] == "Đại úy"
    for edge in (v.edges[str(QUYEN), seat_quyen], v.edges[seat_quyen, str(COMMITTEE_PH)]):
        assert edge["evidence"] == [{"sentence": SENTENCE_QUYEN, "article": "000_b964c63d47105359"}]


def test_places_view_is_the_named_places_and_their_ancestors() -> None:
    v = build_view(full_graph(), "places")
    assert dict(v.nodes(data="kind")) == {
        str(PROVINCE): "province", str(DISTRICT): "district",
        str(COMMUNE_PH): "commune", str(COMMUNE_SPP): "commune",
        str(VILLAGE_PH): "village", str(VILLAGE_NK): "village", str(VILLAGE_SPP): "village",
    }  # not OTHER_COMMUNE: no article names it
    assert _edges(v) == {
        (str(DISTRICT), str(PROVINCE)): "parent",
        (str(COMMUNE_PH), str(DISTRICT)): "parent",
        (str(COMMUNE_SPP), str(DISTRICT)): "parent",
        (str(VILLAGE_PH), str(COMMUNE_PH)): "parent",
        (str(VILLAGE_NK), str(COMMUNE_PH)): "parent",
        (str(VILLAGE_SPP), str(COMMUNE_SPP)): "parent",
    }
    assert v.nodes[str(PROVINCE)]["label"] == "tỉnh Điện Biên"  # the type in front
    assert v.nodes[str(VILLAGE_PH)]["label"] == "bản Phìn Hồ"  # not twice
    assert v.nodes[str(DISTRICT)]["code"] == "103"
    assert v.nodes[str(COMMUNE_PH)]["figures"] == ["party_members 2020: 150"]


def test_places_are_laid_out_as_a_tree() -> None:
    v = build_view(full_graph(), "places")
    pos, _ = layout(v)
    x = {kind: {pos[n][0] for n, k in v.nodes(data="kind") if k == kind} for kind in
         ("province", "district", "commune", "village")}
    assert all(len(xs) == 1 for xs in x.values())  # one column per level ...
    column = {kind: xs.pop() for kind, xs in x.items()}
    assert column["province"] < column["district"] < column["commune"] < column["village"]
    assert len(set(pos.values())) == len(pos)  # nothing on top of anything
    for parent in v:
        children = [c for c in v.predecessors(parent)]
        if children:
            ys = [pos[c][1] for c in children]
            assert min(ys) <= pos[parent][1] <= max(ys)


def test_all_view_filters_relations() -> None:
    g = full_graph()
    everything = build_view(g, "all")
    assert set(_edges(everything).values()) == {
        "staffing", "membership", "located", "parent", "of_place", "suborganization", "issued"}
    assert str(LU) in everything  # with no filter, the entities linked to nothing too
    assert everything.nodes[str(COMMITTEE_PH)]["kind"] == "committee"
    assert everything.edges[str(DIRECTIVE), str(COMMITTEE_PH)]["relation"] == "issued"
    assert everything.edges[str(POST_NB), str(DISTRICT)]["relation"] == "located"

    parents = build_view(g, "all", relations=["parent"])
    assert set(_edges(parents).values()) == {"parent"}
    assert {k for _, k in parents.nodes(data="kind")} <= {"province", "district", "commune",
                                                          "village"}
    assert str(OTHER_COMMUNE) in parents  # every place with a parent, named or not

    posts = build_view(g, "all", relations="staffing,located")
    assert set(_edges(posts).values()) == {"staffing", "located"}
    assert str(LU) not in posts


def test_focus_view_follows_links_to_depth() -> None:
    g = full_graph()
    around = build_view(g, "focus", focus="Đồn Biên phòng Nà Bủng", depth=1)
    assert set(around) == {str(POST_NB), str(BRANCH_PH), str(BRANCH_NK), str(DISTRICT),
                           str(COMMAND)}
    assert around.nodes[str(POST_NB)]["focus"] is True
    assert not around.nodes[str(COMMAND)].get("focus")
    assert set(build_view(g, "focus", focus="Đồn Biên phòng Nà Bủng", depth=0)) == {str(POST_NB)}
    wider = build_view(g, "focus", focus="đồn biên phòng nà bủng", depth=2)  # any case
    assert {str(VILLAGE_PH), str(VILLAGE_NK), str(PROVINCE), str(POST_SPP)} <= set(wider)
    assert set(around) < set(wider)
    loose = build_view(g, "focus", focus="Don Bien phong Na Bung", depth=0)  # no diacritics
    assert set(loose) == {str(POST_NB)}
    only_staffing = build_view(g, "focus", focus="Đồn Biên phòng Nà Bủng", relations=["staffing"])
    assert set(only_staffing) == {str(POST_NB), str(BRANCH_PH), str(BRANCH_NK)}


@pytest.mark.parametrize("kwargs, message", [
    ({"view": "everything"}, "unknown view 'everything'"),
    ({"view": "focus"}, "focus=LABEL"),
    ({"view": "staffing", "focus": "x"}, "focus=LABEL"),
    ({"view": "focus", "focus": "Không Ai Cả"}, "no entity called 'Không Ai Cả'"),
    ({"view": "focus", "focus": "Đồn Biên phòng Nà Bủng", "depth": -1}, "depth"),
    ({"view": "default", "relations": ["staffing"]}, "relations= goes with"),
    ({"view": "all", "relations": ["staffing", "friendship"]}, "friendship"),
])
def test_view_arguments_are_checked(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_view(full_graph(), **kwargs)


def test_relations_are_named_in_the_error() -> None:
    with pytest.raises(ValueError) as error:
        build_view(full_graph(), "all", relations=["nope"])
    assert all(name in str(error.value) for name in RELATIONS)


def test_map_view() -> None:
    v = build_view(full_graph(), "map")
    kinds = dict(v.nodes(data="kind"))
    # named places with coordinates, and where the posts stand (the district, named by none)
    assert kinds == {str(PROVINCE): "province", str(DISTRICT): "district",
                     str(COMMUNE_PH): "commune", str(COMMUNE_SPP): "commune",
                     str(POST_SPP): "post", str(POST_NB): "post"}
    assert v.nodes[str(POST_NB)]["at"] == str(DISTRICT)
    assert (v.nodes[str(POST_NB)]["lat"], v.nodes[str(POST_NB)]["long"]) == (21.9, 102.8)
    assert v.nodes[str(COMMUNE_PH)]["staffed"] is True
    assert all(data["province"] == "tỉnh Điện Biên" for _, data in v.nodes(data=True))
    assert _edges(v) == {
        (str(POST_NB), str(DISTRICT)): "located",
        (str(POST_NB), str(COMMUNE_PH)): "staffing",  # both of its branches are in Phìn Hồ
        (str(POST_SPP), str(COMMUNE_SPP)): "staffing",  # and it stands there
    }
    assert v.edges[str(POST_SPP), str(COMMUNE_SPP)]["located"] is True
    nb = v.edges[str(POST_NB), str(COMMUNE_PH)]
    assert nb["label"] == "phụ trách Chi bộ bản Nậm Khăn, Chi bộ bản Phìn Hồ · 2 đảng viên"
    # in article order, then in the article's order
    assert [e["sentence"] for e in nb["evidence"]] == [SENTENCE_NB_NK, SENTENCE_NB_PH,
                                                       SENTENCE_NB_NK_AGAIN]
    assert v.graph["unplaced"] == 0


def test_map_leaves_out_posts_it_cannot_place() -> None:
    g = full_graph()
    g.remove((POST_NB, KG.locatedIn, None))
    v = build_view(g, "map")
    assert str(POST_NB) not in v
    assert v.graph["unplaced"] == 1
    assert v.graph["unplaced_posts"] == "Đồn Biên phòng Nà Bủng"


@pytest.mark.parametrize("view, kwargs", [
    ("default", {}), ("staffing", {}), ("officials", {}), ("places", {}), ("all", {}),
    ("focus", {"focus": "Đồn Biên phòng Nà Bủng", "depth": 2}), ("map", {}),
])
def test_every_view_draws_a_png(tmp_path: Path, view: str, kwargs: dict) -> None:
    out = tmp_path / f"{view}.png"
    assert draw(full_graph(), out, view=view, **kwargs) == build_view(
        full_graph(), view, **kwargs).number_of_nodes()
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    assert [p.name for p in tmp_path.iterdir()] == [f"{view}.png"]


def test_map_svg_keeps_vietnamese_text(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    draw(full_graph(), out, view="map")
    svg = out.read_text(encoding="utf-8")
    for text in ("tỉnh Điện Biên", "Đồn Biên phòng Nà Bủng", "xã Phìn Hồ", "Đồn phụ trách chi bộ"):
        assert text in svg


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("view", ["default", "officials", "places", "all", "map"])
def test_graph_files_read_back(tmp_path: Path, view: str, fmt: str) -> None:
    v = build_view(full_graph(), view)
    out = tmp_path / f"view.{fmt}"
    assert render(v, out) == v.number_of_nodes()
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert isinstance(back, nx.DiGraph)
    assert set(back.nodes) == set(v.nodes)
    assert set(back.edges) == set(v.edges)
    for node, data in v.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["kind"] == data["kind"]
        assert json.loads(back.nodes[node]["mentions"]) == data["mentions"]
    for u, w, data in v.edges(data=True):
        assert back.edges[u, w]["relation"] == data["relation"]
        assert back.edges[u, w].get("label", "") == data["label"]
        if "evidence" in data:
            assert json.loads(back.edges[u, w]["evidence"]) == data["evidence"]
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_draw_writes_graph_files(tmp_path: Path) -> None:
    assert draw(full_graph(), tmp_path / "g.graphml", view="staffing") == 7
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == 6


def test_failed_graph_file_keeps_the_old_one(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "graph.graphml"
    out.write_bytes(b"old file")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        draw(full_graph(), out)
    assert out.read_bytes() == b"old file"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


def test_views_and_formats_are_listed() -> None:
    assert VIEWS == ("default", "staffing", "officials", "places", "focus", "all", "map")
    assert FORMATS == ("png", "svg", "html", "graphml", "gexf")


@pytest.mark.parametrize("view", ["staffing", "officials", "places", "map"])
def test_empty_views_raise(tmp_path: Path, view: str) -> None:
    with pytest.raises(ValueError, match="the graph has no"):
        draw(Graph(), tmp_path / "empty.html", view=view)
    assert list(tmp_path.iterdir()) == []


def test_facts_with_parts_missing() -> None:
    """A membership naming an organization but no position links the official to it with no
    role; one naming neither draws nothing; a branch whose village lies in no commune has no
    commune edge; two ranks read for one membership are both in its label."""
    g = sample_graph()
    lonely = ID["org/chi_bo_ban_lonely"]
    village = ID["place/ban_lonely"]
    _entity(g, lonely, KG.VillageBranch, "Chi bộ bản Lẻ")
    _entity(g, village, KG.Village, "bản Lẻ")
    g.add((lonely, KG.ofPlace, village))  # no kg:parentPlace
    _staffing(g, "spp_lonely", POST_SPP, lonely)
    for key, org in (("no_role", COMMITTEE_PH), ("nothing", None)):
        fact = ID[f"membership/{key}"]
        g.add((fact, RDF.type, ORG.Membership))
        g.add((fact, ORG.member, DUONG))
        if org is not None:
            g.add((fact, ORG.organization, org))
    g.add((ID["membership/quyen"], KG.rank, Literal("Thiếu tá")))
    v = build_view(g)
    assert (str(POST_SPP), str(lonely)) in v.edges
    assert [w for _, w in v.out_edges(str(lonely))] == []
    assert v.edges[str(DUONG), str(COMMITTEE_PH)]["label"] == ""
    assert {w for _, w in v.out_edges(str(DUONG))} == {str(COMMITTEE_PH), str(SECRETARY)}
    assert v.edges[str(QUYEN), str(COMMITTEE_PH)]["label"] == "Thiếu tá · Phó Bí thư; Đại úy · Phó Bí thư"


def test_view_files_are_the_same_from_run_to_run(tmp_path: Path) -> None:
    """Each view written as GraphML, GEXF and HTML is the same file, byte for byte, whatever
    order Python's hash seed gives sets of IRIs (the places view once followed it)."""
    source = tmp_path / "graph.ttl"
    full_graph().serialize(source, format="turtle")
    script = (
        "import sys; from pathlib import Path; import rdflib; from kg.draw import build_view, render\n"
        "g = rdflib.Graph().parse(sys.argv[1]); out = Path(sys.argv[2]); out.mkdir()\n"
        "views = {v: build_view(g, v) for v in ('default', 'staffing', 'officials', 'places', 'all', 'map')}\n"
        "for i, label in enumerate(sys.argv[3:]):\n"
        "    views[f'focus{i}'] = build_view(g, 'focus', focus=label, depth=1)\n"
        "for view, drawn in views.items():\n"
        "    for fmt in ('graphml', 'gexf', 'html'):\n"
        "        render(drawn, out / f'{view}.{fmt}')\n"
    )
    # neighbourhoods of under half the entities: networkx walks such a subgraph in the
    # order of a set of their IRIs
    focus = [str(full_graph().value(node, SKOS.prefLabel)) for node in (DISTRICT, POST_NB)]
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / seed), *focus], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
    files = sorted(f.name for f in (tmp_path / "1").iterdir())
    assert len(files) == 24
    for name in files:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_label_boxes_found_by_grid_are_all_that_overlap() -> None:
    """Placing a label measures it against the boxes near it only: the same area, to the last
    bit, as against every box, wherever the boxes lie (negative coordinates, wide boxes)."""
    import random

    from kg.draw import _Boxes, _overlap

    rng = random.Random(3)
    boxes = _Boxes()
    placed = []
    for _ in range(400):
        x, y = rng.uniform(-20, 20), rng.uniform(-20, 20)
        box = (x, y, x + rng.choice([0.2, 1.0, 5.0]), y + rng.uniform(0.1, 0.6))
        expected = sum(_overlap(box, other) for other in placed)
        assert boxes.overlap(box) == expected
        boxes.add(box)
        placed.append(box)
    assert any(boxes.overlap(box) > 0 for box in placed)
