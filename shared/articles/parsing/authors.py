"""Author names from bylines and metadata: "By Jane Doe and Omar Khaled, Staff Writers"
becomes ["Jane Doe", "Omar Khaled"]."""

from __future__ import annotations

import re
from collections.abc import Iterable

# what opens a byline, shared with the line classifier and the stamp reader: "by", "par", "بقلم",
# and "كتب:" / "كتبت:" ((he / she) wrote, always with its colon)
BY_WORDS = r"(?:by|par|بقلم)"
WROTE = r"كتبت?\s*:"
_BY = re.compile(rf"^\s*(?:(?:(?:written|reported|words|text|story)\s+)?{BY_WORDS}\s*:?|{WROTE})(?:\s+|$)",
                 re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:authors?|byline|writer|reporter|auteur)\s*[:\-–]\s*", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|\||,|\s&\s|\band\b|\bwith\b|\bet\b|\s·\s|\s•\s|/)\s*", re.IGNORECASE)
_ROLE_WORDS = frozenset({
    "staff", "writer", "writers", "correspondent", "correspondents", "reporter", "reporters", "editor",
    "editors", "contributor", "contributors", "columnist", "columnists", "journalist", "journalists", "desk",
    "team", "newsroom", "agencies", "agency", "senior", "chief", "special", "political", "economic",
    "diplomatic", "sports", "business", "international", "foreign", "affairs", "analyst", "producer",
    "photographer", "photographers", "bureau", "contributing", "associate", "managing", "deputy", "news",
    "and", "the",
})
# the last word of a job title printed after a name in the same run of text ("Jane Doe Senior
# Writer"), and the words a job title starts with
_ROLE_NOUNS = frozenset({
    "writer", "writers", "reporter", "reporters", "editor", "editors", "correspondent", "columnist", "journalist",
    "contributor", "expert", "founder", "co-founder", "cofounder", "consultant", "educator", "educators",
    "director", "manager", "coordinator", "specialist", "analyst", "officer", "ceo", "strategist", "researcher",
    "winemaker", "producer", "photographer", "designer", "engineer", "marketer",
})
_ROLE_STARTS = _ROLE_WORDS | _ROLE_NOUNS | frozenset({
    "former", "head", "lead", "tech", "technology", "content", "marketing", "executive", "editorial",
    "assistant", "principal", "freelance", "staff", "general", "product", "digital", "science", "health", "co",
})
# a part made only of these is a job title ("Co-Founder", "Former Editor"), not a name; words such
# as "marketing" are left out: "Marketing Team" signs as a team
_ROLE_ONLY = _ROLE_WORDS | _ROLE_NOUNS | frozenset({"co", "former", "head", "lead"})
_AGENCIES = frozenset({
    "reuters", "ap", "associated press", "afp", "agence france-presse", "agence france presse", "bloomberg",
    "anadolu", "anadolu agency", "mena", "xinhua", "dpa", "efe", "ansa", "kuna", "wam", "spa", "qna", "map",
    "tap", "lana", "cnn", "bbc",
})
_PLACE_SUFFIX = re.compile(r"\s+(?:in|from)\s+[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?\s*$")
_NOISE = re.compile(r"https?://\S+|\S+@\S+|@\w+|\(.*?\)")
_NAME_WORD = re.compile(
    r"^[A-ZÀ-ÖØ-Þ\u0600-\u06FF][\w'’.\-]*$"
    r"|^(?:al|el|bin|ibn|abu|de|da|van|von|der|du|la|le|ben|bint)[\-']?\w*$"
)


def _is_role(part: str) -> bool:
    tokens = re.findall(r"[a-z]+", part.lower())
    return bool(tokens) and all(t in _ROLE_ONLY for t in tokens)


def _without_trailing_role(part: str) -> str:
    """"Jane Doe Senior Autos Reporter" -> "Jane Doe": a part that ends in a job title of two
    words or more keeps the words before the first word that starts it (never fewer than two;
    "Digital Security Expert" alone is left to the role filter)."""
    tokens = part.split()
    if len(tokens) < 4 or tokens[-1].lower().strip(".,") not in _ROLE_NOUNS:
        return part
    for i in range(2, len(tokens) - 1):
        if tokens[i].lower().strip(".,") in _ROLE_STARTS:
            return " ".join(tokens[:i])
    return part


def looks_like_name(text: str) -> bool:
    """Two to six capitalised words (particles such as al-, bin, de allowed), or one to five
    Arabic-script words ("محمد حسن")."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return False
    if all(re.match("^[\u0600-\u06ff]+$", t) for t in tokens):
        return len(tokens) <= 5
    if len(tokens) == 1:
        return bool(re.match(r"^[A-Z][a-z]+$", tokens[0]))
    return all(_NAME_WORD.match(t) for t in tokens) and tokens[0][:1].isupper()


def _recase(name: str) -> str:
    """"AHMED ELEIBA" -> "Ahmed Eleiba"; names already in mixed case are left alone."""
    if not name.isupper() or len(name) < 4:
        return name
    return re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), name)


def split_byline(text: str) -> list[str]:
    """The names in one byline or author string, without "By", roles and place suffixes."""
    text = _NOISE.sub(" ", text)
    text = _BY.sub("", _LABEL.sub("", text))
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = _PLACE_SUFFIX.sub("", part.strip(" .:-–—\t"))
        part = _without_trailing_role(re.sub(r"\s+", " ", part).strip(" .:-–—"))
        if part and not _is_role(part) and len(part) <= 60:
            names.append(_recase(part))
    return _drop_affiliations(names)


def _drop_affiliations(names: list[str]) -> list[str]:
    """News agencies named next to people are affiliations ("By Jane Doe, Reuters")."""
    people = [n for n in names if n.casefold() not in _AGENCIES]
    return people or names


def clean_authors(values: Iterable[str]) -> list[str]:
    """Split, clean and de-duplicate author strings, keeping the first spelling and order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        for name in split_byline(value):
            key = name.casefold()
            if key not in seen and not name.lower().startswith(("http", "www.")):
                seen.add(key)
                out.append(name)
    return out
