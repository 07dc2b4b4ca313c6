"""Pretrain the English NER tok2vec on raw text (``spacy pretrain``, characters objective).

Optional recipe step (docs/ner.md, "Scores", 2026-12-07): the tok2vec of ``config.cfg``
(same architecture, embed attributes and rows: the weights file only fits that tok2vec) learns
to predict the first and last characters of each word from its context
(``spacy.PretrainCharacters.v1``, no vectors), on licence-clean raw English text:

* the words of CoNLL-2003 *train* (``--data``; never valid or test);
* the 99 readable novels of ELTeC-eng (``RAW_SOURCES``; public-domain texts, CC BY 4.0 markup),
  read like the extra corpora of ``corpora.py`` from ``--corpora`` (env ``NER_CORPORA``), a
  checkout or a bare git mirror at the pinned commit;
* the words of the three extra NER corpora of ``corpora.py`` (``--extra``; default all).

Nothing is copied into the project: the text is written to ``OUT/raw.jsonl`` (build tree).
The weights go to ``OUT/weights/model-last.bin`` (and ``model<epoch>.bin``); training then
loads them with ``train.py --set paths.init_tok2vec=OUT/weights/model-last.bin`` (config.cfg's
``[pretraining]`` block names the component; without that block spaCy ignores
``init_tok2vec``). ``--max-minutes`` bounds the wall time: at the limit the run is
interrupted and spaCy saves ``model-last.bin`` with the weights reached so far.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner" / "conll2003"

# Raw-text repositories (SOURCES.md, "Raw text for pretraining"): the files are the TEI novels
# under ``paths[0]`` at the pinned commit.
ELTEC = corpora.Source(
    name="eltec_eng",
    repo="COST-ELTeC/ELTeC-eng",
    commit="3db3b6738a836f0e1b276b6c9703e42f4297f978",
    paths=("level1",),
    fmt="tei",
    labels={},
    licence="texts public domain, TEI markup CC BY 4.0",
)
RAW_SOURCES: tuple[corpora.Source, ...] = (ELTEC,)


def chunks(pieces: Iterable[str], max_words: int = 200) -> Iterator[str]:
    """Pack consecutive text pieces (paragraphs, sentences) into texts of at most
    ``max_words`` whitespace words; a piece longer than that is cut every ``max_words`` words.
    Whitespace is normalised to single spaces; empty pieces are dropped."""
    buf: list[str] = []
    for piece in pieces:
        words = piece.split()
        if not words:
            continue
        if buf and len(buf) + len(words) > max_words:
            yield " ".join(buf)
            buf = []
        while len(words) > max_words:
            yield " ".join(words[:max_words])
            words = words[max_words:]
        buf.extend(words)
        if len(buf) >= max_words:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def tei_paragraphs(xml: str) -> Iterator[str]:
    """The text of each ``<p>`` (and verse ``<l>``) of a TEI document's ``<body>``, notes
    left out, whitespace normalised. Namespaces are ignored."""
    root = ET.fromstring(xml)

    def local(tag: object) -> str:
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    def text_of(elem: ET.Element) -> str:
        parts = [elem.text or ""]
        for child in elem:
            if local(child.tag) != "note":
                parts.append(text_of(child))
            parts.append(child.tail or "")
        return "".join(parts)

    for body in (e for e in root.iter() if local(e.tag) == "body"):
        for elem in body.iter():
            if local(elem.tag) in ("p", "l"):
                text = " ".join(text_of(elem).split())
                if text:
                    yield text


def _tree_files(root: Path, src: corpora.Source) -> list[str]:
    base = root / src.repo.replace("/", "+")
    under = src.paths[0]
    if (base / under).is_dir():
        return sorted(str(p.relative_to(base)) for p in (base / under).glob("*.xml"))
    git = corpora._git_dir(base)
    if git is None:
        raise FileNotFoundError(f"{src.repo} not found under {root} (see training/ner/SOURCES.md)")
    out = subprocess.run(
        ["git", "--git-dir", str(git), "ls-tree", "-r", "--name-only", src.commit, under],
        check=True,
        capture_output=True,
        text=True,
    )
    return sorted(p for p in out.stdout.split() if p.endswith(".xml"))


def tei_texts(root: Path, src: corpora.Source, max_words: int) -> Iterator[str]:
    files = _tree_files(root, src)
    read = 0
    for path in files:
        try:
            xml = corpora.read_text(root, src, path)
        except (subprocess.CalledProcessError, OSError, UnicodeDecodeError) as exc:
            print(f"{src.name}: {path} not readable, skipped ({type(exc).__name__})", flush=True)
            continue
        read += 1
        yield from chunks(tei_paragraphs(xml), max_words)
    print(f"{src.name}: {read} of {len(files)} files", flush=True)


def conll_texts(path: Path, max_words: int) -> Iterator[str]:
    """The words of a CoNLL file, sentence by sentence, packed into texts (labels unused)."""
    sents = corpora.parse(path.read_text(encoding="utf-8"), "conll")
    return chunks((" ".join(w for w, _ in s) for s in sents), max_words)


def build_jsonl(groups: dict[str, Iterable[str]], dst: Path, seed: int = 0) -> dict[str, int]:
    """Write every text of ``groups`` (source name -> texts) as ``{"text": ...}`` lines to
    ``dst``, shuffled (fixed seed) so the sources are interleaved; returns words per source."""
    rows: list[str] = []
    words: dict[str, int] = {}
    for name, texts in groups.items():
        n = 0
        for text in texts:
            rows.append(text)
            n += len(text.split())
        words[name] = n
    random.Random(seed).shuffle(rows)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("w", encoding="utf-8") as out:
        for text in rows:
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return words


def write_config(base: Path, dst: Path, raw_text: Path, max_epochs: int) -> None:
    """``base`` (config.cfg, whose [pretraining] block is used) set up for ``spacy pretrain``:
    the raw text, the epoch bound, and the training tokenizer's hyphen rule applied when the
    pipeline is created (training applies it in [initialize], which pretraining never runs)."""
    from spacy.util import load_config

    config = load_config(base, interpolate=False)
    if not config.get("pretraining"):
        raise SystemExit(f"{base} has no [pretraining] block")
    config["paths"]["raw_text"] = str(raw_text)
    config["pretraining"]["max_epochs"] = max_epochs
    config["nlp"]["after_creation"] = {"@callbacks": "articles.keep_hyphenated_words.v1"}
    config.to_disk(dst)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "ner-pretrain")
    ap.add_argument("--config", type=Path, default=HERE / "config.cfg")
    ap.add_argument(
        "--corpora",
        type=Path,
        default=corpora.DEFAULT_ROOT,
        help="where the raw-text and extra corpora's repositories are (env NER_CORPORA)",
    )
    ap.add_argument(
        "--raw",
        default=",".join(s.name for s in RAW_SOURCES),
        help="raw-text sources (comma-separated names, '' for none); default: all",
    )
    ap.add_argument(
        "--extra",
        default=",".join(s.name for s in corpora.SOURCES if s.default),
        help="extra NER corpora whose words are added (names from corpora.py, '' for none)",
    )
    ap.add_argument("--max-words", type=int, default=200, help="words per pretraining text")
    ap.add_argument("--max-epochs", type=int, default=1)
    ap.add_argument("--max-minutes", type=float, default=40.0, help="wall-time bound of spacy pretrain")
    ap.add_argument("--no-build", action="store_true", help="reuse OUT/raw.jsonl")
    args = ap.parse_args(argv)

    raw = args.out / "raw.jsonl"
    if not args.no_build:
        groups: dict[str, Iterable[str]] = {"conll2003_train": conll_texts(args.data / "train.txt", args.max_words)}
        by_name = {s.name: s for s in RAW_SOURCES}
        for name in filter(None, args.raw.split(",")):
            groups[name] = tei_texts(args.corpora, by_name[name], args.max_words)
        extra = {s.name: s for s in corpora.SOURCES}
        for name in filter(None, args.extra.split(",")):
            sents = corpora.sentences(args.corpora, extra[name])
            groups[name] = chunks((" ".join(w for w, _ in s) for s in sents), args.max_words)
        words = build_jsonl(groups, raw)
        for name, n in words.items():
            print(f"raw text {name}: {n:,} words", flush=True)
        print(f"raw text total: {sum(words.values()):,} words -> {raw}", flush=True)

    cfg = args.out / "pretrain.cfg"
    write_config(args.config, cfg, raw, args.max_epochs)
    weights = args.out / "weights"
    cmd = [
        sys.executable, "-m", "spacy", "pretrain", str(cfg), str(weights),
        "--code", str(HERE / "hooks.py"),
    ]  # fmt: skip
    print(" ".join(cmd), flush=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "shared"), env.get("PYTHONPATH", "")]))
    start = time.monotonic()
    # A job started in the background by a non-interactive shell inherits SIGINT ignored, and
    # Python then installs no KeyboardInterrupt handler: restore the default in the child so
    # the SIGINT of the time bound reaches spaCy (which saves model-last.bin on the way out).
    proc = subprocess.Popen(cmd, env=env, preexec_fn=_default_sigint)
    try:
        rc = proc.wait(timeout=args.max_minutes * 60)
    except subprocess.TimeoutExpired:
        print(f"time bound reached ({args.max_minutes} min): interrupting, spaCy saves model-last.bin", flush=True)
        proc.send_signal(signal.SIGINT)
        rc = proc.wait()
    print(f"spacy pretrain: exit {rc}, {(time.monotonic() - start) / 60:.1f} min", flush=True)
    last = weights / "model-last.bin"
    if not last.exists():
        print(f"no {last}", file=sys.stderr)
        return 1
    print(f"weights: {last} (train.py --set paths.init_tok2vec={last})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
