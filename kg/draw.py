"""Draw who staffs and leads what: the picture behind `kg viz -g GRAPH -o FILE.png`.

`relation_graph` reads two kinds of facts from the RDF graph into a networkx
DiGraph whose node ids are the entity IRIs:

* border post --phụ trách--> village branch --thuộc--> commune (from kg:Staffing)
* official --"Đại úy · Bí thư"--> organization (from org:Membership), or
  official --> position when the membership names no organization.

`draw` lays that DiGraph out in columns (officials | organizations, posts and
positions | village branches | communes), so every edge runs left to right and
labels never sit on top of one another, and writes a PNG or SVG atomically.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

import matplotlib

# No display on servers and in CI: pick the file-only backend before pyplot loads.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import rdflib  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS  # noqa: E402

from kg.vocab import KG  # noqa: E402

EMPTY_MESSAGE = "the graph has no border posts, staffing or officials to draw"
STAFFS = "phụ trách"
BELONGS_TO = "thuộc"

# kind -> (column, marker, colour, legend text). Positions share the middle
# column with organizations: both are what an official's edge points at.
KINDS: dict[str, tuple[int, str, str, str]] = {
    "person": (0, "o", "#f28e2b", "Cán bộ"),
    "position": (1, "D", "#edc948", "Chức vụ"),
    "organization": (1, "8", "#b07aa1", "Tổ chức"),
    "post": (1, "^", "#59a14f", "Đồn Biên phòng"),
    "branch": (2, "h", "#e15759", "Chi bộ thôn, bản"),
    "commune": (3, "s", "#4e79a7", "Xã"),
}

_NS = {"kg": KG._NS, "org": ORG, "skos": SKOS}

_STAFFING_QUERY = """
SELECT DISTINCT ?post ?branch ?commune WHERE {
  ?staffing a kg:Staffing ; kg:staffingPost ?post ; kg:staffedBranch ?branch .
  OPTIONAL { ?branch kg:ofPlace ?village . ?village kg:parentPlace ?commune . }
}"""

_MEMBERSHIP_QUERY = """
SELECT DISTINCT ?person ?role ?org ?rank WHERE {
  ?membership a org:Membership ; org:member ?person .
  OPTIONAL { ?membership org:role ?role }
  OPTIONAL { ?membership org:organization ?org }
  OPTIONAL { ?membership kg:rank ?rank }
}"""

# Inches: the axes use one data unit per inch, so fonts and spacing stay the
# same size whatever the number of nodes, and the figure grows instead.
COLUMN_GAP = 3.4
ROW_GAP = 0.95
MARGIN_X = 1.8
MARGIN_BOTTOM = 0.7
MARGIN_TOP = 1.0
MAX_PIXELS = 30_000  # Agg refuses images over 2**16 pixels a side
NODE_SIZE = 260
WRAP_AT = 24
EDGE_WRAP_AT = 30
SWEEPS = 8


# ---------------------------------------------------------------- reading


def relation_graph(graph: rdflib.Graph) -> nx.DiGraph:
    """Posts, branches, communes, officials, organizations and positions, and how they link."""
    g = nx.DiGraph()
    has_staffing = _add_staffing(graph, g)
    _add_memberships(graph, g)
    if not has_staffing:
        # Without staffing facts the posts are all there is to show of them.
        for post in sorted(set(graph.subjects(RDF.type, KG.BorderPost))):
            _add_node(graph, g, post, "post")
    return g


def _add_staffing(graph: rdflib.Graph, g: nx.DiGraph) -> bool:
    rows = list(graph.query(_STAFFING_QUERY, initNs=_NS))
    for post, branch, commune in rows:
        _add_node(graph, g, post, "post")
        _add_node(graph, g, branch, "branch")
        g.add_edge(str(post), str(branch), label=STAFFS)
        if commune is not None:
            _add_node(graph, g, commune, "commune")
            g.add_edge(str(branch), str(commune), label=BELONGS_TO)
    return bool(rows)


def _add_memberships(graph: rdflib.Graph, g: nx.DiGraph) -> None:
    # (person, target) -> role label -> ranks: one person may hold two roles in
    # one organization, and articles may give the rank or not.
    roles: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person, role, org, rank in graph.query(_MEMBERSHIP_QUERY, initNs=_NS):
        if role is None and org is None:
            continue  # nothing to link the person to
        _add_node(graph, g, person, "person")
        if org is not None:
            _add_node(graph, g, org, _org_kind(graph, org))
            target, role_label = str(org), _label(graph, role) if role is not None else ""
        else:
            _add_node(graph, g, role, "position")
            target, role_label = str(role), ""  # the node itself names the position
        ranks = roles[(str(person), target)][role_label]
        if rank is not None:
            ranks.add(str(rank))
    for (person, target), by_role in roles.items():
        g.add_edge(person, target, label=_membership_label(by_role))


def _membership_label(by_role: dict[str, set[str]]) -> str:
    """'Đại úy · Bí thư', several roles joined by '; '."""
    parts = []
    for role in sorted(by_role):
        ranks = sorted(by_role[role]) or [""]
        parts += [" · ".join(p for p in (rank, role) if p) for rank in ranks]
    return "; ".join(p for p in parts if p)


def _org_kind(graph: rdflib.Graph, org: rdflib.term.Node) -> str:
    # A post or village branch someone leads is the same node as in staffing.
    types = set(graph.objects(org, RDF.type))
    if KG.BorderPost in types:
        return "post"
    if KG.VillageBranch in types:
        return "branch"
    return "organization"


def _add_node(graph: rdflib.Graph, g: nx.DiGraph, node: rdflib.term.Node, kind: str) -> None:
    if str(node) not in g:  # the first reading wins: staffing is read first
        g.add_node(str(node), label=_label(graph, node), kind=kind)


def _label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, FOAF.name):
        values = sorted(str(v) for v in graph.objects(node, prop))
        if values:
            return values[0]
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ---------------------------------------------------------------- drawing


def draw(graph: rdflib.Graph, path: Path) -> int:
    """Draw `relation_graph(graph)` to `path` (.png or .svg); return the number of nodes."""
    path = Path(path)
    fmt = _format_of(path)
    g = relation_graph(graph)
    if g.number_of_nodes() == 0:
        raise ValueError(EMPTY_MESSAGE)
    pos = _layout(g)
    width, height = _figure_size(pos)
    with plt.rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        fig = plt.figure(figsize=(width, height))
        try:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(-MARGIN_X, width - MARGIN_X)
            ax.set_ylim(-height + MARGIN_TOP, MARGIN_TOP)
            ax.axis("off")
            _draw_edges(g, pos, ax)
            _draw_nodes(g, pos, ax)
            _draw_legend(g, fig, width)
            _save_atomically(fig, path, fmt, dpi=min(150, MAX_PIXELS / max(width, height)))
        finally:
            plt.close(fig)
    return g.number_of_nodes()


def _format_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot draw to {path.name!r}: the file name must end in .png or .svg")
    return fmt


def _layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Columns by kind; in each column an order and heights that keep edges short and uncrossed."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(g, key=lambda n: (g.nodes[n]["label"], n)):
        columns[KINDS[g.nodes[node]["kind"]][0]].append(node)
    order = sorted(columns)
    row = {n: float(i) for nodes in columns.values() for i, n in enumerate(nodes)}
    # Barycentre sweeps right and back left: each node wants the mean row of its
    # neighbours; _spread then keeps the column's nodes a row apart.
    for _ in range(SWEEPS):
        for col in order[1:] + order[-2::-1]:
            want = {n: _barycentre(g, n, row) for n in columns[col]}
            columns[col].sort(key=want.__getitem__)
            row.update(zip(columns[col], _spread([want[n] for n in columns[col]])))
    top = min(row.values())
    return {
        n: (x * COLUMN_GAP, -(row[n] - top) * ROW_GAP)
        for x, col in enumerate(order)  # empty columns take no room
        for n in columns[col]
    }


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


def _figure_size(pos: dict[str, tuple[float, float]]) -> tuple[float, float]:
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return max(xs) + 2 * MARGIN_X, -min(ys) + MARGIN_TOP + MARGIN_BOTTOM


def _draw_edges(g: nx.DiGraph, pos: dict[str, tuple[float, float]], ax: Axes) -> None:
    common = {"ax": ax, "node_size": NODE_SIZE, "nodelist": list(g)}
    for span in sorted({_span(g, u, v) for u, v in g.edges}):
        edges = [(u, v) for u, v in g.edges if _span(g, u, v) == span]
        # An official leading a village branch skips the middle column: bend the
        # edge off the nodes there, and put its label between the first two
        # columns instead of on the middle one (for arc3 edges networkx
        # measures label_pos from the source, whatever its docstring says).
        style = "arc3" if span == 1 else "arc3,rad=0.12"
        nx.draw_networkx_edges(
            g, pos, edgelist=edges, edge_color="#8c8c8c", width=1.1, arrowstyle="-|>",
            arrowsize=12, connectionstyle=style, **common,
        )
        labels = {e: _wrap(g.edges[e]["label"], EDGE_WRAP_AT) for e in edges if g.edges[e]["label"]}
        nx.draw_networkx_edge_labels(
            g, pos, edge_labels=labels, label_pos=0.5 / span, font_size=7.5,
            font_color="#333333", rotate=False, connectionstyle=style,
            bbox={"boxstyle": "round,pad=0.2", "fc": "#f7f7f7", "ec": "#cccccc", "lw": 0.5},
            **common,
        )


def _span(g: nx.DiGraph, u: str, v: str) -> int:
    return abs(KINDS[g.nodes[v]["kind"]][0] - KINDS[g.nodes[u]["kind"]][0]) or 1


def _draw_nodes(g: nx.DiGraph, pos: dict[str, tuple[float, float]], ax: Axes) -> None:
    for kind, (_, marker, colour, _) in KINDS.items():
        nodes = [n for n, k in g.nodes(data="kind") if k == kind]
        if nodes:
            nx.draw_networkx_nodes(
                g, pos, nodelist=nodes, node_shape=marker, node_color=colour,
                node_size=NODE_SIZE, edgecolors="#333333", linewidths=0.8, ax=ax,
            )
    for node, label in g.nodes(data="label"):
        # Below the node, on a white ground so an edge passing behind stays behind.
        ax.annotate(
            _wrap(label), pos[node], xytext=(0, -11), textcoords="offset points",
            ha="center", va="top", fontsize=9, zorder=5,
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


def _draw_legend(g: nx.DiGraph, fig: plt.Figure, width: float) -> None:
    present = {kind for _, kind in g.nodes(data="kind")}
    handles = [
        Line2D([], [], linestyle="none", marker=marker, markersize=10, markerfacecolor=colour,
               markeredgecolor="#333333", label=text)
        for kind, (_, marker, colour, text) in KINDS.items() if kind in present
    ]
    # One row across the top when it fits, else as many columns as fit.
    ncol = max(1, min(len(handles), int(width // 1.9)))
    fig.legend(handles=handles, loc="upper center", ncol=ncol, frameon=False, fontsize=9,
               bbox_to_anchor=(0.5, 1.0))


def _save_atomically(fig: plt.Figure, path: Path, fmt: str, dpi: float) -> None:
    """Write beside the target, then rename: a failed draw never leaves half a picture."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            # No date in the SVG: the same graph gives the same file.
            fig.savefig(out, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a picture is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
