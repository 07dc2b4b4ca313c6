"""Train the Arabic or French NER model (``make train-ner-ar`` / ``make train-ner-fr``).

    .venv/bin/python training/ner_multi/train.py --lang ar [--minutes 18]
    .venv/bin/python training/ner_multi/train.py --lang fr [--minutes 18]

Data is read from ``../shared/data/ner`` (never copied into the project):

* ``ar``: ANERcorp (CAMeL Lab train split) ``anercorp/train.txt`` + AQMAR ``aqmar/aqmar.txt``;
  the last 10 % of ANERcorp train's documents are held out as the checkpoint-selection set.
  ANERcorp ``dev.txt`` is never trained or tuned on: it is the scored dev set.
* ``fr``: Europeana French ``europeana_fr/train.txt`` + NewsEye French ``newseye_fr/dev2.txt``;
  the last 5 documents of dev2 are held out for checkpoint selection. NewsEye ``dev.txt``
  is the scored dev set.

Each CoNLL document becomes one spaCy Doc: tokens joined by single spaces (what
``eval_ner.py`` sends a tagger), re-tokenised by the language's tokenizer, gold entities
aligned by character offsets. Training is time-boxed (``--minutes``): spaCy saves the best
checkpoint on the selection set as it goes; when the box ends the run is stopped and that
checkpoint is installed in ``shared/articles/entities/model_<lang>``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT.parent / "shared" / "data" / "ner"
PACKAGE = ROOT / "shared" / "articles" / "entities"

# (train files, number of trailing documents of the LAST file held out for selection)
SOURCES: dict[str, tuple[list[str], int | float]] = {
    "ar": (["aqmar/aqmar.txt", "anercorp/train.txt"], 0.1),
    "fr": (["europeana_fr/train.txt", "newseye_fr/dev2.txt"], 5),
}


def read_conll(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Documents as lists of (token, tag); sentence breaks are dropped."""
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
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def make_nlp(lang: str) -> Language:
    sys.path.insert(0, str(ROOT / "shared"))
    from articles.entities.sources import blank_pipeline

    return blank_pipeline(lang)


def retokenise(nlp: Language, rows: list[tuple[str, str]]) -> Doc:
    gold = Doc(nlp.vocab, words=[w for w, _ in rows], ents=to_iob2([t for _, t in rows]))
    doc = nlp.make_doc(gold.text)
    ents = []
    for ent in gold.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_, alignment_mode="expand")
        if span is not None and (not ents or span.start >= ents[-1].end):
            ents.append(span)
    doc.ents = ents
    return doc


def build(lang: str, out: Path) -> tuple[int, int]:
    files, held = SOURCES[lang]
    nlp = make_nlp(lang)
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for i, name in enumerate(files):
        docs = list(read_conll(DATA / name))
        if i == len(files) - 1:
            n_held = int(len(docs) * held) if isinstance(held, float) else held
            docs, held_docs = docs[: len(docs) - n_held], docs[len(docs) - n_held :]
            for rows in held_docs:
                dev.add(retokenise(nlp, rows))
        for rows in docs:
            train.add(retokenise(nlp, rows))
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    return len(train), len(dev)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=sorted(SOURCES), required=True)
    ap.add_argument("--minutes", type=float, default=18.0, help="time box of the training run")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-install", action="store_true")
    args = ap.parse_args(argv)
    out = args.out or ROOT / "build" / f"ner_{args.lang}"
    out.mkdir(parents=True, exist_ok=True)
    n_train, n_dev = build(args.lang, out)
    print(f"{args.lang}: train docs {n_train}, selection docs {n_dev}", flush=True)
    cmd = [
        sys.executable, "-m", "spacy", "train", str(HERE / f"{args.lang}.cfg"),
        "--code", str(HERE / "hooks.py"),
        "--output", str(out / "pipeline"),
        "--paths.train", str(out / "train.spacy"),
        "--paths.dev", str(out / "dev.spacy"),
    ]  # fmt: skip
    print(" ".join(cmd), flush=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "shared"), env.get("PYTHONPATH", "")]))
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    try:
        proc.wait(timeout=args.minutes * 60)
    except subprocess.TimeoutExpired:
        print(f"time box of {args.minutes} min reached: stopping", flush=True)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    print(f"trained for {(time.monotonic() - started) / 60:.1f} min", flush=True)
    best = out / "pipeline" / "model-best"
    if not (best / "meta.json").exists():
        print("no checkpoint was saved", file=sys.stderr)
        return 1
    if not args.no_install:
        dest = PACKAGE / f"model_{args.lang}"
        readme = (dest / "README.md").read_text(encoding="utf-8") if (dest / "README.md").exists() else None
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(best, dest)
        if readme is not None:
            (dest / "README.md").write_text(readme, encoding="utf-8")
        print(f"installed {best} -> {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
