"""Direct quotations and who said them, from a text and its entities (pure, no model).

A quotation is the text between a pair of quotation marks (“…” or "…", within one
paragraph) of at least :data:`MIN_WORDS` words: a scare-quoted word ("so-called “reforms”")
is not speech. Its speaker is read from the words around it, in this order:

1. after the closing mark, in the same sentence:
   ``“…,” said [title] X`` / ``“…,” X said`` / ``“…”, X told reporters`` / ``“…,” X added``;
2. before the opening mark, in the same sentence:
   ``X said: “…”`` / ``X told reporters, “…”`` / ``According to X, “…”``;
3. a pronoun after the closing mark (``“…,” he stated``) or a continuation
   (a quotation that opens its paragraph with no speaker, right after an attributed one):
   the person the text was last attributing speech to — ``According to X`` / ``X said`` in
   the same or the previous paragraph — else the last person mentioned before the quotation
   in that stretch of text.

``X`` is a person (``PER``) entity mentioned there; a speaker that is not a known person
("a spokesman said") leaves the quotation unattributed. Quotations without a speaker are
returned only with ``attributed_only=False``.

Offsets: ``start``/``end`` delimit the quoted words inside the marks, so
``text[q.start:q.end] == q.text``; a trailing comma before the closing mark (“…,” he said)
is not part of the quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from articles.models import Entity

__all__ = ["MIN_WORDS", "Quote", "find_quotes"]

MIN_WORDS = 4


class Quote(BaseModel):
    """A direct quotation: its words, their offsets in the text, and its speaker (a person
    entity's ``id`` and ``name``; None when the text does not say who)."""

    text: str
    start: int
    end: int
    speaker_id: str | None = None
    speaker_name: str | None = None


_SPEECH_VERBS = (
    r"said|says|say|stated|states|added|adds|told|tells|explained|explains|noted|notes|declared"
    r"|declares|warned|warns|insisted|insists|stressed|stresses|asserted|asserts|announced"
    r"|announces|continued|continues|remarked|remarks|commented|comments|replied|replies|asked"
    r"|asks|wrote|writes|tweeted|tweets|affirmed|affirms|emphasised|emphasized|emphasises"
    r"|emphasizes|confirmed|confirms|pointed out|points out|went on|concluded|concludes"
    r"|argued|argues|claimed|claims|vowed|vows|promised|promises"
)
_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
# "According to", and its usual misspellings ("Acording", "Accoding").
_ACCORDING = re.compile(r"\bac+or?d?ing\s+to\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_OPENERS = {"“": "”", "«": "»", "„": "“"}
_MAX_GAP_WORDS = 12  # words between a quotation and its attribution


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    entity: Entity


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph: text between blank lines (or single newlines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n\s*", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _pairs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(open, close) offsets of the quotation marks in ``text[start:end]``: typographic pairs,
    then straight double quotes paired in order. Unclosed marks are skipped."""
    i = start
    while i < end:
        ch = text[i]
        if ch in _OPENERS:
            close = text.find(_OPENERS[ch], i + 1, end)
            if close < 0:
                i += 1
                continue
            yield i, close
            i = close + 1
        elif ch == '"':
            close = text.find('"', i + 1, end)
            if close < 0:
                return
            yield i, close
            i = close + 1
        else:
            i += 1


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


class _Speakers:
    """The person mentions of a text, by offset, and where speech is attributed to them."""

    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.mentions = sorted(
            (_Mention(m.start, m.end, e) for e in entities if e.type == "PER" for m in e.mentions),
            key=lambda m: m.start,
        )
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[_Mention]:
        i = bisect_left(self.starts, start)
        out: list[_Mention] = []
        while i < len(self.mentions) and self.mentions[i].end <= end:
            out.append(self.mentions[i])
            i += 1
        return out

    def after(self, close: int, limit: int) -> Entity | None:
        """``“…,” said X`` / ``“…,” X said`` / ``“…,” he said`` -> X (None for a pronoun)."""
        clause = self.text[close:limit]
        stop = _SENTENCE_END.search(clause)
        clause_end = close + (stop.start() if stop else len(clause))
        clause = self.text[close:clause_end]
        verb = _VERB.search(clause)
        if verb is None or _words(clause[: verb.start()]) > _MAX_GAP_WORDS:
            return None
        persons = self.within(close, clause_end)
        if not persons:
            return None
        # the person nearest the verb: "said Foreign Minister X", "X, the minister, said"
        v = close + verb.start()
        best = min(persons, key=lambda m: abs(m.start - v) if m.start > v else abs(v - m.end))
        gap = self.text[best.end : v] if best.end <= v else self.text[v : best.start]
        if _words(gap) > _MAX_GAP_WORDS:
            return None
        return best.entity

    def pronoun_after(self, close: int, limit: int) -> bool:
        clause = self.text[close:limit]
        stop = _SENTENCE_END.search(clause)
        clause = clause[: stop.start()] if stop else clause
        pronoun, verb = _PRONOUN.search(clause), _VERB.search(clause)
        return (
            pronoun is not None
            and verb is not None
            and pronoun.start() < verb.start()
            and _words(clause[: pronoun.start()]) <= 2
            and _words(clause[pronoun.end() : verb.start()]) <= 2
        )

    def before(self, floor: int, open_: int) -> Entity | None:
        """``X said: “…”`` / ``According to X, “…”`` -> X."""
        head = self.text[floor:open_]
        sentence_start = floor
        for m in _SENTENCE_END.finditer(head):
            sentence_start = floor + m.end()
        clause = self.text[sentence_start:open_]
        if not re.search(r"[:,]\s*$", clause) and not _VERB.search(clause[-30:]):
            return None
        persons = self.within(sentence_start, open_)
        if not persons:
            return None
        according = list(_ACCORDING.finditer(clause))
        if according:
            a = sentence_start + according[-1].end()
            after_a = [p for p in persons if p.start >= a]
            if after_a:
                return after_a[0].entity
        verbs = list(_VERB.finditer(clause))
        if not verbs:
            return None
        v = sentence_start + verbs[-1].start()
        subjects = [p for p in persons if p.end <= v and _words(self.text[p.end : v]) <= _MAX_GAP_WORDS]
        return subjects[-1].entity if subjects else None

    def attributed_in(self, start: int, end: int) -> Entity | None:
        """The last person the text attributes speech to in ``text[start:end]``
        (``According to X``, ``X said``), else the last person mentioned there."""
        chosen: tuple[int, Entity] | None = None
        for m in _ACCORDING.finditer(self.text, start, end):
            following = self.within(m.end(), min(end, m.end() + 80))
            if following and _words(self.text[m.end() : following[0].start]) <= 3:
                chosen = max(chosen or (-1, following[0].entity), (m.start(), following[0].entity), key=_pos)
        for m in _VERB.finditer(self.text, start, end):
            before = [p for p in self.within(max(start, m.start() - 120), m.start())]
            if before and _words(self.text[before[-1].end : m.start()]) <= 3:
                chosen = max(chosen or (-1, before[-1].entity), (m.start(), before[-1].entity), key=_pos)
        if chosen is not None:
            return chosen[1]
        persons = self.within(start, end)
        return persons[-1].entity if persons else None


def _pos(item: tuple[int, Entity]) -> int:
    return item[0]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quotes(text: str, entities: list[Entity], *, attributed_only: bool = True) -> list[Quote]:
    """The direct quotations of ``text`` with their speakers among ``entities`` (the
    entities ``tag()`` returned for this text; see the module docstring)."""
    speakers = _Speakers(text, entities)
    paragraphs = _paragraphs(text)
    out: list[Quote] = []
    last_speaker: tuple[int, Entity] | None = None  # paragraph index, speaker
    for pi, (p_start, p_end) in enumerate(paragraphs):
        for open_, close in _pairs(text, p_start, p_end):
            start, end = _trim(text, open_ + 1, close)
            if _words(text[start:end]) < MIN_WORDS:
                continue
            speaker = speakers.after(close + 1, p_end) or speakers.before(p_start, open_)
            if speaker is None and speakers.pronoun_after(close + 1, p_end):
                floor = paragraphs[max(0, pi - 1)][0]
                speaker = speakers.attributed_in(floor, open_)
            if (
                speaker is None
                and last_speaker is not None
                and last_speaker[0] == pi - 1
                and not text[p_start:open_].strip()
            ):
                speaker = last_speaker[1]  # a quotation continued in the next paragraph
            if speaker is not None:
                last_speaker = (pi, speaker)
            elif attributed_only:
                continue
            out.append(
                Quote(
                    text=text[start:end],
                    start=start,
                    end=end,
                    speaker_id=speaker.id if speaker else None,
                    speaker_name=speaker.name if speaker else None,
                )
            )
    return out
