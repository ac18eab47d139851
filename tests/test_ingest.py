"""Ingest: folders, encodings, HTML, JSONL, and every kind of bad input, with the real files."""

import codecs
import shutil
import tracemalloc
from pathlib import Path

import pytest

from kg import ingest
from kg.ingest import UnreadableInput, decode_bytes, html_to_text, iter_sources, read_inputs
from kg.model import Problem, SourceText
from kg.normalise import clean_document

DATA = Path(__file__).parent / "data" / "text"
ARTICLE = (DATA / "utf8_bom_article.txt").read_bytes().decode("utf-8-sig")


def problems_by_file(result) -> dict[str, str]:
    return {Path(p.source).name: p.message for p in result.problems}


def test_seeds_folder_reads_five_articles_in_order_and_skips_readme(seeds_dir):
    result = read_inputs([seeds_dir])
    assert [d.doc_id for d in result.documents] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert len(result.documents) == 5 and result.problems == []
    first = result.documents[0]
    assert first.text == (seeds_dir / f"{first.doc_id}.txt").read_text(encoding="utf-8")
    assert first.encoding == "utf-8"


def test_reading_twice_gives_the_same_result(seeds_dir):
    assert read_inputs([seeds_dir, DATA]) == read_inputs([seeds_dir, DATA])


@pytest.mark.parametrize("name, encoding", [
    ("cp1256_article.txt", "cp1256"),
    ("utf16le_nobom_article.txt", "utf-16-le"),
    ("utf16be_bom_article.txt", "utf-16"),
    ("utf8_bom_article.txt", "utf-8-sig"),
])
def test_encodings_are_detected(name, encoding):
    [source] = read_inputs([DATA / name]).documents
    assert (source.text, source.encoding) == (ARTICLE, encoding)
    assert source.doc_id == Path(name).stem


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty file"),
    ("blank.txt", "empty file"),
    ("binary.txt", "binary data, not text"),
    ("undecodable.txt", "cannot decode"),
])
def test_bad_files_are_one_line_problems(name, message):
    result = read_inputs([DATA / name])
    assert result.documents == []
    [problem] = result.problems
    assert problem.severity == "error" and message in problem.message and "\n" not in problem.message


def test_decode_bytes_tells_binary_from_text():
    with pytest.raises(UnreadableInput, match="binary"):
        decode_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07" * 20)
    text, encoding = decode_bytes("غزة ".encode("utf-8") * 200 + b"\xff" + "لبنان".encode("utf-8"))
    assert encoding == "utf-8-replace" and text.startswith("غزة")  # one damaged byte, not mojibake


def test_utf16_big_endian_without_bom():
    assert decode_bytes("بايدن يلتقي نتنياهو".encode("utf-16-be")) == ("بايدن يلتقي نتنياهو", "utf-16-be")


def test_html_keeps_paragraphs_and_drops_scripts_and_furniture():
    [source] = read_inputs([DATA / "page_with_script.html"]).documents
    assert source.title == "أوستن يحث غالانت على الانتقال إلى المسار الدبلوماسي"
    lines = source.text.split("\n")
    assert lines[0] == source.title
    assert lines[1].startswith("صرح وزير الدفاع الأمريكي #لويد_أوستن")
    assert "& التهدئة" in lines[1] and "«اتصلت" in lines[2]  # entities decoded
    for furniture in ("__pwned", "سكربت", "track(", "color: red", "الرئيسية", "مقالات ذات صلة", "هاريس",
                      "جميع الحقوق"):
        assert furniture not in source.text
    doc = clean_document(source)
    assert doc.title == source.title and "لويد أوستن" in doc.text


def test_html_without_article_uses_page_and_title_tag():
    text, title = html_to_text("<html><head><title>بايدن يلتقي نتنياهو - الجزيرة</title></head>"
                               "<body><nav>قائمة</nav><div>التقى الرئيس.</div><p>وبحثا الحرب.</p></body></html>")
    assert (text, title) == ("التقى الرئيس.\nوبحثا الحرب.", "بايدن يلتقي نتنياهو")


def test_jsonl_bad_lines_are_problems_and_the_rest_is_read():
    result = read_inputs([DATA / "articles.jsonl"])
    assert [d.doc_id for d in result.documents] == ["jsonl-a", "articles-5", "jsonl-a-2"]
    first = result.documents[0]
    assert (first.title, first.date, first.url) == ("بايدن يتصل بنتنياهو", "2024-10-09T21:00:00Z", "https://example.org/a")
    assert first.path.endswith("articles.jsonl:1")
    assert {p.source.rsplit("/", 1)[-1]: p.message.split(" (")[0].split(":")[0] for p in result.problems} == {
        "articles.jsonl:2": "not valid JSON",
        "articles.jsonl:3": "no \"text\" field",
        "articles.jsonl:6": "not a JSON object",
    }
    assert clean_document(first).date == "2024-10-09"


def test_jsonl_line_over_the_cap_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 200)
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "' + "غزة " * 300 + '"}\n{"id": "ok", "text": "غزة"}\n', encoding="utf-8")
    result = read_inputs([path])
    assert [d.doc_id for d in result.documents] == ["ok"]
    assert result.problems[0].source.endswith("big.jsonl:1") and "longer than" in result.problems[0].message


def test_oversize_file_is_rejected_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    tracemalloc.start()
    result = read_inputs([big])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [problem] = result.problems
    assert "too large" in problem.message and ".jsonl" in problem.message
    assert peak < 5 * 1024 * 1024


@pytest.mark.slow
def test_fifty_megabyte_jsonl_streams_in_bounded_memory(tmp_path):
    line = '{"text": "' + "أجرى الرئيس الأمريكي اتصالاً هاتفياً مع رئيس الوزراء الإسرائيلي. " * 20 + '"}\n'
    path = tmp_path / "big.jsonl"
    count = 50 * 1024 * 1024 // len(line.encode("utf-8")) + 1
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(count):
            handle.write(line)
    tracemalloc.start()
    seen = sum(1 for item in iter_sources([path]) if isinstance(item, SourceText))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seen == count
    assert peak < 20 * 1024 * 1024


def test_folder_with_no_articles(tmp_path):
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = read_inputs([tmp_path])
    assert result.documents == []
    assert [(p.severity, p.message.split(" (")[0]) for p in result.problems] == [
        ("warning", "ignored 2 file(s) with extension .pdf"), ("error", "no articles found")]


def test_missing_path_and_explicit_unknown_extension(tmp_path):
    named = tmp_path / "article.md"
    named.write_text(ARTICLE, encoding="utf-8")
    result = read_inputs([tmp_path / "nope", named])
    assert result.problems == [Problem(str(tmp_path / "nope"), "does not exist")]
    assert [d.doc_id for d in result.documents] == ["article"]


def test_folders_are_walked_recursively_and_ids_made_unique(tmp_path):
    for folder in ("b", "a", "a/inner"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / "cp1256_article.txt", tmp_path / folder / "same.txt")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(DATA / "cp1256_article.txt", tmp_path / ".hidden" / "x.txt")
    result = read_inputs([tmp_path])
    assert [(d.doc_id, Path(d.path).relative_to(tmp_path).as_posix()) for d in result.documents] == [
        ("same", "a/same.txt"), ("same-2", "a/inner/same.txt"), ("same-3", "b/same.txt")]


def test_iter_sources_is_lazy(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text('{"text": "غزة"}\n' * 1000 + "{broken\n", encoding="utf-8")
    items = iter_sources(path)
    assert isinstance(next(items), SourceText)
    assert sum(isinstance(item, Problem) for item in items) == 1


def test_utf16_jsonl(tmp_path):
    path = tmp_path / "utf16.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + '{"id": "u", "text": "غزة"}\n'.encode("utf-16-le"))
    [source] = read_inputs([path]).documents
    assert (source.doc_id, source.text) == ("u", "غزة")


# ----------------------------------------------------------------------------- archives and standard input


def _gzip(path, text: str):
    import gzip

    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return path


def test_gzip_compressed_json_lines_and_text_files_are_read_in_a_folder(tmp_path):
    import json

    from kg.ingest import count_articles, iter_sources

    _gzip(tmp_path / "2015-08-09.jsonl.gz", json.dumps({"id": "sn1", "text": "التقى الرئيس"}, ensure_ascii=False)
          + "\n\n" + json.dumps({"text": "نص ثان"}, ensure_ascii=False) + "\n")
    _gzip(tmp_path / "one.txt.gz", "مقال واحد عن اللقاء")
    items = list(iter_sources([tmp_path]))
    assert [(i.doc_id, i.text) for i in items] == [("sn1", "التقى الرئيس"), ("2015-08-09-3", "نص ثان"),
                                                  ("one", "مقال واحد عن اللقاء")]
    assert count_articles([tmp_path]) == 3


def test_a_damaged_archive_is_one_problem_and_the_others_are_read(tmp_path):
    from kg.ingest import iter_sources

    (tmp_path / "a.jsonl.gz").write_bytes(b"not gzip at all")
    _gzip(tmp_path / "b.txt.gz", "مقال سليم")
    cut = _gzip(tmp_path / "c.jsonl.gz", "".join(f'{{"text": "مقال رقم {n * 7919 % 100003}"}}\n' for n in range(20000)))
    cut.write_bytes(cut.read_bytes()[:len(cut.read_bytes()) // 2])  # a download cut short
    items = list(iter_sources([tmp_path]))
    problems = [(p.source.rsplit("/", 1)[-1], p.message) for p in items if not hasattr(p, "doc_id")]
    assert problems[0] == ("a.jsonl.gz", "cannot read file: Not a gzipped file (b'no')")
    assert problems[1][0].startswith("c.jsonl.gz") and "the rest of the file is skipped" in problems[1][1]
    texts = [i.text for i in items if hasattr(i, "doc_id")]
    assert texts[0] == "مقال سليم" and len(texts) > 1000  # the cut archive's lines before the cut are kept


def test_build_reads_json_lines_from_standard_input(tmp_path):
    import json

    from typer.testing import CliRunner

    from kg.cli import app

    lines = "".join(json.dumps({"id": f"a{n}", "text": f"التقى الرئيس الأمريكي جو بايدن رئيس الوزراء بنيامين نتنياهو "
                                                      f"في واشنطن يوم {day}."}, ensure_ascii=False) + "\n"
                    for n, day in enumerate(("الأحد", "الاثنين")))
    result = CliRunner().invoke(app, ["build", "-", "-o", str(tmp_path / "out"), "--ner", "dictionary", "--no-cache"],
                                input=lines)
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output
    assert "a0" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
