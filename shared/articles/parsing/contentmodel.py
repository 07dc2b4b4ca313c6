"""The learned content model: logistic regression over ``blocks.features`` rows, weights in
``model/content.json`` (trained by training/extract/train.py on the WCXB dev split and the
Mozilla Readability pages, one site in four held out). Pure Python: no numpy, nothing to
load but a small JSON file."""

from __future__ import annotations

import json
import math
import operator
from functools import lru_cache
from pathlib import Path
from typing import Any

from articles.parsing.blocks import FEATURE_NAMES

_PAGE_SHARE = FEATURE_NAMES.index("page_traf_share")

MODEL_PATH = Path(__file__).resolve().parent / "model" / "content.json"


class ContentModel:
    def __init__(self, spec: dict[str, Any]) -> None:
        names = tuple(spec["features"])
        if names != FEATURE_NAMES:
            raise ValueError("content model features differ from articles.parsing.blocks.FEATURE_NAMES: retrain it")
        self.weights: list[float] = [float(w) for w in spec["weights"]]
        self.mean: list[float] = [float(m) for m in spec["mean"]]
        self.scale: list[float] = [float(s) or 1.0 for s in spec["scale"]]
        self.threshold = float(spec.get("threshold", 0.5))
        # (x - mean) / scale · w  ==  x · (w / scale) - Σ w·mean/scale: one C-level dot product
        self._coef = [w / s for w, s in zip(self.weights, self.scale, strict=True)]
        self._offset = -sum(w * m / s for w, m, s in zip(self.weights, self.mean, self.scale, strict=True))
        self.context_weights: list[float] = [float(w) for w in spec.get("context_weights", [])]
        # a page where trafilatura kept most of the words (an article) keeps blocks at one
        # threshold, the others (listings, shops, threads) at another
        page = spec.get("page_threshold") or {}
        self.share_cut = float(page.get("share_cut", 2.0))
        self.threshold_above = float(page.get("above", self.threshold))
        self.threshold_below = float(page.get("below", self.threshold))

    def _linear(self, row: list[float]) -> float:
        return float(sum(map(operator.mul, row, self._coef))) + self._offset

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """P(block is main content) per row; a second pass adds the neighbours' first-pass
        scores (``context_weights``: bias, own, mean of the two before, of the two after)."""
        first = [_sigmoid(self._linear(row)) for row in rows]
        if not self.context_weights:
            return first
        bias, own, before, after, window = self.context_weights
        out = []
        for i, p in enumerate(first):
            prev = first[max(0, i - 2) : i]
            nxt = first[i + 1 : i + 3]
            win = first[max(0, i - 5) : i + 6]
            z = (bias + own * _logit(p) + before * (sum(prev) / len(prev) if prev else 0.0)
                 + after * (sum(nxt) / len(nxt) if nxt else 0.0) + window * sum(win) / len(win))
            out.append(_sigmoid(z))
        return out

    def page_threshold(self, rows: list[list[float]]) -> float:
        """The keep threshold for one page's rows (by the page's ``page_traf_share``)."""
        if not rows:
            return self.threshold
        return self.threshold_above if rows[0][_PAGE_SHARE] >= self.share_cut else self.threshold_below

    def keep(self, rows: list[list[float]]) -> list[bool]:
        threshold = self.page_threshold(rows)
        return [p >= threshold for p in self.probabilities(rows)]


def _sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@lru_cache(maxsize=1)
def content_model() -> ContentModel | None:
    """The shipped model, or None when the package has none (parsing then keeps trafilatura's text)."""
    if not MODEL_PATH.is_file():
        return None
    return ContentModel(json.loads(MODEL_PATH.read_text("utf-8")))
