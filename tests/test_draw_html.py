"""kg.draw_html and the map page: the interactive pages, their data, and a real browser on them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib.image
import pytest
from rdflib import Literal, URIRef
from test_draw import (
    ARTICLE,
    COMMITTEE_PH,
    DISTRICT,
    POST_NB,
    QUYEN,
    SENTENCE_NB_NK,
    SENTENCE_NB_NK_AGAIN,
    SENTENCE_QUYEN,
    full_graph,
)

from kg.draw import build_view, draw, render
from kg.vocab import ID, KG, NIF

CHROMIUM = Path("/usr/bin/chromium")
FACT_RELATIONS = {"staffing", "membership", "position_of"}
VIEWS = [
    ("default", {}), ("staffing", {}), ("officials", {}), ("places", {}), ("all", {}),
    ("focus", {"focus": "Đồn Biên phòng Nà Bủng", "depth": 2}), ("map", {}),
]
_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.DOTALL)


def embedded(page: str) -> dict:
    found = _DATA.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def write_page(tmp_path: Path, view: str = "default", graph=None, **kwargs) -> tuple[Path, dict]:
    out = tmp_path / f"{view}.html"
    draw(full_graph() if graph is None else graph, out, view=view, **kwargs)
    return out, embedded(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("view, kwargs", VIEWS)
def test_embedded_data_is_the_view(tmp_path: Path, view: str, kwargs: dict) -> None:
    expected = build_view(full_graph(), view, **kwargs)
    _, data = write_page(tmp_path, view, **kwargs)
    assert data["view"] == view
    assert {n["id"] for n in data["nodes"]} == set(expected.nodes)
    assert len(data["nodes"]) == expected.number_of_nodes()
    assert {(e["source"], e["target"]) for e in data["edges"]} == set(expected.edges)
    assert len(data["edges"]) == expected.number_of_edges()
    for node in data["nodes"]:
        attrs = expected.nodes[node["id"]]
        assert node["label"] == attrs["label"]
        assert node["kind"] == attrs["kind"] and node["kind"] in data["kinds"]
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
        if attrs["kind"] in ("province", "district", "commune"):
            assert node["code"] == attrs["code"]  # shown on hover
    for edge in data["edges"]:
        assert edge["relation"] in data["relations"]
        if edge["relation"] in FACT_RELATIONS:  # every fact edge has its sentence(s)
            assert edge["evidence"], edge
            assert all(e["sentence"] and e["article"] for e in edge["evidence"])
        else:
            assert edge["evidence"] == []
    assert [p.name for p in tmp_path.iterdir()] == [f"{view}.html"]


def test_nodes_do_not_sit_on_one_another(tmp_path: Path) -> None:
    for view, kwargs in VIEWS:
        _, data = write_page(tmp_path, view, **kwargs)
        points = [(n["x"], n["y"]) for n in data["nodes"]]
        assert len(set(points)) == len(points), view


def test_fact_sentences_and_articles(tmp_path: Path) -> None:
    _, data = write_page(tmp_path, "default")
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    staffing = edges[str(POST_NB), str(ID["org/chi_bo_ban_nam_khan"])]
    assert staffing["evidence"] == [
        {"sentence": SENTENCE_NB_NK, "article": "000_b964c63d47105359"},
        {"sentence": SENTENCE_NB_NK_AGAIN, "article": "001_db6863d4b654c6dc"},
    ]
    membership = edges[str(QUYEN), str(COMMITTEE_PH)]
    assert membership["label"] == "Đại úy · Phó Bí thư"
    assert membership["evidence"] == [{"sentence": SENTENCE_QUYEN,
                                       "article": "000_b964c63d47105359"}]
    assert membership["show_label"] is True


def test_node_details(tmp_path: Path) -> None:
    _, data = write_page(tmp_path, "all")
    nodes = {n["id"]: n for n in data["nodes"]}
    district = nodes[str(DISTRICT)]
    assert (district["code"], district["place_type"], district["label"]) == \
        ("103", "huyện", "huyện Nậm Pồ")
    assert "District" in district["classes"]
    post = nodes[str(ID["org/don_bien_phong_si_pa_phin"])]
    assert post["mentions"][0]["sentence"].startswith("Đồn Biên phòng Si Pa Phìn")
    assert post["names"] == ["Đồn Biên phòng Si Pa Phìn"]


def test_page_is_self_contained(tmp_path: Path) -> None:
    for view, kwargs in VIEWS:
        out, data = write_page(tmp_path, view, **kwargs)
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert '<meta charset="utf-8">' in page
        # nothing fetched: no script or style from elsewhere, no tiles, no fonts
        assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", page)
        assert "@import" not in page and "url(http" not in page
        assert all(n["label"] in page for n in data["nodes"])  # Vietnamese as text ...
        payload = _DATA.findall(page)[0]
        assert set(re.findall(r"\\u[0-9a-fA-F]{4}", payload)) <= {"\\u003c"}  # ... not escapes


def test_script_in_a_sentence_does_not_break_the_page(tmp_path: Path) -> None:
    g = full_graph()
    nasty = "Câu có </script><script>alert(1)</script> & <b>thẻ</b>."
    g.set((URIRef(f"{ARTICLE}/sentence/20"), NIF.anchorOf, Literal(nasty)))
    out, data = write_page(tmp_path, "default", graph=g)
    assert any(e["evidence"] and e["evidence"][0]["sentence"] == nasty for e in data["edges"])
    assert out.read_text(encoding="utf-8").count("</script>") == 2  # the two of the page


def test_render_writes_a_view(tmp_path: Path) -> None:
    v = build_view(full_graph(), "staffing")
    assert render(v, tmp_path / "v.html") == 7
    assert len(embedded((tmp_path / "v.html").read_text(encoding="utf-8"))["nodes"]) == 7


def test_map_page(tmp_path: Path) -> None:
    _, data = write_page(tmp_path, "map")
    nodes = {n["id"]: n for n in data["nodes"]}
    post = nodes[str(POST_NB)]
    assert post["at"] == str(DISTRICT) and post["at_label"] == "huyện Nậm Pồ"
    assert {"label_dx", "label_dy", "label_anchor"} <= set(post)
    frames = [d for d in data["decorations"] if d["type"] == "rect"]
    assert len(frames) == 1  # one province, one panel
    assert any(d["type"] == "text" and d["text"] == "tỉnh Điện Biên" for d in data["decorations"])
    for node in data["nodes"]:  # every place inside its panel
        frame = frames[0]
        assert frame["x"] <= node["x"] <= frame["x"] + frame["w"]
        assert frame["y"] <= node["y"] <= frame["y"] + frame["h"]
    staffed = [e for e in data["edges"] if e["relation"] == "staffing"]
    assert staffed and all(e["evidence"] for e in staffed)


def test_map_groups_provinces(tmp_path: Path) -> None:
    g = full_graph()
    other = ID["place/province-20"]
    g.add((ARTICLE, KG.mentions, other))
    from test_draw import _place

    _place(g, other, KG.Province, "Lạng Sơn", "tỉnh", "20", 21.85, 106.6)
    _, data = write_page(tmp_path, "map", graph=g)
    titles = [d["text"] for d in data["decorations"] if d.get("class") is None and d["type"] == "text"]
    assert titles == ["tỉnh Điện Biên", "tỉnh Lạng Sơn"]


# ---------------------------------------------------------------- a real browser

def _chromium(tmp_path: Path, url: str, *extra: str) -> str:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", *extra, url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
                                    reason="no /usr/bin/chromium (the Makefile installs it)")


@needs_chromium
@pytest.mark.parametrize("view, kwargs", [("default", {}), ("all", {}), ("map", {}),
                                          ("focus", {"focus": "Đồn Biên phòng Nà Bủng"})])
def test_browser_draws_every_node_and_edge(tmp_path: Path, view: str, kwargs: dict) -> None:
    out, data = write_page(tmp_path, view, **kwargs)
    dom = _chromium(tmp_path, out.as_uri() + "#selftest", "--dump-dom")
    assert len(re.findall(r'<g class="node[ "]', dom)) == len(data["nodes"])
    assert len(re.findall(r'<g class="edge[ "]', dom)) == len(data["edges"])
    assert f'data-nodes-drawn="{len(data["nodes"])}"' in dom
    assert f'data-edges-drawn="{len(data["edges"])}"' in dom
    assert 'data-tooltip="shown"' in dom  # hovering shows the details
    assert 'data-drag="moved"' in dom  # a node follows the pointer
    assert 'data-zoom="in"' in dom  # the wheel zooms
    assert dom.count('class="edge-details"') == len(data["edges"])
    assert dom.count('class="node-details"') == len(data["nodes"])
    for edge in data["edges"]:  # each fact's sentence and article, as the hover shows them
        for evidence in edge["evidence"]:
            assert evidence["sentence"].replace("&", "&amp;") in dom
            assert f"bài {evidence['article']}" in dom


@needs_chromium
@pytest.mark.parametrize("view", ["default", "map"])
def test_browser_screenshot(tmp_path: Path, view: str) -> None:
    out, _ = write_page(tmp_path, view)
    shot = tmp_path / f"{view}.png"
    _chromium(tmp_path, out.as_uri(), f"--screenshot={shot}", "--window-size=1400,1000")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (1000, 1400)
    assert pixels[..., :3].std() > 0.05  # something was drawn, not a blank page
