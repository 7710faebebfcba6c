"""Convert Natural Earth's admin-1 boundary *lines* shapefile to a small GeoJSON basemap layer.

Usage: python3 admin1_lines_to_geojson.py LINES.shp COUNTRIES.geojson OUTPUT.geojson

Standard library only, so the build needs no GIS packages. The input is the ``.shp`` of
``ne_10m_admin_1_states_provinces_lines`` (polylines, shipped without its ``.dbf``, so without
names); each line is simplified (Douglas-Peucker, 0.02 degree), its coordinates rounded to 0.01 degree
(~1 km, as for the country layer), and tagged with the country (``countries.geojson`` name) that
contains its middle vertex, so the front end can say whose provinces it draws.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path
from typing import Iterator

Point = tuple[float, float]
Ring = list[Point]
TOLERANCE_DEGREES = 0.02  # well under a pixel at zoom 5, where the layer first shows
PRECISION = 2  # decimal places: 0.01 degree
SHAPE_POLYLINE = 3


def read_polylines(shp: bytes) -> Iterator[list[list[Point]]]:
    """Each record of a polyline shapefile as its list of parts (the .shp format is public, ESRI 1998)."""
    (shape_type,) = struct.unpack("<i", shp[32:36])
    if shape_type != SHAPE_POLYLINE:
        raise SystemExit(f"Expected a polyline shapefile (type 3), got type {shape_type}.")
    offset = 100
    while offset < len(shp):
        (content_words,) = struct.unpack(">i", shp[offset + 4:offset + 8])
        record = shp[offset + 8:offset + 8 + 2 * content_words]
        offset += 8 + 2 * content_words
        (record_type,) = struct.unpack("<i", record[:4])
        if record_type != SHAPE_POLYLINE:
            continue  # a null shape
        num_parts, num_points = struct.unpack("<2i", record[36:44])
        starts = list(struct.unpack(f"<{num_parts}i", record[44:44 + 4 * num_parts]))
        flat = struct.unpack(f"<{2 * num_points}d", record[44 + 4 * num_parts:44 + 4 * num_parts + 16 * num_points])
        points = list(zip(flat[0::2], flat[1::2]))
        yield [points[a:b] for a, b in zip(starts, starts[1:] + [num_points])]


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (a 10 m line can have thousands of vertices: no deep recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        farthest, distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > distance:
                farthest, distance = i, d
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, k in zip(points, keep) if k]


def rounded(points: list[Point]) -> list[list[float]]:
    """Coordinates at PRECISION decimals, consecutive duplicates (created by rounding) dropped."""
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, PRECISION), round(y, PRECISION)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def load_countries(path: Path) -> list[tuple[str, tuple[float, float, float, float], list[Ring]]]:
    """(name, bbox, rings) per country; holes are kept as rings, the even-odd test handles them."""
    countries = []
    for feature in json.loads(path.read_text())["features"]:
        geometry = feature["geometry"]
        if not geometry:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [[(x, y) for x, y in ring] for polygon in polygons for ring in polygon]
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        countries.append((feature["properties"]["name"], (min(xs), min(ys), max(xs), max(ys)), rings))
    return countries


def inside(point: Point, rings: list[Ring]) -> bool:
    """Even-odd point-in-polygon over all rings."""
    x, y = point
    result = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            (xi, yi), (xj, yj) = ring[i], ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                result = not result
            j = i
    return result


def country_of(parts: list[list[Point]], countries) -> str | None:
    """The country containing the line's middle vertex (an admin-1 line lies inside one country)."""
    longest = max(parts, key=len)
    point = longest[len(longest) // 2]
    for name, (west, south, east, north), rings in countries:
        if west <= point[0] <= east and south <= point[1] <= north and inside(point, rings):
            return name
    return None


def main(shp_path: str, countries_path: str, output: str) -> None:
    countries = load_countries(Path(countries_path))
    features = []
    for parts in read_polylines(Path(shp_path).read_bytes()):
        lines = [line for line in (rounded(simplify(p, TOLERANCE_DEGREES)) for p in parts) if len(line) >= 2]
        if not lines:
            continue
        features.append({"type": "Feature", "properties": {"country": country_of(parts, countries)},
                         "geometry": {"type": "MultiLineString", "coordinates": lines}})
    Path(output).write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{output}: {len(features)} features")


if __name__ == "__main__":
    main(*sys.argv[1:4])
