"""Roles in Arabic and French, in English terms (one timeline with the English roles)."""

from __future__ import annotations

from articles.entities.roles_intl import add_roles, arabic_role, french_role
from articles.models import Entity, Mention, Role


def test_arabic_titles_and_nationality() -> None:
    assert arabic_role("التقى وزير الخارجية المصري ") == Role(title="Foreign Minister", nationality="Egyptian")
    assert arabic_role("أمر الرئيس التونسي ") == Role(title="President", nationality="Tunisian")
    assert arabic_role("وقال سعيد لرئيس الحكومة ") == Role(title="Prime Minister")
    assert arabic_role("رئيس مجلس النواب الليبي ") == Role(title="Speaker", nationality="Libyan")
    assert arabic_role("قال وزير الخارجية الإسباني ") == Role(title="Foreign Minister", nationality="Spanish")
    assert arabic_role("رئيس الوزراء الأميركي ") == Role(title="Prime Minister", nationality="American")
    assert arabic_role("رئيس الأركان ") == Role(title="Chief of Staff")
    assert arabic_role("وقال ") is None
    assert arabic_role("") is None


def test_arabic_titles_behind_proclitics_diacritics_and_tatweel() -> None:
    # a title's last word is checked first (most words follow no title): these must still pass
    assert arabic_role("والرئيس ") == Role(title="President")
    assert arabic_role("التقى ولرئيس الحكومة ") == Role(title="Prime Minister")
    assert arabic_role("قال الرئـــيس التونسي ") == Role(title="President", nationality="Tunisian")
    assert arabic_role("وَزِيرُ الخَارِجِيَّةِ المصري ") == Role(title="Foreign Minister", nationality="Egyptian")
    assert arabic_role("الرئيس التونسي في تونس ") is None


def test_french_titles_and_nationality() -> None:
    assert french_role("Le ministre égyptien des Affaires étrangères, ") == Role(
        title="Foreign Minister", nationality="Egyptian")
    assert french_role("Le président de la République ") == Role(title="President")
    assert french_role("le président tunisien ") == Role(title="President", nationality="Tunisian")
    # a nationality ending in s, and a comma before the name
    assert french_role("a reçu le ministre français des Affaires étrangères, ") == Role(
        title="Foreign Minister", nationality="French")
    assert french_role("au chef du gouvernement ") == Role(title="Prime Minister")
    assert french_role("la Première ministre ") == Role(title="Prime Minister")
    assert french_role("le président de la Chambre des représentants ") == Role(title="Speaker")
    assert french_role("le chef d'état-major ") == Role(title="Chief of Staff")
    assert french_role("Le chef d'état-major de l'armée algérienne, ") == Role(
        title="Chief of Staff", nationality="Algerian")
    assert french_role("le chef d’état-major de l’armée de terre ") == Role(title="Chief of Staff")


def test_french_rank_between_the_title_and_the_name() -> None:
    assert french_role("Le chef d'état-major des armées, le général ") == Role(
        title="Chief of Staff", rank="General")
    assert french_role("le chef d'état-major de l'armée algérienne, le général de corps d'armée ") == Role(
        title="Chief of Staff", rank="Lieutenant General", nationality="Algerian")
    assert french_role("le ministre libyen de la Défense, l'amiral ") == Role(
        title="Defence Minister", rank="Admiral", nationality="Libyan")
    assert french_role("le général ") is None  # a rank is no title
    assert french_role("le président, le boulanger ") is None
    assert french_role("son homologue libyen ") is None
    assert french_role("Le PRÉSIDENT ") == Role(title="President")
    assert french_role("le président, dit-il, ") is None


def test_add_roles_dates_the_role_and_skips_other_types() -> None:
    text = "التقى وزير الخارجية المصري سامح شكري في القاهرة"
    start = text.index("سامح")
    person = Entity(id="e_1", name="سامح شكري", type="PER",
                    mentions=[Mention(start=start, end=start + 9, text="سامح شكري")])
    place = Entity(id="e_2", name="القاهرة", type="LOC",
                   mentions=[Mention(start=text.index("القاهرة"), end=len(text), text="القاهرة")])
    out = add_roles(text, [person, place], "ar", published="2025-03-09T08:15:00+02:00")  # the day is kept
    assert out[0].roles == [Role(title="Foreign Minister", nationality="Egyptian", date="2025-03-09")]
    assert out[1] == place
    assert add_roles(text, [person], "en") == [person]


def test_arabic_title_qualifiers_keep_the_title_and_nationality() -> None:
    role = arabic_role("مع وزير الخارجية الليبي المكلف ")
    assert role is not None and (role.title, role.nationality) == ("Foreign Minister", "Libyan")
    role = arabic_role("قال وزير الخارجية السابق ")
    assert role is not None and role.title == "Foreign Minister"
