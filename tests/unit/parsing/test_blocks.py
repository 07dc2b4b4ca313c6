"""Feature rows of the content model (articles.parsing.blocks)."""

from __future__ import annotations

import pytest
from articles.parsing.blocks import FEATURE_NAMES, features, page_blocks
from articles.parsing.contentmodel import ContentModel, content_model
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


_MENU_PAGE = """<html><body>
<ul class="menu"><li><a href="/more">More</a></li><li><a href="/shop">Shop now</a></li></ul>
<h2>Opening hours</h2>
<p>More than forty volunteers keep the reading room open on weekday evenings.</p>
</body></html>"""
_MENU_KEPT = "Opening hours\nMore than forty volunteers keep the reading room open on weekday evenings."


def test_a_short_block_counts_as_kept_only_when_it_is_a_whole_line_of_trafilatura_text() -> None:
    blocks = page_blocks(html.fromstring(_MENU_PAGE))
    rows = {b.text: dict(zip(FEATURE_NAMES, row, strict=True))
            for b, row in zip(blocks, features(blocks, _MENU_KEPT, None), strict=True)}
    assert rows["Opening hours"]["traf"] == 1.0  # a heading trafilatura kept as its own line
    assert rows["More"]["traf"] == 0.5  # a menu item that only starts one of its sentences
    assert rows["Shop now"]["traf"] == 0.0  # not in its text at all
    assert rows["More than forty volunteers keep the reading room open on weekday evenings."]["traf"] == 1.0


def _model(share_cut: float, above: float, below: float) -> ContentModel:
    size = len(FEATURE_NAMES)
    weights = [0.0] * size
    weights[FEATURE_NAMES.index("log_words")] = 1.0
    return ContentModel({"features": list(FEATURE_NAMES), "weights": weights, "mean": [0.0] * size,
                         "scale": [1.0] * size, "threshold": 0.5,
                         "page_threshold": {"share_cut": share_cut, "above": above, "below": below}})


def test_the_keep_threshold_depends_on_the_share_of_the_page_trafilatura_kept() -> None:
    blocks = page_blocks(html.fromstring(_PAGE))
    rows = features(blocks, _KEPT, None)
    share = rows[0][FEATURE_NAMES.index("page_traf_share")]
    assert 0.0 < share < 1.0
    strict_above = _model(share_cut=share, above=0.99, below=0.01)  # this page is at the cut: "above"
    lenient_below = _model(share_cut=share + 0.01, above=0.99, below=0.01)
    assert strict_above.page_threshold(rows) == 0.99
    assert lenient_below.page_threshold(rows) == 0.01
    assert sum(strict_above.keep(rows)) < sum(lenient_below.keep(rows)) == len(rows)


def test_a_model_without_page_thresholds_keeps_its_one_threshold() -> None:
    size = len(FEATURE_NAMES)
    model = ContentModel({"features": list(FEATURE_NAMES), "weights": [0.0] * size, "mean": [0.0] * size,
                          "scale": [1.0] * size, "threshold": 0.45})
    rows = features(page_blocks(html.fromstring(_PAGE)), _KEPT, None)
    assert model.page_threshold(rows) == 0.45
