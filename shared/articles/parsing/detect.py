"""Which kind of document a decoded text is: HTML, JSON (object, array or JSON Lines) or a
scraped plain-text page. Content decides; the file extension only breaks ties."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from articles.errors import UnsupportedFormat

Format = Literal["html", "json", "text"]

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(
    r"<(?:p|div|span|a|br|h[1-6]|article|section|body|head|title|meta|script|style|ul|li|table|img)\b[^>]*>",
    re.IGNORECASE,
)
_FEED = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_JSON_EXT = (".json", ".jsonl", ".ndjson", ".geojson")


def _extension(filename: str) -> str:
    name = filename.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""


def parse_json_text(text: str) -> list[Any] | None:
    """The JSON values in ``text``: one document, or one per line (JSON Lines); None if not JSON."""
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    values: list[Any] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except ValueError:
            return None
    return values if len(values) > 1 else None


def detect_format(text: str, filename: str, content_type: str | None = None) -> tuple[Format, list[Any]]:
    """The format of ``text`` and, for JSON, its parsed values."""
    ext = _extension(filename)
    ctype = (content_type or "").lower()
    head = text.lstrip()[:1]
    if head in ("{", "[") or ext in _JSON_EXT or "json" in ctype:
        values = parse_json_text(text)
        if values is not None:
            return "json", values
        if ext in _JSON_EXT or "json" in ctype:
            raise UnsupportedFormat("malformed JSON: the file is neither a JSON document nor JSON Lines")
    if _FEED.match(text[:2000]):
        raise UnsupportedFormat("an RSS/Atom feed, not an article")
    if _HTML_START.match(text[:4000]):
        return "html", []
    tags = len(_HTML_TAG.findall(text[:100_000]))
    if tags >= 3 or (tags >= 1 and (ext in _HTML_EXT or "html" in ctype)):
        return "html", []
    return "text", []
