"""bench/cost.py: the capacity modes, batching and tracing of the cost model (docs/cost.md)."""

from __future__ import annotations

import pytest

from bench import cost

STAGES = {
    "parse": cost.StageInput(memory_mb=512, compute_ms=50.0, calls={"s3.GetObject": 1.0, "s3.PutObject": 1.0,
                                                                     "sns.Publish": 1.0}, wru=5.0, rru=1.0),
    "tag": cost.StageInput(memory_mb=1024, compute_ms=100.0, calls={"s3.GetObject": 1.0}, wru=50.0, rru=10.0),
    "related": cost.StageInput(memory_mb=512, compute_ms=80.0, calls={"s3.GetObject": 1.0}, wru=20.0, rru=15.0),
}
STORAGE = {"s3_parsed_bytes": 10_000.0, "dynamodb_articles_bytes": 20_000.0}
BODIES = ["x" * 2_500]


def run(**kw: object) -> dict:
    return cost.model(STAGES, STORAGE, BODIES, ner_ms=40.0, **kw)  # type: ignore[arg-type]


def test_provisioned_capacity_bills_writes_and_reads_by_capacity_hours_at_the_stated_use() -> None:
    on_demand, provisioned = run(), run(capacity="provisioned")
    wru, rru = 75.0, 26.0
    assert on_demand["lines"]["dynamodb_writes"] == pytest.approx(wru * 0.625)
    assert on_demand["lines"]["dynamodb_reads"] == pytest.approx(rru * 0.125)
    per_wru = cost.DDB_WCU_HOUR / (3600 * cost.PROVISIONED_UTILISATION)
    assert provisioned["lines"]["dynamodb_writes"] == pytest.approx(wru * per_wru * 1e6)
    assert provisioned["lines"]["dynamodb_writes"] < on_demand["lines"]["dynamodb_writes"] / 2
    # the floor: 4 tables/indexes x 5 units, reads and writes, all month, over 150k articles a day
    floor = 4 * 5 * (0.00065 + 0.00013) * 730 / (150_000 * 730 / 24) * 1e6
    assert provisioned["lines"]["dynamodb_capacity_floor"] == pytest.approx(floor)
    assert "dynamodb_capacity_floor" not in on_demand["lines"]
    assert provisioned["pipeline"] < on_demand["pipeline"]
    with pytest.raises(ValueError, match="on-demand or provisioned"):
        run(capacity="reserved")


def test_tracing_and_batching_move_their_lines_only() -> None:
    plain, traced, batched = run(), run(tracing=True), run(per_invocation=10)
    assert plain["lines"]["xray_traces"] == 0.0
    assert traced["lines"]["xray_traces"] == pytest.approx(3 * 5.0)  # 3 invocations, $5 per million traces
    assert traced["pipeline"] - plain["pipeline"] == pytest.approx(15.0)
    assert batched["lines"]["lambda_requests"] == pytest.approx(plain["lines"]["lambda_requests"] / 10)
    assert batched["lines"]["sqs_requests"] < plain["lines"]["sqs_requests"]
    assert batched["lines"]["dynamodb_writes"] == plain["lines"]["dynamodb_writes"]


def test_per_stage_lines_and_the_named_configurations() -> None:
    per_stage = run()["per_stage"]
    assert per_stage["tag"]["wru"] == 50.0 and per_stage["related"]["rru"] == 15.0
    assert per_stage["parse"]["s3_requests"] == 2.0
    assert per_stage["tag"]["lambda_ms"] > 100.0  # compute at 1024 MB is slower than one core, plus the wait
    confs = cost.configurations(STAGES, STORAGE, BODIES, 40.0)
    assert confs["recommended"]["capacity"] == "provisioned" and confs["recommended"]["records_per_invocation"] == 10
    assert not confs["recommended"]["tracing"]
    assert min(c["pipeline"] for c in confs.values()) == confs["recommended"]["pipeline"]
