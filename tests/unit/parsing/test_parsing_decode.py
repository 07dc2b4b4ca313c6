"""Bytes in: encodings are detected, binary and empty input refused with a clear reason."""

from __future__ import annotations

import codecs

import pytest
from articles.errors import DecodeFailure, EmptyDocument, PermanentError, SkippedInput, UnsupportedFormat
from articles.parsing import parse_document
from articles.parsing.decode import decode_bytes, sniff_binary

ENGLISH = "Cairo talks end\n\nThe ministers agreed to meet again in Tripoli next month, officials said.\n"
ARABIC = (
    "محادثات القاهرة\n\n"
    "قال وزير الخارجية إن الجانبين اتفقا على عقد اجتماع جديد في طرابلس "
    "الشهر المقبل لمتابعة الملفات العالقة.\n"
)
FRENCH = "Réunion à Tunis\n\nLe ministre a déclaré que les négociations reprendraient après l'été, à Sfax.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), ENGLISH),
        (ENGLISH.encode("utf-16"), ENGLISH),
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH),
        (ENGLISH.encode("utf-16-le"), ENGLISH),
        (ARABIC.encode("cp1256"), ARABIC),
        (FRENCH.encode("cp1252"), FRENCH),
        (FRENCH.encode("latin-1"), FRENCH),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-no-bom", "cp1256", "cp1252", "latin1"],
)
def test_decodes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_binary_files_are_unsupported(data: bytes, kind: str) -> None:
    assert sniff_binary(data) == kind
    with pytest.raises(UnsupportedFormat) as caught:
        parse_document(data, filename="upload.txt")
    assert caught.value.reason == f"binary file ({kind}), not an article"


def test_unknown_binary_with_nul_bytes_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="binary file"):
        parse_document(bytes(range(256)) * 4, filename="blob.bin")


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t "])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        parse_document(data, filename="empty.txt")


def test_bom_that_lies_is_a_decode_failure() -> None:
    with pytest.raises(DecodeFailure, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe news")


def test_control_character_soup_is_a_decode_failure() -> None:
    with pytest.raises(DecodeFailure):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 50)


def test_folder_marker_is_skipped() -> None:
    with pytest.raises(SkippedInput):
        parse_document(b"", filename="incoming/2024/")


def test_errors_are_permanent_and_explain_themselves() -> None:
    with pytest.raises(PermanentError) as caught:
        parse_document(b"\x89PNG\r\n\x1a\nrest", filename="x.png")
    assert caught.value.reason
    assert caught.value.code == "unsupported_format"
