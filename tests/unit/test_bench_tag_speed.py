"""bench: the per-language tagging-speed phase (its CoNLL reader and its table)."""

from __future__ import annotations

from pathlib import Path

from bench import run
from bench.corpus import conll_file_texts

CONLL = """-DOCSTART- O

Kais B-PER
Saied I-PER
spoke O
. O

In O
Tunis B-LOC

-DOCSTART- O

وقال O
شكري B-PER

-DOCSTART- O

third O
"""


def test_conll_documents_come_back_as_the_scorer_sends_them(tmp_path: Path) -> None:
    path = tmp_path / "dev.txt"
    path.write_text(CONLL.replace(" B-", "\tB-"), encoding="utf-8")  # tabs or spaces alike
    assert conll_file_texts(path) == ["Kais Saied spoke .\nIn Tunis", "وقال شكري", "third"]
    assert conll_file_texts(path, limit=1) == ["Kais Saied spoke .\nIn Tunis"]
    # no new document once the word budget is reached: 6 words, then 2 more
    assert conll_file_texts(path, max_words=6) == ["Kais Saied spoke .\nIn Tunis"]
    assert conll_file_texts(path, max_words=7) == ["Kais Saied spoke .\nIn Tunis", "وقال شكري"]
    assert conll_file_texts(tmp_path / "absent.txt") == []


def test_the_table_says_which_language_meets_its_target_and_which_was_skipped() -> None:
    speed = {
        "en": {"dataset": "conll2003/valid.txt", "docs": 74, "words": 20_096, "target": 8000,
               "tag_words_per_cpu_s": 7398.4, "spans_words_per_cpu_s": 8018.0},
        "ar": {"dataset": "anercorp/dev.txt", "docs": 20, "words": 12_355, "target": 5000,
               "tag_words_per_cpu_s": 6780.2, "spans_words_per_cpu_s": 7827.0},
        "fr": None,
    }
    rows = {line.split(" | ")[0].lstrip("| "): line for line in run.render_tag_speed(speed).splitlines()
            if line.startswith("| ") and not line.startswith("| language")}
    assert "7,398 (≥ 8,000: **not met**)" in rows["en"] and "8,018" in rows["en"]
    assert "6,780 (≥ 5,000: met)" in rows["ar"]
    assert "skipped" in rows["fr"]


def test_every_language_the_tagger_routes_has_a_speed_set() -> None:
    from articles.entities.routing import LANGUAGES  # the languages with a model

    assert {lang for lang, _, _ in run.TAG_SPEED_SETS} == set(LANGUAGES)
