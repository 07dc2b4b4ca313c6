"""Line classification for scraped plain-text pages.

A page is cut into units (a line, or a hard-wrapped block joined back into one line) and
every unit gets one kind: a date line, a labelled date stamp, a byline, a breadcrumb, a
footer marker, an inline "Read more: ..." link, a teaser ending in an ellipsis, a body
paragraph, a sentence, or a short line (title candidates, sub-headings, navigation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from articles.parsing.authors import BY_WORDS, WROTE, looks_like_name, split_byline
from articles.parsing.clean import clean_line, normalise_newlines, words
from articles.parsing.dates import find_date, is_clock_time, is_date_only
from articles.parsing.language import script_of


class Kind(Enum):
    DATE = "date"  # nothing but a date: "Monday , 4 December 2023"
    STAMP = "stamp"  # labelled date: "Published: 2024-03-05", "Updated 14:32 GMT, 5 March 2024"
    META = "meta"  # byline and/or dates and reading time: "By Jane Doe | 5 March 2024"
    BREADCRUMB = "breadcrumb"  # "Home / Normal / Title"
    NAV = "nav"  # "Politics | Economy | Sport"
    SECTION = "section"  # "Section: Politics"
    RELATED_MARKER = "related-marker"  # "Read more:", "Check Also", "Related"
    END_MARKER = "end-marker"  # "Share this", "Tags: ...", "© 2024 ...", newsletter, comments
    CREDIT = "credit"  # "(Reporting by ...; Editing by ...)"
    INLINE_LINK = "inline-link"  # "Read more: Parallel government to hold ..."
    NOISE = "noise"  # "Advertisement", "Scroll to continue"
    URL = "url"
    TEASER = "teaser"  # a line ending in "…"
    BODY = "body"  # a paragraph of article prose
    SENTENCE = "sentence"  # a short line ending like a sentence
    SHORT = "short"  # anything else: title candidates, sub-headings, menus


@dataclass
class Unit:
    text: str
    kind: Kind
    dates: list[str] = field(default_factory=list)
    updated: bool = False
    names: list[str] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    link_title: str | None = None

    @property
    def word_count(self) -> int:
        return len(words(self.text))


_RELATED = (
    r"read\s+more|read\s+also|also\s+read|see\s+also|check\s+also|related(?:\s+(?:articles?|news|stories|posts|"
    r"coverage|content|topics|links))?|more\s+(?:on\s+this\s+story|from\s+[\w\s]{2,30}|stories|news|in\s+[\w\s]{2,20})|"
    r"you\s+(?:may|might)\s+(?:also\s+)?like|recommended(?:\s+for\s+you)?|further\s+reading|"
    r"don'?t\s+miss|اقرأ\s+أيضا|اقرأ\s+أيضاً|اقرأ\s+ايضا|إقرأ\s+أيضا|lire\s+aussi"
)
_RELATED_BARE = re.compile(rf"^(?:{_RELATED})\s*[:.…>»\-–]*$", re.IGNORECASE)
_RELATED_INLINE = re.compile(
    rf"^(?:{_RELATED}|read|also|see)\s*[:>»\-–]\s*(?P<title>\S.{{5,}})$", re.IGNORECASE
)
_END = re.compile(
    r"^(?:share(?:\s+(?:this|on|via)\b.*)?|share\s+this\s+(?:article|story|post)|tags?\s*:.*|tagged\s*:.*|keywords\s*:.*|"
    r"topics\s*:.*|(?:©|\(c\)|copyright\b).*|all\s+rights\s+reserved.*|"
    r"(?:sign\s+up|subscribe)\b.{0,80}|.{0,40}\bnewsletter\b.{0,60}|"
    r"(?:comments?|leave\s+a\s+(?:comment|reply)|\d+\s+comments?|post\s+a\s+comment)\s*:?|"
    r"(?:most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|popular\s+posts|latest\s+news|"
    r"follow\s+us\b.*|print\s+this\s+(?:article|page)|email\s+this\s+(?:article|page)|"
    r"about\s+the\s+author|related\s+tags)\s*:?)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^[(\[]?\s*(?:reporting|writing|editing|additional\s+reporting|compiled)\s+by\b", re.I)
_NOISE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?:\s+content)?|scroll\s+to\s+continue.*|continue\s+reading.*|"
    r"click\s+here\b.*|skip\s+(?:to\s+)?(?:content|ad)|ad|loading\.*|إعلان|"
    r"publicit[ée]|contenu\s+sponsoris[ée]|lire\s+la\s+suite.*|cliquez\s+ici\b.*|محتوى\s+مدعوم)$",
    re.IGNORECASE,
)
_STAMP = re.compile(
    r"^(?P<label>(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|date(?:\s+published)?|"
    r"(?:last\s+)?updated(?:\s+on)?|modified|publié(?:\s+le)?|mis\s+à\s+jour(?:\s+le)?|date\s+de\s+publication|"
    r"نُ?شِ?رَ?(?:\s+(?:في|بتاريخ))?|بتاريخ|تاريخ\s+النشر|آخر\s+تحديث|تم\s+التحديث|تحديث)\s*[:\-–]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    rf"^(?:(?:written|reported|words)\s+)?{BY_WORDS}\s*:?\s+\S|^{WROTE}\s*\S|^(?:authors?|byline)\s*[:\-–]\s*\S",
    re.IGNORECASE,
)
_READING_TIME = re.compile(r"^\d+\s*-?\s*min(?:ute)?s?\s*(?:read|reading)?$|^\d+\s+views?$", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?:section|category|categories|filed\s+under|القسم)\s*[:\-–]\s*(?P<name>.{2,40})$", re.IGNORECASE
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CRUMB_SEP = re.compile(r"\s+(?:/|>|»|›|\\|→|::)\s+")
_HOME = re.compile(r"^(?:home|homepage|main|accueil|الرئيسية|الصفحة\s+الرئيسية|start|news)$", re.IGNORECASE)
_SEGMENT_SEP = re.compile(r"\s+(?:\||•|·|—|–|-)\s+")
_TEASER_END = ("…", "...", "[…]", "[...]", "(…)")
_SENTENCE_END = (".", "!", "?", ":", "؟", "。", ";")
_TRAILING_CLOSERS = "\"'”’»)]*"
_LONG_LINE = 600


_LAST_STOP = re.compile(r"[.!?؟。]['\"”’»)\]]*\s+(?P<tail>[^.!?؟。]{1,60})$")


def without_foreign_tail(text: str) -> str:
    """``text`` without a short trailing gloss in another script after its last full stop
    ("… in Tripoli on Sunday. طرابلس" -> "… in Tripoli on Sunday.")."""
    match = _LAST_STOP.search(text)
    if not match:
        return text
    tail = [ch for ch in match.group("tail") if ch.isalpha()]
    head = [ch for ch in text[: match.start("tail")] if ch.isalpha()]
    if not tail or not head:
        return text
    tail_scripts = {script_of(ch) for ch in tail}
    head_main = max(set(map(script_of, head)), key=[script_of(ch) for ch in head].count)
    return text[: match.start("tail")].rstrip() if head_main not in tail_scripts else text


def ends_like_sentence(text: str) -> bool:
    text = without_foreign_tail(text)
    return text.rstrip(_TRAILING_CLOSERS).endswith(_SENTENCE_END) and not is_teaser(text)


def is_teaser(text: str) -> bool:
    return text.rstrip().endswith(_TEASER_END)


def split_units(text: str) -> list[str]:
    """Lines of the page; a hard-wrapped block (see ``_is_wrapped``) is joined back into one
    unit. Blank lines and rules made only of punctuation ("=====") are dropped."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", normalise_newlines(text)):
        lines = [clean_line(line) for line in block.split("\n")]
        lines = [line for line in lines if words(line) or _is_symbolic(line)]
        if _is_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _is_symbolic(line: str) -> bool:
    """Lines without words worth keeping: "©", "…"; not rules such as "=====" or "* * *"."""
    return bool(line) and not re.fullmatch(r"[\W_]*", line.replace("©", "a").replace("…", "a"))


_PLAIN_KINDS = frozenset({Kind.BODY, Kind.SENTENCE, Kind.SHORT, Kind.TEASER})


def _is_wrapped(lines: list[str]) -> bool:
    """A paragraph broken at a fixed width: every line but the last 50–100 characters long,
    none of them metadata, and (for two lines) the break falling inside a sentence."""
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines]
    if not all(50 <= w <= 100 for w in widths[:-1]) or widths[-1] > 100:
        return False
    if any(classify(line).kind not in _PLAIN_KINDS for line in lines):
        return False
    if len(lines) == 2:
        return lines[1][:1].islower() or (ends_like_sentence(lines[1]) and not ends_like_sentence(lines[0]))
    return True


def _crumbs(text: str) -> list[str] | None:
    parts = [p.strip() for p in _CRUMB_SEP.split(text)]
    if len(parts) < 2 or any(not p for p in parts):
        return None
    if _HOME.match(parts[0]) or (len(parts) >= 3 and all(len(words(p)) <= 4 for p in parts[:-1])):
        return parts
    return None


def _nav(text: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s*[|•·]\s*", text)]
    return len(parts) >= 3 and all(0 < len(words(p)) <= 3 for p in parts)


# a stamp's label after a byline with no separator ("By Jane Doe Published: 3 Dec 2024", an HTML
# byline and date printed side by side): a segment starts there
_STAMP_INSIDE = re.compile(
    r"\s+(?=(?:published|posted|updated|publié\s+le|mis\s+à\s+jour|نشر\s+(?:في|بتاريخ)|آخر\s+تحديث)\s*:?\s)",
    re.IGNORECASE,
)


def _meta_segments(unit: Unit) -> bool:
    """Fill ``unit`` from a line made only of byline / date / stamp / reading-time segments."""
    segments = [piece.strip() for s in _SEGMENT_SEP.split(unit.text) for piece in _STAMP_INSIDE.split(s)
                if piece.strip()]
    found_meta = False
    for segment in segments:
        if _BYLINE.match(segment) and _byline_names(segment):
            unit.names.extend(_byline_names(segment))
            found_meta = True
        elif (iso := _segment_date(segment)) is not None:
            unit.dates.append(iso)
            unit.updated = unit.updated or _is_update(segment)
            found_meta = True
        elif (_READING_TIME.match(segment) or is_clock_time(segment)
              or (looks_like_name(segment) and len(words(segment)) <= 3)):
            continue  # "5 min read", the stamp's time after a dash ("- 02:20 pm"), a name
        else:
            return False
    return found_meta


def _segment_date(segment: str) -> str | None:
    stamp = _stamp_date(segment)
    if stamp is not None:
        return stamp
    hit = find_date(segment) if is_date_only(segment) else None
    return hit.iso if hit else None


def _is_update(text: str) -> bool:
    return bool(re.match(r"(?:last\s+)?updat|modif|mis\s+à|آخر|تم\s+التحديث|تحديث", text, re.IGNORECASE))


def _stamp_date(text: str) -> str | None:
    match = _STAMP.match(text)
    if not match:
        return None
    hit = find_date(match.group("rest"))
    return hit.iso if hit and hit.has_year else None


def _byline_names(text: str) -> list[str]:
    names = split_byline(text)
    return names if names and all(looks_like_name(n) for n in names) else []


def is_related_label(line: str) -> bool:
    """Whether ``line`` is the heading of a box of links to other articles ("Read more",
    "Lire aussi", "اقرأ أيضا")."""
    return len(line) < 60 and _RELATED_BARE.match(line.strip()) is not None


def is_noise(line: str) -> bool:
    """Whether ``line`` is an advertising or navigation label ("Advertisement", "Publicité",
    "إعلان", "Continue reading"), never article text."""
    return len(line) < 120 and _NOISE.match(line.strip()) is not None


def classify(text: str) -> Unit:
    """The kind of one unit of a text page."""
    unit = Unit(text=text, kind=Kind.SHORT)
    if len(text) > _LONG_LINE:  # too long to be page furniture
        unit.kind = _prose_kind(text)
    elif is_date_only(text):
        hit = find_date(text)
        unit.kind, unit.dates = Kind.DATE, [hit.iso] if hit else []
    elif _STAMP.match(text) and _stamp_date(text) and len(text) < 120:
        unit.kind, unit.dates, unit.updated = Kind.STAMP, [str(_stamp_date(text))], _is_update(text)
    elif len(text) < 160 and _meta_segments(unit):
        unit.kind = Kind.META
    else:
        _classify_other(unit)
    return unit


def _classify_other(unit: Unit) -> None:
    text = unit.text
    crumbs = _crumbs(text) if len(text) < 300 else None
    inline = _RELATED_INLINE.match(text)
    section = _SECTION.match(text)
    if crumbs:
        unit.kind, unit.crumbs = Kind.BREADCRUMB, crumbs
    elif _RELATED_BARE.match(text):
        unit.kind = Kind.RELATED_MARKER
    elif inline and not ends_like_sentence(inline.group("title")) and len(words(text)) <= 30:
        unit.kind, unit.link_title = Kind.INLINE_LINK, inline.group("title").strip()
    elif _CREDIT.match(text):
        unit.kind = Kind.CREDIT
        unit.names = split_byline(re.sub(r"^[(\[]\s*", "", text).split(";")[0].rstrip(")] "))
    elif len(text) < 200 and _END.match(text):
        unit.kind = Kind.END_MARKER
    elif _NOISE.match(text):
        unit.kind = Kind.NOISE
    elif _URL.match(text):
        unit.kind = Kind.URL
    elif section:
        unit.kind, unit.crumbs = Kind.SECTION, [section.group("name").strip()]
    elif _nav(text):
        unit.kind = Kind.NAV
    else:
        unit.kind = _prose_kind(text)


_LEADING_FURNITURE = frozenset({Kind.DATE, Kind.STAMP, Kind.META, Kind.BREADCRUMB, Kind.NAV})
_TRAILING_FURNITURE = frozenset({
    Kind.DATE, Kind.STAMP, Kind.META, Kind.NAV, Kind.END_MARKER, Kind.RELATED_MARKER, Kind.NOISE, Kind.URL,
})


def trim_furniture(lines: list[str]) -> list[str]:
    """Extracted main text without the date, byline and breadcrumb lines it starts with and
    the share/tags/newsletter lines it ends with."""
    start, end = 0, len(lines)
    while start < end and len(lines[start]) < 200 and classify(lines[start]).kind in _LEADING_FURNITURE:
        start += 1
    while end > start and len(lines[end - 1]) < 200 and classify(lines[end - 1]).kind in _TRAILING_FURNITURE:
        end -= 1
    return lines[start:end]


def _prose_kind(text: str) -> Kind:
    count = len(words(text))
    if is_teaser(text):
        return Kind.TEASER
    ending = without_foreign_tail(text).rstrip(_TRAILING_CLOSERS)
    if count >= 20 or (count >= 8 and ending.endswith((".", ":", ";", "。"))):
        return Kind.BODY
    if ends_like_sentence(text) and not text.rstrip(_TRAILING_CLOSERS).endswith(("?", "!", "؟")):
        return Kind.SENTENCE
    return Kind.SHORT
