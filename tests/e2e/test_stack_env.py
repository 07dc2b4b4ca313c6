import os

from articles_tools.local.stack import EmbeddedStack


def test_the_stack_leaves_the_environment_alone() -> None:
    """The handlers get their Settings built directly: starting and stopping a stack sets no
    variable (no endpoint, no names) that another stack or boto3 client would pick up."""
    before = dict(os.environ)
    stack = EmbeddedStack(dispatch=False).start()
    try:
        assert dict(os.environ) == before
        assert stack.settings is not None and stack.settings.endpoint_url == stack.endpoint
        assert stack.settings.inbox_bucket == stack.inbox
        status, body = stack.invoke_api("/health")
        assert status == 200, body
    finally:
        stack.stop()
    assert dict(os.environ) == before
