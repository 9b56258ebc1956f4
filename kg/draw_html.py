"""An interactive page of a view: one self-contained HTML file that works offline.

The page embeds the view as JSON (`<script id="graph-data" type="application/json">`)
and draws it with a small inline script as SVG: one `<g class="node" data-id=...>`
per node and one `<g class="edge">` per edge, laid out as in the PNG (kg.draw.layout).
Hovering a node shows its class, names, code (places), figures and the sentences
naming it; hovering an edge shows its relation and, for facts, each source
sentence with its article id. A click pins the details. Nodes can be dragged,
the drawing panned (drag the background) and zoomed (wheel), and a search box
marks the nodes whose name matches. After drawing, the page writes the counts of
what it drew to `<body data-nodes-drawn=... data-edges-drawn=...>`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import networkx as nx

from kg.draw import (
    KINDS,
    RELATION_STYLES,
    _wrap,
    edge_labels_shown,
    edge_shape,
    label_positions,
    layout,
    legend_kinds,
    write_atomically,
)

PX_PER_INCH = 100  # the PNG's inches as the page's pixels
X_SQUEEZE = 0.8  # columns a little closer than in the PNG: the page can zoom

_DASHES = {"solid": "", "dashed": "7 4", "dotted": "2 3"}


def graph_data(g: nx.DiGraph, positions: dict[str, tuple[float, float]] | None = None) -> dict:
    """The view as the page's JSON: nodes with x, y (pixels, y down), edges, styles."""
    if positions is None:
        pos, layer = layout(g)
        along = label_positions(g, pos, layer)
        positions = {n: (x * PX_PER_INCH * X_SQUEEZE, -y * PX_PER_INCH) for n, (x, y) in pos.items()}
    else:
        layer, along = {}, {}  # placed by the caller: straight edges
    shown = edge_labels_shown(g)
    nodes = []
    for node, attrs in g.nodes(data=True):
        x, y = positions[node]
        item = {k: v for k, v in attrs.items() if v is not None}
        item.update(id=node, x=round(x, 2), y=round(y, 2), lines=_wrap(attrs["label"]).split("\n"))
        nodes.append(item)
    edges = []
    for u, v, attrs in g.edges(data=True):
        rad, label_pos = edge_shape(layer, u, v) if layer else (0.0, 0.5)
        label_pos = along.get((u, v), label_pos)
        item = {"facts": [], "articles": [], "evidence": [], **attrs}
        item.update(source=u, target=v, rad=rad, label_pos=label_pos,
                    show_label=bool(attrs.get("label")) and attrs.get("relation") in shown)
        edges.append(item)
    relations = {r for _, _, r in g.edges(data="relation")}
    return {
        "view": g.graph.get("view", "default"),
        "title": g.graph.get("title", ""),
        "arrows": g.graph.get("view") != "places",
        "nodes": nodes,
        "edges": edges,
        "kinds": {k: {"shape": KINDS[k].shape, "colour": KINDS[k].colour,
                      "legend": KINDS[k].legend} for k in legend_kinds(g) if k in KINDS},
        "relations": {r: {"colour": s.colour, "legend": s.legend, "dash": _DASHES[s.linestyle],
                          "width": s.width}
                      for r, s in RELATION_STYLES.items() if r in relations},
        "decorations": [],
    }


def page(data: dict) -> str:
    """The whole page, with the data, the style and the script inline."""
    # "<" escaped keeps "</script>" in a sentence from closing the element; still JSON.
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    title = html.escape(data.get("title") or "Đồ thị tri thức")
    return _PAGE.format(title=title, style=_STYLE, data=payload, script=_SCRIPT)


def write_html(g: nx.DiGraph, path: Path, data: dict | None = None) -> None:
    """Write the page of `g` (or of the prepared `data`) to `path`, atomically."""
    text = page(data if data is not None else graph_data(g))
    write_atomically(Path(path), lambda out: out.write(text.encode("utf-8")))


_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <input id="search" type="search" placeholder="Tìm theo tên…" autocomplete="off">
  <span id="stats"></span>
  <button id="fit" type="button" title="Vừa khung">⤢</button>
</header>
<svg id="canvas" xmlns="http://www.w3.org/2000/svg">
  <defs id="defs"></defs>
  <g id="viewport"><g id="decor"></g><g id="edges"></g><g id="nodes"></g></g>
</svg>
<aside id="side">
  <div id="legend"></div>
  <p class="help">Rê chuột lên nút hoặc cạnh để xem chi tiết và câu nguồn; nhấp để ghim.
  Kéo nút để dời, kéo nền để di chuyển, lăn chuột để phóng to, thu nhỏ.</p>
</aside>
<div id="tooltip" hidden></div>
<noscript><p>Trang này cần JavaScript để vẽ đồ thị.</p></noscript>
<script id="graph-data" type="application/json">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; overflow: hidden; background: #fbfbf8; color: #222;
  font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; }
header { position: fixed; top: 0; left: 0; right: 0; height: 44px; display: flex; gap: 12px;
  align-items: center; padding: 0 14px; background: #fff; border-bottom: 1px solid #ddd; z-index: 2; }
header h1 { font-size: 16px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#search { margin-left: auto; width: 220px; padding: 4px 8px; font: inherit; font-size: 13px; }
#stats { font-size: 12px; color: #666; white-space: nowrap; }
#fit { font-size: 15px; padding: 1px 8px; cursor: pointer; }
#canvas { position: fixed; top: 44px; left: 250px; width: calc(100vw - 250px); height: calc(100vh - 44px);
  cursor: grab; user-select: none; }
#canvas.panning { cursor: grabbing; }
.node { cursor: pointer; }
.node .shape { stroke: #333; stroke-width: 1; }
.node.focus .shape { stroke: #d62728; stroke-width: 3; }
.node text, .edge text, .decor-text { paint-order: stroke; stroke: #fff; stroke-width: 3.5px;
  stroke-linejoin: round; }
.node text { font-size: 12px; fill: #1d1d1d; }
.node.focus text { font-weight: bold; }
.edge .line { fill: none; }
.edge .hit { fill: none; stroke: transparent; stroke-width: 12px; cursor: help; }
.edge text { font-size: 10px; fill: #333; }
.decor-frame { fill: #fff; stroke: #c8c8c0; }
.decor-text { font-size: 15px; font-weight: bold; fill: #444; }
.decor-note { font-size: 11px; fill: #777; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.decor-grid { stroke: #ecece6; stroke-width: 1; }
svg.hovering .node:not(.hl), svg.hovering .edge:not(.hl) { opacity: 0.18; }
svg.searching .node:not(.match) { opacity: 0.25; }
.node.match .shape { stroke: #d62728; stroke-width: 2.5; }
.edge.hl .line { stroke-width: 3px; }
#side { position: fixed; top: 44px; left: 0; bottom: 0; width: 250px; overflow: auto; z-index: 2;
  background: #fff; border-right: 1px solid #ddd; padding: 8px 10px; font-size: 12px; }
#legend div { display: flex; align-items: center; gap: 6px; margin: 3px 0; }
#side .help { color: #666; line-height: 1.4; margin-top: 12px; }
#legend svg { flex: none; }
#tooltip { position: fixed; z-index: 3; max-width: 470px; max-height: 70vh; overflow: auto;
  background: #fff; border: 1px solid #bbb; border-radius: 6px; box-shadow: 0 3px 12px rgba(0,0,0,.18);
  padding: 8px 11px; font-size: 13px; line-height: 1.4; }
#tooltip.pinned { border-color: #d62728; }
#tooltip h2 { font-size: 14px; margin: 0 0 4px; }
#tooltip .kind { color: #555; margin-bottom: 4px; }
#tooltip .iri { color: #888; font-size: 11px; word-break: break-all; margin-top: 6px; }
#tooltip blockquote { margin: 5px 0; padding: 3px 8px; border-left: 3px solid #59a14f; background: #f5f8f3; }
#tooltip blockquote cite { display: block; color: #777; font-size: 11px; font-style: normal; }
#tooltip ul { margin: 3px 0; padding-left: 18px; }
#tooltip .close { float: right; cursor: pointer; color: #999; margin-left: 8px; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("canvas");
  var viewport = document.getElementById("viewport");
  var layers = {decor: document.getElementById("decor"), edges: document.getElementById("edges"),
                nodes: document.getElementById("nodes")};
  var tip = document.getElementById("tooltip");
  var R = 9;
  var MIN_START_SCALE = 0.7;
  var byId = new Map();
  var edgeOf = new WeakMap();
  var view = {k: 1, x: 0, y: 0};
  var pinned = false;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var key in attrs) {
      if (attrs[key] !== null && attrs[key] !== undefined) e.setAttribute(key, attrs[key]);
    }
    if (parent) parent.appendChild(e);
    return e;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function polygon(n, r, turn) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = turn + 2 * Math.PI * i / n;
      pts.push((r * Math.cos(a)).toFixed(2) + "," + (r * Math.sin(a)).toFixed(2));
    }
    return "M" + pts.join("L") + "Z";
  }
  function shapePath(shape, r) {
    var up = -Math.PI / 2;
    switch (shape) {
      case "square": return polygon(4, r * 1.25, Math.PI / 4);
      case "diamond": return polygon(4, r * 1.25, 0);
      case "triangle": return polygon(3, r * 1.35, up);
      case "triangle-down": return polygon(3, r * 1.35, -up);
      case "pentagon": return polygon(5, r * 1.1, up);
      case "hexagon": return polygon(6, r * 1.1, 0);
      case "octagon": return polygon(8, r * 1.05, Math.PI / 8);
      case "star":
        var pts = [];
        for (var i = 0; i < 10; i++) {
          var rr = i % 2 ? r * 0.5 : r * 1.3, a = up + Math.PI * i / 5;
          pts.push((rr * Math.cos(a)).toFixed(2) + "," + (rr * Math.sin(a)).toFixed(2));
        }
        return "M" + pts.join("L") + "Z";
      case "cross":
        var w = r * 0.4, l = r * 1.1;
        return "M" + [[-w,-l],[w,-l],[w,-w],[l,-w],[l,w],[w,w],[w,l],[-w,l],[-w,w],[-l,w],[-l,-w],[-w,-w]]
          .map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join("L") + "Z";
      case "x":
        return "M" + [[0,-0.5],[0.7,-1.1],[1.1,-0.7],[0.5,0],[1.1,0.7],[0.7,1.1],[0,0.5],[-0.7,1.1],
          [-1.1,0.7],[-0.5,0],[-1.1,-0.7],[-0.7,-1.1]]
          .map(function (p) { return (p[0] * r).toFixed(2) + "," + (p[1] * r).toFixed(2); }).join("L") + "Z";
      default:
        return "M" + r + ",0A" + r + "," + r + " 0 1,1 " + (-r) + ",0A" + r + "," + r + " 0 1,1 " + r + ",0Z";
    }
  }
  function kindOf(n) {
    return data.kinds[n.kind] || {shape: "circle", colour: "#bab0ac", legend: n.kind};
  }
  function relOf(e) {
    return data.relations[e.relation] || {colour: "#888", legend: e.relation, dash: "", width: 1.2};
  }

  // ------------------------------------------------------------ drawing
  var defs = document.getElementById("defs");
  Object.keys(data.relations).forEach(function (rel) {
    var m = el("marker", {id: "arrow-" + rel, viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto"}, defs);
    el("path", {d: "M0,0L10,5L0,10Z", fill: data.relations[rel].colour}, m);
  });

  (data.decorations || []).forEach(function (d) {
    if (d.type === "rect") {
      el("rect", {x: d.x, y: d.y, width: d.w, height: d.h, rx: 6, "class": d["class"] || "decor-frame"},
         layers.decor);
    } else if (d.type === "line") {
      el("line", {x1: d.x1, y1: d.y1, x2: d.x2, y2: d.y2, "class": d["class"] || "decor-grid"}, layers.decor);
    } else if (d.type === "text") {
      var t = el("text", {x: d.x, y: d.y, "text-anchor": d.anchor || "start",
        "class": d["class"] || "decor-text"}, layers.decor);
      t.textContent = d.text;
    }
  });

  data.nodes.forEach(function (n) {
    var k = kindOf(n), r = n.r || R;
    var g = el("g", {"class": "node" + (n.focus ? " focus" : ""), "data-id": n.id, "data-kind": n.kind},
               layers.nodes);
    if (n.ring) el("circle", {"class": "ring", r: r + 5, fill: "none", stroke: n.ring, "stroke-width": 2}, g);
    el("path", {"class": "shape", d: shapePath(k.shape, r), fill: k.colour}, g);
    var lines = n.lines || [n.label];
    var dy = n.label_dy !== undefined ? n.label_dy : r + 14;
    var text = el("text", {x: n.label_dx || 0, y: dy, "text-anchor": n.label_anchor || "middle"}, g);
    lines.forEach(function (line, i) {
      var span = el("tspan", {x: n.label_dx || 0, dy: i ? "1.15em" : 0}, text);
      span.textContent = line;
    });
    n.r = r;
    n.el = g;
    n.edges = [];
    byId.set(n.id, n);
  });

  data.edges.forEach(function (e) {
    var s = byId.get(e.source), t = byId.get(e.target);
    if (!s || !t) return;
    var rel = relOf(e);
    var g = el("g", {"class": "edge", "data-relation": e.relation, "data-source": e.source,
                     "data-target": e.target}, layers.edges);
    e.hit = el("path", {"class": "hit"}, g);
    e.line = el("path", {"class": "line", stroke: rel.colour, "stroke-width": rel.width,
      "stroke-dasharray": rel.dash || null,
      "marker-end": data.arrows && e.arrow !== false ? "url(#arrow-" + e.relation + ")" : null}, g);
    if (e.show_label) {
      e.text = el("text", {"text-anchor": "middle", "dominant-baseline": "middle"}, g);
      e.text.textContent = e.label;
    }
    e.el = g;
    s.edges.push(e);
    if (t !== s) t.edges.push(e);
    place(e);
  });

  function trim(x, y, towardX, towardY, by) {
    var dx = towardX - x, dy = towardY - y, len = Math.hypot(dx, dy) || 1;
    return {x: x + dx / len * by, y: y + dy / len * by};
  }
  function place(e) {
    var s = byId.get(e.source), t = byId.get(e.target);
    var x1 = s.x, y1 = s.y, x2 = t.x, y2 = t.y, dx = x2 - x1, dy = y2 - y1;
    // matplotlib's arc3 with y pointing down: the control point beside the middle
    var cx = (x1 + x2) / 2 - e.rad * dy, cy = (y1 + y2) / 2 + e.rad * dx;
    var a = trim(x1, y1, cx, cy, s.r + 2), b = trim(x2, y2, cx, cy, t.r + 3);
    var d = e.rad ? "M" + a.x + "," + a.y + "Q" + cx + "," + cy + " " + b.x + "," + b.y
                  : "M" + a.x + "," + a.y + "L" + b.x + "," + b.y;
    e.line.setAttribute("d", d);
    e.hit.setAttribute("d", d);
    if (e.text) {
      var u = e.label_pos, v = 1 - u;
      e.text.setAttribute("x", v * v * x1 + 2 * v * u * cx + u * u * x2);
      e.text.setAttribute("y", v * v * y1 + 2 * v * u * cy + u * u * y2);
    }
  }
  function move(n, x, y) {
    n.x = x; n.y = y;
    n.el.setAttribute("transform", "translate(" + x + "," + y + ")");
    n.edges.forEach(place);
  }
  data.nodes.forEach(function (n) { move(n, n.x, n.y); });

  // ------------------------------------------------------------ legend
  var legend = document.getElementById("legend");
  Object.keys(data.kinds).forEach(function (kind) {
    var k = data.kinds[kind], row = document.createElement("div");
    var s = el("svg", {width: 22, height: 22, viewBox: "-11 -11 22 22"}, row);
    el("path", {d: shapePath(k.shape, 7), fill: k.colour, stroke: "#333", "stroke-width": 1}, s);
    row.appendChild(document.createTextNode(k.legend));
    legend.appendChild(row);
  });
  (data.legend_rings || []).forEach(function (ring) {
    var row = document.createElement("div");
    var s = el("svg", {width: 22, height: 22, viewBox: "-11 -11 22 22"}, row);
    el("circle", {r: 8, fill: "none", stroke: ring.colour, "stroke-width": 2}, s);
    row.appendChild(document.createTextNode(ring.legend));
    legend.appendChild(row);
  });
  Object.keys(data.relations).forEach(function (rel) {
    var r = data.relations[rel], row = document.createElement("div");
    var s = el("svg", {width: 30, height: 12}, row);
    el("line", {x1: 1, y1: 6, x2: 29, y2: 6, stroke: r.colour, "stroke-width": r.width + 0.5,
                "stroke-dasharray": r.dash || null}, s);
    row.appendChild(document.createTextNode(r.legend));
    legend.appendChild(row);
  });

  // ------------------------------------------------------------ details
  function sentences(list, limit) {
    var out = "";
    list.slice(0, limit).forEach(function (ev) {
      out += "<blockquote>" + esc(ev.sentence) + "<cite>bài " + esc(ev.article) + "</cite></blockquote>";
    });
    if (list.length > limit) out += "<div>… và " + (list.length - limit) + " câu nữa</div>";
    return out;
  }
  function nodeHtml(n) {
    var k = kindOf(n), h = "<h2>" + esc(n.label) + "</h2>";
    h += "<div class='kind'>" + esc(k.legend) + (n.classes ? " · " + esc(n.classes) : "") + "</div>";
    var names = (n.names || []).filter(function (x) { return x !== n.label; });
    if (names.length) h += "<div>Tên: " + names.map(esc).join("; ") + "</div>";
    if (n.place_type) h += "<div>Loại: " + esc(n.place_type) + "</div>";
    if (n.code) h += "<div>Mã hành chính: <b>" + esc(n.code) + "</b></div>";
    if (n.organization) h += "<div>Của: " + esc(n.organization) + "</div>";
    if (n.at_label) h += "<div>Đóng tại: " + esc(n.at_label) + "</div>";
    if (typeof n.lat === "number" && typeof n.long === "number") {
      h += "<div>Tọa độ: " + n.lat.toFixed(4) + ", " + n.long.toFixed(4) + "</div>";
    }
    if (n.figures && n.figures.length) {
      h += "<div>Số liệu:</div><ul>" + n.figures.map(function (f) { return "<li>" + esc(f) + "</li>"; })
        .join("") + "</ul>";
    }
    if (n.mentions && n.mentions.length) {
      h += "<div>Câu nhắc đến (" + n.mentions.length + "):</div>" + sentences(n.mentions, pinned ? 50 : 3);
    }
    if (n.iri) h += "<div class='iri'>" + esc(n.iri) + "</div>";
    return h;
  }
  function edgeHtml(e) {
    var s = byId.get(e.source), t = byId.get(e.target), r = relOf(e);
    var h = "<h2>" + esc(s.label) + " → " + esc(t.label) + "</h2>";
    h += "<div class='kind'>" + esc(r.legend) + (e.label ? ": <b>" + esc(e.label) + "</b>" : "") + "</div>";
    if (e.evidence && e.evidence.length) {
      h += "<div>Câu nguồn (" + e.evidence.length + "):</div>" + sentences(e.evidence, 50);
    } else if (e.facts && e.facts.length) {
      h += "<div>Không có câu nguồn.</div>";
    } else {
      h += "<div>Liên kết giữa hai thực thể, không có câu nguồn riêng.</div>";
    }
    if (e.articles && e.articles.length) h += "<div>Bài: " + e.articles.map(esc).join(", ") + "</div>";
    return h;
  }
  function showTip(content, evt) {
    tip.innerHTML = (pinned ? "<span class='close' title='Đóng'>✕</span>" : "") + content;
    tip.hidden = false;
    var x = evt.clientX + 16, y = evt.clientY + 12;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, evt.clientX - w - 16);
    if (y + h > window.innerHeight - 8) y = Math.max(52, window.innerHeight - h - 8);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
    tip.classList.toggle("pinned", pinned);
  }
  function hideTip() { if (!pinned) tip.hidden = true; }
  function highlight(items) {
    svg.classList.add("hovering");
    items.forEach(function (i) { i.el.classList.add("hl"); });
  }
  function unhighlight() {
    svg.classList.remove("hovering");
    svg.querySelectorAll(".hl").forEach(function (e) { e.classList.remove("hl"); });
  }
  function around(n) {
    var items = [n];
    n.edges.forEach(function (e) { items.push(e, byId.get(e.source), byId.get(e.target)); });
    return items;
  }
  tip.addEventListener("click", function (evt) {
    if (evt.target.classList.contains("close")) { pinned = false; tip.hidden = true; }
  });

  data.nodes.forEach(function (n) {
    n.el.addEventListener("mouseenter", function (evt) {
      if (drag || pinned) return;
      showTip(nodeHtml(n), evt);
      highlight(around(n));
    });
    n.el.addEventListener("mouseleave", function () { if (!drag) { hideTip(); unhighlight(); } });
  });
  data.edges.forEach(function (e) {
    if (!e.el) return;
    e.el.addEventListener("mouseenter", function (evt) {
      if (drag || pinned) return;
      showTip(edgeHtml(e), evt);
      highlight([e, byId.get(e.source), byId.get(e.target)]);
    });
    e.el.addEventListener("mouseleave", function () { if (!drag) { hideTip(); unhighlight(); } });
    edgeOf.set(e.el, e);
  });

  // ------------------------------------------------------------ pan, zoom, drag
  function apply() {
    viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
  }
  function toGraph(evt) {
    var box = svg.getBoundingClientRect();
    return {x: (evt.clientX - box.left - view.x) / view.k, y: (evt.clientY - box.top - view.y) / view.k};
  }
  function fit(full) {
    if (!data.nodes.length) return;
    var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs) - 110, x1 = Math.max.apply(null, xs) + 110;
    var y0 = Math.min.apply(null, ys) - 40, y1 = Math.max.apply(null, ys) + 50;
    (data.decorations || []).forEach(function (d) {
      if (d.type === "rect") {
        x0 = Math.min(x0, d.x - 10); y0 = Math.min(y0, d.y - 10);
        x1 = Math.max(x1, d.x + d.w + 10); y1 = Math.max(y1, d.y + d.h + 10);
      }
    });
    var box = svg.getBoundingClientRect();
    var w = box.width || window.innerWidth, h = box.height || window.innerHeight - 44;
    view.k = Math.min(w / (x1 - x0), h / (y1 - y0), 1.6);
    view.x = (w - (x1 - x0) * view.k) / 2 - x0 * view.k;
    view.y = Math.min(20, (h - (y1 - y0) * view.k) / 2) - y0 * view.k;
    if (!full && view.k < MIN_START_SCALE) {
      // Too big to read whole: start legible, at the focus or the top left corner.
      view.k = MIN_START_SCALE;
      var focus = data.nodes.filter(function (n) { return n.focus; })[0];
      if (focus) {
        view.x = w / 2 - focus.x * view.k;
        view.y = h / 2 - focus.y * view.k;
      } else {
        view.x = Math.min(20, (w - (x1 - x0) * view.k) / 2) - x0 * view.k;
        view.y = 10 - y0 * view.k;
      }
    }
    apply();
  }
  var drag = null;
  svg.addEventListener("pointerdown", function (evt) {
    var nodeEl = evt.target.closest ? evt.target.closest(".node") : null;
    var p = toGraph(evt);
    if (nodeEl) {
      var n = byId.get(nodeEl.getAttribute("data-id"));
      drag = {node: n, dx: n.x - p.x, dy: n.y - p.y, sx: evt.clientX, sy: evt.clientY, moved: false};
    } else {
      var edgeEl = evt.target.closest ? evt.target.closest(".edge") : null;
      drag = {pan: true, x: view.x, y: view.y, sx: evt.clientX, sy: evt.clientY, moved: false,
              edge: edgeEl ? edgeOf.get(edgeEl) : null};
      svg.classList.add("panning");
    }
    try { svg.setPointerCapture(evt.pointerId); } catch (err) { /* a synthetic pointer */ }
  });
  svg.addEventListener("pointermove", function (evt) {
    if (!drag) return;
    if (Math.abs(evt.clientX - drag.sx) + Math.abs(evt.clientY - drag.sy) > 3) drag.moved = true;
    if (!drag.moved) return;
    if (drag.node) {
      var p = toGraph(evt);
      move(drag.node, p.x + drag.dx, p.y + drag.dy);
    } else {
      view.x = drag.x + evt.clientX - drag.sx;
      view.y = drag.y + evt.clientY - drag.sy;
      apply();
    }
  });
  svg.addEventListener("pointerup", function (evt) {
    if (!drag) return;
    var d = drag;
    drag = null;
    svg.classList.remove("panning");
    if (d.moved) return;
    if (d.node || d.edge) {  // a click: pin the details
      pinned = true;
      showTip(d.node ? nodeHtml(d.node) : edgeHtml(d.edge), evt);
    } else {
      pinned = false;
      tip.hidden = true;
      unhighlight();
    }
  });
  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var box = svg.getBoundingClientRect();
    var mx = evt.clientX - box.left, my = evt.clientY - box.top;
    var k = Math.max(0.05, Math.min(8, view.k * Math.exp(-evt.deltaY * 0.0015)));
    view.x = mx - (mx - view.x) * k / view.k;
    view.y = my - (my - view.y) * k / view.k;
    view.k = k;
    apply();
  }, {passive: false});
  document.getElementById("fit").addEventListener("click", function () { fit(true); });
  window.addEventListener("resize", function () { fit(false); });

  // ------------------------------------------------------------ search
  var search = document.getElementById("search");
  function matches(n, q) {
    return [n.label].concat(n.names || []).some(function (x) { return fold(x).indexOf(q) >= 0; });
  }
  search.addEventListener("input", function () {
    var q = fold(search.value.trim());
    svg.classList.toggle("searching", q.length > 0);
    data.nodes.forEach(function (n) { n.el.classList.toggle("match", q.length > 0 && matches(n, q)); });
  });
  search.addEventListener("keydown", function (evt) {
    if (evt.key !== "Enter") return;
    var q = fold(search.value.trim());
    var hit = data.nodes.filter(function (n) { return q && matches(n, q); })[0];
    if (!hit) return;
    var box = svg.getBoundingClientRect();
    view.k = Math.max(view.k, 1);
    view.x = box.width / 2 - hit.x * view.k;
    view.y = box.height / 2 - hit.y * view.k;
    apply();
  });

  fit(false);
  var drawnNodes = layers.nodes.querySelectorAll(".node").length;
  var drawnEdges = layers.edges.querySelectorAll(".edge").length;
  document.body.setAttribute("data-nodes-drawn", drawnNodes);
  document.body.setAttribute("data-edges-drawn", drawnEdges);
  document.getElementById("stats").textContent = drawnNodes + " nút · " + drawnEdges + " cạnh";

  // With #selftest in the address (the tests' headless browser): write every
  // node's and edge's details into the page, and hover the first node.
  if (location.hash === "#selftest") {
    var out = document.createElement("div");
    out.id = "selftest";
    out.hidden = true;
    data.nodes.forEach(function (n) {
      var d = document.createElement("div");
      d.className = "node-details";
      d.setAttribute("data-id", n.id);
      d.innerHTML = nodeHtml(n);
      out.appendChild(d);
    });
    data.edges.forEach(function (e) {
      if (!e.el) return;
      var d = document.createElement("div");
      d.className = "edge-details";
      d.setAttribute("data-source", e.source);
      d.setAttribute("data-target", e.target);
      d.innerHTML = edgeHtml(e);
      out.appendChild(d);
    });
    document.body.appendChild(out);
    // hover the first edge read from a fact (its sentences show), else the first node
    var fact = data.edges.filter(function (e) { return e.el && e.evidence && e.evidence.length; })[0];
    var target = fact ? fact.el : data.nodes.length ? data.nodes[0].el : null;
    if (target) {
      var box = (fact ? fact.line : target).getBoundingClientRect();
      target.dispatchEvent(new MouseEvent("mouseenter",
        {clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
      document.body.setAttribute("data-tooltip", tip.hidden ? "hidden" : "shown");
      target.dispatchEvent(new MouseEvent("mouseleave"));
    }
    // drag the first node 40 pixels right, then zoom in at the middle
    if (data.nodes.length) {
      var n = data.nodes[0], r = n.el.getBoundingClientRect(), x0 = n.x;
      var at = {clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, pointerId: 1,
                bubbles: true};
      n.el.dispatchEvent(new PointerEvent("pointerdown", at));
      svg.dispatchEvent(new PointerEvent("pointermove",
        {clientX: at.clientX + 40, clientY: at.clientY, pointerId: 1, bubbles: true}));
      svg.dispatchEvent(new PointerEvent("pointerup",
        {clientX: at.clientX + 40, clientY: at.clientY, pointerId: 1, bubbles: true}));
      document.body.setAttribute("data-drag", Math.abs(n.x - x0 - 40 / view.k) < 0.5 ? "moved" : "stuck");
      var k0 = view.k, c = svg.getBoundingClientRect();
      svg.dispatchEvent(new WheelEvent("wheel", {deltaY: -200, clientX: c.left + c.width / 2,
        clientY: c.top + c.height / 2, bubbles: true, cancelable: true}));
      document.body.setAttribute("data-zoom", view.k > k0 ? "in" : "stuck");
    }
  }
})();
"""
