#!/usr/bin/env python3
"""Step 1 of the content-model recipe: every page's blocks, features and labels.

For each page: the package's own HTML loading and trafilatura pass (``htmlfmt``), the
blocks and feature rows of ``articles.parsing.blocks``, and per block the share of its word
3-grams found in the gold main text (the label). Written to one pickle (not kept in the
repository).

    .venv/bin/python training/extract/build.py --shard 0/2 --out build/extract/blocks0.pkl &
    .venv/bin/python training/extract/build.py --shard 1/2 --out build/extract/blocks1.pkl

Pages are visited in a fixed pseudo-random order and streamed to ``*.stream`` as they are
done, so a run stopped early still leaves a random sample of the pages.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import add_package_path, pages

add_package_path()

from articles.parsing import blocks as B  # noqa: E402
from articles.parsing.decode import decode_bytes  # noqa: E402
from articles.parsing.htmlfmt import extract_candidates  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="build/extract/blocks.pkl")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--shard", default="0/1", help="k/n: only every n-th page, starting at k")
    args = parser.parse_args()
    rows = []
    start = time.time()
    k, of = (int(v) for v in args.shard.split("/"))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stream = out.with_suffix(".stream")
    handle = stream.open("wb")  # one pickled page after another: a stopped run keeps its pages
    ordered = sorted(pages(), key=lambda p: hashlib.sha256(f"{p.dataset}/{p.id}".encode()).hexdigest())
    for n, page in enumerate(ordered):
        if args.limit and n >= args.limit:
            break
        if n % of != k:
            continue
        try:
            text = decode_bytes(page.read())
            cand = extract_candidates(text, page.url or None)
        except Exception as error:  # a page our parser refuses is simply not a training page
            print(f"skip {page.dataset}/{page.id}: {error}", file=sys.stderr)
            continue
        if cand is None or not cand.blocks:
            continue
        gold = B.reference_grams(page.gold)
        labels = [B.overlap(B.tokens(b.text), gold) for b in cand.blocks]
        rows.append(row := {
            "dataset": page.dataset, "id": page.id, "held_out": page.held_out, "type": page.page_type,
            "X": cand.rows, "y": labels, "words": [b.words for b in cand.blocks],
            "texts": [b.text for b in cand.blocks], "title": cand.title, "gold": page.gold, "path": str(page.path),
            "url": page.url,
            "doc": None if cand.doc is None else {
                "title": cand.doc.title, "date": cand.doc.date, "author": cand.doc.author, "text": cand.doc.text,
            },
        })
        pickle.dump(row, handle)
        handle.flush()
        if n % 100 == 0:
            print(f"{n} pages, {time.time() - start:.0f}s", file=sys.stderr, flush=True)
    handle.close()
    with out.open("wb") as whole:
        pickle.dump({"features": B.FEATURE_NAMES, "pages": rows}, whole)
    print(f"{len(rows)} pages -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
