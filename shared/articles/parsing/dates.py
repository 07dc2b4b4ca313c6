"""Finding and normalising dates: ISO strings, epoch numbers, RFC 2822 and the free-text
forms news pages print ("Monday , 4 December 2023", "March 3", "14:32 GMT, 5 March 2024",
"٥ مارس ٢٠٢٤"). Output is ISO 8601: a date, or a datetime when a time was given."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
MONTHS: dict[str, int] = {**_EN_MONTHS, **_FR_MONTHS, **_AR_MONTHS}
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    "|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    "|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد"
)
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er)?"

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_YMD_SLASH = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
# "05/03/2024", "5.3.2024", "11-29-2024" (a forum's post stamp): the same separator twice;
# with dashes only when one order is impossible (US sites write "03-09-2026" for March 9)
_DMY_NUM = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?![\d\-])")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(\d{{1,2}}){_ORD}\s*(?:of\s+)?({_MONTH_RE})\.?,?\s*(\d{{4}})(?!\d)", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)({_MONTH_RE})\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})(?!\d)", re.IGNORECASE
)
_MONTH_YEAR_ONLY_DAY = re.compile(rf"(?<!\w)({_MONTH_RE})\.?\s+(\d{{1,2}}){_ORD}(?![\d:])", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"(?<!\w)(\d{{1,2}}){_ORD}\s+({_MONTH_RE})\b\.?(?!\s*,?\s*\d)", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|(?:صباحاً|صباحًا|صباحا|صباح|مساءً|مساء|ص|م)(?!\w))?"
    r"\s*(GMT|UTC|Z|[+-]\d{2}:?\d{2})?(?![\d])",
    re.IGNORECASE,
)
_ARABIC_MERIDIEM = {"م": "pm", "ص": "am"}  # مساءً / م: afternoon and evening; صباحًا / ص: morning
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class DateHit:
    """A date found in a string: the ISO value and where it was."""

    iso: str
    start: int
    end: int
    has_year: bool = True


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS.get(name.lower().rstrip("."), 0)


def _tz(token: str | None) -> dt.tzinfo | None:
    if not token:
        return None
    if token.upper() in ("GMT", "UTC", "Z"):
        return dt.UTC
    sign = 1 if token[0] == "+" else -1
    digits = token[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _with_time(day: dt.date, text: str) -> str:
    """``day`` as ISO, upgraded to a datetime when ``text`` holds a plausible clock time."""
    match = _TIME.search(text)
    if not match:
        return day.isoformat()
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower().replace(".", "")
    meridiem = _ARABIC_MERIDIEM.get(meridiem[:1], meridiem)  # م.../ص... -> pm/am
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return day.isoformat()
    stamp = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_tz(match.group(5)))
    return stamp.isoformat()


def is_clock_time(text: str) -> bool:
    """Whether ``text`` is only a clock time ("02:20 pm", "14:05 GMT", "02:20 م")."""
    return _TIME.fullmatch(text.strip()) is not None


def find_date(text: str, *, ref: dt.date | None = None, with_time: bool = True) -> DateHit | None:
    """The first date written in ``text``. A day and month without a year ("March 3") are
    accepted only with a reference date ``ref``: the year is chosen so that the date is not
    after ``ref`` (a dateline is never later than the page it is on)."""
    text = text.translate(_ARABIC_DIGITS)
    hits: list[tuple[int, int, dt.date, bool]] = []
    for pattern, order in ((_ISO, "ymd"), (_YMD_SLASH, "ymd"), (_DMY_NUM, "dmy"),
                           (_DAY_MONTH_YEAR, "dMy"), (_MONTH_DAY_YEAR, "Mdy")):
        for match in pattern.finditer(text):
            day = _from_groups(match, order)
            if day is not None:
                hits.append((match.start(), match.end(), day, True))
                break
    if not hits and ref is not None:
        hits = _yearless(text, ref)
    if not hits:
        return None
    start, end, day, has_year = min(hits, key=lambda h: h[0])
    iso = _with_time(day, text) if with_time else day.isoformat()
    return DateHit(iso=iso, start=start, end=end, has_year=has_year)


def _from_groups(match: re.Match[str], order: str) -> dt.date | None:
    groups = match.groups()
    if order == "ymd":
        return _valid(int(groups[0]), int(groups[1]), int(groups[2]))
    if order == "dmy":
        day, month, year = int(groups[0]), int(groups[2]), int(groups[3])
        if groups[1] == "-" and day <= 12 and month <= 12 and day != month:
            return None  # "03-09-2026" is 3 September or March 9 as the site goes: no date
        return _valid(year, month, day) or _valid(year, day, month)
    if order == "dMy":
        return _valid(int(groups[2]), _month(groups[1]), int(groups[0]))
    return _valid(int(groups[2]), _month(groups[0]), int(groups[1]))


def _yearless(text: str, ref: dt.date) -> list[tuple[int, int, dt.date, bool]]:
    hits: list[tuple[int, int, dt.date, bool]] = []
    for pattern, month_group in ((_MONTH_YEAR_ONLY_DAY, 1), (_DAY_MONTH, 2)):
        match = pattern.search(text)
        if not match:
            continue
        month = _month(match.group(month_group))
        day_no = int(match.group(3 - month_group))
        day = _valid(ref.year, month, day_no)
        if day is not None and day > ref:
            day = _valid(ref.year - 1, month, day_no)
        if day is not None:
            hits.append((match.start(), match.end(), day, False))
    return hits


_FILLER = re.compile(
    rf"\b(?:{WEEKDAYS})\b\.?|\b(?:on|at|le|am|pm|a\.m\.|p\.m\.|gmt|utc|local time|in)\b|"
    r"[,|/•·\-–—()\[\]:.]|\s+",
    re.IGNORECASE,
)


def is_date_only(text: str) -> bool:
    """True when ``text`` is nothing but a date (with weekday, time and separators)."""
    text = text.translate(_ARABIC_DIGITS)
    hit = find_date(text)
    if hit is None or not hit.has_year:
        return False
    rest = text[: hit.start] + " " + text[hit.end :]
    rest = _TIME.sub(" ", rest)
    return _FILLER.sub("", rest) == ""


def normalise_date(value: object) -> str | None:
    """A metadata value (ISO string, epoch seconds or milliseconds, RFC 2822, free text)
    as ISO 8601, or None when it holds no plausible date."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"\d{10}(?:\d{3})?", text):
        return _from_epoch(float(text))
    iso = _from_iso(text)
    if iso is not None:
        return iso
    rfc = _from_rfc2822(text)
    if rfc is not None:
        return rfc
    hit = find_date(text)
    return hit.iso if hit is not None and hit.has_year else None


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:
        seconds /= 1000.0
    try:
        stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return stamp.replace(microsecond=0).isoformat() if 1990 <= stamp.year <= 2100 else None


def _from_iso(text: str) -> str | None:
    match = _ISO.match(text)
    if not match or match.end() < len(text.rstrip()) - 6:
        return None
    day = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if day is None:
        return None
    if match.group(4) is None:
        return day.isoformat()
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return day.isoformat()
    tz = _tz(match.group(7))
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz).isoformat()


def _from_rfc2822(text: str) -> str | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return stamp.isoformat() if 1900 <= stamp.year <= 2100 else None


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/+-]|$)|[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"
)


def date_from_url(url: str | None) -> str | None:
    """A date written in a URL path (``/2024/03/05/``, ``/2024-03-05-``, ``/2024-03-05+Title``,
    ``_20240305``)."""
    if not url:
        return None
    for match in _URL_DATE.finditer(url):
        groups = [g for g in match.groups() if g is not None]
        day = _valid(int(groups[0]), int(groups[1]), int(groups[2]))
        if day is not None:
            return day.isoformat()
    return None


def parse_iso_date(iso: str | None) -> dt.date | None:
    """The calendar day of an ISO string produced by this module."""
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None
