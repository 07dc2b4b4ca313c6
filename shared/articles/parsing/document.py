"""The entry point: bytes of one file -> list of ParsedArticle."""

from __future__ import annotations

from articles.errors import SkippedInput
from articles.models import ParsedArticle
from articles.parsing.decode import decode_bytes
from articles.parsing.detect import detect_format
from articles.parsing.draft import finish
from articles.parsing.text import parse_text


def parse_document(
    data: bytes, *, filename: str, url: str | None = None, content_type: str | None = None
) -> list[ParsedArticle]:
    """Parse one document into its articles (several for JSON Lines / arrays, in order).

    Raises a PermanentError subclass (EmptyDocument, UnsupportedFormat, DecodeFailure,
    NoArticleContent; SkippedInput for an empty folder marker "dir/") with a human-readable
    ``reason`` when the input cannot be parsed. DocumentTooLarge is the caller's check."""
    if filename.endswith("/") and not data.strip():
        raise SkippedInput("a folder marker, not a file")
    text = decode_bytes(data)
    fmt, values = detect_format(text, filename, content_type)
    if fmt == "json":
        from articles.parsing.jsonfmt import parse_json_values

        return [finish(draft, "json") for draft in parse_json_values(values, url=url)]
    if fmt == "html":
        from articles.parsing.htmlfmt import parse_html

        return [finish(parse_html(text, url=url), "html")]
    return [finish(parse_text(text, url=url), "text")]
