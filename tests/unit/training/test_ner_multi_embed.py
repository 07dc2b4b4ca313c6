"""The token embedding ``articles.CharAffixEmbed.v1`` (``articles.entities.embed``): a tiny
Arabic pipeline with it builds, learns from one update, and, saved as the recipe saves a
checkpoint (``train.keep_vectors_attr``), loads back through the shipped loader alone
(``Tagger.load`` in a fresh interpreter, no training code on the path) with the same outputs (#13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from articles.entities.embed import CHAR_AFFIX_EMBED, char_affix_embed  # noqa: E402
from articles.entities.sources import blank_pipeline, register_callbacks  # noqa: E402

from .scripts import load_script  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
TEXT = "قال الرئيس محمد حسني مبارك في القاهرة إن الحكومة وافقت"
ENTITIES = ["O", "O", "B-PER", "I-PER", "L-PER", "O", "U-LOC", "O", "O", "O"]
WIDTH = 16


def _tiny_nlp(include_static_vectors: bool):  # type: ignore[no-untyped-def]
    import numpy
    from spacy.training import Example
    from spacy.vectors import Vectors

    register_callbacks()
    nlp = blank_pipeline("ar")
    if include_static_vectors:
        nlp.vocab.vectors = Vectors(
            strings=nlp.vocab.strings, data=numpy.ones((2, 4), dtype="float32"), keys=["رييس", "قاهره"], attr="NORM"
        )  # NORM keys, as vectors.py writes them
    embed = {
        "@architectures": CHAR_AFFIX_EMBED,
        "width": WIDTH,
        "rows": 50,
        "nM": 8,
        "nC": 4,
        "include_static_vectors": include_static_vectors,
        "feature": "NORM",
        "affixes": ["PREFIX", "SUFFIX"],
        "affix_rows": [10, 40],
    }
    encode = {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": WIDTH,
        "depth": 1,
        "window_size": 1,
        "maxout_pieces": 2,
    }
    nlp.add_pipe("tok2vec", config={"model": {"@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}})
    nlp.add_pipe(
        "ner",
        config={
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "extra_state_tokens": False,
                "hidden_width": 8,
                "maxout_pieces": 2,
                "use_upper": True,
                "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": WIDTH},
            }
        },
    )
    example = Example.from_dict(nlp.make_doc(TEXT), {"entities": ENTITIES})
    nlp.initialize(lambda: [example])
    return nlp, example


@pytest.mark.parametrize("include_static_vectors", [False, True])
def test_a_pipeline_with_the_embedding_trains_and_loads_through_the_shipped_loader(
    tmp_path: Path, include_static_vectors: bool
) -> None:
    import numpy

    nlp, example = _tiny_nlp(include_static_vectors)
    embed = nlp.get_pipe("tok2vec").model.get_ref("embed")
    assert "charembed" in embed.name and embed.name.count("hashembed") == 3  # NORM, PREFIX, SUFFIX
    assert ("static_vectors" in embed.name) == include_static_vectors
    losses = nlp.update([example], sgd=nlp.create_optimizer())
    assert losses["ner"] > 0
    expected = nlp(TEXT).tensor
    assert expected.shape == (len(ENTITIES), WIDTH)
    nlp.to_disk(tmp_path / "model")
    load_script("training/ner_multi/train.py", "ner_multi_train").keep_vectors_attr(tmp_path / "model")
    program = f"""
import json, sys
sys.path[:0] = [{str(ROOT / "shared")!r}]
from articles.entities.tagger import Tagger
nlp = Tagger.load({str(tmp_path / "model")!r}, language="ar").model.nlp
print(json.dumps(nlp({TEXT!r}).tensor.tolist()))
"""
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = numpy.array(json.loads(out.stdout.strip().splitlines()[-1]))
    assert numpy.allclose(loaded, expected, atol=1e-5)


def test_affix_rows_must_match_the_affixes() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        char_affix_embed(WIDTH, 50, 8, 4, False, affixes=["PREFIX", "SUFFIX"], affix_rows=[10])
