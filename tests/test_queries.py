"""The seven saved queries on small hand-made graphs with known answers.

The graphs follow the model of ontology/README.md the way kg/graph.py writes it.
All names are invented.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery

from kg.errors import QueryError
from kg.graph import new_graph
from kg.query import QUERY_DIR, find_query, parse_params, rows, run_query
from kg.vocab import ID, KG, NIF

SAVED = ["border-posts", "border-posts-staff-branches", "directives", "documents",
         "officials", "places", "statistics"]

DOC_A, DOC_B = "bai_a", "bai_b"


# -- building the graph ------------------------------------------------------

def article(g: Graph, doc_id: str, title: str | None = None, date: str | None = None,
            authors: tuple[str, ...] = ()) -> URIRef:
    node = ID[f"article/{doc_id}"]
    g.add((node, RDF.type, KG.Article))
    g.add((node, DCTERMS.identifier, Literal(doc_id)))
    if title:
        g.add((node, DCTERMS.title, Literal(title)))
        g.add((node, RDFS.label, Literal(title)))
    if date:
        g.add((node, DCTERMS.date, Literal(date, datatype=ns.XSD.date)))
    for name in authors:
        author = ID[f"author/{name.replace(' ', '_')}"]
        g.add((author, RDF.type, FOAF.Person))
        g.add((author, FOAF.name, Literal(name)))
        g.add((node, DCTERMS.creator, author))
    return node


def entity(g: Graph, key: str, classes: tuple[URIRef, ...], name: str,
           docs: tuple[str, ...] = (DOC_A,)) -> URIRef:
    node = ID[key]
    for cls in classes:
        g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(name)))
    g.add((node, RDFS.label, Literal(name)))
    for doc_id in docs:
        g.add((article(g, doc_id), KG.mentions, node))
    return node


PLACE_CLASS = {"tỉnh": KG.Province, "huyện": KG.District, "xã": KG.Commune, "thôn": KG.Village,
               "bản": KG.Village}


def place(g: Graph, key: str, ptype: str, name: str, parent: URIRef | None = None,
          docs: tuple[str, ...] = (DOC_A,)) -> URIRef:
    node = entity(g, key, (PLACE_CLASS[ptype],), name, docs)
    g.add((node, KG.placeType, Literal(ptype)))
    if parent is not None:
        g.add((node, KG.parentPlace, parent))
    return node


def org(g: Graph, key: str, cls: URIRef, kind: str, name: str,
        docs: tuple[str, ...] = (DOC_A,)) -> URIRef:
    node = entity(g, key, (cls, ORG.Organization), name, docs)
    g.add((node, KG.orgKind, Literal(kind)))
    return node


def provenance(g: Graph, node: URIRef, doc_id: str, rule: str = "test",
               confidence: str = "0.90") -> None:
    source = article(g, doc_id)
    sentence = URIRef(f"{source}/sentence/1")
    g.add((sentence, NIF.anchorOf, Literal("Một câu trong bài.")))
    g.add((sentence, NIF.referenceContext, source))
    g.add((node, PROV.wasDerivedFrom, source))
    g.add((node, KG.evidence, sentence))
    g.add((node, KG.extractedBy, Literal(rule)))
    g.set((node, KG.confidence, Literal(confidence, datatype=XSD.decimal)))


def membership(g: Graph, person: URIRef, position: str, doc_id: str,
               organization: URIRef | None = None, rank: str | None = None) -> URIRef:
    role = ID[f"position/{position.replace(' ', '_')}"]
    g.add((role, RDF.type, KG.Position))
    g.add((role, RDF.type, ORG.Role))
    g.add((role, SKOS.prefLabel, Literal(position)))
    g.add((role, RDFS.label, Literal(position)))
    node = ID[f"membership/{person}/{position.replace(' ', '_')}/{organization}/{doc_id}"]
    g.add((node, RDF.type, ORG.Membership))
    g.add((node, ORG.member, person))
    g.add((node, ORG.role, role))
    if organization is not None:
        g.add((node, ORG.organization, organization))
    if rank is not None:
        g.add((node, KG.rank, Literal(rank)))
    provenance(g, node, doc_id)
    return node


def statistic(g: Graph, subject: URIRef, measure: str, value: str, year: str | None,
              docs: tuple[str, ...]) -> URIRef:
    node = ID[f"statistic/{subject}/{measure}/{value}/{year or 'any'}"]
    g.add((node, RDF.type, KG.Statistic))
    g.add((node, KG.subject, subject))
    g.add((node, KG.measure, KG[measure]))
    g.add((node, KG.value, Literal(value, datatype=ns.XSD.decimal)))
    if year:
        g.add((node, KG.year, Literal(year, datatype=ns.XSD.gYear)))
    g.add((KG[measure], RDF.type, KG.Measure))
    g.add((KG[measure], SKOS.notation, Literal(measure)))
    for doc_id in docs:
        provenance(g, node, doc_id)
    return node


def staffing(g: Graph, post: URIRef, branch: URIRef, doc_id: str, members: int | None) -> URIRef:
    node = ID[f"staffing/{post}/{branch}/{doc_id}"]
    g.add((node, RDF.type, KG.Staffing))
    g.add((node, KG.staffingPost, post))
    g.add((node, KG.staffedBranch, branch))
    if members is not None:
        g.add((node, KG.memberCount, Literal(members)))
    provenance(g, node, doc_id)
    return node


def stands_in(g: Graph, node: URIRef, relation: URIRef, where: URIRef) -> None:
    """`node relation where`, with the kg:inCommune/inDistrict/inProvince a build states beside it."""
    g.add((node, relation, where))
    unit = {"xã": KG.inCommune, "huyện": KG.inDistrict, "tỉnh": KG.inProvince}
    while where is not None:
        if str(g.value(where, KG.placeType)) in unit:
            g.add((node, unit[str(g.value(where, KG.placeType))], where))
        where = g.value(where, KG.parentPlace)


def open_answers(g: Graph, engine: str):
    from kg.engine import OxigraphEngine, RdflibEngine

    return OxigraphEngine.from_graph(g) if engine == "oxigraph" else RdflibEngine(g)


def ask(g: Graph, name: str, *params: str) -> tuple[list[str], list[list[str]]]:
    saved = find_query(name)
    return rows(run_query(g, saved, parse_params(params, saved)))


def sources(cell: str) -> set[str]:
    return set(cell.split("; "))


# -- a graph with places, posts, branches -----------------------------------

@pytest.fixture
def places_graph() -> Graph:
    g = new_graph()
    article(g, DOC_A)
    article(g, DOC_B)
    prov_ = place(g, "place/ha_vang", "tỉnh", "Hà Vàng", docs=(DOC_A, DOC_B))
    dist = place(g, "place/ha_vang/khe_lung", "huyện", "Khe Lũng", prov_)
    commune = place(g, "place/ha_vang/khe_lung/pa_nam", "xã", "Pà Nậm", dist)
    village = place(g, "place/ha_vang/khe_lung/pa_nam/na_tieu", "thôn", "Nà Tiếu", commune)
    # a commune of the same name in another district
    other_dist = place(g, "place/ha_vang/suoi_giang", "huyện", "Suối Giàng", prov_)
    place(g, "place/ha_vang/suoi_giang/pa_nam", "xã", "Pà Nậm", other_dist, docs=(DOC_B,))

    post_a = org(g, "org/don_bien_phong_pa_nam", KG.BorderPost, "Đồn Biên phòng",
                 "Đồn Biên phòng Pà Nậm", docs=(DOC_A, DOC_B))
    stands_in(g, post_a, KG.locatedIn, commune)
    post_b = org(g, "org/don_bien_phong_khe_lung", KG.BorderPost, "Đồn Biên phòng",
                 "Đồn Biên phòng Khe Lũng")
    stands_in(g, post_b, KG.locatedIn, dist)

    branch = org(g, "org/chi_bo_thon_na_tieu", KG.VillageBranch, "Chi bộ", "Chi bộ thôn Nà Tiếu")
    g.add((branch, RDF.type, KG.PartyBranch))
    stands_in(g, branch, KG.ofPlace, village)
    staffing(g, post_a, branch, DOC_A, 4)
    staffing(g, post_a, branch, DOC_B, None)
    return g


# -- border-posts -------------------------------------------------------------

def test_border_posts_columns_and_places(places_graph):
    columns, table = ask(places_graph, "border-posts")
    assert columns == ["post", "commune", "district", "province", "source"]
    assert table[0] == ["Đồn Biên phòng Khe Lũng", "", "Khe Lũng", "Hà Vàng", DOC_A]
    assert table[1][:4] == ["Đồn Biên phòng Pà Nậm", "Pà Nậm", "Khe Lũng", "Hà Vàng"]
    assert len(table) == 2


def test_border_post_named_in_two_articles_is_one_row_with_both_sources(places_graph):
    _, table = ask(places_graph, "border-posts")
    [row] = [r for r in table if r[0] == "Đồn Biên phòng Pà Nậm"]
    assert sources(row[4]) == {DOC_A, DOC_B}


def test_border_posts_param_selects_one_post(places_graph):
    _, table = ask(places_graph, "border-posts", "post=Đồn Biên phòng Khe Lũng")
    assert [r[0] for r in table] == ["Đồn Biên phòng Khe Lũng"]


def test_sparql_in_param_value_is_a_literal_that_matches_nothing(places_graph):
    before = len(places_graph)
    _, table = ask(places_graph, "border-posts", 'post=x" } ; DROP ALL ; #')
    assert table == []
    assert len(places_graph) == before


# -- border-posts-staff-branches ---------------------------------------------

def test_staffing_from_two_articles_is_one_row(places_graph):
    columns, table = ask(places_graph, "border-posts-staff-branches")
    assert columns == ["post", "branch", "commune", "members", "source"]
    [row] = table
    assert row[:4] == ["Đồn Biên phòng Pà Nậm", "Chi bộ thôn Nà Tiếu", "Pà Nậm", "4"]
    assert sources(row[4]) == {DOC_A, DOC_B}


def test_staffing_without_member_count_or_commune_gives_empty_cells():
    g = new_graph()
    post = org(g, "org/don_x", KG.BorderPost, "Đồn Biên phòng", "Đồn Biên phòng Lũng Phìn")
    branch = org(g, "org/chi_bo_y", KG.VillageBranch, "Chi bộ", "Chi bộ bản Phiêng Cọ")
    staffing(g, post, branch, DOC_A, None)
    _, table = ask(g, "border-posts-staff-branches")
    assert table == [["Đồn Biên phòng Lũng Phìn", "Chi bộ bản Phiêng Cọ", "", "", DOC_A]]


# -- district-posts-branches -----------------------------------------------------

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_district_posts_branches_lists_posts_with_and_without_branches(places_graph, engine):
    query = find_query("district-posts-branches")
    answers = open_answers(places_graph, engine)
    columns, table = answers.select(query)
    assert columns == ["district", "post", "commune", "branch", "source"]
    assert [row[:4] for row in table] == [
        ["Khe Lũng", "Đồn Biên phòng Khe Lũng", "", ""],
        ["Khe Lũng", "Đồn Biên phòng Pà Nậm", "Pà Nậm", "Chi bộ thôn Nà Tiếu"],
    ]
    assert sources(table[1][4]) == {DOC_A, DOC_B}  # the articles that name the post
    _, one = answers.select(query, parse_params(("post=Đồn Biên phòng Khe Lũng",), query))
    assert one == [table[0]]
    _, none = answers.select(query, parse_params(("district=Suối Giàng",), query))
    assert none == []


def test_values_first_binds_in_front_and_inside_each_subquery_that_selects_the_variable():
    from kg.query import values_first

    text = ('SELECT ?d ?n WHERE { { SELECT ?p ?d (COUNT(?x) AS ?n) WHERE { ?p <u:in> ?d ; <u:x> ?x } '
            'GROUP BY ?p ?d } { SELECT ?p WHERE { ?p <u:label> "{ SELECT ?d {" } } }')
    bound, rest = values_first(text, {"d": '"A"', "n": '"3"', "x": "<u:y>"})
    assert bound == ('SELECT ?d ?n WHERE { VALUES (?d ?x) { ("A" <u:y>) } { SELECT ?p ?d (COUNT(?x) AS ?n) '
                     'WHERE { VALUES (?d) { ("A") } ?p <u:in> ?d ; <u:x> ?x } GROUP BY ?p ?d } '
                     '{ SELECT ?p WHERE { ?p <u:label> "{ SELECT ?d {" } } }')
    assert rest == {"n": '"3"'}  # made by an aggregate: left to the engine to substitute


def test_values_first_binds_inside_union_branches_that_bind_the_variable_but_not_under_optional():
    from kg.query import values_first

    text = ("SELECT * WHERE { { ?s <u:a> ?d } UNION { ?s <u:b> ?o FILTER(?o = ?d) } "
            "OPTIONAL { { ?s <u:c> ?d } UNION { ?s <u:e> ?d } } }")
    bound, _ = values_first(text, {"d": "<u:D>"})
    assert bound == ("SELECT * WHERE { VALUES (?d) { (<u:D>) } { VALUES (?d) { (<u:D>) } ?s <u:a> ?d } "
                     "UNION { ?s <u:b> ?o FILTER(?o = ?d) } "
                     "OPTIONAL { { ?s <u:c> ?d } UNION { ?s <u:e> ?d } } }")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_parameter_gives_the_same_rows_as_filtering_the_listing(places_graph, engine):
    """Bound in front, in subqueries and in UNION branches, a parameter only narrows."""
    answers = open_answers(places_graph, engine)
    for name, param in (("district-posts-branches", "post"), ("border-posts", "post"),
                        ("places", "place"), ("places", "type")):
        query = find_query(name)
        columns, table = answers.select(query)
        for value in {row[columns.index(param)] for row in table}:
            _, one = answers.select(query, parse_params((f"{param}={value}",), query))
            assert one == [row for row in table if row[columns.index(param)] == value], (name, value)


# -- places ---------------------------------------------------------------------

def test_two_places_of_one_name_with_different_parents_are_two_rows(places_graph):
    columns, table = ask(places_graph, "places")
    assert columns == ["place", "type", "parent", "source"]
    pa_nam = sorted(r[:3] for r in table if r[0] == "Pà Nậm")
    assert pa_nam == [["Pà Nậm", "xã", "Khe Lũng"], ["Pà Nậm", "xã", "Suối Giàng"]]


def test_places_province_has_empty_parent_and_both_sources(places_graph):
    _, table = ask(places_graph, "places")
    [row] = [r for r in table if r[0] == "Hà Vàng"]
    assert row[:3] == ["Hà Vàng", "tỉnh", ""]
    assert sources(row[3]) == {DOC_A, DOC_B}


def test_places_type_param(places_graph):
    _, table = ask(places_graph, "places", "type=thôn")
    assert table == [["Nà Tiếu", "thôn", "Pà Nậm", DOC_A]]


# -- officials ------------------------------------------------------------------

@pytest.fixture
def officials_graph() -> Graph:
    g = new_graph()
    post = org(g, "org/don_bien_phong_pa_nam", KG.BorderPost, "Đồn Biên phòng",
               "Đồn Biên phòng Pà Nậm")
    hung = entity(g, "person/ha_van_trung", (KG.Official, FOAF.Person), "Hà Văn Trung",
                  docs=(DOC_A, DOC_B))
    g.add((hung, FOAF.name, Literal("Hà Văn Trung")))
    lan = entity(g, "person/lo_thi_mai", (KG.Official, FOAF.Person), "Lò Thị Mai")
    g.add((lan, FOAF.name, Literal("Lò Thị Mai")))
    membership(g, hung, "Chính trị viên", DOC_A, post, "Thiếu tá")
    membership(g, hung, "Chính trị viên", DOC_B, post, "Thiếu tá")
    membership(g, lan, "Bí thư", DOC_A)
    return g


def test_officials_membership_from_two_articles_is_one_row(officials_graph):
    columns, table = ask(officials_graph, "officials")
    assert columns == ["person", "rank", "position", "organization", "source"]
    [row] = [r for r in table if r[0] == "Hà Văn Trung"]
    assert row[:4] == ["Hà Văn Trung", "Thiếu tá", "Chính trị viên", "Đồn Biên phòng Pà Nậm"]
    assert sources(row[4]) == {DOC_A, DOC_B}


def test_officials_membership_without_organization_has_empty_cell(officials_graph):
    _, table = ask(officials_graph, "officials")
    assert [r for r in table if r[0] == "Lò Thị Mai"] == [["Lò Thị Mai", "", "Bí thư", "", DOC_A]]


def test_officials_person_param(officials_graph):
    _, table = ask(officials_graph, "officials", "person=Lò Thị Mai")
    assert [r[0] for r in table] == ["Lò Thị Mai"]


# -- statistics -----------------------------------------------------------------

@pytest.fixture
def statistics_graph() -> Graph:
    g = new_graph()
    unit = org(g, "org/dang_bo_xa_pa_nam", KG.PartyOrganization, "Đảng bộ", "Đảng bộ xã Pà Nậm")
    statistic(g, unit, "party_members", "1713", "2023", (DOC_A, DOC_B))
    statistic(g, unit, "households", "20.2", None, (DOC_A,))
    return g


def test_statistics_rows(statistics_graph):
    columns, table = ask(statistics_graph, "statistics")
    assert columns == ["subject", "measure", "value", "year", "source"]
    assert table[0] == ["Đảng bộ xã Pà Nậm", "households", "20.2", "", DOC_A]
    assert table[1][:4] == ["Đảng bộ xã Pà Nậm", "party_members", "1713", "2023"]
    assert sources(table[1][4]) == {DOC_A, DOC_B}
    assert len(table) == 2


def test_statistics_whole_number_written_with_point_zero_prints_as_integer():
    # a graph read back from Turtle holds xsd:decimal 1713 as "1713.0"
    g = new_graph()
    unit = org(g, "org/dang_bo_xa_pa_nam", KG.PartyOrganization, "Đảng bộ", "Đảng bộ xã Pà Nậm")
    statistic(g, unit, "party_members", "1713.0", "2023", (DOC_A,))
    _, table = ask(g, "statistics")
    assert table == [["Đảng bộ xã Pà Nậm", "party_members", "1713", "2023", DOC_A]]


def test_statistics_measure_param(statistics_graph):
    _, table = ask(statistics_graph, "statistics", "measure=households")
    assert [r[1] for r in table] == ["households"]


def test_place_figures_of_a_place_and_of_the_organization_that_leads_it():
    g = new_graph()
    district = place(g, "place/ha_vang/khe_lung", "huyện", "Khe Lũng")
    commune = place(g, "place/ha_vang/khe_lung/pa_nam", "xã", "Pà Nậm", district)
    unit = org(g, "org/dang_bo_xa_pa_nam", KG.PartyOrganization, "Đảng bộ", "Đảng bộ xã Pà Nậm")
    g.add((unit, KG.ofPlace, commune))
    statistic(g, unit, "party_members", "120", "2023", (DOC_A,))
    statistic(g, commune, "households", "640", None, (DOC_B,))
    statistic(g, district, "communes", "12", None, (DOC_A,))
    query = find_query("place-figures")
    for engine in ("oxigraph", "rdflib"):
        columns, table = open_answers(g, engine).select(query)
        assert columns == ["place", "subject", "measure", "year", "value", "source"]
        assert table == [
            ["Khe Lũng", "Khe Lũng", "communes", "", "12", DOC_A],
            ["Pà Nậm", "Pà Nậm", "households", "", "640", DOC_B],
            ["Pà Nậm", "Đảng bộ xã Pà Nậm", "party_members", "2023", "120", DOC_A],
        ], engine
        one = open_answers(g, engine).select(query, parse_params(("place=Pà Nậm",), query))
        assert [row[2] for row in one[1]] == ["households", "party_members"], engine


# -- directives -----------------------------------------------------------------

@pytest.fixture
def directives_graph() -> Graph:
    g = new_graph()
    committee = org(g, "org/dang_uy_xa_pa_nam", KG.PartyCommittee, "Đảng ủy", "Đảng ủy xã Pà Nậm")
    command = org(g, "org/bdbp_ha_vang", KG.BorderGuardCommand, "Bộ đội Biên phòng",
                  "Bộ đội Biên phòng tỉnh Hà Vàng")
    joint = entity(g, "directive/47-nq-du", (KG.Directive,), "47-NQ/ĐU", docs=(DOC_A, DOC_B))
    g.add((joint, KG.documentCode, Literal("47-NQ/ĐU")))
    g.add((joint, KG.documentKind, Literal("Nghị quyết")))
    g.add((joint, KG.documentNumber, Literal("47")))
    g.add((joint, KG.issuedBy, committee))
    g.add((joint, KG.issuedBy, command))
    g.add((joint, DCTERMS.issued, Literal("2021-04-03", datatype=ns.XSD.date)))
    bare = entity(g, "directive/chi_thi_905", (KG.Directive,), "Chỉ thị 905")
    g.add((bare, KG.documentCode, Literal("905")))
    g.add((bare, KG.documentKind, Literal("Chỉ thị")))
    for doc_id, node in ((DOC_A, joint), (DOC_B, joint), (DOC_A, bare)):
        g.add((article(g, doc_id), DCTERMS.references, node))
    return g


def test_directive_with_two_issuers_lists_both(directives_graph):
    columns, table = ask(directives_graph, "directives")
    assert columns == ["code", "kind", "issuer", "date", "source"]
    [row] = [r for r in table if r[0] == "47-NQ/ĐU"]
    assert row[1] == "Nghị quyết"
    assert sources(row[2]) == {"Đảng ủy xã Pà Nậm", "Bộ đội Biên phòng tỉnh Hà Vàng"}
    assert row[3] == "2021-04-03"
    assert sources(row[4]) == {DOC_A, DOC_B}


def test_directive_without_issuer_or_date_has_empty_cells(directives_graph):
    _, table = ask(directives_graph, "directives")
    assert [r for r in table if r[0] == "905"] == [["905", "Chỉ thị", "", "", DOC_A]]


def test_directives_kind_param(directives_graph):
    _, table = ask(directives_graph, "directives", "kind=Chỉ thị")
    assert [r[0] for r in table] == ["905"]


# -- documents ------------------------------------------------------------------

def test_documents_rows():
    g = new_graph()
    article(g, DOC_A, "Đảng viên biên phòng bám bản", "2024-03-12",
            ("Trần Minh Khoa", "Phạm Thu Hà"))
    article(g, DOC_B, authors=("Vi Văn Sơn",))
    columns, table = ask(g, "documents")
    assert columns == ["document", "title", "date", "author", "source"]
    assert table[0][:3] == [DOC_A, "Đảng viên biên phòng bám bản", "2024-03-12"]
    assert sources(table[0][3]) == {"Trần Minh Khoa", "Phạm Thu Hà"}
    assert table[0][4] == DOC_A
    assert table[1] == [DOC_B, "", "", "Vi Văn Sơn", DOC_B]


def test_documents_param_selects_one():
    g = new_graph()
    article(g, DOC_A, "Một", "2024-03-12", ("Vi Văn Sơn",))
    article(g, DOC_B, "Hai", "2024-05-01", ("Phạm Thu Hà",))
    _, table = ask(g, "documents", f"document={DOC_B}")
    assert table == [[DOC_B, "Hai", "2024-05-01", "Phạm Thu Hà", DOC_B]]


def test_documents_article_without_author_has_empty_author():
    g = new_graph()
    article(g, DOC_A, "Một", "2024-03-12")
    _, table = ask(g, "documents")
    assert table == [[DOC_A, "Một", "2024-03-12", "", DOC_A]]


# -- parameters -------------------------------------------------------------------

def test_unknown_param_name_raises_query_error():
    with pytest.raises(QueryError, match="post"):
        parse_params(("nope=x",), find_query("border-posts"))


def test_param_without_equals_raises_query_error():
    with pytest.raises(QueryError):
        parse_params(("post",), find_query("border-posts"))


def test_param_value_with_sparql_is_bound_as_literal():
    bindings = parse_params(('post=x" } ; DROP ALL ; #',), find_query("border-posts"))
    assert bindings == {"post": ox.Literal('x" } ; DROP ALL ; #')}
    assert str(bindings["post"]) == '"x\\" } ; DROP ALL ; #"'  # as it goes into a VALUES block


# -- find_query and the saved files --------------------------------------------

def test_unknown_query_name_lists_saved_queries():
    with pytest.raises(QueryError) as info:
        find_query("no-such-question")
    for name in SAVED:
        assert name in str(info.value)


def test_find_query_accepts_a_path_to_an_rq_file(tmp_path: Path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# params: doc\nSELECT ?doc WHERE { ?a <urn:p> ?doc }\n",
                    encoding="utf-8")
    saved = find_query(str(path))
    assert (saved.name, saved.title, saved.params) == ("mine", "Mine", ("doc",))


def test_the_seven_competency_questions_are_saved_queries():
    assert set(SAVED) <= {p.stem for p in QUERY_DIR.glob("*.rq")}


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERY_DIR.glob("*.rq")))
def test_saved_query_has_header_and_parses(name: str):
    text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    for field in ("# question (vi):", "# question (en):", "# title:"):
        assert any(line.startswith(field) and line[len(field):].strip() for line in head), field
    prepareQuery(text)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_directives_code_and_kind_params_narrow_the_listing(directives_graph, engine):
    answers = open_answers(directives_graph, engine)
    query = find_query("directives")
    columns, table = answers.select(query)
    assert len(table) == 2
    for param in ("code", "kind"):
        for row in table:
            value = row[columns.index(param)]
            _, one = answers.select(query, parse_params((f"{param}={value}",), query))
            assert one == [r for r in table if r[columns.index(param)] == value], (param, value)
