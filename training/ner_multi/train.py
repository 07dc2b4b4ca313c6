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
# training examples: (max tokens per example, 0 = whole documents; how many times a file is
# read). Sentence groups of <= 60 tokens; the corpus nearest the scored domain read more than
# once: ANERcorp (news) 3x beside AQMAR (Wikipedia) once (2x: selection F 0.675, dev 63.40;
# 3x: 0.683, 63.98), NewsEye dev2 2x beside Europeana (OCR, IO tags).
EXAMPLES: dict[str, tuple[int, dict[str, int]]] = {
    "ar": (60, {"anercorp/train.txt": 3}),
    "fr": (60, {"newseye_fr/dev2.txt": 2}),
}


def read_conll(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Documents as lists of (token, tag); sentence breaks are dropped."""
    for sentences in read_conll_sentences(path):
        yield [row for sentence in sentences for row in sentence]


def read_conll_sentences(path: Path) -> Iterator[list[list[tuple[str, str]]]]:
    """Documents as lists of sentences, each a list of (token, tag)."""
    doc: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentence:
                doc.append(sentence)
            sentence = []
            continue
        if parts[0] == "-DOCSTART-":
            if sentence:
                doc.append(sentence)
            if doc:
                yield doc
            doc, sentence = [], []
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        doc.append(sentence)
    if doc:
        yield doc


def sentence_groups(sentences: list[list[tuple[str, str]]], max_words: int) -> Iterator[list[tuple[str, str]]]:
    """Consecutive sentences packed into training examples of at most ``max_words`` tokens
    (a longer sentence is one example on its own). Short examples give the from-scratch
    model many more updates per epoch than whole documents do; the entity spans are the
    same, since no entity crosses a sentence break in these corpora."""
    group: list[tuple[str, str]] = []
    for sentence in sentences:
        if group and len(group) + len(sentence) > max_words:
            yield group
            group = []
        group = group + sentence
    if group:
        yield group


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
    max_words, repeat = EXAMPLES[lang]
    nlp = make_nlp(lang)
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for i, name in enumerate(files):
        docs = list(read_conll_sentences(DATA / name))
        if i == len(files) - 1:
            n_held = int(len(docs) * held) if isinstance(held, float) else held
            docs, held_docs = docs[: len(docs) - n_held], docs[len(docs) - n_held :]
            for sentences in held_docs:  # selection: whole documents, as the scorer sends them
                dev.add(retokenise(nlp, [row for sentence in sentences for row in sentence]))
        for _ in range(repeat.get(name, 1)):
            for sentences in docs:
                if max_words:
                    for rows in sentence_groups(sentences, max_words):
                        train.add(retokenise(nlp, rows))
                else:
                    train.add(retokenise(nlp, [row for sentence in sentences for row in sentence]))
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    return len(train), len(dev)


GAZETTEER = "names.tsv"
MAX_NAME_WORDS = 6


def build_gazetteer(lang: str, min_count: int = 2, min_ratio: float = 0.7) -> list[tuple[str, str]]:
    """Entity names the training documents label consistently: (words joined by spaces,
    label) for every word sequence labelled with one type at least ``min_count`` times and
    in at least ``min_ratio`` of all its occurrences in the training text (held-out
    selection documents left out). Shipped beside the model as ``names.tsv``."""
    from collections import Counter

    files, held = SOURCES[lang]
    labelled: Counter[tuple[tuple[str, ...], str]] = Counter()
    docs: list[list[tuple[str, str]]] = []
    for i, name in enumerate(files):
        found = list(read_conll(DATA / name))
        if i == len(files) - 1:
            n_held = int(len(found) * held) if isinstance(held, float) else held
            found = found[: len(found) - n_held]
        docs += found
    for rows in docs:
        tags = to_iob2([t for _, t in rows])
        j = 0
        while j < len(rows):
            if tags[j].startswith("B-"):
                label = tags[j][2:]
                k = j + 1
                while k < len(rows) and tags[k] == "I-" + label:
                    k += 1
                if k - j <= MAX_NAME_WORDS:
                    labelled[(tuple(w for w, _ in rows[j:k]), label)] += 1
                j = k
            else:
                j += 1
    wanted = {words for words, _ in labelled}
    total: Counter[tuple[str, ...]] = Counter()
    for rows in docs:
        words = [w for w, _ in rows]
        for j in range(len(words)):
            for n in range(1, MAX_NAME_WORDS + 1):
                seq = tuple(words[j : j + n])
                if len(seq) == n and seq in wanted:
                    total[seq] += 1
    best: dict[tuple[str, ...], tuple[str, int]] = {}
    for (words, label), count in labelled.items():
        if count > best.get(words, ("", 0))[1]:
            best[words] = (label, count)
    out = []
    for words, (label, count) in best.items():
        consistent = count >= min_count and count / total[words] >= min_ratio
        if consistent and (len(words) > 1 or len(words[0]) >= 3) and any(ch.isalpha() for ch in " ".join(words)):
            out.append((" ".join(words), label))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=sorted(SOURCES), required=True)
    ap.add_argument("--minutes", type=float, default=18.0, help="time box of the training run")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--gazetteer-only", action="store_true", help="only (re)write the installed model's names.tsv")
    args = ap.parse_args(argv)
    dest = PACKAGE / f"model_{args.lang}"
    if args.gazetteer_only:
        return write_gazetteer(args.lang, dest)
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
        readme = (dest / "README.md").read_text(encoding="utf-8") if (dest / "README.md").exists() else None
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(best, dest)
        if readme is not None:
            (dest / "README.md").write_text(readme, encoding="utf-8")
        print(f"installed {best} -> {dest}")
        write_gazetteer(args.lang, dest)
    return 0


def write_gazetteer(lang: str, dest: Path) -> int:
    names = build_gazetteer(lang)
    (dest / GAZETTEER).write_text("".join(f"{n}\t{label}\n" for n, label in names), encoding="utf-8")
    print(f"wrote {len(names)} names to {dest / GAZETTEER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
