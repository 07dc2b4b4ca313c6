"""The bundled samples `make run` drops into the bucket parse cleanly, and two of them tell
the same story with different spellings of the same names."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles.parsing import parse_document

SAMPLES = Path(__file__).resolve().parents[3] / "tools" / "articles_tools" / "local" / "samples"
ALL_SAMPLES = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def test_samples_cover_text_html_and_json() -> None:
    assert 3 <= len(ALL_SAMPLES) <= 5
    assert {p.suffix for p in ALL_SAMPLES} >= {".txt", ".html", ".json"}


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.name)
def test_sample_parses_into_one_full_article(sample: Path) -> None:
    [article] = parse_document(sample.read_bytes(), filename=sample.name)

    assert article.title
    assert article.published
    assert article.language == "en"
    assert 150 <= article.word_count <= 400
    assert "Read more" not in article.body
    assert "©" not in article.body


def test_two_samples_tell_the_same_story_with_other_spellings() -> None:
    bodies = {p.name: parse_document(p.read_bytes(), filename=p.name)[0].body for p in ALL_SAMPLES}
    text_page = bodies["egypt-libya-salloum-crossing.txt"]
    json_article = bodies["cairo-tripoli-border-trade.json"]

    assert "Shoukry" in text_page and "Shoukri" in json_article
    assert "Al-Baour" in text_page and "El-Baour" in json_article
    assert "Ageela Saleh" in text_page and "Aguila Saleh" in json_article
    assert "Salloum" in text_page and "Salloum" in json_article
