"""Train the shipped NER model on CoNLL-2003 (``make train-ner``).

The data is read from ``../shared/data/ner/conll2003`` (never copied into the project).
Each CoNLL document becomes one spaCy Doc whose words are the CoNLL tokens joined by single
spaces: the shape ``eval_ner.py`` gives a tagger. The trained pipeline's best checkpoint is
copied to ``shared/articles/entities/model``. The model was trained on CoNLL-2003 (Reuters
RCV1 texts, research licence): the data may not be redistributed, the model may be shipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner" / "conll2003"
MODEL_DIR = ROOT / "shared" / "articles" / "entities" / "model"


def read_conll(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Yield documents as lists of (token, IOB tag); sentence breaks are dropped."""
    doc: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "-DOCSTART-":
            if doc:
                yield doc
            doc = []
            continue
        doc.append((parts[0], parts[-1]))
    if doc:
        yield doc


def to_iob2(tags: list[str]) -> list[str]:
    """Normalise IOB1 or IOB2 tags to IOB2 (every entity starts with B-)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def convert(src: Path, dst: Path) -> int:
    nlp = spacy.blank("en")
    bin_ = DocBin(store_user_data=False)
    n = 0
    for rows in read_conll(src):
        words = [w for w, _ in rows]
        doc = Doc(nlp.vocab, words=words, ents=to_iob2([t for _, t in rows]))
        bin_.add(doc)
        n += 1
    bin_.to_disk(dst)
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "ner")
    ap.add_argument("--train-on", default="train", help="train, or train+valid for the final model")
    ap.add_argument("--max-steps", type=int, default=8000)
    ap.add_argument("--no-install", action="store_true", help="do not copy model-best into the package")
    args = ap.parse_args(argv)

    if not (args.data / "train.txt").exists():
        print(f"CoNLL-2003 not found in {args.data}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    train_docs = 0
    parts = args.train_on.split("+")
    train_bin = DocBin()
    for part in parts:
        tmp = args.out / f"{part}.spacy"
        train_docs += convert(args.data / f"{part}.txt", tmp)
        train_bin.merge(DocBin().from_disk(tmp))
    train_bin.to_disk(args.out / "train_all.spacy")
    dev_docs = convert(args.data / "valid.txt", args.out / "dev.spacy")
    print(f"train docs {train_docs} ({args.train_on}), dev docs {dev_docs}", flush=True)

    cmd = [
        sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
        "--code", str(HERE / "hooks.py"),
        "--output", str(args.out / "pipeline"),
        "--paths.train", str(args.out / "train_all.spacy"),
        "--paths.dev", str(args.out / "dev.spacy"),
        "--training.max_steps", str(args.max_steps),
        "--nlp.batch_size", "64",
    ]
    print(" ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=_env())
    if not args.no_install:
        best = args.out / "pipeline" / "model-best"
        if MODEL_DIR.exists():
            shutil.rmtree(MODEL_DIR)
        shutil.copytree(best, MODEL_DIR)
        print(f"installed {best} -> {MODEL_DIR}")
    return 0


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "shared"), env.get("PYTHONPATH", "")]))
    return env


if __name__ == "__main__":
    raise SystemExit(main())
