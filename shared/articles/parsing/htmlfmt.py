"""HTML pages: trafilatura finds the main text; the page's own metadata (JSON-LD, Open
Graph, <h1>, <html lang>, canonical link, breadcrumbs) improves title, date, author,
language and section. A plain-text page served as HTML (its text in one <pre>) and a page
where trafilatura finds nothing but navigation go through the plain-text parser."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from articles.errors import NoArticleContent, PermanentError
from articles.parsing.blocks import REGIONS, Block, features, page_blocks
from articles.parsing.contentmodel import content_model
from articles.parsing.dates import normalise_date
from articles.parsing.draft import Draft
from articles.parsing.htmlmeta import (
    PageMeta,
    byline_authors,
    header_byline,
    ld_authors,
    meta_authors,
    read_page_meta,
    section_candidates,
)
from articles.parsing.htmltext import element_paragraphs
from articles.parsing.pubdate import resolve_dates
from articles.parsing.text import parse_text, section_of
from articles.parsing.textlines import Kind, classify, is_noise, is_related_label, trim_furniture
from articles.parsing.titles import choose_title, same_text

_LANG_META = ("content-language", "language", "dc.language", "og:locale", "inlanguage")
_FURNITURE = ("nav", "header", "footer", "aside", "menu", "h1", "title", "button", "label", "select")
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template"})
_LOW_COVERAGE = 0.3  # trafilatura kept less than this share of the page's visible text ...
_RECALL_GAIN = 1.3  # ... and favouring recall finds this much more: take the longer text
_SHORT_TEXT = 30
_WORD = re.compile(r"\w+")


def _extract(tree: etree._Element, url: str | None, recall: bool = False) -> Any:
    """trafilatura with metadata, in its ``fast`` mode (without the readability / jusText
    fallback comparison: the content model re-judges every block of the page anyway, at
    half the cost); ``recall``: the second, text-only pass that favours recall."""
    return trafilatura.bare_extraction(tree, url=url, with_metadata=not recall, include_comments=False,
                                       favor_recall=recall, fast=True, date_extraction_params=_date_params())


def _date_params() -> dict[str, Any]:
    """htmldate on the page's markup only (meta, time elements, URL): its free-text search
    reads copyright lines and calendars, and costs a third of the extraction time."""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return {"original_date": True, "extensive_search": False, "max_date": today}


def _paragraphs_of(text: str | None, title: str | None) -> list[str]:
    lines = [line.strip() for line in (text or "").split("\n")]
    lines = [line for line in lines if line and not is_noise(line)]  # an ad slot's "Advertisement"
    return trim_furniture(_before_comments(lines[_body_start(lines, title) :]))


# the heading of a comment section under an article: "59 Comments on “Title”", "3 thoughts on
# “Title”", "One response to “Title”", "Leave a Reply", "Add a comment", "Join the conversation"
_COMMENTS_HEADING = re.compile(
    r"(?:\d+|one|two|three)\s+(?:comments?|thoughts?|responses?|repl(?:y|ies))\s+(?:on|to)\s+\S.*|"
    r"(?:leave|add|post|write)\s+a\s+(?:comment|reply)|join\s+the\s+(?:conversation|discussion)",
    re.IGNORECASE,
)
_COMMENTS_AFTER = 3  # lines of text a comment heading must come after


def _comments_heading(line: str) -> bool:
    return len(line) < 200 and _COMMENTS_HEADING.fullmatch(line.strip(" :.!")) is not None


def _before_comments(lines: list[str]) -> list[str]:
    """The text up to the heading of the comment section that follows it, if there is one."""
    for i in range(_COMMENTS_AFTER, len(lines)):
        if _comments_heading(lines[i]):
            return lines[:i]
    return lines


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _kept_before_comments(blocks: list[Block], keep: list[bool]) -> list[str]:
    """The texts of the blocks kept, up to the heading of a comment section that comes after at
    least ``_COMMENTS_AFTER`` of them: a kept block, or an ``<h1>``–``<h6>`` the model left out
    (a "Post a comment" link or button the model left out ends nothing: on a thread, the
    comments are the content)."""
    kept: list[str] = []
    for block, k in zip(blocks, keep, strict=True):
        if len(kept) >= _COMMENTS_AFTER and (k or block.tag in _HEADINGS) and _comments_heading(block.text):
            break
        if k:
            kept.append(block.text)
    return kept


_HEADLINE_WITHIN = 20  # the headline is looked for among the first lines of the text ...
_HEADLINE_LEAD_WORDS = 40  # ... after lines no longer than this (menus, breadcrumbs, kickers)


def _body_start(lines: list[str], title: str | None) -> int:
    """Where the body starts: after the printed headline (the page's title, and its
    repetitions right after it) when it is one of the first lines and only short lines
    (navigation, breadcrumbs, section labels) come before it; else at the first line."""
    if not title:
        return 0
    for i, line in enumerate(lines[:_HEADLINE_WITHIN]):
        if same_text(line, title):
            start = i + 1
            while start < len(lines) and same_text(lines[start], title):
                start += 1
            return start
        if len(_WORD.findall(line)) > _HEADLINE_LEAD_WORDS:
            break
    return 0


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


@dataclass
class Candidates:
    """What the page offers before the content model decides: its tree and metadata,
    trafilatura's reading, the page's text blocks and their feature rows."""

    tree: etree._Element
    page: PageMeta
    doc: Any
    title: str | None
    visible: int
    pre: str | None
    blocks: list[Block] = field(default_factory=list)
    rows: list[list[float]] = field(default_factory=list)


def _load_tree(markup: str) -> etree._Element:
    tree = load_html(markup)
    if tree is None:  # a bare fragment such as "<p>...</p>": give it a document around it
        tree = load_html(f"<html><body>{markup}</body></html>")
    if tree is None:
        raise NoArticleContent("no article content: the HTML could not be parsed into a document")
    return tree


def extract_candidates(markup: str, url: str | None = None) -> Candidates:
    """The page's metadata, trafilatura's text and the scored-to-be blocks (training uses
    this too, so features are computed the same way in both places)."""
    tree = _load_tree(markup)
    page = read_page_meta(tree, url)
    visible = _visible_letters(tree)
    pre = _pre_page(tree, visible) if tree.find(".//pre") is not None else None
    doc = None if pre is not None else _extract(tree, url)
    title = choose_title(page, doc.title if doc is not None else None)
    cand = Candidates(tree=tree, page=page, doc=doc, title=title, visible=visible, pre=pre)
    if pre is None:
        cand.blocks = page_blocks(tree)
        cand.rows = features(cand.blocks, doc.text if doc is not None else None, title)
    return cand


_BLOCKS_SEEN = 0.5  # the page's blocks must hold at least this share of trafilatura's words


def _model_paragraphs(cand: Candidates) -> list[str] | None:
    """The blocks the content model keeps (None without a model, when it keeps nothing, or
    when the page's blocks hold much less text than trafilatura found: text the block walker
    does not see, such as a forum thread printed inside <noscript>, is not the model's to judge)."""
    model = content_model()
    if model is None or not cand.blocks:
        return None
    traf_words = len(_WORD.findall(cand.doc.text or "")) if cand.doc is not None else 0
    if sum(b.words for b in cand.blocks) < _BLOCKS_SEEN * traf_words:
        return None
    kept = _kept_before_comments(cand.blocks, model.keep(cand.rows))
    if not kept:
        return None
    return _paragraphs_of("\n".join(kept), cand.title)


def parse_html(markup: str, *, url: str | None = None) -> Draft:
    """A Draft for one HTML page. Raises NoArticleContent when it holds no article text."""
    cand = extract_candidates(markup, url)
    tree, doc, title, pre = cand.tree, cand.doc, cand.title, cand.pre
    paragraphs: list[str] = []
    if doc is not None:
        paragraphs = _model_paragraphs(cand) or _main_text(tree, url, doc, title, cand.visible)
    elif pre is None:
        paragraphs = _model_paragraphs(cand) or []
    if pre is not None or not paragraphs or _only_furniture(paragraphs, tree):
        draft = _text_page(pre if pre is not None else _visible_text(tree), url)
        draft.title = draft.title or title
    else:
        draft = Draft(paragraphs=paragraphs, title=title, url=url)
        if title is None and _PAGE_START.match(markup) is None:  # (the branch above read it as text)
            draft = _fragment_as_text(draft, tree, url)
    _fill_metadata(draft, cand)
    _drop_related_box(draft)
    return draft


def _drop_related_box(draft: Draft) -> None:
    """A "Read more" / "اقرأ أيضا" box kept inside the article text: its heading and the link
    titles it lists are the site's other articles (``site_related``), not this one's text."""
    titles = {link.title for link in draft.site_related}
    kept = [p for p in draft.paragraphs if not is_related_label(p) and p not in titles]
    if kept and len(kept) < len(draft.paragraphs):
        draft.paragraphs = kept


# markup that opens a document (a doctype, <html>, <head> or <body> before any text): a page
_PAGE_START = re.compile(r"(?:\ufeff|\s|<!--.*?-->)*<(?:!doctype|html|head|body|\?xml)\b", re.I | re.S)


def _fragment_as_text(draft: Draft, tree: etree._Element, url: str | None) -> Draft:
    """A bare fragment (an article's markup without its page, "Headline\n\n<p>...</p>") has no
    <title> or <h1> to name it, and its loose lines are its own, not page furniture: read its
    text the way a plain-text article is read (headline, dateline, byline). That reading wins
    when it finds a headline and keeps at least the words the HTML reading kept."""
    try:
        text = _text_page(_visible_text(tree), url)
    except NoArticleContent:
        return draft
    kept = sum(len(_WORD.findall(p)) for p in draft.paragraphs)
    if text.title is None or sum(len(_WORD.findall(p)) for p in text.paragraphs) < kept:
        return draft
    return text


_HEADER_BEFORE, _HEADER_AFTER, _HEADER_WORDS = 4, 12, 40
_NOT_HEADER = 0
for _region in ("footer", "aside", "c_footer", "c_comment", "c_related", "c_side"):
    _NOT_HEADER |= 1 << REGIONS.index(_region)


def _header_lines(cand: Candidates) -> list[str]:
    """Short lines around the headline (where bylines and dates are printed)."""
    blocks = cand.blocks
    # the printed headline: an <h1> with the title's words (not a breadcrumb repeating them
    # above it), else the first <h1> or block with the title's words
    at = next((i for i, b in enumerate(blocks) if b.tag == "h1" and cand.title and same_text(b.text, cand.title)),
              None)
    if at is None:
        at = next((i for i, b in enumerate(blocks) if b.tag == "h1" or (cand.title and same_text(b.text, cand.title))),
                  None)
    if at is None:
        return []
    window = blocks[max(0, at - _HEADER_BEFORE) : at + _HEADER_AFTER]
    # the regions the headline itself is in are the article's layout ("content-sidebar" on the
    # <body>, a page builder's "column"), not a sidebar or footer beside it
    not_header = _NOT_HEADER & ~blocks[at].regions
    return [b.text for b in window if b.words <= _HEADER_WORDS and not b.regions & not_header]


def page_authors(page: PageMeta, tree: etree._Element) -> list[str]:
    """The JSON-LD authors, else the author <meta>, else the byline printed on the page."""
    return ld_authors(page) or meta_authors(page) or byline_authors(tree)


def _fill_metadata(draft: Draft, cand: Candidates) -> None:
    page, doc = cand.page, cand.doc
    draft.canonical_url = page.canonical or (doc.url if doc is not None and doc.url != draft.url else None)
    if draft.published is None:
        found = resolve_dates(page, cand.tree, draft.url, _header_lines(cand),
                              normalise_date(doc.date) if doc is not None else None)
        draft.set_published(found.published, found.source)
        draft.updated = draft.updated or found.updated
    authors = page_authors(page, cand.tree)
    if not authors and doc is not None and doc.author:
        authors = [a for a in re.split(r";\s*", doc.author) if a]
    authors = authors or header_byline(_header_lines(cand))
    draft.authors = draft.authors or authors
    sections = section_candidates(page)
    if not sections and doc is not None and doc.categories:
        sections = [c for c in doc.categories if c]
    draft.section = draft.section or (sections[0] if sections else None) or _printed_section(cand, draft.title)
    draft.language_tag = page.lang or page.first_meta(_LANG_META) or _ld_language(page)
    draft.site_related = draft.site_related or page.related


def _printed_section(cand: Candidates, title: str | None) -> str | None:
    """The section a breadcrumb printed above the headline names ("Home › Maghreb › Libya"),
    for pages with no section in their metadata; read as in plain-text articles."""
    for line in _header_lines(cand):
        unit = classify(line)
        if unit.kind is Kind.BREADCRUMB:
            return section_of(unit.crumbs, title)
    return None


def _ld_language(page: PageMeta) -> str | None:
    value = page.ld_article.get("inLanguage")
    return value if isinstance(value, str) else None
