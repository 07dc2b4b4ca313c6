#!/usr/bin/env python3
"""`make bench`: performance and cost of the pipeline, measured in one run.

    .venv/bin/python bench/run.py [--quick] [--articles N] [--runs N] [--update-docs]
                                  [--scale-sizes 1000,10000,100000] [--no-scale] [--no-profile]
                                  [--burst N] [--only burst|coldstart|tagspeed]

Phases (in this order, so ratios compare runs made seconds apart on the same machine):

1. stages (in-process, moto ``mock_aws``): the real handlers drain each queue in turn over a
   synthetic corpus (bench/corpus.py); per stage: handler ms per article, time inside AWS calls,
   AWS calls per article by operation, DynamoDB WRU/RRU (bench/awscalls.py), stored bytes.
2. NER-only throughput on the same article bodies (``Tagger.spans``: model + rules), before
   and after phase 3; the mean of the two is the reference. Then each language's tagger on
   its development set (../shared/data/ner, when present): words per CPU-second of ``tag``
   and ``spans`` against the issues' targets (en 8,000, ar and fr 5,000).
3. end-to-end throughput through the embedded stack (moto server over HTTP, dispatchers, real
   handlers) on the same articles (a fresh stack); then the local API over real HTTP.
4. cold start, first invocation and peak RSS of each handler in fresh processes against the
   same moto server, with import-time and init profiles (bench/coldstart.py).
5. related-index reads per query at 1k/10k/100k articles (bench/related_scale.py).
6. Lambda package sizes from .aws-sam/build (tools/package-sizes.py), when built.
7. the cost model (bench/cost.py).
8. burst load (bench/burst.py): ``--burst`` N articles (1,000) dropped at once on a fresh
   embedded stack, drained, and checked in the stores: none lost, none duplicated, every stage
   ok, DLQs and queues empty. ``--only burst`` runs this phase alone (its result is merged
   into bench/results.json and the last full run's table).

``--only coldstart`` runs phase 4 alone on a fresh embedded stack and prints its figures
(JSON on stdout; nothing written). ``--only tagspeed`` prints the per-language tagging-speed
table alone (nothing written).

Writes bench/results.json (the keys other checks read) and build/bench/details.json (everything
measured), prints the table (also written to build/bench/table.md).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import burst, coldstart, cost, embedded, parsing, stages  # noqa: E402
from bench.corpus import SHARED_DATA, conll_file_texts, conll_texts, ecbplus_docs, generate  # noqa: E402
from bench.scale import reads_per_query, related_scale  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
DETAILS_DIR = ROOT / "build" / "bench"
NAMES = {"parse": "parse_article", "tag": "tag_entities", "related": "find_related"}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- helpers
def memory_sizes() -> dict[str, int]:
    """MemorySize per function (snake name) from template.yaml (Globals, then the function's)."""
    from articles_tools.infra import load_template

    tpl = load_template()
    default = int(tpl.get("Globals", {}).get("Function", {}).get("MemorySize", 128))
    out = {}
    for res in tpl["Resources"].values():
        if res.get("Type") == "AWS::Serverless::Function":
            props = res["Properties"]
            name = str(props["CodeUri"]).strip("/").split("/")[-1]
            out[name] = int(props.get("MemorySize", default))
    return out


def ner_only(tagger: Any, texts: list[str]) -> dict[str, float]:
    """Articles/s of ``tagger.spans`` (the NER model + rules, no linking, no I/O)."""
    texts = [t for t in texts if t.strip()]
    gc.collect()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for t in texts:
        tagger.spans(t)
    cpu = time.process_time() - c0
    seconds = time.perf_counter() - t0
    return {
        "articles": len(texts),
        "seconds": seconds,
        "articles_per_s": len(texts) / seconds,
        "ms_per_article": seconds / len(texts) * 1000,
        "cpu_ms_per_article": cpu / len(texts) * 1000,
    }


def ner_real_text(tagger: Any, synthetic: list[str], limit: int = 100) -> dict[str, Any]:
    """NER-only speed per 1,000 characters on the synthetic bodies and, when ../shared/data is
    there, on real news (ECB+ development articles, CoNLL-2003 validation documents): a check
    that the synthetic corpus costs the model what real text does. Read at run time only."""
    sources = {
        "synthetic": synthetic,
        "ecbplus": [d.data.decode("utf-8") for d in ecbplus_docs(limit)],
        "conll2003_valid": conll_texts(limit),
    }
    out: dict[str, Any] = {}
    for name, texts in sources.items():
        if not texts:
            out[name] = None  # data folder absent: skipped
            continue
        r = ner_only(tagger, texts)
        chars = sum(len(t) for t in texts)
        out[name] = {
            **r,
            "mean_chars": chars / len(texts),
            "ms_per_1k_chars": r["seconds"] * 1000 / (chars / 1000),
        }
    return out


# Tagging speed per language (#13: each language >= 5,000 words/s per core; #14: English >=
# 8,000): (language, development file under ../shared/data/ner, target words per CPU-second).
TAG_SPEED_SETS: tuple[tuple[str, str, int], ...] = (
    ("en", "conll2003/valid.txt", 8000),
    ("ar", "anercorp/dev.txt", 5000),
    ("fr", "newseye_fr/dev.txt", 5000),
)


def tagging_speed(max_words: int = 20_000, rounds: int = 2) -> dict[str, Any]:
    """Words per CPU-second of each language's shipped tagger on the first ``max_words`` words
    of its development set's documents, one document at a time, as the tag function runs it:
    ``tag`` (model, rules, canonical entities, roles) and ``spans`` (model and rules only).
    Words are whitespace-separated, as ``eval_ner.py`` counts them; CPU time
    (``time.process_time``), so the figure is per core and a busy machine slows it less than
    wall time; the faster of ``rounds`` interleaved rounds counts. A language whose file is
    absent (no ../shared/data) is None."""
    from articles.entities import Tagger

    out: dict[str, Any] = {}
    for language, rel, target in TAG_SPEED_SETS:
        texts = conll_file_texts(SHARED_DATA / "ner" / rel, max_words=max_words)
        if not texts:
            out[language] = None
            continue
        tagger = Tagger.load(language=language)
        tagger.tag(texts[0])  # warm-up: lazy loads (tables, gazetteers) are not per-document costs
        words = sum(len(t.split()) for t in texts)
        entry: dict[str, Any] = {"dataset": rel, "docs": len(texts), "words": words, "target": target}
        for _ in range(rounds):  # interleaved; the fastest round of each counts
            for name, fn in (("tag", tagger.tag), ("spans", tagger.spans)):
                gc.collect()
                c0 = time.process_time()
                for t in texts:
                    fn(t)
                rate = words / max(time.process_time() - c0, 1e-9)
                key = f"{name}_words_per_cpu_s"
                entry[key] = max(entry.get(key, 0.0), rate)
        out[language] = entry
        del tagger
    return out


def ner_variants(tagger: Any, texts: list[str]) -> dict[str, float]:
    """ms per article of the raw spaCy pipeline and of ``tag`` (spans + canonical entities)."""
    out = {}
    for name, fn in (("spacy_pipeline_ms", lambda t: tagger._nlp(t)), ("tag_with_linking_ms", tagger.tag)):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        out[name] = (time.perf_counter() - t0) / len(texts) * 1000
    return out


def capacity_use(per_article: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """(WRU, RRU) per article on each provisioned capacity target: a table's own share (its
    units less its GSIs') and each GSI's, as ``cost.CAPACITY_TARGETS`` names them."""
    out: dict[str, tuple[float, float]] = {}
    for table, row in per_article.get("by_table", {}).items():
        gsis = row.get("by_index", {})
        out[table] = (
            row["wru"] - sum(g["wru"] for g in gsis.values()),
            row["rru"] - sum(g["rru"] for g in gsis.values()),
        )
        for index, g in gsis.items():
            out[f"{table}/{index}"] = (g["wru"], g["rru"])
    return out


def steady_state_related(
    measured: cost.StageInput, per_article: dict[str, Any], scale: dict[str, Any]
) -> tuple[cost.StageInput, dict[str, Any]]:
    """The related stage as the cost model sees it: its IndexTable traffic replaced by the
    index's steady-state upsert cost (last 10 % of the largest corpus bench/related_scale.py
    indexed), since the phase-1 corpus is tiny and a million-article index is not (df sampling
    thins the counter writes as the corpus grows). Other tables' traffic stays as measured."""
    idx = per_article.get("by_table", {}).get("IndexTable")
    rows = scale.get("measured", {}) if scale.get("available") else {}
    if not idx or not rows or not idx["calls"]:
        return measured, {"source": "phase 1 (in-process corpus)", "applied": False}
    n = max(rows, key=int)
    upsert = rows[n]["upsert_last_10pct"]
    ratio = upsert["calls"] / idx["calls"]
    calls = dict(measured.calls)
    for op, k in idx["by_op"].items():
        calls[op] = calls.get(op, 0.0) + k * (ratio - 1)
    # the same share of each operation stays concurrent (the index's write pool)
    concurrent = {
        op: c * calls.get(op, 0.0) / measured.calls[op]
        for op, c in measured.concurrent_calls.items()
        if measured.calls.get(op)
    }
    adjusted = cost.StageInput(
        memory_mb=measured.memory_mb,
        compute_ms=measured.compute_ms,
        calls=calls,
        wru=measured.wru - idx["wru"] + upsert["write_units"],
        rru=measured.rru - idx["rru"] + upsert["read_units"],
        concurrent_calls=concurrent,
        capacity_use={**measured.capacity_use, "IndexTable": (upsert["write_units"], upsert["read_units"])},
    )
    return adjusted, {
        "source": f"bench/related_scale.py N={n}, last 10 % of upserts",
        "applied": True,
        "phase1_index": {"calls": idx["calls"], "wru": idx["wru"], "rru": idx["rru"]},
        "steady_state_index": {
            "calls": upsert["calls"],
            "wru": upsert["write_units"],
            "rru": upsert["read_units"],
        },
    }


def package_sizes() -> dict[str, float] | None:
    build = ROOT / ".aws-sam" / "build"
    if not (build / "template.yaml").is_file():
        return None
    spec = importlib.util.spec_from_file_location("package_sizes", ROOT / "tools" / "package-sizes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.collect(build)
    names = {v: k for k, v in coldstart.FUNCTIONS.items()}
    return {names.get(lid, lid): f["total_bytes"] / 2**20 for lid, f in sorted(report["functions"].items())}


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="make bench: performance and cost of the pipeline")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run, ~2 min)")
    parser.add_argument(
        "--articles", type=int, default=60, help="corpus of the per-stage, NER-only and end-to-end phases"
    )
    parser.add_argument("--runs", type=int, default=5, help="cold starts per function")
    parser.add_argument("--api-requests", type=int, default=200)
    parser.add_argument("--scale-sizes", default="1000,10000,100000", help="sizes reported")
    parser.add_argument(
        "--scale-measured-max",
        type=int,
        default=10000,
        help="largest size actually indexed; larger ones are extrapolated (100000 takes ~30 min)",
    )
    parser.add_argument("--scale-queries", type=int, default=100)
    parser.add_argument(
        "--budget-s",
        type=float,
        default=14 * 60,
        help="whole-run time budget: larger related-scale sizes stop when it runs out",
    )
    parser.add_argument("--no-scale", action="store_true", help="skip the related-index scale runs")
    parser.add_argument("--no-profile", action="store_true", help="skip import-time/init profiles")
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help="also replace the table in docs/performance.md with this run's",
    )
    parser.add_argument(
        "--burst", type=int, default=1000, help="articles dropped at once in the burst-load phase (0: skip it)"
    )
    parser.add_argument("--only", choices=["burst", "coldstart", "tagspeed"],
                        help="run only this phase (burst: merged into the last results)")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.runs, args.api_requests = 12, 2, 40
        args.scale_measured_max, args.scale_queries = min(args.scale_measured_max, 1000), 30
        args.burst = min(args.burst, 60)
    if args.only == "burst":
        return only_burst(args)
    if args.only == "coldstart":
        return only_coldstart(args)
    if args.only == "tagspeed":
        print(render_tag_speed(tagging_speed()))
        return 0
    sizes = [int(s) for s in args.scale_sizes.split(",") if s]
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    started = time.perf_counter()
    t_monotonic0 = time.monotonic()
    details: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "args": vars(args),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_avg_start": os.getloadavg(),
        },
    }

    # 1. stages --------------------------------------------------------------------------
    # the same articles go through phase 1 (in-process) and phase 3 (embedded stack, a separate
    # moto backend), and their parsed bodies are the NER-only texts: same texts for the ratio.
    corpus = generate(5 + args.articles + 10, seed=8)
    warm, stage_docs, cold_docs = corpus[:5], corpus[5 : 5 + args.articles], corpus[-10:]
    e2e_docs = stage_docs
    log(f"stages: {len(stage_docs)} articles in-process (mock_aws) ...")
    inproc = stages.run(stage_docs, warm)
    per_stage = {name: r.per_article() for name, r in inproc.stages.items()}
    details["stages"] = per_stage
    details["stage_failures"] = inproc.failures
    details["index_stats"] = inproc.index_stats
    details["storage_per_article"] = inproc.storage
    details["storage_items_per_article"] = inproc.storage_items
    details["meter_hook_errors"] = inproc.meter.hook_errors[:10]
    bodies = [b for b in inproc.bodies if b]
    details["corpus"] = {
        "articles": len(stage_docs),
        "formats": {f: sum(d.fmt == f for d in stage_docs) for f in ("text", "html", "json")},
        "mean_raw_bytes": statistics.fmean(len(d.data) for d in stage_docs),
        "mean_body_chars": statistics.fmean(len(b) for b in bodies) if bodies else 0,
        "mean_words": statistics.fmean(len(b.split()) for b in bodies) if bodies else 0,
    }
    inproc_e2e = inproc.articles / inproc.wall_s if inproc.wall_s else 0.0

    # 2+3. NER-only around the embedded end-to-end run ------------------------------------
    from articles.entities import Tagger

    tagger = Tagger.load()
    for b in bodies[:3]:
        tagger.spans(b)
    log("NER-only (1/2) ...")
    ner_a = ner_only(tagger, bodies)
    log(f"end-to-end: {len(e2e_docs)} articles through the embedded stack ...")
    stack = embedded.start_stack()
    try:
        e2e = embedded.throughput(stack, e2e_docs)
        log("NER-only (2/2) ...")
        ner_b = ner_only(tagger, bodies)
        details["ner_variants_ms"] = ner_variants(tagger, bodies[:20])
        details["ner_real_text"] = ner_real_text(tagger, bodies)
        log("API latency ...")
        from articles.ids import article_id

        ids = [article_id(stack.inbox, d.key) for d in e2e_docs]
        api = embedded.api_latency(stack, ids, requests=args.api_requests)
        log(f"cold starts: {args.runs} runs x {len(coldstart.FUNCTIONS)} functions ...")
        cold = coldstart.measure(stack, cold_docs, runs=args.runs, profile=not args.no_profile)
    finally:
        stack.stop()
    del tagger
    log("tagging speed per language (en, ar, fr development sets) ...")
    details["tag_speed"] = tagging_speed()
    ner: dict[str, Any] = {
        "articles_per_s": (ner_a["articles_per_s"] + ner_b["articles_per_s"]) / 2,
        "cpu_ms_per_article": (ner_a["cpu_ms_per_article"] + ner_b["cpu_ms_per_article"]) / 2,
        "runs": [ner_a, ner_b],
    }
    details["ner_only"] = ner
    details["end_to_end"] = {
        "embedded": {
            "articles": e2e.articles,
            "seconds": e2e.seconds,
            "articles_per_s": e2e.articles_per_s,
            "invocations": e2e.invocations,
            "mean_batch": e2e.batch_sizes,
            "completed": e2e.completed,
            "not_ok": e2e.not_ok[:10],
        },
        "in_process": {"articles": inproc.articles, "seconds": inproc.wall_s, "articles_per_s": inproc_e2e},
    }
    details["api"] = api
    details["cold_start"] = cold

    # 5. related index at scale ----------------------------------------------------------
    if args.no_scale:
        scale: dict[str, Any] = {"available": False, "reason": "--no-scale"}
    else:
        log(f"related index scale: {sizes} ...")
        try:
            deadline = t_monotonic0 + args.budget_s - 30
            scale = related_scale(sizes, args.scale_measured_max, args.scale_queries, deadline)
        except Exception as exc:  # another engineer's module: report, do not lose the run
            scale = {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    details["related_scale"] = scale

    # 6. packages ------------------------------------------------------------------------
    packages = package_sizes()
    details["package_mb"] = packages

    # 7. cost ----------------------------------------------------------------------------
    mem = memory_sizes()
    ner_ms = ner["cpu_ms_per_article"]  # CPU, like the stages' compute_ms it is subtracted from
    inputs = {
        name: cost.StageInput(
            memory_mb=mem[NAMES[name]],
            compute_ms=pa["compute_cpu_ms"],
            calls=pa["calls"],
            wru=pa["wru"],
            rru=pa["rru"],
            concurrent_calls=pa.get("concurrent_calls", {}),
            capacity_use=capacity_use(pa),
        )
        for name, pa in per_stage.items()
    }
    inputs["related"], details["cost_related_index"] = steady_state_related(
        inputs["related"], per_stage["related"], scale
    )
    configurations = cost.configurations(inputs, inproc.storage, bodies, ner_ms)
    costs = configurations["recommended"]
    details["cost"] = costs  # the recommended configuration (docs/deploy.md)
    details["cost_configurations"] = configurations
    details["memory_mb"] = mem

    # 8. burst load ----------------------------------------------------------------------
    if args.burst > 0:
        details["burst"] = run_burst(args.burst)

    # 9. parsing next to trafilatura, same pages (bench/parsing.py) ------------------------
    log("parsing vs trafilatura ...")
    details["parsing"] = parsing.measure(limit=12 if args.quick else 60)

    results = {
        "overhead_ratio": e2e.articles_per_s / ner["articles_per_s"],
        "articles_per_s": {"end_to_end": e2e.articles_per_s, "ner_only": ner["articles_per_s"]},
        "end_to_end_articles_per_s": e2e.articles_per_s,
        # DynamoDB write units per article, per stage, as the cost model bills them (related:
        # the steady-state figure at the scale run's largest size, see cost_related_index)
        "wru_per_article": {name: round(inputs[name].wru, 2) for name in ("parse", "tag", "related")},
        "stage_ms": {name: per_stage[name]["handler_ms"] for name in ("parse", "tag", "related")},
        "cold_start_s": {name: cold[name]["init_s"] for name in coldstart.FUNCTIONS},
        "peak_rss_mb": {name: cold[name]["rss_peak_mb"] for name in coldstart.FUNCTIONS},
        "related_reads_per_query": reads_per_query(scale, sizes),
        "api_ms": {
            "get_article_p50": api.get("get_article", {}).get("p50_ms"),
            "get_article_p99": api.get("get_article", {}).get("p99_ms"),
        },
        "package_mb": packages or {},
        # pipeline: the recommended configuration; the others by name (bench/cost.py CONFIGURATIONS)
        "cost_per_million_usd": {
            "pipeline": costs["pipeline"],
            "with_comprehend": costs["with_comprehend"],
            **{name: c["pipeline"] for name, c in configurations.items() if name != "recommended"},
        },
    }
    results["tag_words_per_cpu_s"] = {
        lang: round(e["tag_words_per_cpu_s"]) if e else None for lang, e in details["tag_speed"].items()
    }
    if "burst" in details:
        results["burst"] = burst_key(details["burst"])
        results["burst_s"] = details["burst"]["seconds"]
    results["parse_vs_trafilatura"] = details["parsing"]["ratio"]
    wall = time.perf_counter() - started
    details["wall_s"] = wall
    details["machine"]["load_avg_end"] = os.getloadavg()
    details["results"] = results
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    DETAILS_DIR.mkdir(parents=True, exist_ok=True)
    (DETAILS_DIR / "details.json").write_text(json.dumps(details, indent=2, default=str) + "\n")
    table = render(results, details)
    (DETAILS_DIR / "table.md").write_text(table + "\n")
    print(table)
    if args.update_docs:
        update_doc(ROOT / "docs" / "performance.md", table)
    log(
        f"wrote {RESULTS.relative_to(ROOT)} and {(DETAILS_DIR / 'details.json').relative_to(ROOT)} "
        f"in {wall:.0f} s"
    )
    if "burst" in details:
        print(burst.line(details["burst"]))
        return 0 if details["burst"]["passed"] else 1
    return 0


# ----------------------------------------------------------------------------- burst
def run_burst(n: int) -> dict[str, Any]:
    log(f"burst: {n} articles dropped at once on the embedded stack ...")
    b = burst.run(n, log=log)
    b["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    b["load_avg_end"] = os.getloadavg()
    log(burst.line(b))
    return b


def burst_key(b: dict[str, Any]) -> dict[str, Any]:
    """The burst's entry in bench/results.json."""
    keys = ("uploaded", "ok", "lost", "duplicated", "dlq_messages", "queued_messages", "passed", "seconds",
            "articles_per_s", "cpu_ms_per_article")
    return {k: b[k] for k in keys}


def only_burst(args: argparse.Namespace) -> int:
    """``--only burst``: the burst phase alone, merged into the last full run's results and
    table (build/bench/details.json), or reported alone when there is none."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    b = run_burst(args.burst)
    details_path = DETAILS_DIR / "details.json"
    try:
        details: dict[str, Any] = json.loads(details_path.read_text())
    except (OSError, ValueError):
        details = {}
    try:
        results = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        results = None
    if not isinstance(results, dict):  # absent, or another tool's output: start from the last run's
        results = dict(details.get("results") or {})
    results["burst"] = burst_key(b)
    results["burst_s"] = b["seconds"]
    details["burst"] = b
    if "results" in details:
        details["results"] = results
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    DETAILS_DIR.mkdir(parents=True, exist_ok=True)
    details_path.write_text(json.dumps(details, indent=2, default=str) + "\n")
    full = all(k in details for k in ("stages", "end_to_end", "cold_start", "cost", "wall_s"))
    table = render(results, details) if full else "\n".join(render_burst(b))
    (DETAILS_DIR / "table.md").write_text(table + "\n")
    print(table)
    if args.update_docs:
        if full:
            update_doc(ROOT / "docs" / "performance.md", table)
        else:
            update_doc_section(ROOT / "docs" / "performance.md", "### Burst load", table)
    log(f"wrote {RESULTS.relative_to(ROOT)} and {details_path.relative_to(ROOT)}")
    print(burst.line(b))
    return 0 if b["passed"] else 1


def only_coldstart(args: argparse.Namespace) -> int:
    """``--only coldstart``: phase 4 alone (a fresh embedded stack, 10 synthetic articles)."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    docs = generate(10, seed=8)
    stack = embedded.start_stack()
    try:
        log(f"cold starts: {args.runs} runs x {len(coldstart.FUNCTIONS)} functions ...")
        cold = coldstart.measure(stack, docs, runs=args.runs, profile=not args.no_profile)
    finally:
        stack.stop()
    summary = {name: {k: cold[name].get(k) for k in ("init_s", "init_s_all", "first_invoke_s", "rss_peak_mb",
                                                      "batch_failures", "error")}
               for name in cold}
    for name, c in summary.items():
        log(f"  {name:<14} init {c['init_s'] * 1000:7.0f} ms  first invoke {c['first_invoke_s'] * 1000:7.0f} ms"
            f"  peak RSS {c['rss_peak_mb']:.0f} MB")
    print(json.dumps(summary if args.no_profile else cold, indent=2, default=str))
    return 0 if all(not c["error"] and not c["batch_failures"] for c in summary.values()) else 1


def render_burst(b: dict[str, Any]) -> list[str]:
    v = b["verification"]
    dlqs = ", ".join(f"{q} {n}" for q, n in v["dlq_messages"].items())
    deliveries = ", ".join(f"{k.removesuffix('Function')} {n}" for k, n in b["deliveries"].items())
    return [
        f"### Burst load ({b.get('started', '')}; bench/burst.py)",
        "",
        f"{b['uploaded']:,} distinct synthetic articles uploaded at once (8 threads, {b['upload_seconds']:.1f} s) "
        "to the inbox of a fresh embedded stack whose functions already run (each in a process of its own, "
        "polling its queue); clock from the "
        "first upload to the end of the last handler invocation once every queue is drained. Checked in the "
        "stores afterwards (source index, DAY# partitions, a verification-only Scan of both tables, queue "
        "attributes).",
        "",
        "| uploaded | processed ok | lost | duplicated | not ok | DLQ messages | left in queues | wall s "
        "| articles/s | CPU ms/article | of which moto's |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {b['uploaded']:,} | {b['ok']:,} | {b['lost']} | {b['duplicated']} | {b['not_ok']} "
        f"| {b['dlq_messages']} | {b['queued_messages']} | {b['seconds']:,.1f} | {b['articles_per_s']:.2f} "
        f"| {b['cpu_ms_per_article']:,.0f} | {b.get('moto_cpu_ms_per_article', 0):,.0f} |",
        "",
        f"Article items: {v['articles_by_day']:,} in the DAY# partitions, {v['articles_scanned']:,} by the "
        f"verification Scan; related index: {v['index_docs']:,} DOC and {v['index_rels']:,} REL items; DLQs: "
        f"{dlqs}. Records delivered: {deliveries}. "
        + ("**All checks passed.**" if b["passed"] else "**FAILED**: " + "; ".join(b["problems"])),
        "",
        "    " + burst.line(b),
    ]


def update_doc_section(path: Path, heading: str, section: str) -> None:
    """Replace (or append) the ``heading`` section inside the doc's table block."""
    text = path.read_text(encoding="utf-8")
    begin = text.index("\n", text.index("<!-- BEGIN table")) + 1
    end = text.index("<!-- END table -->")
    block = text[begin:end]
    demoted = _demote(section) + "\n"
    start = block.find("#" + heading)
    if start < 0:
        block = block.rstrip("\n") + "\n\n" + demoted
    else:
        nxt = block.find("\n#### ", start + 1)
        block = block[:start] + demoted + ("\n" + block[nxt + 1 :] if nxt >= 0 else "")
    path.write_text(text[:begin] + block + text[end:], encoding="utf-8")


# ----------------------------------------------------------------------------- report
def _demote(table: str) -> str:
    """Headings one level down, to sit under the doc's "## Latest run"."""
    return "\n".join("#" + line if line.startswith("##") else line for line in table.splitlines())


def update_doc(path: Path, table: str) -> None:
    """Replace what lies between the BEGIN/END table markers of ``path`` with ``table``."""
    text = path.read_text(encoding="utf-8")
    begin = text.index("<!-- BEGIN table")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- END table -->")
    path.write_text(text[:begin] + _demote(table) + "\n" + text[end:], encoding="utf-8")


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def render_tag_speed(speed: dict[str, Any]) -> str:
    """The per-language tagging-speed table (:func:`tagging_speed`)."""
    lines = [
        "#### Tagging speed per language (words per CPU-second, one development document at a time)",
        "",
        "| language | development set (first docs) | words | `tag` words/s (target) | `spans` words/s |",
        "|---|---|---:|---:|---:|",
    ]
    for lang, e in speed.items():
        if e is None:
            lines.append(f"| {lang} | skipped (no ../shared/data) | | | |")
            continue
        met = "met" if e["tag_words_per_cpu_s"] >= e["target"] else "**not met**"
        lines.append(
            f"| {lang} | {e['dataset']} ({e['docs']}) | {e['words']:,} | {e['tag_words_per_cpu_s']:,.0f} "
            f"(≥ {e['target']:,}: {met}) | {e['spans_words_per_cpu_s']:,.0f} |"
        )
    return "\n".join(lines)


def render(results: dict[str, Any], d: dict[str, Any]) -> str:
    st = d["stages"]
    e2e = d["end_to_end"]
    cold = d["cold_start"]
    c = d["cost"]
    lines = [
        f"## Benchmark ({d['started']}, {d['machine']['cpus']} CPUs, Python {d['machine']['python']}, "
        f"wall {d['wall_s']:.0f} s)",
        "",
        f"Corpus: {d['corpus']['articles']} synthetic articles per phase "
        f"({', '.join(f'{k} {v}' for k, v in d['corpus']['formats'].items())}), "
        f"mean body {d['corpus']['mean_body_chars']:,.0f} chars / {d['corpus']['mean_words']:,.0f} words.",
        "",
        "### Throughput",
        "",
        "| measure | articles/s | ms/article |",
        "|---|---:|---:|",
        f"| NER only (`Tagger.spans`, mean of 2 runs) | {_f(results['articles_per_s']['ner_only'])} | "
        f"{_f(1000 / results['articles_per_s']['ner_only'])} |",
        f"| end-to-end, embedded stack (**the key**) | {_f(e2e['embedded']['articles_per_s'], 2)} | "
        f"{_f(1000 / max(e2e['embedded']['articles_per_s'], 1e-9))} |",
        "| end-to-end, in-process (mock_aws, handlers called directly) | "
        f"{_f(e2e['in_process']['articles_per_s'], 2)} | "
        f"{_f(1000 / max(e2e['in_process']['articles_per_s'], 1e-9))} |",
        "| **overhead ratio** (end-to-end ÷ NER-only; target ≥ 0.35) | "
        f"**{results['overhead_ratio']:.3f}** | |",
        "",
        "### Per stage (in-process, per article)",
        "",
        "| stage | handler ms (wall) | in AWS calls ms | compute ms (CPU) | AWS calls | DynamoDB WRU | RRU |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for name in ("parse", "tag", "related"):
        s = st[name]
        calls = ", ".join(f"{k.split('.', 1)[1]} {v:.1f}" for k, v in s["calls"].items())
        lines.append(
            f"| {name} | {_f(s['handler_ms'])} | {_f(s['aws_ms'])} | {_f(s['compute_cpu_ms'])} | {calls} | "
            f"{_f(s['wru'])} | {_f(s['rru'])} |"
        )
    store = sum(st[n]["aws_ms"] for n in st)
    lines += [
        f"| store (all AWS calls) | | {_f(store)} | | | {_f(sum(st[n]['wru'] for n in st))} | "
        f"{_f(sum(st[n]['rru'] for n in st))} |",
        "",
    ]
    pooled = {
        name: (sum(st[name].get("concurrent_calls", {}).values()), sum(st[name]["calls"].values()))
        for name in ("parse", "tag", "related")
    }
    if any(c for c, _ in pooled.values()):
        lines += [
            "Calls issued concurrently by a handler's worker threads (the related index's write pool, "
            f"{cost.CALL_CONCURRENCY} at a time), per article: "
            + ", ".join(f"{name} {c:.1f} of {n:.1f}" for name, (c, n) in pooled.items() if c)
            + "; their times overlap, so \"in AWS calls\" (a sum) can exceed the handler's wall time. "
            "Compute is the process's CPU time in the handler minus the CPU time inside AWS calls.",
            "",
        ]
    v = d.get("ner_variants_ms", {})
    lines += [
        f"NER for reference: spaCy pipeline alone {_f(v.get('spacy_pipeline_ms'))} ms, `spans` "
        f"{_f(1000 / results['articles_per_s']['ner_only'])} ms, `tag` (with linking) "
        f"{_f(v.get('tag_with_linking_ms'))} ms per article. NER-only per 1,000 characters: "
        + ", ".join(
            f"{k} {r['ms_per_1k_chars']:.1f} ms ({r['articles']} texts, mean {r['mean_chars']:,.0f} chars)"
            if r
            else f"{k} skipped (no ../shared/data)"
            for k, r in d.get("ner_real_text", {}).items()
        )
        + ".",
        "",
    ]
    if "tag_speed" in d:
        lines += [render_tag_speed(d["tag_speed"]), ""]
    lines += [
        "### Cold start and memory (fresh process per run, median)",
        "",
        "| function | init s (target) | init CPU s | init without .pyc s | first invoke s (10 records) "
        "| peak RSS MB | package MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    pk = results.get("package_mb") or {}
    for name, entry in cold.items():
        target = "1.0" if name == "tag_entities" else "0.3"
        lines.append(
            f"| {name} | {entry['init_s']:.2f} ({target}) | {_f(entry.get('init_cpu_s'), 2)} | "
            f"{_f(entry.get('init_no_bytecode_s'), 2)} | {_f(entry['first_invoke_s'], 2)} | "
            f"{entry['rss_peak_mb']:.0f} | {_f(pk.get(name))} |"
        )
    first: dict[str, Any] = next(iter(cold.values()), {})
    lines += [
        "",
        f"Python start-up alone (`python -c pass`, this venv): {_f(first.get('python_start_s'), 3)} s.",
    ]
    lines += [
        "",
        "### Where init time goes (ms)",
        "",
        "Imports: `python -X importtime`, self time summed per top-level package (importtime adds its "
        "own overhead). Module scope: cProfile cumulative time of the calls made at import, scaled back "
        "by the profiler's overhead; overlapping (Tracer() includes importing aws_xray_sdk, "
        "Tagger.load() includes importing spaCy).",
        "",
    ]
    hidden = {"profiler_overhead_x", "Powertools Logger/Tracer/Metrics", "SqsConsumer"}
    for name, entry in cold.items():
        imp = entry.get("importtime")
        if imp:
            top = ", ".join(f"{k} {v:.0f}" for k, v in list(imp["top_packages_ms"].items())[:8])
            init_calls = sorted(
                ((k, v) for k, v in entry.get("init_calls_ms", {}).items() if k not in hidden and v >= 5),
                key=lambda kv: -kv[1],
            )
            lines.append(
                f"- **{name}**: imports {imp['import_ms_total']:.0f} ({top}); module scope: "
                + ", ".join(f"{k} {v:.0f}" for k, v in init_calls)
            )
    api = d["api"]
    lines += [
        "",
        "### Local API (real HTTP on 127.0.0.1, sequential)",
        "",
        "| route | requests | req/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, label in (("get_article", "GET /articles/{id}"), ("list_by_entity", "GET /articles?entity=")):
        if name in api:
            a = api[name]
            lines.append(
                f"| {label} | {a['requests']} | {_f(a['rps'])} | {_f(a['p50_ms'])} | {_f(a['p99_ms'])} |"
            )
    rq = results["related_reads_per_query"]
    scale = d.get("related_scale", {})
    measured = scale.get("measured", {})
    extrap = scale.get("extrapolated", {})

    def cell(n: str, fn: Any) -> str:
        return _f(fn(measured[n])) if n in measured else ("extrapolated" if n in extrap else "n/a")

    lines += [
        "",
        "### Related index at scale (bench/related_scale.py: own synthetic stream, in-memory DynamoDB)",
        "",
        "| articles | " + " | ".join(rq) + " |",
        "|---|" + "---:|" * len(rq),
        "| item reads per query | "
        + " | ".join(_f(x) + (" (extrapolated)" if n in extrap else "") for n, x in rq.items())
        + " |",
        "| RRU per query | " + " | ".join(cell(n, lambda r: r["query"]["read_units"]) for n in rq) + " |",
        "| per upsert (last 10 %): WRU | "
        + " | ".join(cell(n, lambda r: r["upsert_last_10pct"]["write_units"]) for n in rq)
        + " |",
        "| per upsert: DynamoDB calls | "
        + " | ".join(cell(n, lambda r: r["upsert_last_10pct"]["calls"]) for n in rq)
        + " |",
        "| same-story nP@5 | " + " | ".join(cell(n, lambda r: r["same_story_nP@5"]) for n in rq) + " |",
        "| time to build s | " + " | ".join(cell(n, lambda r: r["seconds"]) for n in rq) + " |",
    ]
    for n, ext in extrap.items():
        lines.append(
            f"\nN={n}: {ext['method']} gives {ext['fit']:.1f}, capped at the index's structural "
            f"bound of {ext['bound']:.0f} item reads per query; not measured (indexing 100k articles "
            "takes ~30 min here; run `bench/run.py --scale-measured-max 100000` to measure it)."
        )
    if not scale.get("available"):
        lines.append(f"\n(related scale not measured: {scale.get('reason')})")
    lines += [
        "",
        f"### Cost per million articles (us-east-1, {cost.FEED_PER_DAY:,} articles a day; see docs/cost.md)",
        "",
        "| configuration (DynamoDB capacity, records per invocation, tracing) | pipeline $ | with Comprehend $ |",
        "|---|---:|---:|",
    ]
    for name, conf in d.get("cost_configurations", {"recommended": c}).items():
        traced = "X-Ray" if conf.get("tracing", True) else "off"  # runs before 2026-12-05 traced
        label = f"{conf.get('capacity', 'on-demand')}, {conf['records_per_invocation']}, {traced}"
        bold = "**" if name == "recommended" else ""
        lines.append(f"| {bold}{name}{bold} ({label}) | {bold}{conf['pipeline']:,.2f}{bold} | "
                     f"{conf['with_comprehend']:,.2f} |")
    lines += [
        "",
        "Per stage and article in the recommended configuration:",
        "",
        "| stage | DynamoDB WRU | RRU | S3 requests | Lambda ms (modelled) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, ps in c.get("per_stage", {}).items():
        lines.append(
            f"| {name} | {_f(ps['wru'])} | {_f(ps['rru'])} | {_f(ps['s3_requests'])} | {_f(ps['lambda_ms'])} |"
        )
    lines += [
        "",
        "Line items of the recommended configuration:",
        "",
        "| item | pipeline $ | with Comprehend $ |",
        "|---|---:|---:|",
    ]
    for key in sorted(
        set(c["lines"]) | set(c["comprehend_lines"]),
        key=lambda k: -(c["lines"].get(k) or c["comprehend_lines"].get(k, 0)),
    ):
        lines.append(f"| {key} | {_f(c['lines'].get(key), 2)} | {_f(c['comprehend_lines'].get(key), 2)} |")
    lines.append(
        f"| **total** (target ≤ 20 / ≈ 3,000) | **{c['pipeline']:,.2f}** | **{c['with_comprehend']:,.2f}** |"
    )
    lam = c["lambda"]
    lines += [
        "",
        "Lambda time per article as modelled (CPU ms scaled to the function's vCPU share + AWS call "
        "latencies): "
        + ", ".join(
            f"{k} {v['billed_ms']:.0f} ms ({v['compute_ms']:.0f} compute + {v['wait_ms']:.0f} waiting, "
            f"{v['memory_mb']} MB)"
            for k, v in lam.items()
        )
        + ".",
        f"Mean {c['per_article']['wru']:.1f} WRU, {c['per_article']['rru']:.1f} RRU, "
        f"{c['per_article']['comprehend_units']:.1f} Comprehend units per article. "
        f"Related-index traffic: {d.get('cost_related_index', {}).get('source')}.",
    ]
    ner_lambda = d["ner_only"]["cpu_ms_per_article"] * cost.cpu_factor(d["memory_mb"]["tag_entities"])
    total = sum(v["billed_ms"] for v in lam.values())
    slowest = max(lam.values(), key=lambda v: v["billed_ms"])["billed_ms"] if lam else 0.0
    if total:
        lines.append(
            f"On Lambda (modelled): NER alone ≈ {ner_lambda:.0f} ms per article at "
            f"{d['memory_mb']['tag_entities']} MB; the three stages ≈ {total:.0f} ms, i.e. NER-only ÷ "
            f"pipeline ≈ {ner_lambda / total:.2f} per article of compute, ≈ {ner_lambda / slowest:.2f} "
            "in throughput with the stages running in parallel at equal concurrency."
        )
    if d.get("burst"):
        lines += ["", *render_burst(d["burst"])]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
