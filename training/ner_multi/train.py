"""Train the Arabic or French NER model (``make train-ner-ar`` / ``make train-ner-fr``).

    .venv/bin/python training/ner_multi/train.py --lang ar [--minutes 18]
    .venv/bin/python training/ner_multi/train.py --lang fr [--minutes 18]

Data is read from ``../shared/data/ner`` (never copied into the project):

* ``ar``: ANERcorp (CAMeL Lab train split) ``anercorp/train.txt`` + AQMAR ``aqmar/aqmar.txt``;
  the last 10 % of ANERcorp train's documents are held out as the checkpoint-selection set.
  ANERcorp ``dev.txt`` is never trained or tuned on: it is the scored dev set. Plus
  ``--augment`` copies of ANERcorp train with its entity mentions swapped (``MentionSwapper``)
  and, only when asked (``--extra panx``; it lowered dev F1), silver WikiANN / PAN-X Arabic.
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
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import spacy.util
from spacy.language import Language
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = Path(os.environ.get("NER_DATA", ROOT.parent / "shared" / "data" / "ner"))  # a worktree: set NER_DATA
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


# Mention-swap augmentation (``--augment N``): N extra copies of the ANERcorp training
# examples in which each entity mention is replaced by another mention of the same type
# from the training documents, PER mentions half the time by a name made of Wikidata
# person-name tokens (CC0; ``../shared/data/translit/wikidata_train.tsv``, Arabic column).
# A proclitic (و/ف, ب/ل/ك) glued to the replaced mention is kept on the new one.
AUGMENT_FILES: dict[str, str] = {"ar": "anercorp/train.txt"}
AUGMENT: dict[str, int] = {"ar": 1, "fr": 0}  # default copies (ar: 1 copy, dev 63.98 -> 65.71)
NAME_TOKENS = DATA.parent / "translit" / "wikidata_train.tsv"
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    out, j = [], 0
    while j < len(tags):
        if tags[j].startswith("B-"):
            label, k = tags[j][2:], j + 1
            while k < len(tags) and tags[k] == "I-" + label:
                k += 1
            out.append((j, k, label))
            j = k
        else:
            j += 1
    return out


def _split_prefix(token: str, bare_firsts: set[str]) -> tuple[str, str]:
    """(proclitic, rest) when ``token`` is a known mention's first word with a proclitic glued on."""
    for p in PROCLITICS:
        rest = token[len(p) :]
        if token.startswith(p) and len(rest) >= 2:
            if rest in bare_firsts:
                return p, rest
            if p.endswith("ل") and rest.startswith("ل") and "ا" + rest in bare_firsts:  # لل = ل + ال
                return p, "ا" + rest
    return "", token


def _glue(prefix: str, token: str) -> str:
    if prefix.endswith("ل") and token.startswith("ال"):
        return prefix + token[1:]
    return prefix + token


class MentionSwapper:
    def __init__(self, docs: list[list[list[tuple[str, str]]]], seed: int = 0) -> None:
        self.rng = random.Random(seed)
        mentions: dict[str, set[tuple[str, ...]]] = {}
        for sentences in docs:
            for rows in sentences:
                words, tags = [w for w, _ in rows], to_iob2([t for _, t in rows])
                for j, k, label in _spans(tags):
                    mentions.setdefault(label, set()).add(tuple(words[j:k]))
        firsts = {m[0] for ms in mentions.values() for m in ms}
        self.pool = {
            label: sorted(m for m in ms if not _split_prefix(m[0], firsts)[0]) for label, ms in mentions.items()
        }
        self.firsts = firsts
        self.names: list[str] = []
        if NAME_TOKENS.exists():
            seen = set()
            for line in NAME_TOKENS.read_text(encoding="utf-8").splitlines():
                ar = line.split("\t")[0].strip()
                if len(ar) >= 2 and re.fullmatch(r"[\u0621-\u064a]+", ar) and ar not in seen:
                    seen.add(ar)
                    self.names.append(ar)

    def new_mention(self, label: str) -> tuple[str, ...]:
        if label == "PER" and self.names and self.rng.random() < 0.5:
            n = self.rng.choices((1, 2, 3), weights=(3, 6, 1))[0]
            return tuple(self.rng.choice(self.names) for _ in range(n))
        return self.rng.choice(self.pool[label])

    def swap(self, rows: list[tuple[str, str]], p: float = 0.8) -> list[tuple[str, str]]:
        words, tags = [w for w, _ in rows], to_iob2([t for _, t in rows])
        out: list[tuple[str, str]] = []
        j = 0
        for s, e, label in _spans(tags):
            out += list(zip(words[j:s], tags[j:s], strict=True))
            if label in self.pool and self.pool[label] and self.rng.random() < p:
                prefix, _ = _split_prefix(words[s], self.firsts)
                new = list(self.new_mention(label))
                new[0] = _glue(prefix, new[0])
                out += [(w, ("B-" if i == 0 else "I-") + label) for i, w in enumerate(new)]
            else:
                out += list(zip(words[s:e], tags[s:e], strict=True))
            j = e
        out += list(zip(words[j:], tags[j:], strict=True))
        return out


# Silver Arabic NER from Wikipedia (``--extra panx``): WikiANN / PAN-X Arabic (Pan et al. 2017,
# the XTREME copy: train, dev, test and extra; PER / ORG / LOC, no MISC), as committed in
# SamiaTouileb/NERDz. Read at training time from a local copy of that repository under
# ``$NER_CORPORA`` (default ``build/ner-corpora``): ``<owner>+<name>/`` holding a work tree or
# a bare git directory (read at the pinned commit with ``git show``). Never copied here.
CORPORA = Path(os.environ.get("NER_CORPORA", ROOT / "build" / "ner-corpora"))
PANX = ("SamiaTouileb/NERDz", "8b80e7ec15f256bb71101907b0af5456f07fb02b", "panx_dataset/ar.tar.gz")
PANX_PARTS = ("train", "dev", "test", "extra")
MISSING = "-"


def _git_dir(base: Path) -> Path | None:
    for cand in (base / "repo" / ".git", base / "repo", base / ".git", base):
        if (cand / "objects").is_dir() and (cand / "HEAD").exists():
            return cand
    return None


def read_blob(repo: str, commit: str, path: str, root: Path | None = None) -> bytes:
    base = (root or CORPORA) / repo.replace("/", "+")
    if (base / path).is_file():
        return (base / path).read_bytes()
    git = _git_dir(base)
    if git is None:
        raise FileNotFoundError(f"{repo} not found under {root or CORPORA} (see training/ner_multi/README.md)")
    out = subprocess.run(["git", "--git-dir", str(git), "show", f"{commit}:{path}"], check=True, capture_output=True)
    return out.stdout


def _has_context(sentence: list[tuple[str, str]], min_words: int = 6, min_context: int = 3) -> bool:
    context = sum(1 for w, t in sentence if t == "O" and re.search(r"[\u0621-\u064a]{2}", w))
    return len(sentence) >= min_words and context >= min_context and sentence[0][0] not in ("تحويل", "***")


def read_panx() -> list[list[tuple[str, str]]]:
    """PAN-X Arabic sentences with some context (at least 6 words, 3 of them untagged Arabic
    words), as (word, tag) rows. Left out: the one-line article titles and name lists (most
    of the corpus: a bare name, often after the redirect marker تحويل, with a disambiguating
    parenthesis), which are names without context."""
    import io
    import tarfile

    repo, commit, path = PANX
    out: list[list[tuple[str, str]]] = []
    with tarfile.open(fileobj=io.BytesIO(read_blob(repo, commit, path)), mode="r:gz") as tar:
        for part in PANX_PARTS:
            member = tar.extractfile(part)
            if member is None:
                continue
            sentence: list[tuple[str, str]] = []
            for line in io.TextIOWrapper(member, encoding="utf-8"):
                word, _, tag = line.rstrip("\n").rpartition("\t")
                if not word:
                    if _has_context(sentence):
                        out.append(sentence)
                    sentence = []
                    continue
                sentence.append((word[3:] if word.startswith("ar:") else word, tag or "O"))
            if _has_context(sentence):
                out.append(sentence)
    return out


def misc_names(docs: list[list[list[tuple[str, str]]]]) -> set[tuple[str, ...]]:
    """Word sequences the training documents label MISC somewhere."""
    out: set[tuple[str, ...]] = set()
    for sentences in docs:
        for rows in sentences:
            words, tags = [w for w, _ in rows], to_iob2([t for _, t in rows])
            out.update(tuple(words[j:k]) for j, k, label in _spans(tags) if label == "MISC")
    return out


def mark_misc_gaps(rows: list[tuple[str, str]], misc: set[tuple[str, ...]], longest: int = 6) -> list[tuple[str, str]]:
    """PAN-X labels no MISC: an O-labelled word sequence that the training data labels MISC
    ("دوري أبطال أوروبا") is marked missing rather than taught as O."""
    tags = [t for _, t in rows]
    i = 0
    while i < len(rows):
        for n in range(min(longest, len(rows) - i), 0, -1):
            if all(t == "O" for t in tags[i : i + n]) and tuple(w for w, _ in rows[i : i + n]) in misc:
                tags[i : i + n] = [MISSING] * n
                i += n - 1
                break
        i += 1
    return [(w, t) for (w, _), t in zip(rows, tags, strict=True)]


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


# Harmonisation of the French training data to the convention of the scored corpus, NewsEye /
# HIPE (#13), only when asked (``--harmonise``: two 35-min runs scored 55.72 and 56.06 on
# NewsEye dev against the shipped model's 57.37, see README.md). Per file, the steps applied to
# each document:
# * ``join``: a word an OCR line break split with "¬" ("An¬ dré") is one word, as the tagger
#   joins it before the model reads the text (``names.join_broken_words``);
# * ``titles``: a person mention takes the title written right before it ("[M. le général
#   Campenon]", "[docteur Schacht]"), as NewsEye does and Europeana does not: the spans the
#   tagger's corpus-convention rule extends (``intl_rules.french_titles_in_spans``).
HARMONISE: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {"europeana_fr/train.txt": ("join", "titles"), "newseye_fr/dev2.txt": ("join",)},
}
Row = tuple[str, str]


def _shared_on_path() -> None:
    if str(ROOT / "shared") not in sys.path:
        sys.path.insert(0, str(ROOT / "shared"))


def join_broken_rows(rows: list[Row]) -> tuple[list[Row], list[int]]:
    """``rows`` (IOB2 tags) with each word split by an OCR line break ("An¬", "dré") joined
    into one row ("André") exactly where the tagger's ``join_broken_words`` joins the text,
    and for each new row the index of its first row in ``rows``. The joined word keeps the
    tag of its first part, or the second part's tag when the first is outside any entity."""
    _shared_on_path()
    from articles.entities.names import join_broken_words

    out: list[Row] = []
    origin: list[int] = []
    for i, (word, tag) in enumerate(rows):
        if out:
            prev_word, prev_tag = out[-1]
            joined, where = join_broken_words(f"{prev_word} {word}")
            if where is not None and joined == prev_word[:-1] + word:
                out[-1] = (joined, prev_tag if prev_tag != "O" else tag)
                continue
        out.append((word, tag))
        origin.append(i)
    return out, origin


def titles_into_persons(rows: list[Row]) -> tuple[list[Row], int]:
    """``rows`` (IOB2 tags) with each person span extended to the left over the title
    written right before it (``intl_rules.french_titles_in_spans``: "M." / "MM ." / "Mme",
    "le" after them, one title noun such as "général" or "docteur"), and the number of
    spans extended."""
    _shared_on_path()
    from articles.entities.intl_rules import french_titles_in_spans
    from articles.entities.types import Span

    words, tags = [w for w, _ in rows], [t for _, t in rows]
    spans = [Span(s, e, label) for s, e, label in _spans(tags)]
    extended = 0
    for old, new in zip(spans, french_titles_in_spans(words, spans), strict=True):
        if new.start != old.start:
            tags[new.start : old.start + 1] = ["B-PER"] + ["I-PER"] * (old.start - new.start)
            extended += 1
    return list(zip(words, tags, strict=True)), extended


def harmonise(
    sentences: list[list[Row]], steps: tuple[str, ...], counts: Counter[str] | None = None
) -> list[list[Row]]:
    """One document's sentences with the ``steps`` of :data:`HARMONISE` applied, tags in
    IOB2 (read over the whole document: Europeana's IO tags run on across its pseudo-sentence
    cuts, "rue Jo . || rbert"). A sentence break that falls inside an entity is removed (such
    a cut, or a title "MM ." that ended a pseudo-sentence before the name): no example splits
    a mention. ``counts`` (if given) adds the rows joined ("join") and spans extended ("titles")."""
    words = [w for sentence in sentences for w, _ in sentence]
    rows = list(zip(words, to_iob2([t for sentence in sentences for _, t in sentence]), strict=True))
    starts: set[int] = set()
    at = 0
    for sentence in sentences:
        starts.add(at)
        at += len(sentence)
    if "join" in steps:
        joined, origin = join_broken_rows(rows)
        if counts is not None:
            counts["join"] += len(rows) - len(joined)
        rows, starts = joined, {i for i, o in enumerate(origin) if o in starts}
    if "titles" in steps:
        rows, extended = titles_into_persons(rows)
        if counts is not None:
            counts["titles"] += extended
    out: list[list[Row]] = []
    for i, row in enumerate(rows):
        if not out or (i in starts and not row[1].startswith("I-")):
            out.append([])
        out[-1].append(row)
    return out


def make_nlp(lang: str) -> Language:
    _shared_on_path()
    from articles.entities.sources import blank_pipeline

    return blank_pipeline(lang)


def retokenise(nlp: Language, rows: list[tuple[str, str]]) -> Doc:
    """``rows`` as one Doc of ``nlp``'s tokens; a tag ``-`` marks a word whose label is
    unknown (no loss on it either way)."""
    tags = to_iob2(["O" if t == MISSING else t for _, t in rows])
    gold = Doc(nlp.vocab, words=[w for w, _ in rows], ents=tags)
    doc = nlp.make_doc(gold.text)
    ents = []
    for ent in gold.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_, alignment_mode="expand")
        if span is not None and (not ents or span.start >= ents[-1].end):
            ents.append(span)
    missing = []
    for i, (_, tag) in enumerate(rows):
        if tag == MISSING:
            span = doc.char_span(gold[i].idx, gold[i].idx + len(gold[i]), alignment_mode="expand")
            if span is not None and not any(e.start < span.end and span.start < e.end for e in ents):
                missing.append(span)
    if missing:
        missing = spacy.util.filter_spans(missing)
        doc.set_ents(ents, missing=missing, default="outside")
    else:
        doc.ents = ents
    return doc


def build(
    lang: str, out: Path, augment: int = 0, extra: tuple[str, ...] = (), harmonised: bool = False
) -> tuple[int, int]:
    """Write the training and selection examples of ``lang`` to ``out`` (``train.spacy``,
    ``dev.spacy``); with ``harmonised``, the documents of each file first get its
    :data:`HARMONISE` steps (selection documents too: the model is scored on what the tagger
    shows it). Returns the numbers of training and selection examples."""
    files, held = SOURCES[lang]
    max_words, repeat = EXAMPLES[lang]
    nlp = make_nlp(lang)
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    training_docs: list[list[list[tuple[str, str]]]] = []
    for i, name in enumerate(files):
        docs = list(read_conll_sentences(DATA / name))
        steps = HARMONISE.get(lang, {}).get(name, ()) if harmonised else ()
        if steps:
            counts: Counter[str] = Counter()
            docs = [harmonise(sentences, steps, counts) for sentences in docs]
            print(f"{name}: harmonised ({', '.join(steps)}): {dict(counts)}", flush=True)
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
        training_docs += docs
        if augment and AUGMENT_FILES.get(lang) == name:
            swapper = MentionSwapper(docs)
            for _ in range(augment):
                for sentences in docs:
                    for rows in sentence_groups(sentences, max_words or 60):
                        train.add(retokenise(nlp, swapper.swap(rows)))
    if "panx" in extra and lang == "ar":
        misc = misc_names(training_docs)
        sentences = [mark_misc_gaps(rows, misc) for rows in read_panx()]
        for rows in sentence_groups(sentences, max_words or 60):
            train.add(retokenise(nlp, rows))
        print(f"panx: {len(sentences)} sentences, {sum(len(r) for r in sentences)} words", flush=True)
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    return len(train), len(dev)


GAZETTEER = "names.tsv"
MAX_NAME_WORDS = 6


def training_documents(lang: str) -> list[list[tuple[str, str]]]:
    """The (word, tag) rows of each training document of ``lang``, the last file's held-out
    selection documents left out."""
    files, held = SOURCES[lang]
    docs: list[list[tuple[str, str]]] = []
    for i, name in enumerate(files):
        found = list(read_conll(DATA / name))
        if i == len(files) - 1:
            n_held = int(len(found) * held) if isinstance(held, float) else held
            found = found[: len(found) - n_held]
        docs += found
    return docs


def build_gazetteer(lang: str, min_count: int = 2, min_ratio: float = 0.7) -> list[tuple[str, str]]:
    """Entity names the training documents label consistently: (words joined by spaces,
    label) for every word sequence labelled with one type at least ``min_count`` times and
    in at least ``min_ratio`` of all its occurrences in the training text (held-out
    selection documents left out). Shipped beside the model as ``names.tsv``."""
    labelled: Counter[tuple[tuple[str, ...], str]] = Counter()
    docs = training_documents(lang)
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


COMMON_WORDS = "common.txt"


def build_common_words(lang: str, min_lower: int = 3, max_entity_share: float = 0.2) -> list[str]:
    """Ordinary words of a cased language: written in lower case at least ``min_lower``
    times in the training documents (selection documents left out), and inside an entity
    in at most ``max_entity_share`` of their capitalised occurrences ("clôture", "amour",
    not "chambre", "ville"). A one-word span of the model on such a word written with a
    capital (a sentence's or a table line's first word) is dropped. Shipped beside the
    model as ``common.txt``; none for Arabic (no case)."""
    if lang == "ar":
        return []
    sys.path.insert(0, str(HERE.parent / "ner"))
    from common_words import common_words  # the English list's reading, without its forgiveness

    rows = (row for doc in training_documents(lang) for row in doc)
    return common_words(rows, min_lower, max_entity_share, forgive_at=None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=sorted(SOURCES), required=True)
    ap.add_argument("--minutes", type=float, default=18.0, help="time box of the training run")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--extra", default="", help="comma-separated extra corpora (ar: panx)")
    ap.add_argument(
        "--augment",
        type=int,
        default=None,
        help="extra mention-swapped copies of ANERcorp train (default: AUGMENT; ar only)",
    )
    ap.add_argument(
        "--harmonise",
        action="store_true",
        help="apply the HARMONISE steps to the training data first (fr: NewsEye's convention; not kept)",
    )
    ap.add_argument("--gazetteer-only", action="store_true",
                    help="only (re)write the installed model's names.tsv (and common.txt)")
    ap.add_argument("--seed", type=int, default=None, help="spaCy's [system] seed (the configs say 0)")
    ap.add_argument("--config", type=Path, default=None, help="spaCy config (default: LANG.cfg beside this file)")
    ap.add_argument(
        "--vectors",
        type=Path,
        default=None,
        help="static vectors keyed by NORM (a pipeline directory made by vectors.py), used by the tok2vec",
    )
    args = ap.parse_args(argv)
    dest = PACKAGE / f"model_{args.lang}"
    if args.gazetteer_only:
        return write_gazetteer(args.lang, dest)
    out = args.out or ROOT / "build" / f"ner_{args.lang}"
    out.mkdir(parents=True, exist_ok=True)
    extra = tuple(x for x in args.extra.split(",") if x)
    augment = AUGMENT.get(args.lang, 0) if args.augment is None else args.augment
    n_train, n_dev = build(args.lang, out, augment, extra, harmonised=args.harmonise)
    print(f"{args.lang}: train docs {n_train}, selection docs {n_dev}", flush=True)
    cmd = [
        sys.executable, "-m", "spacy", "train", str(args.config or HERE / f"{args.lang}.cfg"),
        "--code", str(HERE / "hooks.py"),
        "--output", str(out / "pipeline"),
        "--paths.train", str(out / "train.spacy"),
        "--paths.dev", str(out / "dev.spacy"),
    ]  # fmt: skip
    if args.seed is not None:
        cmd += ["--system.seed", str(args.seed)]
    if args.vectors is not None:
        cmd += [
            "--paths.vectors", str(args.vectors),
            "--components.tok2vec.model.embed.include_static_vectors", "true",
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
    if args.vectors is not None:
        for saved in (best, out / "pipeline" / "model-last"):
            keep_vectors_attr(saved)
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


def keep_vectors_attr(model: Path, attr: str = "NORM") -> bool:
    """Write the vectors' key attribute into ``model/vocab/vectors.cfg``. spaCy 3.8 saves
    ``attr`` only for floret tables but reads it for every table, so a default table keyed
    by NORM (``vectors.py``) comes back keyed by ORTH unless the file says otherwise.
    True if the model has a vectors table (and the file now names ``attr``)."""
    import json

    from spacy.attrs import IDS

    cfg = model / "vocab" / "vectors.cfg"
    if not cfg.exists() or not (model / "vocab" / "vectors").exists():
        return False
    data = json.loads(cfg.read_text(encoding="utf-8"))
    data["attr"] = IDS[attr]
    cfg.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return True


def write_gazetteer(lang: str, dest: Path) -> int:
    names = build_gazetteer(lang)
    (dest / GAZETTEER).write_text("".join(f"{n}\t{label}\n" for n, label in names), encoding="utf-8")
    print(f"wrote {len(names)} names to {dest / GAZETTEER}")
    common = build_common_words(lang)
    if common:
        (dest / COMMON_WORDS).write_text("".join(f"{w}\n" for w in common), encoding="utf-8")
        print(f"wrote {len(common)} common words to {dest / COMMON_WORDS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
