"""SNS adapter: publishes small reference messages (never article bodies)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from articles.errors import TransientError
from articles.models import ArticleParsed, ArticleRemoved

PARSED = "article.parsed"
REMOVED = "article.removed"


class Publisher:
    def __init__(self, sns: Any, topic_arn: str) -> None:
        self.sns = sns
        self.topic_arn = topic_arn

    def _publish(self, event: str, body: str) -> None:
        try:
            self.sns.publish(
                TopicArn=self.topic_arn,
                Message=body,
                MessageAttributes={"event": {"DataType": "String", "StringValue": event}},
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "unknown error")
            raise TransientError(f"could not publish {event}: {code}") from exc

    def article_parsed(self, message: ArticleParsed) -> None:
        self._publish(PARSED, message.model_dump_json())

    def article_removed(self, article_id: str) -> None:
        self._publish(REMOVED, ArticleRemoved(article_id=article_id).model_dump_json())
