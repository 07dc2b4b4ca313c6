"""The Comprehend backend's pure parts: chunking, type mapping, error mapping (no AWS)."""

from __future__ import annotations

from typing import Any

import pytest
from articles.entities.comprehend import ComprehendTagger, chunks, map_type
from articles.entities.rules import ALL_RULES
from articles.errors import PermanentError, TransientError


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def check(text: str, max_bytes: int) -> list[tuple[int, str]]:
    out = chunks(text, max_bytes)
    for offset, chunk in out:
        assert text[offset : offset + len(chunk)] == chunk
        assert size(chunk) <= max_bytes
        assert chunk.strip()
    # contiguous: what lies between two chunks is whitespace only
    covered = 0
    for offset, chunk in out:
        assert not text[covered:offset].strip()
        covered = offset + len(chunk)
    assert not text[covered:].strip()
    return out


def test_short_text_is_one_chunk() -> None:
    text = "Sameh Shoukry met Sisi in Cairo.\n\nThey talked."
    assert chunks(text) == [(0, text)]


def test_chunks_end_at_paragraphs() -> None:
    paragraphs = [f"Paragraph {i} is about Cairo and Genève." for i in range(20)]
    text = "\n\n".join(paragraphs)
    out = check(text, 200)
    assert len(out) > 1
    for _, chunk in out[:-1]:
        assert chunk.endswith("\n\n")
    assert all(chunk.startswith("Paragraph") for _, chunk in out)


def test_a_long_paragraph_is_cut_at_sentences_then_words() -> None:
    text = "Sisi met Shoukry in Cairo. " * 20 + "\n\n" + "word " * 100
    out = check(text, 120)
    # sentences whole; then whole words: every chunk but the last ends after a space
    assert [c for _, c in out[:4]] == ["Sisi met Shoukry in Cairo. " * 4] * 4
    assert all(c.endswith((". ", " ", "\n")) for _, c in out[:-1])
    assert "".join(c for _, c in out) == text


def test_multibyte_text_counts_bytes() -> None:
    text = "“Génève” — " * 50  # 3-byte quotation marks and dashes
    out = check(text, 100)
    assert sum(len(chunk) for _, chunk in out) <= len(text)
    assert max(size(c) for _, c in out) <= 100


def test_an_overlong_word_is_cut_hard_and_blank_pieces_are_not_sent() -> None:
    text = "x" * 250 + "\n" * 40 + "end"
    assert [len(c) for _, c in check(text, 100)] == [100, 100, 93]
    text = "x" * 90 + " " * 200 + "end"
    out = check(text, 100)  # the 100 spaces in the middle are not sent
    assert [(o, len(c)) for o, c in out] == [(0, 100), (200, 93)]


@pytest.mark.parametrize(
    ("type_", "text", "label"),
    [
        ("PERSON", "Sameh Shoukry", "PER"),
        ("ORGANIZATION", "HoR", "ORG"),
        ("LOCATION", "Cairo", "LOC"),
        ("COMMERCIAL_ITEM", "iPhone", "MISC"),
        ("EVENT", "Cairo Book Fair", "MISC"),
        ("TITLE", "War and Peace", "MISC"),
        ("OTHER", "Gizmo", "MISC"),
        ("OTHER", "other thing", None),
        ("QUANTITY", "12 buyers", None),
        ("DATE", "Monday", None),
        ("SOMETHING_NEW", "X", None),
    ],
)
def test_map_type(type_: str, text: str, label: str | None) -> None:
    assert map_type(type_, text) == label


class ClientError(Exception):
    """Shaped like botocore's ClientError (which the domain never imports)."""

    def __init__(self, code: str, status: int) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}


class FakeClient:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[dict[str, Any]] = []

    def detect_entities(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        if self.error is not None:
            raise self.error
        text = params["Text"]
        start = text.find("Shoukry")
        return {
            "Entities": [
                {
                    "Type": "PERSON",
                    "Text": "Shoukry",
                    "Score": 0.9,
                    "BeginOffset": start,
                    "EndOffset": start + 7,
                }
            ]
        }


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (ClientError("ThrottlingException", 400), TransientError),
        (ClientError("AccessDeniedException", 400), TransientError),  # configuration: retry, then DLQ
        (ClientError("InvalidRequestException", 400), PermanentError),
        (ValueError("a bug"), ValueError),  # not an AWS error: surfaces as it is
    ],
)
def test_errors(error: Exception, raised: type[Exception]) -> None:
    tagger = ComprehendTagger(FakeClient(error), nlp=None)
    with pytest.raises(raised):
        tagger.detect("Shoukry spoke.")


def test_detect_rebases_chunk_offsets() -> None:
    client = FakeClient()
    tagger = ComprehendTagger(client, nlp=None, max_chunk_bytes=40)
    text = "Shoukry spoke first in the hall.\n\nThen Shoukry spoke again later.\n\n"
    assert tagger.detect(text) == [(0, 7, "PER"), (39, 46, "PER")]
    assert [c["Text"] for c in client.calls] == [
        "Shoukry spoke first in the hall.\n\n",
        "Then Shoukry spoke again later.\n\n",
    ]
    assert all(c["LanguageCode"] == "en" for c in client.calls)


def test_comprehend_is_a_source_under_the_same_pipeline_with_no_model_to_load() -> None:
    from articles.entities.comprehend import ComprehendSource
    from articles.entities.tagger import EntityTagger, Tagger

    tagger = ComprehendTagger(FakeClient(), nlp=None)
    assert isinstance(tagger, EntityTagger) and not isinstance(tagger, Tagger)
    assert isinstance(tagger.source, ComprehendSource) and tagger.rules == ALL_RULES
    assert not hasattr(ComprehendTagger, "load")  # no model: ComprehendTagger.create(client)


def test_load_tagger_backends() -> None:
    from articles.entities import BACKENDS, load_tagger

    assert BACKENDS == ("local", "comprehend")
    client = FakeClient()
    tagger = load_tagger("comprehend", comprehend_client=client)
    assert isinstance(tagger, ComprehendTagger) and tagger.client is client
    text = "Sameh Shoukry met Sisi. Shoukry left."
    assert [(text[s:e], label) for s, e, label in tagger.spans(text)] == [("Shoukry", "PER")]
    with pytest.raises(ValueError, match="comprehend_client"):
        load_tagger("comprehend")
    with pytest.raises(ValueError, match="unknown entity backend"):
        load_tagger("watson")
