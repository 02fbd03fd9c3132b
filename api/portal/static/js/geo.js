// Plane geometry for the maps: GeoJSON rings, a projection fitting a set of outlines (and
// any extra points) into a width, and SVG paths. Longitudes are shrunk by the cosine of
// the middle latitude, so a kilometre is as long east-west as north-south.
export const KM_PER_DEGREE = 111.32;

export function rings(geometry) {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/** {height, at([lon, lat]) -> [x, y], back([x, y]) -> [lon, lat], perKm} fitting the
 * features' outlines and the `extra` [lon, lat] points into `width`. */
export function projection(features, width, extra = []) {
  const points = [...features.flatMap((f) => rings(f.geometry).flat()), ...extra];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const shrink = Math.cos(((south + north) / 2) * (Math.PI / 180));
  const scale = width / Math.max((east - west) * shrink, 1e-9);
  const height = Math.max(Math.ceil((north - south) * scale), 1);
  return {
    height,
    at: ([lon, lat]) => [(lon - west) * shrink * scale, (north - lat) * scale],
    back: ([x, y]) => [west + x / (shrink * scale), north - y / scale],
    perKm: scale / KM_PER_DEGREE,
  };
}

export function pathOf(geometry, at) {
  return rings(geometry).map((ring) => "M" + ring.map((p) => at(p).map((v) => v.toFixed(1)).join(" ")).join("L") + "Z").join("");
}

/** The [lon, lat] corners of the box holding a circle of `km` around [lon, lat]. */
export function circleBox([lon, lat], km) {
  const dLat = km / KM_PER_DEGREE;
  const dLon = km / (KM_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 1e-6));
  return [[lon - dLon, lat - dLat], [lon + dLon, lat + dLat]];
}
