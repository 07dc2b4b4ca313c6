"""The types every part of the entity pipeline shares: a span over words, and one text's
analysis (words, their offsets, the spans after the rules). Their own module so that the
rules, the role reader and linking import them without importing one another."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Analysis", "Span"]


@dataclass(slots=True)
class Span:
    """An entity over tokens ``[start, end)``; ``canonical`` is a gazetteer or long-form name."""

    start: int
    end: int
    label: str
    canonical: str | None = None


@dataclass
class Analysis:
    """Tokens of one text and the entities after rules, as :mod:`link` consumes them."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    spans: list[Span]
    # acronym -> long-form text, for every "Long Form (LF)" found
    acronyms: dict[str, str] = field(default_factory=dict)

    def text_of(self, span: Span) -> str:
        return self.text[self.starts[span.start] : self.ends[span.end - 1]]
