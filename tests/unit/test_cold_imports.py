"""What each function loads at init (its cold start): the API and the related function build
their handlers without the parser, the language model, spaCy, trafilatura or X-Ray; the tag
function without the parser. Checked in a fresh interpreter, after ``create_handler``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["py3langid", "charset_normalizer", "numpy", "spacy", "trafilatura", "lxml", "pydantic_settings", "aws_xray_sdk", "moto",
         "articles_tools", "articles.parsing.document", "articles.parsing.dates", "articles.entities.tagger",
         # Powertools' batch utility imports every parser model and asyncio (articles.sqs instead)
         "aws_lambda_powertools.utilities.batch", "aws_lambda_powertools.utilities.parser",
         "spacy.cli", "typer", "click", "weasel", "jinja2", "httpx"]
PROGRAM = """
import json, sys
sys.path[:0] = [{shared!r}, {root!r}]
from articles.config import Settings
import functions.{name}.app as app
app.create_handler(Settings(inbox_bucket="i", parsed_bucket="p", articles_table="a", index_table="x",
                            topic_arn="arn:aws:sns:us-east-1:123456789012:t", cursor_secret="s",
                            tracing=False, endpoint_url="http://127.0.0.1:9", region="us-east-1"))
print(json.dumps([m for m in {heavy!r} if m in sys.modules]))
"""


@pytest.mark.parametrize(("name", "allowed"), [
    ("lookup_api", set()),
    ("find_related", set()),
    # the parser module, not the language model (py3langid, numpy) nor trafilatura: both load
    # with the first article that needs them
    ("parse_article", {"articles.parsing.document", "articles.parsing.dates"}),
    # the model loads at init, spaCy's command-line package (typer, click, weasel...) does not
    ("tag_entities", {"spacy", "numpy", "articles.entities.tagger"}),
])
def test_init_loads_only_what_the_function_uses(name: str, allowed: set[str]) -> None:
    program = PROGRAM.format(shared=str(ROOT / "shared"), root=str(ROOT), name=name, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert set(json.loads(out.stdout.strip().splitlines()[-1])) <= allowed


def test_spacy_cli_still_imports_after_the_tagger_loaded() -> None:
    """The placeholders that keep spacy.cli out of the tag function's init leave no trace:
    the tagger tags, and the real spacy.cli (training, the spacy command) imports after it."""
    program = f"""
import sys
sys.path[:0] = [{str(ROOT / "shared")!r}]
from articles.entities.tagger import Tagger
spans = [(e.name, e.type) for e in Tagger.load().tag("Sameh Shoukry met officials in Tripoli on Sunday.")]
assert "spacy.cli" not in sys.modules and "typer" not in sys.modules, "spacy.cli was loaded"
import spacy.cli
assert callable(spacy.cli.setup_cli) and "typer" in sys.modules
print(spans)
"""
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "('Tripoli', 'LOC')" in out.stdout
