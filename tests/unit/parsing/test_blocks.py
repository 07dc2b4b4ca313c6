"""Feature rows of the content model (articles.parsing.blocks)."""

from __future__ import annotations

import pytest
from articles.parsing.blocks import FEATURE_NAMES, features, page_blocks
from articles.parsing.contentmodel import content_model
from lxml import html

_PAGE = """<html><body>
<nav><a href="/a">Home</a> <a href="/b">World news</a> <a href="/c">Sport</a></nav>
<article>
<p>The council voted on Tuesday to keep the library open for another five years.</p>
<p>Residents had collected signatures for months before the vote took place.</p>
</article>
<footer><p>Copyright 2026 The Example Gazette, all rights reserved here.</p></footer>
</body></html>"""
_KEPT = ("The council voted on Tuesday to keep the library open for another five years.\n"
         "Residents had collected signatures for months before the vote took place.")


def _rows(traf_text: str | None) -> list[dict[str, float]]:
    blocks = page_blocks(html.fromstring(_PAGE))
    return [dict(zip(FEATURE_NAMES, row, strict=True)) for row in features(blocks, traf_text, None)]


def test_every_block_carries_the_share_of_the_page_trafilatura_kept() -> None:
    blocks = page_blocks(html.fromstring(_PAGE))
    page_words = sum(b.words for b in blocks)
    rows = _rows(_KEPT)
    kept_words = sum(b.words for b in blocks if b.text in _KEPT)
    assert kept_words == 25
    assert all(row["page_traf_share"] == pytest.approx(kept_words / page_words) for row in rows)
    assert len({row["page_log_words"] for row in rows}) == 1
    assert rows[0]["page_log_traf_words"] > 0


def test_the_page_share_weighs_only_the_blocks_trafilatura_kept() -> None:
    rows = _rows(_KEPT)
    kept = [row for row in rows if row["traf"] == 1.0]
    dropped = [row for row in rows if row["traf"] == 0.0]
    assert kept and dropped
    assert all(row["traf_x_page_share"] == pytest.approx(row["page_traf_share"]) for row in kept)
    assert all(row["traf_x_page_share"] == 0.0 for row in dropped)
    assert all(row["traf_x_page_traf_words"] == pytest.approx(row["page_log_traf_words"]) for row in kept)


def test_without_trafilatura_text_the_page_share_is_zero() -> None:
    rows = _rows(None)
    assert all(row["page_traf_share"] == 0.0 and row["page_log_traf_words"] == 0.0 for row in rows)
    assert all(row["page_log_words"] > 0 for row in rows)


def test_the_shipped_model_matches_the_feature_names() -> None:
    model = content_model()
    assert model is not None
    assert len(model.weights) == len(FEATURE_NAMES)
