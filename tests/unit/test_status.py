from articles.ids import article_id
from articles.status import first_error, overall_status
from articles.store.batch import chunks


def stage(state: str, error: str | None = None) -> dict[str, str | None]:
    return {"state": state, "error": error}


def test_overall_status() -> None:
    assert overall_status({"parse": stage("ok"), "tag": stage("ok"), "related": stage("ok")}) == "ok"
    assert overall_status({"parse": stage("ok"), "tag": stage("pending"), "related": stage("ok")}) == "processing"
    assert overall_status({"parse": stage("ok"), "tag": stage("failed", "x"), "related": stage("ok")}) == "failed"
    assert overall_status({"parse": stage("skipped", "folder"), "tag": stage("skipped"),
                           "related": stage("skipped")}) == "skipped"


def test_first_error_names_the_stage() -> None:
    stages = {"parse": stage("ok"), "tag": stage("failed", "model crashed"), "related": stage("ok")}
    assert first_error(stages) == "tag: model crashed"


def test_chunks() -> None:
    assert [len(c) for c in chunks(list(range(60)), 25)] == [25, 25, 10]


def test_article_ids_are_deterministic_and_distinct() -> None:
    assert article_id("b", "k") == article_id("b", "k")
    assert article_id("b", "k") != article_id("b", "k2")
    assert article_id("b", "k", 2).startswith(article_id("b", "k") + "_")
