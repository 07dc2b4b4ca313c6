"""Language-routed tagging: one entity model per language, none for the others.

:class:`RoutedTagger` keeps one :class:`~articles.entities.tagger.Tagger` per language
whose model ships (``model`` for English, ``model_ar``, ``model_fr``), loaded on first use.
Each article is tagged by the model of its language (the parsed article's ``language``,
else detected from the text). A language without a model gets no entities, and
:meth:`RoutedTagger.note` says why; the English model never tags another language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from articles.entities.arabic import is_arabic
from articles.entities.quotes import Quote, find_quotes
from articles.entities.tagger import LANGUAGE_RULES, Tagger, model_dir_of
from articles.models import Entity

LANGUAGES = ("en", "ar", "fr")
_ARABIC_SHARE = 0.3
_SAMPLE = 2000
_CREOLES = {"pcm": "en"}


def arabic_share(text: str) -> float:
    letters = [ch for ch in text[:_SAMPLE] if ch.isalpha()]
    return sum(1 for ch in letters if is_arabic(ch)) / len(letters) if letters else 0.0


def detect(text: str, declared: str | None = None) -> str | None:
    """The language of ``text`` as ISO 639-1: Arabic script decides Arabic at once (short
    briefs are too short for a statistical guess); otherwise the parser's detector
    (:func:`articles.parsing.language.detect_language`, which also checks ``declared``)."""
    if arabic_share(text) >= _ARABIC_SHARE:
        return "ar"
    from articles.parsing.language import detect_language

    found = detect_language(text, declared)
    if found is None and declared is None and any(ch.isalpha() for ch in text):
        return "en"  # too short to tell (a name, a heading): Latin script is read as English
    # py3langid's model labels some plain one-sentence English as Nigerian Pidgin
    return _CREOLES.get(found, found) if found else None


def _base(language: str | None) -> str | None:
    code = language.split("-")[0].lower() if language else None
    return _CREOLES.get(code, code) if code else None


class RoutedTagger:
    """Named entities by the model of each text's language (see the module docstring)."""

    def __init__(self, loaders: dict[str, Callable[[], Tagger]]) -> None:
        self._loaders = dict(loaders)
        self._taggers: dict[str, Tagger] = {}

    @classmethod
    def load(cls, languages: Iterable[str] = LANGUAGES, *, model_dirs: dict[str, Path] | None = None,
             eager: Iterable[str] = ("en",)) -> RoutedTagger:
        """The languages whose model is packaged (or given in ``model_dirs``); ``eager``
        languages are loaded now, the others on their first article."""
        dirs = dict(model_dirs or {})
        loaders: dict[str, Callable[[], Tagger]] = {}
        for lang in languages:
            path = dirs.get(lang)
            if path is None and lang != "en":
                path = model_dir_of(lang)
                if not (path / "meta.json").exists():
                    continue
            loaders[lang] = _loader(lang, path)
        router = cls(loaders)
        for lang in eager:
            if lang in loaders:
                router.tagger(lang)
        return router

    @classmethod
    def of(cls, taggers: dict[str, Tagger]) -> RoutedTagger:
        """A router over taggers already loaded."""
        router = cls({lang: _given(t) for lang, t in taggers.items()})
        router._taggers.update(taggers)
        return router

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._loaders)

    def supports(self, language: str | None) -> bool:
        return _base(language) in self._loaders

    def tagger(self, language: str) -> Tagger:
        if language not in self._taggers:
            self._taggers[language] = self._loaders[language]()
        return self._taggers[language]

    def language_of(self, text: str, language: str | None = None) -> str | None:
        """``language`` when given (a parsed article's), else the detected one."""
        return _base(language) or detect(text)

    def note(self, text: str, language: str | None = None) -> str | None:
        """Why ``text`` gets no entities (no model for its language), else None."""
        lang = self.language_of(text, language)
        if self.supports(lang):
            return None
        shown = lang or "unknown"
        return f"no entity model for language '{shown}' (models: {', '.join(sorted(self._loaders))}): not tagged"

    def tag(self, text: str, *, published: str | None = None, language: str | None = None) -> list[Entity]:
        lang = self.language_of(text, language)
        if not text.strip() or lang is None or not self.supports(lang):
            return []
        return self.tagger(lang).tag(text, published=published)

    def spans(self, text: str, *, language: str | None = None) -> list[tuple[int, int, str]]:
        lang = self.language_of(text, language)
        if not text.strip() or lang is None or not self.supports(lang):
            return []
        return self.tagger(lang).spans(text)

    def quotes(self, text: str, entities: list[Entity]) -> list[Quote]:
        return find_quotes(text, entities)


def _given(tagger: Tagger) -> Callable[[], Tagger]:
    return lambda: tagger


def _loader(language: str, path: Path | None) -> Callable[[], Tagger]:
    def load() -> Tagger:
        return Tagger.load(path, language=language, rules=LANGUAGE_RULES.get(language, frozenset()))

    return load

