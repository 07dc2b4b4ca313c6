"""Fixtures for the entity-tagging tests.

``analysis_of`` turns a marked-up sentence into the rules' input without spaCy, so the rule,
role and linking tests do not depend on what a retrained model happens to predict:
``"met [Sameh Shoukry](PER) in [Cairo](LOC)"`` -> words, offsets and model spans.
``tagger`` loads the real model once per session (tests using it skip without a model).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

import pytest
from articles.entities.rules import ALL_RULES, Analysis, Span, apply_rules
from articles.entities.tagger import Tagger

REPO_ROOT = Path(__file__).resolve().parents[3]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"

_MARK = re.compile(r"\[([^\]]+)\]\((PER|ORG|LOC|MISC)\)")
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Lt", "Gen", "Col", "Maj", "Brig", "Capt", "Sgt", "Sen", "St"}
# a possessive "’s" is a token of its own, as spaCy splits it ("Council’s" -> "Council", "’s")
_TOKEN = re.compile(r"(?<=\w)['’]s\b|\w+(?:[-.]\w+|['’](?!s\b)\w+)*\.?|[^\w\s]")


def parse_markup(markup: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and (start, end, label) character spans of ``[text](LABEL)`` markup."""
    text_parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(markup):
        before = markup[pos : m.start()]
        text_parts.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1)), m.group(2)))
        text_parts.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    text_parts.append(markup[pos:])
    return "".join(text_parts), spans


def _tokenize(text: str) -> tuple[list[str], list[int], list[int]]:
    words, starts, ends = [], [], []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        # "U.S." and "Mr." keep their dot (as spaCy does); a sentence-final dot is a token
        if word.endswith(".") and word.count(".") == 1 and word[:-1] not in _ABBREVIATIONS:
            words += [word[:-1], "."]
            starts += [m.start(), m.end() - 1]
            ends += [m.end() - 1, m.end()]
            continue
        words.append(word)
        starts.append(m.start())
        ends.append(m.end())
    return words, starts, ends


def analyse_markup(markup: str, rules: Collection[str] = ALL_RULES) -> Analysis:
    text, char_spans = parse_markup(markup)
    words, starts, ends = _tokenize(text)
    spans = []
    for start, end, label in char_spans:
        first = starts.index(start)
        last = ends.index(end)
        spans.append(Span(first, last + 1, label))
    return apply_rules(text, words, starts, ends, spans, rules)


def labelled(analysis: Analysis) -> list[tuple[str, str]]:
    """(text, label) of every span after the rules, in order."""
    return [(analysis.text_of(s), s.label) for s in analysis.spans]


@pytest.fixture
def analysis_of() -> Callable[..., Analysis]:
    """``analysis_of(markup, rules=ALL_RULES)``: the rules run on marked-up model spans."""
    return analyse_markup


@pytest.fixture
def labels() -> Callable[[Analysis], list[tuple[str, str]]]:
    """``labels(analysis)``: (text, label) of every span after the rules."""
    return labelled


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    from articles.entities.tagger import default_model_dir

    if not (default_model_dir() / "meta.json").exists():
        pytest.skip(f"no NER model in {default_model_dir()}")
    return Tagger.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SEEDS / "000_b24199932c200da0.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path.read_text(encoding="utf-8")
