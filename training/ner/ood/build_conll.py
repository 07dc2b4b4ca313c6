"""Turn ``ood_dev.txt`` (our own annotated news sentences, ``[TYPE words]`` markup) into
``ood_dev.conll`` (``token tag`` lines, IOB2, ``-DOCSTART- O`` between documents), the format
``/work/shared/eval/eval_ner.py --conll`` reads. Run: ``python training/ner/ood/build_conll.py``
(or ``... build_conll.py training/ner_multi/ood/fr_news_dev.txt`` for the French set).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTITY = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]]+)\]")
LEAD = '"('
TRAIL = '.,;:!?")'


def words(chunk: str) -> list[str]:
    """Whitespace words with leading quotes/brackets and trailing punctuation split off."""
    out: list[str] = []
    for w in chunk.split():
        head: list[str] = []
        tail: list[str] = []
        while len(w) > 1 and w[0] in LEAD:
            head.append(w[0])
            w = w[1:]
        while len(w) > 1 and w[-1] in TRAIL:
            tail.insert(0, w[-1])
            w = w[:-1]
        out += [*head, w, *tail]
    return out


def sentence(line: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    pos = 0
    for m in ENTITY.finditer(line):
        rows += [(w, "O") for w in words(line[pos : m.start()])]
        ent = m.group(2).split()
        rows += [(w, ("B-" if i == 0 else "I-") + m.group(1)) for i, w in enumerate(ent)]
        pos = m.end()
    rest = line[pos:]
    if "[" in rest or "]" in rest:
        raise ValueError(f"unbalanced markup in: {line}")
    rows += [(w, "O") for w in words(rest)]
    return rows


def convert(text: str) -> str:
    docs: list[list[list[tuple[str, str]]]] = [[]]
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if docs[-1]:
                docs.append([])
            continue
        docs[-1].append(sentence(line))
    out: list[str] = []
    for doc in docs:
        if not doc:
            continue
        out.append("-DOCSTART- O\n")
        for sent in doc:
            out += [f"{w} {t}" for w, t in sent] + [""]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``build_conll.py [SRC [DST]]``: by default this folder's ``ood_dev.txt``; DST defaults
    to SRC with the suffix ``.conll`` (the French set: ``training/ner_multi/ood/fr_news_dev.txt``)."""
    args = sys.argv[1:] if argv is None else argv
    src = Path(args[0]) if args else HERE / "ood_dev.txt"
    dst = Path(args[1]) if len(args) > 1 else src.with_suffix(".conll")
    dst.write_text(convert(src.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {dst}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
