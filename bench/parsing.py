"""Parsing speed next to trafilatura's, on the same pages in the same process.

For each page, ``articles.parsing.parse_document`` (our whole HTML parse: trafilatura in
fast mode, page metadata, the content model, dates, title, language) and
``trafilatura.bare_extraction(with_metadata=True)`` with its default settings (what a
caller of trafilatura alone would run) are timed alternately, several rounds, so both see
the same machine load. Pages: our own HTML fixtures, plus up to ``limit`` WCXB dev pages
when ../shared/data/extraction is present (read at run time, never copied).

    .venv/bin/python bench/parsing.py [--limit 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
WCXB = ROOT.parent / "shared" / "data" / "extraction" / "wcxb" / "dev" / "html"


def pages(limit: int) -> list[tuple[str, bytes]]:
    out = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))]
    if WCXB.is_dir():
        files = sorted(WCXB.glob("*.html.gz"))
        step = max(1, len(files) // max(1, limit))
        out += [(p.name, gzip.decompress(p.read_bytes())) for p in files[::step][:limit]]
    return out


def measure(limit: int = 60, rounds: int = 3) -> dict[str, Any]:
    import trafilatura
    from articles.errors import ArticleError
    from articles.parsing import parse_document, warm_up
    from trafilatura.utils import load_html

    warm_up()
    ours: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    sample = pages(limit)
    for round_no in range(rounds):
        for i, (name, data) in enumerate(sample):
            order = (0, 1) if (i + round_no) % 2 == 0 else (1, 0)
            for which in order:
                start = time.perf_counter()
                if which == 0:
                    with contextlib.suppress(ArticleError):
                        parse_document(data, filename=name)
                    ours.setdefault(name, []).append(time.perf_counter() - start)
                else:
                    tree = load_html(data)
                    if tree is not None:
                        trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
                    theirs.setdefault(name, []).append(time.perf_counter() - start)
    per_ours = [min(v) for v in ours.values()]
    per_theirs = [min(theirs[k]) for k in ours]
    return {
        "pages": len(sample),
        "rounds": rounds,
        "parse_ms_mean": 1000 * statistics.mean(per_ours),
        "trafilatura_ms_mean": 1000 * statistics.mean(per_theirs),
        "parse_ms_median": 1000 * statistics.median(per_ours),
        "trafilatura_ms_median": 1000 * statistics.median(per_theirs),
        "ratio": sum(per_ours) / sum(per_theirs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "shared"))
    print(json.dumps(measure(args.limit, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
