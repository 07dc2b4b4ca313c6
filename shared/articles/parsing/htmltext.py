"""HTML fragments to paragraphs (JSON bodies that carry markup, HTML pages trafilatura
leaves empty): block elements and <br> break paragraphs, scripts and styles are dropped."""

from __future__ import annotations

import html as html_lib
import re

from lxml import etree
from lxml import html as lxml_html

from articles.parsing.clean import clean_line

_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "pre",
    "blockquote", "section", "article", "aside", "header", "footer", "figure", "figcaption", "dd", "dt", "dl",
    "hr", "main", "nav", "form", "address",
})
_SKIP = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "head", "button", "select", "option",
})
_LOOKS_HTML = re.compile(r"<(?:p|div|br|span|a|h[1-6]|li|ul|em|strong|b|i|figure|blockquote)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text))


def _walk(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _SKIP:
        return
    block = tag.lower() in _BLOCK
    if block:
        parts.append("\n\n")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n\n")


def element_paragraphs(element: etree._Element) -> list[str]:
    parts: list[str] = []
    _walk(element, parts)
    lines = (clean_line(p) for p in re.split(r"\n\s*\n", "".join(parts)))
    return [line for line in lines if line]


def html_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment or page (entities decoded)."""
    if not markup.strip():
        return []
    try:
        root = lxml_html.fromstring(f"<div>{markup}</div>") if "<html" not in markup[:2000].lower() \
            else lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return [clean_line(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)))]
    return element_paragraphs(root)


def strip_tags(text: str) -> str:
    """One line of text from a string that may hold inline markup or entities."""
    if "<" in text and ">" in text:
        text = re.sub(r"<[^>]+>", " ", text)
    return clean_line(html_lib.unescape(text))
