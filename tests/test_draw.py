"""kg.draw: the relation graph read from RDF, and the picture drawn from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS

from kg.draw import EMPTY_MESSAGE, draw, relation_graph
from kg.vocab import ID, KG

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
    g.add((iri, KG.mentionedIn, ARTICLE))


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
        str(COMMITTEE_PH): "organization",
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
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
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
