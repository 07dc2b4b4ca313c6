"""The ``articles`` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent / "local" / "samples"
LOCAL_API = "http://127.0.0.1:3000"
LOCAL_ENDPOINT = "http://127.0.0.1:4566"
API_HELP = ("API base URL (default $ARTICLES_API, else the stack `articles up` started); "
            "on AWS set $ARTICLES_API_KEY too")
STATE_FILE = "up.json"


class CliError(Exception):
    """A failure told to the user in one line (what went wrong, what to do next)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------- where `up` runs
def state_dir() -> Path:
    """Per-user folder where ``articles up`` notes its endpoints ($ARTICLES_STATE_DIR, else
    $XDG_STATE_HOME/articles, else ~/.local/state/articles)."""
    if os.environ.get("ARTICLES_STATE_DIR"):
        return Path(os.environ["ARTICLES_STATE_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "articles"


def write_state(state: dict[str, Any]) -> Path:
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STATE_FILE
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def clear_state() -> None:
    """Forget the endpoints, if they are still ours (another `up` may have started since)."""
    path = state_dir() / STATE_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def read_state() -> dict[str, Any]:
    """What the running ``articles up`` wrote, or {} (no file, unreadable, or its process is gone)."""
    try:
        state = json.loads((state_dir() / STATE_FILE).read_text(encoding="utf-8"))
        pid = int(state.get("pid", 0))
    except (OSError, ValueError, TypeError, AttributeError):
        return {}
    if pid <= 0:
        return {}
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return {}
    except PermissionError:  # alive, someone else's
        pass
    return state if isinstance(state, dict) else {}


def api_base(arg: str | None) -> str:
    return arg or os.environ.get("ARTICLES_API") or str(read_state().get("api") or LOCAL_API)


def local_endpoint(arg: str | None) -> str:
    return arg or os.environ.get("AWS_ENDPOINT_URL") or str(read_state().get("endpoint") or LOCAL_ENDPOINT)
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _sample_paths() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


# ---------------------------------------------------------------------- demo
# ``demo --json``: the API's article (ArticleView, one schema with what parsing stores), trimmed
DEMO_FIELDS: dict[str, Any] = {
    "id": True, "key": True, "status": True, "error": True, "title": True, "published": True,
    "published_source": True, "section": True, "author": True, "language": True, "body": True,
    "site_related": {"__all__": {"title", "teaser"}},
    "entities": {"__all__": {"id": True, "name": True, "type": True, "aliases": True, "roles": True,
                             "mentions": {"__all__": {"start", "end", "text"}}}},
    "related": {"__all__": {"id", "title", "score", "reasons"}},
}


def _demo_record(stack: Any, key: str) -> list[dict[str, Any]]:
    """The ``--json`` objects for one input (one per article it yielded)."""
    from articles.api_models import ArticleView
    from articles.ids import article_id

    repo_ids = _article_ids(stack, key) or [article_id(stack.inbox, key)]
    out = []
    for aid in repo_ids:
        status, doc = stack.invoke_api(f"/articles/{aid}")
        if status != 200:
            view = ArticleView(id=aid, key=key, status="failed", error=doc.get("message", "not found"),
                               entities=[], quotes=[], related=[])
        else:
            view = ArticleView.model_validate({**doc, "key": key})
        record = view.model_dump(include=DEMO_FIELDS)
        for entity in record["entities"]:  # lists, never null, in the CLI contract
            entity["aliases"] = entity["aliases"] or []
            entity["roles"] = entity["roles"] or []
            entity["mentions"] = entity["mentions"] or []
        out.append(record)
    return out


def _article_ids(stack: Any, key: str) -> list[str]:
    from articles.runtime import repository

    return sorted(repository(stack.settings).articles_from_source(stack.inbox, key))


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
    from articles_tools.local.stack import EmbeddedStack

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
    from articles_tools.local.stack import EmbeddedStack

    for port in {args.s3_port, args.api_port}:
        _check_port_free(port)
    try:
        stack = EmbeddedStack(s3_port=args.s3_port, visibility_timeout=5, workers="process").start()
    except RuntimeError as exc:
        raise CliError(f"{exc}; choose other ports with --s3-port / --api-port") from exc
    try:
        stack.serve_api(args.api_port)
    except OSError as exc:
        stack.stop()
        raise CliError(f"cannot serve the API on 127.0.0.1:{args.api_port} ({exc.strerror}); "
                       "choose another port with --api-port") from exc
    api = f"http://127.0.0.1:{args.api_port}"
    state = write_state({"pid": os.getpid(), "api": api, "endpoint": stack.endpoint, "inbox": stack.inbox,
                         "region": "us-east-1"})
    sample = _sample_paths()[0]
    print(banner(api, stack.endpoint, stack.inbox, sample, state), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # Ctrl-C stops the stack even when the process was started with SIGINT ignored (a script's
    # `articles up &` without job control): Python then installs no KeyboardInterrupt handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
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
        clear_state()
        stack.stop()
    return 0


def _check_port_free(port: int) -> None:
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise CliError(f"port {port} on 127.0.0.1 is in use ({exc.strerror}); is another `articles up` "
                           "running? Stop it, or choose other ports with --s3-port / --api-port") from exc


def banner(api: str, endpoint: str, inbox: str, sample: Path, state: Path) -> str:
    """What ``articles up`` prints: endpoints and first commands that work as printed."""
    return (f"articles local stack is up (in memory: everything is gone when it stops)\n"
            f"  web view      {api}/   (open it in a browser: articles, entities, related coverage)\n"
            f"  API           {api}   (auth is off locally; on AWS an API key is required)\n"
            f"  AWS endpoint  {endpoint}   (dummy credentials, region us-east-1)\n"
            f"  inbox bucket  {inbox}\n"
            f"  noted in      {state}   (so `articles put/list/get/dlq…` need no flags)\n\n"
            f"In another terminal:\n"
            f"  drop a file:      articles put {sample}\n"
            f"    or with aws:    AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 "
            f"aws --endpoint-url {endpoint} s3 cp {sample} s3://{inbox}/\n"
            f"  what arrived:     articles list        or  curl {api}/articles   (newest first)\n"
            f"  one article:      articles get ID      or  curl {api}/articles/ID\n"
            f"  dead letters:     articles dlq\n"
            f"Ctrl-C stops.")


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
    from articles_tools import parsing_cli

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
    from articles_tools import entities_cli

    if args.jsonl:
        return entities_cli.serve_jsonl(sys.stdin, sys.stdout)
    from articles.entities import load_tagger

    text = Path(args.file).read_text(encoding="utf-8") if args.file not in (None, "-") else sys.stdin.read()
    for ent in load_tagger("local").tag(text):
        print(json.dumps(ent.model_dump(), ensure_ascii=False))
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    from articles.entities.translit import same_name

    from articles_tools import entities_cli

    if args.jsonl:
        return entities_cli.serve_names_jsonl(sys.stdin, sys.stdout)
    if not args.arabic or not args.latin:
        print("give ARABIC and LATIN names, or --jsonl", file=sys.stderr)
        return 2
    print(json.dumps({"arabic": args.arabic, "latin": args.latin, "same": same_name(args.arabic, args.latin)},
                     ensure_ascii=False))
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    from articles_tools import related_cli

    return int(related_cli.main([]) or 0)


# ---------------------------------------------------------------------- API clients
def _api_get(base: str, path: str) -> tuple[int, Any]:
    """GET ``path`` on the API; on AWS the key comes from $ARTICLES_API_KEY (sent as x-api-key).
    Every way this can fail becomes a one-line :class:`CliError` saying what to do."""
    import http.client
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliError(f"--api {base!r} is not an http(s) URL; give the lookup API's base URL, "
                       f"e.g. --api {LOCAL_API}", 2)
    url = base.rstrip("/") + path
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if os.environ.get("ARTICLES_API_KEY"):
        request.add_header("x-api-key", os.environ["ARTICLES_API_KEY"])
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except urllib.error.URLError as exc:
        raise CliError(f"cannot reach the API at {base} ({exc.reason}); is `articles up` running? "
                       "(or pass --api URL)") from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise CliError(f"the API at {base} did not answer properly ({type(exc).__name__}: {exc}); "
                       "check --api / $ARTICLES_API") from exc
    try:
        return status, json.loads(raw or b"{}")
    except ValueError as exc:
        raise CliError(f"{base} answered {status} with something that is not JSON: is it the lookup API "
                       f"(`articles up` prints its URL, e.g. {LOCAL_API})?") from exc


def _segment(value: str) -> str:
    """One URL path segment: every reserved character encoded, and '.'/'..' too (they would
    climb to another route)."""
    from urllib.parse import quote

    quoted = quote(value, safe="")
    return quoted.replace(".", "%2E") if set(value) <= {"."} else quoted


def _print_json(doc: Any, status: int) -> int:
    """The API's answer as it came (``--json``); exit 1 unless it was a 200."""
    print(json.dumps(doc, ensure_ascii=False, indent=2))
    return 0 if status == 200 else 1


def _api_error(doc: Any, status: int) -> CliError:
    """An API error answer as one line."""
    if isinstance(doc, dict) and doc.get("message"):
        reason = f"{doc['message']}" + (f" ({doc['error']})" if doc.get("error") else "")
    else:
        reason = f"the API answered {status}"
    hint = {404: "; `articles list` shows what exists", 403: "; set $ARTICLES_API_KEY",
            429: "; retry in a moment", 503: "; retry in a moment"}.get(status, "")
    return CliError(reason + hint)


def _answer(args: argparse.Namespace, status: int, doc: Any) -> None:
    """An error answer ends the command: its JSON on stdout with --json, and one line on stderr."""
    if status == 200:
        return
    if args.json:
        _print_json(doc, status)
    raise _api_error(doc, status)


def cmd_get(args: argparse.Namespace) -> int:
    status, doc = _api_get(api_base(args.api), f"/articles/{_segment(args.id)}")
    if status == 404 and not args.json:
        raise CliError(f"no article with id {args.id!r}; `articles list` shows what exists")
    _answer(args, status, doc)
    if args.json:
        return _print_json(doc, status)
    print_summary([doc])
    return 0


def _none_found(args: argparse.Namespace, doc: Any, message: str) -> int:
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    raise CliError(message)


def cmd_entity(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    status, doc = _api_get(api_base(args.api), "/entities?" + urlencode({"q": args.name}))
    _answer(args, status, doc)
    if not doc.get("items"):
        return _none_found(args, doc, f"no entity named {args.name!r}; try part of the name, or "
                                      f"`articles search {args.name!r}`")
    if args.json:
        return _print_json(doc, status)
    for ent in doc.get("items", []):
        count = f"{ent['article_count']}{'' if ent.get('article_count_exact', True) else '+'}"
        print(f"{ent['name']} [{ent['type']}] {ent['id']}  articles {count}  "
              f"aliases: {', '.join(ent['aliases'])}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    status, doc = _api_get(api_base(args.api), "/search?" + urlencode({"q": args.query, "limit": args.limit}))
    _answer(args, status, doc)
    if not doc.get("items"):
        return _none_found(args, doc, f"no article matches {args.query!r}; try other words, or "
                                      "`articles list` for the newest")
    if args.json:
        return _print_json(doc, status)
    for hit in doc.get("items", []):
        print(f"{hit['score']:.2f}  {hit['id']}  {hit.get('title') or ''}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from urllib.parse import urlencode

    base = api_base(args.api)
    entity = args.entity
    if entity and not entity.startswith("e_"):  # a name: the best match of GET /entities?q=
        found_status, found = _api_get(base, "/entities?" + urlencode({"q": entity}))
        _answer(args, found_status, found)
        if not found.get("items"):
            return _none_found(args, found, f"no entity named {entity!r}; `articles entity NAME` finds names")
        entity = found["items"][0]["id"]
    query = {k: v for k, v in (("entity", entity), ("day", args.day), ("from", args.since), ("to", args.until),
                               ("section", args.section), ("language", args.language), ("limit", args.limit),
                               ("cursor", args.cursor)) if v}
    status, doc = _api_get(base, "/articles?" + urlencode(query))
    _answer(args, status, doc)
    if args.json:
        return _print_json(doc, status)
    items = doc.get("items", [])
    for item in items:
        print(f"{item.get('published') or '-':<25} {item['id']}  {item.get('title') or '(no title)'}"
              f"  [{item.get('status')}]")
    if doc.get("next"):
        stopped = " (the search stopped early to stay fast; there may be more)" if doc.get("partial") else ""
        print(f"more{stopped}: articles list … --cursor {doc['next']}")
    elif not items:
        raise CliError("no article matches these filters" if len(query) > 1 or "limit" not in query
                       else "no articles yet: drop one with `articles put FILE`")
    return 0


def cmd_put(args: argparse.Namespace) -> int:
    """Drop files in the local stack's inbox; wait until the pipeline has handled them."""
    from articles.ids import article_id

    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CliError(f"no such file: {', '.join(missing)}", 2)
    res = _resources(args)
    s3 = res.client("s3")
    with _aws_errors(res.endpoint_url):
        for path in paths:
            s3.put_object(Bucket=res.inbox, Key=path.name, Body=path.read_bytes())
    base = api_base(None)
    for path in paths:
        ids = [article_id(res.inbox, path.name), article_id(res.inbox, path.name, 1)]
        if args.no_wait:
            print(f"{ids[0]}  {path.name}  (queued)")
            continue
        deadline = time.monotonic() + args.timeout
        doc: dict[str, Any] = {}
        while time.monotonic() < deadline:
            found = [d for s, d in (_api_get(base, f"/articles/{i}") for i in ids) if s == 200]
            if found and found[0].get("status") != "processing":
                doc = found[0]
                break
            time.sleep(0.5)
        if not doc:
            print(f"{ids[0]}  {path.name}  (still processing; `articles get {ids[0]}` later)")
            continue
        print(f"{doc['id']}  {path.name}  {doc.get('status')}  {doc.get('title') or doc.get('error') or ''}")
    return 0


# ---------------------------------------------------------------------- operations
def _resources(args: argparse.Namespace) -> Any:
    from articles_tools.ops import Resources

    if getattr(args, "stack", None):
        with _aws_errors(None):
            return Resources.deployed(args.stack)
    endpoint = local_endpoint(getattr(args, "endpoint_url", None))
    with _aws_errors(endpoint):
        return Resources.local(endpoint)


@contextlib.contextmanager
def _aws_errors(endpoint: str | None) -> Iterator[None]:
    """Turns boto3 failures into one-line :class:`CliError` messages."""
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
    )

    where = f"the local stack at {endpoint}" if endpoint else "AWS"
    try:
        yield
    except NoCredentialsError as exc:
        raise CliError("no AWS credentials: for a deployed stack set AWS_PROFILE (or AWS_ACCESS_KEY_ID/"
                       "AWS_SECRET_ACCESS_KEY); the local stack needs none") from exc
    except NoRegionError as exc:
        raise CliError("no AWS region: set AWS_DEFAULT_REGION (or AWS_REGION)") from exc
    except EndpointConnectionError as exc:
        raise CliError(f"cannot reach {where}; is `articles up` running? (or pass --endpoint-url URL, "
                       "or --stack NAME for a deployed stack)") from exc
    except ClientError as exc:
        err = exc.response.get("Error", {})
        raise CliError(f"{where} refused: {err.get('Code', '?')}: {err.get('Message', exc)}; "
                       "is it an articles stack (`articles up`, or --stack NAME)?") from exc
    except (BotoCoreError, ValueError) as exc:
        raise CliError(f"{where}: {exc}; check --endpoint-url / --stack") from exc


def cmd_dlq(args: argparse.Namespace) -> int:
    from articles_tools.ops import dead_letters

    res = _resources(args)
    with _aws_errors(res.endpoint_url):
        found = dead_letters(res)
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    for queue, items in found.items():
        print(f"{queue}: {len(items)} message(s)")
        for item in items:
            print(f"  {item['id']}  received {item['receives']}x  {item['what']}")
    return 0


def cmd_redrive(args: argparse.Namespace) -> int:
    from articles_tools.ops import redrive

    res = _resources(args)
    with _aws_errors(res.endpoint_url):
        moved = redrive(res, args.queue)
    for queue, count in moved.items():
        print(f"{queue}: {count} message(s) sent back")
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from articles_tools.ops import backfill

    res = _resources(args)
    checkpoint = Path(args.checkpoint) if args.checkpoint else None
    with _aws_errors(res.endpoint_url), tqdm(unit=" objects", desc="backfill", file=sys.stderr) as bar:
        sent = backfill(res, prefix=args.prefix, checkpoint=checkpoint, progress=lambda _key: bar.update(1))
    print(f"queued {sent} object(s) of s3://{res.inbox}/{args.prefix} for parsing")
    return 0


def cmd_migrate_links(args: argparse.Namespace) -> int:
    from articles_tools.ops import migrate_links

    res = _resources(args)
    with _aws_errors(res.endpoint_url):
        moved = migrate_links(res)
    print(f"moved the entity links of {moved} article(s) to the current layout")
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
    p.add_argument("file", nargs="?", help="a UTF-8 text file; none or - reads standard input")
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
        p.add_argument("--api", help=API_HELP)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("search", help="keyword search through the API")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--api", help=API_HELP)
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
    p.add_argument("--api", help=API_HELP)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("put", help="drop files in the local stack's inbox and wait until they are processed")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--endpoint-url", help="the local stack (default: the one `articles up` started)")
    p.add_argument("--no-wait", action="store_true", help="return once uploaded")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per file")
    p.set_defaults(func=cmd_put)

    for name, func, help_ in (("dlq", cmd_dlq, "list what sits in each dead-letter queue, with reasons"),
                              ("redrive", cmd_redrive, "send dead-letter messages back to their queues"),
                              ("backfill", cmd_backfill, "re-process every object in the inbox bucket"),
                              ("migrate-links", cmd_migrate_links,
                               "once after upgrading from a version before 2026-12-06: move its entity links "
                               "to the current layout")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--endpoint-url", help="the local stack (default $AWS_ENDPOINT_URL, else the one "
                       "`articles up` started, else 127.0.0.1:4566)")
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
    try:
        code = int(args.func(args))
    except CliError as exc:
        print(f"articles {args.command}: {exc}", file=sys.stderr)
        return exc.code
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        if exc.filename is None:
            raise
        print(f"articles {args.command}: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    if args.command == "demo":
        print(f"done in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
