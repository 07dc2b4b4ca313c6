"""spaCy registry hooks for the Arabic and French NER configs (``--code hooks.py``).

``articles.arabic_features.v1`` gives the Arabic pipeline clitic-aware token features:
NORM is the normalised token with its proclitics (و/ف, ب/ل/ك, ال) stripped, PREFIX the
proclitics, SUFFIX the last three normalised letters. ``articles.entities`` re-applies the
same getters when it loads the model (lexical attribute getters are not serialised).
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from articles.entities.sources import use_arabic_features
from articles.entities.tokenizer import keep_hyphenated_words
from spacy.language import Language


@spacy.registry.callbacks("articles.arabic_features.v1")
def arabic_features() -> Callable[[Language], Language]:
    def apply(nlp: Language) -> Language:
        return use_arabic_features(keep_hyphenated_words(nlp))

    return apply


@spacy.registry.callbacks("articles.keep_hyphenated_words.v1")
def hyphenated() -> Callable[[Language], Language]:
    return keep_hyphenated_words
