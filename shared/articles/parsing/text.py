"""Scraped plain-text pages (what trafilatura cannot read): header, body and footer are
told apart by line classification (see ``textlines``), then the header gives the title,
dates, byline and section, the body's first paragraph may carry a wire-service dateline,
and the footer gives the links the site suggests.

Decisions:
- the title is the best short header line (repeated lines and lines that sit right above
  the byline/date/body win; the page's first line right above the body counts however
  short it is, "Tunisia holds talks"); without one, a title-like last breadcrumb segment; otherwise
  None (a title is never invented from the first sentence);
- the body keeps the dateline ("CAIRO (Reuters) - ...") as printed; it ends at the first
  footer marker ("Read more:", "Related", "Share this", "Tags:", "©", newsletter, credits);
- published: a "Published"/byline date, else the dateline date (its year taken from the
  page's other dates when it has none), else the header date line, else a date in the URL;
  an "Updated" stamp is never the publication date: it is kept as ``updated``.
  ``page_date`` is the first date line of the page header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.errors import EmptyDocument, NoArticleContent
from articles.models import SiteLink
from articles.parsing.dates import find_date, parse_iso_date
from articles.parsing.draft import Draft
from articles.parsing.textlines import Kind, Unit, classify, split_units

_TITLE_MAX_WORDS = 30
_SECTION_MAX_WORDS = 4
_META_KINDS = (Kind.DATE, Kind.STAMP, Kind.META)
_STOP_KINDS = (Kind.RELATED_MARKER, Kind.END_MARKER, Kind.CREDIT)
_PROSE_KINDS = (Kind.BODY, Kind.SENTENCE, Kind.SHORT, Kind.TEASER)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{1,40}?|[A-Z][\w'’.\- ]{1,40}?)"
    r"(?:,\s*(?P<date>[^()—–\-:]{3,40}?))?\s*(?:\((?P<agency>[^)]{2,30})\))?\s*(?:[—–-]{1,2}|:)\s+"
)


@dataclass
class _Dates:
    published: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def add(self, unit: Unit) -> None:
        target = self.header if unit.kind is Kind.DATE else self.updated if unit.updated else self.published
        target.extend(unit.dates)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def parse_text(text: str, *, url: str | None = None) -> Draft:
    """A Draft for a plain-text page. Raises EmptyDocument or NoArticleContent."""
    units = [classify(u) for u in split_units(text)]
    if not units:
        raise EmptyDocument("the page holds no text")
    start = _body_start(units)
    if start is None:
        raise NoArticleContent("no article content: the page holds only title or menu lines, no paragraphs")
    draft, dates = Draft(url=url), _Dates()
    header = units[:start]
    draft.title = _pick_title(header, units)
    _read_header(header, draft, dates)
    end = _read_body(units, start, draft, dates)
    _read_footer(units[end:], draft)
    if not draft.paragraphs:
        raise NoArticleContent("no article content: the page has no paragraphs of text")
    _resolve_dates(draft, dates)
    return draft


def _body_start(units: list[Unit]) -> int | None:
    """The first paragraph of prose, extended back over short sentences right above it
    (a one-line lede such as "Talks collapsed on Sunday.")."""
    for kinds in ((Kind.BODY,), (Kind.SENTENCE,)):
        for i, unit in enumerate(units):
            if unit.kind in _STOP_KINDS and any(u.kind is Kind.BODY for u in units[:i]):
                break
            if unit.kind in kinds:
                while i > 0 and units[i - 1].kind is Kind.SENTENCE:
                    i -= 1
                return i
    return None


def _pick_title(header: list[Unit], units: list[Unit]) -> str | None:
    crumb_tail = next((u.crumbs[-1] for u in header if u.kind is Kind.BREADCRUMB), None)
    best: tuple[float, int] | None = None
    for i, unit in enumerate(header):
        if unit.kind not in (Kind.SHORT, Kind.SENTENCE) or not 2 <= unit.word_count <= _TITLE_MAX_WORDS:
            continue
        score = _title_score(i, unit, header, units, crumb_tail)
        if score > 0 and (best is None or score >= best[0]):
            best = (score, i)
    if best is not None:
        return header[best[1]].text
    if crumb_tail and len(crumb_tail.split()) >= 4:
        return crumb_tail.rstrip(" ….")
    return None


def _title_score(i: int, unit: Unit, header: list[Unit], units: list[Unit], crumb_tail: str | None) -> float:
    """Repeated lines (or the breadcrumb's last segment) and lines of four words or more
    score; so does sitting right above the byline/date/body or right below header furniture."""
    key = _key(unit.text)
    repeated = sum(_key(u.text) == key for u in units) > 1
    if crumb_tail and _same_title(crumb_tail, unit.text):
        repeated = True
    score = 4.0 if repeated else 0.0
    if unit.word_count >= 4:
        score += 2.0
    if unit.kind is Kind.SENTENCE and unit.text.rstrip().endswith("."):
        score -= 2.0
    following = header[i + 1] if i + 1 < len(header) else None  # None: the body comes next
    if following is None or following.kind in _META_KINDS or (
        following.kind is Kind.SHORT and following.word_count <= 3
    ):
        score += 1.0
    preceding = header[i - 1] if i > 0 else None
    if preceding is None or preceding.kind in (*_META_KINDS, Kind.BREADCRUMB, Kind.NAV, Kind.SECTION):
        score += 0.5
    if _headline_first_line(i, unit, following):
        return score + 1.0
    return score if unit.word_count >= 4 or repeated else 0.0


def _headline_first_line(i: int, unit: Unit, following: Unit | None) -> bool:
    """The page's first line, right above the byline/date/body, that reads as a headline
    however short ("Tunisia holds talks"): no closing full stop, starts with a capital (or a
    letter of a script without case), not in capitals like a site banner; under four words
    only in sentence case."""
    text = unit.text.strip()
    if i != 0 or not (following is None or following.kind in _META_KINDS):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or first.islower() or text.endswith((".", ":", ";")) or text.isupper():
        return False
    # a short line of capitalised words is as likely the site's name ("Maghreb Wire"): a
    # short headline is written in sentence case, with a lower-case word ("holds talks")
    return not first.isupper() or unit.word_count >= 4 or any(word[:1].islower() for word in text.split()[1:])


def _same_title(crumb: str, title: str) -> bool:
    crumb_key, title_key = _key(crumb.rstrip(" ….")), _key(title)
    if not crumb_key:
        return False
    return crumb_key == title_key or (len(crumb_key) > 15 and title_key.startswith(crumb_key))


def _read_header(header: list[Unit], draft: Draft, dates: _Dates) -> None:
    for unit in header:
        if unit.kind in _META_KINDS:
            dates.add(unit)
            draft.authors.extend(unit.names)
        elif unit.kind is Kind.BREADCRUMB and draft.section is None:
            draft.section = section_of(unit.crumbs, draft.title)
        elif unit.kind is Kind.SECTION:
            draft.section = unit.crumbs[0]


def section_of(crumbs: list[str], title: str | None) -> str | None:
    """The section a breadcrumb names: its last part but the home link and the headline."""
    parts = list(crumbs)
    if parts and re.match(r"^(?:home|homepage|main|accueil|news|الرئيسية)$", parts[0], re.IGNORECASE):
        parts = parts[1:]
    if parts and ((title and _same_title(parts[-1], title)) or len(parts[-1].split()) > _SECTION_MAX_WORDS):
        parts = parts[:-1]
    return parts[-1] if parts and len(parts[-1].split()) <= _SECTION_MAX_WORDS else None


def _read_body(units: list[Unit], start: int, draft: Draft, dates: _Dates) -> int:
    """Fill the paragraphs from ``start``; the index where the footer begins."""
    title_key = _key(draft.title) if draft.title else None
    kept: list[Unit] = []
    end = len(units)
    for i in range(start, len(units)):
        unit = units[i]
        if unit.kind in _STOP_KINDS:
            end = i
            break
        if unit.kind in _META_KINDS:
            dates.add(unit)
            draft.authors.extend(unit.names)
        elif unit.kind is Kind.INLINE_LINK and unit.link_title:
            draft.site_related.append(SiteLink(title=unit.link_title))
        elif unit.kind is Kind.SECTION and draft.section is None:
            draft.section = unit.crumbs[0]
        elif unit.kind in _PROSE_KINDS and _key(unit.text) != title_key:
            kept.append(unit)
    while kept and kept[-1].kind not in (Kind.BODY, Kind.SENTENCE):
        kept.pop()
    draft.paragraphs = [u.text for u in kept]
    return end


def _read_footer(footer: list[Unit], draft: Draft) -> None:
    in_related = False
    for unit in footer:
        if unit.kind is Kind.RELATED_MARKER:
            in_related = True
        elif unit.kind in (Kind.END_MARKER, Kind.CREDIT):
            in_related = False
            if unit.kind is Kind.CREDIT and not draft.authors:
                draft.authors.extend(unit.names)
        elif unit.kind is Kind.INLINE_LINK and unit.link_title:
            draft.site_related.append(SiteLink(title=unit.link_title))
        elif in_related:
            _related_line(unit, draft.site_related)


def _related_line(unit: Unit, links: list[SiteLink]) -> None:
    last = links[-1] if links else None
    if unit.kind in (Kind.SHORT, Kind.SENTENCE) and unit.word_count <= _TITLE_MAX_WORDS \
            and not unit.text.endswith("."):
        links.append(SiteLink(title=unit.text))
    elif unit.kind in (Kind.TEASER, Kind.BODY, Kind.SENTENCE) and last is not None and not last.teaser:
        last.teaser = unit.text
    elif unit.kind is Kind.URL and last is not None and last.url is None:
        last.url = unit.text if unit.text.startswith("http") else f"https://{unit.text}"


def dateline_date(paragraph: str, ref_iso: str | None) -> str | None:
    """The date in a wire-service dateline opening ``paragraph`` ("TRIPOLI, March 3 (AP) —")."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place, date_text, agency = match.group("place"), match.group("date"), match.group("agency")
    if not (place.isupper() or agency or date_text):
        return None
    if not date_text:
        return None
    hit = find_date(date_text, ref=parse_iso_date(ref_iso), with_time=False)
    return hit.iso if hit else None


def _resolve_dates(draft: Draft, dates: _Dates) -> None:
    draft.page_date = dates.header[0] if dates.header else None
    ref = next(iter(dates.published + dates.header + dates.updated), None)
    dateline = dateline_date(draft.paragraphs[0], ref) if draft.paragraphs else None
    draft.set_published(dates.published[0] if dates.published else None, "page-header")
    draft.set_published(dateline, "dateline")
    draft.set_published(dates.header[0] if dates.header else None, "page-header")
    draft.updated = dates.updated[0] if dates.updated else None  # never the publication date
