"""template.yaml is the single source of the resources: check what infra reads from it."""

from articles_tools.infra import Template, load_template


def template() -> Template:
    return Template(load_template())


def test_every_function_has_a_handler_module_and_its_queue() -> None:
    specs = {s.logical_id: s for s in template().functions()}
    assert specs["ParseArticleFunction"].module == "functions.parse_article.app"
    assert specs["ParseArticleFunction"].queue == "ParseQueue"
    assert specs["TagEntitiesFunction"].queue == "TagQueue"
    assert specs["FindRelatedFunction"].queue == "RelatedQueue"
    assert specs["LookupApiFunction"].api and specs["LookupApiFunction"].queue is None


def test_every_consumed_queue_has_a_dead_letter_queue() -> None:
    tpl = template()
    for spec in tpl.functions():
        if spec.queue:
            redrive = tpl.resources[spec.queue]["Properties"]["RedrivePolicy"]
            dlq = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
            assert tpl.resources[dlq]["Type"] == "AWS::SQS::Queue"


def test_environment_refs_resolve_to_local_names() -> None:
    tpl = template()
    env = tpl.environment({"ParseQueue": "http://q"})
    assert env["INBOX_BUCKET"] == "articles-inbox-bucket"
    assert env["ARTICLES_TABLE"] == "articles-articles-table"
    assert env["ARTICLE_EVENTS_TOPIC_ARN"].startswith("arn:aws:sns:us-east-1:")


def test_subscriptions_use_raw_delivery() -> None:
    subs = template().of_type("AWS::SNS::Subscription")
    assert subs and all(s["Properties"]["RawMessageDelivery"] is True for s in subs.values())


def test_tables_are_protected_and_recoverable() -> None:
    for table in template().of_type("AWS::DynamoDB::Table").values():
        props = table["Properties"]
        assert props["DeletionProtectionEnabled"] is True
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        assert props["SSESpecification"]["SSEEnabled"] is True


def test_environment_has_no_unresolved_intrinsics() -> None:
    """infra resolves Ref/GetAtt only: a Globals variable using Fn::If/Fn::Sub (conditions are not
    evaluated locally) would reach the local handlers as the text of a dict."""
    env = template().environment({"ParseQueue": "http://q"})
    assert not [k for k, v in env.items() if "Fn::" in v or "'Ref'" in v], env
