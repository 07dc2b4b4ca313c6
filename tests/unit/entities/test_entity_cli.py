"""The JSON-lines server behind ``eval_ner.py --jsonl-cmd`` and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from articles.entities.tagger import Tagger, default_model_dir
from articles_tools.entities_cli import main, serve_jsonl


class FakeTagger(Tagger):
    """Tags every "Cairo" as LOC; fails on "boom"."""

    def __init__(self) -> None:
        super().__init__(nlp=None, rules=())

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if "boom" in text:
            raise RuntimeError("the model exploded")
        start = text.find("Cairo")
        return [] if start < 0 else [(start, start + 5, "LOC")]


class FlushCounter(io.StringIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def serve(lines: list[str]) -> tuple[list[dict[str, object]], int, int]:
    out = FlushCounter()
    rc = serve_jsonl(io.StringIO("".join(line + "\n" for line in lines)), out, FakeTagger())
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    return answers, rc, out.flushes


def test_answers_one_line_per_request_in_order() -> None:
    answers, rc, flushes = serve(
        [json.dumps({"id": "a", "text": "Sisi met Shoukry in Cairo ."}), json.dumps({"id": "b", "text": "x"})]
    )
    assert rc == 0 and flushes == 2
    assert answers == [
        {"id": "a", "entities": [{"start": 20, "end": 25, "label": "LOC", "text": "Cairo"}]},
        {"id": "b", "entities": []},
    ]


def test_errors_are_answered_and_the_server_goes_on() -> None:
    answers, rc, _ = serve(
        [
            "not json",
            json.dumps(["a", "list"]),
            json.dumps({"id": "no-text"}),
            "",  # blank lines are skipped
            json.dumps({"id": 7, "text": "boom"}),
            json.dumps({"id": "ok", "text": "Cairo"}),
        ]
    )
    assert rc == 0
    assert [a["id"] for a in answers] == [None, None, "no-text", 7, "ok"]
    assert all("error" in a for a in answers[:4])
    assert "exploded" in str(answers[3]["error"])
    assert answers[4] == {"id": "ok", "entities": [{"start": 0, "end": 5, "label": "LOC", "text": "Cairo"}]}


needs_model = pytest.mark.skipif(not (default_model_dir() / "meta.json").exists(), reason="no NER model installed")


@needs_model
@pytest.mark.slow
def test_module_serves_jsonl_with_the_real_model() -> None:
    requests = [
        {"id": "warmup", "text": "John Smith of Acme Corp. flew from Paris to New York on Monday."},
        {"id": "d1", "text": "Egyptian Foreign Minister Sameh Shoukry met Libyan officials in Cairo ."},
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "articles_tools.entities_cli", "--jsonl"],
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["warmup", "d1"]
    found = {(e["text"], e["label"]) for e in answers[1]["entities"]}
    assert {("Sameh Shoukry", "PER"), ("Egyptian", "MISC"), ("Cairo", "LOC")} <= found
    for e in answers[1]["entities"]:
        assert requests[1]["text"][e["start"] : e["end"]] == e["text"]


@needs_model
def test_main_tags_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Egyptian Foreign Minister Sameh Shoukry met Shoukri fans in Cairo.", encoding="utf-8")
    assert main(["--published", "2024-01-01", str(article)]) == 0
    entities = json.loads(capsys.readouterr().out)
    shoukry = next(e for e in entities if e["name"] == "Sameh Shoukry")
    assert shoukry["roles"][0]["title"] == "Foreign Minister"
    assert shoukry["roles"][0]["date"] == "2024-01-01"


@needs_model
def test_main_prints_quotes_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    text = "“We are ready to talk to everyone,” said Egyptian Foreign Minister Sameh Shoukry in Cairo."
    article.write_text(text, encoding="utf-8")
    assert main(["--quotes", str(article)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any(e["name"] == "Sameh Shoukry" for e in out["entities"])
    assert [(q["text"], q["speaker_name"]) for q in out["quotes"]] == [
        ("We are ready to talk to everyone", "Sameh Shoukry")
    ]


def test_main_needs_jsonl_or_files() -> None:
    with pytest.raises(SystemExit):
        main(["--rules", "none", "--model", "/nonexistent"])


def test_the_server_loads_every_packaged_model_before_it_reads_a_line() -> None:
    """Like a function's init: the first Arabic or French text does not wait for its model
    (eval_ner.py times every answer after one warm-up line in English)."""
    from articles.entities.routing import LANGUAGES
    from articles.entities.tagger import model_dir_of

    packaged = [lang for lang in LANGUAGES if lang == "en" or (model_dir_of(lang) / "meta.json").exists()]
    if len(packaged) < 2:
        pytest.skip("only the English model is installed")
    shared = str(Path(__file__).resolve().parents[3] / "shared")
    tools = str(Path(__file__).resolve().parents[3] / "tools")
    program = f"""
import io, json, sys
sys.path[:0] = [{shared!r}, {tools!r}]
from articles_tools.entities_cli import serve_jsonl

class FirstLine(io.StringIO):
    seen = None
    def __iter__(self):
        FirstLine.seen = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("spacy.lang.")
                                and m.count(".") == 2)
        return super().__iter__()

out = io.StringIO()
serve_jsonl(FirstLine(json.dumps({{"id": "1", "text": "Sameh Shoukry met officials in Tripoli."}}) + "\\n"), out)
print(json.dumps(FirstLine.seen))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(packaged) <= set(json.loads(done.stdout.strip().splitlines()[-1]))
