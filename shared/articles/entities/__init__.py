"""Entity tagging: named entities, canonical entities with aliases, roles and salience.

``from articles.entities import Tagger`` imports neither spaCy nor the tagger's modules
until ``Tagger`` is first used (lazy attribute); ``Tagger.load()`` imports spaCy. Importing
:mod:`articles.entities.names` stays cheap (standard library only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from articles.entities.tagger import Tagger

__all__ = ["Tagger"]


def __getattr__(name: str) -> Any:
    if name == "Tagger":
        from articles.entities.tagger import Tagger

        return Tagger
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
