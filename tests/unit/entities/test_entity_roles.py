"""Roles read around a person's name (marked-up model spans, no spaCy)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from articles.entities.roles import RoleParts, RoleReader
from articles.entities.rules import Analysis

AnalysisOf = Callable[..., Analysis]


def roles_of(analysis: Analysis, name: str) -> list[RoleParts]:
    reader = RoleReader(analysis)
    span = next(s for s in analysis.spans if analysis.text_of(s) == name)
    return reader.roles(span)


@pytest.mark.parametrize(
    ("markup", "name", "expected"),
    [
        (
            "[Libyan](MISC) Chief of Staff Major-General [Abdul Razzaq Al-Nazhuri](PER) met",
            "Abdul Razzaq Al-Nazhuri",
            RoleParts("Chief of Staff", rank="Major-General", nationality="Libyan"),
        ),
        (
            "[Egyptian](MISC) Chief of Staff Lieutenant General [Mahmoud Hegazy](PER) met",
            "Mahmoud Hegazy",
            RoleParts("Chief of Staff", rank="Lieutenant General", nationality="Egyptian"),
        ),
        (
            "and the President of [Libyan](MISC) [House of Representatives](ORG) ( [HoR](ORG) ) "
            "[Ageela Saleh](PER) met",
            "Ageela Saleh",
            RoleParts("President", organisation="House of Representatives"),
        ),
        (
            "met [Egyptian](MISC) Foreign Minister [Sameh Shoukry](PER) and",
            "Sameh Shoukry",
            RoleParts("Foreign Minister", nationality="Egyptian"),
        ),
        (
            "said [Sameh Shoukry](PER) , the [Egyptian](MISC) foreign minister , on Monday",
            "Sameh Shoukry",
            RoleParts("Foreign Minister", nationality="Egyptian"),
        ),
        (
            "[Ageela Saleh](PER) , Speaker of the [House of Representatives](ORG) , said",
            "Ageela Saleh",
            RoleParts("Speaker", organisation="House of Representatives"),
        ),
        (
            "the President of [Egypt](LOC) [Abdel Fattah el-Sisi](PER) said",
            "Abdel Fattah el-Sisi",
            RoleParts("President", nationality="Egyptian"),
        ),
        (
            "[UN](ORG) Secretary-General [Antonio Guterres](PER) said",
            "Antonio Guterres",
            RoleParts("Secretary-General", organisation="United Nations"),
        ),
        (
            "troops led by Lt. Gen. [Khalifa Haftar](PER) advanced",
            "Khalifa Haftar",
            RoleParts("Lieutenant General", rank="Lieutenant General"),
        ),
        (
            "[Libyan](MISC) Foreign Minister Mr. [Mohamed Abdulaziz](PER) said",
            "Mohamed Abdulaziz",
            RoleParts("Foreign Minister", nationality="Libyan"),
        ),
    ],
)
def test_roles(analysis_of: AnalysisOf, markup: str, name: str, expected: RoleParts) -> None:
    assert roles_of(analysis_of(markup, rules=()), name) == [expected]


@pytest.mark.parametrize(
    ("markup", "name"),
    [
        ("the talks between [Libya](LOC) and [Sameh Shoukry](PER) went on", "Sameh Shoukry"),
        ("[Sameh Shoukry](PER) , who arrived on Monday , said", "Sameh Shoukry"),
        ("the [Egyptian](MISC) [Sameh Shoukry](PER) said", "Sameh Shoukry"),
    ],
)
def test_no_role_without_a_title(analysis_of: AnalysisOf, markup: str, name: str) -> None:
    assert roles_of(analysis_of(markup, rules=()), name) == []


def test_title_before_ignores_a_bare_rank(analysis_of: AnalysisOf) -> None:
    a = analysis_of("President [Sisi](PER) and General [Haftar](PER)", rules=())
    reader = RoleReader(a)
    assert reader.title_before(a.spans[0].start)
    assert not reader.title_before(a.spans[1].start)
