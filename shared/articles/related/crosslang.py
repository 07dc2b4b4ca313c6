"""Related coverage across languages, from shared canonical entities (pure).

The text index (:mod:`articles.store.index`) links articles by their words, so an Arabic
article and an English one about the same event share nothing there. What they share is
canonical entities: :func:`articles.entities.crossscript.unify` gives ``سامح شكري`` and
``Sameh Shoukry`` one id. The tag and related functions consume the same SNS message in
parallel, so the related stage cannot wait for the tag stage's entities. These links are
therefore made when they are read: the article's most salient entities (at most
``MAX_ENTITIES``) each cost one bounded Query of their newest links (the entity's
``gsi1`` partition, within ``WINDOW_DAYS`` of the article's date), and every article in
another language sharing enough of them is scored here. Whatever order tagging finished in,
both articles see each other as soon as both are tagged, with no extra write.

Score: the shared entities' weights (person or organisation 1.0, place or other 0.5, times
this article's salience of it, at least 0.3) summed and squashed into (0, 1) by
``s / (s + 1.5)``; at least one shared person or organisation, or two shared entities,
are required (one shared country alone is not a story).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from articles.models import RelatedLink

MAX_ENTITIES = 4
WINDOW_DAYS = 7
MAX_LINKS = 5
_TYPE_WEIGHT = {"PER": 1.0, "ORG": 1.0, "LOC": 0.5, "MISC": 0.5}


@dataclass
class _Candidate:
    article_id: str
    language: str | None
    score: float = 0.0
    strong: int = 0
    names: list[str] = field(default_factory=list)


def salient(entities: Iterable[Mapping[str, Any]], limit: int = MAX_ENTITIES) -> list[Mapping[str, Any]]:
    """The entities worth a Query: persons and organisations first, then by salience; none of
    salience 0 (a wire dateline's agency: see :mod:`articles.entities.link`)."""
    ranked = sorted(
        (e for e in entities if float(e.get("salience") or 0) > 0),
        key=lambda e: (-_TYPE_WEIGHT.get(str(e.get("type")), 0.5), -float(e.get("salience") or 0), str(e["id"])),
    )
    return ranked[:limit]


def window(published: str | None, days: int = WINDOW_DAYS) -> tuple[str, str] | None:
    """The ``gsi1sk`` range of articles published within ``days`` of ``published``."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    lo, hi = date.fromordinal(day.toordinal() - days), date.fromordinal(day.toordinal() + days)
    return lo.isoformat(), hi.isoformat() + "~"


def cross_language_links(
    article_id: str,
    language: str | None,
    entities: Iterable[Mapping[str, Any]],
    sharing: Mapping[str, Sequence[Mapping[str, Any]]],
    titles: Mapping[str, str | None] | None = None,
    *,
    limit: int = MAX_LINKS,
) -> list[RelatedLink]:
    """Articles in another language than ``language`` that share this article's entities.

    ``entities``: this article's entity links (id, name, type, salience); ``sharing``: for
    each entity id, the links of other articles to it (``article_id``, ``language``)."""
    if not language:
        return []
    found: dict[str, _Candidate] = {}
    for entity in entities:
        eid = str(entity["id"])
        weight = _TYPE_WEIGHT.get(str(entity.get("type")), 0.5) * max(0.3, float(entity.get("salience") or 0))
        for link in sharing.get(eid, []):
            other = str(link["article_id"])
            other_lang = link.get("language")
            if other == article_id or not other_lang or str(other_lang) == language:
                continue
            cand = found.setdefault(other, _Candidate(other, str(other_lang)))
            if str(entity["name"]) in cand.names:
                continue
            cand.score += weight
            cand.strong += entity.get("type") in ("PER", "ORG")
            cand.names.append(str(entity["name"]))
    out = [
        RelatedLink(
            id=c.article_id,
            title=(titles or {}).get(c.article_id),
            score=round(c.score / (c.score + 1.5), 4),
            reasons=[f"same entities in {c.language}: " + ", ".join(c.names)],
        )
        for c in found.values()
        if c.strong >= 1 or len(c.names) >= 2
    ]
    out.sort(key=lambda link: (-link.score, link.id))
    return out[:limit]


def merge(links: list[RelatedLink], extra: list[RelatedLink]) -> list[RelatedLink]:
    """The index's links and the cross-language ones, best first. An article both found (an
    English and a French article share words as well as entities) keeps the higher score and
    both reasons, the entities first when they scored higher."""
    by_id = {link.id: link for link in links}
    for link in extra:
        had = by_id.get(link.id)
        if had is None:
            by_id[link.id] = link
            continue
        best, other = (link, had) if link.score > had.score else (had, link)
        by_id[link.id] = had.model_copy(update={"score": best.score, "reasons": [*best.reasons, *other.reasons]})
    return sorted(by_id.values(), key=lambda link: -link.score)
