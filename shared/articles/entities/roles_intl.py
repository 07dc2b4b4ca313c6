"""Roles read from Arabic and French text, on the same timeline as the English ones.

The common titles only, written just before a person's name (the usual news shape):

* Arabic: ``وزير الخارجية [المصري] سامح شكري`` -> Foreign Minister, Egyptian;
  ``الرئيس التونسي قيس سعيد`` -> President, Tunisian; ``رئيس الحكومة``/``رئيس الوزراء`` ->
  Prime Minister; ``رئيس مجلس النواب`` -> Speaker; ``رئيس الأركان`` -> Chief of Staff.
* French: ``le ministre égyptien des Affaires étrangères, Sameh Choukri`` -> Foreign
  Minister, Egyptian; ``le président (tunisien|de la République) Kaïs Saïed`` -> President;
  ``le Premier ministre``/``le chef du gouvernement`` -> Prime Minister; ``le président de la
  Chambre des représentants``/``du Parlement`` -> Speaker; ``le chef d'état-major (de l'armée
  algérienne)`` -> Chief of Staff (Algerian); a rank before the name gives the role's rank
  (``le chef d'état-major des armées, le général Thierry Burkhard`` -> General).

Titles and nationalities are given in English ("Foreign Minister", "Egyptian"), as
:mod:`articles.entities.roles` gives them, so one person's roles form one timeline whatever
the language of the article. Arabic is matched on normalised words
(:func:`articles.entities.arabic.normalise`) of the text just before each mention.
"""

from __future__ import annotations

import re
import unicodedata

from articles.entities.arabic import normalise
from articles.models import Entity, Role

# nationality adjectives (masculine and feminine) -> English demonym
_AR_NATIONALITY_WORDS = {
    "مصري": "Egyptian", "ليبي": "Libyan", "تونسي": "Tunisian", "جزائري": "Algerian",
    "مغربي": "Moroccan", "سوداني": "Sudanese", "اردني": "Jordanian", "سوري": "Syrian",
    "عراقي": "Iraqi", "لبناني": "Lebanese", "سعودي": "Saudi", "قطري": "Qatari",
    "اماراتي": "Emirati", "فلسطيني": "Palestinian", "امريكي": "American", "فرنسي": "French",
    "بريطاني": "British", "روسي": "Russian", "تركي": "Turkish", "ايطالي": "Italian",
    "اميركي": "American", "انجليزي": "English", "انكليزي": "English", "الماني": "German",
    "اسباني": "Spanish", "برتغالي": "Portuguese", "هولندي": "Dutch", "بلجيكي": "Belgian",
    "سويسري": "Swiss", "نمساوي": "Austrian", "يوناني": "Greek", "اسكتلندي": "Scottish",
    "اوكراني": "Ukrainian", "بولندي": "Polish", "تشيكي": "Czech", "روماني": "Romanian",
    "بلغاري": "Bulgarian", "صربي": "Serbian", "كرواتي": "Croatian", "سويدي": "Swedish",
    "نرويجي": "Norwegian", "دنماركي": "Danish", "فنلندي": "Finnish", "ايرلندي": "Irish",
    "برازيلي": "Brazilian", "ارجنتيني": "Argentine", "مكسيكي": "Mexican", "كندي": "Canadian",
    "عماني": "Omani", "كويتي": "Kuwaiti", "بحريني": "Bahraini", "يمني": "Yemeni",
    "موريتاني": "Mauritanian", "ايراني": "Iranian", "اسرائيلي": "Israeli", "باكستاني": "Pakistani",
    "افغاني": "Afghan", "هندي": "Indian", "صيني": "Chinese", "ياباني": "Japanese",
    "كوري": "Korean", "نيجيري": "Nigerian", "سنغالي": "Senegalese", "اثيوبي": "Ethiopian",
}  # fmt: skip
_AR_NATIONALITY = {normalise(k): v for k, v in _AR_NATIONALITY_WORDS.items()}
_FR_NATIONALITY = {
    "egyptien": "Egyptian", "libyen": "Libyan", "tunisien": "Tunisian", "algerien": "Algerian",
    "marocain": "Moroccan", "soudanais": "Sudanese", "jordanien": "Jordanian", "syrien": "Syrian",
    "irakien": "Iraqi", "libanais": "Lebanese", "saoudien": "Saudi", "qatari": "Qatari",
    "emirati": "Emirati", "palestinien": "Palestinian", "americain": "American", "francais": "French",
    "britannique": "British", "russe": "Russian", "turc": "Turkish", "italien": "Italian",
}  # fmt: skip

# Arabic titles (normalised spelling), longest first; each ends right before the name or a
# nationality adjective.
_AR_TITLES = [
    ("رئيس مجلس النواب", "Speaker"),
    ("رئيس البرلمان", "Speaker"),
    ("رئيس اركان الجيش", "Chief of Staff"),
    ("رئيس الاركان", "Chief of Staff"),
    ("رئيس الوزراء", "Prime Minister"),
    ("رئيس الحكومه", "Prime Minister"),
    ("وزير الخارجيه", "Foreign Minister"),
    ("وزير الشوون الخارجيه", "Foreign Minister"),
    ("وزير الدفاع", "Defence Minister"),
    ("وزير الداخليه", "Interior Minister"),
    ("الرئيس", "President"),
    ("رئيس", "President"),
]
_AR_TITLES = [(normalise(title), english) for title, english in _AR_TITLES]
_AR_PREFIX = "(?:[وف]?(?:ل|ب|ك)?)"  # proclitics before a title: "ولرئيس", "والرئيس"
_FR_TITLES = [
    (r"pr[ée]sident(?:e)? de la chambre(?: des (?:repr[ée]sentants|d[ée]put[ée]s))?", "Speaker"),
    (r"pr[ée]sident(?:e)? du parlement", "Speaker"),
    (r"pr[ée]sident(?:e)? de l['’]assembl[ée]e(?: nationale)?", "Speaker"),
    (r"chef d['’][ée]tat-major(?: (?:des arm[ée]es|de l['’]arm[ée]e(?: de terre)?))?", "Chief of Staff"),
    (r"premi(?:er|[èe]re) ministre", "Prime Minister"),
    (r"chef du gouvernement", "Prime Minister"),
    (r"ministre(?: {nat})? des affaires [ée]trang[èe]res", "Foreign Minister"),
    (r"ministre(?: {nat})? de la d[ée]fense", "Defence Minister"),
    (r"ministre(?: {nat})? de l['’]int[ée]rieur", "Interior Minister"),
    (r"pr[ée]sident(?:e)? de la r[ée]publique", "President"),
    (r"pr[ée]sident(?:e)?", "President"),
]
_FR_NAT = r"(?P<nat>[a-zéèêëàâîïôûç]+)"  # the whole word: french_nationality reads its endings ("français")
# a military rank between the title and the name: "le chef d'état-major des armées, le
# général Thierry Burkhard" (longest first)
_FR_RANKS = {
    "général de corps d'armée": "Lieutenant General", "général d'armée": "General", "général": "General",
    "lieutenant-général": "Lieutenant General", "amiral": "Admiral", "maréchal": "Field Marshal",
    "colonel": "Colonel",
}  # fmt: skip
_FR_RANK = "|".join(re.escape(rank).replace("'", "['’]").replace("é", "[ée]") for rank in _FR_RANKS)
_FR_TAIL = rf"(?: (?P<nat2>[a-zéèêëàâîïôûç]+))?,?(?: (?:le |l['’])(?P<rank>{_FR_RANK}))?,? $"


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def french_nationality(word: str | None) -> str | None:
    if not word:
        return None
    w = _strip_accents(word.lower())
    for suffix in ("nes", "ne", "es", "e", "s", ""):
        if suffix and w.endswith(suffix) and w[: -len(suffix)] in _FR_NATIONALITY:
            return _FR_NATIONALITY[w[: -len(suffix)]]
    return _FR_NATIONALITY.get(w)


def arabic_nationality(word: str) -> str | None:
    w = word[2:] if word.startswith("ال") else word
    if w.endswith("ه"):  # feminine: المصريه
        w = w[:-1]
    return _AR_NATIONALITY.get(w)


# the last word of each title: a role needs one of them, behind at most two proclitic letters,
# as the last or (before a nationality) the last but one word; checked first, since most
# words follow no title
_AR_LAST_WORDS = frozenset(title.split()[-1] for title, _ in _AR_TITLES)


def _may_end_title(before: str) -> bool:
    last = _without_qualifiers(normalise(" ".join(before.rsplit(None, 6)[-6:])).split())[-2:]
    return any(word[k:] in _AR_LAST_WORDS for word in last for k in range(3))


# words that qualify a title without changing it ("وزير الخارجية الليبي المكلف", "... السابق")
AR_QUALIFIERS = frozenset(normalise(w) for w in (
    "المكلف", "المكلفة", "السابق", "السابقة", "الأسبق", "الجديد", "الجديدة", "المؤقت", "المؤقتة",
    "المستقيل", "المستقيلة", "المقال", "المنتخب", "المنتخبة", "بالوكالة", "بالإنابة",
))  # fmt: skip


def _without_qualifiers(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1] in AR_QUALIFIERS:
        words = words[:-1]
    return words


def arabic_role(before: str) -> Role | None:
    """The role written just before a name in Arabic text ``before`` (up to the name)."""
    if not _may_end_title(before):
        return None
    words = normalise(before).split()[-6:]
    if not words:
        return None
    nationality = None
    words = _without_qualifiers(words)
    if len(words) > 1 and arabic_nationality(words[-1]):
        nationality = arabic_nationality(words[-1])
        words = _without_qualifiers(words[:-1])
    tail = " ".join(words)
    for title, english in _AR_TITLES:
        if re.search(rf"(?:^|\s){_AR_PREFIX}{title}$", tail):
            return Role(title=english, nationality=nationality)
    return None


def _fr_regex(pattern: str) -> re.Pattern[str]:
    nat_part = r"(?: " + _FR_NAT + ")?"
    regex = pattern.replace("(?: {nat})?", nat_part) if "{nat}" in pattern else pattern + nat_part
    return re.compile(rf"(?:^|[\s'’]){regex}{_FR_TAIL}")


_FR_ROLES = [(_fr_regex(pattern), english) for pattern, english in _FR_TITLES]
# every French title holds one of these: a text without them holds no title
_FR_KEYWORDS = ("sident", "ministre", "chef")


def _french_rank(written: str | None) -> str | None:
    if not written:
        return None
    key = _strip_accents(written.replace("’", "'"))
    return next((english for rank, english in _FR_RANKS.items() if _strip_accents(rank) == key), None)


def french_role(before: str) -> Role | None:
    """The role written just before a name in French text ``before`` (up to the name)."""
    tail = before[-120:].lower()
    if not any(word in tail for word in _FR_KEYWORDS):
        return None
    for regex, english in _FR_ROLES:
        m = regex.search(tail)
        if m:
            groups = m.groupdict()
            words = [w for w in (groups.get("nat"), groups.get("nat2")) if w]
            if any(french_nationality(w) is None for w in words):
                continue  # "président de la …": not a nationality, not the end of a title
            nationality = next((n for n in map(french_nationality, words) if n), None)
            return Role(title=english, nationality=nationality, rank=_french_rank(groups.get("rank")))
    return None


def add_roles(text: str, entities: list[Entity], language: str, *, published: str | None = None) -> list[Entity]:
    """``entities`` with the roles written before their mentions in ``text`` (Arabic or
    French); entities of other types and other languages are returned unchanged."""
    read = arabic_role if language == "ar" else french_role if language == "fr" else None
    if read is None:
        return entities
    out: list[Entity] = []
    for entity in entities:
        if entity.type != "PER":
            out.append(entity)
            continue
        roles = list(entity.roles)
        for mention in entity.mentions:
            role = read(text[max(0, mention.start - 120) : mention.start])
            if role is not None:
                # the day, as English roles hold it
                role = role.model_copy(update={"date": published[:10] if published else None})
                if role not in roles:
                    roles.append(role)
        out.append(entity.model_copy(update={"roles": roles}) if roles != entity.roles else entity)
    return out
