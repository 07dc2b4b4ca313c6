"""The bad-input catalogue: every kind ends in a clear recorded outcome, the raw object stays,
nothing waits in a queue or a DLQ, and a second delivery changes nothing."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest
from articles.ids import article_id

from tests.integration.conftest import MotoStack

BODY = ("Officials in Tunis said on Monday that the new port terminal would open in the spring. "
        "The transport minister, Rabie Majidi, said the terminal would double container capacity.")
PAGE = f"Monday , 4 March 2024\nHome / Economy / Tunisia opens port terminal\n\nTunisia opens port terminal\n\n{BODY}\n"
ARABIC = "وزير الخارجية المصري سامح شكري التقى نظيره الليبي في القاهرة يوم الاثنين لبحث أمن الحدود."


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", PAGE)
    return buf.getvalue()


# key, bytes, expected status, words the reason must contain (any of), for failures
CATALOGUE: list[tuple[str, bytes, str, tuple[str, ...]]] = [
    ("empty.txt", b"", "failed", ("empty",)),
    ("blank.txt", b" \n\t\r\n   \n", "failed", ("empty", "whitespace")),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "failed", ("png", "binary")),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(100), "failed", ("pdf", "binary")),
    ("bundle.zip", _zip(), "failed", ("zip", "binary")),
    ("notes.bin", bytes(range(256)) * 8, "failed", ("binary", "decode", "text")),
    ("page.html", b"<html><head><title>Home</title></head><body></body></html>", "failed",
     ("no article", "content", "text")),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body><script>track()</script>"
                     b"<style>p{}</style></body></html>", "failed", ("no article", "content", "text")),
    ("broken.json", b'{"title": "Tunisia", "body": ', "failed", ("json",)),
    ("wrongtypes.json", json.dumps({"title": 42, "body": 17}).encode(), "failed", ("body", "text", "type")),
    ("garbage-array.json", json.dumps([1, "x", None, {"foo": "bar"}]).encode(), "failed",
     ("no article", "not an article", "is an article", "body")),
    ("title-only.txt", b"Tunisia opens port terminal\n", "failed", ("no article", "body", "content", "short")),
    ("boilerplate.txt", b"Home / News\n\nRead more:\n\nShare this\n\nTags: Tunisia, ports\n", "failed",
     ("no article", "body", "content")),
    ("nul-bytes.txt", PAGE.encode().replace(b" ", b"\x00"), "failed", ("binary", "decode", "text")),
    ("dir/", b"", "skipped", ("folder",)),
    # inputs that are odd but fine: they must come out as articles
    ("utf8-bom.txt", b"\xef\xbb\xbf" + PAGE.encode(), "ok", ()),
    ("utf16.txt", PAGE.encode("utf-16"), "ok", ()),
    ("latin1.txt", PAGE.replace("Majidi", "Majîdi").encode("cp1252"), "ok", ()),
    ("arabic-1256.txt", (PAGE + "\n" + ARABIC + "\n").encode("cp1256"), "ok", ()),
    ("invalid-utf8.txt", PAGE.encode() + b"\n\xff\xfe broken tail \xc3\x28\n", "ok", ()),
    ("no extension", PAGE.encode(), "ok", ()),
    ("story.unknownext", PAGE.encode(), "ok", ()),
    ("spaces and ünïcödé + 100% (draft).txt", PAGE.encode(), "ok", ()),
    ("news/2024/03/deep/key.txt", PAGE.encode(), "ok", ()),
    ("one-long-line.txt", ("Tunisia port terminal. " * 40_000).encode(), "ok", ()),
    ("mixed-array.json", json.dumps([{"title": "Tunisia opens port terminal", "body": BODY}, 5, "x"]).encode(),
     "ok", ()),
]


@pytest.fixture
def processed(moto_stack: MotoStack) -> MotoStack:
    for key, data, _, _ in CATALOGUE:
        moto_stack.put(key, data)
    moto_stack.run_all()
    return moto_stack


def _doc(stack: MotoStack, key: str) -> dict:  # type: ignore[type-arg]
    status, doc = stack.api(f"/articles/{article_id(stack.inbox, key)}")
    if status == 404:  # files holding several articles number them
        status, doc = stack.api(f"/articles/{article_id(stack.inbox, key, 1)}")
    assert status == 200, (key, doc)
    return doc


def test_every_kind_has_a_clear_recorded_outcome(processed: MotoStack) -> None:
    for key, _, expected, words in CATALOGUE:
        doc = _doc(processed, key)
        assert doc["status"] == expected, (key, doc["status"], doc.get("error"))
        if expected != "ok":
            reason = (doc["error"] or "").lower()
            assert any(w in reason for w in words), (key, reason)
            assert "traceback" not in reason and "exception" not in reason


def test_raw_objects_stay_and_no_queue_holds_anything(processed: MotoStack) -> None:
    s3 = processed.client("s3")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=processed.inbox, MaxKeys=1000)["Contents"]}
    assert keys == {k for k, *_ in CATALOGUE}
    # the long line was tagged in part, and says so
    long_line = _doc(processed, "one-long-line.txt")
    assert long_line["status"] == "ok" and "tagged the first" in long_line["stages"]["tag"]["note"]
    assert all(len(e["mentions"]) <= 100 for e in long_line["entities"])
    sqs = processed.client("sqs")
    for url in processed.resources.urls.values():
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        assert attrs["Attributes"]["ApproximateNumberOfMessages"] == "0", url


def test_oversized_object_is_refused_before_reading(moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    big = b"Tunisia port terminal news. " * (21 * 1024 * 1024 // 28 + 1)  # just over the 20 MB default
    moto_stack.put("huge.txt", big)
    moto_stack.run_all()
    doc = _doc(moto_stack, "huge.txt")
    assert doc["status"] == "failed" and "mb" in doc["error"].lower()


def test_gzip_text_is_either_read_or_refused_clearly(moto_stack: MotoStack) -> None:
    moto_stack.put("story.txt.gz", gzip.compress(PAGE.encode()))
    moto_stack.run_all()
    doc = _doc(moto_stack, "story.txt.gz")
    if doc["status"] == "ok":
        assert doc["title"] == "Tunisia opens port terminal"
    else:
        assert doc["status"] == "failed" and "gzip" in doc["error"].lower()


def test_object_deleted_before_it_is_read_leaves_nothing(moto_stack: MotoStack) -> None:
    moto_stack.put("gone.txt", PAGE.encode())
    moto_stack.client("s3").delete_object(Bucket=moto_stack.inbox, Key="gone.txt")
    moto_stack.run_all()
    status, _ = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'gone.txt')}")
    assert status == 404


def test_json_lines_make_one_article_each(moto_stack: MotoStack) -> None:
    lines = "\n".join(json.dumps({"title": f"Port story {i}", "body": BODY + f" Item {i}."}) for i in range(3))
    moto_stack.put("feed.jsonl", lines.encode())
    moto_stack.run_all()
    titles = [moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'feed.jsonl', i)}")[1]["title"]
              for i in (1, 2, 3)]
    assert titles == ["Port story 0", "Port story 1", "Port story 2"]
    # the file now holds one article: the extra ones are purged, no stale rows
    moto_stack.put("feed.jsonl", json.dumps({"title": "Only story", "body": BODY}).encode())
    moto_stack.run_all()
    assert moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'feed.jsonl')}")[1]["title"] == "Only story"
    assert moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'feed.jsonl', 2)}")[0] == 404


def test_fifty_megabytes_of_text_is_refused_before_reading(moto_stack: MotoStack) -> None:
    moto_stack.put("fifty.txt", PAGE.encode() * (50 * 1024 * 1024 // len(PAGE) + 1))
    moto_stack.run_all()
    doc = _doc(moto_stack, "fifty.txt")
    assert doc["status"] == "failed" and "50.0 mb" in doc["error"].lower(), doc["error"]
    assert moto_stack.client("s3").head_object(Bucket=moto_stack.inbox, Key="fifty.txt")["ContentLength"] > 50e6


def test_one_ten_megabyte_line_is_read_and_tagged_in_part(moto_stack: MotoStack) -> None:
    line = ("Tunisia port terminal capacity doubled, the minister Rabie Majidi said. " * 150_000).encode()
    moto_stack.put("ten-mb-line.txt", line[: 10 * 1024 * 1024])
    moto_stack.run_all()
    doc = _doc(moto_stack, "ten-mb-line.txt")
    assert doc["status"] == "ok", doc["error"]
    assert "tagged the first" in doc["stages"]["tag"]["note"]
    assert all(len(e["mentions"]) <= 100 for e in doc["entities"])


def test_thousands_of_names_keep_the_most_salient_entities(moto_stack: MotoStack) -> None:
    first = ["Karim", "Youssef", "Samir", "Nabil", "Hakim", "Tarek", "Walid", "Rachid", "Mounir", "Fares",
             "Adel", "Bilal", "Omar", "Ziad", "Hamza", "Imed", "Lotfi", "Mehdi", "Nizar", "Sofiane"]
    last = ["Benali", "Haddad", "Mansour", "Khelifi", "Trabelsi", "Jaziri", "Gharbi", "Mejri", "Saidi", "Ayari",
            "Chebbi", "Dridi", "Ferjani", "Hamdi", "Jlassi", "Khadhraoui", "Laabidi", "Marzouki", "Nasri",
            "Ouni", "Rezgui", "Selmi", "Tlili", "Zouari", "Baccouche", "Cherif", "Daoud", "Essid", "Feki",
            "Guesmi"]
    names = [f"{f} {ln}" for f in first for ln in last]  # 600 distinct people
    body = " ".join(f"{a} met {b} in Sfax on Monday." for a, b in zip(names[::2], names[1::2], strict=True))
    moto_stack.put("names.txt", f"Monday , 4 March 2024\n\nDelegates gather in Sfax\n\n{body}\n".encode())
    moto_stack.run_all()
    doc = _doc(moto_stack, "names.txt")
    assert doc["status"] == "ok", doc["error"]
    assert len(doc["entities"]) == 300
    assert "kept the 300 most salient of" in doc["stages"]["tag"]["note"]
