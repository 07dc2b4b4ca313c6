"""spaCy registry hooks for the Arabic and French NER configs (``--code hooks.py``).

``articles.arabic_features.v1`` gives the Arabic pipeline clitic-aware token features:
NORM is the normalised token with its proclitics (و/ف, ب/ل/ك, ال) stripped, PREFIX the
proclitics, SUFFIX the last three normalised letters. The same callbacks are registered by
``articles.entities.sources.register_callbacks`` when the package loads a model (lexical
attribute getters are not serialised).
"""

from __future__ import annotations

from articles.entities.sources import register_callbacks

register_callbacks()
