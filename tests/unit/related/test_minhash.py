from __future__ import annotations

import random

import pytest
from articles.related import minhash
from articles.related.weights import DEFAULT_TUNING

from .texts import QUILL_1, QUILL_2, QUILL_COPY, STORIES


def long_text(seed: int, n: int = 400) -> str:
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    return " ".join(rnd.choice(vocab) for _ in range(n))


def test_shingles_are_word_triples() -> None:
    assert minhash.shingles("The quake hit Keldam") == {"the quake hit", "quake hit keldam"}
    assert minhash.shingles("Keldam") == {"keldam"}
    assert minhash.shingles("") == set()


def test_identical_texts_are_similar_one_and_unrelated_near_zero() -> None:
    a = minhash.sketch_text(long_text(1))
    assert minhash.similarity(a, minhash.sketch_text(long_text(1))) == 1.0
    assert minhash.similarity(a, minhash.sketch_text(long_text(2))) < 0.05
    assert minhash.similarity(a, ()) == 0.0


def test_similarity_estimates_jaccard() -> None:
    base = long_text(3, 2000).split()
    edited = list(base)
    rnd = random.Random(4)
    for i in rnd.sample(range(len(base)), 60):  # 3% of the words replaced
        edited[i] = "zzz"
    a, b = minhash.shingles(" ".join(base)), minhash.shingles(" ".join(edited))
    exact = len(a & b) / len(a | b)
    est = minhash.similarity(minhash.sketch(a), minhash.sketch(b))
    assert est == pytest.approx(exact, abs=0.12)


def test_short_texts_are_compared_exactly() -> None:
    a = minhash.shingles("one two three four five")
    b = minhash.shingles("one two three four six")
    assert minhash.similarity(minhash.sketch(a), minhash.sketch(b)) == pytest.approx(2 / 4)


def test_pack_round_trip_is_four_bytes_per_hash() -> None:
    sig = minhash.sketch_text(long_text(5))
    data = minhash.pack(sig)
    assert len(data) == 4 * len(sig) == 4 * minhash.SKETCH_SIZE
    assert minhash.unpack(data) == sig


def test_calibrated_threshold_separates_a_republished_copy_from_the_same_story() -> None:
    threshold = DEFAULT_TUNING.near_duplicate
    copy = minhash.similarity(minhash.sketch_text(QUILL_1[1]), minhash.sketch_text(QUILL_COPY[1]))
    same_story = minhash.similarity(minhash.sketch_text(QUILL_1[1]), minhash.sketch_text(QUILL_2[1]))
    assert copy >= threshold > same_story
    others = [minhash.sketch_text(body) for key, (_, body) in STORIES.items() if key != "quill-1"]
    assert all(minhash.similarity(minhash.sketch_text(QUILL_1[1]), o) < 0.2 for o in others)
