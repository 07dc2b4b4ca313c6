"""Entity sources: where raw entity spans come from. An :class:`EntitySource` turns a text
into words (with their character offsets) and entity spans over them; the tagger
(:class:`~articles.entities.tagger.EntityTagger`) runs the rule pipeline
(:mod:`articles.entities.rules`), linking, roles and quotes after it.

Two sources: :class:`ModelSource`, a shipped spaCy model (one per language, chosen per
article by :mod:`articles.entities.routing`; a language with no model gets no spans), and
:class:`~articles.entities.comprehend.ComprehendSource`, Amazon Comprehend. Here too: the
spaCy set-up the models need (Arabic lexical features, the callbacks their configs name).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from articles.entities import arabic
from articles.entities.names import join_broken_words
from articles.entities.types import Span

Words = tuple[list[str], list[int], list[int], list[Span]]  # words, their starts and ends, spans over words


class EntitySource(Protocol):
    """Raw entity spans of a text, over its words (whitespace left out: rules see words only)."""

    @property
    def language(self) -> str: ...

    def spans(self, text: str) -> Words: ...


class ModelSource:
    """A spaCy NER model (CoNLL-2003 labels) as the source, plus the names its training data
    labels consistently (``names.tsv``) and, for Arabic and French, the context rules of
    :mod:`articles.entities.intl_rules` (persons after a title, later bare family names)."""

    def __init__(self, nlp: Any, *, language: str = "en", names: dict[tuple[str, ...], str] | None = None,
                 common: frozenset[str] = frozenset()) -> None:
        self.nlp = nlp
        self.language = language
        self.names = names or {}  # word sequence -> label, learned with the model (names.tsv)
        self.common = common  # ordinary lower-case words, learned with the model (common.txt)
        self.context_rules = True
        self._name_len = max((len(k) for k in self.names), default=0)

    def spans(self, text: str) -> Words:
        """Words, their character offsets, and the model's entities over word indices. A word
        an OCR line break split with "¬" ("An¬ dré Salmon") is read whole ("André"); its
        offsets still cover both pieces in ``text``."""
        joined, where = join_broken_words(text)
        doc = self.nlp(joined)
        words, starts, ends, spans = words_of(doc, [(ent.start, ent.end, ent.label_) for ent in doc.ents])
        if self.common:
            spans = drop_common_words(words, spans, self.common, lower_after=self.language == "en")
        if self.names:
            spans = add_known_names(words, spans, self.names, self._name_len)
        if self.language in ("ar", "fr") and self.context_rules:
            from articles.entities import intl_rules

            if self.language == "fr":  # wire-copy datelines and known places (modern news)
                from articles.entities.places import place_names

                spans = intl_rules.french_datelines(joined, words, starts, spans)
                spans = intl_rules.french_places(words, spans, place_names())
            spans = intl_rules.titles(joined, words, starts, intl_rules.places(words, spans), self.language)
            if self.language == "fr":
                spans = intl_rules.french_heads(words, intl_rules.french_long_names(words, spans))
            if self.language == "ar":  # on French OCR news it tags far too much (NewsEye dev)
                spans = intl_rules.mentions_again(words, intl_rules.repeats(words, spans, self.language))
                spans = intl_rules.arabic_counterparts(words, intl_rules.arabic_organisations(words, spans))
            else:
                spans = intl_rules.french_acronyms(words, spans)
        if where is not None:
            starts = [where[i] for i in starts]
            ends = [where[i - 1] + 1 for i in ends]
        return words, starts, ends, spans


NAMES_FILE = "names.tsv"
COMMON_FILE = "common.txt"


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


def read_common_words(path: Path) -> frozenset[str]:
    """A model's list of ordinary words (one lower-case word a line), empty without the file."""
    if not path.exists():
        return frozenset()
    return frozenset(w for w in path.read_text(encoding="utf-8").split() if w)


def drop_common_words(words: list[str], spans: list[Span], common: frozenset[str], *,
                      lower_after: bool = False) -> list[Span]:
    """The model's one-word spans on an ordinary word that a capital starts (a sentence's or
    a table line's first word: "Clôture", "Seule") are dropped; with ``lower_after`` (English)
    only when a lower-case word follows ("Born in Monastir", not "Sale 3" in a results table)."""
    def ordinary(s: Span) -> bool:
        word = words[s.start]
        return (s.end - s.start == 1 and word[:1].isupper() and word.lower() in common
                and (not lower_after or (s.end < len(words) and words[s.end][:1].islower())))

    return [s for s in spans if not ordinary(s)]


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


def words_of(doc: Any, token_spans: Iterable[tuple[int, int, str]]) -> Words:
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


def import_spacy() -> Any:
    """``import spacy`` without its command-line package. spaCy's ``__init__`` imports
    ``spacy.cli`` for one re-export (``spacy.info``), and with it typer, click, weasel,
    jinja2 and httpx: ≈ 360 modules and a third of the tag function's cold start, for
    commands a Lambda function never runs. Two placeholder modules stand in while spaCy
    imports, then leave ``sys.modules``, so a later ``import spacy.cli`` (training, the
    ``spacy`` command) loads the real package; only ``spacy.info`` stays a placeholder."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]

    def info(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("spacy.info is not loaded here: import spacy.cli for it")

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli_info.info = info  # type: ignore[attr-defined]
    cli.info = cli_info  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


def blank_pipeline(lang: str) -> Any:
    """An empty spaCy pipeline for ``lang`` with the tokenizer and features our models use
    (training builds its documents with it)."""
    spacy = import_spacy()

    from articles.entities.tokenizer import keep_hyphenated_words

    nlp = keep_hyphenated_words(spacy.blank(lang))
    if lang == "ar":
        use_arabic_features(nlp)
    return nlp


_REGISTERED = False


# A tokenizer with no rules of its own, for loading a model whose saved ``tokenizer`` brings
# them all (prefixes, suffixes, infixes, URL and token matches, special cases): spaCy would
# otherwise build the language's default tokenizer first (its ~2,000 special cases and
# regexes, ~0.14 s of the tag function's cold start) only to replace it from disk.
SAVED_TOKENIZER = "articles.saved_tokenizer.v1"


def register_callbacks() -> None:
    """Register the ``nlp.after_creation`` callbacks the Arabic and French model configs
    name (``articles.arabic_features.v1``, ``articles.keep_hyphenated_words.v1``), the
    saved-tokenizer placeholder and the embedding architecture of
    :mod:`articles.entities.embed` (``articles.CharAffixEmbed.v1``) and the name-list
    component of :mod:`articles.entities.lexicon` (``articles_lexicon``), so that
    ``spacy.load`` can build them; idempotent."""
    global _REGISTERED
    if _REGISTERED:
        return
    from spacy.util import registry

    from articles.entities.embed import CHAR_AFFIX_EMBED, char_affix_embed
    from articles.entities.tokenizer import keep_hyphenated_words

    def arabic() -> Any:
        return lambda nlp: use_arabic_features(keep_hyphenated_words(nlp))

    def hyphenated() -> Any:
        return keep_hyphenated_words

    def saved_tokenizer() -> Any:
        def create(nlp: Any) -> Any:
            from spacy.tokenizer import Tokenizer

            return Tokenizer(nlp.vocab)

        return create

    registry.callbacks.register("articles.arabic_features.v1", func=arabic)
    registry.callbacks.register("articles.keep_hyphenated_words.v1", func=hyphenated)
    registry.tokenizers.register(SAVED_TOKENIZER, func=saved_tokenizer)
    registry.architectures.register(CHAR_AFFIX_EMBED, func=char_affix_embed)
    from articles.entities.lexicon import register as register_lexicon

    register_lexicon()
    _REGISTERED = True
