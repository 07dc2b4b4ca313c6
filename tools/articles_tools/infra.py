"""Build local resources from template.yaml, so the embedded stack, the integration tests
and AWS cannot drift apart.

Reads the SAM template (CloudFormation intrinsic tags included), creates every bucket,
table (keys, GSIs, TTL), queue (with its DLQ and ``maxReceiveCount``), topic, subscription
(raw delivery, filter policy) and bucket notification it declares on whatever endpoint
the given boto3 session points at, and says which handler consumes which queue.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from articles.config import Settings
from pydantic import AliasChoices

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
ACCOUNT = "123456789012"
NO_VALUE = object()  # what ``!Ref AWS::NoValue`` resolves to: the key is left out


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that turns ``!Ref X`` into ``{"Ref": X}`` and ``!GetAtt A.B`` into
    ``{"Fn::GetAtt": [A, B]}`` (likewise every other ``!Fn`` tag)."""


def _construct_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> Any:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: Path | None = None) -> dict[str, Any]:
    with open(path or TEMPLATE, encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.load(fh, Loader=_CfnLoader)
    return doc


def kebab(logical_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", logical_id).lower()


@dataclass
class FunctionSpec:
    logical_id: str
    module: str
    handler: str
    queue: str | None
    api: bool = False

    def create_handler(self, settings: Settings) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        """The function's handler built by its composition root (``create_handler`` in its
        ``app`` module) from ``settings``: a fresh one per call, nothing cached in the module."""
        module = importlib.import_module(self.module)
        handler: Callable[[dict[str, Any], Any], dict[str, Any]] = module.create_handler(settings)
        return handler


@dataclass
class LocalStack:
    """What :func:`provision` created: physical names by logical id, and the wiring."""

    region: str
    prefix: str
    names: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    arns: dict[str, str] = field(default_factory=dict)
    dlq_of: dict[str, str] = field(default_factory=dict)
    functions: list[FunctionSpec] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    max_receive_count: int = 5

    def queue_url(self, logical_id: str) -> str:
        return self.urls[logical_id]

    def settings(self, *, endpoint_url: str | None = None, **overrides: Any) -> Settings:
        """The functions' :class:`Settings` for these resources, built directly (no environment
        variable is set): the template's function environment resolved to the local names, in
        local mode (logs on stderr at WARNING, no tracing, no metrics output), ``endpoint_url``
        (None: boto3's default, e.g. moto's ``mock_aws``), then ``overrides`` by field name."""
        aliases: dict[str, str] = {}
        for name, info in Settings.model_fields.items():
            alias = info.validation_alias
            for choice in alias.choices if isinstance(alias, AliasChoices) else [alias]:
                if isinstance(choice, str):
                    aliases[choice] = name
        values: dict[str, Any] = {aliases[k]: v for k, v in self.env.items() if k in aliases}
        values.update(region=self.region, endpoint_url=endpoint_url, local=True, log_level="WARNING")
        values.update(overrides)
        return Settings(**values)


class Template:
    def __init__(self, doc: dict[str, Any], *, prefix: str = "articles", region: str = "us-east-1",
                 parameters: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.prefix = prefix
        self.region = region
        self.resources: dict[str, dict[str, Any]] = doc.get("Resources", {})
        declared = doc.get("Parameters", {})
        unknown = set(parameters or {}) - set(declared)
        if unknown:
            raise KeyError(f"not parameters of the template: {', '.join(sorted(unknown))}")
        self.params = {k: v.get("Default") for k, v in declared.items()} | dict(parameters or {})

    def of_type(self, type_: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v.get("Type") == type_}

    def physical_name(self, logical_id: str) -> str:
        return f"{self.prefix}-{kebab(logical_id)}"

    def arn(self, logical_id: str) -> str:
        type_ = self.resources[logical_id]["Type"]
        name = self.physical_name(logical_id)
        if type_ == "AWS::S3::Bucket":
            return f"arn:aws:s3:::{name}"
        if type_ == "AWS::SQS::Queue":
            return f"arn:aws:sqs:{self.region}:{ACCOUNT}:{name}"
        if type_ == "AWS::SNS::Topic":
            return f"arn:aws:sns:{self.region}:{ACCOUNT}:{name}"
        if type_ == "AWS::DynamoDB::Table":
            return f"arn:aws:dynamodb:{self.region}:{ACCOUNT}:table/{name}"
        raise KeyError(f"no ARN for {logical_id} ({type_})")

    def ref(self, logical_id: str, urls: dict[str, str]) -> str:
        """What ``!Ref`` gives: a bucket/table name, a queue URL, a topic ARN, a parameter."""
        if logical_id in self.params:
            return str(self.params[logical_id])
        pseudo = {"AWS::Region": self.region, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::StackName": self.prefix, "AWS::URLSuffix": "amazonaws.com",
                  "AWS::StackId": f"arn:aws:cloudformation:{self.region}:{ACCOUNT}:stack/{self.prefix}/local"}
        if logical_id in pseudo:
            return pseudo[logical_id]
        type_ = self.resources[logical_id]["Type"]
        if type_ == "AWS::SQS::Queue":
            return urls[logical_id]
        if type_ == "AWS::SNS::Topic":
            return self.arn(logical_id)
        return self.physical_name(logical_id)

    def condition(self, name: str, urls: dict[str, str]) -> bool:
        """A template condition (``Fn::Equals``, ``Fn::Not``, ``Condition``) on the defaults."""
        return self._truth(self.doc.get("Conditions", {})[name], urls)

    def _truth(self, expr: Any, urls: dict[str, str]) -> bool:
        (key, arg), = expr.items()
        if key == "Fn::Equals":
            left, right = (str(self.resolve(v, urls)) for v in arg)
            return left == right
        if key == "Fn::Not":
            return not self._truth(arg[0], urls)
        if key == "Condition":
            return self.condition(arg, urls)
        raise KeyError(f"unsupported condition {expr}")

    def resolve(self, value: Any, urls: dict[str, str]) -> Any:
        """A value with its intrinsics resolved on the parameters' defaults; a key or list
        element that resolves to ``AWS::NoValue`` is left out, as CloudFormation does."""
        if isinstance(value, dict) and len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and arg == "AWS::NoValue":
                return NO_VALUE
            if key == "Ref":
                return self.ref(arg, urls)
            if key == "Fn::If":  # a condition of the template, on the parameters' defaults
                name, then, other = arg
                return self.resolve(then if self.condition(name, urls) else other, urls)
            if key == "Fn::GetAtt":
                logical_id, attr = arg
                if attr == "Arn":
                    return self.arn(logical_id)
                if attr in ("TopicName", "QueueName"):
                    return self.physical_name(logical_id)
                raise KeyError(f"unsupported GetAtt {arg}")
        if isinstance(value, dict):
            pairs = ((k, self.resolve(v, urls)) for k, v in value.items())
            return {k: v for k, v in pairs if v is not NO_VALUE}
        if isinstance(value, list):
            return [v for v in (self.resolve(v, urls) for v in value) if v is not NO_VALUE]
        return value

    def queue_of_event(self, event: dict[str, Any]) -> str | None:
        if event.get("Type") != "SQS":
            return None
        queue = event["Properties"]["Queue"]
        return str(queue["Fn::GetAtt"][0])

    def functions(self) -> list[FunctionSpec]:
        specs = []
        for logical_id, res in self.of_type("AWS::Serverless::Function").items():
            props = res["Properties"]
            code_uri = str(props["CodeUri"]).strip("/").replace("/", ".")
            module_name, handler = str(props["Handler"]).rsplit(".", 1)
            events = props.get("Events", {}).values()
            queue = next((q for q in (self.queue_of_event(e) for e in events) if q), None)
            api = any(e.get("Type") in ("Api", "HttpApi") for e in events)
            specs.append(FunctionSpec(logical_id, f"{code_uri}.{module_name}", handler, queue, api))
        return specs

    def environment(self, urls: dict[str, str]) -> dict[str, str]:
        variables = self.doc.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
        return {k: str(self.resolve(v, urls)) for k, v in variables.items()}


def _capacity(throughput: dict[str, Any]) -> dict[str, int]:
    """ProvisionedThroughput as the API takes it (template parameters resolve to strings)."""
    return {k: int(v) for k, v in throughput.items()}


def _dlq_first(queues: dict[str, dict[str, Any]]) -> list[str]:
    has_redrive = {k for k, v in queues.items() if v.get("Properties", {}).get("RedrivePolicy")}
    return sorted(set(queues) - has_redrive) + sorted(has_redrive)


def provision(
    session: Any,
    *,
    endpoint_url: str | None = None,
    prefix: str = "articles",
    visibility_timeout: int | None = None,
    template_path: Path | None = None,
    parameters: dict[str, str] | None = None,
) -> LocalStack:
    """Create every resource of the template through ``session`` (a boto3 Session), with the
    template's parameter defaults or ``parameters`` (e.g. ``{"CapacityMode": "Provisioned"}``)."""
    region = session.region_name or "us-east-1"
    tpl = Template(load_template(template_path), prefix=prefix, region=region, parameters=parameters)
    stack = LocalStack(region=region, prefix=prefix)

    def c(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint_url)

    s3, ddb, sqs, sns = c("s3"), c("dynamodb"), c("sqs"), c("sns")

    queues = tpl.of_type("AWS::SQS::Queue")
    for logical_id in _dlq_first(queues):
        props = queues[logical_id].get("Properties", {})
        attrs: dict[str, str] = {}
        if "MessageRetentionPeriod" in props:
            attrs["MessageRetentionPeriod"] = str(props["MessageRetentionPeriod"])
        vt = visibility_timeout if visibility_timeout is not None else props.get("VisibilityTimeout")
        if vt is not None:
            attrs["VisibilityTimeout"] = str(vt)
        redrive = props.get("RedrivePolicy")
        if redrive:
            resolved = tpl.resolve(redrive, stack.urls)
            attrs["RedrivePolicy"] = json.dumps(
                {"deadLetterTargetArn": resolved["deadLetterTargetArn"],
                 "maxReceiveCount": int(resolved["maxReceiveCount"])}
            )
            stack.dlq_of[logical_id] = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
            stack.max_receive_count = int(resolved["maxReceiveCount"])
        name = tpl.physical_name(logical_id)
        stack.urls[logical_id] = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        stack.names[logical_id] = name
        stack.arns[logical_id] = tpl.arn(logical_id)

    for logical_id, res in tpl.of_type("AWS::DynamoDB::Table").items():
        props = tpl.resolve(res["Properties"], stack.urls)  # capacity follows CapacityMode
        name = tpl.physical_name(logical_id)
        kwargs: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("ProvisionedThroughput"):
            kwargs["ProvisionedThroughput"] = _capacity(props["ProvisionedThroughput"])
        if props.get("GlobalSecondaryIndexes"):
            kwargs["GlobalSecondaryIndexes"] = [
                {**gsi, "ProvisionedThroughput": _capacity(gsi["ProvisionedThroughput"])}
                if "ProvisionedThroughput" in gsi else gsi
                for gsi in props["GlobalSecondaryIndexes"]
            ]
        ddb.create_table(**kwargs)
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
            )
        stack.names[logical_id] = name

    for logical_id in tpl.of_type("AWS::SNS::Topic"):
        name = tpl.physical_name(logical_id)
        stack.arns[logical_id] = sns.create_topic(Name=name)["TopicArn"]
        stack.names[logical_id] = name

    for res in tpl.of_type("AWS::SNS::Subscription").values():
        props = tpl.resolve(res["Properties"], stack.urls)
        attributes = {}
        if props.get("RawMessageDelivery"):
            attributes["RawMessageDelivery"] = "true"
        if props.get("FilterPolicy"):
            attributes["FilterPolicy"] = json.dumps(props["FilterPolicy"])
            if props.get("FilterPolicyScope"):
                attributes["FilterPolicyScope"] = props["FilterPolicyScope"]
        sns.subscribe(
            TopicArn=props["TopicArn"], Protocol=props["Protocol"], Endpoint=props["Endpoint"],
            Attributes=attributes,
        )

    for logical_id, res in tpl.of_type("AWS::S3::Bucket").items():
        name = tpl.physical_name(logical_id)
        if region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
        stack.names[logical_id] = name
        stack.arns[logical_id] = tpl.arn(logical_id)
        # VersioningConfiguration is not applied: moto (5.2) sends no ObjectRemoved notification
        # when a delete on a versioned bucket creates a delete marker, which AWS does. Unversioned,
        # the pipeline orders overwrites by ETag instead of VersionId (see ParseStage).
        notification = res.get("Properties", {}).get("NotificationConfiguration")
        if notification:
            config = tpl.resolve(notification, stack.urls)
            queue_configs = [
                {"QueueArn": qc["Queue"], "Events": [qc["Event"]],
                 **({"Filter": qc["Filter"]} if "Filter" in qc else {})}
                for qc in config.get("QueueConfigurations", [])
            ]
            s3.put_bucket_notification_configuration(
                Bucket=name, NotificationConfiguration={"QueueConfigurations": queue_configs}
            )

    stack.functions = tpl.functions()
    stack.env = {"MAX_RECEIVE_COUNT": str(stack.max_receive_count), **tpl.environment(stack.urls)}
    return stack
