// The incident map, drawn as SVG from the outlines ReliefHub serves itself (no tiles, no
// CDN): counties shaded by how much of their need is still uncovered (urgency-weighted),
// blind spots hatched, the worst counties labelled with their share so the map reads
// without colour. A click (or Enter) on a county calls onSelect(code, name). Needs, offers
// and dispatches under way lie above the counties (js/map_layers.js).
import { gql } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { mapLayers } from "./map_layers.js";
import { pathOf, projection } from "./geo.js";
import { svg } from "./svg.js";

const WIDTH = 1000;
const COVERAGE = `query MapCoverage($id: ID!) { node(id: $id) { ... on Incident { id regions { code }
  coverage { byRegion { regionCode needCount gapCount weightedCoveredShare }
    blindSpots { region { code } } } } } }`;

// Uncovered share -> fill, darkest for the least covered; the same steps as the legend.
export const BANDS = [
  { from: 0.75, fill: "#a50f15", key: "map.band4" },
  { from: 0.5, fill: "#de2d26", key: "map.band3" },
  { from: 0.25, fill: "#fb6a4a", key: "map.band2" },
  { from: 0, fill: "#fcbba1", key: "map.band1" },
];
export const NO_NEED = "#eef1f5";
// Nothing uncovered: a fill of its own (green, light), not the palest red of a county
// still a quarter short.
export const COVERED = { fill: "#a1d99b", key: "map.covered" };
let serial = 0;

export function bandOf(uncovered) {
  if (uncovered === null) return null;
  return uncovered <= 0 ? COVERED : BANDS.find((b) => uncovered >= b.from);
}

function legend(...more) {
  // Through the CSSOM, which the page's CSP allows; style attributes it would not.
  return h("ul.map-legend", {},
    [...BANDS, COVERED].map((b) => h("li", {}, h("span.swatch", { style: `background: ${b.fill}` }), t(b.key))),
    h("li", {}, h("span.swatch", { style: `background: ${NO_NEED}` }), t("map.noNeed")),
    h("li", {}, h("span.swatch.hatched"), t("map.blindSpot")), more);
}

/** The map of an incident's counties; resolves to an element. `dispatches`: draw those
 * under way (for viewers who may read them). */
export async function incidentMap(incidentId, onSelect, { dispatches = false } = {}) {
  const incident = (await gql(COVERAGE, { id: incidentId })).node;
  const within = incident.regions.map((r) => r.code).join(",");
  const response = await fetch(`/maps/regions.geojson?within=${encodeURIComponent(within)}`);
  if (!response.ok) return h("p.status.error", { text: t("map.unavailable") });
  const { features } = await response.json();
  if (!features.length) return h("p", { text: t("map.unavailable") });
  const byCode = new Map(incident.coverage.byRegion.map((r) => [r.regionCode, r]));
  const blind = new Set(incident.coverage.blindSpots.map((b) => b.region.code));
  const { height, at } = projection(features, WIDTH);
  const hatchId = `hatch-${++serial}`;
  const shapes = [];
  const labels = [];
  const ranked = [];
  const selects = new Map();
  const centroids = new Map(features.map((f) => [f.properties.code, [f.properties.longitude, f.properties.latitude]]));
  for (const feature of features) {
    const { code, name, latitude, longitude } = feature.properties;
    const region = byCode.get(code);
    const uncovered = region && region.weightedCoveredShare !== null ? 1 - region.weightedCoveredShare : null;
    const band = bandOf(uncovered);
    const d = pathOf(feature.geometry, at);
    const share = uncovered === null ? "" : `${Math.round(uncovered * 100)}%`;
    const says = uncovered === null ? t("map.noNeed") : uncovered <= 0 ? t("map.covered") : t("map.uncovered", { share });
    const county = svg("path", {
      d, fill: band ? band.fill : NO_NEED, "fill-rule": "evenodd", class: "county",
      "data-code": code, "data-uncovered": uncovered === null ? "" : uncovered.toFixed(4),
      "data-blind-spot": blind.has(code) ? "true" : null,
      role: "button", tabindex: "0", "aria-label": `${name}: ${says}${blind.has(code) ? `, ${t("map.blindSpot")}` : ""}`,
    }, svg("title", {}, document.createTextNode(`${name} · ${says}`)));
    const select = () => onSelect && onSelect(code, name);
    selects.set(code, select);
    county.addEventListener("click", select);
    county.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(); } });
    shapes.push(county);
    if (blind.has(code)) shapes.push(svg("path", { d, fill: `url(#${hatchId})`, "fill-rule": "evenodd", class: "blind-spot", "pointer-events": "none" }));
    if (uncovered !== null) ranked.push({ uncovered, code });
    const [x, y] = at([longitude, latitude]);
    labels.push({ code, x, y, name, share });
  }
  // The three least covered carry their share in words beside the colour.
  const worst = new Set(ranked.sort((a, b) => b.uncovered - a.uncovered).slice(0, 3).filter((r) => r.uncovered > 0).map((r) => r.code));
  const text = labels.map((l) => svg("text", { x: l.x.toFixed(1), y: l.y.toFixed(1), class: worst.has(l.code) ? "map-label worst" : "map-label", "text-anchor": "middle", "pointer-events": "none" },
    document.createTextNode(worst.has(l.code) ? `${l.name} ${l.share}` : l.name)));
  const hatch = svg("defs", {},
    svg("pattern", { id: hatchId, patternUnits: "userSpaceOnUse", width: 12, height: 12, patternTransform: "rotate(45)" },
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 12, stroke: "#1d2530", "stroke-width": 3 })));
  const above = await mapLayers(incidentId, at, centroids, { dispatches, select: (code) => selects.get(code)?.() });
  hatch.append(above.defs);
  const map = svg("svg", {
    viewBox: `-10 -10 ${WIDTH + 20} ${height + 20}`, class: "incident-map", role: "group",
    "aria-label": t("map.title"), "data-testid": "incident-map",
  }, hatch, svg("g", {}, shapes), above.layer, svg("g", {}, text));
  return h("div.map", {}, map, legend(...above.legend));
}
