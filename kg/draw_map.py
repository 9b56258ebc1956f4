"""The border posts on a map: `draw(graph, "map.html", view="map")` or `draw_map(graph, path)`.

`map_view(graph)` reads the places that have gazetteer coordinates (geo:lat,
geo:long: provinces, districts, communes) and that the articles name; the border
posts, placed at the place they stand in (kg:locatedIn, or its nearest ancestor
with coordinates), with a "located" edge to it; and an edge from each post to the
commune of each village branch it staffs (kg:Staffing; the village's commune, or
its nearest ancestor with coordinates), carrying the staffing facts' sentences.

`render_map(g, path)` draws it without any tile server: places are projected
with a plain equirectangular projection (longitude scaled by the cosine of the
latitude), one panel per province, or per group of provinces that a staffing
line joins, each panel fitted to its own places, with faint parallels and
meridians. Markers whose labels would overlap (neighbouring communes, a post at
its commune) are moved apart up or down only; each label then goes where it
covers nothing drawn before. Communes holding a staffed branch are ringed.
`.html` gives the interactive page of kg.draw_html (hover for the sentences and
the true coordinates), `.png`/`.svg` a matplotlib picture of the same drawing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import rdflib
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from rdflib.namespace import RDF

from kg.draw import (
    KINDS,
    PLACE_KINDS,
    RELATION_STYLES,
    STAFFS,
    _Edges,
    _overlap,
    _Reader,
    _staffing_edge,
    display_label,
    format_of,
    write_atomically,
)
from kg.text import fold, loose
from kg.vocab import GEO, KG

PANEL_W, PANEL_H = 640, 480  # pixels, with the title band
TITLE_H = 34
PAD = 46  # inside a panel, around its places
GAP = 18  # between panels
MAX_COLUMNS = 3
FONT_PX = 12
CHAR_PX = 6.9  # a DejaVu Sans character at 12 px, on average
MIN_SPAN = 0.06  # degrees: a panel of one place still shows some country
RADIUS = {"province": 8, "district": 6.5, "commune": 5, "post": 8}
_PLOT_ORDER = ("province", "district", "commune", "post")  # drawn bottom to top
STAFFING_BEND = 0.18  # arc3 rad: a staffing line bows, off the place markers between
RING = KINDS["branch"].colour  # around a commune whose village branch a post staffs
RING_LEGEND = "Xã có chi bộ thôn, bản được đồn phụ trách"


def draw_map(graph: rdflib.Graph, path: Path) -> int:
    """Draw the map view of `graph` to `path` (.html, .png, .svg, .graphml, .gexf)."""
    from kg.draw import draw

    return draw(graph, path, view="map")


# ---------------------------------------------------------------- reading


def map_view(graph: rdflib.Graph) -> nx.DiGraph:
    """Places named (with coordinates), posts where they stand, staffing lines to communes.

    Each node has `province` (the label of its province, what the panels group
    by); a post has `at` (the place it is drawn at) and that place's lat and
    long; a commune holding a staffed branch has `staffed` True.
    """
    reader = _Reader(graph)
    g = nx.DiGraph()

    def located(place: rdflib.term.Node | None) -> rdflib.term.Node | None:
        """`place` or its nearest ancestor with coordinates."""
        seen = set()
        while place is not None and place not in seen:
            seen.add(place)
            if reader.kind(place) in PLACE_KINDS and _has_coordinates(graph, place):
                return place
            place = graph.value(place, KG.parentPlace)
        return None

    def add_place(place: rdflib.term.Node) -> str:
        key = reader.add(g, place)
        g.nodes[key]["province"] = _province(graph, place)
        return key

    for place in sorted(set(graph.objects(None, KG.mentions))):
        if reader.kind(place) in PLACE_KINDS and _has_coordinates(graph, place):
            add_place(place)
    edges = _Edges()
    branches: dict[tuple[str, str], set[str]] = defaultdict(set)
    unplaced = []
    for post in sorted(set(graph.subjects(RDF.type, KG.BorderPost))):
        at = located(graph.value(post, KG.locatedIn))
        if at is None:
            unplaced.append(display_label(graph, post))
            continue
        key = reader.add(g, post, "post")
        place = add_place(at)
        g.nodes[key].update(at=place, at_label=g.nodes[place]["label"],
                            lat=g.nodes[place]["lat"], long=g.nodes[place]["long"],
                            province=g.nodes[place]["province"])
    for fact in sorted(graph.subjects(RDF.type, KG.Staffing)):
        post, branch = graph.value(fact, KG.staffingPost), graph.value(fact, KG.staffedBranch)
        if post is None or branch is None or str(post) not in g:
            continue
        commune = located(graph.value(branch, KG.ofPlace))
        if commune is None:
            continue
        place = add_place(commune)
        g.nodes[place]["staffed"] = True
        _staffing_edge(reader, edges, str(post), place, fact)
        branches[(str(post), place)].add(display_label(graph, branch))
    edges.into(reader, g)
    for (u, v), names in branches.items():
        label = g.edges[u, v]["label"]  # "phụ trách", perhaps "· 2 đảng viên"
        branch_names = ", ".join(sorted(names, key=fold))
        g.edges[u, v]["label"] = label.replace(STAFFS, f"{STAFFS} {branch_names}", 1)
    for node, at in list(g.nodes(data="at")):
        if at is None:
            continue
        if g.has_edge(node, at):  # a post staffing branches of the commune it stands in
            g.edges[node, at]["located"] = True
        else:
            g.add_edge(node, at, relation="located", label=RELATION_STYLES["located"].label)
    g.graph["unplaced"] = len(unplaced)
    if unplaced:
        g.graph["unplaced_posts"] = "; ".join(unplaced)
    return g


def _province(graph: rdflib.Graph, place: rdflib.term.Node) -> str:
    """The label of the province `place` lies in (itself if it is one, else its root)."""
    seen = set()
    while place not in seen:
        seen.add(place)
        parent = graph.value(place, KG.parentPlace)
        if (place, RDF.type, KG.Province) in graph or parent is None:
            break
        place = parent
    return display_label(graph, place)


def _has_coordinates(graph: rdflib.Graph, place: rdflib.term.Node) -> bool:
    lat, long = graph.value(place, GEO.lat), graph.value(place, GEO.long)
    try:
        return lat is not None and long is not None and bool(float(lat) or float(long))
    except ValueError:
        return False


# ---------------------------------------------------------------- placing


class MapLayout:
    """Where everything of a map view goes, in pixels (y down)."""

    def __init__(self, g: nx.DiGraph) -> None:
        self.g = g
        self.pos: dict[str, tuple[float, float]] = {}
        self.labels: dict[str, tuple[float, float, str]] = {}  # dx, dy, anchor
        self.panels: list[dict] = []  # x, y, w, h, title, grid lines
        groups = self._groups()
        cols = max(1, min(MAX_COLUMNS, len(groups)))
        for i, (provinces, nodes) in enumerate(groups):
            x0 = (i % cols) * (PANEL_W + GAP)
            y0 = (i // cols) * (PANEL_H + GAP)
            self._panel(provinces, nodes, x0, y0)
        self.width = cols * (PANEL_W + GAP) - GAP
        self.height = math.ceil(len(groups) / cols) * (PANEL_H + GAP) - GAP

    def _groups(self) -> list[tuple[list[str], list[str]]]:
        """(provinces, nodes) by province; provinces a staffing line joins share a panel."""
        union = nx.Graph()
        for node, province in self.g.nodes(data="province"):
            union.add_edge(node, ("province", province or ""))
        union.add_edges_from(self.g.edges)
        groups = []
        for component in nx.connected_components(union):
            provinces = sorted((p for _, p in (c for c in component if isinstance(c, tuple))),
                               key=loose)
            groups.append((provinces, sorted(c for c in component if isinstance(c, str))))
        return sorted(groups, key=lambda group: ([loose(p) for p in group[0]], group[1]))

    def _panel(self, provinces: list[str], nodes: list[str], x0: float, y0: float) -> None:
        g = self.g
        places = [n for n in nodes if "at" not in g.nodes[n]]
        lats = [g.nodes[n]["lat"] for n in places]
        longs = [g.nodes[n]["long"] for n in places]
        lat_mid = (min(lats) + max(lats)) / 2
        shrink = math.cos(math.radians(lat_mid))
        span_x = max((max(longs) - min(longs)) * shrink, MIN_SPAN)
        span_y = max(max(lats) - min(lats), MIN_SPAN)
        inner_w, inner_h = PANEL_W - 2 * PAD, PANEL_H - TITLE_H - 2 * PAD
        scale = min(inner_w / span_x, inner_h / span_y)
        cx, cy = (min(longs) + max(longs)) / 2, lat_mid
        mid_x, mid_y = x0 + PANEL_W / 2, y0 + TITLE_H + PAD + inner_h / 2

        def project(lat: float, long: float) -> tuple[float, float]:
            return mid_x + (long - cx) * shrink * scale, mid_y - (lat - cy) * scale

        for n in places:
            self.pos[n] = project(g.nodes[n]["lat"], g.nodes[n]["long"])
        posts_at: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            if "at" in g.nodes[n]:
                posts_at[g.nodes[n]["at"]].append(n)
        for at, posts in posts_at.items():
            px, py = self.pos[at]
            posts.sort(key=lambda n: fold(g.nodes[n]["label"]))
            for i, post in enumerate(posts):  # just above the place: _declutter stacks them
                self.pos[post] = (px, py - 1 - 0.01 * (len(posts) - i))
        bounds = (x0 + 12, y0 + TITLE_H + 12, x0 + PANEL_W - 12, y0 + PANEL_H - 12)
        self._declutter(nodes, bounds)
        panel = {"x": x0, "y": y0, "w": PANEL_W, "h": PANEL_H, "title": ", ".join(provinces),
                 "grid": self._grid(project, lats, longs, x0, y0)}
        self.panels.append(panel)
        self._place_labels(nodes, panel)

    def _footprint(self, n: str, right: float) -> tuple[float, float, float, float]:
        """The marker with its label beside it (right of it, or left near the panel's edge)."""
        x, y = self.pos[n]
        r = RADIUS[_kind(self.g, n)]
        width = len(self.g.nodes[n]["label"]) * CHAR_PX + 4
        half = max(r, (FONT_PX + 4) / 2) + 1
        if x + r + width > right:
            return (x - r - width, y - half, x + r, y + half)
        return (x - r, y - half, x + r + width, y + half)

    def _declutter(self, nodes: list[str], bounds: tuple) -> None:
        """Move markers up or down, never sideways, until no marker and label overlaps another.

        Neighbouring communes, a district's centre on a commune, posts at their
        place: all would sit on one another at the scale of a province. Only the
        height changes, a little, so east stays east; the hover still gives the
        true coordinates.
        """
        top, bottom = bounds[1], bounds[3]
        for _ in range(300 if len(nodes) < 60 else 60):  # pairs grow as the square
            moved = False
            boxes = {n: self._footprint(n, bounds[2]) for n in nodes}
            for i, a in enumerate(nodes):
                for b in nodes[i + 1:]:
                    if _overlap(boxes[a], boxes[b]) <= 0:
                        continue
                    (ax, ay), (bx, by) = self.pos[a], self.pos[b]
                    if (ay, _PLOT_ORDER.index(_kind(self.g, b))) > \
                            (by, _PLOT_ORDER.index(_kind(self.g, a))):
                        a, b, (ax, ay), (bx, by) = b, a, (bx, by), (ax, ay)
                    # a goes up, b down, by what the boxes overlap in height
                    need = min(boxes[a][3], boxes[b][3]) - max(boxes[a][1], boxes[b][1]) + 1
                    up = min(need / 2, ay - top)
                    down = min(need - up, bottom - by)
                    up = min(need - down, ay - top)
                    self.pos[a] = (ax, ay - up)
                    self.pos[b] = (bx, by + down)
                    boxes[a] = self._footprint(a, bounds[2])
                    boxes[b] = self._footprint(b, bounds[2])
                    moved = moved or up + down > 0.01
            if not moved:
                break

    def _grid(self, project, lats, longs, x0, y0) -> list[dict]:
        """Faint parallels and meridians with their degrees, to read the map by."""
        top, bottom = y0 + TITLE_H, y0 + PANEL_H
        left, right = x0, x0 + PANEL_W
        span = max(max(lats) - min(lats), max(longs) - min(longs), MIN_SPAN)
        step = next(s for s in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0) if span / s <= 5)
        lines = []
        lat_c, long_c = (min(lats) + max(lats)) / 2, (min(longs) + max(longs)) / 2
        for i in range(-12, 13):
            lat = round(lat_c / step) * step + i * step
            _, y = project(lat, long_c)
            if top + 16 < y < bottom - 20:
                lines.append({"x1": left, "y1": y, "x2": right, "y2": y, "text": f"{lat:.2f}°B",
                              "tx": left + 4, "ty": y - 3})
            long = round(long_c / step) * step + i * step
            x, _ = project(lat_c, long)
            if left + 60 < x < right - 60:
                lines.append({"x1": x, "y1": top, "x2": x, "y2": bottom, "text": f"{long:.2f}°Đ",
                              "tx": x + 3, "ty": bottom - 5})
        return lines

    def _place_labels(self, nodes: list[str], panel: dict) -> None:
        g = self.g
        markers = [self._marker_box(n) for n in nodes]
        taken: list[tuple] = []
        bounds = (panel["x"] + 2, panel["y"] + TITLE_H, panel["x"] + panel["w"] - 2,
                  panel["y"] + panel["h"] - 2)
        order = sorted(nodes, key=lambda n: (_PLOT_ORDER[::-1].index(_kind(g, n)),
                                             fold(g.nodes[n]["label"])))
        for n in order:
            x, y = self.pos[n]
            r = RADIUS[_kind(g, n)]
            width, height = len(g.nodes[n]["label"]) * CHAR_PX, FONT_PX + 3
            line = FONT_PX + 3
            candidates = [  # dx, dy of the baseline, anchor; nearest first
                (r + 4, 4, "start"), (-r - 4, 4, "end"), (0, r + FONT_PX + 2, "middle"),
                (0, -r - 5, "middle"), (r + 2, -r - 2, "start"), (-r - 2, -r - 2, "end"),
                (r + 2, r + FONT_PX, "start"), (-r - 2, r + FONT_PX, "end"),
                (r + 4, 4 - line, "start"), (r + 4, 4 + line, "start"),
                (-r - 4, 4 - line, "end"), (-r - 4, 4 + line, "end"),
                (0, r + FONT_PX + 2 + line, "middle"), (0, -r - 5 - line, "middle"),
            ]
            best, best_cost = candidates[0], math.inf
            for rank, (dx, dy, anchor) in enumerate(candidates):
                box = _text_box(x + dx, y + dy, width, height, anchor)
                cost = (sum(_overlap(box, other) for other in taken)
                        + 3 * sum(_overlap(box, m) for m in markers) + 4 * _outside(box, bounds))
                cost += rank * 0.5  # the nearer place wins a tie
                if cost < best_cost:
                    best, best_cost = (dx, dy, anchor), cost
                if cost <= rank * 0.5:
                    break
            self.labels[n] = best
            taken.append(_text_box(x + best[0], y + best[1], width, height, best[2]))

    def _marker_box(self, n: str) -> tuple[float, float, float, float]:
        x, y = self.pos[n]
        r = RADIUS[_kind(self.g, n)] + 1
        return (x - r, y - r, x + r, y + r)


def _clamp(x: float, y: float, bounds: tuple) -> tuple[float, float]:
    return min(max(x, bounds[0]), bounds[2]), min(max(y, bounds[1]), bounds[3])


def _kind(g: nx.DiGraph, n: str) -> str:
    kind = g.nodes[n]["kind"]
    return kind if kind in RADIUS else "commune"


def _text_box(x: float, y: float, w: float, h: float, anchor: str) -> tuple:
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (left, y - h + 3, left + w, y + 3)


def _outside(box: tuple, bounds: tuple) -> float:
    inside = _overlap(box, bounds)
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


# ---------------------------------------------------------------- drawing


def render_map(g: nx.DiGraph, path: Path) -> None:
    path = Path(path)
    fmt = format_of(path)
    lay = MapLayout(g)
    if fmt == "html":
        _write_page(g, lay, path)
    elif fmt in ("png", "svg"):
        _draw_picture(g, lay, path, fmt)
    else:  # graphml and gexf are written by kg.draw.render
        raise ValueError(f"render_map draws .html, .png or .svg, not {path.name!r}")


def _decorations(g: nx.DiGraph, lay: MapLayout) -> list[dict]:
    out = []
    for panel in lay.panels:
        out.append({"type": "rect", "x": panel["x"], "y": panel["y"], "w": panel["w"],
                    "h": panel["h"]})
        for line in panel["grid"]:
            out.append({"type": "line", **{k: line[k] for k in ("x1", "y1", "x2", "y2")}})
            out.append({"type": "text", "x": line["tx"], "y": line["ty"], "text": line["text"],
                        "class": "decor-note"})
        out.append({"type": "text", "x": panel["x"] + 12, "y": panel["y"] + 23,
                    "text": panel["title"]})
    if g.graph.get("unplaced"):
        out.append({"type": "text", "x": 0, "y": lay.height + 20, "class": "decor-note",
                    "text": f"{g.graph['unplaced']} đồn chưa rõ nơi đóng quân, không vẽ: "
                            f"{g.graph.get('unplaced_posts', '')}"})
    return out


def _write_page(g: nx.DiGraph, lay: MapLayout, path: Path) -> None:
    from kg.draw_html import graph_data, write_html

    data = graph_data(g, lay.pos)
    for node in data["nodes"]:
        dx, dy, anchor = lay.labels[node["id"]]
        node.update(label_dx=round(dx, 1), label_dy=round(dy, 1), label_anchor=anchor,
                    r=RADIUS[_kind(g, node["id"])], lines=[node["label"]])
        if node.get("staffed"):
            node["ring"] = RING
    for edge in data["edges"]:
        edge["show_label"] = False
        edge["rad"] = STAFFING_BEND if edge["relation"] == "staffing" else 0.0
        edge["arrow"] = edge["relation"] == "staffing"
    data["decorations"] = _decorations(g, lay)
    if any(flag for _, flag in g.nodes(data="staffed")):
        data["legend_rings"] = [{"colour": RING, "legend": RING_LEGEND}]
    write_html(g, path, data)


def _draw_picture(g: nx.DiGraph, lay: MapLayout, path: Path, fmt: str) -> None:
    note = 30 if g.graph.get("unplaced") else 0
    head = 70  # title and legend
    width, height = lay.width + 20, lay.height + head + note + 10
    with plt.rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        fig = plt.figure(figsize=(width / 100, height / 100))
        try:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(-10, width - 10)
            ax.set_ylim(height - head, -head)  # pixels, y down as in the page
            ax.axis("off")
            pt = 0.72  # points per pixel at 100 dpi
            for item in _decorations(g, lay):
                if item["type"] == "rect":
                    ax.add_patch(Rectangle((item["x"], item["y"]), item["w"], item["h"],
                                           facecolor="white", edgecolor="#c8c8c0", lw=0.8,
                                           zorder=0))
                elif item["type"] == "line":
                    ax.plot([item["x1"], item["x2"]], [item["y1"], item["y2"]], color="#ecece6",
                            lw=0.8, zorder=0.5)
                elif item.get("class") == "decor-note":
                    ax.text(item["x"], item["y"], item["text"], fontsize=10 * pt, color="#777",
                            zorder=1)
                else:
                    ax.text(item["x"], item["y"], item["text"], fontsize=15 * pt,
                            fontweight="bold", color="#444", zorder=1)
            for u, v, rel in g.edges(data="relation"):
                style = RELATION_STYLES[rel]
                staffing = rel == "staffing"
                ax.add_patch(FancyArrowPatch(
                    lay.pos[u], lay.pos[v], arrowstyle="-|>" if staffing else "-",
                    mutation_scale=12, color=style.colour, lw=style.width,
                    linestyle=style.linestyle,
                    connectionstyle=f"arc3,rad={STAFFING_BEND if staffing else 0}",
                    shrinkA=RADIUS[_kind(g, u)] + 2, shrinkB=RADIUS[_kind(g, v)] + 3, zorder=2))
            for kind in _PLOT_ORDER:
                nodes = [n for n in g if _kind(g, n) == kind]
                if not nodes:
                    continue
                style = KINDS[kind]
                size = (RADIUS[kind] * 2 * pt * (1.25 if style.marker == "s" else 1.3)) ** 2
                ax.scatter([lay.pos[n][0] for n in nodes], [lay.pos[n][1] for n in nodes],
                           s=size, marker=style.marker, c=style.colour, edgecolors="#333333",
                           linewidths=0.8, zorder=3)
            staffed = [n for n, flag in g.nodes(data="staffed") if flag]
            if staffed:
                ax.scatter([lay.pos[n][0] for n in staffed], [lay.pos[n][1] for n in staffed],
                           s=((RADIUS["commune"] + 5) * 2 * pt) ** 2, marker="o",
                           facecolors="none", edgecolors=RING, linewidths=1.8, zorder=3.5)
            for n, (dx, dy, anchor) in lay.labels.items():
                x, y = lay.pos[n]
                ax.text(x + dx, y + dy, g.nodes[n]["label"], ha={"start": "left", "end": "right"}
                        .get(anchor, "center"), va="baseline", fontsize=FONT_PX * pt, zorder=4,
                        color="#1d1d1d",
                        bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none",
                              "alpha": 0.75})
            title = g.graph.get("title", "")
            fig.text(0.5, 1 - 8 / height, title, ha="center", va="top", fontsize=12,
                     fontweight="bold")
            handles = _legend(g)
            fig.legend(handles=handles, loc="upper center", frameon=False, fontsize=9,
                       ncol=max(1, min(len(handles), int(width // 230))),
                       bbox_to_anchor=(0.5, 1 - 32 / height))
            dpi = min(150, 30_000 / max(width / 100, height / 100))
            meta = {"Date": None} if fmt == "svg" else None
            write_atomically(path, lambda out: fig.savefig(out, format=fmt, dpi=dpi, metadata=meta))
        finally:
            plt.close(fig)


def _legend(g: nx.DiGraph) -> list[Line2D]:
    kinds = {_kind(g, n) for n in g}
    relations = {rel for _, _, rel in g.edges(data="relation")}
    handles = [Line2D([], [], linestyle="none", marker=KINDS[k].marker, markersize=9,
                      markerfacecolor=KINDS[k].colour, markeredgecolor="#333333",
                      label=KINDS[k].legend) for k in _PLOT_ORDER if k in kinds]
    if any(flag for _, flag in g.nodes(data="staffed")):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=11,
                              markerfacecolor="none", markeredgecolor=RING, markeredgewidth=1.8,
                              label=RING_LEGEND))
    handles += [Line2D([], [], color=s.colour, linestyle=s.linestyle, linewidth=s.width + 0.3,
                       label=s.legend) for r, s in RELATION_STYLES.items() if r in relations]
    return handles
