#!/usr/bin/env bash
# Re-create marsad/web/static/vendor/ from the npm registry.
#
#   bash scripts/vendor-assets.sh
#
# Needs node and npm (Node.js >= 18). Nothing is installed globally: each package is fetched
# with `npm pack` into a temporary folder, its tarball is checked against the integrity hash
# pinned below, and only the files the web pages need are copied. The world outline is
# converted from TopoJSON to GeoJSON here, once, so that no TopoJSON library is served.
#
# Vendored (all pinned; bump the version AND the integrity together):
#   leaflet          1.9.4  BSD-2-Clause  dist/leaflet.js, dist/leaflet.css, dist/images/
#   world-atlas      2.0.2  ISC (data: Natural Earth 4.1.0, public domain)  countries-110m.json
#   topojson-client  3.1.0  ISC  used here at vendoring time only, not copied
#   swagger-ui-dist  5.35.0 Apache-2.0  swagger-ui-bundle.js, swagger-ui.css (the /docs page)
#   redoc            2.5.2  MIT  bundles/redoc.standalone.js (the /redoc page)
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=marsad/web/static/vendor

LEAFLET=1.9.4
LEAFLET_SHA=sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==
ATLAS=2.0.2
ATLAS_SHA=sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==
TOPOJSON=3.1.0
TOPOJSON_SHA=sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==
SWAGGER=5.35.0
SWAGGER_SHA=sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==
REDOC=2.5.2
REDOC_SHA=sha512-sTJfItvRkcDTojB6wdLN4M+Ua6mlZwElV21Tf8Mn7IbQF/1Os6GvgQpZyLWPGZZHbhy7GC1Or1hTMHfz1vKh5A==

command -v node >/dev/null && command -v npm >/dev/null || {
  echo "vendor-assets: node and npm are needed (apt-get install -y nodejs npm)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# fetch NAME VERSION INTEGRITY -> unpacks into $TMP/NAME/package
fetch() {
  local name=$1 version=$2 want=$3 got tgz
  got=$(cd "$TMP" && npm pack --silent --json "$name@$version" |
        node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s)[0];console.log(p.integrity+" "+p.filename)})')
  tgz=${got#* }
  if [ "${got%% *}" != "$want" ]; then
    echo "vendor-assets: integrity of $name@$version is ${got%% *}, expected $want" >&2; exit 1
  fi
  mkdir -p "$TMP/$name"
  tar -xzf "$TMP/$tgz" -C "$TMP/$name"
  echo "fetched $name@$version"
}

fetch leaflet "$LEAFLET" "$LEAFLET_SHA"
fetch world-atlas "$ATLAS" "$ATLAS_SHA"
fetch topojson-client "$TOPOJSON" "$TOPOJSON_SHA"
fetch swagger-ui-dist "$SWAGGER" "$SWAGGER_SHA"
fetch redoc "$REDOC" "$REDOC_SHA"

rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/world" "$DEST/swagger-ui" "$DEST/redoc"

# Leaflet: the minified build, its stylesheet and images, and the licence.
L="$TMP/leaflet/package"
cp "$L/dist/leaflet.js" "$L/dist/leaflet.css" "$DEST/leaflet/"
cp "$L"/dist/images/*.png "$DEST/leaflet/images/"
cp "$L/LICENSE" "$DEST/leaflet/LICENSE"
# Drop the source-map comment: the map file is not vendored.
sed -i '/^\/\/# sourceMappingURL=/d' "$DEST/leaflet/leaflet.js"

# Swagger UI (/docs): the bundle, its stylesheet, the licence, the notice and the bundle's third-party
# licences; ReDoc (/redoc): the standalone bundle and its licences. Source-map comments are dropped.
S="$TMP/swagger-ui-dist/package"
cp "$S/swagger-ui-bundle.js" "$S/swagger-ui-bundle.js.LICENSE.txt" "$S/swagger-ui.css" "$S/LICENSE" "$S/NOTICE" \
  "$DEST/swagger-ui/"
R="$TMP/redoc/package"
cp "$R/bundles/redoc.standalone.js" "$R/bundles/redoc.standalone.js.LICENSE.txt" "$R/LICENSE" "$DEST/redoc/"
sed -i '/^\/\/# sourceMappingURL=/d' "$DEST/swagger-ui/swagger-ui-bundle.js" "$DEST/redoc/redoc.standalone.js"
sed -i 's|/\*# sourceMappingURL=swagger-ui.css.map\*/||' "$DEST/swagger-ui/swagger-ui.css"

# World outline: TopoJSON -> GeoJSON FeatureCollection of countries (name and ISO numeric id),
# coordinates rounded to 0.01 degree (about 1 km; the source is 1:110m). Rings that cross the 180°
# meridian (Russia's Chukotka, Fiji) are unwrapped so that no edge spans more than 180° of longitude
# (it would be drawn across the whole map); a ring around a pole (Antarctica) is closed along it.
W="$TMP/world-atlas/package"
node - "$TMP/topojson-client/package/dist/topojson-client.js" "$W/countries-110m.json" \
  "$DEST/world/countries-110m.geojson" <<'JS'
const fs = require("fs");
const [topojsonPath, inPath, outPath] = process.argv.slice(2);
const topojson = require(topojsonPath);
const world = JSON.parse(fs.readFileSync(inPath, "utf8"));
const fc = topojson.feature(world, world.objects.countries);
const round = (c) => (typeof c[0] === "number"
  ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100]
  : c.map(round));
// Drop consecutive duplicate points left by the rounding.
const dedupe = (ring) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
// Each point's longitude shifted by a multiple of 360 so that it is within 180 of the previous one.
const unwrap = (ring) => {
  const out = [ring[0]];
  for (const [lon, lat] of ring.slice(1)) {
    const prev = out[out.length - 1][0];
    out.push([lon + 360 * Math.round((prev - lon) / 360), lat]);
  }
  const [first, last] = [out[0], out[out.length - 1]];
  if (last[0] === first[0]) return out;
  // The ring goes once around a pole: close it along that pole, in steps of 90 degrees.
  const pole = first[1] < 0 ? -90 : 90;
  const step = last[0] > first[0] ? -90 : 90;
  for (let lon = last[0]; step < 0 ? lon >= first[0] : lon <= first[0]; lon += step) out.push([lon, pole]);
  out.push(first);
  return out;
};
const clean = (geom) => {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  const out = polys.map((poly) => round(poly).map(dedupe).map(unwrap).filter((ring) => ring.length >= 4));
  const kept = out.filter((poly) => poly.length > 0);
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] }
                           : { type: "MultiPolygon", coordinates: kept };
};
const features = fc.features
  .filter((f) => f.geometry)
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name },
                 geometry: clean(f.geometry) }));
fs.writeFileSync(outPath, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(`wrote ${features.length} countries to ${outPath}`);
JS
cp "$W/LICENSE" "$DEST/world/LICENSE"
cat > "$DEST/world/README.md" <<MD
# World outline

\`countries-110m.geojson\` is the \`countries\` object of \`countries-110m.json\` from the npm
package **world-atlas@$ATLAS** (ISC licence, see LICENSE; © Michael Bostock), converted from
TopoJSON to GeoJSON with **topojson-client@$TOPOJSON** (ISC) and coordinates rounded to 0.01°.

The geometry is Natural Earth 4.1.0, Admin 0 country boundaries at 1:110m, which is in the
public domain (https://www.naturalearthdata.com/about/terms-of-use/). Each feature keeps the
English country name (\`properties.name\`) and the ISO 3166-1 numeric code (\`id\`).

Re-create with \`bash scripts/vendor-assets.sh\`.
MD

cat > "$DEST/README.md" <<MD
# Vendored front-end assets

Created by \`scripts/vendor-assets.sh\` from the npm registry; do not edit by hand.

| folder | package | version | licence |
| --- | --- | --- | --- |
| leaflet/ | leaflet | $LEAFLET | BSD-2-Clause (leaflet/LICENSE) |
| world/ | world-atlas (Natural Earth 4.1.0 data, public domain), converted with topojson-client $TOPOJSON | $ATLAS | ISC (world/LICENSE) |
| swagger-ui/ | swagger-ui-dist (the /docs page) | $SWAGGER | Apache-2.0 (swagger-ui/LICENSE, swagger-ui/NOTICE) |
| redoc/ | redoc, standalone bundle (the /redoc page) | $REDOC | MIT (redoc/LICENSE) |
MD

du -sh "$DEST"
