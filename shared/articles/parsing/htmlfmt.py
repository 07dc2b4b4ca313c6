"""HTML pages: trafilatura finds the main text; the page's own metadata (JSON-LD, Open
Graph, <h1>, <html lang>, canonical link, breadcrumbs) improves title, date, author,
language and section. A plain-text page served as HTML (its text in one <pre>) and a page
where trafilatura finds nothing but navigation go through the plain-text parser."""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from articles.errors import NoArticleContent, PermanentError
from articles.parsing.dates import date_from_url, normalise_date, parse_iso_date
from articles.parsing.draft import Draft
from articles.parsing.htmlmeta import (
    PageMeta,
    ld_authors,
    meta_authors,
    published_candidates,
    read_page_meta,
    section_candidates,
)
from articles.parsing.htmltext import element_paragraphs
from articles.parsing.text import parse_text
from articles.parsing.textlines import trim_furniture
from articles.parsing.titles import choose_title, same_text

_LANG_META = ("content-language", "language", "dc.language", "og:locale", "inlanguage")
_FURNITURE = ("nav", "header", "footer", "aside", "menu", "h1", "title", "button", "label", "select")
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template"})
_LOW_COVERAGE = 0.3  # trafilatura kept less than this share of the page's visible text ...
_RECALL_GAIN = 1.3  # ... and favouring recall finds this much more: take the longer text
_SHORT_TEXT = 30
_WORD = re.compile(r"\w+")


def _extract(tree: etree._Element, url: str | None, recall: bool = False) -> Any:
    """trafilatura with metadata; ``recall``: the second, text-only pass that favours recall
    (``fast``: without the fallback extractors, which the first pass already compared)."""
    return trafilatura.bare_extraction(tree, url=url, with_metadata=not recall, include_comments=False,
                                       favor_recall=recall, fast=recall)


def _paragraphs_of(text: str | None, title: str | None) -> list[str]:
    lines = [line.strip() for line in (text or "").split("\n")]
    lines = [line for line in lines if line]
    if lines and title and same_text(lines[0], title):
        lines = lines[1:]
    return trim_furniture(lines)


def _letters(text: str) -> int:
    """Size of a text in non-space characters (works for scripts written without spaces)."""
    return len("".join(text.split()))


def _visible_letters(tree: etree._Element) -> int:
    """Word characters of the page body, script and style contents left out."""
    body = tree.find(".//body")
    if body is None:
        return 0
    total = _letters(etree.tostring(body, method="text", encoding=str))
    hidden = sum(_letters(element.text or "") for element in body.iter(*_SKIP_TEXT))
    return max(0, total - hidden)


def _main_text(tree: etree._Element, url: str | None, doc: Any, title: str | None, visible: int) -> list[str]:
    """trafilatura's text; when it kept little of the page, its recall-favouring pass if
    that finds clearly more."""
    paragraphs = _paragraphs_of(doc.text if doc is not None else None, title)
    size = sum(_letters(p) for p in paragraphs)
    if size >= _LOW_COVERAGE * visible:
        return paragraphs
    wider = _extract(tree, url, recall=True)
    more = _paragraphs_of(wider.text if wider is not None else None, title)
    return more if sum(_letters(p) for p in more) > _RECALL_GAIN * size else paragraphs


def _only_furniture(paragraphs: list[str], tree: etree._Element) -> bool:
    """True when a short text holds nothing but navigation, headings and button labels."""
    if sum(len(_WORD.findall(p)) for p in paragraphs) >= _SHORT_TEXT:
        return False
    keys: set[str] = set()
    for element in tree.iter(*_FURNITURE):
        keys.add(_key("".join(element.itertext())))
        keys.update(_key(piece) for piece in element.itertext())
    return all(_key(p) in keys for p in paragraphs)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _pre_page(tree: etree._Element, visible: int) -> str | None:
    """The text of a <pre> holding most of the page's words (a text page served as HTML)."""
    for pre in tree.iter("pre"):
        text = "".join(pre.itertext())
        if _letters(text) >= 0.6 * max(1, visible):
            return text
    return None


def _text_page(text: str, url: str | None) -> Draft:
    try:
        return parse_text(text, url=url)
    except PermanentError as error:
        raise NoArticleContent(f"no article content in the HTML page: {error.reason}") from error


def _visible_text(tree: etree._Element) -> str:
    body = tree.find(".//body")
    paragraphs = element_paragraphs(body if body is not None else tree)
    if not paragraphs:
        raise NoArticleContent("no article content: the HTML page has no visible text")
    return "\n\n".join(paragraphs)


def parse_html(markup: str, *, url: str | None = None) -> Draft:
    """A Draft for one HTML page. Raises NoArticleContent when it holds no article text."""
    tree = load_html(markup)
    if tree is None:  # a bare fragment such as "<p>...</p>": give it a document around it
        tree = load_html(f"<html><body>{markup}</body></html>")
    if tree is None:
        raise NoArticleContent("no article content: the HTML could not be parsed into a document")
    page = read_page_meta(tree, url)
    visible = _visible_letters(tree)
    pre = _pre_page(tree, visible) if tree.find(".//pre") is not None else None
    doc = None if pre is not None else _extract(tree, url)
    title = choose_title(page, doc.title if doc is not None else None)
    paragraphs = _main_text(tree, url, doc, title, visible) if doc is not None else []
    if pre is not None or not paragraphs or _only_furniture(paragraphs, tree):
        draft = _text_page(pre if pre is not None else _visible_text(tree), url)
        draft.title = draft.title or title
    else:
        draft = Draft(paragraphs=paragraphs, title=title, url=url)
    _fill_metadata(draft, page, doc)
    return draft


def _fill_metadata(draft: Draft, page: PageMeta, doc: Any) -> None:
    draft.canonical_url = page.canonical or (doc.url if doc is not None and doc.url != draft.url else None)
    if draft.published is None:
        _resolve_published(draft, page, normalise_date(doc.date) if doc is not None else None)
    authors = ld_authors(page) or meta_authors(page)
    if not authors and doc is not None and doc.author:
        authors = [a for a in re.split(r";\s*", doc.author) if a]
    draft.authors = draft.authors or authors
    sections = section_candidates(page)
    if not sections and doc is not None and doc.categories:
        sections = [c for c in doc.categories if c]
    draft.section = draft.section or (sections[0] if sections else None)
    draft.language_tag = page.lang or page.first_meta(_LANG_META) or _ld_language(page)
    draft.site_related = draft.site_related or page.related


def _resolve_published(draft: Draft, page: PageMeta, found: str | None) -> None:
    """trafilatura's date (htmldate: the original publication date, judged from the whole
    page) decides the day; the page's own JSON-LD/meta value for that day (±1 day for time
    zones) is kept when there is one, for its time and its source."""
    structured = [(normalise_date(raw), source) for raw, source in published_candidates(page)]
    day = parse_iso_date(found)
    for value, source in structured:
        other = parse_iso_date(value)
        if value and (day is None or (other is not None and abs((other - day).days) <= 1)):
            draft.set_published(value, "json-ld" if source == "json-ld" else "meta")
            return
    if found:
        draft.set_published(found, "url" if found == date_from_url(draft.url) else "meta")


def _ld_language(page: PageMeta) -> str | None:
    value = page.ld_article.get("inLanguage")
    return value if isinstance(value, str) else None
