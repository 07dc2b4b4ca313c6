"""The related-articles index against moto's DynamoDB, tables built from template.yaml."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from articles.errors import TransientError
from articles.related.weights import Tuning
from articles.store.batch import BATCH_WRITE_MAX, Retry
from articles.store.index import RelatedIndex
from articles.store.index_items import decode_doc, decode_freq, decode_sample, doc_key
from articles_tools.infra import provision
from botocore.exceptions import ClientError
from moto import mock_aws

from tests.unit.related.texts import (
    MINISTER_1,
    MINISTER_2,
    PRYCE_1,
    PRYCE_2,
    QUAKE_2,
    QUILL_1,
    QUILL_2,
    QUILL_3,
    QUILL_COPY,
    STORIES,
)


@pytest.fixture
def table() -> Iterator[Any]:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        stack = provision(session)
        yield session.resource("dynamodb").Table(stack.names["IndexTable"])


def all_items(table: Any) -> list[dict[str, Any]]:
    """Every item (a Scan is fine in a test; the index itself never scans)."""
    resp = table.scan()
    items: list[dict[str, Any]] = resp["Items"]
    while "LastEvaluatedKey" in resp:
        resp = table.scan(ExclusiveStartKey=resp["LastEvaluatedKey"])
        items += resp["Items"]
    return items


def comparable(items: list[dict[str, Any]]) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Items without their timestamps, for before/after comparisons."""
    out = []
    for item in items:
        body = {k: v for k, v in item.items() if k not in ("pk", "sk", "at")}
        flat = repr(sorted(body.items(), key=lambda kv: kv[0]))
        out.append((item["pk"], item["sk"], tuple(sorted(body)), flat))
    return sorted(out)


def postings_of(table: Any, article_id: str) -> list[str]:
    """Terms whose item holds a posting of ``article_id``."""
    attr = f"p:{article_id}"
    return sorted(i["pk"][2:] for i in all_items(table) if i["pk"].startswith("T#") and attr in i)


def load(index: RelatedIndex, keys: list[str] | None = None) -> None:
    for n, key in enumerate(keys or list(STORIES)):
        title, body = STORIES[key]
        index.upsert(key, title=title, body=body, published=f"2024-05-{n + 1:02d}T10:00:00Z")


def test_upsert_query_related_of_remove(table: Any) -> None:
    index = RelatedIndex(table, top_k=5)
    assert index.upsert("quill-1", title=QUILL_1[0], body=QUILL_1[1]) == []  # nothing yet
    links = index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1])
    assert [link.id for link in links] == ["quill-1"]
    assert links[0].title == QUILL_1[0] and links[0].reasons
    load(index, ["pryce-1", "quake-1", "minister-1"])

    found = index.query(title=QUILL_3[0], body=QUILL_3[1], n=3)
    assert [link.id for link in found[:2]] in (["quill-1", "quill-2"], ["quill-2", "quill-1"])
    assert "quill-3" not in {link.id for link in found}
    assert index.query(title=QUILL_2[0], body=QUILL_2[1], exclude="quill-2")[0].id == "quill-1"
    assert all(link.id != "quill-1" for link in index.query(title=None, body=QUILL_1[1], exclude="quill-1"))

    stored = index.related_of("quill-1")
    assert stored[0].id == "quill-2"  # learned symmetrically
    assert stored[0].title == QUILL_2[0]
    weaker = {link.id: link.score for link in stored[1:]}
    assert set(weaker) <= {"pryce-1"} and all(s < stored[0].score / 2 for s in weaker.values())
    assert any(r.startswith("same names: ") and "quill" in r for r in stored[0].reasons)
    assert index.related_of("no-such-article") == []

    index.remove("quill-2")
    assert "quill-2" not in {link.id for link in index.related_of("quill-1")}
    assert postings_of(table, "quill-2") == []
    assert not [i for i in all_items(table) if i["pk"] == "A#quill-2"]
    assert all(link.id != "quill-2" for link in index.query(title=QUILL_3[0], body=QUILL_3[1]))
    index.remove("quill-2")  # removing twice is harmless


def test_symmetric_updates_keep_older_lists_bounded(table: Any) -> None:
    index = RelatedIndex(table, top_k=2)
    load(index, ["quill-1", "quill-2", "pryce-1", "quake-1"])
    assert [link.id for link in index.related_of("quill-1")][:1] == ["quill-2"]
    index.upsert("quill-3", title=QUILL_3[0], body=QUILL_3[1])
    index.upsert("quill-copy", title=QUILL_COPY[0], body=QUILL_COPY[1])
    first = index.related_of("quill-1")
    assert len(first) == 2
    assert first[0].id == "quill-copy"  # the republished copy is the strongest link
    assert "pryce-1" not in {link.id for link in first}  # pushed out by same-story links
    rel = table.get_item(Key={"pk": "A#quill-1", "sk": "REL"})["Item"]
    assert len([k for k in rel if k.startswith("l:")]) == 2  # bounded top-k in storage too
    scores = [link.score for link in first]
    assert scores == sorted(scores, reverse=True)


def test_weak_links_are_not_pushed_into_older_lists(table: Any) -> None:
    index = RelatedIndex(table, tuning=Tuning(symmetric_min_score=0.99))
    load(index, ["quill-1"])
    links = index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1])
    assert [link.id for link in links] == ["quill-1"]  # its own list has the link
    assert index.related_of("quill-1") == []  # below the floor: no write into the older list
    assert index.stats.write_units_by_item.get("rel-symmetric", 0) == 0


def test_reupsert_of_the_same_article_is_idempotent(table: Any) -> None:
    index = RelatedIndex(table)
    load(index, ["quill-1", "quill-2", "pryce-1"])
    before = comparable(all_items(table))
    again = index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1], published="2024-05-02T10:00:00Z")
    assert comparable(all_items(table)) == before
    assert [link.id for link in again] == ["quill-1"]
    writes = index.stats.by_method["upsert"].items_written
    index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1], published="2024-05-02T10:00:00Z")
    assert index.stats.by_method["upsert"].items_written == writes  # no writes at all


def test_retried_upsert_after_a_crash_counts_terms_once(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    index = RelatedIndex(table)
    load(index, ["quill-1", "pryce-1"])
    # a crash before the DOC item is written (postings and lists done), then the retry
    with monkeypatch.context() as m:
        m.setattr(index, "_put_doc", lambda rec: (_ for _ in ()).throw(RuntimeError("crash")))
        with pytest.raises(RuntimeError):
            index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1])
    index.upsert("quill-2", title=QUILL_2[0], body=QUILL_2[1])
    items = all_items(table)
    # every posting counted once
    for item in (i for i in items if i["pk"].startswith("T#")):
        assert int(item.get("k", 0)) == len([a for a in item if a.startswith("p:")]), item["pk"]
    # the df sample and the corpus size: each indexed article (all sampled at this size) once
    docs = [decode_doc(i["pk"][2:], i) for i in items if i["sk"] == "DOC"]
    expected = Counter(term for d in docs for term in d.bag)
    sample = next(i for i in items if i["pk"] == "META" and i["sk"] == "SAMPLE")
    assert sorted(d.article_id for d in docs) == ["pryce-1", "quill-1", "quill-2"]
    assert decode_sample(sample)[0] == expected
    assert index._load_meta()[0] == 3


def test_overwrite_replaces_postings_and_links(table: Any) -> None:
    index = RelatedIndex(table)
    load(index, ["quill-1", "quill-2", "pryce-1", "quake-1"])
    old_terms = postings_of(table, "quill-2")
    assert "seabright" in old_terms
    counts = {i["pk"]: int(i.get("k", 0)) for i in all_items(table) if i["pk"].startswith("T#")}

    # the article is replaced by a different text: an earthquake report
    links = index.upsert("quill-2", title=QUAKE_2[0], body=QUAKE_2[1])
    assert [link.id for link in links][:1] == ["quake-1"]
    new_terms = postings_of(table, "quill-2")
    assert "seabright" not in new_terms and "keldam" in new_terms
    after = {i["pk"]: int(i.get("k", 0)) for i in all_items(table) if i["pk"].startswith("T#")}
    for term in set(old_terms) - set(new_terms):
        assert after[f"T#{term}"] == counts[f"T#{term}"] - 1  # no stale count
    assert "quill-2" not in {link.id for link in index.related_of("quill-1")}  # nor stale link
    assert "quill-2" in {link.id for link in index.related_of("quake-1")}
    assert [i["sk"] for i in all_items(table) if i["pk"] == "A#quill-2"] == ["DOC", "REL"]


def test_near_duplicates_are_reported(table: Any) -> None:
    index = RelatedIndex(table)
    load(index, ["quill-1", "quill-2", "pryce-1"])
    links = index.upsert("quill-copy", title=QUILL_COPY[0], body=QUILL_COPY[1])
    assert links[0].id == "quill-1" and links[0].near_duplicate
    assert links[0].reasons[0].startswith("near-duplicate (shingle similarity ")
    assert not any(link.near_duplicate for link in links[1:])
    back = index.related_of("quill-1")[0]
    assert back.id == "quill-copy" and back.near_duplicate


def test_same_story_ranks_above_same_topic(table: Any) -> None:
    index = RelatedIndex(table)
    load(index)  # both rehab stories, a quake, a minister
    for query, story in ((QUILL_3, "quill"), (PRYCE_2, "pryce")):
        ranked = [link.id for link in index.query(title=query[0], body=query[1], n=4)]
        same = [i for i in ranked if i.startswith(story)]
        other_rehab = [i for i in ranked if i.startswith(("quill", "pryce")) and not i.startswith(story)]
        assert same and ranked[: len(same)] == same  # every same-story link first
        if other_rehab:
            assert ranked.index(other_rehab[0]) > ranked.index(same[-1])


def test_postings_per_term_are_bounded_newest_kept(table: Any) -> None:
    index = RelatedIndex(table, tuning=Tuning(postings_cap=5, postings_slack=2))
    for day in range(1, 21):
        body = f"Keldam harbour report number {day}: the Keldam harbour reopened for ships on day {day}."
        index.upsert(f"h{day:02d}", title=None, body=body, published=f"2024-06-{day:02d}T00:00:00Z")
        item = table.get_item(Key={"pk": "T#keldam", "sk": "T"})["Item"]
        assert len([k for k in item if k.startswith("p:")]) <= 7
    kept = sorted(k[2:] for k in item if k.startswith("p:"))
    assert kept == sorted(kept)[-len(kept):] and "h20" in kept and "h01" not in kept
    assert int(item["k"]) == 20  # the count still sees every article


def test_stop_terms_are_not_posted(table: Any) -> None:
    index = RelatedIndex(table, tuning=Tuning(stop_min_docs=4, stop_ratio=0.5))
    for i in range(8):
        index.upsert(f"s{i}", title=None, body=f"Varnia officials met. Topic number w{i}x w{i}y w{i}z.")
    item = table.get_item(Key={"pk": "T#varnia", "sk": "T"})["Item"]
    assert len([k for k in item if k.startswith("p:")]) < 8  # it stopped collecting postings


def test_corpus_counter_and_frequent_table(table: Any) -> None:
    index = RelatedIndex(table, tuning=Tuning(freq_min=2))
    load(index)
    meta = table.get_item(Key={"pk": "META", "sk": "STATS"})["Item"]
    size = table.get_item(Key={"pk": "META", "sk": "N"})["Item"]
    assert int(size["n"]) == len(STORIES)  # exact while the sample rate is 1
    assert "n" not in meta  # the large STATS item is not rewritten for every count

    freq = decode_freq(bytes(meta["f"].value))
    assert freq["quill"] >= 3 and freq["keldam"] >= 2

    def sample() -> dict[str, float]:
        return decode_sample(table.get_item(Key={"pk": "META", "sk": "SAMPLE"}, ConsistentRead=True)["Item"])[0]

    def bag(article_id: str) -> set[str]:
        return set(decode_doc(article_id, table.get_item(Key=doc_key(article_id))["Item"]).bag)

    before, gone = sample(), bag("quill-3")
    index.remove("quill-3")
    assert int(table.get_item(Key={"pk": "META", "sk": "N"})["Item"]["n"]) == len(STORIES) - 1
    after = sample()  # its terms counted once less, the others untouched
    assert {t: after.get(t, 0.0) for t in before} == {t: before[t] - (t in gone) for t in before}


def test_corpus_size_counted_before_the_split_item_still_counts(table: Any) -> None:
    """A table written when the count lived in META/STATS: the two counts add up, and the
    index keeps counting in META/N (no migration step)."""
    table.put_item(Item={"pk": "META", "sk": "STATS", "n": 100})
    index = RelatedIndex(table)
    assert index._load_meta()[0] == 100
    index.upsert("quill-1", title=QUILL_1[0], body=QUILL_1[1])
    assert index._load_meta()[0] == 101
    assert int(table.get_item(Key={"pk": "META", "sk": "STATS"})["Item"]["n"]) == 100
    assert int(table.get_item(Key={"pk": "META", "sk": "N"})["Item"]["n"]) == 1


def test_query_reads_are_bounded(table: Any) -> None:
    index = RelatedIndex(table)
    load(index)
    for i in range(40):
        body = f"Keldam harbour and Varnia ferry news {i}: officials in Keldam inspected ferry {i}."
        index.upsert(f"f{i}", title=None, body=body)
    index.stats.reset()
    for title, body in (QUILL_3, PRYCE_2, MINISTER_2, QUAKE_2):
        index.query(title=title, body=body)
    per = index.stats.per_call("query")
    assert per["items_read"] <= index.tuning.read_budget
    assert per["items_written"] == 0
    assert index.stats.operations.get("Scan", 0) == 0
    assert set(index.stats.operations) <= {"BatchGetItem", "Query"}


def test_batch_writes_are_chunked_to_25(table: Any) -> None:
    index = RelatedIndex(table)
    sizes: list[int] = []

    def spy(params: dict[str, Any], **_: Any) -> None:
        sizes.extend(len(reqs) for reqs in params["RequestItems"].values())

    index.client.meta.events.register("provide-client-params.dynamodb.BatchWriteItem", spy)
    requests = [{"PutRequest": {"Item": {"pk": f"X#{i}", "sk": "x", "v": i}}} for i in range(60)]
    index.db.batch_write(requests)
    assert sizes == [25, 25, 10] and max(sizes) <= BATCH_WRITE_MAX
    assert len([i for i in all_items(table) if i["pk"].startswith("X#")]) == 60


def test_unprocessed_batch_items_are_retried(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    index = RelatedIndex(table, retry=Retry(sleep=lambda _s: None))
    real = index.client.batch_write_item
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Any:
        reqs = kwargs["RequestItems"][table.name]
        calls.append(len(reqs))
        if len(calls) == 1:  # AWS may hand part of a batch back
            real(RequestItems={table.name: reqs[:3]})
            return {"UnprocessedItems": {table.name: reqs[3:]}}
        return real(**kwargs)

    monkeypatch.setattr(index.client, "batch_write_item", flaky)
    index.db.batch_write([{"PutRequest": {"Item": {"pk": f"Y#{i}", "sk": "y"}}} for i in range(5)])
    assert calls == [5, 2]
    assert len([i for i in all_items(table) if i["pk"].startswith("Y#")]) == 5


def test_throttling_becomes_a_transient_error(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    index = RelatedIndex(table, retry=Retry(sleep=lambda _s: None))

    def throttled(**_: Any) -> Any:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "BatchGetItem")

    monkeypatch.setattr(index.client, "batch_get_item", throttled)
    with pytest.raises(TransientError):
        index.query(title=QUILL_1[0], body=QUILL_1[1])


def test_stats_count_calls_and_items(table: Any) -> None:
    index = RelatedIndex(table)
    index.upsert("quill-1", title=QUILL_1[0], body=QUILL_1[1])
    index.upsert("minister-2", title=MINISTER_2[0], body=MINISTER_2[1])
    snap = index.stats.snapshot()
    assert snap["invocations"] == {"upsert": 2}
    assert snap["items_written"] > 0 and snap["write_units"] >= snap["items_written"]
    assert snap["calls"] == sum(snap["operations"].values())
    assert snap["per_call"]["upsert"]["items_written"] == snap["items_written"] / 2
    assert PRYCE_1 and MINISTER_1  # fixtures in use elsewhere


def test_two_articles_indexed_at_the_same_time_still_link(table: Any) -> None:
    """Two same-story articles upserted concurrently (two Lambda instances), in lockstep: each
    searches before the other has written anything. Neither may end up blind to the other."""
    import threading

    load(RelatedIndex(table))  # some corpus around them
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    class Lockstep(RelatedIndex):
        searched = False

        def _search(self, *args: Any, **kwargs: Any) -> Any:
            found = super()._search(*args, **kwargs)
            if not self.searched:  # both first searches done before either writes
                self.searched = True
                barrier.wait()
            return found

    def run(article_id: str, text: tuple[str, str]) -> None:
        try:
            Lockstep(boto3.resource("dynamodb", region_name="us-east-1").Table(table.name)).upsert(
                article_id, title=text[0], body=text[1])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=("late-quill-1", QUILL_1)),
               threading.Thread(target=run, args=("late-quill-2", QUILL_2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    index = RelatedIndex(table)
    assert "late-quill-2" in {link.id for link in index.related_of("late-quill-1")}
    assert "late-quill-1" in {link.id for link in index.related_of("late-quill-2")}


def test_df_sample_keeps_both_of_two_racing_writers(table: Any) -> None:
    """Two sampled upserts moving the sample at once: the one whose conditional write loses
    reads again and applies its counts on top of the winner's (nothing lost, nothing doubled)."""
    index, other = RelatedIndex(table), RelatedIndex(table)
    original = index.db.update
    raced: list[bool] = []

    def update(kwargs: dict[str, Any], size_hint: int, kind: str | None = None) -> Any:
        if kind == "df-sample" and not raced:  # the other writer gets in between read and write
            raced.append(True)
            other._update_sample({"keldam": 1.0, "varnia": 1.0})
        return original(kwargs, size_hint, kind)

    index.db.update = update  # type: ignore[method-assign]
    counts = index._update_sample({"keldam": 1.0, "quill": 1.0})
    assert raced and counts == {"keldam": 2.0, "quill": 1.0}
    item = table.get_item(Key={"pk": "META", "sk": "SAMPLE"}, ConsistentRead=True)["Item"]
    assert decode_sample(item)[0] == {"keldam": 2.0, "quill": 1.0, "varnia": 1.0}
    assert decode_sample(item)[1] == 2  # two writes, one version each


def test_df_sample_is_bounded_rarest_terms_first(table: Any) -> None:
    index = RelatedIndex(table, tuning=Tuning(sample_terms_max=8))
    index._update_sample({f"rare{i}": 1.0 for i in range(6)} | {"common": 5.0, "usual": 3.0})
    counts = index._update_sample({"late1": 1.0, "late2": 1.0, "common": 1.0})
    assert counts["common"] == 6.0
    item = table.get_item(Key={"pk": "META", "sk": "SAMPLE"}, ConsistentRead=True)["Item"]
    kept = decode_sample(item)[0]
    assert len(kept) == 7 and kept["common"] == 6.0 and kept["usual"] == 3.0  # 10 > 8: cut to 7/8
