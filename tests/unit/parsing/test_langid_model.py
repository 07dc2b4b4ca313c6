"""py3langid's model read from the zip-deflated copy (articles.parsing.langid_model) is the
model read from the wheel's LZMA file: same labels, same scores on every sentence; a copy that
cannot be read falls back to the original."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from articles.parsing.langid_model import FAST_NAME, LZMA_NAME, data_dir, load_identifier, write_fast_copy

from .test_parsing_language import ONE_SENTENCE

TEXTS = [sentence for _, sentence in ONE_SENTENCE] + [
    "… in Tripoli on Sunday. طرابلس", "a", "", "12 345 678", "Sameh Shoukry / سامح شكري / Sameh Choukri",
]


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a folder with only the wheel's LZMA file, one with the copy written beside it)."""
    original = tmp_path_factory.mktemp("lzma-only")
    shutil.copy(data_dir() / LZMA_NAME, original / LZMA_NAME)
    with_copy = tmp_path_factory.mktemp("with-copy")
    shutil.copy(data_dir() / LZMA_NAME, with_copy / LZMA_NAME)
    assert write_fast_copy(with_copy) == with_copy / FAST_NAME
    assert not list(with_copy.glob("*.partial"))
    return original, with_copy


def _scores(identifier: Any) -> list[np.ndarray]:
    return [np.asarray(identifier._decide(text)) for text in TEXTS]


def test_the_copy_gives_the_same_identifier(model_dirs: tuple[Path, Path]) -> None:
    original, with_copy = model_dirs
    assert not (original / FAST_NAME).exists()
    from py3langid.langid import LanguageIdentifier

    stock = LanguageIdentifier.from_model_file(original / LZMA_NAME, norm_probs=False)
    fast = load_identifier(with_copy, norm_probs=False)
    assert fast.nb_classes == stock.nb_classes and len(stock.nb_classes) > 100
    assert all(np.array_equal(a, b) for a, b in zip(_scores(fast), _scores(stock), strict=True))
    assert [fast.classify(text)[0] for text in TEXTS] == [stock.classify(text)[0] for text in TEXTS]
    # without a copy, the original is read
    assert all(np.array_equal(a, b) for a, b in zip(_scores(load_identifier(original, norm_probs=False)),
                                                      _scores(stock), strict=True))


def test_a_copy_that_cannot_be_read_falls_back_to_the_original(model_dirs: tuple[Path, Path], tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    original, _ = model_dirs
    shutil.copy(original / LZMA_NAME, tmp_path / LZMA_NAME)
    (tmp_path / FAST_NAME).write_bytes(b"not a zip file")
    with caplog.at_level(logging.WARNING, logger="articles.parsing.langid_model"):
        identifier = load_identifier(tmp_path, norm_probs=False)
    assert "not usable" in caplog.text
    assert identifier.classify("Le gouvernement tunisien a annoncé dimanche des pourparlers.")[0] == "fr"


def test_an_unknown_model_layout_is_refused_when_writing(tmp_path: Path) -> None:
    import io
    import lzma

    buffer = io.BytesIO()
    np.savez(buffer, ptc=np.zeros(2))
    (tmp_path / LZMA_NAME).write_bytes(lzma.compress(buffer.getvalue()))
    with pytest.raises(ValueError, match="missing"):
        write_fast_copy(tmp_path)
    assert not (tmp_path / FAST_NAME).exists()
