"""Cost model: US dollars per million articles on AWS (us-east-1 public list prices).

Inputs are what bench/run.py measured per article and stage (compute time, AWS calls by
operation, DynamoDB capacity units, stored bytes, body length) and the memory sizes of
template.yaml. Every price and assumption is a named constant below and is explained in
docs/cost.md; ``model()`` returns the line items so the table and the doc show where the money
goes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# ----------------------------------------------------------------------------- prices (us-east-1)
LAMBDA_GB_S = 0.0000166667  # x86, per GB-second (first pricing tier)
LAMBDA_REQUEST = 0.20 / 1e6
SQS_REQUEST = 0.40 / 1e6  # standard queue, per request (64 KB chunk)
SNS_PUBLISH = 0.50 / 1e6  # standard topic, per publish (64 KB chunk); deliveries to SQS: no charge
S3_PUT = 0.005 / 1000  # PUT/COPY/POST/LIST, S3 Standard
S3_GET = 0.0004 / 1000  # GET/SELECT and all other requests
S3_DELETE = 0.0  # DELETE is free
S3_GB_MONTH = 0.023  # S3 Standard, first 50 TB
DDB_WRU = 0.625 / 1e6  # on-demand write request unit (since 2024-11-01)
DDB_RRU = 0.125 / 1e6  # on-demand read request unit
DDB_WCU_HOUR = 0.00065  # provisioned write capacity unit, per hour (Standard table class)
DDB_RCU_HOUR = 0.00013  # provisioned read capacity unit, per hour
DDB_GB_MONTH = 0.25  # Standard table class storage
DDB_PITR_GB_MONTH = 0.20  # continuous backups (PITR is on for both tables)
CW_LOGS_GB = 0.50  # CloudWatch Logs ingestion (standard)
XRAY_TRACE = 5.00 / 1e6  # traces recorded
COMPREHEND_UNIT = 0.0001  # DetectEntities, per 100-character unit
COMPREHEND_MIN_UNITS = 3

# ----------------------------------------------------------------------------- assumptions
FEED_PER_DAY = 150_000  # articles a day (an Event Registry-sized feed): the rate costs are stated at
HOURS_PER_MONTH = 730
# Provisioned capacity with target-tracking auto-scaling (template CapacityMode=Provisioned): the
# target is 70 % use; scaling lags a rising load and scales in at most a few times an hour, so
# the capacity paid for is modelled as used at 60 % on average.
PROVISIONED_UTILISATION = 0.6
PROVISIONED_FLOOR_UNITS = 5  # ProvisionedMinCapacity: each table and index, reads and writes
# the template's auto-scaled capacity targets (table, or table/index): each keeps at least the floor
CAPACITY_TARGETS = ("ArticlesTable", "ArticlesTable/gsi1", "ArticlesTable/gsi2", "IndexTable")
CAPACITY_SCALED = len(CAPACITY_TARGETS)
LAMBDA_FULL_VCPU_MB = 1769  # Lambda gives 1 vCPU at 1,769 MB, proportionally less below
RECORDS_PER_INVOCATION = 1  # low volume: the SQS event source invokes as messages arrive
LOG_BYTES_PER_INVOCATION = 1000  # START/END/REPORT platform lines + one Powertools EMF metrics line
TRACED_SHARE = 1.0  # Tracing=Active samples 1 request/s + 5 %: at low volume every invocation
COMPREHEND_LATENCY_MS = 200.0  # one DetectEntities call per article (bodies < 100 KB)
COMPREHEND_TAG_MEMORY_MB = 512  # no model to hold: the tag function could drop to the default
# Latency of one AWS call from Lambda, same region, warm connection (ms); Lambda bills the wait.
CALL_LATENCY_MS = {
    "dynamodb.GetItem": 5.0,
    "dynamodb.PutItem": 6.0,
    "dynamodb.UpdateItem": 6.0,
    "dynamodb.DeleteItem": 6.0,
    "dynamodb.Query": 7.0,
    "dynamodb.BatchGetItem": 8.0,
    "dynamodb.BatchWriteItem": 10.0,
    "dynamodb.TransactWriteItems": 15.0,
    "s3.GetObject": 20.0,
    "s3.PutObject": 30.0,
    "s3.DeleteObject": 20.0,
    "s3.HeadObject": 15.0,
    "sns.Publish": 20.0,
}
DEFAULT_LATENCY_MS = 10.0
QUEUES = 3  # parse, tag, related (S3 -> SQS, SNS -> SQS x 2)
S3_PUT_OPS = {
    "PutObject",
    "CopyObject",
    "CreateMultipartUpload",
    "UploadPart",
    "CompleteMultipartUpload",
    "ListObjects",
    "ListObjectsV2",
}


@dataclass
class StageInput:
    memory_mb: int
    compute_ms: float  # handler time minus time inside AWS calls (local CPU)
    calls: dict[str, float]  # "service.Op" -> calls per article
    wru: float
    rru: float
    concurrent_calls: dict[str, float] = field(default_factory=dict)  # of ``calls``, issued by a pool
    # of ``wru`` / ``rru``: (WRU, RRU) per article on each capacity target (``CAPACITY_TARGETS``)
    capacity_use: dict[str, tuple[float, float]] = field(default_factory=dict)


# calls a handler issues concurrently (the related index's write pool) overlap this many at a time
CALL_CONCURRENCY = 8


def cpu_factor(memory_mb: int) -> float:
    """How much longer CPU-bound code runs on Lambda than on one full core."""
    return max(1.0, LAMBDA_FULL_VCPU_MB / memory_mb)


def lambda_ms(stage: StageInput) -> tuple[float, float]:
    """(compute ms on Lambda, ms waiting for AWS calls) per article. Calls issued concurrently
    (``concurrent_calls``) wait ``1 / CALL_CONCURRENCY`` of their latency each."""
    wait = 0.0
    for op, n in stage.calls.items():
        c = min(stage.concurrent_calls.get(op, 0.0), n)
        wait += (n - c + c / CALL_CONCURRENCY) * CALL_LATENCY_MS.get(op, DEFAULT_LATENCY_MS)
    return stage.compute_ms * cpu_factor(stage.memory_mb), wait


def comprehend_units(bodies: list[str]) -> float:
    """Mean billed units per article: one DetectEntities request on the whole body."""
    if not bodies:
        return 0.0
    return sum(max(COMPREHEND_MIN_UNITS, math.ceil(len(b) / 100)) for b in bodies) / len(bodies)


def capacity_prices(capacity: str) -> tuple[float, float]:
    """$ per WRU and per RRU: on-demand list prices, or provisioned capacity-hours spread over
    the units they serve at ``PROVISIONED_UTILISATION`` (one unit-hour serves 3,600 a second's
    worth of request units)."""
    if capacity == "on-demand":
        return DDB_WRU, DDB_RRU
    if capacity == "provisioned":
        served = 3600 * PROVISIONED_UTILISATION
        return DDB_WCU_HOUR / served, DDB_RCU_HOUR / served
    raise ValueError(f"capacity is on-demand or provisioned, not {capacity!r}")


def capacity_floor(
    capacity: str, stages: Mapping[str, StageInput] | None = None, per_day: float = FEED_PER_DAY
) -> float:
    """$ per million articles of the capacity auto-scaling keeps at least (provisioned only):
    what each target's floor (``PROVISIONED_FLOOR_UNITS``, reads and writes) adds to the capacity
    its traffic already pays for (``capacity_prices``: its units at ``PROVISIONED_UTILISATION``).
    A target whose traffic needs more than the floor adds nothing; one with no traffic measured
    (the stages' ``capacity_use`` does not name it) adds the whole floor."""
    if capacity != "provisioned":
        return 0.0
    per_second = per_day / 86400
    use: dict[str, list[float]] = {t: [0.0, 0.0] for t in CAPACITY_TARGETS}
    for st in (stages or {}).values():
        for target, (wru, rru) in st.capacity_use.items():
            if target in use:
                use[target][0] += wru
                use[target][1] += rru
    per_hour = 0.0
    for wru, rru in use.values():
        paid_w = wru * per_second / PROVISIONED_UTILISATION  # units already billed by dynamodb_writes
        paid_r = rru * per_second / PROVISIONED_UTILISATION
        per_hour += max(0.0, PROVISIONED_FLOOR_UNITS - paid_w) * DDB_WCU_HOUR
        per_hour += max(0.0, PROVISIONED_FLOOR_UNITS - paid_r) * DDB_RCU_HOUR
    articles_per_hour = per_day / 24
    return per_hour / articles_per_hour * 1e6


def model(
    stages: dict[str, StageInput],
    storage: dict[str, float],
    bodies: list[str],
    ner_ms: float,
    per_invocation: int = RECORDS_PER_INVOCATION,
    capacity: str = "on-demand",
    tracing: bool = False,
) -> dict[str, Any]:
    """Line items in $ per million articles, for the pipeline and with Comprehend for tagging.

    ``capacity``: DynamoDB on-demand or provisioned with auto-scaling (at ``FEED_PER_DAY``, the
    floor capacity included); ``tracing``: the template's Tracing=Active (X-Ray traces)."""
    m = 1e6
    b = float(per_invocation)
    wru_price, rru_price = capacity_prices(capacity)
    lines: dict[str, float] = {}
    lambda_detail: dict[str, Any] = {}
    for name, st in stages.items():
        compute, wait = lambda_ms(st)
        gb_s = st.memory_mb / 1024 * (compute + wait) / 1000
        lines[f"lambda_{name}_gb_s"] = gb_s * LAMBDA_GB_S * m
        lambda_detail[name] = {
            "memory_mb": st.memory_mb,
            "compute_ms": compute,
            "wait_ms": wait,
            "billed_ms": compute + wait,
            "gb_s": gb_s,
        }
    lines["lambda_requests"] = len(stages) / b * LAMBDA_REQUEST * m
    lines["sqs_requests"] = QUEUES * (1 + 2 / b) * SQS_REQUEST * m

    def calls(op: str) -> float:
        return sum(st.calls.get(op, 0.0) for st in stages.values())

    lines["sns_publish"] = calls("sns.Publish") * SNS_PUBLISH * m
    s3_put = 1 + sum(calls(f"s3.{op}") for op in S3_PUT_OPS)  # + the inbox upload itself
    s3_get = sum(
        n
        for st in stages.values()
        for op, n in st.calls.items()
        if op.startswith("s3.") and op.split(".")[1] not in S3_PUT_OPS and op != "s3.DeleteObject"
    )
    lines["s3_requests"] = (s3_put * S3_PUT + s3_get * S3_GET) * m
    wru = sum(st.wru for st in stages.values())
    rru = sum(st.rru for st in stages.values())
    lines["dynamodb_writes"] = wru * wru_price * m
    lines["dynamodb_reads"] = rru * rru_price * m
    if capacity == "provisioned":
        lines["dynamodb_capacity_floor"] = capacity_floor(capacity, stages)
    s3_bytes = sum(v for k, v in storage.items() if k.startswith("s3_") and k.endswith("_bytes"))
    ddb_bytes = sum(v for k, v in storage.items() if k.startswith("dynamodb_") and k.endswith("_bytes"))
    lines["s3_storage_first_month"] = s3_bytes * m / 1e9 * S3_GB_MONTH
    lines["dynamodb_storage_pitr_first_month"] = ddb_bytes * m / 1e9 * (DDB_GB_MONTH + DDB_PITR_GB_MONTH)
    invocations = len(stages) / b
    lines["cloudwatch_logs"] = invocations * LOG_BYTES_PER_INVOCATION * m / 1e9 * CW_LOGS_GB
    lines["xray_traces"] = invocations * TRACED_SHARE * XRAY_TRACE * m if tracing else 0.0
    pipeline = sum(lines.values())

    # Comprehend instead of the local model: the tag function keeps its linking work and I/O,
    # loses the NER compute, waits for DetectEntities and needs no model memory.
    units = comprehend_units(bodies)
    tag = stages.get("tag")
    comp_lines = dict(lines)
    if tag is not None:
        _, wait = lambda_ms(tag)
        compute = max(tag.compute_ms - ner_ms, 0.0) * cpu_factor(COMPREHEND_TAG_MEMORY_MB)
        gb_s = COMPREHEND_TAG_MEMORY_MB / 1024 * (compute + wait + COMPREHEND_LATENCY_MS) / 1000
        comp_lines["lambda_tag_gb_s"] = gb_s * LAMBDA_GB_S * m
    comp_lines["comprehend_detect_entities"] = units * COMPREHEND_UNIT * m
    with_comprehend = sum(comp_lines.values())
    return {
        "pipeline": pipeline,
        "with_comprehend": with_comprehend,
        "lines": lines,
        "comprehend_lines": comp_lines,
        "lambda": lambda_detail,
        "per_article": {
            "wru": wru,
            "rru": rru,
            "s3_put": s3_put,
            "s3_get": s3_get,
            "stored_bytes_s3": s3_bytes,
            "stored_bytes_dynamodb": ddb_bytes,
            "comprehend_units": units,
        },
        "records_per_invocation": per_invocation,
        "capacity": capacity,
        "tracing": tracing,
        "per_stage": {
            name: {
                "wru": st.wru,
                "rru": st.rru,
                "s3_requests": sum(n for op, n in st.calls.items() if op.startswith("s3.")),
                "lambda_ms": lambda_detail[name]["billed_ms"],
            }
            for name, st in stages.items()
        },
    }


# The configuration docs/deploy.md recommends for a steady feed, and the others reported
# beside it (docs/cost.md): (capacity, records per invocation, tracing)
RECOMMENDED = ("provisioned", 10, False)
CONFIGURATIONS = {
    "recommended": RECOMMENDED,
    "on_demand_batched_10": ("on-demand", 10, False),
    "provisioned_1_record": ("provisioned", 1, False),
    "on_demand_1_record": ("on-demand", 1, False),
    "on_demand_1_record_traced": ("on-demand", 1, True),
}


def configurations(
    stages: dict[str, StageInput], storage: dict[str, float], bodies: list[str], ner_ms: float
) -> dict[str, dict[str, Any]]:
    """``model`` in each of ``CONFIGURATIONS``."""
    return {
        name: model(stages, storage, bodies, ner_ms, per_invocation=b, capacity=cap, tracing=traced)
        for name, (cap, b, traced) in CONFIGURATIONS.items()
    }
