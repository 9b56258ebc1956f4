"""The terms of our ontology as Python names, and the namespaces we reuse.

`ontology/kg.ttl` is the source of truth; `tests/test_ontology.py` checks that
every name declared here is declared there and the other way round. A misspelt
term is an AttributeError, not a silent new IRI.

Importing this module does not import rdflib: a build writes N-Triples strings
(`Terms`) and never needs it, and importing it was half of every command's start
(0.15 s). The rdflib namespaces `KG`, `ID`, `GEO`, `NIF` and `PREFIXES` are made
on first use, for the code that reads graphs with rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef

ONTOLOGY_IRI = "https://w3id.org/kgbp/ontology#"
ENTITY_BASE = "https://w3id.org/kgbp/id/"

# prefix -> namespace IRI: the prefixes of our Turtle, queries and JSON-LD
NAMESPACES = {
    "kg": ONTOLOGY_IRI,
    "id": ENTITY_BASE,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    # NLP Interchange Format: sentences as strings with offsets into their article
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class Ontology:
    """The terms of `kg:`, declared as annotations (the form rdflib's DefinedNamespace reads)."""

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


ONTOLOGY_TERMS = frozenset(Ontology.__annotations__)


class Terms:
    """A namespace's terms in N-Triples form, each made once, on first use:
    `Terms("kg").Article` is "<https://w3id.org/kgbp/ontology#Article>". A build writes
    such strings (see kg/triples.py). Terms of `kg:` are checked against the ontology;
    those of the reused vocabularies by a test of the seed build, against rdflib's lists."""

    def __init__(self, prefix: str) -> None:
        self._iri = NAMESPACES[prefix]
        self._known = ONTOLOGY_TERMS if prefix == "kg" else None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or (self._known is not None and name not in self._known):
            raise AttributeError(f"term {name!r} not in namespace {self._iri}")
        term = f"<{self._iri}{name}>"
        setattr(self, name, term)
        return term


_RDFLIB_NAMES = ("KG", "ID", "GEO", "NIF", "PREFIXES")


def __getattr__(name: str):
    """`KG`, `ID`, `GEO`, `NIF` and `PREFIXES` as rdflib namespaces, made on first use."""
    if name not in _RDFLIB_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace
    from rdflib.namespace import DefinedNamespace

    kg = type("KG", (DefinedNamespace,), {"_NS": Namespace(ONTOLOGY_IRI), "_fail": True,
                                          "__annotations__": dict(Ontology.__annotations__)})
    made = {"KG": kg, "ID": Namespace(ENTITY_BASE), "GEO": Namespace(NAMESPACES["geo"]),
            "NIF": Namespace(NAMESPACES["nif"])}
    made["PREFIXES"] = {prefix: Namespace(iri) for prefix, iri in NAMESPACES.items()}
    globals().update(made)
    return made[name]
