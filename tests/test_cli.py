"""The command line, through click's CliRunner. Articles and names are invented."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF

from kg.cli import main

SAVED = ["border-posts", "border-posts-staff-branches", "directives", "documents",
         "officials", "places", "statistics"]

ARTICLE_ONE = """Xây dựng Đảng

Đồn Biên phòng Pà Nậm gắn bó với chi bộ thôn

12/03/2024

Thiếu tá Hà Văn Trung, Chính trị viên Đồn Biên phòng Pà Nậm, cho biết đơn vị đã phân công 15 đảng viên tham gia sinh hoạt tại 15 chi bộ thôn trên địa bàn xã Pà Nậm, huyện Khe Lũng, tỉnh Hà Vàng.

Đồn Biên phòng Pà Nậm phân công 3 đảng viên tham gia sinh hoạt tại Chi bộ thôn Nà Tiếu. Đảng bộ xã Pà Nậm hiện có 212 đảng viên sinh hoạt tại 14 chi bộ.

Trần Minh Khoa
"""

ARTICLE_TWO = """Biên phòng

Sức lan tỏa từ mô hình đảng viên phụ trách hộ gia đình

05/06/2024

Đại úy Lê Quang Vinh, Phó Bí thư Đảng ủy xã Suối Giàng, cho biết thực hiện Nghị quyết 47-NQ/ĐU ngày 3/4/2021 của Ban Thường vụ Đảng ủy Bộ đội Biên phòng, đơn vị đã phân công 40 đảng viên phụ trách 120 hộ gia đình.

Đồn Biên phòng Suối Giàng đóng quân trên địa bàn xã Suối Giàng, huyện Khe Lũng, tỉnh Hà Vàng, có nhiệm vụ quản lý 12 km đường biên giới.

Phạm Thu Hà
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(result) -> None:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: error:")
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A graph built by `kg build` from a folder of two articles."""
    root = tmp_path_factory.mktemp("cli")
    src = root / "articles"
    src.mkdir()
    (src / "bai_mot.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (src / "bai_hai.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    out = root / "graph.ttl"
    result = run("build", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


# -- build ------------------------------------------------------------------------

def test_build_writes_turtle_with_the_official(built: Path):
    graph = Graph().parse(built, format="turtle")
    assert (None, FOAF.name, Literal("Hà Văn Trung")) in graph


def test_build_reports_articles_and_triples_on_stderr(tmp_path: Path):
    (tmp_path / "bai.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    result = run("build", str(tmp_path / "bai.txt"), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 0
    triples = len(Graph().parse(tmp_path / "g.ttl", format="turtle"))
    assert f"1 article(s), {triples} triples -> " in result.stderr
    assert result.stdout == ""


def test_build_and_query_never_import_rdflib(tmp_path: Path):
    """rdflib is half of a command's start (0.15 s): a build writes strings that Oxigraph
    turns into Turtle, and a query runs in Oxigraph, so it must not creep back into
    their imports."""
    (tmp_path / "bai.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    article, graph = str(tmp_path / "bai.txt"), str(tmp_path / "g.ttl")
    script = ("import sys; from click.testing import CliRunner; from kg.cli import main; "
              f"b = CliRunner().invoke(main, ['build', {article!r}, '-o', {graph!r}]); "
              f"q = CliRunner().invoke(main, ['query', 'officials', '-g', {graph!r}, "
              "'--format', 'csv', '--param', 'person=Hà Văn Trung']); "
              "print(b.exit_code, q.exit_code, len(q.output.splitlines()), "
              "'rdflib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["0", "0", "2", "False"], done.stderr


@pytest.mark.parametrize("suffix, rdflib_format", [(".nt", "nt"), (".jsonld", "json-ld")])
def test_build_writes_the_format_its_output_suffix_names(built: Path, tmp_path: Path, suffix: str,
                                                        rdflib_format: str):
    out = tmp_path / f"graph{suffix}"
    result = run("build", str(built.parent / "articles"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(out, format=rdflib_format), Graph().parse(built, format="turtle"))
    if suffix == ".nt":  # sorted N-Triples: one triple per line, no prefixes
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines) and not any(line.startswith("@prefix") for line in lines)


def test_build_missing_path_is_one_line_error_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "g.ttl"
    result = run("build", str(tmp_path / "missing"), "-o", str(out))
    assert_one_line_error(result)
    assert "missing" in result.stderr
    assert not out.exists()


def test_build_empty_file_is_skipped_and_fails(tmp_path: Path):
    empty = tmp_path / "rong.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("build", str(empty), "-o", str(out))
    assert result.exit_code != 0
    assert f"kg: skipped {empty}" in result.stderr
    assert "kg: error:" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


# -- query ------------------------------------------------------------------------

@pytest.mark.parametrize("name, header", [
    ("border-posts-staff-branches", "post,branch,commune,members,source"),
    ("border-posts", "post,commune,district,province,source"),
    ("officials", "person,rank,position,organization,source"),
    ("directives", "code,kind,issuer,date,source"),
    ("places", "place,type,parent,source"),
    ("statistics", "subject,measure,value,year,source"),
    ("documents", "document,title,date,author,source"),
])
def test_query_csv_prints_the_spec_header(built: Path, name: str, header: str):
    result = run("query", name, "-g", str(built), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == header


def test_query_csv_has_the_official(built: Path):
    result = run("query", "officials", "-g", str(built), "--format", "csv")
    table = list(csv.reader(io.StringIO(result.stdout)))
    official = ["Hà Văn Trung", "Thiếu tá", "Chính trị viên", "Đồn Biên phòng Pà Nậm", "bai_mot"]
    assert official in table


def test_query_json_is_valid_json(built: Path):
    result = run("query", "officials", "-g", str(built), "--format", "json")
    assert result.exit_code == 0
    answers = json.loads(result.stdout)
    assert isinstance(answers, list) and answers
    assert list(answers[0]) == ["person", "rank", "position", "organization", "source"]


def test_query_table_is_the_default(built: Path):
    default = run("query", "officials", "-g", str(built))
    table = run("query", "officials", "-g", str(built), "--format", "table")
    assert default.exit_code == 0
    assert default.stdout == table.stdout
    assert default.stdout.splitlines()[0].split() == ["person", "rank", "position", "organization",
                                                     "source"]
    assert default.stdout.rstrip().endswith("rows)")


def test_query_param_selects_one_post(built: Path):
    result = run("query", "border-posts", "-g", str(built), "--format", "csv",
                 "--param", "post=Đồn Biên phòng Suối Giàng")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert [r[0] for r in rows] == ["Đồn Biên phòng Suối Giàng"]


def test_query_unknown_param_exits_2(built: Path):
    result = run("query", "border-posts", "-g", str(built), "--param", "nope=x")
    assert result.exit_code == 2
    assert_one_line_error(result)


def test_query_unknown_name_exits_2_and_lists_saved_queries(built: Path):
    result = run("query", "no-such-question", "-g", str(built))
    assert result.exit_code == 2
    assert_one_line_error(result)
    for name in SAVED:
        assert name in result.stderr


def test_query_missing_graph_is_one_line_error(tmp_path: Path):
    result = run("query", "officials", "-g", str(tmp_path / "none.ttl"))
    assert_one_line_error(result)
    assert "none.ttl" in result.stderr


def test_query_graph_that_is_not_turtle_is_one_line_error(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is { not turtle <<<\n", encoding="utf-8")
    result = run("query", "officials", "-g", str(bad))
    assert_one_line_error(result)
    assert "bad.ttl" in result.stderr


# -- queries ----------------------------------------------------------------------

def test_queries_lists_every_saved_query():
    result = run("queries")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert set(SAVED) <= set(listed)
    assert sorted(listed) == sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))


# -- export -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt, suffix, rdflib_format", [
    ("nt", ".nt", "nt"), ("jsonld", ".jsonld", "json-ld"), ("turtle", ".ttl", "turtle"),
])
def test_export_round_trips(built: Path, tmp_path: Path, fmt: str, suffix: str, rdflib_format: str):
    out = tmp_path / f"export{suffix}"
    result = run("export", "-g", str(built), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    original = Graph().parse(built, format="turtle")
    assert isomorphic(Graph().parse(out, format=rdflib_format), original)


def test_export_of_a_graph_file_as_trig_is_its_default_graph(built: Path, tmp_path: Path):
    """A graph file holds one graph: its TriG is the built Turtle, which TriG readers (rdflib's,
    Oxigraph's) take as the default graph's triples."""
    import pyoxigraph as ox
    from rdflib import Dataset

    out = tmp_path / "g.trig"
    result = run("export", "-g", str(built), "--format", "trig", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == built.read_bytes()
    dataset = Dataset().parse(out, format="trig")
    assert isomorphic(dataset.default_graph, Graph().parse(built, format="turtle"))
    assert {q.graph_name for q in ox.parse(path=str(out), format=ox.RdfFormat.TRIG)} == {ox.DefaultGraph()}


def test_export_of_n_triples_as_turtle_is_the_built_file(built: Path, tmp_path: Path):
    """Export reads and writes Turtle and N-Triples through Oxigraph, with the build's writer:
    the same graph gives the same file, whichever format it was read from."""
    nt, ttl = tmp_path / "g.nt", tmp_path / "g.ttl"
    assert run("export", "-g", str(built), "--format", "nt", "-o", str(nt)).exit_code == 0
    result = run("export", "-g", str(nt), "--format", "turtle", "-o", str(ttl))
    assert result.exit_code == 0, result.output
    assert ttl.read_bytes() == built.read_bytes()


def test_export_and_build_to_standard_output(built: Path, tmp_path: Path, monkeypatch):
    """`-o -` writes the graph to standard output, and no file called "-"; what was written
    goes to standard error as for a file."""
    monkeypatch.chdir(tmp_path)
    result = run("export", "-g", str(built), "--format", "nt", "-o", "-")
    assert result.exit_code == 0, result.stderr
    exported = Graph().parse(data=result.stdout_bytes, format="nt")
    assert isomorphic(exported, Graph().parse(built, format="turtle"))
    assert result.stderr.strip() == f"{len(exported)} triples -> -"
    result = run("build", str(built.parent / "articles"), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == built.read_bytes()
    assert not (tmp_path / "-").exists()


def test_export_to_a_full_disk_is_one_line_error(built: Path):
    """A write to standard output cut short (here: /dev/full) is an error, not a short graph."""
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full here")
    with full.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "kg.cli", "export", "-g", str(built), "--format", "nt",
                               "-o", "-"], stdout=out, stderr=subprocess.PIPE, text=True)
    assert done.returncode != 0
    assert done.stderr.strip() == "kg: error: -: cannot write (No space left on device)"


def test_export_to_a_reader_that_stops_early_does_not_claim_it_wrote_all(tmp_path: Path):
    """`kg export -o - | head`: the pipe closes after a few bytes. The write cut short there
    is not taken for the whole graph: no "triples ->" line, no traceback, a non-zero exit."""
    graph = tmp_path / "big.nt"  # 2 MB, far more than a pipe holds
    graph.write_text("".join(f'<https://example.org/s{i}> <https://example.org/p> "{"x" * 80}" .\n'
                             for i in range(20_000)), encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-m", "kg.cli", "export", "-g", str(graph), "--format", "nt",
                               "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout.read(10) == b"<https://e"
    writer.stdout.close()
    errors = writer.stderr.read().decode()
    assert writer.wait() != 0
    assert "triples ->" not in errors and "Traceback" not in errors


def test_export_of_a_broken_graph_is_one_line_error(tmp_path: Path):
    broken, out = tmp_path / "broken.ttl", tmp_path / "out.nt"
    broken.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    result = run("export", "-g", str(broken), "--format", "nt", "-o", str(out))
    assert_one_line_error(result)
    assert "broken.ttl" in result.stderr and not out.exists()


# -- viz --------------------------------------------------------------------------

def test_viz_writes_a_png(built: Path, tmp_path: Path):
    out = tmp_path / "x.png"
    result = run("viz", "-g", str(built), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_viz_jpg_is_one_line_error(built: Path, tmp_path: Path):
    out = tmp_path / "x.jpg"
    result = run("viz", "-g", str(built), "-o", str(out))
    assert_one_line_error(result)
    assert not out.exists()


def test_viz_says_when_a_picture_is_too_large_to_read(built: Path, tmp_path: Path, monkeypatch):
    small = run("viz", "-g", str(built), "-o", str(tmp_path / "seeds.png"))
    assert small.exit_code == 0 and "note" not in small.stderr  # the seeds draw quietly
    nodes = int(small.stderr.split()[0])
    monkeypatch.setattr("kg.draw.LARGE_PICTURE", nodes - 1)
    large = run("viz", "-g", str(built), "-o", str(tmp_path / "x.png"))
    assert large.exit_code == 0 and (tmp_path / "x.png").exists()
    note, done = large.stderr.strip().splitlines()
    assert note.startswith(f"kg: note: {nodes} nodes take minutes") and "--focus" in note
    assert done == f"{nodes} nodes -> {tmp_path / 'x.png'}"
    as_file = run("viz", "-g", str(built), "-o", str(tmp_path / "x.graphml"))  # for Gephi: no note
    assert as_file.exit_code == 0 and "note" not in as_file.stderr


# -- help -------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["build"], ["query"], ["queries"], ["export"], ["viz"]])
def test_help_exits_0_and_says_something(command: list[str]):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert len(result.stdout.splitlines()) > 3


def test_query_documents_on_article_without_byline(tmp_path: Path):
    article = tmp_path / "khong_tac_gia.txt"
    article.write_text(ARTICLE_ONE.replace("Trần Minh Khoa\n", ""), encoding="utf-8")
    graph = tmp_path / "g.ttl"
    assert run("build", str(article), "-o", str(graph)).exit_code == 0
    result = run("query", "documents", "-g", str(graph), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("khong_tac_gia,")
