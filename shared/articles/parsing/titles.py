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
    return bool(key) and any(key == _key(c) or (len(key) > 10 and key in _key(c)) for c in candidates)


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


def _declares_article(page: PageMeta) -> bool:
    return bool(page.ld_article) or (page.meta.get("og:type") or "").lower() == "article"


def choose_title(page: PageMeta, extracted: str | None) -> str | None:
    sites = page.site_names
    raw = [page.ld_article.get("headline"), page.meta.get("og:title"), page.meta.get("twitter:title"),
           page.title_tag]
    candidates = [strip_site_name(repair(c), sites) for c in raw if isinstance(c, str) and c.strip()]
    # an <h1> printed on several lines holds more than the headline (a date, a kicker, a
    # "Posted on" line): when the metadata offers a title, that is the cleaner one
    headings = [repair(h) for h in page.h1 if not (_several_lines(h) and any(candidates))]
    for h1 in headings:
        if _agrees(h1, candidates) and not is_site_name(h1, sites):
            return h1
    texts = [repair(c) for c in raw if isinstance(c, str) and c.strip()]
    for h1 in headings:
        if _is_segment(h1, texts):
            return h1
    # a lone <h1> that the metadata does not name is the headline of an article page; on
    # other pages (shops, services, listings) it is more often a slogan or a category label
    if len(headings) == 1 and _plausible_heading(headings[0], sites) and (_declares_article(page) or not any(
            c for c in candidates)):
        return headings[0]
    candidates = [c for c in candidates if c]
    if candidates:
        return headline_part(candidates[0])
    if extracted and extracted.strip():
        return strip_site_name(repair(extracted), sites)
    return headings[0] if headings else None
