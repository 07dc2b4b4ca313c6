"""Language of an article as an ISO 639-1 code: a declared tag when it is well formed,
otherwise py3langid on the body (its model ships inside the wheel).

py3langid alone is unreliable on one sentence: its 140 labels include regional varieties and
creoles that share most n-grams with a major language (plain English comes out as ``pcm``,
Nigerian Pidgin; a three-word headline as Finnish). Two general fixes, for every language:

- a prior: py3langid's raw naive-Bayes log-likelihoods plus the log of how common each
  language is in published web text (``_WEB_SHARE``, rough shares; every other ISO 639-1
  language a small share, the three-letter varieties a smaller one). On a paragraph the
  likelihood dominates and any language still wins on its own text; on a few words the
  prior breaks near-ties towards the language a news page is far more likely to be in;
- mixed script: the text is identified on the letters of its dominant script only ("… in
  Tripoli on Sunday. طرابلس" is judged on its Latin part, an Arabic article quoting an
  English name on its Arabic part)."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_THREE_TO_TWO = {"eng": "en", "ara": "ar", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es"}
_SAMPLE = 1200
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"})
_MIN_LETTERS = 20


def from_tag(tag: str | None) -> str | None:
    """The primary subtag of a declared language ("en-GB" -> "en"), None when malformed."""
    if not tag:
        return None
    match = _TAG.match(tag)
    if not match:
        return None
    code = match.group(1).lower()
    code = _THREE_TO_TWO.get(code, code)
    return code if len(code) == 2 and code not in ("xx", "un", "zz") else None


# Approximate share (%) of web pages per language (W3Techs-style content-language counts,
# rounded; Arabic raised to its share of news sites). Only the order of magnitude matters.
_WEB_SHARE = {
    "en": 50.0, "es": 6.0, "de": 5.5, "ja": 5.0, "fr": 4.5, "ru": 4.5, "pt": 3.5, "ar": 3.0, "it": 2.5,
    "nl": 1.7, "pl": 1.5, "tr": 1.5, "zh": 1.3, "fa": 1.2, "vi": 1.0, "id": 1.0, "cs": 0.9, "ko": 0.8,
    "uk": 0.7, "sv": 0.6, "he": 0.5, "el": 0.5, "hu": 0.5, "ro": 0.5, "da": 0.4, "fi": 0.3, "th": 0.3,
    "sk": 0.3, "bg": 0.3, "no": 0.3, "hr": 0.2, "sr": 0.2, "lt": 0.2, "sl": 0.1, "lv": 0.1, "et": 0.1,
    "hi": 0.1, "ms": 0.1, "ca": 0.1, "bn": 0.1, "ur": 0.1,
}
_OTHER_ISO1 = 0.03  # any other two-letter (ISO 639-1) language
_VARIETY = 0.003  # three-letter labels: regional varieties, creoles, historical languages
_SCRIPT_SHARE = 0.6  # a script holding this share of the letters is the one identified on


@lru_cache(maxsize=1)
def _identifier() -> tuple[Any, list[float]]:
    # imported here: py3langid brings numpy (≈ 85 ms) and its model loads in ≈ 0.3 s (0.7 from
    # the wheel's LZMA file: langid_model), paid by the first article that needs it, not by a
    # Lambda's init (issue #18)
    from articles.parsing.langid_model import load_identifier

    ident = load_identifier(norm_probs=False)
    prior = [math.log(_WEB_SHARE.get(c, _OTHER_ISO1 if len(c) == 2 else _VARIETY)) for c in ident.nb_classes]
    return ident, prior


def script_of(ch: str) -> str:
    """A coarse script name for one letter (Latin, Arabic, Cyrillic, CJK, else its code block)."""
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    if 0x600 <= cp <= 0x6FF or 0x750 <= cp <= 0x77F or 0x8A0 <= cp <= 0x8FF or 0xFB50 <= cp <= 0xFEFF:
        return "arabic"
    if 0x400 <= cp <= 0x52F:
        return "cyrillic"
    if 0x3040 <= cp <= 0x30FF or 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        return "cjk"  # kana and Han together: Japanese mixes them
    return f"block{cp >> 7}"


def dominant_script_text(text: str) -> str:
    """``text`` with the letters of scripts other than its dominant one blanked out (when
    one script holds most letters); digits, spaces and punctuation are kept."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            key = script_of(ch)
            counts[key] = counts.get(key, 0) + 1
    if len(counts) < 2:
        return text
    main, top = max(counts.items(), key=lambda kv: kv[1])
    if top < _SCRIPT_SHARE * sum(counts.values()):
        return text
    return "".join(ch if not ch.isalpha() or script_of(ch) == main else " " for ch in text)


def identify(text: str) -> str | None:
    """The most probable language of ``text`` (py3langid's likelihoods with the web prior,
    on the dominant script); None when there is too little text to tell."""
    sample = dominant_script_text(text[:_SAMPLE])
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    ident, prior = _identifier()
    scores = ident._decide(sample)  # raw log-likelihood per label (aliases folded)
    best = max(range(len(prior)), key=lambda i: float(scores[i]) + prior[i])
    return str(ident.nb_classes[best])


def warm_up() -> None:
    """Load py3langid's model now (≈0.5 s) instead of on the first article that needs it;
    for long-lived processes and Lambda cold starts."""
    identify("warm up the language model now")


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text[:_SAMPLE] if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return -1.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") / len(letters)


def _contradicts(tag: str, body: str) -> bool:
    """A declared tag that cannot be right for the text's script (templated sites often
    declare lang="en" on Arabic pages, and the reverse)."""
    share = _arabic_share(body)
    if share < 0:
        return False
    return share > 0.5 if tag not in _ARABIC_SCRIPT else share < 0.2


def detect_language(body: str, declared: str | None = None, title: str | None = None) -> str | None:
    """``declared`` if well formed and plausible for the text's script, else the language
    of the body (or title) text."""
    tag = from_tag(declared)
    if tag is not None and not _contradicts(tag, body):
        return tag
    return identify(body) or (identify(title) if title else None) or tag
