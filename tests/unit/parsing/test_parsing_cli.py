"""The CLI helpers: parse_file (gzip transparent) and the eval_extract --jsonl-cmd server."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from articles.errors import UnsupportedFormat
from articles_tools.parsing_cli import main, parse_file, serve_jsonl

from .conftest import PAGES

HTML_PAGE = PAGES / "html_jsonld_newsarticle.html"
TEXT_PAGE = PAGES / "text_wire_cairo_rates.txt"


def test_parse_file_returns_the_article_fields() -> None:
    result = parse_file(str(TEXT_PAGE), None)

    assert result["title"] == "Egypt's central bank holds interest rates, cites easing inflation"
    assert result["published"] == "2024-03-05"
    assert result["author"] == ["Jane Doe"]
    assert result["language"] == "en"
    assert result["section"] is None
    assert result["body"].startswith("CAIRO (Reuters) -")
    assert "articles" not in result


def test_parse_file_reads_gzip_transparently(tmp_path: Path) -> None:
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(HTML_PAGE.read_bytes()))

    result = parse_file(str(packed), "https://nilebusiness.example/a")

    assert result["title"] == "Egypt and Sudan sign grid interconnection upgrade"
    assert result["format"] == "html"
    assert result["url"] == "https://nilebusiness.example/a"


def test_parse_file_with_several_articles_lists_them_all(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"title": "A", "text": "First."}\n{"title": "B", "text": "Second."}\n', encoding="utf-8")

    result = parse_file(str(path), None)

    assert result["title"] == "A"
    assert [a["title"] for a in result["articles"]] == ["A", "B"]


def test_damaged_gzip_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "broken.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>text</p></body></html>")[:15])
    with pytest.raises(UnsupportedFormat, match="gzip"):
        parse_file(str(path), None)


def test_serve_jsonl_answers_in_order_and_survives_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    requests = [
        {"id": "a", "path": str(TEXT_PAGE), "url": ""},
        {"id": "b", "path": str(empty), "url": ""},
        {"id": "c", "path": str(tmp_path / "missing.html"), "url": ""},
        {"id": "d", "path": str(HTML_PAGE), "url": "https://nilebusiness.example/b"},
    ]
    stdin = io.StringIO("".join(json.dumps(r) + "\n" for r in requests) + "not json\n")
    stdout = io.StringIO()

    assert serve_jsonl(stdin, stdout) == 0

    answers = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c", "d", None]
    assert answers[0]["title"].startswith("Egypt's central bank")
    assert answers[1]["error"].startswith("empty_document:")
    assert "cannot read" in answers[2]["error"]
    assert answers[3]["url"] == "https://nilebusiness.example/b"
    assert "bad request line" in answers[4]["error"]


def test_main_prints_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(TEXT_PAGE)]) == 0
    assert json.loads(capsys.readouterr().out)["author"] == ["Jane Doe"]


def test_main_reports_permanent_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n0000")
    assert main([str(path)]) == 1
    assert "binary file (PNG image)" in capsys.readouterr().err


def test_module_runs_as_a_jsonl_server() -> None:
    request = json.dumps({"id": "1", "path": str(TEXT_PAGE), "url": None}) + "\n"
    done = subprocess.run([sys.executable, "-m", "articles_tools.parsing_cli"], input=request, capture_output=True,
                          text=True, timeout=120, check=True)
    answer = json.loads(done.stdout)
    assert answer["id"] == "1"
    assert answer["published_source"] == "page-header"
