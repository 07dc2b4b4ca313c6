"""The ``particles`` rule.

Family names that begin with a lower-case particle ("Ursula von der Leyen", "Karel van
Rompuy", "Loyola de Palacio") are one person. The model, trained on capitalised names, tags
the part after the particles, or something else ("Ursula von der [ORG Leyen]"), or nothing.

* Given names, particles and a capitalised family name make one PER when the model saw a
  person in them, or when the particles are ones only names have ("von", "van", "der", "den",
  "ter", "zu", "bin", "ibn") and no other entity runs past them. With particles that also
  make places ("Rio de Janeiro", "Costa del Sol"), the model's person is needed.
* After an office title, the name starts at the particle ("President von der Leyen").
* The document's other mentions of such a family name are that person too, also at the start
  of a sentence ("Von der Leyen said ...", "von der Leyen later met ...").
"""

from __future__ import annotations

from articles.entities.roles import RoleReader
from articles.entities.rules.base import covered_words, name_words_before, overlapping, put, sentence_start
from articles.entities.rules.courtesy import COURTESY, name_end
from articles.entities.types import Analysis, Span

# particles found in persons' names only (not in place names)
PERSONAL = frozenset({"von", "van", "der", "den", "ter", "vom", "zu", "bin", "ibn", "bint"})
# particles also found in place and organisation names
# ("do" is left out: "Why do Biden and ..." is no name)
SHARED = frozenset({"de", "da", "di", "dos", "du", "del", "della", "la", "le", "al", "el"})
PARTICLES = PERSONAL | SHARED


def apply(analysis: Analysis) -> None:
    words = analysis.words
    reader: RoleReader | None = None  # built at the first particle: most texts have none
    k = 0
    while k < len(words):
        if words[k] not in PARTICLES or (k > 0 and words[k - 1] in PARTICLES):
            k += 1
            continue
        end = _family_end(analysis, k)
        if end == k:
            k += 1
            continue
        reader = reader or RoleReader(analysis)
        particles = [w for w in words[k:end] if w in PARTICLES]
        personal = any(w in PERSONAL for w in particles)
        not_per = [s for s in analysis.spans if s.label != "PER"]
        start = name_words_before(words, k, covered_words(not_per, len(words)), 3)
        after_name = start < k  # capitalised words right before the particles ("Ursula von der")
        for i in range(start, k):  # "Farm Minister Loyola de Palacio": the name starts after the title
            if reader.starts_title(i) or words[i].rstrip(".") in COURTESY:
                start = i + 1
        while start < k and sentence_start(analysis, start) and not _in_person(analysis.spans, start):
            start += 1  # "Meanwhile von der Leyen": a capital that proves nothing
        over = overlapping(analysis.spans, start, end)
        if len(over) == 1 and (over[0].start, over[0].end, over[0].label) == (start, end, "PER"):
            k = end
            continue
        saw_person = any(s.label == "PER" for s in over)
        titled = start == k and k > 0 and (reader.title_before(k) or words[k - 1].rstrip(".") in COURTESY)
        if any(s.start < start or s.end > end for s in over):
            pass  # an entity runs past the name ("Charles de Gaulle Airport"): leave it
        elif saw_person or titled or (personal and after_name):
            put(analysis, Span(start, end, "PER"))
        k = end
    _other_mentions(analysis)


def _family_end(analysis: Analysis, k: int) -> int:
    """End of the particles at ``words[k]`` and the one or two capitalised words after them,
    on one line; ``k`` when there is no such name."""
    end = name_end(analysis.words, k)
    first = next((i for i in range(k, end) if analysis.words[i] not in PARTICLES), end)
    end = min(end, first + 2)
    for i in range(k + 1, end):
        if "\n" in analysis.text[analysis.ends[i - 1] : analysis.starts[i]]:
            return i if i > first else k
    return end


def _in_person(spans: list[Span], k: int) -> bool:
    return any(s.label == "PER" and s.start <= k < s.end for s in spans)


def _other_mentions(analysis: Analysis) -> None:
    """Other mentions of a family name that starts with a particle, in any case."""
    words = analysis.words
    lower = [w.lower() for w in words]
    families: set[tuple[str, ...]] = set()
    for s in analysis.spans:
        if s.label != "PER":
            continue
        for i in range(s.start, s.end - 1):
            if words[i] in PARTICLES and (i == s.start or words[i - 1] not in PARTICLES):
                families.add(tuple(lower[i : s.end]))
                break
    for family in families:
        n = len(family)
        for k in range(len(words) - n + 1):
            if tuple(lower[k : k + n]) != family:
                continue
            over = overlapping(analysis.spans, k, k + n)
            if any(s.label == "PER" and s.start <= k and k + n <= s.end for s in over):
                continue
            if any(s.start < k or s.end > k + n for s in over):
                continue
            put(analysis, Span(k, k + n, "PER"))
