"""An HTML page's publication date, from the evidence the page states, strongest first:

1. JSON-LD ``datePublished`` of the page's article object;
2. a publication ``<meta>`` tag (``article:published_time``, ``pubdate``, Dublin Core …);
3. an element marked as the publication date: ``itemprop="datePublished"``, or a
   ``<time>`` near the top of the content (not in a footer, sidebar or comment, not
   labelled "Updated");
4. a date in the byline / header text above the article ("Published March 3, 2024",
   "By Jane Doe | 3 March 2024");
5. a date in the URL path.

trafilatura's own guess (htmldate, which also reads copyright lines and free text) is used
only when one of these confirms its day, or when the page says it is an article and the
guess is not a bare 1 January. A copyright year, a footer date or an "Updated"/"Modified"
stamp is never the publication date; the modification date is kept as ``updated``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from articles.models import PublishedSource
from articles.parsing.authors import WROTE
from articles.parsing.dates import date_from_url, find_date, normalise_date, parse_iso_date
from articles.parsing.htmlmeta import PageMeta, published_candidates
from articles.parsing.htmltext import element_paragraphs

_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "parsely-updated", "article:modified", "modified_time", "lastmod",
)
_UPDATED = re.compile(
    r"updat|modif|edited|revised|refreshed|last\s+reviewed|last\s+active|mis\s+à\s+jour|actualis|aktualisiert|"
    r"تحديث|تم\s+التحديث",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"publi|posted|released|issued|date\b|first\s+published|written|started\s+by|veröffentlicht|نشر|بتاريخ",
    re.IGNORECASE
)
_OTHER_DATE_LABEL = re.compile(
    r"\b(?:joined|registered|member\s+since|born|founded|established|expires?|deadline|effective|closing\s+date)\b",
    re.IGNORECASE,
)
_FOOTERISH = re.compile(
    r"(?:^|[\s_\-])(?:foot(?:er)?|comments?|respond|reply|sidebar|related|recommend\w*|"
    r"copyright|colophon|archive|calendar|popular|trending|most-read|latest)(?:$|[\s_\-\d])"
    # a sidebar "widget" class, not a page builder's name for every block ("elementor-widget-container")
    r"|(?:^|\s)widget(?:$|[\s_\-\d])"
)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|tous droits|جميع الحقوق", re.IGNORECASE)
_MAX_TIME_ELEMENTS = 30
# an element whose class or id names it a date ("post-date", "c-meta__date", "entry-date",
# "published", "dateline"); one naming an update is left to _UPDATED
_DATE_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:\w*(?<!candi)(?<!vali)(?<!man)(?<!up)date(?:line)?|published|pubdate|posted(?:-on)?)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_MAX_DATE_CLASS_TEXT = 60  # the element holds a date, not a paragraph that mentions one
_NEAR_TOP = 0.5  # a <time> in the first half of the page's text is "near the title"
_UNDER_HEADLINE = 300  # ... as is one at most this many characters of text after the <h1> starts
_LISTING_DATES = 3  # header lines stating this many dates, on different days, are a listing's


@dataclass
class PageDates:
    published: str | None = None
    source: PublishedSource = "none"
    updated: str | None = None


def _lineage(element: etree._Element, steps: int) -> Iterator[etree._Element]:
    """The element and its ancestors, at most ``steps`` of them in all."""
    node: etree._Element | None = element
    while node is not None and steps > 0:
        yield node
        node = node.getparent()
        steps -= 1


def _names(node: etree._Element) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}"


def _in_footer(element: etree._Element) -> bool:
    """Inside a footer, sidebar, comment list, related-links block or archive widget. The
    ``<body>``'s own classes are not read: they describe the page's layout ("has-sidebar",
    "footer-widgets-1"), not where the element is."""
    return any(node.tag in ("footer", "aside") or (node.tag not in ("body", "html") and _FOOTERISH.search(
        _names(node).lower())) for node in _lineage(element, 25))


def _labelled_updated(element: etree._Element) -> bool:
    """The element (or the text right before it, or its parent's class) says "updated"."""
    keys = " ".join(
        str(v) for v in (element.get("class"), element.get("itemprop"), element.get("id"), element.get("name")) if v
    )
    parent = element.getparent()
    if parent is not None:
        keys += " " + " ".join(str(v) for v in (parent.get("class"), parent.get("itemprop")) if v)
        # the label may be in earlier siblings' own text (<span>Updated</span> <span>on</span> <span>date</span>)
        before = parent.text or ""
        for sibling in parent:
            if sibling is element:
                break
            if isinstance(sibling.tag, str):  # not a comment
                before += "".join(sibling.itertext())
            before += sibling.tail or ""
        keys += " " + before[-40:]
    keys += " " + "".join(element.itertext())[:40]  # <time><span>Updated</span> March 11, 2026</time>
    return bool(_UPDATED.search(keys))


def _element_date(element: etree._Element) -> str | None:
    for attribute in ("datetime", "content", "data-datetime", "data-date", "title"):
        value = element.get(attribute)
        if value:
            found = normalise_date(value)
            if found:
                return found
    text = " ".join("".join(element.itertext()).split())[:120]
    if text and not _COPYRIGHT.search(text):
        hit = find_date(text)
        if hit is not None and hit.has_year:
            return hit.iso
    return None


def _text_position(tree: etree._Element, classed: list[etree._Element]) -> dict[etree._Element, float]:
    """Share of the body text that precedes each <time>, datePublished and date-named (``classed``)
    element; 0 for one printed right under the first ``<h1>`` (at most ``_UNDER_HEADLINE``
    characters of text after the headline's start), wherever the headline is on the page (after
    a long menu of other stories)."""
    body = tree.find(".//body")
    if body is None:
        return {}
    wanted = {e for e in body.iter("time")} | set(body.iterfind(".//*[@itemprop]")) | set(classed)
    if not wanted:
        return {}
    positions: dict[etree._Element, int] = {}
    headline: int | None = None
    seen = 0
    for element in body.iter():
        if element in wanted:
            positions[element] = seen
        elif headline is None and element.tag == "h1":
            headline = seen
        if isinstance(element.tag, str) and element.tag not in ("script", "style"):
            seen += len(element.text or "")
        seen += len(element.tail or "")
    total = max(seen, 1)
    return {e: 0.0 if headline is not None and 0 <= p - headline <= _UNDER_HEADLINE else p / total
            for e, p in positions.items()}


_Layout = tuple[list[etree._Element], dict[etree._Element, float]]


def _date_layout(tree: etree._Element) -> _Layout:
    """The page's date-named elements and where each date element sits in the text (two walks
    over the body, made once per page: ``element_dates`` and ``_shown_on_page`` share them)."""
    body = tree.find(".//body")
    classed = _date_classed(body) if body is not None else []
    return classed, _text_position(tree, classed)


def element_dates(tree: etree._Element, layout: _Layout | None = None) -> tuple[list[str], list[str]]:
    """(published, updated) dates from ``itemprop`` date elements and ``<time>`` elements
    near the top of the content, in document order."""
    published: list[str] = []
    updated: list[str] = []
    body = tree.find(".//body")
    if body is None:
        return published, updated
    elements = [e for e in body.iterfind(".//*[@itemprop]")
                if (e.get("itemprop") or "") in ("datePublished", "dateCreated", "dateModified", "uploadDate")]
    times = list(body.iter("time"))[:_MAX_TIME_ELEMENTS]
    classed, position = layout or _date_layout(tree)
    for element in elements:
        value = _element_date(element)
        if not value or _in_footer(element):
            continue
        (updated if element.get("itemprop") == "dateModified" else published).append(value)
    for element in times:
        if element.get("itemprop") or position.get(element, 1.0) > _NEAR_TOP or _in_footer(element):
            continue
        value = _element_date(element)
        if value:
            (updated if _labelled_updated(element) else published).append(value)
    # then an element named as a date ("post-date", "c-meta__date") holding one full date as
    # its text, near the top, outside footers: the visible date under many headlines. Only on
    # a page that says it is an article or names an author (product pages name release dates)
    if classed and _article_signals(tree):
        for element in classed:
            if position.get(element, 1.0) > _NEAR_TOP or _in_footer(element):
                continue
            value, is_update = _classed_date(element, classed)
            if value:
                (updated if is_update else published).append(value)
    return published, updated


def _article_signals(tree: etree._Element) -> bool:
    head = " ".join(
        f"{m.get('property') or m.get('name') or ''}={m.get('content') or ''}".lower() for m in tree.iter("meta")
    )
    return "og:type=article" in head or "author=" in head or '"author"' in " ".join(
        (s.text or "")[:5000] for s in tree.iter("script") if "ld+json" in (s.get("type") or "")
    )


def _classed_date(element: etree._Element, classed: list[etree._Element]) -> tuple[str | None, bool]:
    """The one full date a date-named element states, and whether it is labelled an update.
    An element holding another date-named element is left to the inner one."""
    if any(other is not element and _is_ancestor(element, other) for other in classed):
        return None, False
    text = " ".join("".join(element.itertext()).split())
    if not text or len(text) > _MAX_DATE_CLASS_TEXT or _COPYRIGHT.search(text):
        return None, False
    hit = find_date(text)
    if hit is None or not hit.has_year:
        return None, False
    if find_date(text[hit.end:]) is not None:  # one date, not two ...
        if _later_updated(text, hit.end):  # (which also checks no update label comes before the first)
            return hit.iso, False  # ... or a publication and its update ("May 3, 2025. Updated: May 7, 2025")
        return None, False
    return hit.iso, _labelled_updated(element) or bool(_UPDATED.search(text))


def _is_ancestor(node: etree._Element, other: etree._Element) -> bool:
    parent = other.getparent()
    while parent is not None:
        if parent is node:
            return True
        parent = parent.getparent()
    return False


def _date_classed(body: etree._Element) -> list[etree._Element]:
    """Elements whose class or id names them a date, not <time> (read above), in document
    order, at most ``_MAX_TIME_ELEMENTS``."""
    out: list[etree._Element] = []
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("time", "script", "style", "meta", "body"):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        named = names.strip() and _DATE_CLASS.search(names)
        if named and not _UPDATED.search(names) and "release" not in names.lower():
            out.append(element)
            if len(out) >= _MAX_TIME_ELEMENTS:
                break
    return out


_STAMP_WORDS = 12
_SENTENCE_PUNCTUATION = re.compile(r"[.!?,;]\s")
_STAMP_SEPARATOR = re.compile(r"\s+[|•·⋅]\s+")


def _stamp_segment(line: str) -> bool:
    """True when the line is a stamp of "|" / "·" separated parts one of which is a date alone
    ("Jane Doe | Senior Writer | July 2, 2025", "Dec 26, 2025 • Jane Doe in Travel")."""
    segments = _STAMP_SEPARATOR.split(line)
    if len(segments) < 2:
        return False
    for segment in segments:
        hit = find_date(segment)
        if hit is not None and hit.has_year and not segment[: hit.start].strip() and len(
                segment[hit.end:].split()) <= 3:
            return True
    return False


def _later_updated(line: str, end: int) -> str | None:
    """The date after an "Updated" label that follows a first date in the line, if any."""
    label = _UPDATED.search(line, end)
    if label is None or _UPDATED.search(line[:end]):
        return None
    hit = find_date(line[label.end():])
    return hit.iso if hit is not None and hit.has_year else None


def text_dates(lines: list[str]) -> tuple[list[str], list[str]]:
    """(published, updated) dates from header lines above the article: a labelled date
    ("Published: …", "Posted on …"), a line that is only a date, or a short byline with a
    date ("By Jane Doe | 3 March 2024"). Copyright lines are skipped."""
    published: list[str] = []
    updated: list[str] = []
    label = ""  # a line that is only a label ("Last updated:", "Published on") labels the next line
    for line in lines:
        previous, label = label, ""
        if len(line) > 160 or _COPYRIGHT.search(line):
            continue
        hit = find_date(line)
        if hit is None or not hit.has_year:
            if len(line.split()) <= 3:
                label = line
            continue
        prefix = (previous + " " if previous else "") + line[: hit.start]
        later = _later_updated(line, hit.end)
        if later:
            # "March 3, 2024 - Updated May 2, 2025": the first date is the publication
            published.append(hit.iso)
            updated.append(later)
            continue
        if _UPDATED.search(prefix) or (_UPDATED.search(line) and not _PUBLISHED_LABEL.search(prefix)):
            updated.append(hit.iso)
            continue
        if _OTHER_DATE_LABEL.search(prefix):
            continue  # a member's join date, a deadline: another thing's date
        if line.rstrip().endswith(":") and not _PUBLISHED_LABEL.search(prefix):
            continue  # a lead-in to what follows ("Effective beginning 6/2/2025:"), not a stamp
        words = len(line.split())
        byline = re.match(rf"^\s*(?:by\b|par\b|بقلم|{WROTE})", line, re.IGNORECASE) is not None
        # a short line, or a stamp of a few more words with no sentence punctuation
        # ("Jane Doe 02 Feb 2026 Product Reviews 7 Comments")
        short = words <= 8 or (words <= _STAMP_WORDS and not _SENTENCE_PUNCTUATION.search(line))
        if (_PUBLISHED_LABEL.search(prefix) or short or (byline and words <= 20)
                or (words <= 20 and _stamp_segment(line))):
            published.append(hit.iso)
    return published, updated


def _listing_stamps(dates: list[str]) -> bool:
    """Dates by the headline that are a listing's (events, episodes, a day-by-day list): three
    or more, not all the same day. An article's stamp states one day, or a publication and an
    update."""
    return len(dates) >= _LISTING_DATES and len({d[:10] for d in dates}) > 1


def _shown_before_metadata(value: str, source: PublishedSource, shown: list[str]) -> tuple[str, PublishedSource]:
    """The metadata's publication date, unless the header by the headline shows an earlier day:
    metadata restamped when the page was edited or moved ("datePublished": 2025-06-12 on a
    newsletter printed "November 2, 2022"). A later day shown is taken for an unlabelled
    update and left alone; "8/1/2025" is 1 August as well as 8 January."""
    if source not in ("json-ld", "meta") or not shown:
        return value, source
    first, day = parse_iso_date(shown[0]), parse_iso_date(value)
    if first is None or day is None or (day - first).days <= 1:
        return value, source
    if first.day <= 12 and first.replace(month=first.day, day=first.month) == day:
        return value, source
    return shown[0], "page-header"


def _local_day(value: str, source: PublishedSource, from_url: str | None) -> tuple[str, PublishedSource]:
    """A metadata time in UTC one day off the day the URL states ("/2025/12/18/" against
    "2025-12-19T03:05:00+00:00"): the site files its posts under its local day, which the URL states."""
    if source not in ("json-ld", "meta") or not from_url or len(value) <= 10:
        return value, source
    if not value.endswith(("+00:00", "Z")):
        return value, source
    day, local = parse_iso_date(value), parse_iso_date(from_url)
    if day is not None and local is not None and abs((day - local).days) == 1:
        return from_url, "url"
    return value, source


def _same_day(a: str | None, b: str | None, slack: int = 1) -> bool:
    x, y = parse_iso_date(a), parse_iso_date(b)
    return x is not None and y is not None and abs((x - y).days) <= slack


def _plausible(value: str | None, today: dt.date) -> bool:
    day = parse_iso_date(value)
    return day is not None and dt.date(1995, 1, 1) <= day <= today + dt.timedelta(days=2)


def resolve_dates(
    page: PageMeta,
    tree: etree._Element,
    url: str | None,
    header_lines: list[str],
    guess: str | None,
    *,
    today: dt.date | None = None,
) -> PageDates:
    """The page's publication date with its source, and its modification date."""
    today = today or dt.datetime.now(dt.UTC).date()
    out = PageDates()
    modified = page.ld_article.get("dateModified")
    updated = [normalise_date(modified)] if isinstance(modified, str) else []
    updated.append(normalise_date(page.first_meta(_MODIFIED_META)))
    if _section_front(page.canonical, page.meta.get("og:url"), url, depth=1) or (
            _product_page(page) and not page.ld_article):
        # a home page or a section front ("/news") is a listing: the dates it shows are its
        # newest items', and the page itself has none; a product page's dates (its metadata
        # included) are the listing's, the release's and the reviews', unless it is also an
        # article (a buying guide's JSON-LD Article beside its products)
        out.updated = next((u for u in updated if u and _plausible(u, today)), None)
        return out
    evidence: list[tuple[str, PublishedSource]] = []
    for raw, source in published_candidates(page, with_time_element=False):
        value = normalise_date(raw)
        if value:
            evidence.append((value, "json-ld" if source == "json-ld" else "meta"))
    layout = _date_layout(tree)
    element_published, element_updated = element_dates(tree, layout)
    evidence.extend((v, "meta") for v in element_published)
    updated.extend(element_updated)
    text_published, text_updated = text_dates(header_lines)
    if not _listing_stamps(text_published):
        evidence.extend((v, "page-header") for v in text_published)
    updated.extend(text_updated)
    from_url = date_from_url(page.canonical or url)
    if from_url:
        evidence.append((from_url, "url"))
    out.updated = next((u for u in updated if u and _plausible(u, today)), None)
    evidence = [(v, s) for v, s in evidence if _plausible(v, today)]
    text = _PageText(tree)
    stated = None  # a date the text states as the publication ("Published August 13, 2025")
    if (not evidence or evidence[0][1] in ("json-ld", "meta")) and not _product_page(page):
        stated = _labelled_published(text.lines())
        if stated and _plausible(stated, today):
            evidence.append((stated, "page-header"))
        else:
            stated = None
    if evidence:
        value, source = evidence[0]
        # a date the text states as the publication comes before the other dates shown
        shown = ([stated] if stated else []) + [v for v, s in evidence if s == "page-header" and v != stated]
        value, source = _shown_before_metadata(value, source, shown)
        value, source = _local_day(value, source, from_url)
        # a day-only value is upgraded by a more precise statement of the same day
        if len(value) == 10:
            precise = next((v for v, _ in evidence if len(v) > 10 and v[:10] == value), None)
            value = precise or value
        out.published, out.source = value, source
        return out
    # never the modification day
    if guess and _plausible(guess, today) and not (out.updated and _same_day(guess, out.updated, 0)) and (
            _trust_guess(page, guess) or _shown_on_page(tree, page, url, guess, layout)):
        out.published, out.source = guess, "meta"
        return out
    first_post = _thread_start(text.lines(), page, url)
    if first_post and _plausible(first_post, today):
        out.published, out.source = first_post, "page-header"
    return out


_POST_STAMP_CHARS = 200
_THREAD_TOP = 0.25  # a thread's first post stamp is in the first quarter of the page's text


class _PageText:
    """The lines of the page's text, read once and only when a rule needs them."""

    def __init__(self, tree: etree._Element) -> None:
        self._tree = tree
        self._lines: list[str] | None = None

    def lines(self) -> list[str]:
        if self._lines is None:
            body = self._tree.find(".//body")
            paragraphs = element_paragraphs(body) if body is not None else []
            self._lines = [line for paragraph in paragraphs for line in paragraph.split("\n")]
        return self._lines


# "Published March 3, 2024", "Originally published on: 3 March 2024", "Publish date 3 March 2024"
# (not "Publication date", a book's on a shop page, nor "Last published", an update)
_PUBLISHED_STATEMENT = re.compile(
    r"(?:^|[\s|•·(])(?<!last\s)(?:(?:originally|first)\s+)?(?:published|publish(?:ed)?\s+date|date\s+published)"
    r"(?:\s+(?:on|in))?\s*:?\s*$", re.IGNORECASE)


def _labelled_published(lines: list[str]) -> str | None:
    """The date the page's text states as its publication, when it states one, once: "Published
    August 13, 2025" under or after the article (a listing labels every card's date)."""
    found: list[str] = []
    previous = ""
    for line in lines:
        if len(line) <= _POST_STAMP_CHARS and "publish" in (previous + line).lower():
            hit = find_date(line)
            if hit is not None and hit.has_year:
                before = line[: hit.start]
                label = before if before.strip() else previous  # a label on its own line labels the next
                if _PUBLISHED_STATEMENT.search(label):
                    found.append(hit.iso)
        previous = line[-40:]
    return found[0] if len(found) == 1 else None


def _thread_start(lines: list[str], page: PageMeta, url: str | None) -> str | None:
    """The first post's stamp on a discussion thread that states no date in its markup: the
    page's text shows two or more post stamps (a date with a clock time on a short line, not
    labelled an update, an edit or a join date: "#1 2025-11-01 15:14:37", "by Jane » Tue Aug
    27, 2019 1:47 am"), oldest first, the first of them in the first quarter of the text. A
    listing shows its newest item first; comments under an article come after its text."""
    if _product_page(page) or _section_front(page.canonical, page.meta.get("og:url"), url):
        return None
    total = max(1, sum(len(line) for line in lines))
    seen = 0
    stamps: list[tuple[float, str]] = []
    for line in lines:
        if len(line) <= _POST_STAMP_CHARS and not _COPYRIGHT.search(line):
            hit = find_date(line)
            if hit is not None and hit.has_year and "T" in hit.iso and not _UPDATED.search(
                    line[: hit.start]) and not _OTHER_DATE_LABEL.search(line[: hit.start]):
                stamps.append((seen / total, hit.iso))
                if len(stamps) >= _SHOWN:
                    break
        seen += len(line)
    days = [iso[:10] for _, iso in stamps]
    if len(stamps) < 2 or stamps[0][0] > _THREAD_TOP or days != sorted(days):
        return None
    return stamps[0][1]


_CONFIRMING = 3  # the guess must be one of the first dates the page shows
_SHOWN = 8  # dates read to tell an article (one or two days shown) from a listing
# dates on cards, teasers, reviews and release notices belong to other items than the page
_OTHER_ITEM = re.compile(
    r"(?:^|[\s_\-])(?:comments?|respond|repl(?:y|ies)|reviews?|cards?|tiles?|teasers?|release|related|recent|revision)"
    r"(?:$|[\s_\-\d])", re.IGNORECASE)


def _shown_on_page(tree: etree._Element, page: PageMeta, url: str | None, guess: str, layout: _Layout) -> bool:
    """htmldate's guess is the date the page shows under its headline: one of its first
    ``<time>`` or date-named elements ("post-date", "published-date") states that day, not
    labelled an update and not on a card, review or comment, wherever it sits (sidebar meta
    blocks included) — on a page that shows at most two days (a listing shows many), or one
    day in the first half of its text, the guess, with other days only further down (related
    stories), and is neither a product page nor a section front."""
    if _product_page(page) or _section_front(page.canonical, page.meta.get("og:url"), url):
        return False
    body = tree.find(".//body")
    if body is None:
        return False
    classed, position = layout
    wanted = set(body.iter("time")) | set(classed)
    shown: list[str] = []
    top: list[str] = []
    for element in body.iter():
        if element not in wanted or _on_other_item(element):
            continue
        value = _element_date(element)
        if value and not _labelled_updated(element):
            shown.append(value[:10])
            if position.get(element, 1.0) <= _NEAR_TOP:
                top.append(value[:10])
            if len(shown) >= _SHOWN:
                break
    if guess[:10] not in shown[:_CONFIRMING]:
        return False
    # one article shows one or two days; a thread shows its posts oldest first, from the
    # guess on; a listing shows many days, newest first
    if top and top[0] == guess[:10] and len(set(top)) == 1:
        return True  # the headline's date, other days only further down (related stories)
    return len(set(shown)) <= 2 or (shown[0] == guess[:10] and shown == sorted(shown))


_PRICE_META = ("price", "pricecurrency", "product:price:amount", "og:price:amount")


def _product_page(page: PageMeta) -> bool:
    """A product page (JSON-LD Product, og:type product, a price): its dates are releases and reviews."""
    return (page.ld_product or (page.meta.get("og:type") or "").lower().startswith("product")
            or any(name in page.meta for name in _PRICE_META))


def _section_front(*urls: str | None, depth: int = 2) -> bool:
    """A site's home page or a section front ("/", "/news", "/uk/technology"): every URL the
    page gives for itself (canonical, ``og:url``, where it was fetched) has a path of at most
    ``depth`` plain words (an article's path has a slug or an id). Some sites give every page
    the home page as canonical URL: an article path among the others wins; a URL without a
    host name ("http://packing-list") is no evidence."""
    paths = [split.path for split in (urlsplit(u) for u in urls if u) if "." in (split.hostname or "")]
    if not paths:
        return False
    for path in paths:
        parts = [p for p in path.split("/") if p]
        if len(parts) > depth or any(c.isdigit() or c in "-_.%" for c in "".join(parts)):
            return False
    return True


def _on_other_item(element: etree._Element) -> bool:
    return any(node.tag not in ("body", "html") and _OTHER_ITEM.search(_names(node))
               for node in _lineage(element, 10))


def _trust_guess(page: PageMeta, guess: str) -> bool:
    """htmldate's guess without any other evidence: only on a page that declares itself an
    article, never a bare 1 January (a copyright year)."""
    if guess[5:10] == "01-01" and len(guess) == 10:
        return False
    return page.declares_article()
