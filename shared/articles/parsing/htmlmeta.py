"""Metadata of an HTML page read straight from its tree: JSON-LD, <meta> tags, <h1>,
<title>, <html lang>, canonical link, breadcrumbs, <time datetime> and "related" link
blocks. Everything is collected as candidates; ``htmlfmt`` decides."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from articles.models import SiteLink
from articles.parsing.htmltext import strip_tags
from articles.parsing.textlines import is_related_label

_ARTICLE_TYPES = re.compile(r"article|blogposting|report|posting|recipe|review|howto|qapage", re.IGNORECASE)
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "sailthru.date",
    "parsely-pub-date", "cxenseparse:recs:publishtime", "article:published", "release_date",
    "published", "date_published", "publication-date", "original-publish-date", "article_date_original",
)
_AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl",
    "citation_author", "og:article:author",
)
_SECTION_META = ("article:section", "og:article:section", "section", "parsely-section", "category",
                 "cxenseparse:recs:category")
_META_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher")


@dataclass
class PageMeta:
    lang: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    ld_article: dict[str, Any] = field(default_factory=dict)
    ld_crumbs: list[str] = field(default_factory=list)
    ld_product: bool = False
    site_names: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    title_tag: str | None = None
    canonical: str | None = None
    time_datetime: str | None = None
    # the datePublished of a JSON-LD WebPage that names its author: an authored page, not a
    # site's generic page record (which states when the CMS entry was made)
    ld_page_published: str | None = None
    related: list[SiteLink] = field(default_factory=list)

    def declares_article(self) -> bool:
        """The page says it is an article: a JSON-LD article object or og:type article."""
        return bool(self.ld_article) or (self.meta.get("og:type") or "").lower() == "article"

    def first_meta(self, names: tuple[str, ...]) -> str | None:
        for name in names:
            value = self.meta.get(name)
            if value:
                return value
        return None


def _collect_meta(tree: etree._Element, page: PageMeta) -> None:
    for element in tree.iter("meta"):
        key = next((element.get(a) for a in _META_KEY_ATTRIBUTES if element.get(a)), None)
        content = element.get("content")
        if key and content and content.strip():
            page.meta.setdefault(key.strip().lower(), content.strip())


def _json_objects(value: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value, depth first (``@graph`` and lists expanded)."""
    out: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        current = stack.pop(0)
        if isinstance(current, list):
            stack[0:0] = current
        elif isinstance(current, dict):
            out.append(current)
            graph = current.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = graph
    return out


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _load_json(text: str) -> Any:
    text = text.strip().removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
    try:
        return json.loads(text)
    except ValueError:
        try:
            return json.loads(re.sub(r"[\x00-\x1f]", " ", text))
        except ValueError:
            return None


def _collect_json_ld(tree: etree._Element, page: PageMeta) -> None:
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        for obj in _json_objects(_load_json(script.text)):
            _read_ld_object(obj, page)


def _read_ld_object(obj: dict[str, Any], page: PageMeta) -> None:
    types = _types(obj)
    if "Product" in types:
        page.ld_product = True
    if any(_ARTICLE_TYPES.search(t) for t in types) and not page.ld_article:
        page.ld_article = obj
    elif "WebPage" in types and obj.get("author") and isinstance(obj.get("datePublished"), str):
        page.ld_page_published = page.ld_page_published or obj["datePublished"]
    elif "BreadcrumbList" in types and not page.ld_crumbs:
        page.ld_crumbs = _crumb_names(obj.get("itemListElement"))
    elif any(t in ("WebSite", "Organization", "NewsMediaOrganization") for t in types):
        name = obj.get("name")
        if isinstance(name, str) and name.strip():
            page.site_names.append(name.strip())
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        page.site_names.append(str(publisher["name"]).strip())


def _crumb_names(items: Any) -> list[str]:
    names: list[str] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        inner = item.get("item")
        if not isinstance(name, str) and isinstance(inner, dict):
            name = inner.get("name")
        if isinstance(name, str) and name.strip():
            names.append(strip_tags(name))
    return names


def _collect_structure(tree: etree._Element, page: PageMeta, url: str | None) -> None:
    root = tree.getroottree().getroot()
    page.lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    title = root.find(".//title")
    if title is not None:
        page.title_tag = strip_tags("".join(title.itertext()))
    page.h1 = [t for t in (strip_tags(_text(h)) for h in tree.iter("h1")) if t][:5]
    for link in tree.iterfind(".//link[@rel]"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            page.canonical = _absolute(str(link.get("href")), url)
            break
    time_el = next(iter(tree.xpath(".//time[@datetime]")), None)
    if isinstance(time_el, etree._Element):
        page.time_datetime = time_el.get("datetime")


def _text(element: etree._Element) -> str:
    """Visible text of an element (script and style content left out)."""
    parts = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if isinstance(child.tag, str) and child.tag not in ("script", "style", "noscript", "template"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    if href.startswith(("http://", "https://")):
        return href
    if base and base.startswith(("http://", "https://")):
        return urljoin(base, href)
    return None


def _collect_related(tree: etree._Element, page: PageMeta, url: str | None) -> None:
    """Links to other articles of the site: boxes whose class or id says "related", else boxes
    headed "Read more", "Lire aussi", "اقرأ أيضا"..."""
    blocks = [
        element for element in tree.iter("section", "aside", "div", "ul")
        if "related" in (element.get("class") or "") or "related" in (element.get("id") or "")
    ]
    if not blocks:
        blocks = [element for element in tree.iter("section", "aside") if _headed_as_related(element)]
    seen: set[str] = set()
    for block in blocks[:3]:
        for anchor in block.iterfind(".//a[@href]"):
            title = strip_tags(_text(anchor))
            if len(title.split()) >= 4 and title.casefold() not in seen and len(page.related) < 10:
                seen.add(title.casefold())
                page.related.append(SiteLink(title=title, url=_absolute(str(anchor.get("href")), url)))


def _headed_as_related(element: etree._Element) -> bool:
    headings = element.xpath("(.//h2|.//h3|.//h4)[1]")
    return bool(headings) and is_related_label(strip_tags(_text(headings[0])))


def read_page_meta(tree: etree._Element, url: str | None) -> PageMeta:
    page = PageMeta()
    _collect_meta(tree, page)
    _collect_json_ld(tree, page)
    _collect_structure(tree, page, url)
    _collect_related(tree, page, url or page.canonical)
    page.site_names.extend(v for v in (page.meta.get(k) for k in _SITE_META) if v)
    host = urlsplit(page.canonical or url or "").hostname
    if host:
        page.site_names.append(host.removeprefix("www."))
    return page


def published_candidates(page: PageMeta, *, with_time_element: bool = True) -> list[tuple[str, str]]:
    """(raw value, source) pairs in order of trust (``with_time_element``: the page's first
    ``<time datetime>`` too, wherever it is)."""
    out: list[tuple[str, str]] = []
    ld_date = page.ld_article.get("datePublished") or page.ld_article.get("dateCreated")
    if isinstance(ld_date, str):
        out.append((ld_date, "json-ld"))
    elif page.ld_page_published:
        out.append((page.ld_page_published, "json-ld"))
    meta = page.first_meta(_PUBLISHED_META)
    if meta:
        out.append((meta, "meta"))
    if page.time_datetime and with_time_element:
        out.append((page.time_datetime, "meta"))
    return out


def ld_authors(page: PageMeta) -> list[str]:
    author = page.ld_article.get("author") or page.ld_article.get("creator")
    items = author if isinstance(author, list) else [author]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            if "Organization" in _types(item):
                continue
            names.append(str(item["name"]))
    return [strip_tags(n) for n in names if n.strip() and not n.strip().startswith("http")]


def meta_authors(page: PageMeta) -> list[str]:
    value = page.first_meta(_AUTHOR_META)
    if not value or value.startswith(("http://", "https://")):
        return []
    return [value]


def section_candidates(page: PageMeta) -> list[str]:
    out: list[str] = []
    meta = page.first_meta(_SECTION_META)
    if meta:
        out.append(meta)
    ld = page.ld_article.get("articleSection")
    if isinstance(ld, list):
        ld = next((x for x in ld if isinstance(x, str)), None)
    if isinstance(ld, str) and ld.strip():
        out.append(ld)
    if len(page.ld_crumbs) >= 3:
        out.append(page.ld_crumbs[-2])
    return out


_BYLINE_CLASS = re.compile(r"(?:^|[\s_\-])(?:author|byline|by-line|writer|contributor)s?(?:$|[\s_\-])", re.IGNORECASE)
_NOT_BYLINE = re.compile(r"bio|avatar|image|photo|img|thumb|box|about|description|social|follow|more|comment",
                         re.IGNORECASE)
_MAX_BYLINE_CHARS = 80


_BY_MARKER = re.compile(
    r"(?:\b|(?<=[a-z])(?=[A-Z]))(?i:(?:(?:written|reported|posted|posts|recipe|guide|story|words)\s+)?by)"
    r"\s*(?=[A-Z])")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_BYLINE_TAIL = re.compile(
    rf"(?:\s*(?i:updated|published|posted|last\s+updated)\b.*|\s*[,;|·•\-–—]?\s+(?i:on\s+)?\d.*|\s*[»›]\s.*"
    rf"|\s+(?i:on\s+)?(?i:{_MONTH})\.?\s+\d.*"
    rf"|(?<=[a-z])(?=\d{{4}}-\d\d|\d{{1,2}}\s+(?i:{_MONTH})\b).*"
    r"|(?<=[a-z])(?=[A-Z][a-z]{2,8}\.?\s+\d).*)$", re.DOTALL)


def _byline_text(text: str) -> str:
    """A byline element's text without what surrounds the name: a lead-in ending in "by"
    ("Updated May 2 Written by", "View all posts by", glued "ByJane") and a trailing date
    or "Updated" stamp ("Jane Doe 4 August 2010", "Jane DoeMarch 2, 2026")."""
    for marker in _BY_MARKER.finditer(text):
        # "Reviewed by", "Edited by", "Photos by" name someone else than the author
        if not re.search(r"(?i:review\w*|edit\w*|photo\w*|illustrat\w*)\s*$", text[:marker.start()]):
            text = text[marker.end():]
            break
    return _BYLINE_TAIL.sub("", text).strip(" ,;|·•-–—»›")


_LEAD_IN_ONLY = re.compile(
    r"^(?i:(?:(?:written|reported|posted|post|authored|story|words|text)\s+)?by|via|authors?|written|posted|byline|writer)"
    r"\s*:?$")
_DATE_ONLY = re.compile(
    rf"^(?i:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s*)?(?:\d[\d\s./,:-]*(?i:{_MONTH})?|(?i:{_MONTH})\b)\.?"
    r"(?:[\s,./-]*\d[\d\s,./:-]*(?i:am|pm)?)?$"
    r"|^(?i:mon|tues?|wed|thu(?:rs)?|fri|sat|sun)(?i:day|nesday|urday)?\.?$")


_BLOCK_TAGS = frozenset({
    "div", "p", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "header", "footer", "address", "table", "tr", "td", "th", "figure", "figcaption", "blockquote", "article",
    "aside", "nav",
})


def _byline_lines(element: etree._Element) -> list[str]:
    """An element's visible text in the lines a reader sees: cut where a block element
    (div, p, br, li...) begins or ends, or where two inline elements' texts touch with no
    space between them (a name and a role laid out apart by the style sheet: "Jane Doe" /
    "Senior Writer"); "By <a>Jane</a> and <a>Omar</a>" stays one line."""
    pieces: list[str] = []  # texts, "\n" for a block boundary, "" for an inline one

    def walk(node: etree._Element) -> None:
        pieces.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "noscript", "template"):
                block = child.tag in _BLOCK_TAGS
                pieces.append("\n" if block else "")
                walk(child)
                pieces.append("\n" if block else "")
            pieces.append(child.tail or "")

    walk(element)
    out = ""
    boundary = False
    for piece in pieces:
        if piece == "\n":
            out += "\n"
        elif not piece:
            boundary = True
        else:
            if boundary and out and out[-1].isalnum() and piece[0].isalnum():
                out += "\n"
            out += piece
            boundary = False
    return [line for line in (" ".join(x.split()) for x in out.split("\n")) if line]


_LINE_BY = re.compile(r"^(?i:(?:(?:written|reported|posted|post|authored|story|words|text)\s+)?by)\s*:?\s*(?=\w)")


def _byline_name(element: etree._Element) -> str:
    """The name in a byline element: the line that starts with "By" when there is one
    ("Guide" / "by Will Doe" / "Former Editor"), else the first line that holds more than a
    lead-in ("By", "Author:") or a date; "" when there is none."""
    lines = _byline_lines(element)
    by_lines = [_LINE_BY.sub("", line) for line in lines if _LINE_BY.match(line)]
    for line in by_lines + lines:
        if _LEAD_IN_ONLY.match(line) or not re.search(r"[^\W\d_]", line):
            continue
        name = _byline_text(line)
        if name and not _DATE_ONLY.match(name):
            return name
    return ""


def byline_authors(tree: etree._Element) -> list[str]:
    """The author printed on the page: the first ``itemprop="author"`` (its ``name``), else the
    first ``rel="author"`` link, else the first element whose class names the author/byline
    (not a bio box or a comment). Only the first: on forums and comment threads the later
    ones are the repliers."""
    body = tree.find(".//body")
    if body is None:
        return []
    found: list[tuple[str, str]] = []  # (the element's whole text, the name in it)
    for element in body.iterfind(".//*[@itemprop='author']"):
        name = element.find(".//*[@itemprop='name']")
        if name is not None and name.get("content"):
            found.append((str(name.get("content")), _byline_text(str(name.get("content")))))
        else:
            source = name if name is not None else element
            found.append((_text(source), _byline_name(source)))
    if not found:
        found = [(_text(a), _byline_name(a)) for a in body.iterfind(".//a[@rel='author']")]
    if not found:
        for element in body.iter("span", "div", "p", "a", "address"):
            names = f"{element.get('class') or ''} {element.get('id') or ''}"
            if _BYLINE_CLASS.search(names) and not _NOT_BYLINE.search(names):
                text = _text(element)
                if text.strip():
                    found.append((text, _byline_name(element)))
                    break
    found = [(whole, name) for whole, name in found if len(" ".join(whole.split())) <= _MAX_BYLINE_CHARS][:1]
    return [strip_tags(name) for _, name in found if name and strip_tags(name)]


_HEADER_BY = re.compile(
    r"^(?:[^·⋅|•]{0,40}?(?:[·⋅|•]|\d)\s*){0,3}?(?i:(?:(?:written|posted|started|reported|words|story)\s+)?by)\s*:?\s*"
    r"(?![a-z]+ing\b)(?P<name>[^\s·⋅|•][^·⋅|•]*)")  # not "By clicking/signing up, you agree..."
_MAX_HEADER_BYLINE_WORDS = 16


def header_byline(lines: list[str]) -> list[str]:
    """The author named in a short line by the headline that says "By Jane Doe" (after a date
    or a "·" separated stamp at most: "May 2, 2025 · By Jane Doe · 3 min read"), for pages
    whose byline element has no telling class. Never "Reviewed/Edited/Photo by"."""
    for line in lines:
        if len(line.split()) > _MAX_HEADER_BYLINE_WORDS:
            continue
        match = _HEADER_BY.match(line)
        if match is None or re.search(r"(?i:review\w*|edit\w*|photo\w*|illustrat\w*|image\w*)\s*$",
                                      line[:match.start("name")].rsplit("by", 1)[0].rsplit("By", 1)[0]):
            continue
        name = _byline_text(match.group("name").strip())
        if name and re.search(r"[^\W\d_]", name) and not _DATE_ONLY.match(name) and len(name.split()) <= 12:
            return [name]
    return []
