"""Every error the project raises on purpose, in one module, and its HTTP mapping.

``PermanentError``: retrying cannot help (bad input). The pipeline records it on the article
(status ``failed`` or ``skipped`` with ``reason``) and acknowledges the message.
``TransientError``: retrying may help (throttling, a dependency down). The pipeline lets it
propagate so the queue redelivers the message and, after ``maxReceiveCount``, parks it in
the DLQ.
"""

from __future__ import annotations

from typing import Any


class ArticleError(Exception):
    """Base class. ``reason`` is a sentence a user understands; ``code`` a stable slug."""

    code = "error"
    http_status = 500

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentError(ArticleError):
    """Input that can never be processed; recorded as ``failed``."""

    code = "invalid_input"
    http_status = 422


class SkippedInput(PermanentError):
    """Input that is deliberately not processed (a folder marker, a test event); ``skipped``."""

    code = "skipped"


class EmptyDocument(PermanentError):
    code = "empty_document"


class UnsupportedFormat(PermanentError):
    code = "unsupported_format"


class DecodeFailure(PermanentError):
    code = "decode_failure"


class NoArticleContent(PermanentError):
    code = "no_article_content"


class DocumentTooLarge(PermanentError):
    code = "too_large"


class UnrecognisedMessage(ArticleError):
    """A queue message that is not what its queue carries (e.g. an SNS envelope or another
    service's event on the parse queue). There is no article to record it on, and acknowledging
    it would lose it silently: the record fails, is logged as a warning with this reason, and
    after ``maxReceiveCount`` deliveries the message waits in the DLQ (``articles dlq``)."""

    code = "unrecognised_message"
    http_status = 422


class TransientError(ArticleError):
    """A fault worth retrying."""

    code = "transient"
    http_status = 503


class BatchIncomplete(TransientError):
    """A DynamoDB batch call still had unprocessed keys or items after every retry
    (``articles.store.batch``). ``unprocessed`` holds them; nothing was silently dropped."""

    code = "batch_incomplete"

    def __init__(self, reason: str, *, unprocessed: list[Any]) -> None:
        super().__init__(reason)
        self.unprocessed = unprocessed


class StaleEvent(ArticleError):
    """An event older than what is already stored (S3 events arrive unordered); ignored."""

    code = "stale"
    http_status = 409


class NotFound(ArticleError):
    code = "not_found"
    http_status = 404


class BadRequest(ArticleError):
    code = "bad_request"
    http_status = 400


def http_status_of(error: BaseException) -> int:
    """The HTTP status for ``error``: its own for our errors, 500 for anything else."""
    return error.http_status if isinstance(error, ArticleError) else 500
