// Convert one object of a TopoJSON file to a GeoJSON FeatureCollection with rounded coordinates.
// Usage: node topo_to_geojson.js INPUT.topojson OBJECT OUTPUT.geojson
const fs = require("fs");
const topojson = require("topojson-client");

const [input, objectName, output] = process.argv.slice(2);
const topology = JSON.parse(fs.readFileSync(input, "utf8"));
const collection = topojson.feature(topology, topology.objects[objectName]);

const round = (value) => Math.round(value * 100) / 100;
function roundCoordinates(coords) {
  if (typeof coords[0] === "number") return [round(coords[0]), round(coords[1])];
  return coords.map(roundCoordinates);
}
for (const feature of collection.features) {
  if (feature.geometry) feature.geometry.coordinates = roundCoordinates(feature.geometry.coordinates);
  feature.properties = { name: feature.properties.name, id: feature.id };
}
fs.writeFileSync(output, JSON.stringify(collection));
console.log(`${output}: ${collection.features.length} features`);
