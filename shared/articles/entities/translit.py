"""Arabic-script / Latin-script name matching (pure Python, a learned table).

Is ``شكري`` the same name as ``Shoukry``? A character-alignment model answers. Each Arabic
letter (marked as word-initial, medial or final) writes a Latin segment of zero to four
letters (ش -> ``sh``, ``ch``; ك -> ``k``; final ي -> ``y``, ``i``; و -> ``ou``, ``w``, ``o``).
The segment probabilities were learned by expectation-maximisation over public name pairs
(``training/translit/train.py``; the table ships as ``data/translit.json``). A pair's score
is how much better the Arabic word explains the Latin spelling than chance does: the
log-likelihood of the Latin word given the Arabic word (summed over all alignments) minus
its log-likelihood under a Latin letter model, per Latin letter. Names the lists lack
(Shoukry, Nazhuri, Dbeibah) are scored by the same letter rules, so the matcher
generalises rather than looks up.

:func:`same_word` and :func:`same_name` compare one word and whole names; :func:`latin_fold`
folds French spellings onto English ones for Latin/Latin comparisons (``Choukri`` ->
``shukri``, ``Kaïs`` -> ``kais``, ``Djerba`` -> ``jerba``).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from articles.entities.arabic import is_arabic, normalise

TABLE_PATH = Path(__file__).resolve().parent / "data" / "translit.json"
MAX_SEGMENT = 4
# Score threshold of "same" (chosen on a split of the training pairs, see the trainer).
DEFAULT_THRESHOLD = 0.0

_NON_LETTER = re.compile(r"[^a-z]+")


def latin_word(text: str) -> str:
    """Lower-case letters only, accents removed (``Saïed`` -> ``saied``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_LETTER.sub("", text)


def arabic_word(text: str) -> str:
    """Normalised Arabic letters only."""
    return "".join(ch for ch in normalise(text) if is_arabic(ch))


def symbols(word: str) -> list[str]:
    """An Arabic word's letters with their position: ``^`` first, ``$`` last, none inside."""
    n = len(word)
    if n == 1:
        return ["^" + word + "$"]
    return ["^" + word[0], *word[1:-1], word[-1] + "$"]


class Table:
    """Segment probabilities P(latin segment | arabic symbol) and a Latin letter model."""

    def __init__(self, emit: dict[str, dict[str, float]], letters: dict[str, float], threshold: float) -> None:
        self.emit = emit
        self.letters = letters
        self.threshold = threshold
        self._floor = min(letters.values()) if letters else 1e-4

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(data["emit"], data["letters"], float(data.get("threshold", DEFAULT_THRESHOLD)))

    def to_json(self) -> dict[str, Any]:
        return {"emit": self.emit, "letters": self.letters, "threshold": self.threshold}

    def loglik(self, arabic: str, latin: str) -> float:
        """log P(latin | arabic), summed over every monotone alignment (-inf if none)."""
        syms = symbols(arabic)
        m = len(latin)
        alpha = [0.0] * (m + 1)
        alpha[0] = 1.0
        for sym in syms:
            table = self.emit.get(sym) or self.emit.get(sym.strip("^$"), {})
            nxt = [0.0] * (m + 1)
            for j in range(m + 1):
                a = alpha[j]
                if a == 0.0:
                    continue
                p0 = table.get("", 0.0)
                if p0:
                    nxt[j] += a * p0
                for k in range(1, MAX_SEGMENT + 1):
                    if j + k > m:
                        break
                    p = table.get(latin[j : j + k])
                    if p:
                        nxt[j + k] += a * p
            alpha = nxt
        return math.log(alpha[m]) if alpha[m] > 0 else float("-inf")

    def background(self, latin: str) -> float:
        """log P(latin) under a unigram letter model (with a stop probability)."""
        return sum(math.log(self.letters.get(ch, self._floor)) for ch in latin) + math.log(
            self.letters.get("$", 0.15)
        )

    def score(self, arabic: str, latin: str) -> float:
        """Log-likelihood ratio per Latin letter; above :attr:`threshold` means "same"."""
        ar, la = arabic_word(arabic), latin_word(latin)
        if not ar or not la:
            return float("-inf")
        ll = self.loglik(ar, la)
        if ll == float("-inf"):
            return ll
        return (ll - self.background(la)) / (len(la) + 1)


@lru_cache(maxsize=1)
def table() -> Table:
    """The shipped table (loaded once)."""
    return Table.from_json(json.loads(TABLE_PATH.read_text(encoding="utf-8")))


@lru_cache(maxsize=65536)
def word_score(arabic: str, latin: str) -> float:
    return table().score(arabic, latin)


_FINAL_LONG_U = re.compile(r"(?:ou|oo)[^aeiouy]$")


def vowels_agree(arabic: str, latin: str) -> bool:
    """The long vowel of a last syllable must agree (Arabic writes it; only short vowels
    are left out): a و before the last letter (محمود) needs an ``o``/``u`` in the Latin
    word's last vowels (Mahmoud, not Mohamed), and a Latin ``-oud``/``-oum`` ending needs
    that و (Mahmoud is not محمد)."""
    ar, la = arabic_word(arabic), latin_word(latin)
    waw_last = len(ar) >= 3 and ar[-2] == "و"
    if _FINAL_LONG_U.search(la) and not waw_last:
        return False
    if waw_last:  # و as a vowel (-oud) or a consonant (-awi, -wa): o, u, w or v near the end
        return any(ch in la[-4:] for ch in "ouwv")
    return True


def same_word(arabic: str, latin: str, *, margin: float = 0.0) -> bool:
    """Whether Latin ``latin`` spells Arabic ``arabic`` (one word each)."""
    t = table()
    return word_score(arabic, latin) >= t.threshold + margin and vowels_agree(arabic, latin)


# ---------------------------------------------------------------- Latin / Latin
_FRENCH = [
    (re.compile(r"tch"), "ch"),
    (re.compile(r"(?<!s)ch"), "sh"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"qu"), "k"),
    (re.compile(r"y$"), "i"),
    (re.compile(r"ee"), "i"),
]


def latin_fold(word: str) -> str:
    """A Latin name word with French and English transliteration habits folded together:
    ``Choukri``/``Shoukry`` -> ``shukri``, ``Djerba`` -> ``jerba``, ``Saïed`` -> ``saied``."""
    w = latin_word(word)
    for pattern, repl in _FRENCH:
        w = pattern.sub(repl, w)
    return w


# ---------------------------------------------------------------- whole names
_LATIN_ARTICLES = ("al", "el")


def _latin_words(name: str) -> list[str]:
    return [w for w in (latin_word(p) for p in re.split(r"[\s\-‐‑–—_'’]+", name)) if w]


def _arabic_words(name: str) -> list[str]:
    return [w for w in (arabic_word(p) for p in name.split()) if w]


_ABD_LATIN = ("abdul", "abdel", "abdal", "abdoul", "abdol", "abdil", "abd", "abdu")


def _glue_abd_arabic(words: list[str]) -> list[str]:
    """``عبد الرزاق`` -> ``عبدالرزاق`` (the compound as one word)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "عبد" and i + 1 < len(words):
            out.append(words[i] + words[i + 1])
            i += 2
            continue
        out.append(words[i])
        i += 1
    return out


def _glue_abd_latin(words: list[str]) -> list[str]:
    """``abdul razzaq`` / ``abd al razzaq`` -> ``abdulrazzaq`` / ``abdalrazzaq``."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _ABD_LATIN and i + 1 < len(words):
            nxt = words[i + 1]
            if w == "abd" and nxt in _LATIN_ARTICLES and i + 2 < len(words):
                out.append(w + nxt + words[i + 2])
                i += 3
                continue
            out.append(w + nxt)
            i += 2
            continue
        out.append(w)
        i += 1
    return out


def _join_articles(words: list[str]) -> list[list[str]]:
    """Readings of Latin words where a separate article is glued to the next word
    (``al sisi`` -> ``alsisi``) or dropped (``sisi``)."""
    out = [words]
    glued: list[str] = []
    dropped: list[str] = []
    i = 0
    changed = False
    while i < len(words):
        if words[i] in _LATIN_ARTICLES and i + 1 < len(words):
            glued.append(words[i] + words[i + 1])
            dropped.append(words[i + 1])
            i += 2
            changed = True
            continue
        glued.append(words[i])
        dropped.append(words[i])
        i += 1
    if changed:
        out += [glued, dropped]
    return out


def _arabic_readings(word: str) -> list[str]:
    """An Arabic name word with and without its article (السيسي -> سيسي)."""
    out = [word]
    if word.startswith("ال") and len(word) > 4:
        out.append(word[2:])
    return out


def _words_match(ar: str, la: str) -> bool:
    if not any(same_word(a, la) for a in _arabic_readings(ar)):
        # Latin spellings with an article the Arabic word lacks, or the reverse
        return la[:2] in _LATIN_ARTICLES and len(la) > 4 and any(same_word(a, la[2:]) for a in _arabic_readings(ar))
    return True


def cross_match(arabic_name: str, latin_name: str) -> bool:
    """Whether an Arabic-script name and a Latin-script name are one name: the same number
    of words (after gluing or dropping Latin articles) and every word pair matches."""
    ar_plain = _arabic_words(arabic_name)
    if not ar_plain:
        return False
    la_plain = _latin_words(latin_name)
    for ar in (ar_plain, _glue_abd_arabic(ar_plain)):
        for base in (la_plain, _glue_abd_latin(la_plain)):
            for la in _join_articles(base):
                if len(la) == len(ar) and all(_words_match(a, b) for a, b in zip(ar, la, strict=True)):
                    return True
    return False


def latin_match(a: str, b: str) -> bool:
    """Whether two Latin-script names are one name once French and English spelling habits
    are folded (``Sameh Choukri`` ~ ``Sameh Shoukry``; ``Kaïs Saïed`` ~ ``Kais Saied``)."""
    for wa in _join_articles(_latin_words(a)):
        for wb in _join_articles(_latin_words(b)):
            if len(wa) == len(wb) and all(latin_fold(x) == latin_fold(y) for x, y in zip(wa, wb, strict=True)):
                return True
    return False


def same_name(a: str, b: str) -> bool:
    """Whether names ``a`` and ``b`` (either script) are one name."""
    ara, arb = is_arabic(a), is_arabic(b)
    if ara and arb:
        return _arabic_words(a) == _arabic_words(b)
    if ara:
        return cross_match(a, b)
    if arb:
        return cross_match(b, a)
    return latin_match(a, b)
