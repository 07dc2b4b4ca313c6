"""Write ``shared/articles/entities/model/common.txt``: the ordinary English words of
CoNLL-2003 train and valid (the shipped model's training text), for the tagger's filter on
the model's one-word spans (:func:`articles.entities.sources.drop_common_words`).

A word is listed when CoNLL writes it in lower case at least ``--min-lower`` times (3) and
marks at most ``--max-entity-share`` (5 %) of its capitalised occurrences as (part of) an
entity (one such occurrence forgiven a word seen ten times in lower case): "born", "march",
not "sale" (a rugby club) or "bank". The English tagger drops a
one-word span of the model on such a word written with a capital when a lower-case word
follows it: a sentence's first word ("Born in Monastir , ..."), not a table's line ("Sale 3").
Only the word list derives from CoNLL-2003; no CoNLL text is written.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner" / "conll2003"
DEFAULT_OUT = ROOT / "shared" / "articles" / "entities" / "model" / "common.txt"


def read_rows(path: Path) -> list[tuple[str, str]]:
    """(word, NER tag) of every token line of a CoNLL-2003 file (the tag is the last column)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split()
        if cells and cells[0] != "-DOCSTART-":
            rows.append((cells[0], cells[-1]))
    return rows


def common_words(rows: Iterable[tuple[str, str]], min_lower: int = 3, max_entity_share: float = 0.05,
                 forgive_at: int | None = 10) -> list[str]:
    """The ordinary words of ``rows`` (word, NER tag): written in lower case ``min_lower``
    times or more and (part of) an entity in at most ``max_entity_share`` of their capitalised
    occurrences, one such occurrence forgiven a word seen ``forgive_at`` times in lower case
    (None: never). Also the French list's reading (``training/ner_multi/train.py``)."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for word, tag in rows:
        if word.islower():
            lower[word] += 1
        elif word[:1].isupper():
            capital[word.lower()] += 1
            if tag != "O":
                named[word.lower()] += 1
    # "Born", a Dutch town once in CoNLL train, is "born" 18 times
    return sorted(w for w, n in lower.items()
                  if n >= min_lower and w.isalpha()
                  and named[w] <= max_entity_share * capital[w] + (forgive_at is not None and n >= forgive_at))


def write(data: Path, files: Iterable[str], outs: Iterable[Path], min_lower: int = 3,
          max_entity_share: float = 0.05) -> list[str]:
    """``common_words`` of the CoNLL ``files`` under ``data``, one a line, into each of ``outs``."""
    rows = [row for name in files for row in read_rows(data / name)]
    words = common_words(rows, min_lower, max_entity_share)
    text = "".join(f"{w}\n" for w in words)
    for out in outs:
        out.write_text(text, encoding="utf-8")
    return words


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--files", default="train.txt,valid.txt")
    ap.add_argument("--min-lower", type=int, default=3)
    ap.add_argument("--max-entity-share", type=float, default=0.05)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    words = write(args.data, args.files.split(","), [args.out], args.min_lower, args.max_entity_share)
    print(f"wrote {len(words)} common words to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
