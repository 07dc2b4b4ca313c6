"""Parsing: the raw bytes of one dropped file -> ParsedArticle(s). Pure Python: no I/O, no
AWS, no environment.

    from articles.parsing import parse_document
    articles = parse_document(data, filename="2024/03/story.txt", url=None)

One module per stage: ``decode`` (bytes -> text; binary and empty input refused) ->
``detect`` (html / json / text) -> a parser per format filling a ``draft.Draft``:
``text`` (+ ``textlines``: scraped plain-text pages, by line classification),
``htmlfmt`` (+ ``htmlmeta``, ``titles``, ``htmltext``: trafilatura plus the page's own
metadata), ``jsonfmt`` (objects, arrays, JSON Lines, NewsAPI, schema.org) -> ``draft.finish``
(``language``, ``clean``: word count and content hash). ``dates`` and ``authors`` are shared
helpers; ``cli`` holds ``parse_file`` and the ``eval_extract.py --jsonl-cmd`` server.

``warm_up()`` loads the language-identification model ahead of the first article (for a
long-lived server; otherwise the first article needing it pays ≈0.5 s). The parse Lambda does
not call it: its init loads nothing heavy, and the first invocation already imports
trafilatura.

The package imports its stages lazily: a function that only needs a helper such as
``articles.parsing.dates`` (the store, the API) does not load the parser and the
language-identification model with it (≈ 0.15 s of every cold start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from articles.parsing.document import parse_document
    from articles.parsing.language import warm_up

__all__ = ["parse_document", "warm_up"]


def __getattr__(name: str) -> Any:
    if name == "parse_document":
        from articles.parsing.document import parse_document

        return parse_document
    if name == "warm_up":
        from articles.parsing.language import warm_up

        return warm_up
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
