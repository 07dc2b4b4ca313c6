#!/usr/bin/env python3
"""A data root for eval_extract.py holding only the held-out pages (symbolic links into
../shared/data/extraction): the pages the content model was never trained on.

    .venv/bin/python training/extract/heldout_root.py build/extract/heldout
    python ../shared/eval/eval_extract.py --data-root build/extract/heldout --dataset wcxb,mozilla ...
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, pages


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "build/extract/heldout").resolve()
    counts: dict[str, int] = {}
    for page in pages():
        if not page.held_out:
            continue
        if page.dataset == "wcxb":
            for sub, name in (("html", f"{page.id}.html.gz"), ("ground-truth", f"{page.id}.json")):
                link = root / "wcxb" / "dev" / sub / name
                link.parent.mkdir(parents=True, exist_ok=True)
                if not link.exists():
                    link.symlink_to(DATA / "wcxb" / "dev" / sub / name)
        else:
            link = root / "mozilla_readability" / "test" / "test-pages" / page.id
            link.parent.mkdir(parents=True, exist_ok=True)
            if not link.exists():
                link.symlink_to(DATA / "mozilla_readability" / "test" / "test-pages" / page.id)
        counts[page.dataset] = counts.get(page.dataset, 0) + 1
    print(f"held-out pages under {root}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
