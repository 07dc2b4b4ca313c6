"""Choosing an HTML page's title: the visible <h1> when the page's metadata agrees with it
or when it is the first segment of a separated metadata title ("Kayaks | Shop") -- never an <h1>
that names the site (a logo) nor, when metadata offers a title, one printed on several lines --
or when it is the only <h1> of a page that declares itself an article (JSON-LD article type
or og:type article); otherwise the JSON-LD headline / Open Graph title /
<title>, with a " | Site Name" suffix (or "Site Name - " prefix) removed when it names the
site."""

from __future__ import annotations

import html as html_lib
import re

from articles.parsing.clean import clean_line
from articles.parsing.htmlmeta import PageMeta

_SEPARATORS = re.compile(r"(\s+(?:\||-|–|—|::|·|•|»|/)\s+|\s*\|\s*)")
# separators after which a metadata title goes on with a tagline, a category or a selling line
# ("Travel Insurance - Quotes Online", "Mesh Office Chair | Free Delivery"); en and em dashes are
# left alone: headlines use them as punctuation ("Zero Waste – A Beginner's Guide")
_TAGLINE_SEPARATORS = re.compile(r"\s+[-|/]\s+|\s*\|\s*")
# what goes on a headline that a metadata title cut short: more words, not a separator
_CONTINUES = re.compile(r"[,:;]?\s+\(?\w")
_MAX_SITE_WORDS = 5
_MAX_TITLE_WORDS = 30
_TRAILING_MARKS = re.compile(r"[\s¶#§🔗]+$")
_MOJIBAKE = re.compile(
    "[ÃÂâÅ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]"
)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def same_text(a: str, b: str) -> bool:
    return _key(a) == _key(b) and bool(_key(a))


def _compact(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})


def _site_keys(site: str) -> list[str]:
    """"www.libyaherald.com" -> ["libyaherald"]; "news.example.co.uk" -> ["news", "example"]
    (the host's first label and its registered name); "Libya Herald" -> ["libyaherald"]."""
    if "." not in site or " " in site:
        return [_compact(site)]
    labels = site.lower().removeprefix("www.").split(".")[:-1]
    keys = [_compact(labels[0])] if labels else []
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    if labels and _compact(labels[-1]) not in keys:
        keys.append(_compact(labels[-1]))
    return keys


def is_site_name(part: str, sites: list[str]) -> bool:
    """True when ``part`` names the site (its name or its domain)."""
    compact = _compact(part)
    if not compact or len(part.split()) > _MAX_SITE_WORDS + 2:
        return False
    for other in (key for site in sites for key in _site_keys(site)):
        if other and (compact == other or (len(other) >= 4 and (other in compact or compact in other))):
            return True
    return False


def strip_site_name(title: str, sites: list[str]) -> str:
    """``title`` without leading/trailing segments that name the site."""
    pieces = _SEPARATORS.split(title)
    parts, seps = pieces[0::2], pieces[1::2]
    while len(parts) > 1 and is_site_name(parts[-1], sites):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and is_site_name(parts[0], sites):
        parts.pop(0)
        seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += sep + part
    return out.strip()


def repair(text: str) -> str:
    """Entities decoded, UTF-8 mis-read as Windows-1252 repaired ("â€”" -> "—"), pilcrow
    and anchor marks removed, whitespace collapsed."""
    text = html_lib.unescape(text)
    if _MOJIBAKE.search(text):
        for codec in ("cp1252", "latin-1"):
            try:
                text = text.encode(codec).decode("utf-8")
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
    return clean_line(_TRAILING_MARKS.sub("", text))


def headline_part(title: str) -> str:
    """The first segment of a metadata title that still holds a separator once the site name
    is gone ("Mesh Office Chair | Free Delivery" -> "Mesh Office Chair"): what follows is a
    tagline, a category or a selling line. A one-word first segment is kept whole (a prefix
    such as "Tutorial - User Guide")."""
    parts = _TAGLINE_SEPARATORS.split(title)
    if len(parts) > 1 and len(re.findall(r"\w+", parts[0])) >= 2:
        return parts[0].strip()
    return title


def _agrees(h1: str, candidates: list[str]) -> bool:
    key = _key(h1)
    return bool(key) and any(key == _key(c) or (len(key) > 10 and key in _key(c)) or _renumbered(key, _key(c))
                             for c in candidates)


def _renumbered(key: str, other: str) -> bool:
    """The same words with other numbers ("... taxes in 2025" against a metadata title still
    saying 2024): the visible headline is the updated one."""
    return bool(re.search(r"\d", key)) and key != other and re.sub(r"\d+", "0", key) == re.sub(r"\d+", "0", other)


def _completes(h1: str, raws: list[str]) -> bool:
    """True when ``h1`` goes on where the first segment of a metadata title stops ("Best Tutors
    in 2025" against "Best Tutors in 2025, Reviewed by a Student"; a metadata title cut at a
    length limit, "How to glaze a pot…"): the visible headline is the whole one. What follows
    must be more words, not a separator and a tagline ("Lanterns - Free Shipping")."""
    for raw in raws:
        first = _SEPARATORS.split(raw)[0].strip().rstrip(" .…")
        if len(_key(first).split()) >= 2 and h1.casefold().startswith(first.casefold()) and _CONTINUES.match(
                h1[len(first):]):
            return True
    return False


def _later_segments(raws: list[str]) -> set[str]:
    """Keys of the segments after the first in separated metadata titles ("The Handbook" in
    "Installing - The Handbook"): a heading equal to one of them names the site, book or
    section the page belongs to, not the page."""
    splits = [_SEPARATORS.split(raw)[0::2] for raw in raws]
    last = {_key(parts[-1]) for parts in splits if len(parts) > 1}
    middle = {_key(part) for parts in splits for part in parts[1:-1]}
    return last - middle - {""}


def _badge_prefix(h1: str, raws: list[str]) -> str | None:
    """A thread or post title printed after a label ("Tips Which lathe to buy?" for the
    metadata title "Tips - Which lathe to buy?"): the title without the label."""
    for raw in raws:
        pieces = _TAGLINE_SEPARATORS.split(raw, maxsplit=1)
        if len(pieces) != 2:
            continue
        label, rest = pieces[0].strip(), pieces[1]
        if label and h1.startswith(label + " ") and h1[len(label):].strip()[:1].isalnum():
            tail = h1[len(label):].strip()
            if same_text(tail, rest) or same_text(tail, _TAGLINE_SEPARATORS.split(rest)[0]):
                return tail
    return None


def _is_segment(h1: str, raws: list[str]) -> bool:
    """True when ``h1`` is the first segment of a separated metadata title ("Kayaks" in
    "Kayaks | Outdoor Shop"): the page names its headline, the rest is site furniture (a
    later segment equal to the <h1> is more often the site's name printed as a logo)."""
    key = _key(h1)
    return bool(key) and any(key == _key(_SEPARATORS.split(raw)[0]) for raw in raws)


def _several_lines(text: str) -> bool:
    return "\n" in text.strip()


def _plausible_heading(heading: str, sites: list[str]) -> bool:
    return 2 <= len(heading.split()) <= _MAX_TITLE_WORDS and not is_site_name(heading, sites)


def choose_title(page: PageMeta, extracted: str | None) -> str | None:
    sites = page.site_names
    raw = [page.ld_article.get("headline"), page.meta.get("og:title"), page.meta.get("twitter:title"),
           page.title_tag]
    candidates = [strip_site_name(repair(c), sites) for c in raw if isinstance(c, str) and c.strip()]
    texts = [repair(c) for c in raw if isinstance(c, str) and c.strip()]
    # an <h1> printed on several lines holds more than the headline (a date, a kicker, a
    # "Posted on" line): when the metadata offers a title, that is the cleaner one
    headings = [_without_site_suffix(repair(h), sites) for h in page.h1 if not (_several_lines(h) and any(candidates))]
    later = _later_segments(texts)
    exact = {_key(c) for c in candidates}
    headings = [h for h in headings if _key(h) not in later - exact or not any(candidates)]
    for h1 in headings:
        if (_agrees(h1, candidates) or _completes(h1, texts)) and not is_site_name(h1, sites):
            return _badge_prefix(h1, texts) or h1
    for h1 in headings:
        if _is_segment(h1, texts):
            return h1
    # a lone <h1> that the metadata does not name is the headline of an article page; on
    # other pages (shops, services, listings) it is more often a slogan or a category label
    if len(headings) == 1 and _plausible_heading(headings[0], sites) and (page.declares_article() or not any(
            c for c in candidates)):
        return headings[0]
    candidates = [c for c in candidates if c]
    if candidates:
        return headline_part(candidates[0])
    if extracted and extracted.strip():
        return strip_site_name(repair(extracted), sites)
    return headings[0] if headings else None


def _without_site_suffix(heading: str, sites: list[str]) -> str:
    """A heading without a trailing " – Site Name" that is exactly the site's name."""
    pieces = _SEPARATORS.split(heading)
    if len(pieces) >= 3 and any(_compact(pieces[-1]) == key for site in sites for key in _site_keys(site)):
        return "".join(pieces[:-2]).strip()
    return heading
