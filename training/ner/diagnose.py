"""Per-type diagnostics of the English tagger on a CoNLL file (for ``docs/ner.md``).

Each document is shown to the tagger as the eval does it (``/work/shared/eval/eval_ner.py``):
its tokens joined by single spaces. Prints, in Markdown:

* a confusion table gold type x predicted type over gold entities: the predicted type of the
  prediction with the *same span* ("-" when none has that span), plus a row of spurious
  predictions (no gold entity with that span);
* the most frequent errors, grouped by (text, gold, predicted), where a boundary error shows
  as the gold text with the overlapping predicted text.

Usage: ``PYTHONPATH=shared .venv/bin/python training/ner/diagnose.py FILE.conll [--model DIR]
[--top 10]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import read_conll, to_iob2

TYPES = ["PER", "ORG", "LOC", "MISC"]


def gold_spans(rows: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The document text (tokens joined by spaces) and its gold (start, end, type) spans."""
    text_parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for word, _ in rows:
        offsets.append((pos, pos + len(word)))
        text_parts.append(word)
        pos += len(word) + 1
    tags = to_iob2([t for _, t in rows])
    spans: list[tuple[int, int, str]] = []
    start = -1
    typ = ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == typ):
            spans.append((offsets[start][0], offsets[i - 1][1], typ))
            start = -1
        if tag.startswith("B-"):
            start, typ = i, tag[2:]
    return " ".join(text_parts), spans


def diagnose(path: Path, tagger: object, top: int) -> str:
    confusion: Counter[tuple[str, str]] = Counter()
    errors: Counter[tuple[str, str, str]] = Counter()
    kinds: Counter[str] = Counter()
    for rows in read_conll(path):
        text, gold = gold_spans(rows)
        pred = tagger.spans(text)  # type: ignore[attr-defined]
        by_span = {(s, e): label for s, e, label in pred}
        gold_keys = {(s, e) for s, e, _ in gold}
        for s, e, typ in gold:
            got = by_span.get((s, e), "-")
            confusion[(typ, got)] += 1
            if got == typ:
                continue
            if got == "-":
                over = [(ps, pe, pl) for ps, pe, pl in pred if ps < e and s < pe]
                got = " / ".join(f"{text[ps:pe]!r} {pl}" for ps, pe, pl in over) or "missed"
                kinds["boundary" if over else "missed"] += 1
            else:
                kinds[f"type {typ}->{got}"] += 1
            errors[(text[s:e], typ, got)] += 1
        for s, e, label in pred:
            if (s, e) not in gold_keys:
                confusion[("spurious", label)] += 1
                if not any(gs < e and s < ge for gs, ge, _ in gold):
                    errors[(text[s:e], "O", label)] += 1
                    kinds["spurious"] += 1
    cols = [*TYPES, "-"]
    lines = ["| gold \\ predicted | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for typ in [*TYPES, "spurious"]:
        lines.append(f"| {typ} | " + " | ".join(str(confusion[(typ, c)]) for c in cols) + " |")
    lines += ["", "Errors by kind (a boundary error counts once, on its gold entity):", ""]
    lines += [f"* {kind}: {n}" for kind, n in kinds.most_common()]
    lines += ["", f"Most frequent errors (top {top}):", "", "| n | text | gold | predicted |", "|---|---|---|---|"]
    for (text, typ, got), n in errors.most_common(top):
        lines.append(f"| {n} | {text} | {typ} | {got} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("conll", type=Path)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args(argv)
    from articles.entities.tagger import Tagger

    print(diagnose(args.conll, Tagger.load(args.model), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
