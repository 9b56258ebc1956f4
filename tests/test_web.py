"""The web page of `kg serve` (kg.web): its JSON APIs, the graph of a result, a real browser."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import matplotlib.image
import pytest

import kg.ask
from conftest import ROOT
from kg.ask import Match
from kg.engine import OxigraphEngine
from kg.explain import explain_rows
from kg.pipeline import build, collect_files
from kg.query import parse_params, saved_queries
from kg.server import make_server
from kg.text import fold

CHROMIUM = Path("/usr/bin/chromium")
QUESTION = "Ai là Bí thư Đảng ủy xã"
_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.DOTALL)


def fake_match(question: str, names=None) -> Match | None:
    """kg.ask.match, for the questions these tests ask (the page's side is tested, not kg.ask's)."""
    if fold(question).startswith(fold("Ai là Bí thư")):
        return Match("officials", {"position": "Bí thư"}, score=0.9, alternatives=("documents",))
    if fold(question).startswith(fold("Số liệu năm 2020")):
        return Match("statistics", {}, {"year": "2020"}, score=0.7)
    if fold(question).startswith(fold("tham số sai")):
        return Match("officials", {"nobody": "x"}, score=0.5)
    if fold(question).startswith(fold("gần giống")):  # kg.ask's "nothing fits", with hints
        return Match("", {}, score=0.3, alternatives=("places", "documents"))
    return None


@pytest.fixture(scope="module")
def site():
    graph = build(collect_files([ROOT / "seeds"])).graph.to_rdflib()
    engine = OxigraphEngine.from_graph(graph)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kg.ask, "match", fake_match)
        server = make_server(engine, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}", engine, graph
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(url: str) -> tuple[int, dict]:
    status, headers, body = get(url)
    assert headers["Content-Type"].startswith("application/json")
    return status, json.loads(body)


def q(text: str) -> str:
    return urllib.parse.quote(text)


# ---------------------------------------------------------------- the JSON APIs


def test_saved_queries_as_json(site):
    url, _, _ = site
    status, listed = get_json(f"{url}/api/queries")
    assert status == 200
    saved = saved_queries()
    assert [item["name"] for item in listed] == list(saved)
    for item in listed:
        query = saved[item["name"]]
        assert (item["title"], item["question_vi"], item["question_en"]) == \
            (query.title, query.question_vi, query.question_en)
        assert item["params"] == list(query.params) and item["sparql"] == query.text


def test_run_gives_the_rows_and_the_sentences_behind_each(site):
    url, engine, graph = site
    status, answer = get_json(f"{url}/api/run?name=officials&param={q('position=Bí thư')}")
    assert status == 200
    query = saved_queries()["officials"]
    bindings = parse_params(("position=Bí thư",), query)
    columns, rows = engine.select(query, bindings)
    assert answer["query"] == "officials" and answer["params"] == {"position": "Bí thư"}
    assert answer["columns"] == columns and not any(c.startswith("_") for c in answer["columns"])
    assert answer["rows"] == rows and len(rows) >= 5
    assert answer["total"] == len(rows)
    explained = explain_rows(engine, query, bindings)  # what `kg explain` says of the same rows
    assert len(answer["evidence"]) == len(explained)
    for evidence, expected in zip(answer["evidence"], explained):
        assert evidence, "every row says where it comes from"
        assert [(e["article"], e["start"], e["end"], e["text"]) for e in evidence] == \
            [(e.article, e.start, e.end, e.text) for e in expected.evidence]


def test_run_without_params_and_a_query_without_evidence(site):
    url, engine, _ = site
    status, answer = get_json(f"{url}/api/run?name=documents")
    assert status == 200
    assert answer["rows"] == engine.select(saved_queries()["documents"])[1]
    assert answer["evidence"] == [[] for _ in answer["rows"]]


def test_ask_runs_the_matched_query_with_its_params(site):
    url, _, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q(QUESTION)}")
    assert status == 200
    assert answer["question"] == QUESTION
    assert answer["query"] == "officials" and answer["params"] == {"position": "Bí thư"}
    assert answer["score"] == 0.9 and answer["alternatives"] == ["documents"]
    person, position, organization = (answer["columns"].index(c)
                                      for c in ("person", "position", "organization"))
    rows = {row[person]: row for row in answer["rows"]}
    assert rows["Điêu Bình Dương"][organization] == "Đảng ủy xã Phìn Hồ"
    assert {row[position] for row in answer["rows"]} == {"Bí thư"}
    evidence = answer["evidence"][answer["rows"].index(rows["Điêu Bình Dương"])]
    assert any("Điêu Bình Dương" in e["text"] for e in evidence)
    assert all(set(e) == {"article", "start", "end", "text"} for e in evidence)


def test_ask_with_no_match_names_the_closest_saved_queries(site):
    url, _, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q('Những bài báo nào đã được đọc?')}")
    assert status == 404
    assert answer["error"] and "documents" in answer["closest"]
    assert set(answer["closest"]) <= set(saved_queries())


def test_ask_with_a_filter_keeps_the_rows_showing_it(site):
    url, engine, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q('Số liệu năm 2020')}")
    assert status == 200 and answer["filters"] == {"year": "2020"}
    columns, rows = engine.select(saved_queries()["statistics"])
    year = columns.index("year")
    assert answer["rows"] == [row for row in rows if row[year] == "2020"]
    assert 0 < len(answer["rows"]) < len(rows)


def test_ask_with_kg_ask_saying_nothing_fits(site):
    url, _, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q('gần giống')}")
    assert status == 404 and answer["closest"] == ["places", "documents"]


def test_ask_with_params_the_query_does_not_take(site):
    url, _, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q('tham số sai')}")
    assert status == 400 and "nobody" in answer["error"] and answer["query"] == "officials"


def test_ask_before_kg_ask_exists(site, monkeypatch):
    def not_yet(question, names=None):
        raise NotImplementedError

    monkeypatch.setattr(kg.ask, "match", not_yet)
    url, _, _ = site
    status, answer = get_json(f"{url}/api/ask?q={q(QUESTION)}")
    assert status == 501 and answer["error"] == "asking in words is not available"


@pytest.mark.parametrize("path, status", [
    ("/api/run", 400),  # no name
    ("/api/run?name=no-such-query", 404),
    (f"/api/run?name=officials&param={q('bogus=1')}", 400),
    (f"/api/run?name=statistics&param={q('noequals')}", 400),
    ("/api/ask?q=", 400),
])
def test_bad_api_requests(site, path, status):
    url, _, _ = site
    got, answer = get_json(url + path)
    assert got == status and answer["error"]


def test_sentences_by_iri(site):
    url, _, _ = site
    _, answer = get_json(f"{url}/api/run?name=border-posts-staff-branches")
    iri = next(i for i in _evidence_iris(site, "border-posts-staff-branches"))
    status, found = get_json(f"{url}/api/sentences?iri={q(iri)}&iri={q('not an iri>')}"
                             f"&iri={q('https://example.org/nothing')}")
    assert status == 200 and list(found["sentences"]) == [iri]
    sentence = found["sentences"][iri]
    assert {k: sentence[k] for k in ("article", "start", "end", "text")} in answer["evidence"][0]


def _evidence_iris(site, name: str) -> list[str]:
    _, engine, _ = site
    columns, rows = engine.select(saved_queries()[name], hidden=True)
    return rows[0][columns.index("_evidence")].split()


def test_the_endpoint_stays_read_only(site):
    url, engine, _ = site
    before = len(engine.store)
    for path in ("/", "/api/queries", "/api/run?name=officials", f"/api/ask?q={q(QUESTION)}",
                 "/graph?name=officials",
                 "/graph?query=" + q("DELETE WHERE { ?s ?p ?o }"),
                 "/api/run?name=" + q("../../etc/passwd")):
        get(url + path)
    request = urllib.request.Request(f"{url}/update", data=b"DROP ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 403
    assert len(engine.store) == before


# ---------------------------------------------------------------- the page and its files


def test_the_page_loads_nothing_from_elsewhere(site):
    url, _, _ = site
    status, headers, body = get(f"{url}/")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert 'id="ask"' in page and 'id="sparql"' in page and 'id="query-list"' in page
    refs = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert refs and all(r.startswith("/") and not r.startswith("//") for r in refs)
    for name in ("app.js", "app.css"):
        status, headers, body = get(f"{url}/static/{name}")
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
        text = body.decode()
        assert not re.search(r"""(?:fetch\(|src=|url\()\s*["']?(?:https?:)?//""", text)
        assert "import(" not in text


@pytest.mark.parametrize("path", ["/static/../server.py", "/static/..%2Fserver.py",
                                  "/static/web.py", "/static/", "/static/nothing.js", "/elsewhere"])
def test_only_the_page_files_are_served(site, path):
    url, _, _ = site
    connection = http.client.HTTPConnection(urlparse_host(url), timeout=30)
    connection.request("GET", path)  # as written: no client tidies the dots away
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 404 and b"error" in body


def urlparse_host(url: str) -> str:
    return urllib.parse.urlparse(url).netloc


# ---------------------------------------------------------------- the graph of a result


def embedded(page: str) -> dict:
    found = _DATA.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def test_graph_of_a_saved_query_links_the_row_entities(site):
    url, _, _ = site
    status, headers, body = get(f"{url}/graph?name=officials&param={q('position=Bí thư')}")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "connect-src" not in headers["Content-Security-Policy"]  # it fetches nothing
    data = embedded(body.decode())
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert "Điêu Bình Dương" in labels.values() and "Đảng ủy xã Phìn Hồ" in labels.values()
    links = {(labels[e["source"]], labels[e["target"]]): e for e in data["edges"]}
    edge = links[("Điêu Bình Dương", "Đảng ủy xã Phìn Hồ")]
    assert edge["relation"] == "membership" and "Bí thư" in edge["label"]
    assert any("Điêu Bình Dương" in e["sentence"] for e in edge["evidence"])
    assert "Bí thư" not in labels.values()  # the position is on the edges, not a lone node


def test_graph_of_a_sparql_query(site):
    url, _, _ = site
    sparql = ("PREFIX kg: <https://w3id.org/kgbp/ontology#>\n"
              "SELECT ?post ?branch WHERE { ?s a kg:Staffing ; kg:staffingPost ?post ; "
              "kg:staffedBranch ?branch }")
    status, _, body = get(f"{url}/graph?query={q(sparql)}")
    data = embedded(body.decode())
    assert status == 200
    assert {n["kind"] for n in data["nodes"]} == {"post", "branch"}
    assert [e["relation"] for e in data["edges"]] == ["staffing"]


@pytest.mark.parametrize("path, status, text", [
    ("/graph", 400, "Không vẽ được"),
    ("/graph?query=" + q("SELECT WHERE"), 400, "malformed"),
    ("/graph?query=" + q("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), 403,
     "SERVICE"),
    ("/graph?query=" + q("SELECT ?x WHERE { BIND(1 AS ?x) }"), 200, "Không có thực thể"),
])
def test_graph_errors_are_pages_too(site, path, status, text):
    url, _, _ = site
    got, headers, body = get(url + path)
    assert got == status and headers["Content-Type"].startswith("text/html")
    assert text in body.decode()


# ---------------------------------------------------------------- a real browser

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
                                    reason="no /usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, url: str, *extra: str) -> str:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    # the virtual time budget lets the page's requests finish before the DOM is written
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000",
               *extra, url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _unescape(dom: str) -> str:
    return dom.replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'")


@needs_chromium
def test_browser_asks_from_the_address_and_opens_the_first_row(site, tmp_path):
    url, _, _ = site
    _, answer = get_json(f"{url}/api/ask?q={q(QUESTION)}")
    dom = _unescape(chromium(tmp_path, f"{url}/?ask={q(QUESTION)}&open=0", "--dump-dom"))
    assert 'data-state="done"' in dom and f'data-rows="{len(answer["rows"])}"' in dom
    assert re.search(r'<tr class="data[^"]*"[^>]*><td>Điêu Bình Dương</td>', dom)
    assert "Đảng ủy xã Phìn Hồ" in dom
    assert 'id="used-query" data-name="officials"' in dom  # which query answered
    assert re.search(r'<code>position</code> = <b>Bí thư</b>', dom)  # with which parameter
    first = answer["evidence"][0]  # the first row's sentences are open
    assert dom.count('<blockquote class="sentence"') == len(first)
    for sentence in first:
        assert sentence["text"] in dom and f"bài {sentence['article']}" in dom
    assert '<iframe id="graph" title="Đồ thị của kết quả" src="/graph?name=officials' in dom


@needs_chromium
def test_browser_runs_a_saved_query_from_the_address(site, tmp_path):
    url, engine, _ = site
    rows = engine.select(saved_queries()["border-posts"])[1]
    dom = _unescape(chromium(tmp_path, f"{url}/?run=border-posts", "--dump-dom"))
    assert f'data-rows="{len(rows)}"' in dom
    for row in rows:
        assert f"<td>{row[0]}</td>" in dom
    for query in saved_queries().values():  # the list of saved questions
        assert query.question_vi in dom and query.question_en in dom
    assert '<li data-name="border-posts" class="active">' in dom


@needs_chromium
def test_browser_says_when_asking_is_not_available(site, tmp_path, monkeypatch):
    def not_yet(question, names=None):
        raise NotImplementedError

    monkeypatch.setattr(kg.ask, "match", not_yet)
    url, _, _ = site
    dom = chromium(tmp_path, f"{url}/?ask={q(QUESTION)}", "--dump-dom")
    assert 'data-state="error"' in dom and "asking in words is not available" in dom


@needs_chromium
def test_browser_screenshot(site, tmp_path):
    url, _, _ = site
    shot = tmp_path / "web.png"
    chromium(tmp_path, f"{url}/?ask={q(QUESTION)}&open=0", f"--screenshot={shot}",
             "--window-size=1400,1000", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (1000, 1400)
    assert pixels[..., :3].std() > 0.05  # something was drawn, not a blank page
    try:
        shutil.copy(shot, "/tmp/web-check.png")  # for a person to look at
    except OSError:
        pass


# ---------------------------------------------------------------- typing and clicking (playwright)


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        # Debian's chromium: playwright downloads no browser of its own
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS[1:])
        # the page forbids eval (its CSP); the test's own waiting predicates need it
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
        yield page
        browser.close()


def test_browser_type_click_sort_and_expand(site, browser_page, tmp_path):
    url, engine, _ = site
    page = browser_page
    outside = []
    page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
    page.goto(f"{url}/")
    page.wait_for_selector("#query-list button.saved")
    assert page.locator("#query-list li").count() == len(saved_queries())

    page.fill("#ask", QUESTION)  # type a question and press Enter
    page.press("#ask", "Enter")
    page.wait_for_selector("body[data-state=done]")
    assert page.inner_text("#used-query") == saved_queries()["officials"].title
    names = page.locator("#table tbody tr.data td:first-child").all_inner_texts()
    assert "Điêu Bình Dương" in names

    first_column = "#table tbody tr.data td:first-child"
    page.click("#table th[data-column=person]")  # sort by name, then the other way
    names_up = page.locator(first_column).all_inner_texts()
    assert sorted(names_up) == sorted(names)
    assert names_up == page.evaluate(
        "(n) => n.slice().sort(new Intl.Collator('vi', {numeric: true, sensitivity: 'base'})"
        ".compare)", names)
    page.click("#table th[data-column=person]")
    assert page.locator(first_column).all_inner_texts() == names_up[::-1]
    assert page.get_attribute("#table th[data-column=person]", "aria-sort") == "descending"

    page.click("#table tbody tr.data:has(td:text-is('Điêu Bình Dương'))")  # open its sentences
    quote = page.locator("#table tr.sentences blockquote.sentence").first
    quote.wait_for()
    assert "Điêu Bình Dương" in quote.inner_text()

    graph = page.frame_locator("#graph")  # the graph of the result, drawn by kg.draw_html
    graph.locator("body[data-nodes-drawn]").wait_for()
    assert graph.locator("g.node").count() >= 2 and graph.locator("g.edge").count() >= 1
    page.screenshot(path=str(tmp_path / "asked.png"))

    page.click("#query-list button[data-name=border-posts]")  # a saved question
    posts = len(engine.select(saved_queries()["border-posts"])[1])
    page.wait_for_function(f"document.body.dataset.rows == {posts} "
                           "&& document.body.dataset.state == 'done'")
    assert page.inner_text("#used-query") == saved_queries()["border-posts"].title

    page.click("#sparql-box summary")  # SPARQL written by hand
    page.fill("#sparql", "PREFIX kg: <https://w3id.org/kgbp/ontology#>\n"
                         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                         "SELECT ?name (STR(?s) AS ?_evidence) WHERE { ?p a kg:BorderPost ; "
                         "skos:prefLabel ?name . ?s kg:names ?p } ORDER BY ?name LIMIT 3")
    page.click("#run-sparql")
    page.wait_for_function("document.body.dataset.rows == 3 "
                           "&& document.body.dataset.state == 'done'")
    assert page.locator("#table th").first.inner_text().startswith("name")
    page.locator("#table tbody tr.data").first.click()  # its sentences come from /api/sentences
    page.locator("#table tr.sentences blockquote.sentence").first.wait_for()
    assert outside == []
