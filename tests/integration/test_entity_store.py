"""Canonical entities in DynamoDB: shown under the spelling most articles use, article counts
and first/last seen exact whatever order articles arrive or leave in."""

from __future__ import annotations

from articles.models import Entity, Mention
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack

EID = "e_test00shoukry00"


def _entity(name: str) -> Entity:
    return Entity(id=EID, name=name, type="PER", aliases=[name.split()[-1]],
                  mentions=[Mention(start=0, end=len(name), text=name)])


def _link(repo: ArticleRepository, aid: str, name: str | None, published: str) -> None:
    repo.replace_entities(aid, [_entity(name)] if name else [], published=published)


def test_most_used_spelling_wins_whatever_the_order(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-03")  # first seen under the rarer spelling
    _link(repo, "a_2", "Sameh Shoukry", "2024-05-01")
    _link(repo, "a_3", "Sameh Shoukry", "2024-05-02")
    entity = repo.get_entity(EID, seen=True)
    assert entity["name"] == "Sameh Shoukry" and entity["article_count"] == 3
    assert entity["first_seen"] == "2024-05-01" and entity["last_seen"] == "2024-05-03"
    assert {"Shoukri", "Shoukry"} <= set(entity["aliases"])


def test_respelling_and_unlinking_move_the_counts(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-01")
    _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")
    _link(repo, "a_3", "Sameh Shoukry", "2024-05-03")
    assert repo.get_entity(EID)["name"] == "Sameh Shoukri"
    _link(repo, "a_2", "Sameh Shoukry", "2024-05-02")  # a re-parse now spells it the other way
    assert repo.get_entity(EID)["name"] == "Sameh Shoukry"
    _link(repo, "a_3", None, "2024-05-03")  # the newest article no longer mentions him
    entity = repo.get_entity(EID, seen=True)
    assert entity["article_count"] == 2 and entity["last_seen"] == "2024-05-02"
    # re-tagging the same article the same way changes nothing
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-01")
    assert repo.get_entity(EID)["article_count"] == 2


def test_role_timeline_is_periods_most_recent_first(moto_stack: MotoStack) -> None:
    from articles.models import Role

    repo = ArticleRepository(moto_stack.table())

    def link(aid: str, published: str, title: str) -> None:
        entity = _entity("Sameh Shoukry").model_copy(update={"roles": [
            Role(title=title, nationality="Egyptian", date=published[:10])]})
        repo.replace_entities(aid, [entity], published=published)

    link("a_1", "2014-06-20", "Ambassador")
    link("a_2", "2015-03-02T10:00:00+02:00", "Foreign Minister")
    link("a_3", "2023-12-04", "Foreign Minister")
    link("a_4", "2014-01-05", "Ambassador")
    timeline = repo.role_timeline(EID)
    assert [(p["title"], p["first_seen"], p["last_seen"], p["articles"]) for p in timeline] == [
        ("Foreign Minister", "2015-03-02", "2023-12-04", 2),
        ("Ambassador", "2014-01-05", "2014-06-20", 2),
    ]
    assert timeline[0]["latest_article_id"] == "a_3"
    entity = repo.get_entity(EID, seen=True)
    assert (entity["first_seen"], entity["last_seen"]) == ("2014-01-05", "2023-12-04")


def test_another_transliteration_finds_a_person(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")  # no article spells it "Shoukri"
    for query in ("Shoukri", "Sameh Shoukri", "sameh shoukry", "Shouk"):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    assert repo.find_entities("Shakira") == []


def test_a_tie_between_spellings_does_not_depend_on_arrival_order(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")
    _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")
    assert repo.get_entity(EID)["name"] == "Sameh Shoukri"  # alphabetical on a tie, though Shoukry came first
