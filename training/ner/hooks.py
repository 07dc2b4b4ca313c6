"""spaCy registry hooks for the NER training config (``--code training/ner/hooks.py``).

The hook keeps letter-hyphen-letter words ("Al-Sisi", "Abdel-Fateh") as one token, as
CoNLL-2003 does. spaCy's English infix rules split them and a model then tags fragments
of Arabic names. Tokenizer rules are serialised with the model; ``articles.entities``
re-applies the same rule at load time so an older model behaves the same.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from articles.entities.tokenizer import keep_hyphenated_words as _apply
from spacy.language import Language


@spacy.registry.callbacks("articles.keep_hyphenated_words.v1")
def keep_hyphenated_words() -> Callable[[Language], Language]:
    return _apply


# The name-list component (articles.entities.lexicon) that `train.py --lexicon` puts first.
from articles.entities.lexicon import register as _register_lexicon  # noqa: E402

_register_lexicon()
