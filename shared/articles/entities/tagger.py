"""The entity tagger: an entity source plus the rule pipeline, linking, roles and quotes.

:class:`EntityTagger` is built from an entity source (:mod:`articles.entities.sources`: the
raw spans of a text) and the names of the rules to run after it (:mod:`articles.entities.rules`).
Two sources, two named constructors:

- :class:`Tagger`: a spaCy NER model (CoNLL-2003 labels). ``Tagger.load()`` loads spaCy and
  the model once (cold start, ≈ 1 s); ``tag()`` and ``spans()`` are then cheap. spaCy is
  imported inside ``load`` so that importing this package (or :mod:`articles.entities.names`)
  stays light.
- :class:`~articles.entities.comprehend.ComprehendTagger`: Amazon Comprehend
  (``ComprehendTagger.create(client)``).

``quotes(text, entities)`` reads attributed quotations from the text and ``tag()``'s
entities (:mod:`articles.entities.quotes`, no model).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from articles.entities.counterparts import add_counterpart_roles
from articles.entities.intl_rules import (
    arabic_adjacent_persons,
    arabic_bylines,
    arabic_clubs,
    arabic_coordinated_persons,
    arabic_function_word_edges,
    arabic_heads_outside,
    arabic_known_names,
    arabic_not_names,
    arabic_place_heads,
    arabic_region_adjectives,
    arabic_teams_and_papers,
    arabic_titles_of_works,
    french_addresses_in_spans,
    french_appositions_in_spans,
    french_clause_tails,
    french_names_only,
    french_no_names,
    french_programmes,
    french_reich,
    french_ships_and_titles,
    french_show_listings,
    french_titles_in_spans,
    split_repeats,
)
from articles.entities.link import build_entities
from articles.entities.places import relabel_places
from articles.entities.quotes import Quote, find_quotes
from articles.entities.roles_intl import add_roles
from articles.entities.rules import ALL_RULES, acronyms, apply_rules, orgs
from articles.entities.sources import (
    COMMON_FILE,
    NAMES_FILE,
    SAVED_TOKENIZER,
    EntitySource,
    ModelSource,
    add_known_names,
    import_spacy,
    read_common_words,
    read_names,
    register_callbacks,
    use_arabic_features,
    words_of,
)
from articles.entities.types import Analysis, Span
from articles.errors import DocumentTooLarge
from articles.models import Entity

__all__ = [
    "LANGUAGE_RULES", "MAX_CHARS", "NAMES_FILE", "EntitySource", "EntityTagger", "ModelSource", "Tagger",
    "add_known_names", "default_model_dir", "model_dir_of", "read_names", "trim_proclitics", "words_of",
]

PACKAGE_MODEL_DIR = Path(__file__).resolve().parent / "model"
# Development fallback until the trained model is installed in the package.
DEV_MODEL_DIR = Path(__file__).resolve().parents[3] / "build" / "ner" / "pipeline" / "model-best"
MAX_CHARS = 1_000_000
# The rules written for English news; the Arabic and French models run without them.
LANGUAGE_RULES: dict[str, frozenset[str]] = {"en": ALL_RULES, "ar": frozenset(), "fr": frozenset()}


def model_dir_of(language: str) -> Path:
    """The packaged model directory of ``language`` (``model`` for English, ``model_ar``...)."""
    return PACKAGE_MODEL_DIR if language == "en" else PACKAGE_MODEL_DIR.with_name(f"model_{language}")


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


def _french_display(entity: Entity) -> Entity:
    """A French place named without its article ("au Caire") is shown as French writes it
    alone ("Le Caire"), the bare form kept as an alias; the id does not change."""
    from articles.entities.crossscript import french_place_with_article

    full = french_place_with_article(entity.name) if entity.type == "LOC" else None
    if full is None or full == entity.name:
        return entity
    aliases = [a for a in entity.aliases if a != full]
    return entity.model_copy(update={"name": full, "aliases": [entity.name, *aliases]})


def default_model_dir() -> Path:
    """The packaged model, or the training checkpoint while none is installed."""
    if (PACKAGE_MODEL_DIR / "meta.json").exists() or not (DEV_MODEL_DIR / "meta.json").exists():
        return PACKAGE_MODEL_DIR
    return DEV_MODEL_DIR


class EntityTagger:
    """Named entities of a text: an entity source (the raw spans: a spaCy model, Comprehend)
    followed by the rule pipeline (the named ``rules``), linking (canonical entities,
    aliases, salience), roles and quotes. Raw spans: ``spans``; canonical entities: ``tag``."""

    def __init__(self, source: EntitySource, rules: Collection[str] = ALL_RULES) -> None:
        unknown = set(rules) - ALL_RULES
        if unknown:
            raise ValueError(f"unknown rules {sorted(unknown)}; known: {sorted(ALL_RULES)}")
        self.source = source
        self.rules: frozenset[str] = frozenset(rules)

    @property
    def language(self) -> str:
        return self.source.language

    def analyse(self, text: str, *, names_only: bool = False) -> Analysis:
        """Tokens and entity spans of ``text`` after the source and the enabled rules; with
        ``names_only`` an Arabic entity's leading proclitics are left out of its span
        (:func:`trim_proclitics`; the corpora's and ``spans()``'s convention keeps them), and
        a French person's span is the name without the title before it (the French corpora's
        convention, and ``spans()``'s, includes it: :func:`french_titles_in_spans`)."""
        if len(text) > MAX_CHARS:
            raise DocumentTooLarge(f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit")
        words, starts, ends, spans = self.source.spans(text)
        if self.language == "ar":
            spans = arabic_heads_outside(words, arabic_function_word_edges(words, spans))
            spans = arabic_coordinated_persons(words, spans)  # [وغادة عادل] [وياسمين عبد العزيز]
            spans = arabic_adjacent_persons(words, arabic_not_names(words, spans))  # [سوزان] [مبارك]
            spans = arabic_region_adjectives(words, spans)  # [أمريكا الجنوبية]
        if names_only and self.language == "ar":
            trim_proclitics(words, starts, spans)
        if self.language == "fr":
            spans = french_reich(words, french_clause_tails(words, french_no_names(words, split_repeats(words, spans))))
        if names_only and self.language == "fr":
            spans = french_names_only(words, spans)
        analysis = relabel_places(apply_rules(text, words, starts, ends, spans, self.rules), enabled=bool(self.rules))
        if self.language == "ar" and getattr(self.source, "context_rules", False):
            arabic_known_names(analysis)  # "صندوق النقد الدولي": the IMF, as in English; [بان كي مون]
            analysis.spans = arabic_titles_of_works(  # برنامج « حوار من القلب »
                analysis.words, arabic_teams_and_papers(analysis.words, analysis.spans))  # «الشرق الأوسط»
            analysis.spans = arabic_clubs(analysis.words, analysis.spans)  # [سسكا موسكو]
            analysis.spans = arabic_place_heads(analysis.words, analysis.spans)  # حي [البياع]
            analysis.spans = arabic_bylines(analysis.words, analysis.spans)  # كتب ـ [خليفة أدهم] :
        if self.language == "fr" and getattr(self.source, "context_rules", False):
            orgs.apply(analysis)  # known organisations by their French names too ("FMI", "ONU")
            acronyms.apply(analysis)  # "(UGTT)" after its long form: one organisation, an alias
            analysis.spans = french_ships_and_titles(analysis.words, analysis.spans)  # « [Taïmyr] »
            analysis.spans = french_show_listings(analysis.words, analysis.spans)  # [CHATELET] . — 8 h
            analysis.spans = french_programmes(analysis.words, analysis.spans)  # Thrills ( [Ancliffe] ) ;
            if not names_only:
                analysis.spans = french_appositions_in_spans(analysis.words, french_addresses_in_spans(
                    analysis.words, french_titles_in_spans(analysis.words, analysis.spans)))
        return analysis

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
        if self.language == "fr":
            entities = [_french_display(e) for e in entities]
        return add_counterpart_roles(text, entities, self.language, published=published)

    def quotes(self, text: str, entities: list[Entity]) -> list[Quote]:
        """Direct quotations of ``text`` whose speaker the text names, with that speaker among
        ``entities`` (what :meth:`tag` returned for ``text``); pure: the model is not run."""
        return find_quotes(text, entities)


class Tagger(EntityTagger):
    """The tagger over a shipped spaCy model (:class:`~articles.entities.sources.ModelSource`):
    ``Tagger(nlp, rules, language=..., names=..., common=...)``, or :meth:`load` from a model folder."""

    def __init__(self, nlp: Any, rules: Collection[str] = ALL_RULES, *, language: str = "en",
                 names: dict[tuple[str, ...], str] | None = None, common: frozenset[str] = frozenset()) -> None:
        self.model = ModelSource(nlp, language=language, names=names, common=common)
        super().__init__(self.model, rules)

    @property
    def _nlp(self) -> Any:
        return self.model.nlp

    @property
    def names(self) -> dict[tuple[str, ...], str]:
        return self.model.names

    @property
    def context_rules(self) -> bool:
        """Arabic and French: persons after a title, later bare family names (intl_rules)."""
        return self.model.context_rules

    @context_rules.setter
    def context_rules(self, value: bool) -> None:
        self.model.context_rules = value

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
        spacy = import_spacy()

        from articles.entities.tokenizer import keep_hyphenated_words

        register_callbacks()
        overrides = {"nlp.tokenizer": {"@tokenizers": SAVED_TOKENIZER}} if (path / "tokenizer").exists() else {}
        nlp = spacy.load(path, config=overrides)
        keep_hyphenated_words(nlp)
        if nlp.lang == "ar":
            use_arabic_features(nlp)
        return cls(nlp, rules, language=str(nlp.lang), names=read_names(path / NAMES_FILE),
                   common=read_common_words(path / COMMON_FILE))
