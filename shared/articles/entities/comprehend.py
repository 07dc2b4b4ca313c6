"""The Amazon Comprehend backend (``ENTITY_BACKEND=comprehend``): ``DetectEntities`` as the
entity source (:class:`ComprehendSource`) in place of the local model, then the same rules,
canonicalisation, roles and quotes (:class:`ComprehendTagger`, an
:class:`~articles.entities.tagger.EntityTagger` over that source).

The Comprehend client is injected (``boto3.client("comprehend")`` built by the caller):
nothing here imports boto3 or botocore.

Requests. One synchronous ``DetectEntities`` call per chunk of at most
:data:`MAX_CHUNK_BYTES` UTF-8 bytes (the API's limit is 100 KB per document). A news article
is one call. A longer text is cut into chunks at paragraph boundaries, a paragraph longer
than a chunk at sentence boundaries, then at spaces, and a single overlong word anywhere;
chunks are contiguous, so an entity's offsets in its chunk plus the chunk's offset are its
offsets in the text. (``BatchDetectEntities`` was not chosen: 25 documents of 5 KB cut a long
article at many more places, each a chance to split an entity, for one call saved per
100 KB.) Whitespace-only chunks are not sent.

Types (Comprehend -> CoNLL-2003 labels, as ``spans()`` returns them):

=========================================  ==========================================
``PERSON``                                 ``PER``
``ORGANIZATION``                           ``ORG``
``LOCATION``                               ``LOC``
``COMMERCIAL_ITEM``, ``EVENT``, ``TITLE``  ``MISC``
``OTHER``                                  ``MISC`` if it starts with a capital letter
                                           (a name), else dropped
``QUANTITY``, ``DATE``                     dropped (not named entities)
=========================================  ==========================================

Entities scored below ``min_score`` (default 0.5) are dropped. Comprehend's offsets count
Unicode code points (Python string indices); an entity whose ``Text`` is not at its offsets
is looked up near them, and dropped if not found.

Errors: throttling, a service fault, a transport error (no response at all) ->
:class:`~articles.errors.TransientError` (the message is retried, then parked in the DLQ);
input Comprehend refuses (``InvalidRequestException``, ``TextSizeLimitExceededException``,
``UnsupportedLanguageException``) -> :class:`~articles.errors.PermanentError`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from articles.entities.rules import ALL_RULES, POSSESSIVES
from articles.entities.sources import Words, words_of
from articles.entities.tagger import EntityTagger
from articles.errors import PermanentError, TransientError

__all__ = [
    "MAX_CHUNK_BYTES",
    "ComprehendSource",
    "ComprehendTagger",
    "chunks",
    "map_type",
]

MAX_CHUNK_BYTES = 100_000
DEFAULT_MIN_SCORE = 0.5

TYPE_MAP: dict[str, str | None] = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "LOCATION": "LOC",
    "COMMERCIAL_ITEM": "MISC",
    "EVENT": "MISC",
    "TITLE": "MISC",
    "OTHER": "MISC",
    "QUANTITY": None,
    "DATE": None,
}
PERMANENT_CODES = frozenset(
    {"InvalidRequestException", "TextSizeLimitExceededException", "UnsupportedLanguageException"}
)

_PARAGRAPH_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+")
_SPACE = re.compile(r"\s+")


def map_type(comprehend_type: str, text: str) -> str | None:
    """The CoNLL label of a Comprehend entity type, None when the entity is dropped."""
    label = TYPE_MAP.get(comprehend_type)
    if comprehend_type == "OTHER" and not text[:1].isupper():
        return None
    return label


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _pieces(text: str, start: int, end: int, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut after every match of ``pattern`` (the separator stays with the
    piece before it)."""
    pos = start
    for m in pattern.finditer(text, start, end):
        if m.end() > pos and m.end() < end:
            yield pos, m.end()
            pos = m.end()
    if pos < end:
        yield pos, end


def _hard_cut(text: str, start: int, end: int, max_bytes: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``max_bytes`` bytes, at character boundaries."""
    pos = start
    while pos < end:
        stop = pos
        size = 0
        while stop < end and size + _size(text[stop]) <= max_bytes:
            size += _size(text[stop])
            stop += 1
        yield pos, stop
        pos = stop


def _units(text: str, max_bytes: int) -> Iterator[tuple[int, int]]:
    """Paragraphs, or sentences, words or slices of an overlong one, each within ``max_bytes``."""
    levels = (_PARAGRAPH_END, _SENTENCE_END, _SPACE)

    def split(start: int, end: int, level: int) -> Iterator[tuple[int, int]]:
        if _size(text[start:end]) <= max_bytes:
            yield start, end
        elif level == len(levels):
            yield from _hard_cut(text, start, end, max_bytes)
        else:
            for a, b in _pieces(text, start, end, levels[level]):
                yield from split(a, b, level + 1)

    yield from split(0, len(text), 0)


def chunks(text: str, max_bytes: int = MAX_CHUNK_BYTES) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering ``text``: consecutive units (see :func:`_units`) packed
    greedily while the chunk stays within ``max_bytes`` UTF-8 bytes; whitespace-only chunks
    are left out. ``"".join`` of all chunks, whitespace ones included, is ``text``."""
    out: list[tuple[int, str]] = []
    chunk_start = chunk_end = 0
    size = 0
    for start, end in _units(text, max_bytes):
        unit = _size(text[start:end])
        if size + unit > max_bytes and chunk_end > chunk_start:
            out.append((chunk_start, text[chunk_start:chunk_end]))
            chunk_start, size = start, 0
        chunk_end = end
        size += unit
    if chunk_end > chunk_start:
        out.append((chunk_start, text[chunk_start:chunk_end]))
    return [(offset, chunk) for offset, chunk in out if chunk.strip()]


def _error_code(exc: BaseException) -> tuple[str, int | None] | None:
    """(code, HTTP status) of a botocore ``ClientError`` (duck-typed), None for other errors."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return None
    error = response.get("Error") or {}
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return str(error.get("Code", "")), status if isinstance(status, int) else None


def _is_transport_error(exc: BaseException) -> bool:
    """A botocore error raised before any response (connection, timeout, ...); not a bad
    call (``ParamValidationError``), which is a bug to surface as it is."""
    if type(exc).__name__ == "ParamValidationError":
        return False
    return any(cls.__module__.startswith(("botocore", "urllib3")) for cls in type(exc).__mro__)


class ComprehendSource:
    """Amazon Comprehend's ``DetectEntities`` as the entity source; ``nlp`` is only a
    tokenizer (spaCy's English one, keeping hyphenated words whole) for the rules."""

    language = "en"  # the rules and linking run as for the English model

    def __init__(
        self,
        client: Any,
        nlp: Any,
        *,
        language_code: str = "en",
        min_score: float = DEFAULT_MIN_SCORE,
        max_chunk_bytes: int = MAX_CHUNK_BYTES,
    ) -> None:
        self.client = client
        self.nlp = nlp
        self.language_code = language_code
        self.min_score = min_score
        self.max_chunk_bytes = max_chunk_bytes

    def detect(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of Comprehend's entities in ``text`` (chunked, re-based,
        mapped, sorted, without overlaps)."""
        found: list[tuple[int, int, str]] = []
        for offset, chunk in chunks(text, self.max_chunk_bytes):
            for entity in self._call(chunk):
                located = self._locate(chunk, entity)
                if located is not None:
                    start, end, label = located
                    found.append((offset + start, offset + end, label))
        found.sort()
        out: list[tuple[int, int, str]] = []
        for item in found:
            if not out or item[0] >= out[-1][1]:
                out.append(item)
        return out

    def _call(self, chunk: str) -> list[dict[str, Any]]:
        try:
            response = self.client.detect_entities(Text=chunk, LanguageCode=self.language_code)
        except Exception as exc:
            coded = _error_code(exc)
            if coded is not None:
                code, status = coded
                if code in PERMANENT_CODES:
                    raise PermanentError(f"Comprehend refused the text: {code}: {exc}") from exc
                raise TransientError(f"Comprehend DetectEntities failed ({code}, HTTP {status}): {exc}") from exc
            if _is_transport_error(exc):
                raise TransientError(f"Comprehend unreachable: {type(exc).__name__}: {exc}") from exc
            raise
        entities = response.get("Entities", [])
        return [e for e in entities if isinstance(e, dict)]

    def _locate(self, chunk: str, entity: dict[str, Any]) -> tuple[int, int, str] | None:
        surface = str(entity.get("Text", ""))
        label = map_type(str(entity.get("Type", "")), surface)
        if label is None or float(entity.get("Score", 1.0)) < self.min_score:
            return None
        start, end = int(entity.get("BeginOffset", -1)), int(entity.get("EndOffset", -1))
        if 0 <= start < end <= len(chunk) and (not surface or chunk[start:end] == surface):
            return start, end, label
        if not surface:
            return None
        # offsets that do not match the text: the nearest occurrence of the surface form
        hits = [m.start() for m in re.finditer(re.escape(surface), chunk)]
        if not hits:
            return None
        best = min(hits, key=lambda h: abs(h - start))
        return best, best + len(surface), label

    def spans(self, text: str) -> Words:
        """Words of ``text`` (the tokenizer's) and Comprehend's entities over them."""
        doc = self.nlp.make_doc(text)
        token_spans: list[tuple[int, int, str]] = []
        for start, end, label in self.detect(text):
            span = doc.char_span(start, end, alignment_mode="contract") or doc.char_span(
                start, end, alignment_mode="expand"
            )
            if span is None or len(span) == 0:
                continue
            first, last = span.start, span.end
            while last - first > 1 and doc[last - 1].text in POSSESSIVES:
                last -= 1  # "Egypt's" -> "Egypt", as CoNLL marks it
            token_spans.append((first, last, label))
        return words_of(doc, token_spans)


class ComprehendTagger(EntityTagger):
    """The tagger with :class:`ComprehendSource` as its entity source (the same rules,
    linking, roles and quotes as the local model's)."""

    def __init__(
        self,
        client: Any,
        nlp: Any,
        rules: Collection[str] = ALL_RULES,
        *,
        language_code: str = "en",
        min_score: float = DEFAULT_MIN_SCORE,
        max_chunk_bytes: int = MAX_CHUNK_BYTES,
    ) -> None:
        self.comprehend = ComprehendSource(client, nlp, language_code=language_code, min_score=min_score,
                                           max_chunk_bytes=max_chunk_bytes)
        super().__init__(self.comprehend, rules)

    @classmethod
    def create(
        cls,
        client: Any,
        *,
        rules: Collection[str] = ALL_RULES,
        language_code: str = "en",
        min_score: float = DEFAULT_MIN_SCORE,
    ) -> ComprehendTagger:
        """A tagger calling ``client`` (a boto3 Comprehend client) with spaCy's English
        tokenizer (keeping hyphenated words whole) for the rules."""
        from articles.entities.sources import import_spacy
        from articles.entities.tokenizer import keep_hyphenated_words

        nlp = keep_hyphenated_words(import_spacy().blank("en"))
        return cls(client, nlp, rules, language_code=language_code, min_score=min_score)

    # the source's settings, as this tagger's
    @property
    def client(self) -> Any:
        return self.comprehend.client

    @property
    def language_code(self) -> str:
        return self.comprehend.language_code

    @property
    def min_score(self) -> float:
        return self.comprehend.min_score

    @property
    def max_chunk_bytes(self) -> int:
        return self.comprehend.max_chunk_bytes

    @property
    def _nlp(self) -> Any:
        return self.comprehend.nlp

    def detect(self, text: str) -> list[tuple[int, int, str]]:
        """Comprehend's entities in ``text`` before the rules (see :meth:`ComprehendSource.detect`)."""
        return self.comprehend.detect(text)
