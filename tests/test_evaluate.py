"""`kg eval`'s library: score.py's comparison rules, the causes of misses, drafts, agreement."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from rdflib import Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg.evaluate import (
    Question,
    cell_matches,
    draft,
    evaluate,
    format_table,
    normalise,
    questions,
    read_csv,
    score,
    to_json,
    to_markdown,
)
from kg.graph import new_graph
from kg.pipeline import build, collect_files
from kg.store import load_graph, save_graph
from kg.text import canonical_spelling
from kg.vocab import ID, KG, NIF

SCORE_PY = SHARED / "tools" / "score.py"
needs_shared = pytest.mark.skipif(not SCORE_PY.is_file(), reason="../shared is not beside the repo")


# -- comparison rules ------------------------------------------------------------------------


@pytest.mark.parametrize("key, got, expected", [
    ("Nậm Pồ", "huyện Nậm Pồ", True),  # the key's words stand in the cell
    ("Phó Bí thư", "Bí thư", False),  # ... all of them
    ("Bí thư", "Phó Bí thư", True),
    ("Nậm Pồ", "Pồ Nậm", False),  # in order
    ("Thanh", "Thanh 1", True),  # as whole words
    ("Thanh 1", "Thanh", False),
    ("Tân", "Tânh Thanh", False),
    ("Đồn Biên phòng Tân Thanh", "ĐBP Tân Thanh", True),  # abbreviations written out
    ("ĐBP Tân Thanh", "Đồn Biên phòng Tân Thanh", True),
    ("Đồn Biên phòng Cửa khẩu Chi Ma", "Đồn BPCK Chi Ma", True),
    ("Đồn Biên phòng Ba Sơn", "Đồn BP Ba Sơn", True),
    ("Bộ đội Biên phòng tỉnh Lạng Sơn", "BĐBP tỉnh Lạng Sơn", True),
    ("Đồn Biên phòng Cửa khẩu Quốc tế Cha Lo", "Đồn Biên phòng CKQT Cha Lo", True),
    ("Ban Chấp hành Đảng bộ", "BCH Đảng bộ", True),
    ("Thanh Lòa", "xã Thanh Loà", True),  # one tone placement
    ("Đảng ủy xã Phìn Hồ", "Đảng uỷ xã Phìn Hồ", True),
    ("Lê Khánh Hòa", "LÊ KHÁNH HOÀ", True),  # case
    ("Đảng ủy xã Phìn Hồ", "\u00d0ảng ủy xã Phìn Hồ", True),  # Ð U+00D0 read as Đ
    ("Chi bộ bản Pá Kín 1", "Chi bộ bản Pá Kín-1.", True),  # punctuation, spaces
    ("Chi bộ  bản   Pá Kín", "chi bộ bản pá kín", True),
    ("Pa\u0301 Ki\u0301n", "Pá Kín", True),  # NFC
    ("", "anything", False),  # an empty key matches nothing
])
def test_name_mode(key, got, expected):
    assert cell_matches("name", key, got) is expected


@pytest.mark.parametrize("mode, key, got, expected", [
    ("exact", "Bí thư", "bí thư", True),
    ("exact", "Bí thư", "Phó Bí thư", False),
    ("exact", "Bí thư", "Bí thư Đảng ủy", False),
    ("exact", "thị trấn", "Thị  trấn", True),
    ("exact", "Ðồng Đăng", "Đồng Đăng", True),
    ("code", "681-CT/ĐU", "681 – CT/ĐU", True),  # spaces and dash style
    ("code", "681-CT/ĐU", "681\u2212CT/\u00d0U", True),
    ("code", "681-CT/ĐU", "681-ct/đu", True),
    ("code", "681-CT/ĐU", "681-CT", False),
    ("code", "681-CT/ĐU", "681/CT/ĐU", False),
    ("number", "1713", "1713.0", True),
    ("number", "20.2", "20.20", True),
    ("number", "1713", "1.713", False),
    ("number", "1713", "", False),
    ("number", "", "", False),
    ("set", "Anh Dũng; Xuân Tiến", "Xuân Tiến;Anh Dũng", True),
    ("set", "Anh Dũng; Xuân Tiến", "Anh Dũng", False),
    ("set", "Anh Dũng", "Anh Dũng; Xuân Tiến", False),
    ("superset", "000_a", "000_a; 001_b", True),
    ("superset", "000_a; 001_b", "001_b", False),
    ("superset", "", "000_a", True),
])
def test_other_modes(mode, key, got, expected):
    assert cell_matches(mode, key, got) is expected


def test_alternatives():
    key = "Đồn Biên phòng Si Pha Phìn | Đồn Biên phòng Si Pa Phìn"
    assert cell_matches("name", key, "Đồn Biên phòng Si Pa Phìn")
    assert cell_matches("name", key, "Đồn Biên phòng Si Pha Phìn")
    assert not cell_matches("name", key, "Đồn Biên phòng Si Phìn")
    assert cell_matches("number", "2015 | 2020", "2020")
    assert cell_matches("exact", "Trưởng Ban Tổ chức | Trưởng Ban", "Trưởng Ban")
    assert not cell_matches("exact", "a|b", "a")  # only ` | ` separates alternatives


def test_normalise_places_tones_like_the_gazetteer():
    assert normalise("Hoà Bình, Thuỷ") == normalise("Hòa Bình - thủy") == "hòa bình thủy"
    assert normalise("Quý") == "quý"  # `quy` keeps its tone where it is
    assert canonical_spelling("hoà thuỷ") == "hòa thủy"


def _gold(text: str) -> list[dict]:
    return read_csv(text)[1]


STATS = questions()["statistics"]


def test_optional_rows_count_neither_way_and_are_matched_last():
    pred = _gold("subject,measure,value,year,source\nĐiện Biên,communes,29,,a\n")
    # the optional row comes first in the file, but a required row takes the answer first
    gold = _gold("subject,measure,value,year,source,optional\n"
                 "Điện Biên,communes,29,,a,1\nĐiện Biên,communes,29,,a,\n"
                 "Nậm Pồ,villages,121,,a,1\n")
    result, _ = score(STATS, gold, pred)
    assert (result.gold, result.predicted, result.answered) == (1, 1, 1)
    assert result.precision == result.recall == result.f1 == 1.0
    # an answered optional row is no extra either
    result, _ = score(STATS, _gold("subject,measure,value,year,source,optional\n"
                                   "Điện Biên,communes,29,,a,1\n"), pred)
    assert (result.gold, result.predicted, result.precision, result.recall) == (0, 0, 1.0, 1.0)


def test_precision_recall_attributes():
    gold = _gold("subject,measure,value,year,source,optional\n"
                 "Nậm Pồ,party_members,1713,2015,a,\nNậm Pồ,party_members,2473,2020,a,\n"
                 "Nậm Nhừ,party_cells,3,2015,a,\n")
    pred = _gold("subject,measure,value,year,source\n"
                 "huyện Nậm Pồ,party_members,1713.0,2016,a; b\nNậm Pồ,party_members,2473,2020,b\n"
                 "Nậm Pồ,villages,121,,a\n")
    result, _ = score(STATS, gold, pred)
    assert (result.answered, result.predicted, result.gold) == (2, 3, 3)
    assert result.precision == pytest.approx(2 / 3) and result.recall == pytest.approx(2 / 3)
    assert result.attributes == pytest.approx(2 / 4)  # year 2016 and source b are wrong
    nothing, _ = score(STATS, gold, [])
    assert (nothing.precision, nothing.recall, nothing.f1, nothing.attributes) == (0, 0, 0, 0)


def test_the_question_table_is_score_py_s():
    spec = _score_module().QUESTIONS if SCORE_PY.is_file() else None
    if spec is None:
        pytest.skip("../shared is not beside the repo")
    assert {name: {c: f"{role}:{mode}" for c, role, mode in q.columns}
            for name, q in questions().items()} == spec
    assert all(list(q.wanted) == list(spec[name]) for name, q in questions().items())


def _score_module():
    loaded = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


@needs_shared
def test_cells_compare_as_score_py_compares_them():
    """Every pair of cells of one column of the answer keys, in every mode, as score.py says."""
    reference = _score_module()
    reference.normalise = lru_cache(maxsize=None)(reference.normalise)  # same answers, faster
    gold_files = [path for folder in (SHARED / "gold" / "seeds", ROOT / "tests" / "dev" / "gold",
                                      ROOT / "tests" / "holdout" / "gold")
                  for path in sorted(folder.glob("*.csv"))]
    tricky = ["Hoà", "hòa", "Thuỷ Quý", "ĐBP", "Đồn BPCK X", "Ð", "a | b", "1,5", " 12 ", "nan",
              "Kết luận 01–KL/TW", "x;y; ;z", "Chi bộ bản Bản Luồng", "20,2%"]
    checked = 0
    for path in gold_files:
        _, table = read_csv(path.read_text(encoding="utf-8"))
        for column in (table[0] if table else {}):
            cells = sorted({row[column] for row in table})[:30] + tricky
            for a in cells:
                assert normalise(a) == reference.normalise(a), a
                for b in cells:
                    for mode in ("name", "exact", "code", "number", "set", "superset"):
                        assert cell_matches(mode, a, b) == reference.cell_matches(mode, a, b), \
                            (mode, a, b)
                        checked += 1
    assert checked > 10000


# -- error analysis on a small hand-made graph --------------------------------------------------

ARTICLE = ID["article/t1"]
SENTENCES = [
    "Ông Nguyễn Văn An, Bí thư Đảng ủy xã Tân Lập cho biết xã có 120 đảng viên.",
    "Ông Lò Văn Bình, Phó Bí thư Đảng ủy cho biết như vậy.",
    "Đồn Biên phòng Tân Lập thường xuyên phối hợp với Chi bộ thôn Nà Khau.",
    "Ông Trần Văn Cường, Bí thư Chi bộ thôn Nà Khau phát biểu tại hội nghị.",
]


def _sentence(i: int) -> URIRef:
    return ID[f"article/t1/sentence/{i}"]


def _entity(g, key: str, label: str, *classes, place_type: str = "", parent: str = "",
            evidence: int = 0) -> URIRef:
    node = ID[key]
    for cls in classes:
        g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(label)))
    g.add((node, RDFS.label, Literal(label)))
    g.add((ARTICLE, KG.mentions, node))
    g.add((_sentence(evidence), KG.names, node))
    if place_type:
        g.add((node, KG.placeType, Literal(place_type)))
    if parent:
        g.add((node, KG.parentPlace, ID[parent]))
    return node


def _fact(g, key: str, cls, evidence: int, **links) -> URIRef:
    node = ID[key]
    g.add((node, RDF.type, cls))
    g.add((node, PROV.wasDerivedFrom, ARTICLE))
    g.add((node, KG.evidence, _sentence(evidence)))
    g.add((node, KG.confidence, Literal("0.90", datatype=ns.XSD.decimal)))
    for prop, value in links.items():
        g.add((node, {"member": ORG.member, "role": ORG.role, "organization": ORG.organization,
                      "subject": KG.subject, "measure": KG.measure, "value": KG.value,
                      "year": KG.year}[prop], value))
    return node


@pytest.fixture
def small_graph():
    """One article about two communes called Tân Lập, following ontology/README.md."""
    g = new_graph()
    g.add((ARTICLE, RDF.type, KG.Article))
    g.add((ARTICLE, DCTERMS.identifier, Literal("t1")))
    start = 0
    for i, text in enumerate(SENTENCES):
        node = _sentence(i)
        g.add((node, RDF.type, NIF.Sentence))
        g.add((node, NIF.anchorOf, Literal(text)))
        g.add((node, NIF.beginIndex, Literal(start, datatype=ns.XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(start + len(text), datatype=ns.XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, ARTICLE))
        start += len(text) + 1
    _entity(g, "place/ls", "Lạng Sơn", KG.Province, place_type="tỉnh")
    _entity(g, "place/vl", "Văn Lãng", KG.District, place_type="huyện", parent="place/ls")
    _entity(g, "place/cl", "Cao Lộc", KG.District, place_type="huyện", parent="place/ls")
    _entity(g, "place/vl/tl", "Tân Lập", KG.Commune, place_type="xã", parent="place/vl")
    _entity(g, "place/cl/tl", "Tân Lập", KG.Commune, place_type="xã", parent="place/cl")
    _entity(g, "place/ls/vl", "Văn Lãng", KG.Commune, place_type="xã", parent="place/ls")
    post = _entity(g, "org/post-tl", "Đồn Biên phòng Tân Lập", KG.BorderPost, ORG.Organization,
                   evidence=2)
    g.add((post, KG.locatedIn, ID["place/vl/tl"]))
    committee = _entity(g, "org/du-tl", "Đảng ủy xã Tân Lập", KG.PartyCommittee, ORG.Organization)
    _entity(g, "org/du-post-nk", "Đảng ủy Đồn Biên phòng Nà Khau", KG.PartyCommittee,
            ORG.Organization)
    _entity(g, "org/cb-nk", "Chi bộ thôn Nà Khau", KG.VillageBranch, KG.PartyBranch,
            ORG.Organization, evidence=2)
    an = _entity(g, "person/an", "Nguyễn Văn An", KG.Official)
    binh = _entity(g, "person/binh", "Lò Văn Bình", KG.Official, evidence=1)
    for key, label in (("position/bi-thu", "Bí thư"), ("position/pho-bi-thu", "Phó Bí thư")):
        g.add((ID[key], RDF.type, KG.Position))
        g.add((ID[key], SKOS.prefLabel, Literal(label)))
    _fact(g, "membership/an", ORG.Membership, 0, member=an, role=ID["position/bi-thu"],
          organization=committee)
    _fact(g, "membership/binh", ORG.Membership, 1, member=binh, role=ID["position/pho-bi-thu"])
    g.add((KG.party_members, SKOS.notation, Literal("party_members")))
    _fact(g, "statistic/tl", KG.Statistic, 0, subject=ID["place/vl/tl"], measure=KG.party_members,
          value=Literal("120.0", datatype=ns.XSD.decimal),
          year=Literal("2023", datatype=ns.XSD.gYear))
    return g


KEYS = {
    "officials": "person,rank,position,organization,source,optional\n"
                 "Nguyễn Văn An,,Bí thư,Đảng ủy xã Tân Lập,t1,\n"
                 "Lò Văn Bình,,Phó Bí thư,Đảng ủy xã Tân Lập,t1,\n"
                 "Trần Văn Cường,,Bí thư,Chi bộ thôn Nà Khau,t1,\n",
    "places": "place,type,parent,source,optional\n"
              "Lạng Sơn,tỉnh,,t1,\nVăn Lãng,huyện,Lạng Sơn,t1,\nCao Lộc,huyện,Lạng Sơn,t1,\n"
              "Tân Lập,xã,,t1,\nTân Lập,thôn,,t1,\n",
    "border-posts": "post,commune,district,province,source,optional\n"
                    "Đồn Biên phòng Tân Lập,Tân Lập,Văn Lãng,Lạng Sơn,t1,\n"
                    "ĐBP Nà Khau,,,,t1,\n",
    "border-posts-staff-branches": "post,branch,commune,members,source,optional\n"
                                   "Đồn Biên phòng Tân Lập,Chi bộ thôn Nà Khau,,,t1,\n",
    "statistics": "subject,measure,value,year,source,optional\nTân Lập,party_members,12,2023,t1,\n",
    "notes": "anything,else\n1,2\n",  # no question: skipped
}


@pytest.fixture
def small_report(small_graph, tmp_path):
    for name, text in KEYS.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return evaluate(small_graph, tmp_path)


def _causes(issues) -> dict[str, str]:
    return {issue.label: issue.cause for issue in issues}


def test_scores_of_the_small_graph(small_report):
    assert small_report.skipped == ["notes"]
    officials = small_report.question("officials")
    assert (officials.gold, officials.predicted, officials.answered) == (3, 2, 1)
    places = small_report.question("places")
    assert (places.gold, places.predicted, places.answered) == (5, 6, 4)


def test_entity_not_found(small_report):
    [missed] = [m for m in small_report.question("officials").missed if "Cường" in m.label]
    assert missed.cause == "entity not found" and "Trần Văn Cường" in missed.detail
    # the sentence naming it is found all the same
    assert [e.text for e in missed.evidence] == [SENTENCES[3]]


def test_organization_not_resolved_from_context(small_report):
    officials = small_report.question("officials")
    [missed] = [m for m in officials.missed if "Bình" in m.label]
    assert missed.cause == "organization not resolved from context"
    assert "organization empty" in missed.detail
    [extra] = officials.extra
    assert extra.label == "Lò Văn Bình / Phó Bí thư / "
    assert extra.cause == "organization not resolved from context"
    assert [e.text for e in extra.evidence] == [SENTENCES[1]]
    assert SENTENCES[1] in [e.text for e in missed.evidence]


def test_found_but_wrongly_typed(small_report):
    places = small_report.question("places")
    assert _causes(places.missed) == {"Tân Lập / thôn": "found but wrongly typed"}
    assert "'xã'" in places.missed[0].detail
    # a name that exists only as another kind of entity (a party committee, not a post)
    posts = small_report.question("border-posts")
    assert _causes(posts.missed) == {"ĐBP Nà Khau": "found but wrongly typed"}
    assert "kg:PartyCommittee" in posts.missed[0].detail
    # an extra place whose name the key gives another type
    assert _causes(places.extra)["Văn Lãng / xã"] == "found but wrongly typed"


def test_duplicate_row(small_report):
    assert _causes(small_report.question("places").extra)["Tân Lập / xã"] == "duplicate row"


def test_relation_missing(small_report):
    staffing = small_report.question("border-posts-staff-branches")
    [missed] = staffing.missed
    assert missed.cause == "relation missing"
    assert "'Chi bộ thôn Nà Khau' is in the graph" in missed.detail
    assert [e.text for e in missed.evidence] == [SENTENCES[2]]


def test_wrong_attribute(small_report):
    stats = small_report.question("statistics")
    assert _causes(stats.missed) == {"Tân Lập / party_members / 12": "wrong attribute"}
    assert "value '120'" in stats.missed[0].detail
    assert _causes(stats.extra) == {"Tân Lập / party_members / 120": "wrong attribute"}
    assert [e.text for e in stats.extra[0].evidence] == [SENTENCES[0]]


def test_formats(small_report):
    table = format_table(small_report)
    assert table.splitlines()[0].split() == ["question", "gold", "pred", "hit", "P", "R", "F1",
                                             "attr"]
    assert re.search(r"^officials\s+3\s+2\s+1\s+0\.500\s+0\.333\s+0\.400\s+1\.000$", table,
                     re.MULTILINE)
    assert table.splitlines()[-1].startswith("macro F1 ")
    assert "[duplicate row]" in format_table(small_report, verbose=True)
    data = json.loads(to_json(small_report))
    assert data["macro_f1"] == pytest.approx(small_report.macro_f1)
    [officials] = [q for q in data["questions"] if q["question"] == "officials"]
    assert officials["extra"][0]["evidence"][0]["text"] == SENTENCES[1]
    markdown = to_markdown(small_report)
    assert "| officials | 3 | 2 | 1 | 0.500 | 0.333 | 0.400 | 1.000 |" in markdown
    assert "**entity not found** (1)" in markdown and "> [t1 " in markdown
    assert SENTENCES[3] in markdown


def test_a_query_with_other_columns_scores_as_no_answer(small_graph, tmp_path):
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "officials.rq").write_text(
        "SELECT ?person ?position WHERE { ?x ?person ?position }\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "officials.csv").write_text(KEYS["officials"], encoding="utf-8")
    [result] = evaluate(small_graph, gold, query_dir=queries).questions
    assert "columns" in result.error and result.predicted == 0 and result.f1 == 0.0
    assert "error: columns" in format_table(evaluate(small_graph, gold, query_dir=queries))


# -- drafts ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph():
    return build(collect_files([ROOT / "seeds"])).graph.to_rdflib()


def test_a_draft_scores_f1_1_against_its_graph(seed_graph, tmp_path):
    written = draft(seed_graph, tmp_path)
    assert {p.stem for p in written} >= set(questions())
    header, table = read_csv((tmp_path / "officials.csv").read_text(encoding="utf-8"))
    assert header == questions()["officials"].wanted + ["optional"]
    assert table and all(row["optional"] == "" for row in table)
    report = evaluate(seed_graph, tmp_path)
    assert len(report.questions) == len(questions())
    for result in report.questions:
        assert (result.f1, result.attributes, result.error) == (1.0, 1.0, ""), result.question


def test_a_draft_of_the_small_graph_scores_f1_1(small_graph, tmp_path):
    draft(small_graph, tmp_path)
    assert all(r.f1 == 1.0 and not r.missed and not r.extra
               for r in evaluate(small_graph, tmp_path).questions)


# -- agreement with score.py --------------------------------------------------------------------

_ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def _score_py(gold: Path, graph_file: Path) -> tuple[dict[str, tuple], dict[str, list[str]], str]:
    run = subprocess.run(
        [sys.executable, str(SCORE_PY), "--gold", str(gold), "-g", str(graph_file), "-v",
         "--kg", f"{sys.executable} -m kg"],
        check=False, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    table, listed, current = {}, {}, None
    for line in run.stdout.splitlines():
        if match := _ROW.match(line):
            current = match[1]
            table[current] = (int(match[2]), int(match[3]), int(match[4]),
                              *(match[i] for i in range(5, 9)))
            listed[current] = []
        elif current and line.startswith(("    missed: ", "    extra:  ", "    error: ")):
            listed[current].append(line.strip())
    macro = next(line for line in run.stdout.splitlines() if line.startswith("macro F1"))
    return table, listed, macro


@needs_shared
@pytest.mark.parametrize("articles, gold", [
    (ROOT / "seeds", SHARED / "gold" / "seeds"),
    (ROOT / "tests" / "dev" / "articles", ROOT / "tests" / "dev" / "gold"),
    (ROOT / "tests" / "holdout" / "articles", ROOT / "tests" / "holdout" / "gold"),
], ids=["seeds", "dev", "holdout"])
def test_agrees_with_score_py(articles, gold, tmp_path):
    graph_file = tmp_path / "graph.ttl"
    save_graph(build(collect_files([articles])).graph, graph_file)
    expected, listed, macro = _score_py(gold, graph_file)
    report = evaluate(load_graph(graph_file), gold)
    assert [r.question for r in report.questions] == list(expected)
    for r in report.questions:
        ours = (r.gold, r.predicted, r.answered,
                *(f"{v:.3f}" for v in (r.precision, r.recall, r.f1, r.attributes)))
        assert ours == expected[r.question], r.question
        lines = ([f"missed: {m.label}".strip() for m in r.missed]
                 + [f"extra:  {e.label}".strip() for e in r.extra]
                 + ([f"error: {r.error}"] if r.error else []))
        assert sorted(lines) == sorted(listed[r.question]), r.question
        assert all(issue.cause for issue in r.missed + r.extra)
    assert macro == format_table(report).splitlines()[-1]


def test_question_spec_is_consistent():
    for name, q in questions().items():
        assert isinstance(q, Question) and q.main in q.wanted and q.classes, name
        assert q.wanted[-1] == "source"


def test_eval_from_the_command_line_scores_drafts_and_logs(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    root = Path(__file__).resolve().parents[1]
    runner = CliRunner()
    graph = tmp_path / "g.ttl"
    assert runner.invoke(main, ["build", str(root / "seeds"), "-o", str(graph)]).exit_code == 0
    drafted = runner.invoke(main, ["eval", "-g", str(graph), "--draft", str(tmp_path / "keys")])
    assert drafted.exit_code == 0, drafted.output
    log = tmp_path / "quality.md"
    scored = runner.invoke(main, ["eval", "-g", str(graph), "--gold", str(tmp_path / "keys"), "--log", str(log)])
    assert scored.exit_code == 0 and "macro F1 1.000" in scored.stdout
    assert "| 1.000 | 1.000 |" in log.read_text(encoding="utf-8")
    neither = runner.invoke(main, ["eval", "-g", str(graph)])
    assert neither.exit_code == 2
