"""Command line for the tagger.

``python -m articles_tools.entities_cli --jsonl`` serves ``eval_ner.py --jsonl-cmd``: one JSON
object ``{"id", "text"}`` per input line, one answer line
``{"id", "entities": [{"start", "end", "label", "text"}]}`` per input line (flushed), or
``{"id", "error"}`` when the line cannot be processed. Logs go to stderr.

``python -m articles_tools.entities_cli [--published DATE] [--quotes] FILE...`` prints the
canonical entities of each file (``-`` for stdin) as JSON; with ``--quotes``, an object
``{"entities": [...], "quotes": [...]}`` instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import IO, Any

from articles.entities.routing import LANGUAGES, RoutedTagger
from articles.entities.rules import ALL_RULES
from articles.entities.tagger import Tagger


def serve_jsonl(stdin: IO[str], stdout: IO[str], tagger: Tagger | RoutedTagger | None = None) -> int:
    """Answer ``{"id", "text"}`` lines with entity spans until ``stdin`` ends; returns 0.
    The default tagger detects each text's language and uses that language's model (no
    entities for a language without one); every packaged model is loaded before the first
    line is read, as a server starts (the first French text does not wait for the French model)."""
    if tagger is None:
        tagger = RoutedTagger.load(eager=LANGUAGES)
    for line in stdin:
        if not line.strip():
            continue
        doc_id: Any = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object with 'id' and 'text'")
            doc_id = request.get("id")
            text = request.get("text")
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
            entities = [
                {"start": start, "end": end, "label": label, "text": text[start:end]}
                for start, end, label in tagger.spans(text)
            ]
            answer: dict[str, Any] = {"id": doc_id, "entities": entities}
        except Exception as exc:  # every failure is answered; the server goes on
            print(f"articles_tools.entities_cli: {doc_id!r}: {type(exc).__name__}: {exc}", file=sys.stderr)
            answer = {"id": doc_id, "error": f"{type(exc).__name__}: {exc}"}
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def serve_names_jsonl(stdin: IO[str], stdout: IO[str]) -> int:
    """``articles names --jsonl``, the plug-in of ``eval_translit.py --jsonl-cmd``: answers
    ``{"id", "arabic", "latin"}`` lines with ``{"id", "same": bool}`` (or ``{"id", "error"}``)
    using :func:`articles.entities.translit.same_name`; returns 0 at the end of ``stdin``."""
    from articles.entities.translit import same_name

    for line in stdin:
        if not line.strip():
            continue
        pair_id: Any = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object with 'id', 'arabic' and 'latin'")
            pair_id = request.get("id")
            arabic, latin = request.get("arabic"), request.get("latin")
            if not isinstance(arabic, str) or not isinstance(latin, str):
                raise ValueError("'arabic' and 'latin' must be strings")
            answer: dict[str, Any] = {"id": pair_id, "same": same_name(arabic, latin)}
        except Exception as exc:  # every line is answered; the server goes on
            print(f"articles names: {pair_id!r}: {type(exc).__name__}: {exc}", file=sys.stderr)
            answer = {"id": pair_id, "error": f"{type(exc).__name__}: {exc}"}
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def _rules(value: str) -> Collection[str]:
    if value == "all":
        return ALL_RULES
    if value == "none":
        return frozenset()
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m articles_tools.entities_cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--jsonl", action="store_true", help="serve JSON lines on stdin/stdout")
    ap.add_argument("--model", type=Path, default=None, help="one spaCy model directory (no language routing)")
    ap.add_argument("--lang", default=None, help="with --model: the model's language (default en)")
    ap.add_argument(
        "--rules",
        default=None,
        help=f"all, none, or a comma-separated subset of {', '.join(sorted(ALL_RULES))} (default: "
        "the language's rules; giving it selects one model, no routing)",
    )
    ap.add_argument("--published", default=None, help="publication date given to roles")
    ap.add_argument("--quotes", action="store_true", help="also print the attributed quotations")
    ap.add_argument("files", nargs="*", help="text files to tag ('-' for stdin)")
    args = ap.parse_args(argv)
    if not args.jsonl and not args.files:
        ap.error("give --jsonl or at least one file")
    tagger: Tagger | RoutedTagger
    if args.model is not None or args.rules is not None:
        rules = None if args.rules is None else _rules(args.rules)
        tagger = Tagger.load(args.model, rules=rules, language=args.lang or "en")
    else:
        tagger = RoutedTagger.load()
    if args.jsonl:
        return serve_jsonl(sys.stdin, sys.stdout, tagger)
    for name in args.files:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        entities = tagger.tag(text, published=args.published)
        out: Any = [e.model_dump() for e in entities]
        if args.quotes:
            out = {"entities": out, "quotes": [q.model_dump() for q in tagger.quotes(text, entities)]}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
