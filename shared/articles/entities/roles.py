"""Roles (title, rank, nationality, organisation) read from the words around a person.

Two shapes are read, with titles and ranks from ``data/titles.tsv`` (case-insensitive):

* before the name: ``[Demonym] [ORG] Title [of [the] [Demonym] ORG|LOC [(ACR)]] [Rank] [Mr] NAME``
  - "Libyan Chief of Staff Major-General Abdul Razzaq Al-Nazhuri"
    -> title "Chief of Staff", rank "Major-General", nationality "Libyan"
  - "the President of Libyan House of Representatives (HoR) Ageela Saleh"
    -> title "President", organisation "House of Representatives"
  - "President of Egypt X" -> nationality "Egyptian" (the country's demonym)
* an apposition after it: ``NAME, [the] [Demonym] Title [of [the] ORG|LOC],``
  - "Sameh Shoukry, the Egyptian foreign minister," -> "Foreign Minister", "Egyptian"

A rank alone ("General X") gives a role whose title is the rank. Titles and ranks keep the
text's spelling when it is capitalised ("Major-General") and the list's canonical form
otherwise ("foreign minister" -> "Foreign Minister", "Lt. Gen." -> "Lieutenant General").
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.entities import gazetteer
from articles.entities.types import Analysis, Span

_SMALL_WORDS = frozenset({"of", "the", "and", "in", "for", "de", "al", "el"})
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class RoleParts:
    title: str
    rank: str | None = None
    nationality: str | None = None
    organisation: str | None = None


def organisation_name(analysis: Analysis, span: Span) -> str | None:
    """The canonical name of an ORG span: a gazetteer name ("UN" -> "United Nations") or
    the long form of an acronym ("HoR" -> "House of Representatives"); None if neither."""
    if span.canonical:
        return span.canonical
    orgs = gazetteer.organisations()
    surface = analysis.text_of(span)
    canonical = orgs.canonical(surface)
    if canonical is None:
        long_form = analysis.acronyms.get(surface)
        if long_form is not None:
            canonical = orgs.canonical(long_form) or long_form
    return canonical


class RoleReader:
    """Reads roles for the PER spans of one :class:`Analysis` (indexes built once)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.words = analysis.words
        self.lower = [w.lower() for w in analysis.words]
        self.by_end = {s.end: s for s in analysis.spans}
        self.by_start = {s.start: s for s in analysis.spans}
        self.titles = gazetteer.titles()
        self.countries = gazetteer.countries()

    # ---------------------------------------------------------------------------------
    def roles(self, span: Span) -> list[RoleParts]:
        out: list[RoleParts] = []
        before = self._before(span.start)
        if before:
            out.append(before)
        after = self._after(span.end)
        if after and after not in out:
            out.append(after)
        return out

    def title_before(self, start: int) -> bool:
        """Whether an office title (not a bare rank) ends just before ``words[start]``."""
        role = self._before(start)
        return role is not None and (role.rank is None or role.title != role.rank)

    def rank_before(self, start: int) -> bool:
        """Whether a rank ("Field Marshal", "Gen.") ends just before ``words[start]``."""
        role = self._before(start)
        return role is not None and role.rank is not None

    def rank_length_at(self, k: int) -> int:
        """Words of the military or police rank starting at ``words[k]`` ("Field Marshal Khalifa
        Haftar": 2), 0 if none."""
        found = self.titles.ranks.match_at(self.lower, k) if k < len(self.words) else None
        return found[0] if found else 0

    def starts_title(self, k: int) -> bool:
        """Whether a title, rank or courtesy title starts at ``words[k]``."""
        t = self.titles
        return any(index.match_at(self.lower, k) for index in (t.titles, t.ranks, t.courtesy))

    # ---------------------------------------------------------------------------------
    def _surface(self, start: int, end: int, canonical: str) -> str:
        words = self.words[start:end]
        if any("." in w for w in words):
            return canonical
        if all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words):
            return " ".join(words)
        return canonical

    def _demonym_at(self, k: int) -> str | None:
        if 0 <= k < len(self.words) and self.countries.country_of_demonym(self.words[k]):
            return self.words[k]
        return None

    def _org_name(self, span: Span) -> str:
        return organisation_name(self.analysis, span) or self.analysis.text_of(span)

    def _country_demonym(self, span: Span) -> str | None:
        country = self.countries.canonical(self.analysis.text_of(span))
        return self.countries.country_to_demonym.get(country) if country else None

    def _before(self, start: int) -> RoleParts | None:
        j = start
        courtesy = self.titles.courtesy.match_ending(self.lower, j)
        if courtesy:
            j -= courtesy[0]
        rank: str | None = None
        found = self.titles.ranks.match_ending(self.lower, j)
        if found:
            rank = self._surface(j - found[0], j, found[1])
            j -= found[0]
        title: str | None = None
        nationality: str | None = None
        organisation: str | None = None
        found = self.titles.titles.match_ending(self.lower, j)
        if found:
            title = self._surface(j - found[0], j, found[1])
            j -= found[0]
            org = self.by_end.get(j)
            if org is not None and org.label == "ORG":
                organisation = self._org_name(org)
                j = org.start
        else:
            k = j
            if k >= 3 and self.words[k - 1] == ")" and self.words[k - 3] == "(":
                k -= 3
            target = self.by_end.get(k)
            if target is not None and target.label in ("ORG", "LOC"):
                k = target.start
                if self._demonym_at(k - 1):
                    k -= 1
                if k >= 3 and self.lower[k - 1] == "the":
                    k -= 1
                if k >= 2 and self.lower[k - 1] == "of":
                    found = self.titles.titles.match_ending(self.lower, k - 1)
                    if found:
                        title = self._surface(k - 1 - found[0], k - 1, found[1])
                        j = k - 1 - found[0]
                        if target.label == "ORG":
                            organisation = self._org_name(target)
                        else:
                            nationality = self._country_demonym(target)
        if title is None and rank is None:
            return None
        nationality = self._demonym_at(j - 1) or nationality
        return RoleParts(title or rank or "", rank, nationality, organisation)

    def _after(self, end: int) -> RoleParts | None:
        words, lower = self.words, self.lower
        n = len(words)
        if end >= n or words[end] != ",":
            return None
        k = end + 1
        if k < n and lower[k] in _ARTICLES:
            k += 1
        nationality = self._demonym_at(k)
        if nationality:
            k += 1
        if k >= n:
            return None
        found = self.titles.titles.match_at(lower, k)
        if not found:
            return None
        title = self._surface(k, k + found[0], found[1])
        k += found[0]
        organisation: str | None = None
        if k < n and lower[k] == "of":
            k += 1
            if k < n and lower[k] == "the":
                k += 1
            target = self.by_start.get(k)
            if target is not None and target.label == "ORG":
                organisation = self._org_name(target)
            elif target is not None and target.label == "LOC":
                nationality = nationality or self._country_demonym(target)
        return RoleParts(title, None, nationality, organisation)
