"""Extra English NER corpora for ``train.py`` (see ``SOURCES.md``): where they are read from,
how their labels map to CoNLL-2003's PER / ORG / LOC / MISC, and how their text is cleaned.

Nothing here is copied into the project: each corpus is a public GitHub repository pinned
to a commit, read from a local copy of that repository under ``--corpora`` (default
``build/ner-corpora``): ``<root>/<owner>+<name>/`` holding either a work tree (``git clone``)
or a bare git directory (``repo/``, ``repo/.git`` or the directory itself). From a git
directory the file is read at the pinned commit (``git show COMMIT:PATH``); from a work
tree it is read as checked out (``training/ner/get_corpora.sh`` checks out the pinned commit).

None of these corpora annotates CoNLL's MISC (nationalities, events, products...), so a MISC
name in their text is labelled O. Training on that would teach the model that "Iraqi" is not
an entity. :func:`misc_gaps` therefore marks as *missing* (no loss either way) every O-labelled
token run that CoNLL-2003 train labels MISC somewhere (a list built from train only).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gum  # training/ner/gum.py, beside this file

Sentence = list[tuple[str, str]]
MISSING = "?"  # a tag for a word whose annotation is unknown (no loss on it; gum.py)

# where the corpora's repositories are read from (``--corpora`` of train.py and pretrain.py)
DEFAULT_ROOT = Path(os.environ.get("NER_CORPORA", Path(__file__).resolve().parents[2] / "build" / "ner-corpora"))


@dataclass(frozen=True)
class Source:
    name: str
    repo: str  # owner/name on GitHub
    commit: str
    paths: tuple[str, ...]  # a path may hold one "*" (expanded at the pinned commit, sorted)
    fmt: str  # "conll" (token ... tag), "uner" (idx token tag ...; '#' comments) or "gum" (CoNLL-U, gum.py)
    labels: dict[str, str]  # corpus type -> CoNLL type; a type not listed becomes O
    licence: str
    default: bool = True  # in train.py's default --extra (the shipped recipe)


SOURCES: tuple[Source, ...] = (
    Source(
        name="btc",
        repo="mayhewsw/broad_twitter_corpus",
        commit="350e243e8df899a6b6a3cd53f2bc33148327d3eb",
        paths=("a.conll", "b.conll", "e.conll", "f.conll", "g.conll", "h.conll"),
        fmt="conll",
        labels={"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
        licence="CC BY 4.0",
    ),
    Source(
        name="wnut17",
        repo="leondz/emerging_entities_17",
        commit="e52a2d2a71ac1a051ca2d532eef28653c5c02603",
        paths=("wnut17train.conll", "emerging.dev.conll"),
        fmt="conll",
        labels={
            "person": "PER",
            "location": "LOC",
            "corporation": "ORG",
            "group": "ORG",
            "creative-work": "MISC",
            "product": "MISC",
        },
        licence="CC BY 4.0",
    ),
    Source(
        name="uner_ewt",
        repo="UniversalNER/UNER_English-EWT",
        commit="8ed072de2fd24022cc62458997fe96a8fe191ea4",
        paths=("en_ewt-ud-dev.iob2", "en_ewt-ud-test.iob2"),
        fmt="uner",
        labels={"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
        licence="CC BY-SA 4.0",
    ),
    Source(
        name="gum",
        repo="amir-zeldes/gum",
        commit="72ce5ac14978a324c2fd18d49484e65292cbe316",
        # the genres whose text licence allows a model that ships (SOURCES.md): Wikinews news
        # and interviews, Wikivoyage, academic papers, court transcripts; not the Wikipedia
        # biographies (WikiGold is Wikipedia), nor the non-commercial or Reddit genres
        paths=tuple(f"dep/GUM_{genre}_*.conllu" for genre in ("news", "interview", "voyage", "academic", "court")),
        fmt="gum",
        labels={"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
        licence="annotations CC BY 4.0; texts CC BY 2.5 (Wikinews), CC BY-SA 3.0 (Wikivoyage), "
        "CC BY 4.0 (academic, court)",
        default=False,  # experimental: docs/ner.md
    ),
)


def _git_dir(base: Path) -> Path | None:
    for cand in (base / "repo" / ".git", base / "repo", base / ".git", base):
        if (cand / "objects").is_dir() and (cand / "HEAD").exists():
            return cand
    return None


def expand(root: Path, src: Source, path: str) -> list[str]:
    """``path`` itself, or the files its ``*`` matches (in a work tree, else at the commit)."""
    if "*" not in path:
        return [path]
    base = root / src.repo.replace("/", "+")
    folder = path.rpartition("/")[0]
    if folder and (base / folder).is_dir():
        return sorted(str(p.relative_to(base)) for p in base.glob(path))
    git = _git_dir(base)
    if git is None:
        raise FileNotFoundError(f"{src.repo} not found under {root} (see training/ner/SOURCES.md for how to get it)")
    out = subprocess.run(
        ["git", "--git-dir", str(git), "ls-tree", "--name-only", f"{src.commit}:{folder}"],
        check=True,
        capture_output=True,
        text=True,
    )
    names = [f"{folder}/{n}" if folder else n for n in out.stdout.split()]
    return sorted(n for n in names if fnmatch.fnmatchcase(n, path))


def read_text(root: Path, src: Source, path: str) -> str:
    base = root / src.repo.replace("/", "+")
    if (base / path).is_file():
        return (base / path).read_text(encoding="utf-8")
    git = _git_dir(base)
    if git is None:
        raise FileNotFoundError(f"{src.repo} not found under {root} (see training/ner/SOURCES.md for how to get it)")
    out = subprocess.run(
        ["git", "--git-dir", str(git), "show", f"{src.commit}:{path}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def parse(text: str, fmt: str) -> Iterator[Sentence]:
    if fmt == "gum":
        yield from gum.sentences(text)
        return
    sent: Sentence = []
    for line in text.splitlines():
        if fmt == "uner" and line.startswith("#"):
            continue
        parts = line.split("\t") if fmt == "uner" else line.split()
        if not parts or not parts[0].strip():
            if sent:
                yield sent
            sent = []
            continue
        if fmt == "uner":
            sent.append((parts[1], parts[2]))
        else:
            if parts[0] == "-DOCSTART-":
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        yield sent


def map_tag(tag: str, labels: dict[str, str]) -> str:
    if tag == MISSING:
        return tag
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, typ = tag.split("-", 1)
    mapped = labels.get(typ)
    return f"{prefix}-{mapped}" if mapped else "O"


def clean(sent: Sentence) -> Sentence:
    """Drop what news text never has: URLs, @mentions (``@`` and the handle after it, or
    ``@handle``), and the ``#`` of hashtags; a sentence left without words is dropped."""
    out: Sentence = []
    skip_next = False
    for word, tag in sent:
        if skip_next:
            skip_next = False
            continue
        low = word.lower()
        if word == "@":
            skip_next = True
            continue
        if word.startswith("@") or low.startswith(("http:", "https:", "www.")) or low == "rt":
            continue
        if word.startswith("#") and len(word) > 1:
            word = word[1:]
        if not word.strip() or any(ch.isspace() for ch in word):
            continue
        out.append((word, tag))
    return out


def sentences(root: Path, src: Source) -> Iterator[Sentence]:
    for path in (p for pattern in src.paths for p in expand(root, src, pattern)):
        for sent in parse(read_text(root, src, path), src.fmt):
            sent = clean([(w, map_tag(t, src.labels)) for w, t in sent])
            if sent:
                yield sent


def documents(sents: Iterable[Sentence], per_doc: int = 8) -> Iterator[Sentence]:
    """Sentences grouped ``per_doc`` at a time into pseudo-documents (as CoNLL documents,
    sentence breaks are not kept)."""
    doc: Sentence = []
    n = 0
    for sent in sents:
        doc.extend(sent)
        n += 1
        if n == per_doc:
            yield doc
            doc, n = [], 0
    if doc:
        yield doc


def misc_names(conll_docs: Iterable[Sentence]) -> set[tuple[str, ...]]:
    """Token sequences labelled MISC in CoNLL data (IOB1 or IOB2), lower-cased."""
    names: set[tuple[str, ...]] = set()
    for doc in conll_docs:
        cur: list[str] = []
        prev = "O"
        for word, tag in [*doc, ("", "O")]:
            starts = tag == "B-MISC" or (tag == "I-MISC" and prev[2:] != "MISC")
            if cur and (tag[2:] != "MISC" or starts):
                names.add(tuple(cur))
                cur = []
            if tag.endswith("MISC"):
                cur.append(word.lower())
            prev = tag
    return names


def missing_runs(tags: list[str]) -> list[tuple[int, int]]:
    """Token ranges [start, end) tagged :data:`MISSING`."""
    runs: list[tuple[int, int]] = []
    for i, tag in enumerate(tags):
        if tag != MISSING:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def misc_gaps(words: list[str], tags: list[str], names: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Token ranges [start, end) labelled O whose words are a known MISC name (longest first)."""
    low = [w.lower() for w in words]
    longest = max((len(n) for n in names), default=0)
    gaps: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        hit = 0
        if words[i][:1].isupper():
            for size in range(min(longest, len(words) - i), 0, -1):
                if all(t == "O" for t in tags[i : i + size]) and tuple(low[i : i + size]) in names:
                    hit = size
                    break
        if hit:
            gaps.append((i, i + hit))
            i += hit
        else:
            i += 1
    return gaps
