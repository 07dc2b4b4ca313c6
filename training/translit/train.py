"""Learn the Arabic->Latin segment table of :mod:`articles.entities.translit`.

    .venv/bin/python training/translit/train.py            # writes shared/articles/entities/data/translit.json

Data (read from ``../shared/data/translit``, never copied into the project): the TRAIN
files only, ``google_train.tsv`` (google/transliteration, Apache-2.0) and
``wikidata_train.tsv`` (Wikidata person-name labels via steveash/NETransliteration-COLING2018,
CC0 1.0). ``pairs_dev.jsonl`` and the ``*_eval``/``*_dev`` files are never read here.

1. The pairs are split 95/5 by Arabic word (seeded); the 5 % is the threshold set.
2. Soft EM (forward-backward over monotone alignments; each Arabic letter, marked
   initial/medial/final, writes a Latin segment of 0-4 letters), a few iterations; small
   probabilities are pruned. A unigram Latin letter model is the background.
3. Threshold: on the held-out 5 %, every pair is a positive and one look-alike Latin word
   (same first letter, closest by difflib ratio, never a known spelling of that Arabic word)
   is a negative, as the dev pairs are built; the threshold maximising F1 there is stored.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "shared"))

from articles.entities.translit import MAX_SEGMENT, TABLE_PATH, Table, arabic_word, latin_word, symbols  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "translit"
FILES = ("google_train.tsv", "wikidata_train.tsv")


def load() -> list[tuple[str, str]]:
    pairs = []
    for name in FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 2:
                continue
            ar, la = arabic_word(parts[0]), latin_word(parts[1])
            if ar and la and len(ar) <= 15 and len(la) <= 20:
                pairs.append((ar, la))
    return pairs


def em(pairs: list[tuple[str, str]], iterations: int) -> dict[str, dict[str, float]]:
    emit: dict[str, dict[str, float]] = defaultdict(dict)
    uniform = True
    for it in range(iterations):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        total_ll = 0.0
        for ar, la in pairs:
            syms = symbols(ar)
            n, m = len(syms), len(la)

            def p(sym: str, seg: str, uniform: bool = uniform, emit: dict[str, dict[str, float]] = emit) -> float:
                if uniform:
                    return 0.3 ** len(seg) if len(seg) <= MAX_SEGMENT else 0.0
                return emit[sym].get(seg, 0.0)

            alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
            alpha[0][0] = 1.0
            for i in range(1, n + 1):
                sym = syms[i - 1]
                for j in range(m + 1):
                    s = 0.0
                    for k in range(0, min(MAX_SEGMENT, j) + 1):
                        a = alpha[i - 1][j - k]
                        if a:
                            s += a * p(sym, la[j - k : j])
                    alpha[i][j] = s
            z = alpha[n][m]
            if z <= 0:
                continue
            total_ll += math.log(z)
            beta = [[0.0] * (m + 1) for _ in range(n + 1)]
            beta[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                sym = syms[i]
                for j in range(m + 1):
                    s = 0.0
                    for k in range(0, min(MAX_SEGMENT, m - j) + 1):
                        b = beta[i + 1][j + k]
                        if b:
                            q = p(sym, la[j : j + k])
                            if q:
                                s += q * b
                                if alpha[i][j]:
                                    counts[sym][la[j : j + k]] += alpha[i][j] * q * b / z
                    beta[i][j] = s
        emit = defaultdict(dict)
        for sym, c in counts.items():
            tot = sum(c.values())
            kept = {seg: v / tot for seg, v in c.items() if v / tot >= 1e-4 and v >= 0.5}
            norm = sum(kept.values())
            emit[sym] = {seg: v / norm for seg, v in kept.items()}
        uniform = False
        print(f"iteration {it + 1}: log-likelihood {total_ll:.0f}, entries {sum(map(len, emit.values()))}", flush=True)
    return dict(emit)


def letter_model(pairs: list[tuple[str, str]]) -> dict[str, float]:
    c: Counter[str] = Counter()
    for _, la in pairs:
        c.update(la)
        c["$"] += 1
    tot = sum(c.values())
    return {ch: v / tot for ch, v in c.items()}


def negatives(held: list[tuple[str, str]], known: dict[str, set[str]]) -> list[tuple[str, str]]:
    latins = sorted({la for _, la in held})
    by_first: dict[str, list[str]] = defaultdict(list)
    for la in latins:
        by_first[la[0]].append(la)
    out = []
    for ar, la in held:
        pool = [x for x in by_first[la[0]] if x not in known[ar] and abs(len(x) - len(la)) <= 2]
        if not pool:
            continue
        best = max(pool, key=lambda x: difflib.SequenceMatcher(None, x, la).ratio())
        out.append((ar, best))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0, help="train on at most this many pairs (0 = all)")
    ap.add_argument("--out", type=Path, default=TABLE_PATH)
    args = ap.parse_args(argv)
    pairs = load()
    known: dict[str, set[str]] = defaultdict(set)
    for ar, la in pairs:
        known[ar].add(la)
    arabic = sorted(known)
    random.Random(13).shuffle(arabic)
    held_ar = set(arabic[: len(arabic) // 20])
    train = [p for p in pairs if p[0] not in held_ar]
    held = [p for p in pairs if p[0] in held_ar]
    random.Random(7).shuffle(held)
    held = held[:2000]
    if args.limit:
        random.Random(1).shuffle(train)
        train = train[: args.limit]
    print(f"train pairs {len(train)}, threshold pairs {len(held)}", flush=True)
    table = Table(em(train, args.iterations), letter_model(train), 0.0)
    neg = negatives(held, known)
    scored = [(table.score(a, b), True) for a, b in held] + [(table.score(a, b), False) for a, b in neg]
    best = (0.0, 0.0)
    for cut in sorted({round(s, 2) for s, _ in scored if s != float("-inf")}):
        tp = sum(1 for s, y in scored if y and s >= cut)
        fp = sum(1 for s, y in scored if not y and s >= cut)
        fn = sum(1 for s, y in scored if y and s < cut)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[0]:
            best = (f1, cut)
    print(f"threshold {best[1]} (held-out F1 {best[0]:.4f}; {len(held)} positives, {len(neg)} negatives)")
    table.threshold = best[1]
    args.out.write_text(json.dumps(table.to_json(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
