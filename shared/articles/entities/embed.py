"""A token embedding for the spaCy NER models: spaCy's character embedding beside hashed
affix features (``articles.CharAffixEmbed.v1``).

Registered by :func:`articles.entities.sources.register_callbacks`, which imports this
module only then: spaCy has already loaded everything it imports (thinc, ``spacy.ml``), so
a model that names the architecture loads in the Lambda function with no training code.
Not the annotations of ``from __future__``: thinc's config validation reads them.
"""

from typing import cast

from spacy.attrs import intify_attr
from spacy.ml import _character_embed
from spacy.ml.featureextractor import FeatureExtractor
from spacy.ml.staticvectors import StaticVectors
from spacy.tokens import Doc
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d, Ragged

CHAR_AFFIX_EMBED = "articles.CharAffixEmbed.v1"


def char_affix_embed(
    width: int,
    rows: int,
    nM: int,
    nC: int,
    include_static_vectors: bool,
    feature: str = "NORM",
    affixes: list[str] = ["PREFIX", "SUFFIX"],  # noqa: B006 (a config default, never mutated)
    affix_rows: list[int] = [500, 4000],  # noqa: B006
) -> Model[list[Doc], list[Floats2d]]:
    """``spacy.CharacterEmbed.v2`` (``nC`` characters of each word embedded in ``nM``
    dimensions, ``feature`` hashed into ``rows`` rows, the static vectors when
    ``include_static_vectors``) with hashed embeddings of the ``affixes`` attributes
    (``affix_rows`` rows each) concatenated to it, reduced to ``width`` by one Maxout layer,
    as in ``spacy.MultiHashEmbed.v2``. For Arabic the affixes are the clitic-aware PREFIX
    (the stripped proclitics) and SUFFIX (the last three normalised letters) of
    :func:`articles.entities.sources.use_arabic_features`."""
    if len(affixes) != len(affix_rows):
        raise ValueError(f"affixes and affix_rows differ in length: {len(affixes)} vs {len(affix_rows)}")
    attrs = [intify_attr(feature), *(intify_attr(a) for a in affixes)]
    if any(a is None for a in attrs):
        raise ValueError(f"unknown token attribute in {[feature, *affixes]}")
    char_embed: Model[list[Doc], Ragged] = chain(
        _character_embed.CharacterEmbed(nM=nM, nC=nC),
        cast(Model[list[Floats2d], Ragged], list2ragged()),
    )
    # the feature's table as CharacterEmbed seeds it (5), the affix tables as MultiHashEmbed (8, 9, ...)
    tables: list[Model[Ints2d, Floats2d]] = [HashEmbed(nO=width, nV=rows, column=0, seed=5, dropout=0.0)]
    tables += [HashEmbed(nO=width, nV=n, column=i, seed=7 + i, dropout=0.0) for i, n in enumerate(affix_rows, 1)]
    hashed: Model[list[Doc], Ragged] = chain(
        FeatureExtractor(attrs),
        cast(Model[list[Ints2d], Ragged], list2ragged()),
        with_array(concatenate(*tables)),
    )
    parts: list[Model[list[Doc], Ragged]] = [char_embed, hashed]
    if include_static_vectors:
        parts.append(StaticVectors(width, dropout=0.0))
    n_in = nM * nC + width * (len(tables) + include_static_vectors)
    max_out: Model[Ragged, Ragged] = with_array(Maxout(width, n_in, nP=3, normalize=True, dropout=0.0))
    return chain(concatenate(*parts), max_out, ragged2list())
