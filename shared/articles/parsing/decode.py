"""Bytes to text: refuse binary files, honour byte-order marks, then UTF-8, a declared HTML
charset, and finally detection (Windows-1256 Arabic, Windows-1252 / Latin-1 ...)."""

from __future__ import annotations

import codecs
import re

from articles.errors import DecodeFailure, EmptyDocument, UnsupportedFormat

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_DETECTION_SAMPLE = 256 * 1024
_NON_LATIN = ("cp1256", "iso8859_6", "cp1251", "koi8_r", "cp1253", "cp1255", "cp1254")


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file ``data`` is (by its magic bytes), else None."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of the sample is NUL (ASCII-range text)."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_BAD_CHARS.findall(text[:20000])) <= 0.02 * min(len(text), 20000)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _by_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is None:
                raise DecodeFailure(
                    f"the file starts with a {encoding} byte-order mark but is not valid {encoding}"
                )
            return text
    return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    if name in ("utf-8", "utf8"):
        return None
    return _strict(data, "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii") else name)


def _runs_of_high_bytes(data: bytes) -> float:
    """Share of non-ASCII bytes that sit in runs of three or more: high in single-byte
    Arabic (or Cyrillic) text, where whole words are non-ASCII; low in Western text,
    where an accented letter sits between ASCII ones."""
    sample = data[:_DETECTION_SAMPLE]
    high = sum(1 for b in sample if b >= 0x80)
    if not high:
        return 0.0
    in_runs = sum(len(run) for run in re.findall(rb"[\x80-\xff]{3,}", sample))
    return in_runs / high


def _letter_share(text: str) -> float:
    """Share of the non-ASCII characters that are letters (a wrong code page turns a word
    into punctuation and combining marks: "طرابلس" read as Windows-1255 is "״ַָׁב׃")."""
    high = [ch for ch in text if ord(ch) >= 0x80]
    return sum(ch.isalpha() for ch in high) / len(high) if high else 0.0


def _most_letters(data: bytes, encodings: list[str]) -> str | None:
    """The decoding (first the detector's choice) whose non-ASCII characters are most
    often letters; short samples (one Arabic word in an English brief) fool detection."""
    best: tuple[float, str] | None = None
    for encoding in encodings:
        text = _strict(data, encoding)
        if text is None:
            continue
        share = _letter_share(text[:_DETECTION_SAMPLE])
        if best is None or share > best[0] + 0.05:
            best = (share, text)
    return best[1] if best is not None else None


def _detected(data: bytes) -> str | None:
    """Single-byte text: Windows-1256 (or another non-Latin code page, by detection) when
    whole words are non-ASCII, else Windows-1252 / Latin-1."""
    if _runs_of_high_bytes(data) >= 0.5:
        # imported here: only single-byte non-Latin text needs the detector (≈ 11 ms of the
        # parse function's init otherwise; UTF-8 and UTF-16 articles never load it)
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECTION_SAMPLE], cp_isolation=list(_NON_LATIN)).best()
        first = best.encoding if best is not None else "cp1256"
        return _most_letters(data, [first, *(e for e in _NON_LATIN if e != first)])
    return _strict(data, "cp1252") or _strict(data, "latin-1")


def decode_bytes(data: bytes) -> str:
    """Text of ``data``. Raises EmptyDocument, UnsupportedFormat (binary) or DecodeFailure."""
    if not data.strip():
        raise EmptyDocument("the file is empty" if not data else "the file holds only whitespace")
    kind = sniff_binary(data)
    if kind is not None:
        raise UnsupportedFormat(f"binary file ({kind}), not an article")
    text = _by_bom(data)
    if text is None:
        utf16 = _utf16_without_bom(data)
        text = _strict(data, utf16) if utf16 else None
    if text is None and b"\x00" in data[:4096]:
        raise UnsupportedFormat("binary file (unknown type), not an article")
    if text is None:
        text = _strict(data, "utf-8") or _declared(data) or _detected(data)
    if text is None or not _looks_like_text(text):
        raise DecodeFailure(
            "the bytes are not text in any supported encoding (UTF-8, UTF-16, Windows-1256/1252)"
        )
    return text
