"""Entity tagging: named entities, canonical entities with aliases, roles, salience, quotes.

``from articles.entities import Tagger`` imports neither spaCy nor the tagger's modules
until ``Tagger`` is first used (lazy attribute); ``Tagger.load()`` imports spaCy. Importing
:mod:`articles.entities.names`, :mod:`articles.entities.quotes` or
:mod:`articles.entities.resolve` stays cheap (no spaCy).

:func:`load_tagger` picks the backend (``ENTITY_BACKEND``): ``"local"`` is the shipped spaCy
models, one per language (:class:`~articles.entities.routing.RoutedTagger`), ``"comprehend"`` Amazon Comprehend
(:class:`~articles.entities.comprehend.ComprehendTagger`, with an injected client). Both have
``tag()``, ``spans()`` and ``quotes()``. Every tagger is an entity source (spaCy model or
Comprehend, :mod:`articles.entities.sources`) plus the rule pipeline
(:class:`~articles.entities.tagger.EntityTagger`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from articles.entities.comprehend import ComprehendTagger
    from articles.entities.quotes import Quote
    from articles.entities.resolve import KnownEntity, resolve
    from articles.entities.routing import RoutedTagger
    from articles.entities.tagger import EntityTagger, Tagger

__all__ = ["BACKENDS", "ComprehendTagger", "EntityTagger", "KnownEntity", "Quote", "RoutedTagger", "Tagger",
           "load_tagger", "resolve"]

BACKENDS = ("local", "comprehend")

_LAZY = {
    "Tagger": "articles.entities.tagger",
    "EntityTagger": "articles.entities.tagger",
    "RoutedTagger": "articles.entities.routing",
    "ComprehendTagger": "articles.entities.comprehend",
    "Quote": "articles.entities.quotes",
    "KnownEntity": "articles.entities.resolve",
    "resolve": "articles.entities.resolve",
}


def load_tagger(backend: str, *, comprehend_client: Any | None = None) -> EntityTagger | RoutedTagger:
    """The tagger of ``backend``: ``"local"`` (the shipped model, :meth:`Tagger.load`) or
    ``"comprehend"`` (``comprehend_client`` is a boto3 Comprehend client, required).
    ValueError for another backend or a missing client."""
    name = backend.strip().lower()
    if name == "local":
        from articles.entities.routing import RoutedTagger

        return RoutedTagger.load()
    if name == "comprehend":
        if comprehend_client is None:
            raise ValueError("the comprehend backend needs comprehend_client (a boto3 Comprehend client)")
        from articles.entities.comprehend import ComprehendTagger

        return ComprehendTagger.create(comprehend_client)
    raise ValueError(f"unknown entity backend {backend!r}; known: {', '.join(BACKENDS)}")


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
