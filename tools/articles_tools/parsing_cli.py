"""Command-line helpers: parse one file, or serve the ``eval_extract.py --jsonl-cmd``
protocol (one ``{"id", "path", "url"}`` request per stdin line, one JSON answer per line).

    python -m articles_tools.parsing_cli            # serve JSON lines on stdin/stdout
    python -m articles_tools.parsing_cli --jsonl    # the same
    python -m articles_tools.parsing_cli FILE [--url URL]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import zlib
from pathlib import Path
from typing import Any, TextIO

from articles.errors import ArticleError, UnsupportedFormat
from articles.parsing.document import parse_document
from articles.parsing.language import warm_up

_GZIP_MAGIC = b"\x1f\x8b"
_MAX_INFLATED = 64 * 1024 * 1024


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes (gzip inflated transparently) and the name to detect the format by."""
    data = path.read_bytes()
    name = path.name
    if data.startswith(_GZIP_MAGIC):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                data = handle.read(_MAX_INFLATED + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise UnsupportedFormat(f"a damaged gzip file ({error})") from error
        if len(data) > _MAX_INFLATED:
            raise UnsupportedFormat("the gzip file inflates to more than 64 MiB")
        name = name.removesuffix(".gz")
    return data, name


def parse_file(path: str, url: str | None = None) -> dict[str, Any]:
    """The first article of the file at ``path`` as a JSON-ready dict (every ParsedArticle
    field); when the file holds several articles, all of them are under ``"articles"``."""
    data, name = _read(Path(path))
    articles = parse_document(data, filename=name, url=url or None)
    result: dict[str, Any] = articles[0].model_dump(mode="json")
    if len(articles) > 1:
        result["articles"] = [a.model_dump(mode="json") for a in articles]
    return result


def _answer(line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except ValueError as error:
        return {"id": None, "error": f"bad request line: {error}"}
    if not isinstance(request, dict) or not isinstance(request.get("path"), str):
        return {"id": None, "error": "bad request: expected {\"id\", \"path\", \"url\"}"}
    ident = request.get("id")
    url = request.get("url")
    try:
        return {"id": ident, **parse_file(request["path"], url if isinstance(url, str) else None)}
    except ArticleError as error:
        return {"id": ident, "error": f"{error.code}: {error.reason}"}
    except OSError as error:
        return {"id": ident, "error": f"cannot read {request['path']}: {error.strerror or error}"}
    except Exception as error:  # one bad document must not stop the stream
        return {"id": ident, "error": f"internal error: {type(error).__name__}: {error}"}


def serve_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Answer every request line in order, flushing each answer; returns the exit status."""
    warm_up()
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(_answer(line), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m articles_tools.parsing_cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", help="a file to parse (omit to serve JSON lines)")
    parser.add_argument("--url", help="the page URL, if known")
    parser.add_argument("--jsonl", action="store_true", help="serve JSON lines on stdin/stdout")
    args = parser.parse_args(argv)
    if args.jsonl or not args.path:
        return serve_jsonl(sys.stdin, sys.stdout)
    try:
        result = parse_file(args.path, args.url)
    except ArticleError as error:
        print(f"{error.code}: {error.reason}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
