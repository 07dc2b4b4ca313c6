"""Tokenizer rule shared by NER training and inference."""

from __future__ import annotations

from typing import Any

from spacy.lang.char_classes import ALPHA, HYPHENS
from spacy.util import compile_infix_regex

# The rule spaCy's default infixes use to split "Al-Sisi" into "Al", "-", "Sisi".
HYPHEN_INFIX = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA}])"


def keep_hyphenated_words(nlp: Any) -> Any:
    """Make ``nlp``'s tokenizer keep letter-hyphen-letter words whole; returns ``nlp``.

    A tokenizer whose infix pattern has no hyphen rule (the shipped models' saved tokenizers)
    is left as it is: setting its infixes again would re-tokenize its ~1,300 special cases and
    compile the infix regex, ≈ 0.1 s of the tag function's cold start for nothing."""
    pattern = getattr(getattr(nlp.tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if isinstance(pattern, str) and HYPHEN_INFIX not in pattern:
        return nlp
    infixes = [rule for rule in (nlp.Defaults.infixes or []) if rule != HYPHEN_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
