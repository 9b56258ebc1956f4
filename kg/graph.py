"""Documents -> triples under our ontology (see ontology/README.md).

IRIs come from the entities' keys, which come from canonical names, parent
chains and gazetteer codes, so the same entity named in two articles is one
node and the Turtle output is stable from build to build. The triples are
N-Triples strings collected in a `Triples` set (kg/triples.py says why);
`build_graph` gives an rdflib Graph for Python code that wants one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from kg.model import PLACE_LEVEL, Document, Entity, Fact
from kg.text import slug
from kg.triples import Triples, checked_named, lexical, literal, named
from kg.vocab import ENTITY_BASE, NAMESPACES, Terms

if TYPE_CHECKING:
    from rdflib import Graph

K, Rdf, Rdfs, Skos, Org, Prov, Dct, Foaf, Geo, Nif, Xsd = map(
    Terms, ("kg", "rdf", "rdfs", "skos", "org", "prov", "dcterms", "foaf", "geo", "nif", "xsd"))

PLACE_CLASS = {"province": K.Province, "district": K.District, "commune": K.Commune, "village": K.Village}
UNIT_RELATION = {"province": K.inProvince, "district": K.inDistrict, "commune": K.inCommune}
ORG_CLASS = {
    "border_post": (K.BorderPost, "Đồn Biên phòng"),
    "border_guard": (K.BorderGuardCommand, "Bộ đội Biên phòng"),
    "party_committee": (K.PartyCommittee, "Đảng ủy"),
    "party_org": (K.PartyOrganization, "Đảng bộ"),
    "village_branch": (K.VillageBranch, "Chi bộ"),
    "party_board": (K.PartyBoard, "Ban"),
    "people_committee": (Org.Organization, "Ủy ban nhân dân"),
    "people_council": (Org.Organization, "Hội đồng nhân dân"),
    "central_body": (Org.Organization, "cơ quan Trung ương"),
}
MEASURES = [
    "party_members", "party_cells", "grassroots_party_organizations", "new_party_members",
    "new_party_cells", "villages", "villages_without_party_members", "villages_without_party_cell",
    "communes", "households", "population", "ethnic_groups", "assigned_party_members",
    "staffed_branches", "household_party_members", "assigned_households", "exempt_party_members",
]


def new_graph() -> Graph:
    """An empty rdflib Graph that knows our prefixes."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace)
    return graph


def plain_iri(key: str) -> str:
    """The IRI of an entity key, as text."""
    return ENTITY_BASE + quote(key, safe="/-_.")


@lru_cache(maxsize=1 << 16)
def iri(key: str) -> str:
    """The IRI of an entity key, as an N-Triples term."""
    return named(plain_iri(key))


def article_iri(doc_id: str) -> str:
    return iri(f"article/{doc_id}")


def sentence_iri(doc_id: str, index: int) -> str:
    return iri(f"article/{doc_id}/sentence/{index}")


def build_triples(docs: Iterable[Document]) -> Triples:
    triples = Triples()
    for doc in docs:
        add_document(triples, doc)
    merge_citations(triples)
    return triples


def build_graph(docs: Iterable[Document]) -> Graph:
    """The documents' graph as an rdflib Graph."""
    return build_triples(docs).to_rdflib()


def add_document(graph: Triples, doc: Document) -> None:
    article = article_iri(doc.id)
    _add_article(graph, article, doc)
    for entity in doc.entities.values():
        _add_entity(graph, entity, article)
        if entity.category == "org" and entity.place:
            _add_units(graph, iri(entity.key), entity.place, doc.entities)
    first: dict[str, int] = {}  # the first sentence naming each entity (kg:names)
    for mention in doc.mentions:
        if mention.entity in doc.entities:
            first.setdefault(mention.entity, mention.sentence)
    for key, index in first.items():
        graph.add(sentence_iri(doc.id, index), K.names, iri(key))
    for index in sorted({fact.sentence for fact in doc.facts} | set(first.values())):
        _add_sentence(graph, doc, index, article)
    for fact in doc.facts:
        _add_fact(graph, fact, doc, article)


def _add_sentence(graph: Triples, doc: Document, index: int, article: str) -> None:
    """A sentence as a NIF string: its text and where it stands in the article file."""
    sentence = doc.sentences[index]
    node = sentence_iri(doc.id, index)
    graph.add(node, Rdf.type, Nif.Sentence)
    graph.add(node, Nif.anchorOf, literal(sentence.text))
    graph.add(node, Nif.beginIndex, literal(str(sentence.original_start), Xsd.nonNegativeInteger))
    graph.add(node, Nif.endIndex, literal(str(sentence.original_end), Xsd.nonNegativeInteger))
    graph.add(node, Nif.referenceContext, article)


def _add_article(graph: Triples, article: str, doc: Document) -> None:
    graph.add(article, Rdf.type, K.Article)
    graph.add(article, Dct.identifier, literal(doc.id))
    if doc.title:
        graph.add(article, Dct.title, literal(doc.title))
        graph.add(article, Rdfs.label, literal(doc.title))
    if doc.date:
        graph.add(article, Dct.date, literal(doc.date, Xsd.date))
    elif doc.month:
        graph.add(article, K.publicationMonth, literal(doc.month, Xsd.gYearMonth))
    for name in doc.authors:
        author = iri(f"author/{slug(name)}")
        graph.add(author, Rdf.type, Foaf.Person)
        graph.add(author, Foaf.name, literal(name))
        graph.add(article, Dct.creator, author)
    source = checked_named(doc.url) if doc.url else None
    if source:
        graph.add(article, Dct.source, source)


def _label(graph: Triples, node: str, entity: Entity) -> None:
    graph.set_first(node, Skos.prefLabel, literal(entity.label))
    graph.set_first(node, Rdfs.label, literal(entity.label))
    for alt in entity.alt_labels:
        if alt != entity.label:
            graph.add(node, Skos.altLabel, literal(alt))


def _add_entity(graph: Triples, entity: Entity, article: str) -> None:
    node = iri(entity.key)
    if entity.category == "place":
        graph.add(node, Rdf.type, PLACE_CLASS[PLACE_LEVEL[entity.kind]])
        graph.set_first(node, K.placeType, literal(entity.kind))
        if entity.parent:
            graph.set_first(node, K.parentPlace, iri(entity.parent))
        if entity.code:
            graph.set(node, K.adminCode, literal(entity.code))
        if entity.successor:
            graph.set(node, K.successorName2025, literal(entity.successor[0]))
            graph.set(node, K.successorCode2025, literal(entity.successor[1]))
        if entity.lat is not None and entity.long is not None:
            graph.set(node, Geo.lat, literal(str(entity.lat), Xsd.decimal))
            graph.set(node, Geo.long, literal(str(entity.long), Xsd.decimal))
    elif entity.category == "org":
        cls, kind = ORG_CLASS.get(entity.kind, (Org.Organization, entity.kind))
        graph.add(node, Rdf.type, cls)
        graph.add(node, Rdf.type, Org.Organization)
        if cls == K.VillageBranch:
            graph.add(node, Rdf.type, K.PartyBranch)
        graph.set(node, K.orgKind, literal(kind))
        if entity.place:
            relation = K.locatedIn if entity.kind == "border_post" else K.ofPlace
            graph.add(node, relation, iri(entity.place))
        if entity.parent:
            relation = K.committeeOf if entity.kind == "party_committee" else Org.subOrganizationOf
            graph.add(node, relation, iri(entity.parent))
    elif entity.category == "person":
        graph.add(node, Rdf.type, K.Official)
        graph.add(node, Rdf.type, Foaf.Person)
        graph.set(node, Foaf.name, literal(entity.label))
    elif entity.category == "directive":
        _add_directive(graph, node, entity, article)
    _label(graph, node, entity)
    if entity.mentioned:
        graph.add(article, K.mentions, node)


def _add_units(graph: Triples, node: str, place: str | None, entities: dict[str, Entity]) -> None:
    """kg:inCommune, kg:inDistrict, kg:inProvince: the units up an organization's place chain
    (the place itself included), so that queries need no kg:parentPlace* path."""
    seen = set()
    while place in entities and place not in seen:
        seen.add(place)
        unit = entities[place]
        relation = UNIT_RELATION.get(PLACE_LEVEL.get(unit.kind, ""))
        if unit.category == "place" and relation:
            graph.add(node, relation, iri(place))
        place = unit.parent


def _add_directive(graph: Triples, node: str, entity: Entity, article: str) -> None:
    graph.add(node, Rdf.type, K.Directive)
    graph.add(article, Dct.references, node)
    graph.set_first(node, K.documentCode, literal(entity.code))
    graph.set_first(node, K.documentKind, literal(entity.kind))
    if entity.alt_labels:
        graph.set(node, K.documentNumber, literal(entity.alt_labels[0]))
    if entity.parent:
        graph.add(node, K.issuedBy, iri(entity.parent))
    if entity.date:
        graph.set_first(node, Dct.issued, literal(entity.date, Xsd.date))


def _add_fact(graph: Triples, fact: Fact, doc: Document, article: str) -> None:
    a = dict(fact.args)
    if fact.kind == "membership":
        node = iri("membership/" + "/".join(
            [a["person"].split("/", 1)[1], slug(a["position"]), a.get("organization", "none"), doc.id]))
        position = iri(f"position/{slug(a['position'])}")
        graph.add(position, Rdf.type, K.Position)
        graph.add(position, Rdf.type, Org.Role)
        graph.set(position, Skos.prefLabel, literal(a["position"]))
        graph.set(position, Rdfs.label, literal(a["position"]))
        graph.add(node, Rdf.type, Org.Membership)
        graph.add(node, Org.member, iri(a["person"]))
        graph.add(node, Org.role, position)
        if "organization" in a:
            graph.add(node, Org.organization, iri(a["organization"]))
        if "rank" in a:
            graph.set(node, K.rank, literal(a["rank"]))
    elif fact.kind == "staffing":
        node = iri(f"staffing/{slug(a['post'])}/{slug(a['branch'])}/{doc.id}")
        graph.add(node, Rdf.type, K.Staffing)
        graph.add(node, K.staffingPost, iri(a["post"]))
        graph.add(node, K.staffedBranch, iri(a["branch"]))
        if "members" in a:
            graph.set(node, K.memberCount, literal(str(int(float(a["members"]))), Xsd.integer))
    elif fact.kind == "statistic":
        node = iri("statistic/" + "/".join(
            [slug(a["subject"]), a["measure"], slug(a["value"]), a.get("year", "any")]))
        measure = getattr(K, a["measure"])
        graph.add(node, Rdf.type, K.Statistic)
        graph.add(node, K.subject, iri(a["subject"]))
        graph.add(node, K.measure, measure)
        graph.add(node, K.value, _decimal(a["value"]))
        if "year" in a:
            graph.add(node, K.year, literal(a["year"], Xsd.gYear))
        graph.add(measure, Rdf.type, K.Measure)
        graph.set(measure, Skos.notation, literal(a["measure"]))
    else:  # a citation: the directive entity and dcterms:references say the rest
        graph.add(sentence_iri(doc.id, fact.sentence), K.names, iri(a["directive"]))
        return
    graph.add(node, Prov.wasDerivedFrom, article)
    graph.add(node, K.evidence, sentence_iri(doc.id, fact.sentence))
    graph.add(node, K.extractedBy, literal(fact.rule))
    # the same fact read twice keeps the strongest reading
    graph.set_max(node, K.confidence, literal(f"{fact.confidence:.2f}", Xsd.decimal), fact.confidence)


def _decimal(value: str) -> str:
    """xsd:decimal in canonical form ("3.0"), the form Turtle writes and reads back."""
    text = value if "." in value else f"{value}.0"
    return literal(text, Xsd.decimal)


def merge_citations(graph: Triples) -> None:
    """`Chỉ thị 45` and `45-CT/ĐU` are one directive when one coded document has that number and kind."""
    def text(node, prop) -> str | None:
        value = graph.value(node, prop)
        return lexical(value) if value is not None else None

    coded: dict[tuple, list] = {}
    bare = []
    for node in graph.subjects(Rdf.type, K.Directive):
        key = (text(node, K.documentNumber), text(node, K.documentKind))
        if (text(node, K.documentCode) or "").isdigit():
            bare.append((node, key))
        else:
            coded.setdefault(key, []).append(node)
    graph.rename({node: coded[key][0] for node, key in bare if len(coded.get(key, [])) == 1})
