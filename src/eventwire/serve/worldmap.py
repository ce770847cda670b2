"""The world outline the map page draws: country shapes as SVG paths, bundled as ``static/world.json``.

The bundled file is derived from Natural Earth's public-domain 1:110m
country polygons (as shipped in the ``naturalearth_lowres`` shapefile of
older ``geopandas`` releases) by ``python -m eventwire.serve.worldmap
naturalearth_lowres.shp``: our own small ESRI shapefile/dBASE reader, a
Douglas-Peucker simplification, and an equirectangular projection
(x = lon + 180, y = 90 - lat, so the SVG viewBox is ``0 0 360 180``).
Nothing is fetched at run time.
"""

from __future__ import annotations

import json
import logging
import struct
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 360.0, 180.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: degrees to SVG user units in the 360 x 180 viewBox."""
    return lon + 180.0, 90.0 - lat


# ------------------------------------------------------------------ reading a shapefile (polygons only)


def read_polygons(shp_path: str | Path) -> list[list[list[tuple[float, float]]]]:
    """Each record of a polygon shapefile as a list of rings of (lon, lat)."""
    data = Path(shp_path).read_bytes()
    shapes = []
    pos = 100  # the file header
    while pos + 8 <= len(data):
        _number, words = struct.unpack(">ii", data[pos:pos + 8])
        content = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type not in (5, 15, 25):  # polygon, polygonZ, polygonM
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44:44 + 4 * num_parts]))
        start = 44 + 4 * num_parts
        coords = struct.unpack(f"<{2 * num_points}d", content[start:start + 16 * num_points])
        points = list(zip(coords[0::2], coords[1::2]))
        bounds = parts + [num_points]
        shapes.append([points[bounds[i]:bounds[i + 1]] for i in range(num_parts)])
    return shapes


def read_dbf(dbf_path: str | Path) -> list[dict[str, str]]:
    """The attribute rows of a dBASE file, values as stripped strings."""
    data = Path(dbf_path).read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for n in range(count):
        record = data[header_len + n * record_len:header_len + (n + 1) * record_len]
        if record[:1] == b"*":
            continue
        row, offset = {}, 1
        for name, length in fields:
            row[name] = record[offset:offset + length].decode("utf-8", "replace").strip()
            offset += length
        rows.append(row)
    return rows


# ------------------------------------------------------------------ simplification


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative: keep the points farther than ``tolerance`` from the chord."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > best:
                best, index = dist, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_path(ring: list[tuple[float, float]], tolerance: float) -> str:
    simple = simplify(ring, tolerance)
    if len(simple) < 4:  # a ring that collapses to a sliver at this scale
        return ""
    xy = [project(lon, lat) for lon, lat in simple[:-1]]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z"


def build(shp_path: str | Path, tolerance: float = 0.15, min_lat: float = -60.0) -> dict:
    """Country outlines from a Natural Earth countries shapefile (with its .dbf beside it)."""
    shp_path = Path(shp_path)
    shapes = read_polygons(shp_path)
    rows = read_dbf(shp_path.with_suffix(".dbf"))
    countries = []
    for rings, row in zip(shapes, rows):
        iso = row.get("iso_a3") or row.get("ISO_A3") or ""
        name = row.get("name") or row.get("NAME") or ""
        if not rings or max(lat for ring in rings for _, lat in ring) < min_lat:
            continue  # Antarctica
        path = "".join(ring_path(ring, tolerance) for ring in rings)
        if path:
            countries.append({"iso3": iso if iso != "-99" else "", "name": name, "d": path})
    return {"source": "Natural Earth 1:110m countries (public domain), simplified", "viewBox": [0, 0, WIDTH, HEIGHT],
            "countries": countries}


@lru_cache(maxsize=1)
def world() -> dict:
    """The bundled outline (empty when the file is missing)."""
    try:
        raw = (resources.files("eventwire.serve") / "static" / "world.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        log.warning("static/world.json is missing: the map has no outline")
        return {"viewBox": [0, 0, WIDTH, HEIGHT], "countries": []}
    return json.loads(raw)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m eventwire.serve.worldmap COUNTRIES.shp [OUT.json]", file=sys.stderr)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "static" / "world.json"
    result = build(argv[0])
    out.write_text(json.dumps(result, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{len(result['countries'])} countries -> {out} ({out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
