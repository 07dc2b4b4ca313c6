"""Text blocks of an HTML page and the features the content model scores them by.

A block is the text of one block-level element (a paragraph, heading, list item, table cell,
or a container's own loose text). Each block carries what a reader's eye uses: its size,
its link density, its tag, the page regions it sits in (nav / header / footer / aside /
article / main, and class or id words such as "related", "share", "newsletter", "comment"),
its position, whether trafilatura kept its words, and how much of the whole page
trafilatura kept. ``features`` turns a page's blocks
into one numeric row per block (neighbours included), the same code for training
(training/extract) and for parsing, so the two never drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree

BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "pre",
    "blockquote", "section", "article", "aside", "header", "footer", "figure", "figcaption", "dd", "dt", "dl",
    "main", "nav", "form", "address", "caption", "tbody", "thead", "center", "details", "summary", "fieldset",
    "body", "hr", "br", "menu", "dialog",
})
_SKIP = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "head", "button", "select", "option",
    "textarea", "input", "object", "embed", "canvas", "video", "audio", "map", "math",
})
_TAG_GROUPS = (
    ("p",), ("h1",), ("h2", "h3", "h4", "h5", "h6"), ("li", "dd", "dt"), ("td", "th", "tr"), ("pre",),
    ("blockquote",), ("figcaption", "caption"),
)
TAG_NAMES = ("p", "h1", "h", "li", "td", "pre", "quote", "caption", "other")
_TAG_INDEX = {tag: i for i, group in enumerate(_TAG_GROUPS) for tag in group}

# Page regions, inherited by every block inside: from the tag, or from class / id words.
REGIONS = (
    "nav", "header", "footer", "aside", "form", "article", "main", "link", "list", "table",
    "c_nav", "c_footer", "c_header", "c_side", "c_comment", "c_related", "c_share", "c_ad", "c_subscribe",
    "c_crumb", "c_cookie", "c_content", "c_meta", "c_hidden", "c_title", "c_caption",
)
_REGION_BIT = {name: 1 << i for i, name in enumerate(REGIONS)}
_TAG_REGION = {
    "nav": "nav", "menu": "nav", "header": "header", "footer": "footer", "aside": "aside", "form": "form",
    "article": "article", "main": "main", "a": "link", "ul": "list", "ol": "list", "table": "table",
}
_CLASS_WORDS = (
    ("c_nav", r"nav|menu|topbar|toolbar|masthead|skip|pagination|pager|tabs?"),
    ("c_footer", r"foot(?:er)?|bottom|colophon|copyright|legal"),
    ("c_header", r"head(?:er)?|banner|top"),
    ("c_side", r"side(?:bar)?|widget|rail|column|aside|secondary"),
    ("c_comment", r"comments?|respond|reply|discuss(?:ion)?|disqus|reviews?"),
    ("c_related", r"related|recommend\w*|more|also|popular|trending|teaser|promo|outbrain|taboola|suggest\w*"),
    ("c_share", r"share|sharing|social|follow|tweet|facebook|print|email"),
    ("c_ad", r"ads?|advert\w*|sponsor\w*|dfp|banner-ad|adslot|commercial"),
    ("c_subscribe", r"subscri\w*|newsletter|signup|sign-up|register|paywall|login|cta"),
    ("c_crumb", r"breadcrumbs?|crumbs?"),
    ("c_cookie", r"cookies?|consent|gdpr|privacy|notice|modal|popup|overlay"),
    ("c_content", r"content|article|post|entry|story|body|text|main|prose|blog|news|detail|rich"),
    ("c_meta", r"meta|byline|author|date|time|info|tags?|categor\w*|label"),
    ("c_hidden", r"hidden|hide|sr-only|visually-hidden|screen-reader\w*|invisible|offscreen"),
    ("c_title", r"title|headline|heading"),
    ("c_caption", r"caption|credit|figure|image|photo|media|gallery|thumb\w*"),
)
_CLASS_RE = re.compile(
    r"(?:^|[\s_\-])(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _CLASS_WORDS) + r")(?=$|[\s_\-\d])"
)
_WORD = re.compile(r"\w+")
_BOILER = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|all rights reserved|newsletter|subscribe|sign up|log ?in|cookie|privacy|"
    r"terms of (?:use|service)|follow us|share (?:this|on)|related|read more|read also|see also|"
    r"you (?:may|might) also|recommended|advertisement|contact us|e-?mail:|tel\.?:|phone:|"
    r"media contact|press contact|tags?:|categories:|posted in|filed under|comments?\b|reply|"
    r"previous (?:post|article)|next (?:post|article)|back to top|skip to|menu|home\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"\S+@\S+\.\w+|\+?\d[\d ()\-.]{7,}\d")
_PUNCT = re.compile(r"[.,;:!?]")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?。！？…:\"'”’»)]\s*$")


@dataclass
class Block:
    text: str
    tag: str
    regions: int
    link_chars: int
    depth: int
    words: int = 0


_TAG_BITS = {tag: _REGION_BIT[region] for tag, region in _TAG_REGION.items()}
_ROLE_BITS = {"navigation": _REGION_BIT["nav"], "banner": _REGION_BIT["header"],
              "contentinfo": _REGION_BIT["footer"], "complementary": _REGION_BIT["aside"]}


def _own_regions(element: etree._Element, tag: str) -> int:
    """The region bits an element gives the blocks inside it (its tag, role, class and id)."""
    bits = _TAG_BITS.get(tag, 0)
    attrib = element.attrib
    if not attrib:
        return bits
    names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}".strip()
    role = attrib.get("role")
    if role in _ROLE_BITS:
        bits |= _ROLE_BITS[str(role)]
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        bits |= _REGION_BIT["c_hidden"]
    if names:
        bits |= _class_bits(names)
    return bits


_CLASS_CACHE: dict[str, int] = {}


def _class_bits(names: str) -> int:
    """Region bits of a class/id string (cached: pages repeat their class names)."""
    bits = _CLASS_CACHE.get(names)
    if bits is None:
        bits = 0
        for match in _CLASS_RE.finditer(names.lower()):
            bits |= _REGION_BIT[str(match.lastgroup)]
        if len(_CLASS_CACHE) < 50_000:
            _CLASS_CACHE[names] = bits
    return bits


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.context: tuple[str, int, int] = ("body", 0, 0)

    def flush(self) -> None:
        if self.parts:
            text = " ".join("".join(self.parts).split())
            if text:
                tag, regions, depth = self.context
                self.blocks.append(Block(text, tag, regions, min(self.link_chars, len(text)), depth))
        self.parts = []
        self.link_chars = 0

    def walk(self, element: etree._Element, context: tuple[str, int, int], in_link: bool) -> None:
        """``context``: tag, regions and depth of the nearest block-level ancestor."""
        tag = element.tag
        if not isinstance(tag, str):
            return
        tag = tag.lower()
        if tag in _SKIP:
            return
        regions = context[1] | _own_regions(element, tag)
        depth = context[2] + 1
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
            context = (tag, regions, depth)
        else:
            context = (context[0], regions, depth)
        link = in_link or tag == "a"
        if element.text:
            self._add(element.text, link, context)
        for child in element:
            self.walk(child, context, link)
            if child.tail:
                self._add(child.tail, link, context)
        if block:
            self.flush()

    def _add(self, text: str, link: bool, context: tuple[str, int, int]) -> None:
        if not self.parts:
            if not text.strip():
                return
            self.context = context
        self.parts.append(text)
        if link:
            self.link_chars += len(text.strip())


def page_blocks(tree: etree._Element) -> list[Block]:
    """The page's text blocks in document order (scripts, styles and form controls left out)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    walker = _Walker()
    walker.walk(root, ("body", 0, 0), False)
    walker.flush()
    for block in walker.blocks:
        block.words = len(_WORD.findall(block.text))
    return walker.blocks


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(toks: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(toks) < n:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def overlap(toks: list[str], reference: set[tuple[str, ...]], n: int = 3) -> float:
    """Share of a block's word n-grams found in a reference text (``reference_grams``); a
    block shorter than n words counts when it starts one of the reference's n-grams."""
    if not toks:
        return 0.0
    if len(toks) < n:
        return 1.0 if tuple(toks) in reference else 0.0
    grams = [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]
    return sum(g in reference for g in grams) / len(grams)


def reference_grams(text: str | None, n: int = 3) -> set[tuple[str, ...]]:
    """The word n-grams of a reference text (line by line), with their shorter prefixes and
    each line's whole token tuple when the line is shorter than n words."""
    grams: set[tuple[str, ...]] = set()
    for line in (text or "").split("\n"):
        toks = tokens(line)
        if len(toks) < n:
            for k in range(1, len(toks) + 1):
                grams.add(tuple(toks[:k]))
            continue
        for i in range(len(toks) - n + 1):
            gram = tuple(toks[i : i + n])
            grams.add(gram)
            for k in range(1, n):
                grams.add(gram[:k])
    return grams


BASE_FEATURE_NAMES: tuple[str, ...] = (
    "bias", "log_words", "log_chars", "link_density", "short", "long", "sentence_end", "punct_rate",
    "comma_rate", "digit_rate", "cap_rate", "boiler", "contact", "title_like", "traf", "traf_prev",
    "traf_next", "traf_win", "inside_span", "before_span", "after_span", "pos", "pos_chars",
    "link_prev", "link_next", "words_win", "depth", "same_region_run", "traf_empty",
    "page_traf_share", "page_log_words", "page_log_traf_words",
    *(f"tag_{t}" for t in TAG_NAMES),
    *(f"in_{r}" for r in REGIONS),
)


_IDX = {name: i for i, name in enumerate(BASE_FEATURE_NAMES)}
_BOILER_REGIONS = tuple(_IDX[f"in_{r}"] for r in (
    "footer", "aside", "c_footer", "c_comment", "c_related", "c_share", "c_subscribe", "c_ad", "c_cookie", "c_side",
))
INTERACTION_NAMES: tuple[str, ...] = (
    "traf_x_link", "traf_x_boilerregion", "link_x_list", "traf_x_short", "boilerregion", "traf_x_inside",
    "link_x_inside", "traf_x_page_share", "traf_x_page_traf_words",
)
FEATURE_NAMES: tuple[str, ...] = BASE_FEATURE_NAMES + INTERACTION_NAMES


def with_interactions(row: list[float]) -> list[float]:
    """A base feature row with the products a linear model cannot form by itself."""
    traf, link = row[_IDX["traf"]], row[_IDX["link_density"]]
    boiler = 1.0 if any(row[i] for i in _BOILER_REGIONS) else 0.0
    inside = row[_IDX["inside_span"]]
    return [*row, traf * link, traf * boiler, link * row[_IDX["in_list"]], traf * row[_IDX["short"]], boiler,
            traf * inside, link * inside, traf * row[_IDX["page_traf_share"]], traf * row[_IDX["page_log_traf_words"]]]


_SHORT_PART = 0.5  # the trafilatura share of a short block that is only the start of a line


def _rate(count: int, total: int) -> float:
    return count / total if total else 0.0


def features(blocks: list[Block], traf_text: str | None, title: str | None) -> list[list[float]]:
    """One feature row per block (``FEATURE_NAMES`` order)."""
    grams = reference_grams(traf_text)
    toks = [tokens(b.text) for b in blocks]
    traf = [overlap(t, grams) if grams else 0.0 for t in toks]
    short = [i for i, t in enumerate(toks) if 0 < len(t) < 3 and traf[i]]
    if grams and short:
        # a block of one or two words that starts one of trafilatura's 3-grams is not
        # necessarily a line it kept (a menu item "More" against a sentence "More than ..."):
        # full credit only for a whole line of its text (its lines read only when needed)
        lines = {tuple(tokens(line)) for line in (traf_text or "").split("\n")}
        for i in short:
            if tuple(toks[i]) not in lines:
                traf[i] = _SHORT_PART
    title_toks = tokens(title or "")
    kept = [i for i, v in enumerate(traf) if v >= 0.5 and blocks[i].words >= 3]
    first, last = (kept[0], kept[-1]) if kept else (-1, -1)
    total_chars = sum(len(b.text) for b in blocks) or 1
    n = len(blocks)
    link = [_rate(b.link_chars, len(b.text)) for b in blocks]
    # the page as a whole: how much of it trafilatura kept (little on listings, shops and
    # threads, where the content is many short blocks; most of it on an article page)
    page_words = sum(b.words for b in blocks)
    traf_words = sum(b.words for b, v in zip(blocks, traf, strict=True) if v >= 0.5)
    page_row = [_rate(traf_words, page_words), math.log1p(page_words) / 10, math.log1p(traf_words) / 10]
    rows: list[list[float]] = []
    seen_chars = 0
    for i, block in enumerate(blocks):
        text = block.text
        chars = len(text)
        words = block.words
        punct = len(_PUNCT.findall(text))
        commas = text.count(",")
        digits = len(_DIGIT.findall(text))
        word_list = text.split()
        caps = sum(1 for w in word_list if w[:1].isupper())
        win = traf[max(0, i - 3) : i + 4]
        words_win = [blocks[j].words for j in range(max(0, i - 2), min(n, i + 3))]
        run = 0
        j = i - 1
        while j >= 0 and blocks[j].regions == block.regions and run < 10:
            run += 1
            j -= 1
        tag_row = [0.0] * len(TAG_NAMES)
        tag_row[_TAG_INDEX.get(block.tag, len(TAG_NAMES) - 1)] = 1.0
        region_row = [1.0 if block.regions & (1 << k) else 0.0 for k in range(len(REGIONS))]
        if kept:
            inside = 1.0 if first <= i <= last else 0.0
            before = min(1.0, (first - i) / 10) if i < first else 0.0
            after = min(1.0, (i - last) / 10) if i > last else 0.0
        else:
            inside = before = after = 0.0
        row = [
            1.0,
            math.log1p(words),
            math.log1p(chars) / 5,
            link[i],
            1.0 if words < 5 else 0.0,
            1.0 if words >= 25 else 0.0,
            1.0 if _SENTENCE_END.search(text) else 0.0,
            _rate(punct, words),
            _rate(commas, words),
            _rate(digits, chars),
            _rate(caps, len(word_list)),
            1.0 if words < 40 and _BOILER.search(text) else 0.0,
            1.0 if _CONTACT.search(text) else 0.0,
            1.0 if title_toks and toks[i] == title_toks else 0.0,
            traf[i],
            traf[i - 1] if i > 0 else 0.0,
            traf[i + 1] if i + 1 < n else 0.0,
            sum(win) / len(win),
            inside,
            before,
            after,
            i / n,
            seen_chars / total_chars,
            link[i - 1] if i > 0 else 0.0,
            link[i + 1] if i + 1 < n else 0.0,
            math.log1p(sum(words_win) / len(words_win)),
            min(block.depth, 40) / 40,
            run / 10,
            0.0 if kept else 1.0,
            *page_row,
            *tag_row,
            *region_row,
        ]
        seen_chars += chars
        rows.append(with_interactions(row))
    return rows
