"""The ``kinds`` rule: an entity's type read from the word that says what kind of thing it
names, as CoNLL-2003 marks them (counts from its train file).

* A geographic feature is LOC: a name ending in "Sea", "Strait", "Valley", "Airport"...
  ("Persian Gulf": CoNLL train marks such names LOC 32 times of 33), or beginning with
  "Gulf of", "Isthmus of", "Bay of"... or with "Cape", "Lake", "Mount" ("Gulf War" and
  "Gulf Air" keep their type: "Gulf" alone is no head). A person's name only when it ends in
  a word that is no family name ("... International Airport", not "Michael Bay").
* An armed or police force is ORG: "Black Sea Fleet", "Republican Guard" (CoNLL: "... Army"
  ORG 7 of 7).
* A court is ORG ("High Court", the model's place), and so is a name ending in a party,
  ministry, commission, council, exchange... ("New York Stock Exchange", the model's place);
  a sports competition is MISC ("... Cup", "... Open", "Premier League", "La Liga"), also when
  the model left it untagged.
* A battle, treaty, convention, agreement, prize or military operation is MISC: "Battle of
  El Alamein", "Geneva Conventions" (train: "... Convention" MISC 6 of 7, "... Agreement" and
  "... Prize" MISC every time), "Operation Provide Comfort" (added when the model left it);
  "Nobel Prize in Literature" and "African Footballer of the Year" are one MISC.
* Name words the model left untagged before a feature word are one place with it ("the Nile
  Delta", "Aswan High Dam", where "Dam" alone was a person).
* A club's suffix the model tagged alone takes the name before it ("[Al Ahly SC]"); "Second
  Battle of Sirte" and "Second World War" are one MISC with their ordinal (CoNLL train marks
  "post-Second World War" so).
* A title in quotes after the word for a work is one MISC: the film "The Crying Game" (CoNLL
  train + valid: 2 of 2), the album "Thriller".
* An aircraft maker before a model number is MISC and the number stays outside, as CoNLL-2003
  marks "[MISC Boeing] 707" and "[MISC Airbus] A310" (6 of 6); "Boeing said" stays ORG.

A name holding an organisation's head word keeps its type ("Association for Relations Across
the Taiwan Straits"), and so does one the gazetteer named. "Treaty" alone is no tail: "Penn
Treaty" is a company in CoNLL-2003 valid.
"""

from __future__ import annotations

import re

from articles.entities.rules.base import covered_words, name_words_before, put, quoted_title_end
from articles.entities.rules.orgheads import ORG_HEADS
from articles.entities.types import Analysis, Span

GEO_TAILS = frozenset({
    "Sea", "Ocean", "River", "Strait", "Straits", "Gulf", "Desert", "Mountains", "Valley", "Peninsula",
    "Island", "Islands", "Oasis", "Lake", "Bay", "Canal", "Airport", "Isthmus", "Delta", "Plateau",
    # buildings and squares (CoNLL train + valid: "... Square" LOC 4 of 4, "... Hospital" 11 of 12,
    # "... Bridge" 9 of 10, "... Church" and "... Museum" every time)
    "Square", "Bridge", "Hospital", "Church", "Museum", "Stadium", "Mosque", "Cathedral", "Synagogue",
})  # fmt: skip
# tails that are no family name: a person span ending in one is a place
PLACE_ONLY_TAILS = frozenset({
    "Sea", "Ocean", "Strait", "Straits", "Desert", "Mountains", "Peninsula", "Islands", "Oasis", "Canal",
    "Airport", "Isthmus", "Plateau", "Stadium", "Museum", "Mosque", "Cathedral", "Synagogue",
})  # fmt: skip
# armed and police forces (CoNLL train + valid: "... Army" ORG 7 of 7, "... Force" 3 of 3,
# "... Corps" 3 of 3, "... Police" 3 of 3; "Front" left out: "Western Front")
FORCE_TAILS = frozenset({
    "Army", "Navy", "Fleet", "Force", "Forces", "Guard", "Guards", "Command", "Corps", "Brigade", "Brigades",
    "Regiment", "Police", "Militia",
})  # fmt: skip
# an organisation's tail word (CoNLL train, names of two words or more: "... Party" ORG 45 of 45,
# "... Commission" 32 of 32, "... Ministry" 26 of 26, "... Exchange" 20 of 22, "... Association"
# 17 of 18, "... Council" 16 of 16, "... Department" 15 of 15, "... Service" 14 of 14, "... Group"
# 11 of 11, "... Desk" 11 of 11): ORG whatever the model said ("New York Stock Exchange" LOC)
ORG_TAILS = frozenset({
    "Party", "Commission", "Ministry", "Exchange", "Association", "Council", "Department", "Service", "Group",
    "Desk",
})  # fmt: skip
CLUB_SUFFIXES = frozenset({"SC", "FC", "AC", "CF", "SK", "FK"})
# feature words that end a place name the model left untagged ("Nile Delta", "Aswan High Dam")
FEATURE_WORDS = frozenset({"Sea", "Ocean", "River", "Strait", "Desert", "Mountains", "Valley", "Peninsula",
                           "Delta", "Dam", "Plateau", "Oasis", "Canal"})
ORDINALS = frozenset({"First", "Second", "Third", "Fourth", "Fifth"})
GEO_HEADS_OF = frozenset({
    "Gulf", "Isthmus", "Strait", "Straits", "Bay", "Sea", "Peninsula", "Island", "Islands", "Valley", "Desert",
    "Lake", "Cape",
})  # fmt: skip
GEO_HEADS = frozenset({"Cape", "Lake", "Mount", "Mt"})
MISC_TAILS = frozenset({"Convention", "Conventions", "Accord", "Accords", "Agreement", "Prize", "Award"})
# sports competitions (CoNLL train + valid: "... Cup" MISC 106 of 106, "... Open" 72 of 72,
# "... Championship(s)" 14 of 14, "... Classic" 8 of 8, "... Grand Prix" 5 of 5; and Spanish
# "La Liga", which the model calls a body)
COMPETITION_TAILS = frozenset({"Cup", "Open", "Championship", "Championships", "Classic", "Prix", "Liga"})
# "... League" is MISC 42 times and ORG 6 (parties: "Awami League", "Pakistan Muslim League";
# "National Football League"): MISC when the model did not say ORG, or after a sports word
LEAGUE = "League"
LEAGUE_HEADS = frozenset({"Premier", "Champions", "Europa", "Conference", "Super", "Major", "Nations", "Premiership"})
# competitions the model leaves untagged: capitalised words before "Cup" or a sports "League"
# ("Premier League leaders Arsenal"), and the leagues without such a word (CoNLL: "Bundesliga" 9 of 9)
COMPETITION_WORDS = frozenset({"Cup", LEAGUE})
LEAGUES = frozenset({"Bundesliga", "Eredivisie", "Serie A", "Ligue 1", "La Liga"})
LEAGUE_FIRST_WORDS = frozenset(name.split()[0] for name in LEAGUES)
# a court is a body (CoNLL train + valid: "... Court" ORG 15 of 18; the 3 are "Stadium Court", a venue)
COURT = "Court"
COURT_VENUES = frozenset({"Stadium", "Centre", "Center", "Show"})
MISC_HEADS_OF = frozenset({"Battle", "Treaty", "Siege", "Declaration", "Code"})
PRIZES = frozenset({"Prize", "Award", "Medal", "Trophy"})
OPERATION = "Operation"
WORKS = frozenset({
    "album", "film", "movie", "song", "single", "novel", "book", "play", "series", "show", "opera", "poem",
    "documentary", "musical", "painting",
})  # fmt: skip
MAX_TITLE_WORDS = 8
MAKERS = frozenset({"Airbus", "Boeing", "Embraer", "Bombardier", "Sukhoi", "Tupolev", "Antonov", "Ilyushin"})
MODEL_NUMBER = re.compile(r"^[A-Z]{0,3}-?\d{2,4}(?:-?[A-Za-z0-9]+)*$")


def _kind(words: list[str], span: Span) -> str | None:
    """The type the span's head or tail word gives, else None."""
    first, last = words[span.start], words[span.end - 1]
    n = span.end - span.start
    if n >= 2 and last == COURT and span.label != "ORG" and first not in COURT_VENUES:
        return "ORG"
    if n >= 2 and last in ORG_TAILS and span.label != "ORG":
        return "ORG"
    if n >= 2 and not any(w in ORG_HEADS for w in words[span.start : span.end]):
        if last in GEO_TAILS and (span.label != "PER" or last in PLACE_ONLY_TAILS):
            return "LOC"
        if words[span.start + 1] == "of" and n >= 3:
            if first in GEO_HEADS_OF:
                return "LOC"
            if first in MISC_HEADS_OF:
                return "MISC"
        if first in GEO_HEADS and span.label != "PER":
            return "LOC"
        if last in FORCE_TAILS and span.label in ("LOC", "MISC"):
            return "ORG"
        if last in MISC_TAILS or last in COMPETITION_TAILS:
            return "MISC"
        if last == LEAGUE and (span.label != "ORG" or first in LEAGUE_HEADS):
            return "MISC"
    return None


def _capitalised_run(words: list[str], k: int, covered: list[bool], limit: int = 3) -> int:
    """How many untagged capitalised words start at ``words[k]`` (at most ``limit``)."""
    n = 0
    while n < limit and k + n < len(words) and not covered[k + n] and words[k + n][:1].isupper():
        n += 1
    return n


def apply(analysis: Analysis) -> None:
    words = analysis.words
    for span in analysis.spans:
        if span.canonical is None:
            kind = _kind(words, span)
            if kind is not None:
                span.label = kind
    # a prize "in"/"for" its field, "... of the Year": one MISC
    for span in list(analysis.spans):
        if span not in analysis.spans:
            continue  # given way to a longer one
        k = span.end
        if words[span.end - 1] in PRIZES and k + 1 < len(words) and words[k] in ("in", "for") \
                and words[k + 1][:1].isupper():
            end = k + 2
            while end < len(words) and words[end][:1].isupper():
                end += 1
            put(analysis, Span(span.start, end, "MISC"))
        elif words[k : k + 3] == ["of", "the", "Year"]:
            put(analysis, Span(span.start, k + 3, "MISC"))
    # a maker before a model number
    for span in analysis.spans:
        if span.end - span.start == 1 and words[span.start] in MAKERS and span.end < len(words) \
                and MODEL_NUMBER.match(words[span.end]) and any(ch.isdigit() for ch in words[span.end]):
            span.label = "MISC"
    # the film "The Crying Game"
    for k, word in enumerate(words[:-2]):
        if word.lower() in WORKS and words[k + 2][:1].isupper():
            shut = quoted_title_end(words, analysis.spans, k + 1, MAX_TITLE_WORDS)
            if shut is not None:
                put(analysis, Span(k + 2, shut, "MISC"))
    covered = covered_words(analysis.spans, len(words))
    for span in list(analysis.spans):
        k = span.start
        # "Al Ahly SC": a club's suffix the model tagged alone takes the name before it
        if span.end - k == 1 and words[k] in CLUB_SUFFIXES:
            start = name_words_before(words, k, covered, 3)
            if start < k:
                put(analysis, Span(start, span.end, "ORG"))
        # "Second Battle of Sirte", "Second World War": the words before the place or the war
        elif (k >= 2 and words[k - 1] == "of" and words[k - 2] == "Battle" and not covered[k - 2]
              and span.label == "LOC"):
            start = k - 3 if k >= 3 and words[k - 3] in ORDINALS and not covered[k - 3] else k - 2
            put(analysis, Span(start, span.end, "MISC"))
        elif words[k : k + 2] == ["World", "War"] and k >= 1 and words[k - 1] in ORDINALS and not covered[k - 1]:
            put(analysis, Span(k - 1, span.end, "MISC"))
    # "the Nile Delta", "Aswan High Dam": a feature word after name words the model left untagged
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words):
        if word not in FEATURE_WORDS or k == 0:
            continue
        at = [s for s in analysis.spans if s.start <= k < s.end]
        if at and (at[0].start, at[0].end) != (k, k + 1):
            continue  # inside a longer name: the first loop's business
        start = name_words_before(words, k, covered, 3)
        if start < k:
            put(analysis, Span(start, k + 1, "LOC"))
            covered[start : k + 1] = [True] * (k + 1 - start)
    # "Premier League leaders Arsenal", "the Bundesliga": a competition the model left untagged
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words):
        if covered[k]:
            continue
        if word in COMPETITION_WORDS:
            start = name_words_before(words, k, covered, 3)
            if start == k and k and not covered[k - 1] and words[k - 1].isupper() and 2 <= len(words[k - 1]) <= 4:
                start = k - 1  # "FA Cup"
            if start < k and (word != LEAGUE or words[start] in LEAGUE_HEADS):
                put(analysis, Span(start, k + 1, "MISC"))
                covered[start : k + 1] = [True] * (k + 1 - start)
        elif word in LEAGUE_FIRST_WORDS:
            n = 1 if word in LEAGUES else 2
            if " ".join(words[k : k + n]) in LEAGUES and not any(covered[k : k + n]):
                put(analysis, Span(k, k + n, "MISC"))
                covered[k : k + n] = [True] * n
    # "Operation Aspides": an operation the model left untagged
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words[:-1]):
        if word == OPERATION and not covered[k]:
            n = _capitalised_run(words, k + 1, covered)
            if n:
                put(analysis, Span(k, k + 1 + n, "MISC"))
                covered[k : k + 1 + n] = [True] * (1 + n)
