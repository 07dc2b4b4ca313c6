"""Entity sources: where raw entity spans come from (one spaCy model per language).

The rule pipeline (:mod:`articles.entities.rules`) and linking run after a source. A
source is chosen per article by its language; a language with no model gets no spans.
"""

from __future__ import annotations

from typing import Any

from articles.entities import arabic


def use_arabic_features(nlp: Any) -> Any:
    """Give ``nlp``'s vocabulary the clitic-aware lexical features of the Arabic model
    (NORM = normalised stem, PREFIX = proclitics, SUFFIX = last three normalised letters).
    Lexical attribute getters are not serialised with a model, so the same getters are set
    when training (config ``nlp.after_creation``) and when loading. Returns ``nlp``."""
    from spacy.attrs import NORM, PREFIX, SUFFIX

    getters = nlp.vocab.lex_attr_getters
    getters[NORM] = arabic.lex_norm
    getters[PREFIX] = arabic.lex_prefix
    getters[SUFFIX] = arabic.lex_suffix
    return nlp


def blank_pipeline(lang: str) -> Any:
    """An empty spaCy pipeline for ``lang`` with the tokenizer and features our models use
    (training builds its documents with it)."""
    import spacy

    from articles.entities.tokenizer import keep_hyphenated_words

    nlp = keep_hyphenated_words(spacy.blank(lang))
    if lang == "ar":
        use_arabic_features(nlp)
    return nlp


_REGISTERED = False


def register_callbacks() -> None:
    """Register the ``nlp.after_creation`` callbacks the Arabic and French model configs
    name (``articles.arabic_features.v1``, ``articles.keep_hyphenated_words.v1``), so that
    ``spacy.load`` can build them; idempotent."""
    global _REGISTERED
    if _REGISTERED:
        return
    from spacy.util import registry

    from articles.entities.tokenizer import keep_hyphenated_words

    def arabic() -> Any:
        return lambda nlp: use_arabic_features(keep_hyphenated_words(nlp))

    def hyphenated() -> Any:
        return keep_hyphenated_words

    registry.callbacks.register("articles.arabic_features.v1", func=arabic)
    registry.callbacks.register("articles.keep_hyphenated_words.v1", func=hyphenated)
    _REGISTERED = True
