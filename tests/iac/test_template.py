"""Structural rules for template.yaml that linters do not know about."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, TEMPLATE, TOOLS, offline_env

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
    # shared/Makefile puts the content under python/ (-> /opt/python); what it copies is
    # checked in test_package_contents.py.
    assert layer["Metadata"]["BuildMethod"] == "makefile"
    content = ROOT / str(layer["Properties"]["ContentUri"])
    assert (content / "articles" / "__init__.py").is_file()
    assert (content / "requirements.txt").is_file()
    for name, res in resources.items():
        if res["Type"] == "AWS::Serverless::LayerVersion" and res.get("Metadata", {}).get("BuildMethod") == "makefile":
            makefile = ROOT / str(res["Properties"]["ContentUri"]) / "Makefile"
            assert re.search(rf"^build-{name}:", makefile.read_text(encoding="utf-8"), re.M), name
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
    from articles_tools.infra import provision

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


# ---------------------------------------------------------------- least-privilege IAM
# Each function runs with its own role, declared in template.yaml (Role: !GetAtt <Fn>Role.Arn):
# with an explicit Role SAM attaches no AWS managed policy (AWSLambdaBasicExecutionRole,
# AWSXrayWriteOnlyAccess, AWSLambdaSQSQueueExecutionRole grant on every log group / queue).
#
# What each function's code may do, as "service:Action" -> the resources it may do it on, written
# as logical ids ("ArticlesTable", "ParsedBucket/parsed/*", "ArticlesTable/index/gsi2") or "*".
# These are the calls the code makes (shared/articles/store, bus.py, entities/comprehend.py):
# adding an action or a resource to a function's role in template.yaml must come with a change
# here, so a widening is never silent. What the Lambda service itself does with the role (logs,
# traces, the SQS event source's polling) is derived from the function: see runtime_grants.
EXPECTED_GRANTS: dict[str, dict[str, set[str]]] = {
    "ParseArticleFunction": {
        "s3:GetObject": {"InboxBucket/*"},  # GetObject + HeadObject of the raw article
        "s3:ListBucket": {"InboxBucket"},  # missing key -> 404, not 403 (NotFound)
        "s3:PutObject": {"ParsedBucket/parsed/*"},
        "s3:DeleteObject": {"ParsedBucket/parsed/*"},
        "dynamodb:GetItem": {"ArticlesTable"},
        "dynamodb:PutItem": {"ArticlesTable"},
        "dynamodb:UpdateItem": {"ArticlesTable"},  # entity counts of a purged article
        "dynamodb:DeleteItem": {"ArticlesTable"},
        "dynamodb:Query": {"ArticlesTable", "ArticlesTable/index/gsi2"},  # links; articles of a source
        "dynamodb:BatchWriteItem": {"ArticlesTable"},
        "sns:Publish": {"ArticleEventsTopic"},
    },
    "TagEntitiesFunction": {
        "s3:GetObject": {"ParsedBucket/parsed/*"},
        "s3:ListBucket": {"ParsedBucket"},
        "dynamodb:GetItem": {"ArticlesTable"},
        "dynamodb:BatchGetItem": {"ArticlesTable"},  # known entities under cross-script keys
        "dynamodb:PutItem": {"ArticlesTable"},  # the LINKS record (and the quotes in it)
        "dynamodb:UpdateItem": {"ArticlesTable"},  # stage, canonical entities; counts in transactions
        "dynamodb:DeleteItem": {"ArticlesTable"},  # links and unused entities, in transactions
        "dynamodb:Query": {"ArticlesTable"},  # the article's entity links
        "dynamodb:BatchWriteItem": {"ArticlesTable"},  # links and aliases
        "comprehend:DetectEntities": {"*"},  # only with EntityBackend=comprehend
    },
    "FindRelatedFunction": {
        "s3:GetObject": {"ParsedBucket/parsed/*"},
        "s3:ListBucket": {"ParsedBucket"},
        "dynamodb:GetItem": {"ArticlesTable"},
        "dynamodb:UpdateItem": {"ArticlesTable", "IndexTable"},
        "dynamodb:BatchGetItem": {"IndexTable"},
        "dynamodb:BatchWriteItem": {"IndexTable"},
    },
    "LookupApiFunction": {
        "s3:GetObject": {"ParsedBucket/parsed/*"},
        "s3:ListBucket": {"ParsedBucket"},
        "dynamodb:GetItem": {"ArticlesTable"},
        "dynamodb:Query": {"ArticlesTable", "ArticlesTable/index/gsi1", "ArticlesTable/index/gsi2"},
        "dynamodb:BatchGetItem": {"ArticlesTable", "IndexTable"},  # a listing page's articles; the index
    },
}
# Writing the function's logs: on its own (declared) log group, which therefore needs no
# logs:CreateLogGroup.
LOG_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}
# Tracing: Active. Neither action has resource-level permissions.
XRAY_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
# What the SQS event source mapping polls with (it uses the function role); not
# sqs:ChangeMessageVisibility, which the mapping does not need and no code calls.
SQS_POLL_ACTIONS = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
# Actions with no resource-level permissions: "*" is the only Resource they accept.
WILDCARD_RESOURCE_ACTIONS = {"comprehend:DetectEntities", *XRAY_ACTIONS}
NO_VALUE = {"Ref": "AWS::NoValue"}
# Policies declared apart from a role (and attached to it from there).
DETACHED_POLICY_TYPES = {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"}
# The only role that may carry an AWS managed policy: API Gateway's account-wide (per region)
# logging role, shared with every other API of the account, so it cannot be scoped to this stack.
MANAGED_POLICY_ROLES = {
    "ApiGatewayCloudWatchRole": [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"}
    ],
}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def if_branches(value: Any, condition: str | None = None) -> list[tuple[str | None, Any]]:
    """(condition, value) for a plain value, or each non-NoValue branch of ``!If``
    (the "else" branch tagged ``!cond``)."""
    if isinstance(value, dict) and "Fn::If" in value:
        cond, then, other = value["Fn::If"]
        return [*if_branches(then, cond), *if_branches(other, f"!{cond}")]
    return [] if value == NO_VALUE else [(condition, value)]


def function_role(name: str, fn: dict[str, Any], resources: dict[str, dict[str, Any]]) -> str:
    """The logical id of the function's role; fails unless it is an explicit template role and
    the function itself grants nothing (with Role set, SAM silently ignores Policies)."""
    props = fn["Properties"]
    assert "Policies" not in props, f"{name}: grant in its Role: with a Role, SAM ignores Policies"
    role = props.get("Role")
    assert role is not None, f"{name}: no explicit Role: SAM would create one with AWS managed policies"
    assert isinstance(role, dict) and list(role) == ["Fn::GetAtt"] and role["Fn::GetAtt"][1] == "Arn", (
        f"{name}: Role must be !GetAtt <a role of this template>.Arn, not {role!r}"
    )
    role_id = str(role["Fn::GetAtt"][0])
    assert resources.get(role_id, {}).get("Type") == "AWS::IAM::Role", f"{name}: {role_id} is not an AWS::IAM::Role"
    return role_id


def function_statements(name: str, fn: dict[str, Any], resources: dict[str, dict[str, Any]]
                        ) -> list[tuple[str | None, dict[str, Any]]]:
    """(condition, statement) of every inline policy statement of the function's role; fails on
    a managed policy or a policy of the role declared elsewhere (whose grants would escape)."""
    role_id = function_role(name, fn, resources)
    props = resources[role_id]["Properties"]
    assert "ManagedPolicyArns" not in props, f"{role_id}: managed policies grant more than {name} uses"
    detached = [k for k, res in resources.items() if res["Type"] in DETACHED_POLICY_TYPES]
    assert not detached, f"{detached}: grant inside the roles, where these checks read them"
    found = []
    for entry in as_list(props.get("Policies", [])):
        for condition, policy in if_branches(entry):
            assert isinstance(policy, dict) and "PolicyDocument" in policy, f"{role_id}: unexpected policy {policy!r}"
            assert policy["PolicyDocument"].get("Version") == "2012-10-17", f"{role_id}: policy Version"
            found += [(condition, s) for s in as_list(policy["PolicyDocument"]["Statement"])]
    return found


def bucket_arn_prefixes(resources: dict[str, dict[str, Any]]) -> dict[str, str]:
    """``arn:${AWS::Partition}:s3:::<BucketName>`` -> logical id, for buckets named by !Sub (a
    role may name such a bucket's ARN without a GetAtt)."""
    out = {}
    for logical_id, res in resources.items():
        name = res.get("Properties", {}).get("BucketName") if res["Type"] == "AWS::S3::Bucket" else None
        if isinstance(name, dict) and isinstance(name.get("Fn::Sub"), str):
            out["arn:${AWS::Partition}:s3:::" + name["Fn::Sub"]] = logical_id
    return out


def resource_id(value: Any, resources: dict[str, dict[str, Any]]) -> str:
    """A statement's Resource as a logical id (+ ARN suffix), or "*"."""
    if value == "*":
        return "*"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        logical_id, attr = value["Fn::GetAtt"]
        assert attr == "Arn", f"Resource must be an ARN: {value}"
        return str(logical_id)
    if isinstance(value, dict) and "Ref" in value:
        # Ref gives an ARN only for a topic (a bucket's or table's Ref is its name).
        assert resources[value["Ref"]]["Type"] == "AWS::SNS::Topic", f"Ref is not an ARN: {value}"
        return str(value["Ref"])
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        text = value["Fn::Sub"]
        for prefix, logical_id in bucket_arn_prefixes(resources).items():
            if text == prefix or text.startswith(prefix + "/"):
                text = logical_id + text[len(prefix):]
        text = re.sub(r"\$\{(\w+)\.Arn\}", r"\1", text)
        assert "${" not in text and not text.startswith("arn:"), f"unrecognised Resource {value}"
        assert text.split("/", 1)[0] in resources, f"Resource {value} names no resource of the template"
        return text
    raise AssertionError(f"unrecognised Resource {value!r}")


def granted(functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
            ) -> dict[str, dict[str, set[str]]]:
    """Per function: allowed action -> resources, checking every Allow statement's shape."""
    out: dict[str, dict[str, set[str]]] = {}
    for name, fn in functions.items():
        grants = out.setdefault(name, {})
        for _, statement in function_statements(name, fn, resources):
            assert "NotAction" not in statement and "NotResource" not in statement, f"{name}: {statement}"
            assert "NotPrincipal" not in statement and "Principal" not in statement, f"{name}: {statement}"
            if statement.get("Effect") != "Allow":
                assert statement.get("Effect") == "Deny", f"{name}: statement without Effect: {statement}"
                continue
            actions = [str(a) for a in as_list(statement["Action"])]
            targets = {resource_id(r, resources) for r in as_list(statement["Resource"])}
            wild = [a for a in actions if "*" in a or "?" in a]
            assert not wild, f"{name}: wildcard actions {wild} (list the calls the code makes)"
            if "*" in targets:
                broad = sorted(set(actions) - WILDCARD_RESOURCE_ACTIONS)
                assert not broad, f"{name}: {broad} granted on Resource '*' (scope them to the resources)"
            for action in actions:
                grants.setdefault(action, set()).update(targets)
    return out


def own_log_group(name: str, fn: dict[str, Any], resources: dict[str, dict[str, Any]]) -> str:
    """The log group the function logs to: LoggingConfig.LogGroup, a Ref to a declared group."""
    group = fn["Properties"].get("LoggingConfig", {}).get("LogGroup")
    assert isinstance(group, dict) and list(group) == ["Ref"], (
        f"{name}: LoggingConfig.LogGroup must be !Ref to a log group of this template (else Lambda creates "
        f"/aws/lambda/<name> itself, with no retention, and the role needs logs:CreateLogGroup)"
    )
    assert resources.get(group["Ref"], {}).get("Type") == "AWS::Logs::LogGroup", f"{name}: {group['Ref']}"
    return str(group["Ref"])


def tracing_active(template: dict[str, Any], fn: dict[str, Any]) -> bool:
    """Whether the function can be traced (Tracing: Active, or Active under a condition)."""
    tracing = fn["Properties"].get("Tracing", globals_function(template).get("Tracing"))
    return any(value == "Active" for _, value in if_branches(tracing))


def tracing_condition(template: dict[str, Any], fn: dict[str, Any]) -> str | None:
    """The condition under which the function is traced (None: always)."""
    tracing = fn["Properties"].get("Tracing", globals_function(template).get("Tracing"))
    return next(cond for cond, value in if_branches(tracing) if value == "Active")


def runtime_grants(template: dict[str, Any], resources: dict[str, dict[str, Any]], name: str,
                   fn: dict[str, Any]) -> dict[str, set[str]]:
    """What the Lambda service does with the function's role: write its logs, its traces (if
    tracing is active) and, for the SQS event source, poll the queue the event names."""
    grants = {action: {own_log_group(name, fn, resources)} for action in LOG_ACTIONS}
    if tracing_active(template, fn):
        grants |= {action: {"*"} for action in XRAY_ACTIONS}
    queues = {queue for fn_name, queue, _ in sqs_events({name: fn}) if fn_name == name}
    if queues:
        grants |= {action: set(queues) for action in SQS_POLL_ACTIONS}
    return grants


def test_functions_use_only_inline_least_privilege_statements(
    template: dict[str, Any], functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    grants = granted(functions, resources)
    assert set(grants) == set(EXPECTED_GRANTS), "a function without expected grants: add it to EXPECTED_GRANTS"
    for name, expected_calls in EXPECTED_GRANTS.items():
        expected = {**expected_calls, **runtime_grants(template, resources, name, functions[name])}
        assert sorted(grants[name]) == sorted(expected), f"{name}: allowed actions differ from EXPECTED_GRANTS"
        assert grants[name] == expected, f"{name}: resources differ from EXPECTED_GRANTS"


def test_every_function_has_its_own_explicit_role_trusting_only_lambda(
    template: dict[str, Any], functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    for key in ("Role", "Policies", "PermissionsBoundary"):
        assert key not in globals_function(template), f"Globals.Function.{key}: set each function's own"
    roles = {name: function_role(name, fn, resources) for name, fn in functions.items()}
    assert len(set(roles.values())) == len(roles), f"functions share a role: {roles}"
    for name, role_id in roles.items():
        props = resources[role_id]["Properties"]
        # Unnamed: CloudFormation names it, so deploying needs CAPABILITY_IAM, not CAPABILITY_NAMED_IAM.
        assert "RoleName" not in props, f"{role_id}: let CloudFormation name the role"
        trust = props["AssumeRolePolicyDocument"]
        assert trust.get("Version") == "2012-10-17"
        assert trust["Statement"] == [{
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}},
        }], f"{role_id} ({name}): the trust policy must admit only Lambda, on behalf of this account"


def test_no_role_carries_a_managed_policy(resources: dict[str, dict[str, Any]]) -> None:
    with_managed = {
        k: r["Properties"]["ManagedPolicyArns"] for k, r in resources.items()
        if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("ManagedPolicyArns")
    }
    assert with_managed == MANAGED_POLICY_ROLES, "AWS managed policies grant on every resource: use statements"


def test_logs_only_to_the_functions_own_declared_log_group(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    groups = {name: own_log_group(name, fn, resources) for name, fn in functions.items()}
    assert len(set(groups.values())) == len(groups), f"functions share a log group: {groups}"
    for name, grants in granted(functions, resources).items():
        group = resources[groups[name]]["Properties"]
        assert group.get("RetentionInDays"), f"{groups[name]}: logs must expire (RetentionInDays)"
        logs = {action: on for action, on in grants.items() if action.startswith("logs:")}
        assert logs == {action: {groups[name]} for action in LOG_ACTIONS}, (
            f"{name}: logs actions must be {sorted(LOG_ACTIONS)} on its own log group {groups[name]} only"
        )


def test_sqs_only_on_the_queue_the_functions_event_polls(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    polled = {name: queue for name, queue, _ in sqs_events(functions)}
    assert len(polled) == len(sqs_events(functions)), "a function with two SQS events: one queue per consumer"
    for name, grants in granted(functions, resources).items():
        sqs = {action: on for action, on in grants.items() if action.startswith("sqs:")}
        expected = {action: {polled[name]} for action in SQS_POLL_ACTIONS} if name in polled else {}
        assert sqs == expected, f"{name}: sqs actions must be {sorted(SQS_POLL_ACTIONS)} on its own queue only"


def test_xray_only_when_tracing_is_active(
    template: dict[str, Any], functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    for name, grants in granted(functions, resources).items():
        xray = {action: on for action, on in grants.items() if action.startswith("xray:")}
        expected = {action: {"*"} for action in XRAY_ACTIONS} if tracing_active(template, functions[name]) else {}
        assert xray == expected, f"{name}: X-Ray grants must follow Tracing"
        if tracing_active(template, functions[name]):
            conditions = {cond for cond, st in function_statements(name, functions[name], resources)
                          if set(as_list(st["Action"])) & XRAY_ACTIONS}
            assert conditions == {tracing_condition(template, functions[name])}, (
                f"{name}: the X-Ray grant must hold exactly when the function is traced"
            )


def test_tracing_is_a_parameter_off_by_default(template: dict[str, Any], resources: dict[str, dict[str, Any]]) -> None:
    """X-Ray costs about $15 per million articles (docs/cost.md): off unless Tracing=Active,
    and then on everywhere at once: functions, their grants, the code's Tracer, the API stage."""
    param = template["Parameters"]["Tracing"]
    assert param["Default"] == "Disabled" and set(param["AllowedValues"]) == {"Active", "Disabled"}
    assert template["Conditions"]["TracingActive"] == {"Fn::Equals": [{"Ref": "Tracing"}, "Active"]}
    active = {"Fn::If": ["TracingActive", "Active", "PassThrough"]}
    assert globals_function(template)["Tracing"] == active
    env = globals_function(template)["Environment"]["Variables"]
    assert env["ARTICLES_TRACING"] == {"Fn::If": ["TracingActive", "true", "false"]}
    apis = [r for r in resources.values() if r["Type"] == "AWS::Serverless::Api"]
    assert apis and all(a["Properties"].get("TracingEnabled") == {"Fn::If": ["TracingActive", True, False]}
                        for a in apis)
    for name, fn in resources.items():
        if fn["Type"] == "AWS::Serverless::Function":
            assert "Tracing" not in fn["Properties"], f"{name}: Tracing comes from Globals (the parameter)"


def test_no_function_may_scan(functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]) -> None:
    for name, grants in granted(functions, resources).items():
        assert "dynamodb:Scan" not in grants, f"{name}: no code path scans a table"


def test_wildcard_resources_only_for_actions_without_resource_permissions_and_conditional(
    template: dict[str, Any], functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    """The only "*" resources: X-Ray's two actions, granted only when the stack traces
    (Tracing=Active), and Comprehend DetectEntities, granted only when the stack uses it
    (EntityBackend=comprehend)."""
    assert template["Conditions"]["UseComprehend"] == {"Fn::Equals": [{"Ref": "EntityBackend"}, "comprehend"]}
    for name, fn in functions.items():
        for condition, statement in function_statements(name, fn, resources):
            actions = set(as_list(statement["Action"]))
            if "*" in as_list(statement["Resource"]):
                assert actions <= WILDCARD_RESOURCE_ACTIONS, f"{name}: {actions} on Resource '*'"
                assert as_list(statement["Resource"]) == ["*"], f"{name}: '*' mixed with ARNs"
            if any(a.startswith("comprehend:") for a in actions):
                assert condition == "UseComprehend", f"{name}: Comprehend grant must be !If [UseComprehend, ...]"
                assert actions == {"comprehend:DetectEntities"}, f"{name}: {actions} mixed into the Comprehend statement"
            elif actions & XRAY_ACTIONS:
                assert condition == "TracingActive", f"{name}: X-Ray grant must be !If [TracingActive, ...]"
                assert actions == XRAY_ACTIONS, f"{name}: {actions} mixed into the X-Ray statement"
            else:
                assert condition is None, f"{name}: only the Comprehend and X-Ray grants are conditional"


# SAM's own transform (samtranslator, in the SAM CLI's venv), run offline: local CodeUri/ContentUri
# are given an S3 form as `sam validate` does, and the managed policy loader fails if SAM ever asks
# IAM for a managed policy (it only does for policies it is about to attach).
SAM_TRANSFORM = """
import json, sys
from samcli.yamlhelper import yaml_parse
from samtranslator.translator.transform import transform

class NoManagedPolicies:
    def load(self):
        raise SystemExit("the SAM transform asked IAM for managed policies")

with open(sys.argv[1], encoding="utf-8") as fh:
    doc = yaml_parse(fh.read())
for res in doc["Resources"].values():
    props = res.get("Properties", {})
    for key in ("CodeUri", "ContentUri"):
        if isinstance(props.get(key), str):
            props[key] = "s3://bucket/" + props[key].strip("/")
print(json.dumps(transform(doc, {}, NoManagedPolicies())))
"""


def test_sam_transform_gives_the_functions_only_the_template_roles(resources: dict[str, dict[str, Any]]) -> None:
    """What CloudFormation receives: SAM adds no role and attaches no managed policy."""
    python = TOOLS / "sam" / "bin" / "python"
    if not python.is_file():
        pytest.skip("the SAM CLI is not installed (run tools/install-tools.sh)")
    result = subprocess.run([str(python), "-c", SAM_TRANSFORM, str(TEMPLATE)], cwd=ROOT, env=offline_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out: dict[str, dict[str, Any]] = json.loads(result.stdout)["Resources"]
    declared = {k for k, r in resources.items() if r["Type"] == "AWS::IAM::Role"}
    assert {k for k, r in out.items() if r["Type"] == "AWS::IAM::Role"} == declared, "SAM created a role"
    with_managed = {k: out[k]["Properties"]["ManagedPolicyArns"] for k in declared
                    if out[k]["Properties"].get("ManagedPolicyArns")}
    assert with_managed == MANAGED_POLICY_ROLES
    lambdas = {k: r for k, r in out.items() if r["Type"] == "AWS::Lambda::Function"}
    assert len(lambdas) == len([r for r in resources.values() if r["Type"] == "AWS::Serverless::Function"])
    for name, fn in lambdas.items():
        role_id = str(fn["Properties"]["Role"]["Fn::GetAtt"][0])
        assert role_id == function_role(name, resources[name], resources)
        assert out[role_id]["Properties"] == resources[role_id]["Properties"], f"SAM changed {role_id}"
    assert not [k for k, r in out.items() if r["Type"] in DETACHED_POLICY_TYPES]


def test_every_object_read_comes_with_list_bucket_so_missing_keys_are_not_found(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    """Without s3:ListBucket a missing key is 403 AccessDenied, not 404 NoSuchKey; the stages
    rely on NotFound (object deleted before it was read, parsed article gone)."""
    for name, grants in granted(functions, resources).items():
        read_buckets = {r.split("/", 1)[0] for r in grants.get("s3:GetObject", set())}
        assert read_buckets <= grants.get("s3:ListBucket", set()), f"{name}: s3:ListBucket missing"


def test_object_grants_on_the_parsed_bucket_match_the_parsed_key_layout(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    from fnmatch import fnmatchcase

    from articles.ids import parsed_key

    key = parsed_key("a_0123456789abcdef")
    for name, grants in granted(functions, resources).items():
        for action, targets in grants.items():
            for target in targets:
                if target.startswith("ParsedBucket/"):
                    pattern = target.removeprefix("ParsedBucket/")
                    assert fnmatchcase(key, pattern), f"{name}: {action} on {target} does not cover {key}"


def test_index_grants_name_existing_gsis(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    for name, grants in granted(functions, resources).items():
        for target in set().union(*grants.values()):
            table, _, index = target.partition("/index/")
            if index:
                gsis = {g["IndexName"] for g in resources[table]["Properties"].get("GlobalSecondaryIndexes", [])}
                assert index in gsis, f"{name}: {target} is not an index of {table}"


# ---------------------------------------------------------------- CORS
def test_cors_allow_origin_parameter_is_off_by_default(template: dict[str, Any]) -> None:
    param = template["Parameters"]["CorsAllowOrigin"]
    assert param["Type"] == "String" and param["Default"] == ""
    assert template["Conditions"]["HasCorsAllowOrigin"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "CorsAllowOrigin"}, ""]}]
    }
    # The value ends up inside the header mapping expression '<value>': one origin, no quotes.
    pattern = re.compile(param["AllowedPattern"])
    for ok in ("", "*", "https://app.example.com", "http://localhost:5173"):
        assert pattern.fullmatch(ok), ok
    for bad in ("'", "https://a.example.com,https://b.example.com", "https://a.example.com/app",
                "https://a.example.com'", " https://a.example.com", "app.example.com"):
        assert not pattern.fullmatch(bad), bad


def test_api_cors_follows_the_parameter(resources: dict[str, dict[str, Any]]) -> None:
    props = resources["ArticlesApi"]["Properties"]
    cors = props["Cors"]
    assert isinstance(cors, dict) and cors, "Cors must be a CorsConfiguration"
    for key, value in cors.items():
        assert isinstance(value, dict) and "Fn::If" in value, f"Cors.{key} must be !If [HasCorsAllowOrigin, ...]"
        cond, _, other = value["Fn::If"]
        assert cond == "HasCorsAllowOrigin" and other == NO_VALUE, f"Cors.{key}: empty origin must mean no header"
    assert cors["AllowOrigin"]["Fn::If"][1] == {"Fn::Sub": "'${CorsAllowOrigin}'"}
    assert "x-api-key" in cors["AllowHeaders"]["Fn::If"][1].lower(), "every GET sends X-Api-Key"
    assert "AllowCredentials" not in cors  # never with '*'
    # browsers send the preflight without the API key
    assert props["Auth"]["ApiKeyRequired"] is True
    assert props["Auth"]["AddApiKeyRequiredToCorsPreflight"] is False


def test_lookup_function_knows_the_cors_origin(functions: dict[str, dict[str, Any]]) -> None:
    env = functions["LookupApiFunction"]["Properties"]["Environment"]["Variables"]
    assert env["CORS_ALLOW_ORIGIN"] == {"Ref": "CorsAllowOrigin"}


# ---------------------------------------------------------------- versioned buckets
@pytest.mark.parametrize("bucket", ["InboxBucket", "ParsedBucket"])
def test_versioned_buckets_expire_noncurrent_versions_and_abort_uploads(
    resources: dict[str, dict[str, Any]], bucket: str
) -> None:
    props = resources[bucket]["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = [r for r in props["LifecycleConfiguration"]["Rules"] if r.get("Status") == "Enabled"]
    whole_bucket = [r for r in rules if not (r.get("Prefix") or r.get("TagFilters") or r.get("ObjectSizeGreaterThan"))]
    assert any(r.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays") for r in whole_bucket), (
        f"{bucket}: overwritten/deleted versions must expire (NoncurrentVersionExpiration)"
    )
    assert any(r.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation") for r in whole_bucket), (
        f"{bucket}: incomplete multipart uploads must be aborted"
    )


# ---------------------------------------------------------------- grants vs the code's calls
# The adapters, the AWS resource each one works on, and how their boto3 calls read
# (``self.table.query``, ``table.meta.client.batch_get_item``, ``self.s3.get_object``…).
# The related index sends its requests through its metered client (store/metering.py).
ADAPTERS: dict[tuple[str, ...], tuple[str, set[str]]] = {
    ("shared/articles/store/dynamo.py", "shared/articles/store/parsed_items.py"): ("dynamodb", {"ArticlesTable"}),
    ("shared/articles/store/index.py", "shared/articles/store/metering.py"): ("dynamodb", {"IndexTable"}),
    ("shared/articles/store/blobs.py",): ("s3", {"InboxBucket", "ParsedBucket"}),
    ("shared/articles/bus.py",): ("sns", {"ArticleEventsTopic"}),
}
OPERATIONS = {
    "get_item": "GetItem", "put_item": "PutItem", "update_item": "UpdateItem", "delete_item": "DeleteItem",
    "query": "Query", "scan": "Scan", "batch_get_item": "BatchGetItem", "batch_write_item": "BatchWriteItem",
    "batch_writer": "BatchWriteItem", "get_object": "GetObject", "head_object": "GetObject",
    "put_object": "PutObject", "delete_object": "DeleteObject", "delete_objects": "DeleteObject",
    "copy_object": "PutObject", "list_objects_v2": "ListBucket", "publish": "Publish",
    "publish_batch": "Publish",
    # articles.store.batch (imported as `batched`): both DynamoDB adapters' batch reads and writes
    "batch_get": "BatchGetItem", "batch_write": "BatchWriteItem",
}
CALL = re.compile(r"\b(?:table|client|s3|sns|batched)\.([a-z_0-9]+)\b")
# IAM has no TransactWriteItems action: a transaction needs the grant of each action in it
# ({"Put": {"TableName": ...}} needs dynamodb:PutItem).
TRANSACT = re.compile(r'\{"(Put|Update|Delete|ConditionCheck)": \{"TableName"')
# Granted although no code calls it: GetObject/HeadObject of a missing key answer 404 only with it.
IMPLIED = {"s3:ListBucket"}


def test_grants_on_each_resource_are_exactly_what_its_adapter_calls(
    functions: dict[str, dict[str, Any]], resources: dict[str, dict[str, Any]]
) -> None:
    """A new boto3 call in an adapter needs a grant (moto does not enforce IAM, so nothing
    else would notice before AWS does); a grant nothing calls any more must go."""
    grants = granted(functions, resources)
    for paths, (service, targets) in ADAPTERS.items():
        path = " + ".join(paths)
        source = "\n".join((ROOT / p).read_text(encoding="utf-8") for p in paths)
        called = {f"{service}:{OPERATIONS[op]}" for op in CALL.findall(source) if op in OPERATIONS}
        if "transact_write_items" in source:
            called |= {f"{service}:{action}Item" for action in TRANSACT.findall(source)}
        assert called, f"no {service} call found in {path}: is CALL still right?"
        allowed = {
            action for fn_grants in grants.values() for action, on in fn_grants.items()
            if action.startswith(service + ":") and {r.split("/", 1)[0] for r in on} & targets
        } - IMPLIED
        assert called <= allowed, f"{path} calls {sorted(called - allowed)}, granted to no function on {targets}"
        assert allowed <= called, f"{sorted(allowed - called)} granted on {targets}, but {path} never calls it"


# ---------------------------------------------------------------- the browser view's open routes
def api_events(functions: dict[str, dict[str, Any]]) -> list[tuple[str, str, str, bool]]:
    """(function, path, method, key required) for every API Gateway event source."""
    found = []
    for name, fn in functions.items():
        for event in fn["Properties"].get("Events", {}).values():
            if event.get("Type") == "Api":
                props = event["Properties"]
                required = props.get("Auth", {}).get("ApiKeyRequired", True)
                found.append((name, props["Path"], props["Method"].upper(), required))
    return found


def test_only_the_web_view_assets_are_served_without_the_key(
    resources: dict[str, dict[str, Any]], functions: dict[str, dict[str, Any]]
) -> None:
    from articles.webview import ASSETS

    assert resources["ArticlesApi"]["Properties"]["Auth"]["ApiKeyRequired"] is True
    events = api_events(functions)
    open_routes = {(path, method) for _, path, method, required in events if required is False}
    assert open_routes == {("/", "GET"), ("/web/{asset}", "GET")}, "only the page and its CSS/JS go without a key"
    assert ("LookupApiFunction", "/{proxy+}", "GET", True) in events, "every data route keeps the key"
    assert all(fn == "LookupApiFunction" and method == "GET" for fn, _, method, _ in events)
    # what API Gateway passes on without a key is what the function serves there: the page, and
    # the named assets (any other /web/<name> is a 404 from the function, never data)
    assert set(ASSETS) == {"app.css", "app.js"}


def test_open_routes_answer_static_files_with_their_content_types(functions: dict[str, dict[str, Any]]) -> None:
    from unittest.mock import MagicMock

    from articles.api import build_app
    from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event

    repo, index = MagicMock(), MagicMock()
    app = build_app(repo, index)
    expected = {"/": "text/html", "/web/app.css": "text/css", "/web/app.js": "text/javascript"}
    for _, path, _, required in api_events(functions):
        if required is not False:
            continue
        paths = ["/web/app.css", "/web/app.js"] if path == "/web/{asset}" else [path]
        for concrete in paths:
            resp = app.resolve(api_gateway_event("GET", concrete, {"Host": "example"}), LocalContext("api"))
            assert resp["statusCode"] == 200, concrete
            headers = {k.lower(): v for k, v in resp.get("headers", {}).items()}
            for k, values in (resp.get("multiValueHeaders") or {}).items():
                headers.setdefault(k.lower(), values[-1])
            assert headers["content-type"].split(";")[0] == expected[concrete]
            assert headers["x-content-type-options"] == "nosniff"
            assert not resp.get("isBase64Encoded"), "text: API Gateway needs no binary media type for it"
    # serving them read no data
    assert not repo.method_calls and not index.method_calls


def _capacity_targets(resources: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    """(ResourceId template, scalable dimension) of every scalable target, all conditional."""
    out = set()
    for name, res in resources.items():
        if res["Type"] != "AWS::ApplicationAutoScaling::ScalableTarget":
            continue
        props = res["Properties"]
        assert res.get("Condition") == "ProvisionedCapacity", f"{name}: only with CapacityMode=Provisioned"
        assert props["ServiceNamespace"] == "dynamodb" and "RoleARN" not in props  # service-linked role
        assert props["MinCapacity"] == {"Ref": "ProvisionedMinCapacity"}
        assert props["MaxCapacity"] == {"Ref": "ProvisionedMaxCapacity"}
        out.add((props["ResourceId"]["Fn::Sub"], props["ScalableDimension"]))
    return out


def test_capacity_mode_is_a_parameter_on_demand_by_default(template: dict[str, Any]) -> None:
    """docs/cost.md: Provisioned with auto-scaling is the recommended configuration for a steady
    feed; on demand stays the default (nothing to size)."""
    param = template["Parameters"]["CapacityMode"]
    assert param["Default"] == "OnDemand" and set(param["AllowedValues"]) == {"OnDemand", "Provisioned"}
    assert template["Conditions"]["ProvisionedCapacity"] == {"Fn::Equals": [{"Ref": "CapacityMode"}, "Provisioned"]}


def test_every_table_and_index_follows_the_capacity_mode_and_scales_reads_and_writes(
    resources: dict[str, dict[str, Any]],
) -> None:
    throughput = {"Fn::If": ["ProvisionedCapacity",
                             {"ReadCapacityUnits": {"Ref": "ProvisionedMinCapacity"},
                              "WriteCapacityUnits": {"Ref": "ProvisionedMinCapacity"}},
                             {"Ref": "AWS::NoValue"}]}
    expected = set()
    tables = {k: v for k, v in resources.items() if v["Type"] == "AWS::DynamoDB::Table"}
    assert tables
    for name, table in tables.items():
        props = table["Properties"]
        assert props["BillingMode"] == {"Fn::If": ["ProvisionedCapacity", "PROVISIONED", "PAY_PER_REQUEST"]}
        assert props["ProvisionedThroughput"] == throughput, name
        expected |= {(f"table/${{{name}}}", f"dynamodb:table:{rw}CapacityUnits") for rw in ("Read", "Write")}
        for gsi in props.get("GlobalSecondaryIndexes", []):
            assert gsi["ProvisionedThroughput"] == throughput, f"{name}.{gsi['IndexName']}"
            expected |= {(f"table/${{{name}}}/index/{gsi['IndexName']}", f"dynamodb:index:{rw}CapacityUnits")
                         for rw in ("Read", "Write")}
    assert _capacity_targets(resources) == expected
    policies = [r for r in resources.values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy"]
    assert len(policies) == len(expected)
    targeted = set()
    for policy in policies:
        props = policy["Properties"]
        assert policy.get("Condition") == "ProvisionedCapacity"
        assert props["PolicyType"] == "TargetTrackingScaling"
        config = props["TargetTrackingScalingPolicyConfiguration"]
        assert config["TargetValue"] == {"Ref": "CapacityTargetUtilization"}
        target = resources[props["ScalingTargetId"]["Ref"]]["Properties"]
        metric = config["PredefinedMetricSpecification"]["PredefinedMetricType"]
        rw = "Write" if target["ScalableDimension"].endswith("WriteCapacityUnits") else "Read"
        assert metric == f"DynamoDB{rw}CapacityUtilization"
        targeted.add(props["ScalingTargetId"]["Ref"])
    assert len(targeted) == len(expected)  # one policy per target


def test_queue_workers_take_the_batching_window_parameter(
    template: dict[str, Any], functions: dict[str, dict[str, Any]]
) -> None:
    assert template["Parameters"]["BatchingWindowSeconds"]["Default"] == 0  # invoke as messages arrive
    events = sqs_events(functions)
    assert len(events) == 3
    for name, _event, props in events:
        assert props["MaximumBatchingWindowInSeconds"] == {"Ref": "BatchingWindowSeconds"}, name
        assert props["BatchSize"] == 10, name
