"""ArticleRepository takes its clock injected: every timestamp it writes comes from it."""

from __future__ import annotations

from articles.models import ParsedArticle, StageStatus
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack


class Ticks:
    """A clock that moves one minute per reading."""

    def __init__(self) -> None:
        self.minute = 0

    def __call__(self) -> str:
        self.minute += 1
        return f"2031-02-03T04:{self.minute:02d}:00.000Z"


def test_timestamps_come_from_the_injected_clock(moto_stack: MotoStack) -> None:
    clock = Ticks()
    repo = ArticleRepository(moto_stack.table(), clock=clock)
    undated = ParsedArticle(title="Undated brief", body="Talks in Tunis on Sunday.")
    repo.put_article("a_clock0001", undated, bucket="in", key="brief.txt", parsed_key="p/a_clock0001.json")
    item = repo.get_article_item("a_clock0001")
    assert item is not None
    assert item["created_at"] == item["updated_at"] == "2031-02-03T04:01:00.000Z"
    assert item["gsi1sk"].startswith("2031-02-03T04:01:00.000Z#")  # an undated article orders by it

    repo.put_article("a_clock0001", undated, bucket="in", key="brief.txt", parsed_key="p/a_clock0001.json")
    item = repo.get_article_item("a_clock0001")
    assert (item["created_at"], item["updated_at"]) == ("2031-02-03T04:01:00.000Z", "2031-02-03T04:02:00.000Z")

    repo.set_stage("a_clock0001", "tag", StageStatus(state="ok", at="2031-02-03T04:03:00.000Z"))
    assert repo.get_article_item("a_clock0001")["updated_at"] == "2031-02-03T04:03:00.000Z"

    repo.record_failure("a_clock0002", bucket="in", key="bad.bin", state="failed", reason="unreadable")
    failed = repo.get_article_item("a_clock0002")
    assert failed["created_at"] == "2031-02-03T04:04:00.000Z"
    assert failed["stages"]["parse"]["at"] == "2031-02-03T04:04:00.000Z"
