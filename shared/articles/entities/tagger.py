"""The entity tagger: a spaCy NER model (CoNLL-2003 labels) plus rules and linking.

``Tagger.load()`` loads spaCy and the model once (cold start, ≈ 1 s); ``tag()`` and
``spans()`` are then cheap; ``quotes(text, entities)`` reads attributed quotations from the
text and ``tag()``'s entities (:mod:`articles.entities.quotes`, no model).
:class:`~articles.entities.comprehend.ComprehendTagger` is the same with Amazon Comprehend
in place of the model. spaCy is imported inside ``load`` so that importing this package
(or :mod:`articles.entities.names`) stays light.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from articles.entities.link import build_entities
from articles.entities.places import relabel_places
from articles.entities.quotes import Quote, find_quotes
from articles.entities.roles_intl import add_roles
from articles.entities.rules import ALL_RULES, apply_rules
from articles.entities.types import Analysis, Span
from articles.errors import DocumentTooLarge
from articles.models import Entity

PACKAGE_MODEL_DIR = Path(__file__).resolve().parent / "model"
# Development fallback until the trained model is installed in the package.
DEV_MODEL_DIR = Path(__file__).resolve().parents[3] / "build" / "ner" / "pipeline" / "model-best"
MAX_CHARS = 1_000_000
# The rules written for English news; the Arabic and French models run without them.
LANGUAGE_RULES: dict[str, frozenset[str]] = {"en": ALL_RULES, "ar": frozenset(), "fr": frozenset()}


def model_dir_of(language: str) -> Path:
    """The packaged model directory of ``language`` (``model`` for English, ``model_ar``...)."""
    return PACKAGE_MODEL_DIR if language == "en" else PACKAGE_MODEL_DIR.with_name(f"model_{language}")


NAMES_FILE = "names.tsv"


def read_names(path: Path) -> dict[tuple[str, ...], str]:
    """A model's list of names its training data labels consistently (``words TAB label``)."""
    if not path.exists():
        return {}
    out: dict[tuple[str, ...], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, label = line.rpartition("\t")
        if name and label:
            out[tuple(name.split())] = label
    return out


def add_known_names(words: list[str], spans: list[Span], names: dict[tuple[str, ...], str],
                    longest: int) -> list[Span]:
    """``spans`` plus the longest known name at each position the model left untagged."""
    taken = [False] * len(words)
    for span in spans:
        for i in range(span.start, span.end):
            taken[i] = True
    out = list(spans)
    i = 0
    while i < len(words):
        found = 0
        if not taken[i]:
            for n in range(min(longest, len(words) - i), 0, -1):
                if not any(taken[i : i + n]) and tuple(words[i : i + n]) in names:
                    found = n
                    break
        if found:
            out.append(Span(i, i + found, names[tuple(words[i : i + found])]))
            i += found
        else:
            i += 1
    return sorted(out, key=lambda s: s.start)


def _is_place(word: str) -> bool:
    from articles.entities.crossscript import place_name

    return place_name(word) is not None


def trim_proclitics(words: list[str], starts: list[int], spans: list[Span]) -> None:
    """Arabic: an entity's first word loses a proclitic و/ف/ب/ل/ك written before the article
    ("والقاهرة", "بالقاهرة" -> "القاهرة"), or before a known place name ("وليبيا" -> "ليبيا");
    the word's start offset moves past it, so the mention still points into the original
    text, at the name itself."""
    for span in spans:
        i = span.start
        word = words[i]
        cut = 0
        if len(word) > 4 and word[0] in "وف":
            cut = 1
        if len(word) > cut + 4 and word[cut] in "بك" and word[cut + 1 : cut + 3] == "ال":
            cut += 1
        if cut and word[cut : cut + 2] == "ال":
            words[i] = word[cut:]
            starts[i] += cut
        elif len(word) > 3 and word[0] in "وفبل" and _is_place(word[1:]):  # "وليبيا" -> "ليبيا"
            words[i] = word[1:]
            starts[i] += 1


def default_model_dir() -> Path:
    """The packaged model, or the training checkpoint while none is installed."""
    if (PACKAGE_MODEL_DIR / "meta.json").exists() or not (DEV_MODEL_DIR / "meta.json").exists():
        return PACKAGE_MODEL_DIR
    return DEV_MODEL_DIR


def words_of(
    doc: Any, token_spans: Iterable[tuple[int, int, str]]
) -> tuple[list[str], list[int], list[int], list[Span]]:
    """A spaCy ``doc`` without its whitespace tokens ("\\n\\n", a no-break space): words,
    their start and end offsets, and ``token_spans`` (over ``doc``'s tokens) over words."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position: list[int] = []  # token index -> index in words
    for token in doc:
        position.append(len(words))
        if token.is_space:
            continue
        word = token.text
        words.append(word)
        starts.append(token.idx)
        ends.append(token.idx + len(word))
    position.append(len(words))
    spans = [
        Span(position[start], position[end], label)
        for start, end, label in token_spans
        if position[start] < position[end]
    ]
    return words, starts, ends, spans


class Tagger:
    """Named entities of a text: raw spans (``spans``) and canonical entities (``tag``)."""

    def __init__(self, nlp: Any, rules: Collection[str] = ALL_RULES, *, language: str = "en",
                 names: dict[tuple[str, ...], str] | None = None) -> None:
        unknown = set(rules) - ALL_RULES
        if unknown:
            raise ValueError(f"unknown rules {sorted(unknown)}; known: {sorted(ALL_RULES)}")
        self._nlp = nlp
        self.rules: frozenset[str] = frozenset(rules)
        self.language = language
        self.names = names or {}  # word sequence -> label, learned with the model (names.tsv)
        # Arabic and French: persons after a title, later bare family names (intl_rules)
        self.context_rules = True
        self._name_len = max((len(k) for k in self.names), default=0)

    @classmethod
    def load(
        cls, model_dir: Path | None = None, *, rules: Collection[str] | None = None, language: str = "en"
    ) -> Tagger:
        """Load the spaCy pipeline in ``model_dir`` (default: the model of ``language``,
        :func:`default_model_dir` for English).

        ``rules`` selects the rules applied after the model (default: the language's,
        :data:`LANGUAGE_RULES`; an empty set gives the raw model, for comparisons).
        """
        if rules is None:
            rules = LANGUAGE_RULES.get(language, frozenset())
        if model_dir is not None:
            path = Path(model_dir)
        elif language == "en":
            path = default_model_dir()
        else:
            path = model_dir_of(language)
        if not (path / "meta.json").exists():
            raise FileNotFoundError(f"no spaCy model in {path} (meta.json missing)")
        import spacy

        from articles.entities.sources import register_callbacks
        from articles.entities.tokenizer import keep_hyphenated_words

        register_callbacks()
        nlp = spacy.load(path)
        keep_hyphenated_words(nlp)
        if nlp.lang == "ar":
            from articles.entities.sources import use_arabic_features

            use_arabic_features(nlp)
        return cls(nlp, rules, language=str(nlp.lang), names=read_names(path / NAMES_FILE))

    def analyse(self, text: str, *, names_only: bool = False) -> Analysis:
        """Tokens and entity spans of ``text`` after the model and the enabled rules; with
        ``names_only`` an Arabic entity's leading proclitics are left out of its span
        (:func:`trim_proclitics`; the corpora's and ``spans()``'s convention keeps them)."""
        if len(text) > MAX_CHARS:
            raise DocumentTooLarge(f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit")
        words, starts, ends, spans = self._model_spans(text)
        if names_only and self.language == "ar":
            trim_proclitics(words, starts, spans)
        return relabel_places(apply_rules(text, words, starts, ends, spans, self.rules), enabled=bool(self.rules))

    def _model_spans(self, text: str) -> tuple[list[str], list[int], list[int], list[Span]]:
        """Words (whitespace left out: rules see words only), their character offsets, and
        the model's entities over word indices."""
        doc = self._nlp(text)
        words, starts, ends, spans = words_of(doc, [(ent.start, ent.end, ent.label_) for ent in doc.ents])
        if self.names:
            spans = add_known_names(words, spans, self.names, self._name_len)
        if self.language in ("ar", "fr") and self.context_rules:
            from articles.entities import intl_rules

            spans = intl_rules.titles(text, words, starts, intl_rules.places(words, spans), self.language)
            if self.language == "ar":  # on French OCR news it tags far too much (NewsEye dev)
                spans = intl_rules.repeats(words, spans, self.language)
        return words, starts, ends, spans

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) character spans, label in PER/ORG/LOC/MISC (CoNLL-2003 style:
        demonyms are MISC)."""
        if not text.strip():
            return []
        a = self.analyse(text)
        return [(a.starts[s.start], a.ends[s.end - 1], s.label) for s in a.spans]

    def note(self, text: str, language: str | None = None) -> str | None:
        """Why ``text`` in ``language`` gets no entities from this tagger (a language other
        than its own), else None; ``language`` None means the tagger's own."""
        lang = language.split("-")[0].lower() if language else self.language
        if lang == self.language:
            return None
        return f"no entity model for language '{lang}' (model: {self.language}): not tagged"

    def tag(self, text: str, *, published: str | None = None, language: str | None = None) -> list[Entity]:
        """Canonical entities of ``text`` with their mentions, aliases, roles and salience;
        ``published`` becomes the date of every role found. A ``language`` other than the
        model's gets no entities (see :meth:`note`)."""
        if not text.strip() or self.note(text, language) is not None:
            return []
        entities = build_entities(self.analyse(text, names_only=True), published=published)
        if self.language in ("ar", "fr"):
            entities = add_roles(text, entities, self.language, published=published)
        return entities

    def quotes(self, text: str, entities: list[Entity]) -> list[Quote]:
        """Direct quotations of ``text`` whose speaker the text names, with that speaker among
        ``entities`` (what :meth:`tag` returned for ``text``); pure: the model is not run."""
        return find_quotes(text, entities)
