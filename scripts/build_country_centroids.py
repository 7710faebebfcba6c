"""Rebuild ``src/eventwire/data/country_centroids.csv``: one point per country, where GeoNames and
geoparsing gold data place a country (its centre, not its capital).

The points are the centroids of each country's largest polygon in the shipped basemap
(``data/basemap/countries.geojson``: world-atlas / Natural Earth, public domain; see
``data/basemap/LICENSE-world-atlas``). The largest polygon, so that France is not pulled into the
Atlantic by its overseas departments nor the United States into the Pacific by Hawaii.

    .venv/bin/python scripts/build_country_centroids.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data"


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a closed lon/lat ring by the shoelace formula (planar: good enough for a
    label point)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """A ring cut at the antimeridian (Russia, Fiji: longitudes from -180 to 180) made continuous."""
    xs = [p[0] for p in ring]
    if max(xs) - min(xs) <= 180:
        return ring
    return [[x + 360 if x < 0 else x, y] for x, y in ring]


def largest_polygon_centroid(geometry: dict) -> tuple[float, float, float]:
    """(area, lat, lon) of the geometry's largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best = max((ring_centroid(unwrapped(polygon[0])) for polygon in polygons), key=lambda c: c[0])
    lon = (best[1] + 180) % 360 - 180
    return best[0], round(best[2], 4), round(lon, 4)


def main() -> None:
    features = json.loads((DATA / "basemap" / "countries.geojson").read_text())["features"]
    best: dict[str, tuple[float, float, float]] = {}
    for feature in features:
        country = pycountry.countries.get(numeric=str(feature["properties"].get("id", "")).zfill(3))
        if country is None or not feature.get("geometry"):
            continue  # disputed areas without an ISO code (Kosovo, N. Cyprus, Somaliland)
        area, lat, lon = largest_polygon_centroid(feature["geometry"])
        # Some ISO codes have several features ("Ashmore and Cartier Is." is Australia's 036 too):
        # the country's largest polygon wins.
        if country.alpha_2 not in best or area > best[country.alpha_2][0]:
            best[country.alpha_2] = (area, lat, lon)
    rows = [(cc, lat, lon) for cc, (_, lat, lon) in best.items()]
    out = DATA / "country_centroids.csv"
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["country_code", "latitude", "longitude"])
        writer.writerows(sorted(rows))
    print(f"{len(rows)} countries -> {out}")


if __name__ == "__main__":
    main()
