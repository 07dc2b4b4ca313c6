"""Tokenisation and per-article term features (pure, no I/O).

Terms are lower-cased word forms with a light plural stemmer (Harman's "S" stemmer), English
function words and boiler-plate news words removed. Name-like terms are found here, from
capitalisation, rather than taken from the entity tagger: tagging runs in parallel with
linking (both consume ``article.parsed``) and may not have finished, or may have failed, when an
article is linked; capitalisation is available at once and is enough to tell "Tara Reid" from
"Lindsay Lohan". A word counts as name-like when it is capitalised in mid-sentence (or is an
acronym); a sentence-initial capitalised word counts only if the same word is name-like elsewhere
in the article. Runs of two or three name-like words also give phrase terms ("tara reid"), which
are rarer, hence more discriminative, than either word.

Headlines written in Title Case capitalise every word, so their capitalisation only counts
for words that are name-like in the body too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and the most frequent words of news copy: never index terms.
STOPWORDS: frozenset[str] = _wordset(
    """
    a about above according across after afterwards again against ago ahead all almost alone
    along already also although always am among amongst an and another any anybody anyone
    anything anyway anywhere are around as at away back be became because become becomes been
    before beforehand behind being below beside besides between beyond both but by can cannot
    could did do does doing done down during each early earlier either else elsewhere enough etc
    even ever every everyone everything everywhere except far few first for former formerly from
    further get gets getting give given go goes going gone got had has have having he hence her
    here hereby herein hers herself him himself his how however i if in inc indeed into is it
    its itself just last later latter least less like likely made make makes many may maybe me
    meanwhile might mine more moreover most mostly mr mrs ms much must my myself namely near
    nearly neither never nevertheless new next no nobody none nor not nothing now nowhere of off
    often on once one only onto or other others otherwise our ours ourselves out over own per
    perhaps put rather re really said same say saying says see seem seemed seems several she
    should since so some somehow someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then there thereafter thereby therefore therein these
    they this those though through throughout thus to together too toward towards two under
    until up upon us very via was we well were what whatever when whence whenever where whereas
    whereby wherever whether which while who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves told tell tells according including
    include includes included also week weeks day days year years month months time times today
    yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday sunday people
    report reports reported reporting news story statement three four five six seven eight nine
    ten percent cent dont didnt doesnt isnt wasnt cant wont im ive youre theyre hes shes thats
    theres lets
    """
    # French and Arabic function words: without them a French article's heaviest terms, in an
    # index of mostly English news, were "de", "la", "les" (rare there, so of high weight);
    # not those that are English words too ("car", "son", "ton"); and the Arabic article of
    # transliterated names ("El-Baour", "al-Sisi"), on its own a term of every such article
    """
    le la les un une des du de au aux et ou mais donc or ni que qu qui quoi dont où ce cet
    cette ces ça il ils elle elles on nous vous je me te se lui leur leurs sa ses
    mon ma mes ta tes notre nos votre vos y en dans sur sous par pour avec sans entre vers
    chez contre depuis pendant avant après selon lors comme plus moins très aussi bien ne pas
    est sont été être était étaient sera seront a ont avait avaient aura auront fait faire
    dit déclaré mardi lundi mercredi jeudi vendredi samedi dimanche hier demain an ans
    année années jour jours mois semaine semaines deux trois quatre cinq six sept huit neuf dix
    tout tous toute toutes autre autres même mêmes si alors encore déjà ainsi cependant lequel
    laquelle lesquels auquel auxquels duquel aujourdhui
    el al
    في من إلى الى على عن مع أن ان إن أو او ثم قد لقد كان كانت يكون تكون هذا هذه ذلك تلك التي الذي
    الذين اللذين هو هي هم هن نحن أنا كما لكن بعد قبل خلال حتى منذ بين عند وفي ومن وعلى وإلى وأن
    وقال قال وقالت قالت أضاف وأضاف أكد وأكد اليوم أمس يوم عام العام لا لم لن ما كل بعض أي وهو
    وهي فيما بينما إلا غير حيث أيضا أيضاً كذلك
    """
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BREAKS = frozenset('.!?:;"“”\n')
_POSSESSIVE = re.compile(r"['’]s$")

PHRASE_MAX = 3

# Capitalised but not names: calendar words.
NOT_NAMES: frozenset[str] = _wordset(
    """
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec
    """
)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def stem(word: str) -> str:
    """Harman's S stemmer: only plural endings, so it never merges unrelated words."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])")


def term_of(word: str) -> str:
    """The index term of one surface word ("Lohan's" -> "lohan", "Rehabs" -> "rehab", the
    French "l'Égypte" -> "égypte")."""
    lower = _POSSESSIVE.sub("", _ELISION.sub("", word.casefold())).replace("’", "").replace("'", "")
    return stem(lower)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, stop words kept: the input of shingling."""
    return [m.group(0).casefold() for m in _WORD.finditer(normalize(text))]


def is_indexable(term: str) -> bool:
    if term in STOPWORDS or len(term) < 2:
        return False
    if term.isdigit():
        return len(term) >= 2
    return any(c.isalpha() for c in term)


@dataclass(frozen=True)
class _Tok:
    word: str
    term: str
    cap: bool
    acronym: bool
    initial: bool  # first word of a sentence (or of the text)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    last_end = 0
    text = normalize(text)
    for m in _WORD.finditer(text):
        gap = text[last_end : m.start()]
        initial = not out or any(ch in _BREAKS for ch in gap)
        w = m.group(0)
        letters = [c for c in w if c.isalpha()]
        cap = bool(letters) and w[0].isupper()
        acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
        out.append(_Tok(w, term_of(w), cap, acronym, initial))
        last_end = m.end()
    return out


@dataclass
class Features:
    """What one article contributes to the index: weighted term frequencies and name flags."""

    tf: Counter[str] = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)  # name-like single terms and phrases
    title_terms: set[str] = field(default_factory=set)
    first_pos: dict[str, int] = field(default_factory=dict)  # first occurrence (token index)
    n_tokens: int = 0


def _name_flags(toks: list[_Tok], known_names: set[str] | None) -> list[bool]:
    flags = []
    for t in toks:
        if not is_indexable(t.term) or t.term.isdigit() or t.term in NOT_NAMES:
            flags.append(False)
        elif t.acronym and len(t.word) <= 6:
            flags.append(True)
        elif t.cap and not t.initial:
            flags.append(known_names is None or t.term in known_names)
        else:
            flags.append(False)
    # a capitalised sentence-initial word is a name if it is one elsewhere, or if a name
    # follows it at once ("Nabil Harmoush said") unless the article also writes it in lower
    # case ("Actress Mara Quill ...", "... the actress")
    mid = {t.term for t, f in zip(toks, flags, strict=True) if f}
    lower = {t.term for t in toks if not t.cap}
    for i, t in enumerate(toks):
        if flags[i] or not (t.cap and t.initial) or not is_indexable(t.term) or t.term in NOT_NAMES:
            continue
        follows = i + 1 < len(toks) and flags[i + 1] and not toks[i + 1].initial
        if t.term in mid or (follows and t.term not in lower):
            flags[i] = True
    return flags


def _is_title_case(toks: list[_Tok]) -> bool:
    content = [t for t in toks if t.term not in STOPWORDS and any(c.isalpha() for c in t.word)]
    if len(content) < 3:
        return False
    return sum(t.cap for t in content) / len(content) >= 0.6


def _add(
    feats: Features, toks: list[_Tok], flags: list[bool], weight: int, offset: int, title: bool
) -> None:
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            for size in range(2, min(PHRASE_MAX, len(run)) + 1):
                for i in range(len(run) - size + 1):
                    phrase = " ".join(run[i : i + size])
                    feats.tf[phrase] += weight
                    feats.names.add(phrase)
                    if title:
                        feats.title_terms.add(phrase)
        run.clear()

    for i, (t, is_name) in enumerate(zip(toks, flags, strict=True)):
        if t.initial:
            flush()
        if is_name:
            run.append(t.term)
        else:
            flush()
        if not is_indexable(t.term):
            continue
        feats.tf[t.term] += weight
        feats.first_pos.setdefault(t.term, offset + i)
        if is_name:
            feats.names.add(t.term)
        if title:
            feats.title_terms.add(t.term)
    flush()


TITLE_WEIGHT = 2


def features(title: str | None, body: str) -> Features:
    """Term frequencies of an article (title words count ``TITLE_WEIGHT`` times), name-like
    terms and capitalised phrases. A body that repeats the title (as many feeds do) is not
    counted twice for its first sentence."""
    feats = Features()
    body_toks = _tokens(body)
    body_flags = _name_flags(body_toks, None)
    title_toks = _tokens(title or "")
    if title_toks and [t.term for t in body_toks[: len(title_toks)]] == [t.term for t in title_toks]:
        # the body starts with the title: count that part once more rather than twice
        lead = len(title_toks)
        _add(feats, body_toks[:lead], body_flags[:lead], TITLE_WEIGHT, 0, True)
        _add(feats, body_toks[lead:], body_flags[lead:], 1, lead, False)
    else:
        body_names = {t.term for t, f in zip(body_toks, body_flags, strict=True) if f}
        known = body_names if _is_title_case(title_toks) else None
        title_flags = _name_flags(title_toks, known)
        _add(feats, title_toks, title_flags, TITLE_WEIGHT, 0, True)
        _add(feats, body_toks, body_flags, 1, len(title_toks), False)
    feats.n_tokens = len(body_toks) + len(title_toks)
    return feats
