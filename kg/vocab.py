"""The terms of our ontology as Python names, and the namespaces we reuse.

`ontology/kg.ttl` is the source of truth; `tests/test_ontology.py` checks that
every name declared here is declared there and the other way round.  With
`_fail = True` a misspelt term is an AttributeError, not a silent new IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kgbp/ontology#"
ENTITY_BASE = "https://w3id.org/kgbp/id/"

ID = Namespace(ENTITY_BASE)
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
# NLP Interchange Format: sentences as strings with offsets into their article
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # documents
    Article: URIRef  # a news article that was read
    Directive: URIRef  # a party or state document cited by an article
    # organizations
    BorderPost: URIRef  # Đồn Biên phòng
    BorderGuardCommand: URIRef  # Bộ đội Biên phòng tỉnh X (its Bộ Chỉ huy)
    PartyCommittee: URIRef  # Đảng ủy, Huyện ủy, Tỉnh ủy
    PartyOrganization: URIRef  # Đảng bộ
    PartyBranch: URIRef  # Chi bộ
    VillageBranch: URIRef  # Chi bộ thôn / bản / xóm
    PartyBoard: URIRef  # Ban Tổ chức, Ban Thường vụ ... of a committee
    # places
    Place: URIRef
    Province: URIRef
    District: URIRef
    Commune: URIRef
    Village: URIRef
    # people and their posts
    Official: URIRef
    Position: URIRef  # an org:Role such as Bí thư
    # reified facts
    Staffing: URIRef
    Statistic: URIRef
    Measure: URIRef

    # where an entity is named: stated from the article and the sentence, so that an entity
    # named in many articles keeps few triples of its own
    mentions: URIRef  # kg:Article -> entity
    names: URIRef  # nif:Sentence -> entity
    # entity properties
    orgKind: URIRef
    locatedIn: URIRef
    ofPlace: URIRef
    committeeOf: URIRef
    placeType: URIRef
    parentPlace: URIRef
    # an organization's commune, district and province, read off its place chain at build time
    inCommune: URIRef
    inDistrict: URIRef
    inProvince: URIRef
    adminCode: URIRef
    rank: URIRef
    # staffing
    staffingPost: URIRef
    staffedBranch: URIRef
    memberCount: URIRef
    # directives
    documentCode: URIRef
    documentNumber: URIRef
    documentKind: URIRef
    issuedBy: URIRef
    # statistics
    subject: URIRef
    measure: URIRef
    value: URIRef
    year: URIRef
    # provenance of facts
    evidence: URIRef  # -> the nif:Sentence a fact was read from
    extractedBy: URIRef
    confidence: URIRef
    # the unit that replaced a place in the 2025 reform (gazetteer)
    successorName2025: URIRef
    successorCode2025: URIRef
    # article metadata
    publicationMonth: URIRef
    contentHash: URIRef  # of the article file: an incremental build skips it while unchanged

    # measures (skos:Concept individuals, skos:notation = the id used in answers)
    party_members: URIRef
    party_cells: URIRef
    grassroots_party_organizations: URIRef
    new_party_members: URIRef
    new_party_cells: URIRef
    villages: URIRef
    villages_without_party_members: URIRef
    villages_without_party_cell: URIRef
    communes: URIRef
    households: URIRef
    population: URIRef
    ethnic_groups: URIRef
    assigned_party_members: URIRef
    staffed_branches: URIRef
    household_party_members: URIRef
    assigned_households: URIRef
    exempt_party_members: URIRef
    MeasureScheme: URIRef


PREFIXES = {
    "kg": Namespace(ONTOLOGY_IRI),
    "id": ID,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "foaf": FOAF,
    "geo": GEO,
    "nif": NIF,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


class Terms:
    """A namespace's terms in N-Triples form, each made once, on first use:
    `Terms(KG).Article` is "<https://w3id.org/kgbp/ontology#Article>". A build writes
    such strings (see kg/triples.py)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, term)
        return term
