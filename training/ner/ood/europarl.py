"""A public out-of-domain English NER dev set: the English part of the Europarl NER evaluation
corpus (ixa-ehu/ner-evaluation-corpus-europarl, Agerri et al., LREC 2018): 799 sentences of
European Parliament debates (1999-2000), 702 entities, CoNLL-2003 guidelines and labels.

Dev only (never trained on). The text is not copied into the project: this script reads the
file from a local copy of the repository (``$NER_CORPORA/ixa-ehu+ner-evaluation-corpus-europarl``,
a checkout or a bare mirror, read at the pinned commit) and writes
``build/ner-dev/europarl_en.conll`` with a ``-DOCSTART-`` every 20 sentences (the corpus has
no documents; the scorer shows each document to the tagger as one text)::

    NER_CORPORA=/work/.mirror .venv/bin/python training/ner/ood/europarl.py
    python /work/shared/eval/eval_ner.py --conll build/ner-dev/europarl_en.conll \\
        --jsonl-cmd '.venv/bin/articles tag --jsonl'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import corpora  # noqa: E402  (training/ner/corpora.py)

SOURCE = corpora.Source(
    name="europarl_en",
    repo="ixa-ehu/ner-evaluation-corpus-europarl",
    commit="40e84e215a35c7e46c1b169ad88ab55108a8b0de",
    paths=("en-europarl.test.conll02",),
    fmt="conll",
    labels={"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    licence="Europarl terms of use: no known copyright restrictions (statmt.org/europarl)",
)
PER_DOC = 20


def documents(text: str, per_doc: int = PER_DOC) -> str:
    """The corpus's ``token TAB tag`` sentences with a ``-DOCSTART-`` line every ``per_doc``."""
    sentences = [s.strip() for s in text.strip().split("\n\n") if s.strip()]
    out: list[str] = []
    for i, sentence in enumerate(sentences):
        if i % per_doc == 0:
            out.append("-DOCSTART- O\n")
        out.append(sentence + "\n")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora.DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=HERE.parents[2] / "build" / "ner-dev" / "europarl_en.conll")
    args = ap.parse_args(argv)
    text = corpora.read_text(args.corpora, SOURCE, SOURCE.paths[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(documents(text), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
