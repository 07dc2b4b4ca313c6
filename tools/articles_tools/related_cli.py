"""``eval_related.py --cmd`` plug-in: the real ``RelatedIndex`` on an in-process moto DynamoDB.

Speaks the JSON-lines protocol of ``eval/README.md`` section 2 on stdin/stdout::

    {"op":"add","article":{"id","title","text",...}}      -> {"ok":true}     (RelatedIndex.upsert)
    {"op":"query","article":{...},"n":10}                  -> {"ids":[...]}   (RelatedIndex.query)
    {"op":"prepare","articles":[...]}                      -> {"ok":true}     (ignored: online only)

The tables come from ``template.yaml`` via ``articles_tools.infra.provision`` inside ``moto.mock_aws``.
At the end, DynamoDB traffic per operation (items read, keys requested, calls, estimated
capacity units) goes to stderr, and to ``--stats-out FILE`` as JSON.

    cd /work/main && PYTHONPATH=shared .venv/bin/python ../shared/eval/eval_related.py \\
        ../shared/data/related/ecbplus_dev.jsonl --order shuffle \\
        --cmd '.venv/bin/python -m articles_tools.related_cli'
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO


def _dummy_aws_env() -> None:
    for key, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        os.environ.setdefault(key, value)
    os.environ.pop("AWS_ENDPOINT_URL", None)  # moto in-process, never a real endpoint


def serve(index: Any, lines: TextIO, out: TextIO) -> None:
    for line in lines:
        if not line.strip():
            continue
        msg = json.loads(line)
        op = msg.get("op")
        try:
            if op == "add":
                a = msg["article"]
                index.upsert(
                    str(a["id"]), title=a.get("title"), body=a.get("text") or "",
                    published=a.get("date") or None,
                )
                reply: dict[str, Any] = {"ok": True}
            elif op == "query":
                a = msg["article"]
                links = index.query(
                    title=a.get("title"), body=a.get("text") or "", n=int(msg.get("n", 10)),
                    exclude=str(a["id"]) if "id" in a else None,
                )
                reply = {"ids": [link.id for link in links]}
            elif op == "prepare":
                reply = {"ok": True}  # deliberately ignored: the index learns online
            else:
                reply = {"error": f"unknown op {op!r}"}
        except Exception as exc:  # report and keep serving
            reply = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"related.cli: {op}: {reply['error']}", file=sys.stderr)
        out.write(json.dumps(reply) + "\n")
        out.flush()


def report(stats: Any, stream: TextIO) -> dict[str, Any]:
    snap: dict[str, Any] = stats.snapshot()
    for method, per in snap["per_call"].items():
        calls = snap["invocations"][method]
        print(
            f"related.cli: {method} x{calls}: per call {per['items_read']:.2f} items read "
            f"({per['keys_requested']:.2f} keys requested, {per['read_units']:.2f} RRU), "
            f"{per['items_written']:.2f} items written ({per['write_units']:.2f} WRU est.), "
            f"{per['calls']:.2f} DynamoDB calls",
            file=stream,
        )
    q = snap["per_call"].get("query")
    if q:
        print(f"related.cli: average DynamoDB items read per query: {q['items_read']:.2f}", file=stream)
    return snap


def tuning_of(overrides: list[str]) -> Any:
    """``Tuning`` with ``NAME=VALUE`` overrides, each converted to the field's type."""
    import dataclasses

    from articles.related.weights import DEFAULT_TUNING

    fields = {f.name: type(getattr(DEFAULT_TUNING, f.name)) for f in dataclasses.fields(DEFAULT_TUNING)}
    changes: dict[str, Any] = {}
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep or name not in fields:
            raise SystemExit(f"--tune {item!r}: expected NAME=VALUE with NAME one of {', '.join(sorted(fields))}")
        changes[name] = fields[name](value)
    return dataclasses.replace(DEFAULT_TUNING, **changes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--stats-out", help="write the DynamoDB traffic counters here (JSON)")
    ap.add_argument("--tune", action="append", default=[], metavar="NAME=VALUE",
                    help="override one field of articles.related.weights.Tuning (calibration runs)")
    args = ap.parse_args(argv)
    _dummy_aws_env()

    import boto3
    from articles.store.index import RelatedIndex
    from moto import mock_aws

    from articles_tools.infra import provision

    with mock_aws():
        session = boto3.Session(region_name=os.environ["AWS_DEFAULT_REGION"])
        stack = provision(session)
        table = session.resource("dynamodb").Table(stack.names["IndexTable"])
        index = RelatedIndex(table, top_k=args.top_k, tuning=tuning_of(args.tune))
        serve(index, sys.stdin, sys.stdout)
        snap = report(index.stats, sys.stderr)
    if args.stats_out:
        with open(args.stats_out, "w", encoding="utf-8") as fh:
            json.dump(snap, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
