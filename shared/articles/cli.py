"""The ``articles`` command line."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent / "local" / "samples"
API_DEFAULT = os.environ.get("ARTICLES_API", "http://127.0.0.1:3000")
API_HELP = "API base URL (default $ARTICLES_API or the local stack); on AWS set $ARTICLES_API_KEY too"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _sample_paths() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


# ---------------------------------------------------------------------- demo
def _demo_record(stack: Any, key: str) -> list[dict[str, Any]]:
    """The ``--json`` objects for one input (one per article it yielded)."""
    from articles.ids import article_id

    repo_ids = _article_ids(stack, key) or [article_id(stack.inbox, key)]
    out = []
    for aid in repo_ids:
        status, doc = stack.invoke_api(f"/articles/{aid}")
        if status != 200:
            out.append({"id": aid, "key": key, "status": "failed", "error": doc.get("message", "not found"),
                        "title": None, "published": None, "published_source": None, "section": None,
                        "author": [], "language": None, "body": None, "site_related": [], "entities": [],
                        "related": []})
            continue
        out.append({
            "id": aid, "key": key, "status": doc.get("status"), "error": doc.get("error"),
            "title": doc.get("title"), "published": doc.get("published"),
            "published_source": doc.get("published_source"), "section": doc.get("section"),
            "author": doc.get("author") or [], "language": doc.get("language"), "body": doc.get("body"),
            "site_related": [{"title": s.get("title"), "teaser": s.get("teaser", "")}
                             for s in doc.get("site_related") or []],
            "entities": [{"id": e["id"], "name": e["name"], "type": e["type"], "aliases": e.get("aliases") or [],
                          "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"]}
                                       for m in e.get("mentions") or []],
                          "roles": e.get("roles") or []} for e in doc.get("entities", [])],
            "related": [{"id": r["id"], "title": r.get("title"), "score": r["score"], "reasons": r.get("reasons", [])}
                        for r in doc.get("related", [])],
        })
    return out


def _article_ids(stack: Any, key: str) -> list[str]:
    from articles.config import get_settings
    from articles.runtime import repository

    return sorted(repository(get_settings()).articles_from_source(stack.inbox, key))


def print_summary(records: list[dict[str, Any]], out: Any = sys.stdout) -> None:
    for rec in records:
        title = rec.get("title") or "(no title)"
        print(f"\n== {title}", file=out)
        print(f"   id {rec['id']}  key {rec['key']}  status {rec['status']}", file=out)
        if rec.get("error"):
            print(f"   error: {rec['error']}", file=out)
        if rec["status"] in ("failed", "skipped") and not rec.get("body"):
            continue
        date = rec.get("published") or "unknown"
        print(f"   date {date} ({rec.get('published_source') or 'none'})  section {rec.get('section') or '-'}"
              f"  language {rec.get('language') or '-'}", file=out)
        if rec.get("author"):
            print(f"   by {', '.join(rec['author'])}", file=out)
        groups: dict[str, list[str]] = {}
        for ent in rec.get("entities", []):
            aliases = [a for a in ent.get("aliases", []) if a != ent["name"]]
            label = ent["name"] + (f" (also: {', '.join(aliases)})" if aliases else "")
            groups.setdefault(ent["type"], []).append(label)
        names = {"PER": "people", "ORG": "organisations", "LOC": "places", "MISC": "other"}
        for type_ in ("PER", "ORG", "LOC", "MISC"):
            if groups.get(type_):
                print(f"   {names[type_]}: {'; '.join(groups[type_])}", file=out)
        for link in rec.get("related", []):
            print(f"   related {link['score']:.2f}  {link.get('title') or link['id']}"
                  f"  [{'; '.join(link.get('reasons', []))}]", file=out)
        for link in rec.get("site_related", []):
            print(f"   site suggests: {link['title']}", file=out)


def cmd_demo(args: argparse.Namespace) -> int:
    from articles.local.stack import EmbeddedStack

    paths = [Path(p) for p in args.paths] or _sample_paths()
    if not args.paths and SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"articles demo: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    log = sys.stderr
    print(f"starting the embedded stack (moto on 127.0.0.1, in memory) for {len(paths)} file(s)…", file=log)
    with EmbeddedStack() as stack:
        keys = []
        for i, path in enumerate(paths):
            key = path.name if path.name not in keys else f"{i}-{path.name}"
            stack.put(key, path.read_bytes())
            keys.append(key)
        if not stack.drain(timeout=args.timeout):
            print("articles demo: the pipeline did not drain in time; results may be partial", file=log)
        records = [rec for key in keys for rec in _demo_record(stack, key)]
    if args.json:
        for rec in records:
            print(json.dumps(rec, ensure_ascii=False), flush=True)
    else:
        print_summary(records)
        ok = sum(r["status"] == "ok" for r in records)
        print(f"\n{len(records)} article(s): {ok} ok, {len(records) - ok} not ok")
    return 0


# ---------------------------------------------------------------------- up
def cmd_up(args: argparse.Namespace) -> int:
    from articles.local.stack import EmbeddedStack

    stack = EmbeddedStack(s3_port=args.s3_port, visibility_timeout=5).start()
    stack.serve_api(args.api_port)
    api = f"http://127.0.0.1:{args.api_port}"
    print(f"articles local stack is up (in memory: everything is gone when it stops)\n"
          f"  AWS endpoint  {stack.endpoint}   (any credentials, region us-east-1)\n"
          f"  inbox bucket  {stack.inbox}\n"
          f"  API           {api}   (auth is off locally; on AWS an API key is required)\n\n"
          f"  drop a file:  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --endpoint-url {stack.endpoint} "
          f"s3 cp article.txt s3://{stack.inbox}/\n"
          f"  look it up:   curl \"{api}/articles?day=$(date +%F)\"   curl {api}/articles/ID\n"
          f"Ctrl-C stops.", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher = _InboxWatcher(stack, Path(args.inbox)) if args.inbox else None
    try:
        while not stop.is_set():
            if watcher:
                watcher.scan()
            stop.wait(1.0)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping…", file=sys.stderr)
        stack.stop()
    return 0


class _InboxWatcher:
    """Uploads every file of a folder at start, then each new or changed one."""

    def __init__(self, stack: Any, folder: Path) -> None:
        self.stack = stack
        self.folder = folder
        self.seen: dict[Path, float] = {}
        print(f"  watching {folder} (files there are uploaded as they appear)", flush=True)

    def scan(self) -> None:
        for path in sorted(self.folder.iterdir()) if self.folder.is_dir() else []:
            if not path.is_file() or path.name.startswith("."):
                continue
            mtime = path.stat().st_mtime
            if self.seen.get(path) != mtime:
                self.seen[path] = mtime
                self.stack.put(path.name, path.read_bytes())
                print(f"  uploaded {path.name}", flush=True)


# ---------------------------------------------------------------------- plug-ins
def cmd_parse(args: argparse.Namespace) -> int:
    from articles.parsing import cli as parsing_cli

    if args.jsonl:
        return parsing_cli.serve_jsonl(sys.stdin, sys.stdout)
    if not args.file:
        print("articles parse: give FILE or --jsonl", file=sys.stderr)
        return 2
    from articles.errors import ArticleError

    try:
        print(json.dumps(parsing_cli.parse_file(args.file, args.url), ensure_ascii=False, indent=2))
    except ArticleError as exc:
        print(json.dumps({"error": exc.reason, "code": exc.code}), file=sys.stdout)
        return 1
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from articles.entities import cli as entities_cli

    if args.jsonl:
        return entities_cli.serve_jsonl(sys.stdin, sys.stdout)
    from articles.entities import load_tagger

    text = Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read()
    for ent in load_tagger("local").tag(text):
        print(json.dumps(ent.model_dump(), ensure_ascii=False))
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    from articles.entities import cli as entities_cli
    from articles.entities.translit import same_name

    if args.jsonl:
        return entities_cli.serve_names_jsonl(sys.stdin, sys.stdout)
    if not args.arabic or not args.latin:
        print("give ARABIC and LATIN names, or --jsonl", file=sys.stderr)
        return 2
    print(json.dumps({"arabic": args.arabic, "latin": args.latin, "same": same_name(args.arabic, args.latin)},
                     ensure_ascii=False))
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    from articles.related import cli as related_cli

    return int(related_cli.main([]) or 0)


# ---------------------------------------------------------------------- API clients
def _api_get(base: str, path: str) -> tuple[int, Any]:
    """GET ``path`` on the API; on AWS the key comes from $ARTICLES_API_KEY (sent as x-api-key)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base.rstrip("/") + path, headers={"Accept": "application/json"})
    if os.environ.get("ARTICLES_API_KEY"):
        request.add_header("x-api-key", os.environ["ARTICLES_API_KEY"])
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
    except urllib.error.URLError as exc:
        raise SystemExit(f"articles: cannot reach the API at {base} ({exc.reason}); is `articles up` running?") \
            from exc


def _print_json(doc: Any, status: int) -> int:
    """The API's answer as it came (``--json``, or an error body); exit 1 unless it was a 200."""
    print(json.dumps(doc, ensure_ascii=False, indent=2))
    return 0 if status == 200 else 1


def cmd_get(args: argparse.Namespace) -> int:
    status, doc = _api_get(args.api, f"/articles/{args.id}")
    if args.json or status != 200:
        return _print_json(doc, status)
    print_summary([doc])
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    from urllib.parse import quote

    status, doc = _api_get(args.api, f"/entities?q={quote(args.name)}")
    if args.json or status != 200:
        return _print_json(doc, status)
    for ent in doc.get("items", []):
        print(f"{ent['name']} [{ent['type']}] {ent['id']}  articles {ent['article_count']}  "
              f"aliases: {', '.join(ent['aliases'])}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    status, doc = _api_get(args.api, "/search?" + urlencode({"q": args.query, "limit": args.limit}))
    if args.json or status != 200:
        return _print_json(doc, status)
    for hit in doc.get("items", []):
        print(f"{hit['score']:.2f}  {hit['id']}  {hit.get('title') or ''}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    entity = args.entity
    if entity and not entity.startswith("e_"):  # a name: the best match of GET /entities?q=
        found_status, found = _api_get(args.api, "/entities?" + urlencode({"q": entity}))
        if found_status != 200 or not found.get("items"):
            print(f"articles list: no entity named {entity!r}", file=sys.stderr)
            return 1
        entity = found["items"][0]["id"]
    query = {k: v for k, v in (("entity", entity), ("day", args.day), ("from", args.since), ("to", args.until),
                               ("section", args.section), ("language", args.language), ("limit", args.limit),
                               ("cursor", args.cursor)) if v}
    status, doc = _api_get(args.api, "/articles?" + urlencode(query))
    if args.json or status != 200:
        return _print_json(doc, status)
    for item in doc.get("items", []):
        print(f"{item.get('published') or '-':<25} {item['id']}  {item.get('title') or '(no title)'}"
              f"  [{item.get('status')}]")
    if doc.get("next"):
        print(f"more: --cursor {doc['next']}")
    return 0


# ---------------------------------------------------------------------- operations
def _resources(args: argparse.Namespace) -> Any:
    from articles.ops import Resources

    if args.stack:
        return Resources.deployed(args.stack)
    return Resources.local(args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "http://127.0.0.1:4566")


def cmd_dlq(args: argparse.Namespace) -> int:
    from articles.ops import dead_letters

    found = dead_letters(_resources(args))
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    for queue, items in found.items():
        print(f"{queue}: {len(items)} message(s)")
        for item in items:
            print(f"  {item['id']}  received {item['receives']}x  {item['what']}")
    return 0


def cmd_redrive(args: argparse.Namespace) -> int:
    from articles.ops import redrive

    moved = redrive(_resources(args), args.queue)
    for queue, count in moved.items():
        print(f"{queue}: {count} message(s) sent back")
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from articles.ops import backfill

    res = _resources(args)
    checkpoint = Path(args.checkpoint) if args.checkpoint else None
    with tqdm(unit=" objects", desc="backfill", file=sys.stderr) as bar:
        sent = backfill(res, prefix=args.prefix, checkpoint=checkpoint, progress=lambda _key: bar.update(1))
    print(f"queued {sent} object(s) of s3://{res.inbox}/{args.prefix} for parsing")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="articles", description="News articles in S3 → structured, linked data.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="run the pipeline on the embedded stack for some files and print results")
    p.add_argument("paths", nargs="*", help="files to drop in the inbox (default: the bundled samples)")
    p.add_argument("--json", action="store_true", help="one JSON object per article on stdout")
    p.add_argument("--timeout", type=float, default=180.0)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("up", help="run the long-lived local stack (moto + dispatcher + HTTP API)")
    p.add_argument("--s3-port", type=int, default=4566)
    p.add_argument("--api-port", type=int, default=3000)
    p.add_argument("--inbox", help="folder whose files are uploaded at start and as they appear")
    p.set_defaults(func=cmd_up)

    p = sub.add_parser("parse", help="parse one file, or serve the eval_extract --jsonl-cmd protocol")
    p.add_argument("file", nargs="?")
    p.add_argument("--url")
    p.add_argument("--jsonl", action="store_true")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("tag", help="tag entities in a text, or serve the eval_ner --jsonl-cmd protocol")
    p.add_argument("file", nargs="?")
    p.add_argument("--jsonl", action="store_true")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("names", help="is an Arabic-script name the same as a Latin one? (or serve eval_translit "
                       "--jsonl-cmd)")
    p.add_argument("arabic", nargs="?")
    p.add_argument("latin", nargs="?")
    p.add_argument("--jsonl", action="store_true")
    p.set_defaults(func=cmd_names)

    p = sub.add_parser("related", help="serve the eval_related --cmd protocol on the real index (moto)")
    p.add_argument("--jsonl", action="store_true", help="(the only mode; accepted for symmetry)")
    p.set_defaults(func=cmd_related)

    for name, func, arg in (("get", cmd_get, "id"), ("entity", cmd_entity, "name")):
        p = sub.add_parser(name, help=f"look up an {'article' if name == 'get' else 'entity'} through the API")
        p.add_argument(arg)
        p.add_argument("--api", default=API_DEFAULT, help=API_HELP)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("search", help="keyword search through the API")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--api", default=API_DEFAULT, help=API_HELP)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("list", help="list articles, newest first, through the API")
    p.add_argument("--entity", help="an entity id (e_…) or name")
    p.add_argument("--day", help="YYYY-MM-DD")
    p.add_argument("--from", dest="since", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="until", help="last day (inclusive), YYYY-MM-DD")
    p.add_argument("--section")
    p.add_argument("--language", help="ISO 639 code, e.g. en")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--cursor")
    p.add_argument("--api", default=API_DEFAULT, help=API_HELP)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    for name, func, help_ in (("dlq", cmd_dlq, "list what sits in each dead-letter queue, with reasons"),
                              ("redrive", cmd_redrive, "send dead-letter messages back to their queues"),
                              ("backfill", cmd_backfill, "re-process every object in the inbox bucket")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--endpoint-url", help="the local stack (default $AWS_ENDPOINT_URL or 127.0.0.1:4566)")
        p.add_argument("--stack", help="a deployed CloudFormation stack name (uses the usual AWS environment)")
        if name == "dlq":
            p.add_argument("--json", action="store_true")
        if name == "redrive":
            p.add_argument("--queue", help="only this queue (parse, tag or related)")
        if name == "backfill":
            p.add_argument("--prefix", default="")
            p.add_argument("--checkpoint", help="file keeping the last key queued, to resume")
        p.set_defaults(func=func)

    args = ap.parse_args(argv)
    started = time.monotonic()
    code = int(args.func(args))
    if args.command == "demo":
        print(f"done in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
