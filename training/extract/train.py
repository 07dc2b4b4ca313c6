#!/usr/bin/env python3
"""Step 2 of the content-model recipe: logistic regression on the block rows of build.py.

Stage 1: L2-regularised logistic regression (Newton's method) on the standardised features,
soft labels (the share of a block's word 3-grams in the gold text), each block weighted by
its words over the page's words, so that every page counts alike (the WCXB score is a mean
over pages). Stage 2: a five-weight logistic regression on the stage-1 scores of each block
and its neighbours, fitted on out-of-fold stage-1 scores. The threshold maximises the mean
page word F1 on the training pages. Held-out pages (one site in four, see common.py) are
scored at the end and never used before.

    .venv/bin/python training/extract/train.py --data build/extract/blocks.pkl \
        --out shared/articles/parsing/model/content.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import add_package_path

add_package_path()
from articles.parsing.blocks import BASE_FEATURE_NAMES, FEATURE_NAMES, with_interactions  # noqa: E402
from articles.parsing.htmlfmt import _paragraphs_of  # noqa: E402

WORD = re.compile(r"\w+")


def word_f1(pred: str, gold: str) -> float:
    """The WCXB page metric (lower-cased word bags)."""
    p, g = WORD.findall(pred.lower()), WORD.findall(gold.lower())
    if not g:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    overlap = sum((Counter(p) & Counter(g)).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / len(p), overlap / len(g)
    return 2 * prec * rec / (prec + rec)


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, iters: int = 30) -> np.ndarray:
    beta = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0  # no penalty on the bias column
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -35, 35)))
        grad = x.T @ (w * (p - y)) + reg * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def stack(pages: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for page in pages:
        words = np.asarray(page["words"], dtype=float) + 1.0
        xs.append(np.asarray(page["X"], dtype=float))
        ys.append(np.asarray(page["y"], dtype=float))
        ws.append(words / words.sum())
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def context_rows(p: np.ndarray) -> np.ndarray:
    """Stage-2 inputs per block: bias, own logit, mean of two before, two after, window ±5."""
    n = len(p)
    out = np.zeros((n, 5))
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    for i in range(n):
        prev = p[max(0, i - 2) : i]
        nxt = p[i + 1 : i + 3]
        win = p[max(0, i - 5) : i + 6]
        out[i] = (1.0, np.log(clipped[i] / (1 - clipped[i])), prev.mean() if len(prev) else 0.0,
                  nxt.mean() if len(nxt) else 0.0, win.mean())
    return out


def page_text(page: dict[str, Any], keep: np.ndarray) -> str:
    """The text of the blocks kept; from the printed headline on, as the parser cuts it, when
    the rows know the page's title."""
    text = "\n".join(t for t, k in zip(page["texts"], keep, strict=True) if k)
    if page.get("title") is None:
        return text
    return "\n".join(_paragraphs_of(text, page["title"]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", nargs="+", default=["build/extract/blocks0.stream", "build/extract/blocks1.stream"])
    parser.add_argument("--out", default="shared/articles/parsing/model/content.json")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    all_pages: list[dict[str, Any]] = []
    names: list[str] = []
    for path in args.data:
        with open(path, "rb") as handle:
            if path.endswith(".stream"):  # pages pickled one after another by build.py
                while True:
                    try:
                        all_pages.append(pickle.load(handle))
                    except (EOFError, pickle.UnpicklingError):
                        break
                continue
            data = pickle.load(handle)
        names = list(data["features"])
        all_pages.extend(data["pages"])
    names = names or list(FEATURE_NAMES)
    all_pages.sort(key=lambda p: (p["dataset"], p["id"]))
    for page in all_pages:  # rows built before the interaction features were added
        if page["X"] and len(page["X"][0]) == len(BASE_FEATURE_NAMES):
            page["X"] = [with_interactions(row) for row in page["X"]]
    names = list(FEATURE_NAMES)
    train = [p for p in all_pages if not p["held_out"]]
    held = [p for p in all_pages if p["held_out"]]
    print(f"train pages {len(train)}, held-out pages {len(held)} (never used below until the report)")
    x, y, w = stack(train)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0
    scale[scale == 0] = 1.0

    def std(m: np.ndarray) -> np.ndarray:
        return (m - mean) / scale

    beta = fit_logistic(std(x), y, w, args.l2)
    # out-of-fold stage-1 scores for stage 2
    oof: list[np.ndarray] = []
    for k in range(args.folds):
        fit_pages = [p for i, p in enumerate(train) if i % args.folds != k]
        fx, fy, fw = stack(fit_pages)
        b_k = fit_logistic(std(fx), fy, fw, args.l2)
        for i, p in enumerate(train):
            if i % args.folds == k:
                oof.append((i, 1 / (1 + np.exp(-np.clip(std(np.asarray(p["X"], dtype=float)) @ b_k, -35, 35)))))
    oof.sort(key=lambda t: t[0])
    first = [s for _, s in oof]
    cx = np.vstack([context_rows(s) for s in first])
    gamma = fit_logistic(cx, y, w, 0.1)

    def predict(page: dict[str, Any]) -> np.ndarray:
        s1 = 1 / (1 + np.exp(-np.clip(std(np.asarray(page["X"], dtype=float)) @ beta, -35, 35)))
        return 1 / (1 + np.exp(-np.clip(context_rows(s1) @ gamma, -35, 35)))

    train_probs = [predict(p) for p in train]
    best = (0.0, 0.5)
    for threshold in np.arange(0.2, 0.81, 0.05):
        score = float(np.mean([word_f1(page_text(p, s >= threshold), p["gold"]) for p, s in zip(train, train_probs,
                                                                                                 strict=True)]))
        best = max(best, (score, float(threshold)))
    print(f"train mean page word F1 {best[0]:.4f} at threshold {best[1]:.2f}")
    page_rule = fit_page_threshold(train, train_probs)
    print(f"train mean page word F1 {page_rule['train_f1']:.4f} at threshold {page_rule['above']:.3f} on pages whose "
          f"page_traf_share >= {page_rule['share_cut']:.3f}, {page_rule['below']:.3f} below")
    report(held, predict, page_rule)
    spec = {
        "about": "Content-block classifier (logistic regression, two stages); see training/extract/README.md",
        "features": names, "weights": [round(float(v), 6) for v in beta],
        "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
        "context_weights": [round(float(v), 6) for v in gamma], "threshold": round(best[1], 3),
        "page_threshold": {k: round(page_rule[k], 3) for k in ("share_cut", "above", "below")},
        "trained_on": {"pages": len(train), "held_out_pages": len(held)},
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    top = sorted(zip(names, beta, strict=True), key=lambda t: -abs(t[1]))[:15]
    print("largest weights:", ", ".join(f"{n} {v:+.2f}" for n, v in top))
    print(f"model -> {args.out}")
    return 0


SHARE = FEATURE_NAMES.index("page_traf_share")
PAGE_THRESHOLDS = np.round(np.arange(0.2, 0.751, 0.025), 3)


def fit_page_threshold(train: list[dict[str, Any]], probs: list[np.ndarray]) -> dict[str, float]:
    """Two thresholds, one for the pages where trafilatura kept at least ``share_cut`` of the
    words and one for the others; the cut is one of the deciles of the training pages' shares."""
    f1 = np.array([[word_f1(page_text(p, s >= t), p["gold"]) for t in PAGE_THRESHOLDS]
                   for p, s in zip(train, probs, strict=True)])
    share = np.array([p["X"][0][SHARE] if p["X"] else 0.0 for p in train])
    best = {"train_f1": -1.0}
    for q in np.arange(0.1, 0.91, 0.1):
        cut = float(np.sort(share)[int(q * len(share))])
        above = share >= cut
        hi = f1[above].sum(axis=0)
        lo = f1[~above].sum(axis=0)
        score = (hi.max() + lo.max()) / len(train)
        if score > best["train_f1"]:
            best = {"train_f1": float(score), "share_cut": cut, "above": float(PAGE_THRESHOLDS[hi.argmax()]),
                    "below": float(PAGE_THRESHOLDS[lo.argmax()])}
    return best


def report(held: list[dict[str, Any]], predict: Any, page_rule: dict[str, float]) -> None:
    groups: dict[str, list[tuple[float, float]]] = {}
    for page in held:
        share = page["X"][0][SHARE] if page["X"] else 0.0
        threshold = page_rule["above"] if share >= page_rule["share_cut"] else page_rule["below"]
        ours = word_f1(page_text(page, predict(page) >= threshold), page["gold"])
        doc = page.get("doc") or {}
        traf = word_f1(doc.get("text") or "", page["gold"])
        for key in ("all", f"{page['dataset']}", f"{page['dataset']}:{page['type']}"):
            groups.setdefault(key, []).append((ours, traf))
    print("held-out mean page word F1 (blocks kept; cut at the printed headline and trimmed as the parser does "
          "when the rows hold the page's title):")
    for key in sorted(groups):
        vals = np.asarray(groups[key])
        print(f"  {key:28s} n={len(vals):4d}  model {vals[:, 0].mean():.4f}  trafilatura {vals[:, 1].mean():.4f}")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
