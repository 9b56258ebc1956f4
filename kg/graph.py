"""Documents -> an rdflib Graph under our ontology (see ontology/README.md).

IRIs come from the entities' keys, which come from canonical names, parent
chains and gazetteer codes, so the same entity named in two articles is one
node and the Turtle output is stable from build to build.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from kg.model import PLACE_LEVEL, Document, Entity, Fact
from kg.text import slug
from kg.vocab import GEO, ID, KG, NIF, PREFIXES

PLACE_CLASS = {"province": KG.Province, "district": KG.District, "commune": KG.Commune,
               "village": KG.Village}
ORG_CLASS = {
    "border_post": (KG.BorderPost, "Đồn Biên phòng"),
    "border_guard": (KG.BorderGuardCommand, "Bộ đội Biên phòng"),
    "party_committee": (KG.PartyCommittee, "Đảng ủy"),
    "party_org": (KG.PartyOrganization, "Đảng bộ"),
    "village_branch": (KG.VillageBranch, "Chi bộ"),
    "party_board": (KG.PartyBoard, "Ban"),
    "people_committee": (ORG.Organization, "Ủy ban nhân dân"),
    "people_council": (ORG.Organization, "Hội đồng nhân dân"),
    "central_body": (ORG.Organization, "cơ quan Trung ương"),
}
MEASURES = [
    "party_members", "party_cells", "grassroots_party_organizations", "new_party_members",
    "new_party_cells", "villages", "villages_without_party_members", "villages_without_party_cell",
    "communes", "households", "population", "ethnic_groups", "assigned_party_members",
    "staffed_branches", "household_party_members", "assigned_households", "exempt_party_members",
]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def iri(key: str) -> URIRef:
    return ID[quote(key, safe="/-_.")]


def article_iri(doc_id: str) -> URIRef:
    return iri(f"article/{doc_id}")


def build_graph(docs: Iterable[Document]) -> Graph:
    graph = new_graph()
    for doc in docs:
        add_document(graph, doc)
    return graph


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return iri(f"article/{doc_id}/sentence/{index}")


def add_document(graph: Graph, doc: Document) -> None:
    article = article_iri(doc.id)
    _add_article(graph, article, doc)
    for entity in doc.entities.values():
        _add_entity(graph, entity, article)
    first: dict[str, int] = {}  # an entity's evidence: the first sentence naming it
    for mention in doc.mentions:
        if mention.entity in doc.entities:
            first.setdefault(mention.entity, mention.sentence)
    for key, index in first.items():
        graph.add((iri(key), KG.evidence, sentence_iri(doc.id, index)))
    for index in sorted({fact.sentence for fact in doc.facts} | set(first.values())):
        _add_sentence(graph, doc, index, article)
    for fact in doc.facts:
        _add_fact(graph, fact, doc, article)


def _add_sentence(graph: Graph, doc: Document, index: int, article: URIRef) -> None:
    """A sentence as a NIF string: its text and where it stands in the article file."""
    sentence = doc.sentences[index]
    node = sentence_iri(doc.id, index)
    graph.add((node, RDF.type, NIF.Sentence))
    graph.add((node, NIF.anchorOf, Literal(sentence.text)))
    graph.add((node, NIF.beginIndex, Literal(sentence.original_start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(sentence.original_end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.referenceContext, article))


def _add_article(graph: Graph, article: URIRef, doc: Document) -> None:
    graph.add((article, RDF.type, KG.Article))
    graph.add((article, DCTERMS.identifier, Literal(doc.id)))
    if doc.title:
        graph.add((article, DCTERMS.title, Literal(doc.title)))
        graph.add((article, RDFS.label, Literal(doc.title)))
    if doc.date:
        graph.add((article, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    elif doc.month:
        graph.add((article, KG.publicationMonth, Literal(doc.month, datatype=XSD.gYearMonth)))
    for name in doc.authors:
        author = iri(f"author/{slug(name)}")
        graph.add((author, RDF.type, FOAF.Person))
        graph.add((author, FOAF.name, Literal(name)))
        graph.add((article, DCTERMS.creator, author))
    if doc.url:
        graph.add((article, DCTERMS.source, URIRef(doc.url)))


def _label(graph: Graph, node: URIRef, entity: Entity) -> None:
    if not graph.value(node, SKOS.prefLabel):
        graph.add((node, SKOS.prefLabel, Literal(entity.label)))
        graph.add((node, RDFS.label, Literal(entity.label)))
    for alt in entity.alt_labels:
        if alt != entity.label:
            graph.add((node, SKOS.altLabel, Literal(alt)))


def _add_entity(graph: Graph, entity: Entity, article: URIRef) -> None:
    node = iri(entity.key)
    if entity.category == "place":
        graph.add((node, RDF.type, PLACE_CLASS[PLACE_LEVEL[entity.kind]]))
        if not graph.value(node, KG.placeType):
            graph.add((node, KG.placeType, Literal(entity.kind)))
        if entity.parent and not graph.value(node, KG.parentPlace):
            graph.add((node, KG.parentPlace, iri(entity.parent)))
        if entity.code:
            graph.set((node, KG.adminCode, Literal(entity.code)))
        if entity.successor:
            graph.set((node, KG.successorName2025, Literal(entity.successor[0])))
            graph.set((node, KG.successorCode2025, Literal(entity.successor[1])))
        if entity.lat is not None and entity.long is not None:
            graph.set((node, GEO.lat, Literal(str(entity.lat), datatype=XSD.decimal)))
            graph.set((node, GEO.long, Literal(str(entity.long), datatype=XSD.decimal)))
    elif entity.category == "org":
        cls, kind = ORG_CLASS.get(entity.kind, (ORG.Organization, entity.kind))
        graph.add((node, RDF.type, cls))
        graph.add((node, RDF.type, ORG.Organization))
        if cls == KG.VillageBranch:
            graph.add((node, RDF.type, KG.PartyBranch))
        graph.set((node, KG.orgKind, Literal(kind)))
        if entity.place:
            relation = KG.locatedIn if entity.kind == "border_post" else KG.ofPlace
            graph.add((node, relation, iri(entity.place)))
        if entity.parent:
            relation = KG.committeeOf if entity.kind == "party_committee" else ORG.subOrganizationOf
            graph.add((node, relation, iri(entity.parent)))
    elif entity.category == "person":
        graph.add((node, RDF.type, KG.Official))
        graph.add((node, RDF.type, FOAF.Person))
        graph.set((node, FOAF.name, Literal(entity.label)))
    elif entity.category == "directive":
        _add_directive(graph, node, entity, article)
    _label(graph, node, entity)
    if entity.mentioned:
        graph.add((node, KG.mentionedIn, article))


def _add_directive(graph: Graph, node: URIRef, entity: Entity, article: URIRef) -> None:
    graph.add((node, RDF.type, KG.Directive))
    graph.add((article, DCTERMS.references, node))
    if not graph.value(node, KG.documentCode):
        graph.add((node, KG.documentCode, Literal(entity.code)))
        graph.add((node, KG.documentKind, Literal(entity.kind)))
    if entity.alt_labels:
        graph.set((node, KG.documentNumber, Literal(entity.alt_labels[0])))
    if entity.parent:
        graph.add((node, KG.issuedBy, iri(entity.parent)))
    if entity.date and not graph.value(node, DCTERMS.issued):
        graph.add((node, DCTERMS.issued, Literal(entity.date, datatype=XSD.date)))


def _add_fact(graph: Graph, fact: Fact, doc: Document, article: URIRef) -> None:
    a = dict(fact.args)
    if fact.kind == "membership":
        node = iri("membership/" + "/".join(
            [a["person"].split("/", 1)[1], slug(a["position"]), a.get("organization", "none"), doc.id]))
        position = iri(f"position/{slug(a['position'])}")
        graph.add((position, RDF.type, KG.Position))
        graph.add((position, RDF.type, ORG.Role))
        graph.set((position, SKOS.prefLabel, Literal(a["position"])))
        graph.set((position, RDFS.label, Literal(a["position"])))
        graph.add((node, RDF.type, ORG.Membership))
        graph.add((node, ORG.member, iri(a["person"])))
        graph.add((node, ORG.role, position))
        if "organization" in a:
            graph.add((node, ORG.organization, iri(a["organization"])))
        if "rank" in a:
            graph.set((node, KG.rank, Literal(a["rank"])))
    elif fact.kind == "staffing":
        node = iri(f"staffing/{slug(a['post'])}/{slug(a['branch'])}/{doc.id}")
        graph.add((node, RDF.type, KG.Staffing))
        graph.add((node, KG.staffingPost, iri(a["post"])))
        graph.add((node, KG.staffedBranch, iri(a["branch"])))
        if "members" in a:
            graph.set((node, KG.memberCount, Literal(int(float(a["members"])))))
    elif fact.kind == "statistic":
        node = iri("statistic/" + "/".join(
            [slug(a["subject"]), a["measure"], slug(a["value"]), a.get("year", "any")]))
        measure = KG[a["measure"]]
        graph.add((node, RDF.type, KG.Statistic))
        graph.add((node, KG.subject, iri(a["subject"])))
        graph.add((node, KG.measure, measure))
        graph.add((node, KG.value, _decimal(a["value"])))
        if "year" in a:
            graph.add((node, KG.year, Literal(a["year"], datatype=XSD.gYear)))
        graph.add((measure, RDF.type, KG.Measure))
        graph.set((measure, SKOS.notation, Literal(a["measure"])))
    else:  # a citation: the directive entity and dcterms:references say the rest
        graph.add((iri(a["directive"]), KG.evidence, sentence_iri(doc.id, fact.sentence)))
        return
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, KG.evidence, sentence_iri(doc.id, fact.sentence)))
    graph.add((node, KG.extractedBy, Literal(fact.rule)))
    # the same fact read twice keeps the strongest reading
    old = graph.value(node, KG.confidence)
    if old is None or float(old) < fact.confidence:
        graph.set((node, KG.confidence, Literal(f"{fact.confidence:.2f}", datatype=XSD.decimal)))


def _decimal(value: str) -> Literal:
    """xsd:decimal in canonical form ("3.0"), the form Turtle writes and reads back."""
    text = value if "." in value else f"{value}.0"
    return Literal(text, datatype=XSD.decimal)


def merge_citations(graph: Graph) -> None:
    """`Chỉ thị 45` and `45-CT/ĐU` are one directive when one coded document has that number and kind."""
    coded: dict[tuple[str, str], list[URIRef]] = {}
    bare = []
    for node in graph.subjects(RDF.type, KG.Directive):
        code = str(graph.value(node, KG.documentCode))
        key = (str(graph.value(node, KG.documentNumber)), str(graph.value(node, KG.documentKind)))
        (bare.append((node, key)) if code.isdigit() else coded.setdefault(key, []).append(node))
    for node, key in bare:
        if len(coded.get(key, [])) != 1:
            continue
        target = coded[key][0]
        for p, o in list(graph.predicate_objects(node)):
            if p not in (KG.documentCode, SKOS.prefLabel, RDFS.label):
                graph.add((target, p, o))
        for s, p in list(graph.subject_predicates(node)):
            graph.add((s, p, target))
        graph.remove((node, None, None))
        graph.remove((None, None, node))
