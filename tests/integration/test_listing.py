"""GET /articles: newest first, date range, section and language filters, cursor pages — on the
template-built table in moto, through the real LookupApi handler."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from articles.models import Entity, Mention, ParsedArticle
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack

# (id suffix, published, section, language); days 2024-03-02 and 2024-03-04 have no article
ROWS = [
    ("01", "2024-03-01", "Politics", "en"),
    ("02", "2024-03-01T09:30:00+00:00", "Economy", "en"),
    ("03", "2024-03-03", "Politics", "ar"),
    ("04", "2024-03-03T18:00:00+00:00", "Politics", "en"),
    ("05", "2024-03-05", "Sport", "en"),
    ("06", "2024-03-05T07:00:00+00:00", "Politics", "fr"),
    ("07", "2024-03-05T23:59:00+00:00", "Economy", "en"),
    ("08", "2024-03-06", "Politics", "en"),
]
ENTITY = Entity(id="e_test0000shoukry", name="Sameh Shoukry", type="PER",
                mentions=[Mention(start=0, end=13, text="Sameh Shoukry")])
WITH_ENTITY = {"02", "03", "05", "06", "08"}


def _seed(stack: MotoStack) -> ArticleRepository:
    repo = ArticleRepository(stack.table())
    for suffix, published, section, language in ROWS:
        aid = f"a_list{suffix}"
        article = ParsedArticle(title=f"Article {suffix}", body=f"Body {suffix}", published=published,
                                section=section, language=language, content_hash=f"h{suffix}")
        repo.put_article(aid, article, bucket="inbox", key=f"{suffix}.txt", parsed_key=f"parsed/{aid}.json")
        if suffix in WITH_ENTITY:
            repo.replace_entities(aid, [ENTITY], published=published, section=section, language=language)
    return repo


def _all(stack: MotoStack, **query: Any) -> tuple[list[str], int]:
    """Every id the listing yields, following cursors; and the number of pages."""
    ids: list[str] = []
    pages = 0
    cursor = None
    while True:
        params = {**query, **({"cursor": cursor} if cursor else {})}
        status, doc = stack.api("/articles?" + urlencode(params))
        assert status == 200, doc
        pages += 1
        ids += [item["id"].removeprefix("a_list") for item in doc["items"]]
        cursor = doc["next"]
        if not cursor:
            return ids, pages
        assert pages < 50, "pagination does not end"


def _newest_first(suffixes: set[str]) -> list[str]:
    rows = sorted((r for r in ROWS if r[0] in suffixes), key=lambda r: r[1], reverse=True)
    return [r[0] for r in rows]


@pytest.fixture
def seeded(moto_stack: MotoStack) -> MotoStack:
    _seed(moto_stack)
    return moto_stack


def test_all_articles_newest_first_across_days(seeded: MotoStack) -> None:
    ids, _ = _all(seeded)
    assert ids == _newest_first({r[0] for r in ROWS})


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_pages_cover_everything_once_in_order(seeded: MotoStack, limit: int) -> None:
    ids, pages = _all(seeded, limit=limit)
    assert ids == _newest_first({r[0] for r in ROWS})
    assert pages >= len(ROWS) // limit


def test_date_range_is_inclusive_and_skips_empty_days(seeded: MotoStack) -> None:
    ids, _ = _all(seeded, **{"from": "2024-03-02", "to": "2024-03-05"})
    assert ids == _newest_first({"03", "04", "05", "06", "07"})
    assert _all(seeded, day="2024-03-03")[0] == _newest_first({"03", "04"})
    assert _all(seeded, day="2024-03-04")[0] == []
    assert _all(seeded, **{"from": "2024-03-06"})[0] == ["08"]
    assert _all(seeded, to="2024-03-01")[0] == _newest_first({"01", "02"})


def test_section_and_language_filters(seeded: MotoStack) -> None:
    assert _all(seeded, section="Politics")[0] == _newest_first({"01", "03", "04", "06", "08"})
    assert _all(seeded, section="Politics", language="en")[0] == _newest_first({"01", "04", "08"})
    # filtered pages still add up to the whole answer, whatever the page size
    assert _all(seeded, section="Politics", language="en", limit=1)[0] == _newest_first({"01", "04", "08"})
    assert _all(seeded, language="ar", **{"from": "2024-03-03", "to": "2024-03-03"})[0] == ["03"]


def test_by_entity_with_dates_and_filters(seeded: MotoStack) -> None:
    eid = ENTITY.id
    assert _all(seeded, entity=eid)[0] == _newest_first(WITH_ENTITY)
    assert _all(seeded, entity=eid, limit=2)[0] == _newest_first(WITH_ENTITY)
    assert _all(seeded, entity=eid, **{"from": "2024-03-03", "to": "2024-03-05"})[0] == \
        _newest_first({"03", "05", "06"})
    assert _all(seeded, entity=eid, section="Politics", language="en")[0] == ["08"]
    status, doc = seeded.api(f"/entities/{eid}/articles?limit=2")
    assert status == 200 and [i["id"].removeprefix("a_list") for i in doc["items"]] == \
        _newest_first(WITH_ENTITY)[:2]


def test_items_are_summaries_with_status(seeded: MotoStack) -> None:
    status, doc = seeded.api("/articles?limit=1")
    assert status == 200
    (item,) = doc["items"]
    assert item["id"] == "a_list08" and item["title"] == "Article 08" and item["status"] == "processing"
    assert "body" not in item and "pk" not in item


@pytest.mark.parametrize("query, problem", [
    ({"from": "2024-03-05", "to": "2024-03-01"}, "after"),
    ({"from": "2024-02-30"}, "not a real date"),
    ({"day": "2024-03-01", "from": "2024-03-01"}, "either day or from/to"),
])
def test_bad_ranges_are_400s(seeded: MotoStack, query: dict[str, str], problem: str) -> None:
    status, doc = seeded.api("/articles?" + urlencode(query))
    assert status == 400 and problem in doc["message"]


def test_malformed_parameters_are_422s(seeded: MotoStack) -> None:
    for query in ({"from": "March 1"}, {"language": "English"}, {"limit": "0"}, {"limit": "101"}):
        status, _ = seeded.api("/articles?" + urlencode(query))
        assert status == 422, query


def test_cursor_is_bound_to_its_query(seeded: MotoStack) -> None:
    status, doc = seeded.api("/articles?" + urlencode({"section": "Politics", "limit": 1}))
    assert status == 200 and doc["next"]
    status, doc = seeded.api("/articles?" + urlencode({"section": "Economy", "limit": 1, "cursor": doc["next"]}))
    assert status == 400 and "cursor" in doc["message"]


def test_failed_articles_are_listed_on_the_day_they_arrived(seeded: MotoStack) -> None:
    repo = ArticleRepository(seeded.table())
    repo.record_failure("a_listbad", bucket="inbox", key="bad.bin", state="failed", reason="binary file")
    status, doc = seeded.api("/articles?limit=1")
    assert status == 200
    assert doc["items"][0]["id"] == "a_listbad" and doc["items"][0]["status"] == "failed"
    assert doc["items"][0]["error"] == "parse: binary file"


def test_listing_orders_by_the_instant_not_the_local_clock(moto_stack: MotoStack) -> None:
    # 09:00 in India (03:30 UTC) is earlier than 04:00 in London the same day
    repo = ArticleRepository(moto_stack.table())
    for suffix, published in (("in", "2024-03-07T09:00:00+05:30"), ("uk", "2024-03-07T04:00:00+00:00")):
        article = ParsedArticle(title=suffix, body=f"Body {suffix}", published=published, content_hash=f"z{suffix}")
        repo.put_article(f"a_zone{suffix}", article, bucket="inbox", key=f"{suffix}.txt", parsed_key=f"p/{suffix}")
        repo.replace_entities(f"a_zone{suffix}", [ENTITY], published=published)
    status, doc = moto_stack.api("/articles?day=2024-03-07")
    assert status == 200 and [i["id"] for i in doc["items"]] == ["a_zoneuk", "a_zonein"]
    status, doc = moto_stack.api(f"/entities/{ENTITY.id}/articles")
    assert status == 200 and [i["id"] for i in doc["items"]] == ["a_zoneuk", "a_zonein"]


def _put(repo: ArticleRepository, suffix: str, published: str, language: str) -> None:
    article = ParsedArticle(title=f"Article {suffix}", body=f"Body {suffix}", published=published,
                            language=language, content_hash=f"h{suffix}")
    repo.put_article(f"a_list{suffix}", article, bucket="inbox", key=f"{suffix}.txt",
                     parsed_key=f"parsed/a_list{suffix}.json")


def test_a_rare_filter_match_fills_the_first_page(moto_stack: MotoStack) -> None:
    """One Korean article under 40 newer English ones of the same day: ?language=ko finds it on
    the first page (not an empty page with a cursor), and pages of two hold two."""
    repo = ArticleRepository(moto_stack.table())
    _put(repo, "ko1", "2024-05-01T00:00:00+00:00", "ko")
    _put(repo, "ko2", "2024-05-01T00:00:01+00:00", "ko")
    for i in range(40):
        _put(repo, f"en{i:02d}", f"2024-05-01T01:{i // 60:02d}:{i % 60:02d}+00:00", "en")
    status, doc = moto_stack.api("/articles?language=ko&limit=1")
    assert status == 200 and [i["id"] for i in doc["items"]] == ["a_listko2"] and doc["partial"] is False
    status, doc = moto_stack.api("/articles?" + urlencode({"language": "ko", "limit": 1, "cursor": doc["next"]}))
    assert [i["id"] for i in doc["items"]] == ["a_listko1"]  # resumes right after the item kept
    status, doc = moto_stack.api("/articles?language=ko&limit=2")
    assert [i["id"] for i in doc["items"]] == ["a_listko2", "a_listko1"]
    assert _all(moto_stack, language="en", limit=7)[0] == [f"en{i:02d}" for i in reversed(range(40))]


def test_a_listing_that_runs_out_of_budget_says_so(moto_stack: MotoStack) -> None:
    """A match behind more days than one page may read: the page is partial, its cursor goes on."""
    repo = ArticleRepository(moto_stack.table())
    _put(repo, "old", "2023-01-01", "ko")
    for day in range(1, 36):  # 35 newer days with one English article each (a page reads ~28)
        _put(repo, f"d{day:02d}", f"2023-03-{day:02d}" if day <= 31 else f"2023-04-{day - 31:02d}", "en")
    status, doc = moto_stack.api("/articles?language=ko&limit=5")
    assert status == 200 and doc["items"] == [] and doc["next"] and doc["partial"] is True
    ids, pages = _all(moto_stack, language="ko", limit=5)
    assert ids == ["old"] and pages > 1
    status, doc = moto_stack.api("/articles?limit=5")  # unfiltered pages are full, never partial
    assert len(doc["items"]) == 5 and doc["partial"] is False


def test_entity_by_name_as_well_as_id(seeded: MotoStack) -> None:
    by_id = _all(seeded, entity=ENTITY.id)[0]
    assert by_id and _all(seeded, entity="Sameh Shoukry")[0] == by_id
    assert _all(seeded, entity="Shoukri")[0] == by_id  # another transliteration, as /entities?q= finds it
    status, doc = seeded.api("/articles?entity=Nobodyxyz")
    assert status == 404 and doc["error"] == "not_found" and "Nobodyxyz" in doc["message"]


def test_cursors_are_opaque(seeded: MotoStack) -> None:
    import base64

    status, doc = seeded.api("/articles?limit=1")
    cursor = doc["next"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    for secret in (b"ART#", b"gsi1", b"DAY#", b"a_list", b"2024"):
        assert secret not in raw and secret.decode() not in cursor
    flipped = cursor[:20] + ("A" if cursor[20] != "A" else "B") + cursor[21:]
    status, doc = seeded.api("/articles?" + urlencode({"limit": 1, "cursor": flipped}))
    assert status == 400 and "cursor" in doc["message"]
