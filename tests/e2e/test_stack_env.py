import os

from articles_tools.local.stack import EmbeddedStack


def test_stopping_the_stack_restores_the_environment() -> None:
    before = os.environ.get("AWS_ENDPOINT_URL")
    stack = EmbeddedStack(dispatch=False).start()
    assert os.environ["AWS_ENDPOINT_URL"] == stack.endpoint
    stack.stop()
    assert os.environ.get("AWS_ENDPOINT_URL") == before
