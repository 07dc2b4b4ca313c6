from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event, sqs_record


def test_api_gateway_event_splits_path_and_query() -> None:
    event = api_gateway_event("GET", "/articles?entity=e_1&limit=5&limit=7", {"Host": "x"})
    assert event["path"] == "/articles"
    assert event["queryStringParameters"] == {"entity": "e_1", "limit": "7"}
    assert event["multiValueQueryStringParameters"]["limit"] == ["5", "7"]
    assert event["requestContext"]["stage"] == "v1"


def test_api_gateway_event_without_query_has_none() -> None:
    assert api_gateway_event("GET", "/health", {})["queryStringParameters"] is None


def test_sqs_record_has_lambda_field_names() -> None:
    message = {"MessageId": "m1", "ReceiptHandle": "r1", "Body": "{}", "MD5OfBody": "x",
               "Attributes": {"ApproximateReceiveCount": "3"},
               "MessageAttributes": {"event": {"DataType": "String", "StringValue": "article.parsed"}}}
    record = sqs_record(message, "arn:aws:sqs:us-east-1:1:q", "us-east-1")
    assert record["messageId"] == "m1" and record["receiptHandle"] == "r1"
    assert record["attributes"]["ApproximateReceiveCount"] == "3"
    assert record["messageAttributes"]["event"]["stringValue"] == "article.parsed"
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"].endswith(":q")


def test_local_context_counts_down() -> None:
    ctx = LocalContext(function_name="F", timeout_s=1.0)
    assert 0 < ctx.get_remaining_time_in_millis() <= 1000
    assert ctx.invoked_function_arn.endswith(":function:F")
