"""Near-duplicate detection: word shingles and a bottom-k MinHash sketch (pure, no I/O).

A document is the set of its ``SHINGLE``-word shingles (lower-cased words, stop words kept).
The sketch keeps the ``k`` smallest 32-bit hashes of that set; two sketches estimate the
Jaccard similarity of the sets (Broder's bottom-k estimator): among the ``k`` smallest hashes
of the union of both sketches, the share present in both. Short texts (fewer than ``k``
shingles) are kept whole, so their similarity is exact. One hash per shingle, no
permutations: about 1 ms for a typical article. A sketch packs into ``4 * k`` bytes.
"""

from __future__ import annotations

import hashlib
import heapq
import struct
from collections.abc import Iterable, Sequence

from articles.related.text import words

SHINGLE = 3
SKETCH_SIZE = 64


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    toks = words(text)
    if len(toks) < size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def _h32(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "big")


def sketch(items: Iterable[str], k: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The ``k`` smallest distinct hashes of ``items``, ascending."""
    return tuple(heapq.nsmallest(k, {_h32(s) for s in items}))


def sketch_text(text: str, k: int = SKETCH_SIZE) -> tuple[int, ...]:
    return sketch(shingles(text), k)


def similarity(a: Sequence[int], b: Sequence[int], k: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two sketches (0..1)."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = heapq.nsmallest(k, sa | sb)
    both = sum(1 for h in union if h in sa and h in sb)
    return both / len(union)


def pack(sig: Sequence[int]) -> bytes:
    return struct.pack(f">{len(sig)}I", *sig)


def unpack(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f">{len(data) // 4}I", data)
