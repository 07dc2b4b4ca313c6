"""Structural rules for template.yaml that linters do not know about."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

DEFAULT_SQS_RETENTION = 345_600  # 4 days


def get_att(value: Any) -> str | None:
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return str(value["Fn::GetAtt"][0])
    return None


def unwrap_if(value: Any) -> Any:
    """``!If [cond, x, !Ref AWS::NoValue]`` -> x (what applies when the condition holds)."""
    if isinstance(value, dict) and "Fn::If" in value:
        return value["Fn::If"][1]
    return value


def globals_function(template: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = template.get("Globals", {}).get("Function", {})
    return result


def sqs_events(functions: dict[str, dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(function, queue logical id, event properties) for every SQS event source."""
    found = []
    for name, fn in functions.items():
        for event in fn["Properties"].get("Events", {}).values():
            if event.get("Type") == "SQS":
                queue = get_att(event["Properties"]["Queue"])
                assert queue, f"{name}: SQS event Queue must be !GetAtt <Queue>.Arn"
                found.append((name, queue, event["Properties"]))
    return found


def code_dir(fn: dict[str, Any]) -> Path:
    return ROOT / str(fn["Properties"]["CodeUri"])


def test_every_consumed_queue_has_a_dlq_and_partial_batch_failures(
    resources: dict[str, dict[str, Any]], functions: dict[str, dict[str, Any]]
) -> None:
    events = sqs_events(functions)
    assert events, "no SQS event sources found"
    for name, queue, props in events:
        assert resources[queue]["Type"] == "AWS::SQS::Queue", f"{name}: {queue} is not a queue"
        redrive = resources[queue]["Properties"].get("RedrivePolicy")
        assert redrive, f"{queue} (consumed by {name}) has no RedrivePolicy"
        dlq = get_att(redrive.get("deadLetterTargetArn"))
        assert dlq and resources[dlq]["Type"] == "AWS::SQS::Queue", f"{queue}: DLQ must be a template queue"
        assert dlq != queue
        assert "maxReceiveCount" in redrive, f"{queue}: RedrivePolicy needs maxReceiveCount"
        assert "ReportBatchItemFailures" in props.get("FunctionResponseTypes", []), (
            f"{name}: SQS event on {queue} must report partial batch failures"
        )


def test_dlqs_keep_messages_longer_than_their_source_queues(
    resources: dict[str, dict[str, Any]], functions: dict[str, dict[str, Any]]
) -> None:
    for _, queue, _ in sqs_events(functions):
        props = resources[queue]["Properties"]
        dlq = resources[get_att(props["RedrivePolicy"]["deadLetterTargetArn"]) or ""]["Properties"]
        source = int(props.get("MessageRetentionPeriod", DEFAULT_SQS_RETENTION))
        parked = int(dlq.get("MessageRetentionPeriod", DEFAULT_SQS_RETENTION))
        assert parked > source, f"{queue}: its DLQ must keep messages longer ({parked}s <= {source}s)"


def test_visibility_timeout_is_at_least_six_function_timeouts(
    template: dict[str, Any], resources: dict[str, dict[str, Any]], functions: dict[str, dict[str, Any]]
) -> None:
    """AWS guidance for SQS event sources: visibility timeout >= 6 x function timeout."""
    default_timeout = int(globals_function(template).get("Timeout", 3))
    for name, queue, _ in sqs_events(functions):
        timeout = int(functions[name]["Properties"].get("Timeout", default_timeout))
        visibility = int(resources[queue]["Properties"].get("VisibilityTimeout", 30))
        assert visibility >= 6 * timeout, f"{queue}: VisibilityTimeout {visibility}s < 6 x {name} {timeout}s"


def test_handlers_know_the_redrive_max_receive_count(
    template: dict[str, Any], resources: dict[str, dict[str, Any]], functions: dict[str, dict[str, Any]]
) -> None:
    """The handlers read MAX_RECEIVE_COUNT to tell the last delivery: it must be the value the
    queues' RedrivePolicy uses."""
    env = globals_function(template).get("Environment", {}).get("Variables", {})
    assert "MAX_RECEIVE_COUNT" in env
    for _, queue, _ in sqs_events(functions):
        redrive = resources[queue]["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == env["MAX_RECEIVE_COUNT"], queue


def test_reserved_concurrency_caps_the_sqs_pollers(functions: dict[str, dict[str, Any]]) -> None:
    """With reserved concurrency, the event source must not poll beyond it, or throttled
    batches count as receives and land in the DLQ."""
    for name, _, props in sqs_events(functions):
        reserved = unwrap_if(functions[name]["Properties"].get("ReservedConcurrentExecutions"))
        if reserved is None:
            continue
        scaling = unwrap_if(props.get("ScalingConfig"))
        assert scaling and scaling.get("MaximumConcurrency") == reserved, (
            f"{name}: ScalingConfig.MaximumConcurrency must equal ReservedConcurrentExecutions"
        )


def test_every_function_code_uri_has_its_handler_module(functions: dict[str, dict[str, Any]]) -> None:
    for name, fn in functions.items():
        module = str(fn["Properties"]["Handler"]).rsplit(".", 1)[0]
        path = code_dir(fn) / (module.replace(".", "/") + ".py")
        assert path.is_file(), f"{name}: {path.relative_to(ROOT)} is missing"


def test_makefile_builds_define_their_target(functions: dict[str, dict[str, Any]]) -> None:
    for name, fn in functions.items():
        if fn.get("Metadata", {}).get("BuildMethod") != "makefile":
            continue
        makefile = code_dir(fn) / "Makefile"
        assert makefile.is_file(), f"{name}: BuildMethod makefile needs {makefile.relative_to(ROOT)}"
        assert re.search(rf"^build-{name}:", makefile.read_text(encoding="utf-8"), re.M), (
            f"{makefile.relative_to(ROOT)} has no build-{name} target"
        )
        assert (code_dir(fn) / "requirements.txt").is_file()


def test_shared_layer_ships_the_package_under_python(
    template: dict[str, Any], resources: dict[str, dict[str, Any]]
) -> None:
    layer = resources["SharedLayer"]
    # A runtime BuildMethod makes sam build put the content under python/ (-> /opt/python).
    assert layer["Metadata"]["BuildMethod"] == "python3.11"
    content = ROOT / str(layer["Properties"]["ContentUri"])
    assert (content / "articles" / "__init__.py").is_file()
    assert (content / "requirements.txt").is_file()
    assert {"Ref": "SharedLayer"} in globals_function(template).get("Layers", [])


def test_events_folder_has_a_json_event_per_function(functions: dict[str, dict[str, Any]]) -> None:
    events = ROOT / "events"
    if not events.is_dir() or not any(events.rglob("*.json")):
        pytest.skip("events/ has no JSON events yet")
    for name, fn in functions.items():
        folder = events / code_dir(fn).name
        samples = sorted(folder.glob("*.json"))
        assert samples, f"{name}: no sample event in {folder.relative_to(ROOT)}/"
        for sample in samples:
            json.loads(sample.read_text(encoding="utf-8"))


def test_infra_provisions_every_resource_it_reads() -> None:
    """The local stack and the integration tests build moto resources from this template."""
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    from articles.infra import provision

    with moto.mock_aws():
        stack = provision(boto3.Session(region_name="us-east-1"))
    for logical_id in ("InboxBucket", "ParsedBucket", "ArticlesTable", "IndexTable", "ArticleEventsTopic",
                       "ParseQueue", "TagQueue", "RelatedQueue"):
        assert logical_id in stack.names
    assert stack.dlq_of == {
        "ParseQueue": "ParseDeadLetterQueue",
        "TagQueue": "TagDeadLetterQueue",
        "RelatedQueue": "RelatedDeadLetterQueue",
    }
