"""Static word vectors for the Arabic NER model (#13), keyed by the model's NORM feature.

    PYTHONPATH=shared .venv/bin/python training/ner_multi/vectors.py \
        --gensim-python /tmp/vecenv/bin/python [--out build/vectors_ar] [--rows 40000] [--dims 100]

Three steps, each re-run only when its output is missing:

1. ``corpus.txt``: raw text from the sources below, tokenised by the Arabic pipeline's own
   tokenizer and each token written as its NORM (``articles.entities.arabic.lex_norm``:
   normalised, proclitics و/ف + ب/ل/ك + ال stripped), one paragraph a line. The vectors'
   keys are then exactly the values the model looks them up by (``Vectors.attr = NORM``).
2. ``vectors.txt``: skip-gram word2vec (gensim) over ``corpus.txt``, the ``--rows`` most
   frequent keys kept. gensim is not a dependency of the project: it runs in a separate
   interpreter (``--gensim-python``; ``python3 -m venv /tmp/vecenv && /tmp/vecenv/bin/pip
   install gensim``), which runs this file's ``train`` step and imports nothing else of ours.
3. ``pipeline/``: ``spacy init vectors ar vectors.txt pipeline --attr NORM``, the directory
   ``train.py --vectors`` passes to spaCy as ``[initialize] vectors``. spaCy 3.8 does not
   write a default-mode table's ``attr`` to ``vocab/vectors.cfg`` (only floret tables'),
   though it reads it back: ``train.keep_vectors_attr`` adds it, here and to the trained
   model, or the model would look its vectors up by ORTH once loaded.

Sources (``RAW``): public GitHub repositories pinned to a commit, read from
``$NER_CORPORA`` (default ``build/ner-corpora``) as a checkout or a bare git mirror, like
``train.py``'s ``--extra panx``. Nothing is copied into the project. Plus, with
``--training-text``, the words of the NER training files themselves (ANERcorp train without
its held-out selection documents, AQMAR). ANERcorp ``dev.txt`` and every held-out set are
never read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# (repository, commit, folder, licence, format): Egyptian Arabic Wikipedia, dump of
# 2018-10-20, extracted with wikiextractor (JSON lines), 16k articles.
RAW: list[tuple[str, str, str, str, str]] = [
    (
        "motazsaad/arzWikiExtracts",
        "942cbb8acfcde3f1db753494f4ba55d55a2e17ac",
        "20181020/AA/",
        "CC BY-SA 4.0 (Wikipedia text; LICENSE.txt of the repository)",
        "wikiextractor-json",
    ),
]


def _corpora() -> Path:
    return Path(os.environ.get("NER_CORPORA", ROOT / "build" / "ner-corpora"))


def _git(repo: str) -> Path:
    sys.path.insert(0, str(HERE))
    from train import _git_dir

    base = _corpora() / repo.replace("/", "+")
    git = _git_dir(base)
    if git is None:
        raise FileNotFoundError(f"{repo} not found under {_corpora()} (see training/ner_multi/README.md)")
    return git


def raw_paragraphs() -> Iterator[str]:
    """Paragraphs of the ``RAW`` sources, in a fixed order."""
    for repo, commit, folder, _licence, fmt in RAW:
        git = _git(repo)
        names = subprocess.run(
            ["git", "--git-dir", str(git), "ls-tree", "-r", "--name-only", commit, folder],
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        for name in sorted(names):
            blob = subprocess.run(
                ["git", "--git-dir", str(git), "show", f"{commit}:{name}"], check=True, capture_output=True
            ).stdout.decode("utf-8")
            assert fmt == "wikiextractor-json", fmt
            for line in blob.splitlines():
                if not line.strip():
                    continue
                for para in json.loads(line)["text"].split("\n"):
                    if len(para.split()) >= 4:  # titles and list stubs carry no context
                        yield para


def training_paragraphs() -> Iterator[str]:
    """The words of the NER training files, one sentence a line (``--training-text``):
    the documents ``train.py`` trains on, without the held-out selection documents."""
    sys.path.insert(0, str(HERE))
    from train import DATA, SOURCES, read_conll_sentences

    files, held = SOURCES["ar"]
    for i, name in enumerate(files):
        docs = list(read_conll_sentences(DATA / name))
        if i == len(files) - 1:
            n_held = int(len(docs) * held) if isinstance(held, float) else held
            docs = docs[: len(docs) - n_held]
        for sentences in docs:
            for rows in sentences:
                yield " ".join(w for w, _ in rows)


def panx_paragraphs() -> Iterator[str]:
    """The words of the PAN-X Arabic sentences ``train.py --extra panx`` reads (Arabic
    Wikipedia text, CC BY-SA; only the words are used here, not the silver labels)."""
    sys.path.insert(0, str(HERE))
    from train import read_panx

    for rows in read_panx():
        yield " ".join(w for w, _ in rows)


def write_corpus(path: Path, training_text: bool, panx: bool) -> tuple[int, int]:
    sys.path.insert(0, str(ROOT / "shared"))
    from articles.entities.arabic import lex_norm
    from articles.entities.sources import blank_pipeline

    tokenizer = blank_pipeline("ar").tokenizer
    lines = words = 0
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        sources: list[Iterator[str]] = [raw_paragraphs()]
        if panx:
            sources.append(panx_paragraphs())
        if training_text:
            sources.append(training_paragraphs())
        for source in sources:
            for doc in tokenizer.pipe(source, batch_size=1000):
                keys = [lex_norm(t.text) for t in doc if not t.is_space]
                if keys:
                    out.write(" ".join(keys) + "\n")
                    lines += 1
                    words += len(keys)
    tmp.rename(path)
    return lines, words


def train_vectors(corpus: Path, out: Path, rows: int, dims: int, epochs: int, min_count: int) -> None:
    """Runs in the gensim interpreter: skip-gram word2vec, the ``rows`` most frequent keys kept."""
    import logging

    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
    model = Word2Vec(
        LineSentence(str(corpus)), vector_size=dims, window=5, min_count=min_count, sg=1,
        negative=10, sample=1e-4, epochs=epochs, workers=2, seed=0,
    )  # fmt: skip
    wv = model.wv
    keep = [k for k in wv.index_to_key if " " not in k][:rows]  # index_to_key: most frequent first
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(f"{len(keep)} {dims}\n")
        for key in keep:
            f.write(key + " " + " ".join(f"{x:.5f}" for x in wv[key]) + "\n")
    tmp.rename(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", nargs="?", default="all", choices=["all", "train"])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "vectors_ar")
    ap.add_argument("--gensim-python", default=os.environ.get("GENSIM_PYTHON", "/tmp/vecenv/bin/python"))
    ap.add_argument("--rows", type=int, default=40000)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--training-text", action="store_true", help="add the NER training files' words")
    ap.add_argument("--panx", action="store_true", help="add the words of the PAN-X Arabic sentences")
    args = ap.parse_args(argv)
    corpus, vectors, pipeline = args.out / "corpus.txt", args.out / "vectors.txt", args.out / "pipeline"
    if args.step == "train":
        train_vectors(corpus, vectors, args.rows, args.dims, args.epochs, args.min_count)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    if not corpus.exists():
        lines, words = write_corpus(corpus, args.training_text, args.panx)
        print(f"corpus: {lines} paragraphs, {words} tokens -> {corpus}", flush=True)
    if not vectors.exists():
        subprocess.run(
            [
                args.gensim_python, __file__, "train", "--out", str(args.out), "--rows", str(args.rows),
                "--dims", str(args.dims), "--epochs", str(args.epochs), "--min-count", str(args.min_count),
            ],
            check=True,
        )  # fmt: skip
    if not pipeline.exists():
        subprocess.run(
            [sys.executable, "-m", "spacy", "init", "vectors", "ar", str(vectors), str(pipeline), "--attr", "NORM"],
            check=True,
        )
        sys.path.insert(0, str(HERE))
        from train import keep_vectors_attr

        keep_vectors_attr(pipeline)
    print(f"vectors: {pipeline}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
