"""Draw the graph: views of its entities and how they link, as pictures, pages and files.

`build_view(graph, view=...)` reads one view of the RDF graph (an rdflib Graph, or
a kg.store_graph.StoreGraph over an Oxigraph store) into a networkx DiGraph whose
node ids are entity IRIs (and, in the "officials" view, one node per position
held in an organization):

* "default": border post --phụ trách--> village branch --thuộc--> commune (from
  kg:Staffing), and official --"Đại úy · Bí thư"--> organization (from
  org:Membership), or official --> position when the membership names no
  organization;
* "staffing": only the posts, the branches they staff and their communes;
* "officials": official --rank--> position --của--> organization;
* "places": the administrative tree (province, district, commune, village) of
  the places the articles name, with their ancestors;
* "focus": the entities at most `depth` links away from the one(s) called `focus`;
* "all": every entity, linked by the relation kinds in `relations` (default all,
  see RELATIONS);
* "map": places by their coordinates, border posts where they stand, and lines
  to the communes whose branches they staff (kg.draw_map).

Every node has `label` (what is drawn, places with their type: "xã Phìn Hồ"),
`kind` (a key of KINDS), `iri`, `classes`, `names`, `mentions` (the sentences
naming it); places also `code`, `place_type`, `lat`, `long`. Every edge has
`relation` (a key of RELATION_STYLES), `label`, and for edges read from facts
(staffing, membership) `facts`, `articles` and `evidence`: each source
sentence with the id of its article.

`render(digraph, path)` writes a view by the file's suffix: .png/.svg (laid out
in columns by kind, so edges run left to right and labels do not pile up; the
places as a tree), .html (an interactive page, kg.draw_html), .graphml and .gexf
(networkx). Writes are atomic. `draw(graph, path, view=...)` does both.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import matplotlib

# No display on servers and in CI: pick the file-only backend before pyplot loads.
matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import rdflib
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from kg.text import fold, loose
from kg.vocab import GEO, KG, NIF

EMPTY_MESSAGE = "the graph has no border posts, staffing or officials to draw"
STAFFS = "phụ trách"
BELONGS_TO = "thuộc"

VIEWS = ("default", "staffing", "officials", "places", "focus", "all", "map")
FORMATS = ("png", "svg", "html", "graphml", "gexf")

_EMPTY = {
    "default": EMPTY_MESSAGE,
    "staffing": "the graph has no border posts or staffing to draw",
    "officials": "the graph has no officials holding a position to draw",
    "places": "the graph has no places named by the articles to draw",
    "focus": "nothing to draw around the entity",
    "all": "the graph has no entities linked by the chosen relations to draw",
    "map": "the graph has no places with coordinates to draw on a map",
}

_TITLES = {
    "default": "Đồn Biên phòng, chi bộ thôn, bản và cán bộ",
    "staffing": "Đồn Biên phòng phụ trách chi bộ thôn, bản",
    "officials": "Cán bộ, chức vụ và tổ chức",
    "places": "Địa bàn được nhắc đến: tỉnh → huyện → xã → thôn, bản",
    "all": "Các thực thể và liên kết",
    "map": "Bản đồ: đồn Biên phòng và địa bàn phụ trách",
}


@dataclass(frozen=True)
class Kind:
    marker: str  # matplotlib marker
    shape: str  # the same shape in the HTML page (kg.draw_html)
    colour: str
    legend: str
    rank: int  # column in the "all" and "focus" pictures: people left, places right


# kind -> style; the order is the order of the legend.
KINDS: dict[str, Kind] = {
    "person": Kind("o", "circle", "#f28e2b", "Cán bộ", 0),
    "directive": Kind("v", "triangle-down", "#9c755f", "Văn bản (chỉ thị, nghị quyết…)", 0),
    "position": Kind("D", "diamond", "#edc948", "Chức vụ", 1),
    "board": Kind("p", "pentagon", "#d4a6c8", "Ban của cấp ủy", 1),
    "committee": Kind("8", "octagon", "#b07aa1", "Cấp ủy (Đảng ủy, Huyện ủy…)", 2),
    "party_org": Kind("P", "cross", "#8e6c8a", "Đảng bộ", 2),
    "organization": Kind("X", "x", "#bab0ac", "Tổ chức khác", 2),
    "post": Kind("^", "triangle", "#59a14f", "Đồn Biên phòng", 3),
    "command": Kind("*", "star", "#2f6b2f", "Bộ đội Biên phòng tỉnh", 4),
    "branch": Kind("h", "hexagon", "#e15759", "Chi bộ thôn, bản", 4),
    "party_branch": Kind("H", "hexagon", "#ff9d9a", "Chi bộ khác", 4),
    "village": Kind("s", "square", "#a0cbe8", "Thôn, bản", 5),
    "commune": Kind("s", "square", "#4e79a7", "Xã", 6),
    "district": Kind("s", "square", "#2c5a87", "Huyện", 7),
    "province": Kind("s", "square", "#163453", "Tỉnh", 8),
}

# rdf:type -> kind, the most specific class first.
_CLASS_KINDS = (
    (KG.BorderPost, "post"),
    (KG.VillageBranch, "branch"),
    (KG.PartyBranch, "party_branch"),
    (KG.BorderGuardCommand, "command"),
    (KG.PartyBoard, "board"),
    (KG.PartyCommittee, "committee"),
    (KG.PartyOrganization, "party_org"),
    (KG.Province, "province"),
    (KG.District, "district"),
    (KG.Commune, "commune"),
    (KG.Village, "village"),
    (KG.Official, "person"),
    (KG.Position, "position"),
    (ORG.Role, "position"),
    (KG.Directive, "directive"),
    (ORG.Organization, "organization"),
    (FOAF.Person, "person"),
)
PLACE_KINDS = ("province", "district", "commune", "village")


@dataclass(frozen=True)
class RelationStyle:
    label: str  # the edge's text unless it has its own (a membership's role)
    colour: str
    legend: str
    linestyle: str = "solid"
    width: float = 1.2


RELATION_STYLES: dict[str, RelationStyle] = {
    "staffing": RelationStyle(STAFFS, "#2e8b3a", "Đồn phụ trách chi bộ", width=2.2),
    "membership": RelationStyle("", "#e07b00", "Giữ chức vụ"),
    "position_of": RelationStyle("", "#c9a227", "Chức vụ của tổ chức"),
    "in_commune": RelationStyle(BELONGS_TO, "#4e79a7", "Chi bộ thuộc xã"),
    "located": RelationStyle("đóng tại", "#59a14f", "Đóng quân tại", "dashed"),
    "parent": RelationStyle(BELONGS_TO, "#4e79a7", "Thuộc (địa giới hành chính)"),
    "of_place": RelationStyle("của", "#9d7660", "Của địa bàn", "dotted"),
    "committee": RelationStyle("cấp ủy của", "#b07aa1", "Cấp ủy của tổ chức"),
    "suborganization": RelationStyle("trực thuộc", "#7f7f7f", "Trực thuộc"),
    "issued": RelationStyle("ban hành bởi", "#9c755f", "Ban hành bởi"),
}

# Entity to entity properties, by the relation name used in `relations=`.
_PROPERTY_RELATIONS = {
    "located": KG.locatedIn,
    "parent": KG.parentPlace,
    "of_place": KG.ofPlace,
    "committee": KG.committeeOf,
    "suborganization": ORG.subOrganizationOf,
    "issued": KG.issuedBy,
}
# The relation kinds of the "all" and "focus" views.
RELATIONS = ("staffing", "membership", *_PROPERTY_RELATIONS)


# Inches: the axes use one data unit per inch, so fonts and spacing stay the
# same size whatever the number of nodes, and the figure grows instead.
COLUMN_GAP = 3.4
ROW_GAP = 0.95
MARGIN_X = 1.8
MARGIN_BOTTOM = 0.7
TITLE_HEIGHT = 0.45
LEGEND_ROW = 0.27
MAX_PIXELS = 30_000  # Agg refuses images over 2**16 pixels a side
NODE_SIZE = 260
FOCUS_SIZE = 520
WRAP_AT = 24
EDGE_WRAP_AT = 30
SWEEPS = 8
MAX_EDGES_UNCROSSED = 2000  # above, the barycentre order alone
# Above this many nodes a picture takes minutes and its labels are too small to read
# (2,000 nodes: about a minute; a whole archive's 8,000: five)
LARGE_PICTURE = 1000
PICTURES = ("png", "svg", "html")
SUBTREE_GAP = 0.4  # extra rows between the provinces of the places tree
# Inches taken by text, to keep labels apart: a character's width, a line's height.
NODE_CHAR, NODE_LINE = 0.075, 0.16  # 9 pt
EDGE_CHAR, EDGE_LINE = 0.063, 0.135  # 7.5 pt


# ---------------------------------------------------------------- reading


def relation_graph(graph: rdflib.Graph) -> nx.DiGraph:
    """Posts, branches, communes, officials, organizations and positions: the default view."""
    return build_view(graph)


def build_view(
    graph: rdflib.Graph,
    view: str = "default",
    focus: str | None = None,
    depth: int = 1,
    relations: Iterable[str] | None = None,
) -> nx.DiGraph:
    """One view of `graph` as a DiGraph (see the module's docstring for the views)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if (focus is not None) != (view == "focus"):
        raise ValueError("the focus view needs focus=LABEL, and focus=LABEL needs view 'focus'")
    if relations is not None and view not in ("all", "focus"):
        raise ValueError("relations= goes with the views 'all' and 'focus'")
    rels = _relations(relations)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be a whole number >= 0, not {depth!r}")
    reader = _Reader(graph)
    if view == "map":
        from kg.draw_map import map_view

        g = map_view(graph)
    elif view == "places":
        g = _places_view(reader)
    elif view == "all":
        g = _entity_graph(reader, rels, isolated=relations is None)
    elif view == "focus":
        g = _focus_view(reader, rels, focus, depth)
    else:
        g = nx.DiGraph()
        edges = _Edges()
        has_staffing = False
        if view in ("default", "staffing"):
            has_staffing = _add_staffing(reader, g, edges)
        if view in ("default", "officials"):
            _add_memberships(reader, g, edges, seats=view == "officials")
        edges.into(reader, g)
        if not has_staffing and view in ("default", "staffing"):
            # Without staffing facts the posts are all there is to show of them.
            for post in sorted(set(graph.subjects(RDF.type, KG.BorderPost))):
                reader.add(g, post, "post")
    g.graph["view"] = view
    g.graph.setdefault("title", _TITLES.get(view, ""))
    return g


def _relations(relations: Iterable[str] | None) -> frozenset[str]:
    if relations is None:
        return frozenset(RELATIONS)
    if isinstance(relations, str):
        relations = [r for r in relations.replace(",", " ").split() if r]
    wanted = frozenset(relations)
    unknown = sorted(wanted - set(RELATIONS))
    if unknown or not wanted:
        raise ValueError(f"unknown relation kind(s) {', '.join(unknown) or '(none given)'}: "
                         f"choose from {', '.join(RELATIONS)}")
    return wanted


class _Reader:
    """Node attributes and evidence read from the RDF graph, each once."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self._kinds: dict[rdflib.term.Node, str | None] = {}
        self._figures: dict[rdflib.term.Node, list[str]] | None = None

    def kind(self, node: rdflib.term.Node) -> str | None:
        if node not in self._kinds:
            types = set(self.graph.objects(node, RDF.type))
            self._kinds[node] = next((k for cls, k in _CLASS_KINDS if cls in types), None)
        return self._kinds[node]

    def add(self, g: nx.DiGraph, node: rdflib.term.Node, kind: str | None = None) -> str:
        """Add the entity `node` to `g` (the first reading of its kind wins); return its id."""
        key = str(node)
        if key not in g:
            g.add_node(key, **self.attributes(node, kind or self.kind(node) or "organization"))
        return key

    def attributes(self, node: rdflib.term.Node, kind: str) -> dict:
        graph = self.graph
        names = _names(graph, node)
        attrs: dict = {
            "label": display_label(graph, node),
            "kind": kind,
            "iri": str(node),
            "classes": " ".join(sorted({_local(t) for t in graph.objects(node, RDF.type)})),
            "names": names,
        }
        for key, prop in (("code", KG.adminCode), ("place_type", KG.placeType)):
            value = graph.value(node, prop)
            if value is not None:
                attrs[key] = str(value)
        for key, prop in (("lat", GEO.lat), ("long", GEO.long)):
            value = graph.value(node, prop)
            if value is not None:
                try:
                    attrs[key] = float(value)
                except ValueError:
                    pass
        attrs["mentions"] = _sentences(graph, graph.subjects(KG.names, node))
        attrs["figures"] = self.figures().get(node, [])
        return attrs

    def figures(self) -> dict[rdflib.term.Node, list[str]]:
        """subject -> ["party_members 2020: 67", ...] from kg:Statistic."""
        if self._figures is None:
            found: dict[rdflib.term.Node, set[str]] = defaultdict(set)
            for stat in self.graph.subjects(RDF.type, KG.Statistic):
                subject = self.graph.value(stat, KG.subject)
                measure = self.graph.value(stat, KG.measure)
                value = self.graph.value(stat, KG.value)
                if subject is None or measure is None or value is None:
                    continue
                name = self.graph.value(measure, SKOS.notation) or _local(measure)
                year = self.graph.value(stat, KG.year)
                found[subject].add(f"{name}{' ' + str(year) if year else ''}: {_number(value)}")
            self._figures = {s: sorted(v) for s, v in found.items()}
        return self._figures

    def evidence(self, facts: Iterable[rdflib.term.Node]) -> list[dict]:
        graph = self.graph
        return _sentences(graph, (s for f in facts for s in graph.objects(f, KG.evidence)))

    def articles(self, facts: Iterable[rdflib.term.Node]) -> list[str]:
        return sorted({_article_id(self.graph, a) for f in facts
                       for a in self.graph.objects(f, PROV.wasDerivedFrom)})


def display_label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """The canonical name; a place's with its type in front ("xã Phìn Hồ") unless it has it."""
    label = _label(graph, node)
    place_type = graph.value(node, KG.placeType)
    if place_type is not None and not fold(label).startswith(fold(str(place_type)) + " "):
        return f"{place_type} {label}"
    return label


def _label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, FOAF.name):
        values = sorted(str(v) for v in graph.objects(node, prop))
        if values:
            return values[0]
    return _local(node)


def _names(graph: rdflib.Graph, node: rdflib.term.Node) -> list[str]:
    first = _label(graph, node)
    others = {str(v) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, FOAF.name)
              for v in graph.objects(node, p)}
    return [first] + sorted(others - {first})


def _local(node: rdflib.term.Node) -> str:
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _number(value: rdflib.term.Node) -> str:
    try:
        number = float(value)
    except ValueError:
        return str(value)
    return str(int(number)) if number == int(number) else str(number)


def _article_id(graph: rdflib.Graph, article: rdflib.term.Node) -> str:
    return str(graph.value(article, DCTERMS.identifier) or _local(article))


def _sentences(graph: rdflib.Graph, nodes: Iterable[rdflib.term.Node]) -> list[dict]:
    """[{"sentence": text, "article": id}] in article and text order, once each."""
    found = {}
    for node in nodes:
        text = graph.value(node, NIF.anchorOf)
        if text is None:
            continue
        article = graph.value(node, NIF.referenceContext)
        doc = _article_id(graph, article) if article is not None else ""
        start = graph.value(node, NIF.beginIndex)
        found[(doc, int(start) if start is not None else 0, str(text))] = None
    return [{"sentence": text, "article": doc} for doc, _, text in sorted(found)]


@dataclass
class _Edge:
    relation: str
    label: str = ""
    facts: set = field(default_factory=set)
    roles: dict[str, set[str]] | None = None  # membership: role -> ranks
    counts: set[str] = field(default_factory=set)  # staffing: members sent


class _Edges:
    """Edges collected first, so that facts read twice (two articles) make one edge."""

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str], _Edge] = {}

    def add(self, u: str, v: str, relation: str, fact=None, label: str = "") -> _Edge:
        edge = self.edges.setdefault((u, v), _Edge(relation, label))
        if fact is not None:
            edge.facts.add(fact)
        return edge

    def into(self, reader: _Reader, g: nx.DiGraph) -> None:
        for (u, v), edge in self.edges.items():
            if edge.roles is not None:
                label = _membership_label(edge.roles)
            else:
                label = edge.label or RELATION_STYLES[edge.relation].label
            if edge.counts:
                label += " · " + ", ".join(sorted(edge.counts, key=int)) + " đảng viên"
            attrs = {"relation": edge.relation, "label": label}
            if edge.facts:
                facts = sorted(edge.facts)
                attrs.update(facts=[str(f) for f in facts], articles=reader.articles(facts),
                             evidence=reader.evidence(facts))
            g.add_edge(u, v, **attrs)


def _staffing_rows(graph: rdflib.Graph) -> list[tuple]:
    """(fact, post, branch, commune or None) for each kg:Staffing, in IRI order.

    Walked triple by triple rather than asked in SPARQL: rdflib's engine evaluates an
    OPTIONAL row by row, which took most of the view's time on a whole archive."""
    rows = set()
    for fact in graph.subjects(RDF.type, KG.Staffing):
        for post in graph.objects(fact, KG.staffingPost):
            for branch in graph.objects(fact, KG.staffedBranch):
                communes = {commune for village in graph.objects(branch, KG.ofPlace)
                            for commune in graph.objects(village, KG.parentPlace)}
                rows |= {(fact, post, branch, commune) for commune in communes or {None}}
    return sorted(rows, key=_row_key)


def _membership_rows(graph: rdflib.Graph) -> list[tuple]:
    """(fact, person, role, organization, rank) for each org:Membership, None where the
    fact does not say, in IRI order (walked for the same reason as `_staffing_rows`)."""
    rows = set()
    for fact in graph.subjects(RDF.type, ORG.Membership):
        roles = set(graph.objects(fact, ORG.role)) or {None}
        orgs = set(graph.objects(fact, ORG.organization)) or {None}
        ranks = set(graph.objects(fact, KG.rank)) or {None}
        rows |= {(fact, person, role, org, rank) for person in graph.objects(fact, ORG.member)
                 for role in roles for org in orgs for rank in ranks}
    return sorted(rows, key=_row_key)


def _row_key(row: tuple) -> tuple:
    return tuple("" if term is None else str(term) for term in row)


def _add_staffing(reader: _Reader, g: nx.DiGraph, edges: _Edges) -> bool:
    rows = _staffing_rows(reader.graph)
    for fact, post, branch, commune in rows:
        p, b = reader.add(g, post, "post"), reader.add(g, branch, "branch")
        _staffing_edge(reader, edges, p, b, fact)
        if commune is not None:
            edges.add(b, reader.add(g, commune, "commune"), "in_commune")
    return bool(rows)


def _staffing_edge(reader: _Reader, edges: _Edges, post: str, branch: str, fact) -> None:
    edge = edges.add(post, branch, "staffing", fact)
    count = reader.graph.value(fact, KG.memberCount)
    if count is not None:
        edge.counts.add(_number(count))


def _add_memberships(reader: _Reader, g: nx.DiGraph, edges: _Edges, seats: bool) -> None:
    """official -> organization (or position), or with `seats` official -> position -> organization.

    A seat is one position in one organization ("Bí thư" of "Đảng ủy xã Phìn Hồ"),
    so that the path from an official to an organization says what they hold there.
    """
    for fact, person, role, org, rank in _membership_rows(reader.graph):
        if role is None and org is None:
            continue  # nothing to link the person to
        p = reader.add(g, person, "person")
        if seats and role is not None:
            seat = str(role) if org is None else f"{role}@{org}"
            if seat not in g:
                g.add_node(seat, **reader.attributes(role, "position"))
                if org is not None:
                    g.nodes[seat]["organization"] = display_label(reader.graph, org)
            edge = edges.add(p, seat, "membership", fact)
            if rank is not None:
                edge.roles = edge.roles or {}
                edge.roles.setdefault("", set()).add(str(rank))
            if org is not None:
                edges.add(seat, reader.add(g, org), "position_of", fact)
            continue
        if org is not None:
            target = reader.add(g, org, _coarse(reader.kind(org)))
            role_label = _label(reader.graph, role) if role is not None else ""
        else:
            target, role_label = reader.add(g, role, "position"), ""  # the node names it
        edge = edges.add(p, target, "membership", fact)
        edge.roles = edge.roles or {}
        ranks = edge.roles.setdefault(role_label, set())
        if rank is not None:
            ranks.add(str(rank))


def _coarse(kind: str | None) -> str:
    """An organization's kind in the default view: posts and village branches keep theirs."""
    return kind if kind in KINDS and kind not in PLACE_KINDS + ("person", "position") \
        else "organization"


def _membership_label(by_role: dict[str, set[str]]) -> str:
    """'Đại úy · Bí thư', several roles joined by '; '."""
    parts = []
    for role in sorted(by_role):
        ranks = sorted(by_role[role]) or [""]
        parts += [" · ".join(p for p in (rank, role) if p) for rank in ranks]
    return "; ".join(p for p in parts if p)


def _places_view(reader: _Reader) -> nx.DiGraph:
    graph = reader.graph
    g = nx.DiGraph()
    # In IRI order, so that a file written from the view is the same from run to run
    todo = sorted((p for p in set(graph.objects(None, KG.mentions))
                   if reader.kind(p) in PLACE_KINDS), reverse=True)
    seen = set()
    while todo:
        place = todo.pop()
        if place in seen:
            continue
        seen.add(place)
        reader.add(g, place)
        for parent in sorted(graph.objects(place, KG.parentPlace)):
            if reader.kind(parent) in PLACE_KINDS:
                g.add_edge(str(place), reader.add(g, parent), relation="parent", label=BELONGS_TO)
                todo.append(parent)
    return g


def _entity_graph(reader: _Reader, relations: frozenset[str], isolated: bool) -> nx.DiGraph:
    """Entities linked by the chosen relation kinds; with `isolated` every entity named."""
    graph = reader.graph
    g = nx.DiGraph()
    edges = _Edges()
    if "staffing" in relations:
        for fact in sorted(graph.subjects(RDF.type, KG.Staffing)):
            post, branch = graph.value(fact, KG.staffingPost), graph.value(fact, KG.staffedBranch)
            if post is not None and branch is not None:
                _staffing_edge(reader, edges, reader.add(g, post), reader.add(g, branch), fact)
    if "membership" in relations:
        _add_memberships(reader, g, edges, seats=False)
    for relation, prop in _PROPERTY_RELATIONS.items():
        if relation in relations:
            for s, o in sorted(graph.subject_objects(prop)):
                if reader.kind(s) and reader.kind(o) and s != o:
                    edges.add(reader.add(g, s), reader.add(g, o), relation)
    edges.into(reader, g)
    if isolated:
        for node in sorted(set(graph.objects(None, KG.mentions))):
            if reader.kind(node):
                reader.add(g, node)
    return g


def _focus_view(reader: _Reader, relations: frozenset[str], focus: str, depth: int) -> nx.DiGraph:
    full = _entity_graph(reader, relations, isolated=True)
    centres = find_nodes(full, focus)
    if not centres:
        raise ValueError(f"no entity called {focus!r} in the graph")
    around = full.to_undirected(as_view=True)
    keep = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(around, centre, cutoff=depth))
    # not full.subgraph(keep): networkx walks a subgraph of under half the nodes in the
    # order of the set `keep`, which Python's hash seed sets, so files differed run to run
    g = full.copy()
    g.remove_nodes_from([n for n in full if n not in keep])
    for centre in centres:
        g.nodes[centre]["focus"] = True
    g.graph["title"] = f"Quanh “{focus}” (khoảng cách ≤ {depth})"
    return g


def find_nodes(g: nx.DiGraph, name: str) -> list[str]:
    """Nodes called `name` (any of their names, any tone placement or case), or with that IRI."""
    if name in g:
        return [name]
    for key in (fold, loose):
        wanted = key(name)
        found = sorted(n for n, d in g.nodes(data=True)
                       if wanted in {key(x) for x in [d.get("label", ""), *d.get("names", [])]})
        if found:
            return found
    return []


# ---------------------------------------------------------------- writing


def draw(
    graph: rdflib.Graph,
    path: Path,
    view: str = "default",
    focus: str | None = None,
    depth: int = 1,
    relations: Iterable[str] | None = None,
) -> int:
    """Draw `build_view(graph, ...)` to `path` (see `render`); return the number of nodes."""
    path = Path(path)
    format_of(path)  # a wrong file name fails before any work
    return render(build_view(graph, view, focus=focus, depth=depth, relations=relations), path)


def render(g: nx.DiGraph, path: Path) -> int:
    """Write the view `g` to `path` by its suffix: .png, .svg, .html, .graphml or .gexf."""
    path = Path(path)
    fmt = format_of(path)
    if g.number_of_nodes() == 0:
        raise ValueError(_EMPTY.get(g.graph.get("view", "default"), EMPTY_MESSAGE))
    if fmt == "graphml":
        write_atomically(path, lambda out: nx.write_graphml(exportable(g), out))
    elif fmt == "gexf":
        write_atomically(path, lambda out: nx.write_gexf(exportable(g), out))
    elif g.graph.get("view") == "map":
        from kg.draw_map import render_map

        render_map(g, path)
    elif fmt == "html":
        from kg.draw_html import write_html

        write_html(g, path)
    else:
        _draw_picture(g, path, fmt)
    return g.number_of_nodes()


def format_of(path: Path) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        allowed = ", ".join(f".{f}" for f in FORMATS[:-1]) + f" or .{FORMATS[-1]}"
        raise ValueError(f"cannot draw to {Path(path).name!r}: the file name must end in {allowed}")
    return fmt


def exportable(g: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attribute values GraphML and GEXF can hold: lists become JSON text."""
    out = nx.DiGraph()
    out.graph.update({k: _plain(v) for k, v in g.graph.items()})
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: _plain(v) for k, v in data.items()})
    for u, v, data in g.edges(data=True):
        out.add_edge(u, v, **{k: _plain(x) for k, x in data.items()})
    return out


def _plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write beside the target, then rename: a failed write never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a picture is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- layout

# kind -> column, by view; the views not named here use each kind's rank.
_DEFAULT_COLUMNS = {"person": 0, "branch": 2, "party_branch": 2, "village": 2, "commune": 3,
                    "district": 4, "province": 5}
_OFFICIALS_COLUMNS = {"person": 0, "position": 1}


def columns(g: nx.DiGraph) -> dict[str, int]:
    """The column of each node in the layered pictures."""
    view = g.graph.get("view", "default")
    out = {}
    for node, kind in g.nodes(data="kind"):
        if view in ("default", "staffing"):
            out[node] = _DEFAULT_COLUMNS.get(kind, 1)
        elif view == "officials":
            out[node] = _OFFICIALS_COLUMNS.get(kind, 2)
        elif view == "places":
            out[node] = PLACE_KINDS.index(kind) if kind in PLACE_KINDS else 0
        else:
            out[node] = KINDS[kind].rank if kind in KINDS else 2
    return out


def layout(g: nx.DiGraph) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """Positions in inches (y grows upwards, the first row at 0) and each node's column."""
    layer = columns(g)
    rows = _tree_rows(g) if g.graph.get("view") == "places" else _layered_rows(g, layer)
    top = min(rows.values(), default=0.0)
    used = sorted(set(layer.values()))  # empty columns take no room
    x = {col: i * COLUMN_GAP for i, col in enumerate(used)}
    return {n: (x[layer[n]], -(rows[n] - top) * ROW_GAP) for n in g}, layer


def _layered_rows(g: nx.DiGraph, layer: dict[str, int]) -> dict[str, float]:
    """In each column an order and heights that keep edges short and uncrossed."""
    by_column: dict[int, list[str]] = defaultdict(list)
    for node in sorted(g, key=lambda n: (g.nodes[n]["label"], n)):
        by_column[layer[node]].append(node)
    order = sorted(by_column)
    row = {n: float(i) for nodes in by_column.values() for i, n in enumerate(nodes)}
    # Barycentre sweeps right and back left: each node wants the mean row of its
    # neighbours; _spread then keeps the column's nodes a row apart.
    for _ in range(SWEEPS):
        for col in order[1:] + order[-2::-1]:
            want = {n: _barycentre(g, n, row) for n in by_column[col]}
            by_column[col].sort(key=want.__getitem__)
            row.update(zip(by_column[col], _spread([want[n] for n in by_column[col]])))
    # Then swap neighbours in a column while that uncrosses edges (the barycentre
    # alone leaves e.g. two posts sharing a branch crossed).
    # A swap that changes nothing is made too, on every other pass, as it may let
    # the next column uncross; the best rows seen are kept.
    if g.number_of_edges() > MAX_EDGES_UNCROSSED:  # counting crossings grows as edges squared
        return row
    best, best_count = dict(row), _total_crossings(g, row, layer)
    idle = 0  # passes in a row without a swap
    for step in range(4 * SWEEPS):
        swapped = False
        for col in order:
            nodes = by_column[col]
            for i in range(len(nodes) - 1):
                a, b = nodes[i], nodes[i + 1]
                after, before = _crossings(g, b, a, row, layer), _crossings(g, a, b, row, layer)
                if after < before or (after == before and before and step % 2):
                    nodes[i], nodes[i + 1] = b, a
                    row[a], row[b] = row[b], row[a]
                    swapped = True
        count = _total_crossings(g, row, layer)
        if count < best_count:
            best, best_count = dict(row), count
        idle = 0 if swapped else idle + 1
        if idle == 2 or best_count == 0:
            break
    return best


def _total_crossings(g: nx.DiGraph, row: dict[str, float], layer: dict[str, int]) -> int:
    """Pairs of edges between the same two columns that cross."""
    groups: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for u, v in g.edges:
        if layer[u] > layer[v]:
            u, v = v, u
        if layer[u] != layer[v]:
            groups[(layer[u], layer[v])].append((row[u], row[v]))
    return sum(1 for ends in groups.values() for i, (a, b) in enumerate(ends)
               for c, d in ends[i + 1:] if (a - c) * (b - d) < 0)


def _crossings(g: nx.DiGraph, upper: str, lower: str, row: dict[str, float],
               layer: dict[str, int]) -> int:
    """How many edges of `upper` cross edges of `lower` when `upper` sits just above it."""
    count = 0
    for side in (-1, 1):
        ups = [row[n] for n in nx.all_neighbors(g, upper) if (layer[n] - layer[upper]) * side > 0]
        lows = [row[n] for n in nx.all_neighbors(g, lower) if (layer[n] - layer[lower]) * side > 0]
        count += sum(1 for p in ups for q in lows if p > q)
    return count


def _tree_rows(g: nx.DiGraph) -> dict[str, float]:
    """A tidy tree: leaves one row apart in label order, each parent level with its children."""
    parent = {u: v for u, v, rel in g.edges(data="relation") if rel == "parent"}
    children: dict[str, list[str]] = defaultdict(list)
    for child, par in parent.items():
        children[par].append(child)

    def name(n: str) -> tuple[str, str, str]:  # Vietnamese order: Điện Biên before Lạng Sơn
        return (loose(g.nodes[n]["label"]), fold(g.nodes[n]["label"]), n)

    row: dict[str, float] = {}
    next_row = 0.0

    def place(node: str) -> None:
        nonlocal next_row
        row[node] = next_row  # provisional: guards against a cycle in the data
        kids = sorted((c for c in children[node] if c not in row), key=name)
        if not kids:
            next_row += 1
            return
        for kid in kids:
            place(kid)
        row[node] = (row[kids[0]] + row[kids[-1]]) / 2

    level = columns(g)
    roots = sorted((n for n in g if n not in parent), key=lambda n: (level[n], name(n)))
    for root in roots + sorted(g, key=name):  # then whatever only a cycle reaches
        if root not in row:
            place(root)
            next_row += SUBTREE_GAP
    return row


def _barycentre(g: nx.DiGraph, node: str, row: dict[str, float]) -> float:
    rows = [row[n] for n in nx.all_neighbors(g, node)] or [row[node]]
    return sum(rows) / len(rows)


def _spread(wants: list[float]) -> list[float]:
    """Rows as close as possible (least squares) to `wants`, in order, at least 1 apart.

    With z_i = row_i - i the gap becomes "z never falls": isotonic regression,
    solved by pooling adjacent violators.
    """
    blocks: list[list[float]] = []  # [sum of z, count]
    for i, want in enumerate(wants):
        blocks.append([want - i, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    zs = [total / count for total, count in blocks for _ in range(int(count))]
    return [z + i for i, z in enumerate(zs)]


def edge_shape(layer: dict[str, int], u: str, v: str) -> tuple[float, float]:
    """(arc3 rad, default label position from the source) for an edge between these columns.

    Between neighbouring columns a straight line with its label half way; over
    more columns a slight bend off the nodes in between, the label between the
    first two columns; within one column a wide bow beside it. `label_positions`
    moves a label along its edge when it would cover another.
    """
    span = abs(layer[v] - layer[u])
    if span == 0:
        return 0.35, 0.5
    if span == 1:
        return 0.0, 0.5
    return 0.12, 0.5 / span


def _label_candidates(span: int) -> list[float]:
    """Where along an edge its label may go, best first: mid-gap between two columns."""
    if span <= 1:
        return [0.5, 0.38, 0.62, 0.28, 0.72]
    gaps = sorted(range(span), key=lambda k: (k != 0, abs((k + 0.5) / span - 0.5), -k))
    return [(k + f) / span for k in gaps for f in (0.5, 0.35, 0.65)]


def bezier_point(p: tuple[float, float], q: tuple[float, float], rad: float,
                 t: float) -> tuple[float, float]:
    """The point at `t` of matplotlib's arc3 curve from p to q (y up, equal axes)."""
    (x1, y1), (x2, y2) = p, q
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t ** 2
    return a * x1 + b * cx + c * x2, a * y1 + b * cy + c * y2


def label_positions(g: nx.DiGraph, pos: dict[str, tuple[float, float]],
                    layer: dict[str, int]) -> dict[tuple[str, str], float]:
    """For each edge label drawn, where along its edge (0 source .. 1 target) it goes.

    The first place (see _label_candidates) where it covers no node, node label
    or label placed before; else the place where it covers least.
    """
    taken = _Boxes()
    for node, label in g.nodes(data="label"):
        x, y = pos[node]
        lines = _wrap(label).split("\n")
        width = max(len(line) for line in lines) * NODE_CHAR + 0.1
        taken.add((x - 0.13, y - 0.13, x + 0.13, y + 0.13))
        taken.add((x - width / 2, y - 0.15 - len(lines) * NODE_LINE, x + width / 2, y - 0.13))
    shown = edge_labels_shown(g)
    edges = [(u, v) for u, v, d in g.edges(data=True) if d.get("label") and d["relation"] in shown]
    edges.sort(key=lambda e: (abs(layer[e[1]] - layer[e[0]]), pos[e[0]][1], pos[e[1]][1], e))
    out = {}
    for u, v in edges:
        rad, _ = edge_shape(layer, u, v)
        lines = _wrap(g.edges[u, v]["label"], EDGE_WRAP_AT).split("\n")
        half_w = (max(len(line) for line in lines) * EDGE_CHAR + 0.12) / 2
        half_h = (len(lines) * EDGE_LINE + 0.08) / 2
        best, best_cost = 0.5, math.inf
        for rank, t in enumerate(_label_candidates(abs(layer[v] - layer[u]))):
            x, y = bezier_point(pos[u], pos[v], rad, t)
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            cost = taken.overlap(box) + rank * 1e-4
            if cost < best_cost:
                best, best_cost, best_box = t, cost, box
            if cost < 1e-3:
                break
        out[(u, v)] = best
        taken.add(best_box)
    return out


class _Boxes:
    """The boxes placed so far, filed by the cells of a grid they cover, so that a new box is
    measured against the boxes near it only: against all of them, placing the labels of
    2,000 nodes took 40 s, and grew with the square of their number."""

    CELL = 2.0  # inches: a few labels wide

    def __init__(self) -> None:
        self.boxes: list[tuple] = []
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _cells(self, box: tuple) -> Iterable[tuple[int, int]]:
        x0, y0, x1, y1 = (math.floor(v / self.CELL) for v in box)
        return ((i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1))

    def add(self, box: tuple) -> None:
        for cell in self._cells(box):
            self.cells[cell].append(len(self.boxes))
        self.boxes.append(box)

    def overlap(self, box: tuple) -> float:
        """The area `box` shares with the boxes placed, added up in the order they were placed
        (the same sum, to the last bit, as over every box)."""
        near = sorted({i for cell in self._cells(box) for i in self.cells.get(cell, ())})
        return sum(_overlap(box, self.boxes[i]) for i in near)


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def edge_labels_shown(g: nx.DiGraph) -> set[str]:
    """The relations whose edge labels are written: all in the small views, roles in the big."""
    view = g.graph.get("view", "default")
    if view in ("default", "staffing", "officials"):
        return set(RELATION_STYLES)
    if view == "places":
        return set()
    return {"membership", "staffing"}


# ---------------------------------------------------------------- pictures


def _draw_picture(g: nx.DiGraph, path: Path, fmt: str) -> None:
    pos, layer = layout(g)
    handles = _legend_handles(g)
    xs = [x for x, _ in pos.values()]
    width = max(xs) + 2 * MARGIN_X
    ncol = max(1, min(len(handles), int(width // 2.4)))
    top = TITLE_HEIGHT + LEGEND_ROW * math.ceil(len(handles) / ncol) + 0.55
    depth = -min(y for _, y in pos.values())
    height = depth + top + MARGIN_BOTTOM
    with plt.rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        fig = plt.figure(figsize=(width, height))
        try:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(-MARGIN_X, width - MARGIN_X)
            ax.set_ylim(-depth - MARGIN_BOTTOM, top)
            ax.axis("off")
            _draw_edges(g, pos, layer, ax)
            _draw_nodes(g, pos, ax)
            title = g.graph.get("title", "")
            if title:
                fig.text(0.5, 1 - 0.12 / height, title, ha="center", va="top", fontsize=12,
                         fontweight="bold")
            fig.legend(handles=handles, loc="upper center", ncol=ncol, frameon=False,
                       fontsize=9, bbox_to_anchor=(0.5, 1 - TITLE_HEIGHT / height))
            dpi = min(150, MAX_PIXELS / max(width, height))
            # No date in the SVG: the same graph gives the same file.
            meta = {"Date": None} if fmt == "svg" else None
            write_atomically(path, lambda out: fig.savefig(out, format=fmt, dpi=dpi, metadata=meta))
        finally:
            plt.close(fig)


def _draw_edges(g: nx.DiGraph, pos: dict, layer: dict[str, int], ax: Axes) -> None:
    common = {"ax": ax, "node_size": NODE_SIZE, "nodelist": list(g)}
    arrows = g.graph.get("view") != "places"  # a tree needs no arrow heads
    groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for u, v, rel in g.edges(data="relation"):
        groups[(edge_shape(layer, u, v)[0], rel)].append((u, v))
    for (rad, rel), edges in sorted(groups.items()):
        style = RELATION_STYLES.get(rel, RELATION_STYLES["suborganization"])
        nx.draw_networkx_edges(
            g, pos, edgelist=edges, edge_color=style.colour, width=style.width,
            style=style.linestyle, arrowstyle="-|>" if arrows else "-", arrowsize=12,
            connectionstyle=f"arc3,rad={rad}", **common,
        )
    for (u, v), t in label_positions(g, pos, layer).items():
        style = RELATION_STYLES.get(g.edges[u, v]["relation"], RELATION_STYLES["suborganization"])
        x, y = bezier_point(pos[u], pos[v], edge_shape(layer, u, v)[0], t)
        ax.text(x, y, _wrap(g.edges[u, v]["label"], EDGE_WRAP_AT), fontsize=7.5,
                color="#333333", ha="center", va="center", zorder=4,
                bbox={"boxstyle": "round,pad=0.2", "fc": "#f7f7f7", "ec": style.colour,
                      "lw": 0.5})


def _draw_nodes(g: nx.DiGraph, pos: dict, ax: Axes) -> None:
    for kind, style in KINDS.items():
        for focus in (False, True):
            nodes = [n for n, d in g.nodes(data=True)
                     if d["kind"] == kind and bool(d.get("focus")) == focus]
            if nodes:
                nx.draw_networkx_nodes(
                    g, pos, nodelist=nodes, node_shape=style.marker, node_color=style.colour,
                    node_size=FOCUS_SIZE if focus else NODE_SIZE,
                    edgecolors="#d62728" if focus else "#333333",
                    linewidths=2.5 if focus else 0.8, ax=ax,
                )
    for node, data in g.nodes(data=True):
        # Below the node, on a white ground so an edge passing behind stays behind.
        ax.annotate(
            _wrap(data["label"]), pos[node], xytext=(0, -14 if data.get("focus") else -11),
            textcoords="offset points", ha="center", va="top", fontsize=9, zorder=5,
            fontweight="bold" if data.get("focus") else "normal",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )


def _wrap(label: str, width: int = WRAP_AT) -> str:
    """At most two lines, split at the space nearest the middle; cut what still overflows."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) / 2
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - middle))
    lines = [label[:cut], label[cut + 1:]]
    limit = int(width * 1.5)
    return "\n".join(line if len(line) <= limit else line[: limit - 1] + "…" for line in lines)


def legend_kinds(g: nx.DiGraph) -> list[str]:
    """The kinds of the nodes of `g` in the order of the columns they are drawn in."""
    column: dict[str, int] = {}
    for node, col in columns(g).items():
        kind = g.nodes[node]["kind"]
        column[kind] = min(col, column.get(kind, col))
    order = list(KINDS)
    return sorted(column, key=lambda k: (column[k], order.index(k) if k in KINDS else len(order)))


def _legend_handles(g: nx.DiGraph) -> list[Line2D]:
    relations = {rel for _, _, rel in g.edges(data="relation")}
    handles = [
        Line2D([], [], linestyle="none", marker=KINDS[kind].marker, markersize=10,
               markerfacecolor=KINDS[kind].colour, markeredgecolor="#333333",
               label=KINDS[kind].legend)
        for kind in legend_kinds(g) if kind in KINDS
    ]
    handles += [
        Line2D([], [], color=style.colour, linestyle=style.linestyle, linewidth=style.width + 0.3,
               label=style.legend)
        for rel, style in RELATION_STYLES.items() if rel in relations
    ]
    return handles
