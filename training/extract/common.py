"""Shared by the content-model recipe: the pages (WCXB dev split and Mozilla Readability test
pages from ../shared/data/extraction), their gold main text, and the fixed train / held-out
split (by site, so no site is on both sides)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "extraction"
if not DATA.is_dir():
    DATA = Path("/work/shared/data/extraction")
HELD_OUT_SHARE = 4  # one site in four (by a hash of its host name) is never trained on


@dataclass
class Page:
    dataset: str
    id: str
    path: Path
    url: str
    gold: str
    page_type: str

    def read(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.suffix == ".gz" else data

    @property
    def held_out(self) -> bool:
        return is_held_out(self.dataset, self.url, self.id)


def is_held_out(dataset: str, url: str, ident: str) -> bool:
    key = (urlsplit(url).hostname or "").removeprefix("www.") if url else f"{dataset}:{ident}"
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


class _TextOfHTML(HTMLParser):
    """Block elements become line breaks (how the scorer turns Readability's output into text)."""

    BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
             "table", "pre", "blockquote", "section", "article", "figure", "figcaption", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOfHTML()
    parser.feed(markup)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def pages() -> Iterator[Page]:
    for gt in sorted((DATA / "wcxb" / "dev" / "ground-truth").glob("*.json")):
        data = json.loads(gt.read_text("utf8"))
        gold = (data.get("ground_truth") or {}).get("main_content") or ""
        kind = ((data.get("_internal") or {}).get("page_type") or {}).get("primary", "article")
        yield Page("wcxb", gt.stem, DATA / "wcxb" / "dev" / "html" / f"{gt.stem}.html.gz", data.get("url") or "",
                   gold, "collection" if kind == "category" else kind)
    root = DATA / "mozilla_readability" / "test" / "test-pages"
    for case in sorted(p for p in root.iterdir() if p.is_dir()):
        gold = html_text((case / "expected.html").read_text("utf8", errors="replace"))
        yield Page("mozilla", case.name, case / "source.html", "", gold, "mozilla")


def add_package_path() -> None:
    shared = str(ROOT / "shared")
    if shared not in sys.path:
        sys.path.insert(0, shared)
