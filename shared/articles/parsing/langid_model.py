"""py3langid's model, loaded without decompressing LZMA in every new process.

The wheel ships the model as ``data/model.npz.xz`` (4.6 MB); reading it means decompressing
68 MB of LZMA, ≈ 0.7 s of CPU paid by the first article that needs language identification
in every new process (a Lambda container: its first batch, on 512 MB's share of a vCPU). The
same arrays saved as a zip-deflated ``data/model.npz`` beside it (7.9 MB) load in ≈ 0.3 s.
That copy is written once, where the package is installed: by the parse function's build
(its Makefile) and by ``make install`` (``python -m articles.parsing.langid_model``).

:func:`load_identifier` reads the copy when it is there and the wheel's own file otherwise
(also when the copy cannot be read, with a warning): the identifier is the same either way.
"""

from __future__ import annotations

import io
import logging
import lzma
import sys
from array import array
from pathlib import Path
from typing import Any, cast

LZMA_NAME = "model.npz.xz"  # py3langid's own (langid.MODEL_FILE)
FAST_NAME = "model.npz"
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}  # unsigned, by item size

log = logging.getLogger(__name__)


def data_dir() -> Path:
    import py3langid

    return Path(py3langid.__file__).resolve().parent / "data"


def write_fast_copy(directory: Path | None = None) -> Path:
    """Write ``FAST_NAME`` beside the LZMA model in ``directory`` (default: the installed
    py3langid's); returns its path. Atomic: a reader never sees half a file."""
    import numpy as np

    directory = directory or data_dir()
    with lzma.open(directory / LZMA_NAME) as fh, np.load(io.BytesIO(fh.read()), allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    missing = set(_ARRAYS) - set(arrays)
    if missing:
        raise ValueError(f"{directory / LZMA_NAME}: not the model layout this reader knows (missing {sorted(missing)})")
    target = directory / FAST_NAME
    partial = directory / (FAST_NAME + ".partial")
    with open(partial, "wb") as out:
        np.savez_compressed(out, **arrays)
    partial.replace(target)
    return target


def _unsigned(values: Any) -> array:  # type: ignore[type-arg]
    """A NumPy unsigned integer array as the stdlib array py3langid's tokenizer walks."""
    import numpy as np

    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(memoryview(cast(Any, np.ascontiguousarray(values))).cast("B"))
    return out


def _from_fast_copy(path: Path, **kwargs: Any) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _unsigned(data["nextmove"]), data["out_feat"].tolist(), **kwargs,
            tk_row=_unsigned(data["nextmove_row"]),
        )


def load_identifier(directory: Path | None = None, **kwargs: Any) -> Any:
    """py3langid's ``LanguageIdentifier`` (``kwargs``: its ``norm_probs``, ...), from the
    fast copy when there is one."""
    from py3langid.langid import LanguageIdentifier

    directory = directory or data_dir()
    fast = directory / FAST_NAME
    if fast.exists():
        try:
            return _from_fast_copy(fast, **kwargs)
        except Exception as exc:  # another py3langid layout: its own loader still works
            log.warning("language model copy %s not usable (%s: %s); reading the LZMA original",
                        fast, type(exc).__name__, exc)
    return LanguageIdentifier.from_model_file(directory / LZMA_NAME, **kwargs)


if __name__ == "__main__":  # python -m articles.parsing.langid_model [DATA_DIR]
    print(write_fast_copy(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
