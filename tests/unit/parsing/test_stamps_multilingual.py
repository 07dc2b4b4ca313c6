"""Labelled date headers in Arabic and French ("نشر: …", "Publié le …") are the page's
publication date, never its title; "last updated" labels go to ``updated``."""

from __future__ import annotations

import pytest
from articles.parsing import parse_document
from articles.parsing.textlines import Kind, classify

TITLE = "وزير الخارجية سامح شكري يلتقي نظيره الليبي في القاهرة"
BODY = (
    "التقى وزير الخارجية المصري سامح شكري اليوم الأحد في القاهرة بنظيره الليبي الطاهر الباعور، "
    "وبحث الجانبان سبل تعزيز التعاون بين البلدين في مجالات التجارة والطاقة وأمن الحدود المشتركة.\n\n"
    "وقال شكري إن مصر تدعم جهود الاستقرار في ليبيا وتعمل مع جميع الأطراف من أجل حل سياسي شامل."
)


def _parse(header: str) -> tuple[str | None, str | None, str | None]:
    text = f"{header}\n\n{TITLE}\n\n{BODY}\n"
    (article,) = parse_document(text.encode("utf-8"), filename="brief.txt")
    return article.title, article.published, article.updated


@pytest.mark.parametrize("header", [
    "نشر: 2025-03-09",
    "نُشر في 9 مارس 2025",
    "بتاريخ ٩ مارس ٢٠٢٥",
    "تاريخ النشر: 09/03/2025",
    "Publié le 9 mars 2025",
    "Date de publication : 9 mars 2025",
])
def test_a_publication_header_is_the_date_not_the_title(header: str) -> None:
    assert _parse(header) == (TITLE, "2025-03-09", None)


@pytest.mark.parametrize("header", ["آخر تحديث: 10 مارس 2025", "Mis à jour le 10 mars 2025"])
def test_an_update_header_is_the_update_date(header: str) -> None:
    title, published, updated = _parse(header)
    assert (title, published, updated) == (TITLE, None, "2025-03-10")


def test_a_sentence_that_starts_with_the_verb_stays_prose() -> None:
    # "نشر الجيش ..." (the army published ...) is a sentence, not a label, and has no date
    title, published, _ = _parse("نشر الجيش بيانا عن الاجتماع في القاهرة يوم الأحد")
    assert published is None and title is not None


@pytest.mark.parametrize(("line", "names"), [
    ("كتب: محمد حسن نشر في: الثلاثاء 3 ديسمبر 2024 - 02:20 م", ["محمد حسن"]),
    ("By Jane Doe Published: Tuesday 3 December 2024 - 02:20 pm", ["Jane Doe"]),
    ("Par Samia Benali Publié le 3 décembre 2024", ["Samia Benali"]),
])
def test_a_byline_and_a_stamp_printed_side_by_side_are_one_meta_line(line: str, names: list[str]) -> None:
    unit = classify(line)
    assert (unit.kind, unit.names, unit.dates) == (Kind.META, names, ["2024-12-03"])


def test_a_headline_ending_in_a_time_is_no_meta_line() -> None:
    assert classify("Egypt and Libya agree - 12:30").kind is not Kind.META
