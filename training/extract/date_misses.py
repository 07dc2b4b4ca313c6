#!/usr/bin/env python3
"""Why the parser's publication date misses on WCXB dev pages: each dated page whose predicted
day is not the gold day is put in one class, from the page's raw HTML and eval_extract.py's
per-page details (``--details-out``):

- ``updated``: the gold day is written in the page only as a modification date (JSON-LD
  ``dateModified``, a modified ``<meta>``, or a visible date labelled "Updated" / "Last
  reviewed" / "Modified"), so taking it as published would break the rule that an update
  stamp is never the publication date;
- ``absent``: the gold day is written nowhere in the HTML, in any usual form (ISO, numeric,
  month names), scripts included;
- ``timezone``: we give a time one day off the gold day (a UTC time against the site's local
  day, or the reverse);
- ``shown``: the gold day is in the page and not labelled an update, and we miss it (wrong or
  no date);
- ``no content``: the parser raised NoArticleContent (a JavaScript shell whose posts are not in
  the HTML): a page without text stays an error, whatever date its metadata holds.

Month-only gold dates ("2015-11") are not counted, as by the scorer, which compares days.

    .venv/bin/python training/extract/date_misses.py /tmp/dates_details.jsonl [--list]

The attainable maximum is (hits + shown + timezone) / dated pages: ``updated`` is forbidden
by rule, ``absent`` cannot be read from the page and ``no content`` is no article. The classes
are found by pattern (the label within 80 characters before a date, the metadata key before
it), so a few pages sit in a neighbouring class; ``--list`` shows each page's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_UPDATE_LABEL = re.compile(
    r"updat|modif|edited|revised|reviewed|refreshed|last\s+checked|verified", re.IGNORECASE)
_LABEL_WINDOW = 80  # characters of tag-stripped text before a date read for its label


def _day_patterns(day: dt.date) -> re.Pattern[str]:
    """Every usual way to write ``day``."""
    y, m, d = day.year, day.month, day.day
    month = _MONTHS[m - 1]
    sept = r"|sept\.?" if m == 9 else ""
    names = rf"(?:{month}|{month[:3]}\.?{sept})"
    forms = [
        rf"{y}-0?{m}-0?{d}(?!\d)", rf"{y}/0?{m}/0?{d}(?!\d)", rf"{y}\.0?{m}\.0?{d}(?!\d)", rf"{y}{m:02d}{d:02d}(?!\d)",
        rf"(?<!\d)0?{m}[/.-]0?{d}[/.-](?:{y}|{y % 100:02d})(?!\d)",
        rf"(?<!\d)0?{d}[/.-]0?{m}[/.-](?:{y}|{y % 100:02d})(?!\d)",
        rf"{names}\s*0?{d}(?:st|nd|rd|th)?,?\s*{y}", rf"(?<!\d)0?{d}(?:st|nd|rd|th)?\s*(?:of\s+)?{names},?\s*{y}",
    ]
    return re.compile("|".join(f"(?:{f})" for f in forms), re.IGNORECASE)


def _text(markup: str) -> str:
    """The markup with tags as spaces and entities decoded (scripts kept: JSON-LD is evidence)."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


_MODIFIED_KEY = re.compile(r"(?:modif|updat|lastmod|last_publication)\w*[\"']?\s*[:=]?\s*(?:content=)?[\"']?\s*$",
                           re.IGNORECASE)
_PUBLISHED_KEY = re.compile(r"(?:publish|pubdate|created|first_publication|issued)\w*[\"']?\s*[:=]\s*"
                            r"(?:content=)?[\"']?\s*$", re.IGNORECASE)


def _classify_occurrences(markup: str, day: dt.date) -> str:
    """'absent'; 'shown' when a publication key states the day ("datePublished",
    ``data-pubdate``) or a visible date says it without an update label, unless the page's
    modification metadata states that very day (then the page shows its update date);
    'updated' otherwise."""
    pattern = _day_patterns(day)
    raw_hits = list(pattern.finditer(markup))
    if not raw_hits:
        return "absent"  # (epoch numbers of that day in scripts are no date a reader or a rule sees)
    befores = [markup[max(0, hit.start() - 60): hit.start()].replace("\\", "") for hit in raw_hits]
    if any(_PUBLISHED_KEY.search(before) for before in befores):
        return "shown"
    if any(_MODIFIED_KEY.search(before) for before in befores):
        return "updated"  # the page's own metadata calls this day its modification
    visible = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", markup)
    text = _text(visible)
    for hit in pattern.finditer(text):
        before = text[max(0, hit.start() - _LABEL_WINDOW): hit.start()]
        last = re.split(r"\d{4}", before)[-1]  # the label after any earlier date
        if not _UPDATE_LABEL.search(last):
            return "shown"
    return "updated" if pattern.search(text) else "shown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("details", help="eval_extract.py --details-out file (WCXB dev)")
    parser.add_argument("--list", action="store_true", help="print every missed page with its class")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    dated = hits = 0
    for line in Path(args.details).read_text().splitlines():
        row = json.loads(line)
        gold = (row.get("gold") or {}).get("published")
        if row.get("dataset") != "wcxb" or not gold or len(gold) < 10:
            continue  # the scorer compares days: a month-only gold ("2015-11") is not counted
        dated += 1
        if (row.get("scores") or {}).get("date_ok"):
            hits += 1
            continue
        pred = (row.get("pred") or {}).get("published") or ""
        ident = row["id"].split("/")[-1]
        markup = gzip.decompress((DATA / "wcxb" / "dev" / "html" / f"{ident}.html.gz").read_bytes()).decode(
            "utf-8", "replace")
        if True:
            day = dt.date.fromisoformat(gold[:10])
            found = _classify_occurrences(markup, day)
            shifted = pred and len(pred) > 10 and abs((dt.date.fromisoformat(pred[:10]) - day).days) == 1
            if found == "absent":
                kind = "absent"
            elif shifted:
                kind = "timezone"
            elif found == "updated":
                kind = "updated"
            else:
                kind = "no content" if row.get("error") else "shown"
        counts[kind] += 1
        if args.list:
            print(f"{ident}\t{kind}\tgold {gold}\tpred {pred[:25] or '-'}\t{row.get('url', '')[:80]}")
    print(f"dated pages: {dated}; same day: {hits} ({hits / max(dated, 1):.3f}); missed: {dated - hits}")
    for kind, n in counts.most_common():
        print(f"  {kind}: {n}")
    attainable = hits + counts["shown"] + counts["timezone"]
    print(f"attainable maximum (hits + shown + timezone): {attainable} / {dated} = {attainable / max(dated, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
