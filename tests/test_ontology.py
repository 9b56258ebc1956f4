"""The ontology (ontology/kg.ttl) and the shapes (ontology/shapes.ttl).

kg.ttl must declare exactly the terms named in `kg.vocab.KG`, each with an
English and a Vietnamese label and an English comment; a small hand-made graph
following ontology/README.md must conform to the shapes, and broken variants
of it must not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.vocab import GEO, ID, KG, NIF

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
KG_NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _declared(graph: Graph) -> set[URIRef]:
    """kg: IRIs that are the subject of an rdf:type triple."""
    return {
        s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(KG_NS)
    }


def _local(term: URIRef) -> str:
    return term[len(KG_NS):]


# --- the files ---------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_file_parses(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_file_is_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_ontology_header(ontology: Graph) -> None:
    assert (URIRef("https://w3id.org/kgbp/ontology"), RDF.type, OWL.Ontology) in ontology


# --- kg.ttl agrees with kg.vocab ----------------------------------------------


def test_declared_terms_match_vocab(ontology: Graph) -> None:
    declared = {_local(t) for t in _declared(ontology)}
    expected = set(KG.__annotations__)
    assert declared - expected == set(), "declared in kg.ttl but not in kg.vocab.KG"
    assert expected - declared == set(), "in kg.vocab.KG but not declared in kg.ttl"


def test_terms_are_written_as_n_triples_and_checked_against_the_ontology() -> None:
    from kg.vocab import Terms

    assert Terms("kg").BorderPost == f"<{KG_NS}BorderPost>"
    assert Terms("dcterms").identifier == f"<{DCTERMS}identifier>"
    with pytest.raises(AttributeError, match="Borderpost"):
        Terms("kg").Borderpost


def test_every_term_is_labelled_and_commented(ontology: Graph) -> None:
    terms = _declared(ontology) | {KG._NS[name] for name in KG.__annotations__}
    problems = []
    for term in sorted(terms):
        labels = list(ontology.objects(term, RDFS.label))
        for lang in ("en", "vi"):
            found = [x for x in labels if isinstance(x, Literal) and x.language == lang]
            if len(found) != 1:
                problems.append(f"{_local(term)}: {len(found)} rdfs:label @{lang}")
        comments = [
            x for x in ontology.objects(term, RDFS.comment)
            if isinstance(x, Literal) and x.language == "en" and str(x).strip()
        ]
        if not comments:
            problems.append(f"{_local(term)}: no rdfs:comment @en")
    assert problems == []


def test_measures(ontology: Graph, shapes: Graph) -> None:
    measures = set(ontology.subjects(RDF.type, KG.Measure))
    assert len(measures) == 17
    for measure in measures:
        assert (measure, RDF.type, SKOS.Concept) in ontology
        assert (measure, SKOS.inScheme, KG.MeasureScheme) in ontology
        assert list(ontology.objects(measure, SKOS.notation)) == [Literal(_local(measure))]
    assert (KG.MeasureScheme, RDF.type, SKOS.ConceptScheme) in ontology

    # the sh:in list of the statistic shape lists exactly these measures
    lists = [
        set(Collection(shapes, node))
        for prop in shapes.subjects(SH.path, KG.measure)
        for node in shapes.objects(prop, SH["in"])
    ]
    assert lists == [measures]


def test_shapes_use_only_declared_kg_terms(ontology: Graph, shapes: Graph) -> None:
    used = {
        t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(KG_NS)
    }
    assert used - _declared(ontology) == set()


# --- the shapes ---------------------------------------------------------------


def _s(text: str) -> Literal:
    return Literal(text, datatype=XSD.string)


def _entity(g: Graph, node: URIRef, cls: URIRef, name: str, article: URIRef | None) -> URIRef:
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(name)))
    g.add((node, SKOS.prefLabel, Literal(name)))
    if article is not None:
        g.add((article, KG.mentions, node))
    return node


def _place(
    g: Graph,
    node: URIRef,
    cls: URIRef,
    name: str,
    place_type: str,
    parent: URIRef | None,
    article: URIRef | None,
) -> URIRef:
    _entity(g, node, cls, name, article)
    g.add((node, KG.placeType, Literal(place_type)))
    if parent is not None:
        g.add((node, KG.parentPlace, parent))
    return node


def _sentence(g: Graph, article: URIRef, sentence: str, key: str) -> URIRef:
    node = URIRef(f"{article}/sentence/{key}-{len(sentence)}")
    g.add((node, RDF.type, NIF.Sentence))
    g.add((node, NIF.anchorOf, Literal(sentence)))
    g.add((node, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(len(sentence), datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.referenceContext, article))
    return node


def _provenance(g: Graph, fact: URIRef, article: URIRef, sentence: str, rule: str) -> None:
    node = _sentence(g, article, sentence, rule)
    g.add((fact, PROV.wasDerivedFrom, article))
    g.add((fact, KG.evidence, node))
    g.add((fact, KG.extractedBy, Literal(rule)))
    g.add((fact, KG.confidence, Literal("0.90", datatype=XSD.decimal)))


ARTICLE = ID["article/000_b964c63d47105359"]
VILLAGE = ID["place/dien-bien/muong-nhe/sen-thuong/ban-leng-su-sin"]
BRANCH = ID["org/chi-bo-ban-leng-su-sin"]
MEMBERSHIP = ID["membership/lo-van-a/bi-thu/chi-bo-ban-leng-su-sin"]
STATISTIC = ID["statistic/000_b964c63d47105359/1"]


def conforming_graph() -> Graph:
    """One of each thing ontology/README.md describes, as the builder makes them."""
    g = Graph()
    article = ARTICLE
    g.add((article, RDF.type, KG.Article))
    g.add((article, DCTERMS.identifier, Literal("000_b964c63d47105359")))
    title = "Đồn Biên phòng Sen Thượng giúp bản xóa “trắng” đảng viên"
    g.add((article, DCTERMS.title, Literal(title)))
    g.add((article, DCTERMS.date, Literal("2023-05-12", datatype=XSD.date)))
    g.add((article, DCTERMS.source, URIRef("https://example.org/bai-bao/000")))
    author = ID["person/nguyen-van-b"]
    g.add((author, RDF.type, FOAF.Person))
    g.add((author, FOAF.name, Literal("Nguyễn Văn B")))
    g.add((article, DCTERMS.creator, author))

    province = _place(g, ID["place/dien-bien"], KG.Province, "Điện Biên", "tỉnh", None, article)
    g.add((province, KG.adminCode, _s("11")))
    district = _place(
        g, ID["place/dien-bien/muong-nhe"], KG.District, "Mường Nhé", "huyện", province, article
    )
    commune = _place(
        g, ID["place/dien-bien/muong-nhe/sen-thuong"], KG.Commune, "Sen Thượng", "xã", district,
        None,  # filled in from the gazetteer: no kg:mentions
    )
    g.add((commune, GEO.lat, Literal("22.38", datatype=XSD.decimal)))
    g.add((commune, GEO.long, Literal("102.27", datatype=XSD.decimal)))
    village = _place(g, VILLAGE, KG.Village, "Leng Su Sìn", "bản", commune, article)

    command = _entity(
        g, ID["org/bo-doi-bien-phong-tinh-dien-bien"], KG.BorderGuardCommand,
        "Bộ đội Biên phòng tỉnh Điện Biên", None,
    )
    g.add((command, KG.ofPlace, province))
    post = _entity(
        g, ID["org/don-bien-phong-sen-thuong"], KG.BorderPost, "Đồn Biên phòng Sen Thượng", article
    )
    g.add((post, KG.orgKind, Literal("border_post")))
    g.add((post, KG.locatedIn, commune))
    g.add((post, ORG.subOrganizationOf, command))
    named = _sentence(g, article, "Đồn Biên phòng Sen Thượng đã cử đảng viên ...", "names")
    g.add((named, KG.names, post))
    branch = _entity(g, BRANCH, KG.VillageBranch, "Chi bộ bản Leng Su Sìn", article)
    g.add((branch, KG.ofPlace, village))

    official = _entity(g, ID["person/lo-van-a"], KG.Official, "Lò Văn A", article)
    g.add((official, FOAF.name, Literal("Lò Văn A")))
    position = ID["position/bi-thu"]
    g.add((position, RDF.type, KG.Position))
    g.add((position, RDFS.label, Literal("Bí thư")))
    g.add((position, SKOS.prefLabel, Literal("Bí thư")))
    membership = MEMBERSHIP
    g.add((membership, RDF.type, ORG.Membership))
    g.add((membership, ORG.member, official))
    g.add((membership, ORG.role, position))
    g.add((membership, ORG.organization, branch))
    g.add((membership, KG.rank, Literal("Đại úy")))
    _provenance(
        g, membership, article, "Đại úy Lò Văn A, Bí thư Chi bộ bản ...", "membership.title"
    )

    staffing = ID["staffing/don-bien-phong-sen-thuong/chi-bo-ban-leng-su-sin"]
    g.add((staffing, RDF.type, KG.Staffing))
    g.add((staffing, KG.staffingPost, post))
    g.add((staffing, KG.staffedBranch, branch))
    g.add((staffing, KG.memberCount, Literal(3)))
    _provenance(g, staffing, article, "Đồn cử 3 đảng viên tham gia ...", "staffing.assign")

    statistic = STATISTIC
    g.add((statistic, RDF.type, KG.Statistic))
    g.add((statistic, KG.subject, branch))
    g.add((statistic, KG.measure, KG.party_members))
    g.add((statistic, KG.value, Literal("12", datatype=XSD.decimal)))
    g.add((statistic, KG.year, Literal("2023", datatype=XSD.gYear)))
    _provenance(g, statistic, article, "Chi bộ có 12 đảng viên.", "statistic.count")

    directive = _entity(g, ID["directive/681-ct-du"], KG.Directive, "Chỉ thị 681-CT/ĐU", article)
    g.add((directive, KG.documentCode, _s("681-CT/ĐU")))
    g.add((directive, KG.documentNumber, Literal("681")))
    g.add((directive, KG.documentKind, Literal("Chỉ thị")))
    g.add((directive, KG.issuedBy, command))
    g.add((directive, DCTERMS.issued, Literal("2019-03-01", datatype=XSD.date)))
    g.add((article, DCTERMS.references, directive))
    return g


def _check(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    return validate(data, shacl_graph=shapes, inference="none", advanced=False)


def test_conforming_graph_conforms(shapes: Graph) -> None:
    conforms, _, text = _check(conforming_graph(), shapes)
    assert conforms, text


def test_conforming_graph_only_uses_declared_terms(ontology: Graph) -> None:
    used = {
        t for triple in conforming_graph() for t in triple
        if isinstance(t, URIRef) and t.startswith(KG_NS)
    }
    assert used - _declared(ontology) == set()


def _two_values(g: Graph) -> None:
    g.add((STATISTIC, KG.value, Literal("7", datatype=XSD.decimal)))


def _unknown_measure(g: Graph) -> None:
    g.set((STATISTIC, KG.measure, KG._NS["no_such_measure"]))


def _no_member(g: Graph) -> None:
    g.remove((MEMBERSHIP, ORG.member, None))


def _bad_place_type(g: Graph) -> None:
    g.set((VILLAGE, KG.placeType, Literal("xyz")))


def _no_identifier(g: Graph) -> None:
    g.remove((ARTICLE, DCTERMS.identifier, None))


def _blank_parent(g: Graph) -> None:
    g.set((VILLAGE, KG.parentPlace, BNode()))


def _language_tagged_name(g: Graph) -> None:
    g.set((BRANCH, SKOS.prefLabel, Literal("Chi bộ bản Leng Su Sìn", lang="vi")))


def _integer_value(g: Graph) -> None:
    g.set((STATISTIC, KG.value, Literal(12)))


BROKEN: list[tuple[str, Callable[[Graph], None], URIRef, URIRef]] = [
    # (id, how to break the graph, focus node, result path expected in the report)
    ("statistic-two-values", _two_values, STATISTIC, KG.value),
    ("statistic-unknown-measure", _unknown_measure, STATISTIC, KG.measure),
    ("membership-without-member", _no_member, MEMBERSHIP, ORG.member),
    ("place-type-xyz", _bad_place_type, VILLAGE, KG.placeType),
    ("article-without-identifier", _no_identifier, ARTICLE, DCTERMS.identifier),
    ("parent-place-not-a-place", _blank_parent, VILLAGE, KG.parentPlace),
    ("name-with-language-tag", _language_tagged_name, BRANCH, SKOS.prefLabel),
    ("statistic-value-not-decimal", _integer_value, STATISTIC, KG.value),
]


@pytest.mark.parametrize(
    ("break_it", "focus", "path"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_graph_does_not_conform(
    shapes: Graph, break_it: Callable[[Graph], None], focus: URIRef, path: URIRef
) -> None:
    data = conforming_graph()
    break_it(data)
    conforms, report, text = _check(data, shapes)
    assert not conforms
    flagged = {
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert (focus, path) in flagged, text


@pytest.mark.parametrize(
    ("link", "namer"),
    [(KG.mentions, ID["person/nguyen-van-b"]), (KG.names, ARTICLE)],
    ids=["mentioned-by-a-person", "named-by-an-article"],
)
def test_entity_named_by_the_wrong_kind_of_node_does_not_conform(
    shapes: Graph, link: URIRef, namer: URIRef
) -> None:
    # kg:mentions comes from an article, kg:names from a sentence: the shapes check the
    # entity's incoming links (an inverse path)
    data = conforming_graph()
    data.add((namer, link, BRANCH))
    conforms, report, text = _check(data, shapes)
    assert not conforms
    flagged = {
        (report.value(result, SH.focusNode),
         report.value(report.value(result, SH.resultPath), SH.inversePath))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert (BRANCH, link) in flagged, text
