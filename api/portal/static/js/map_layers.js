// What lies on the incident map above its counties: needs as circles and offers as
// squares where they have a point, dispatches under way as dashed arrows from the
// provider's base to the need. Shapes, not colours, tell them apart. The API decides
// what each viewer may see: a need naming special groups comes without its point to
// the public, and is then left to its county's shading.
import { gql } from "./api.js";
import { categoryName, unitOf } from "./catalog.js";
import { h } from "./dom.js";
import { formatNumber, t } from "./i18n.js";
import { svg, title } from "./svg.js";

const POINT = `latitude longitude`;
const PAGE = `totalCount pageInfo { hasNextPage endCursor }`;
const NEEDS = `query MapNeeds($id: ID!, $after: String) { needs(first: 100, after: $after, filter: { incidentId: $id }) {
  ${PAGE} nodes { id status quantity category { code } region { code } location { ${POINT} } } } }`;
const OFFERS = `query MapOffers($id: ID!, $after: String) { offers(first: 100, after: $after, filter: { incidentId: $id }) {
  ${PAGE} nodes { id status quantity category { code } baseLocation { ${POINT} } } } }`;
// Only those under way are drawn: one list per status, so the delivered ones never load.
const DISPATCHES = `query MapDispatches($id: ID!, $after: String, $status: DispatchStatus) {
  dispatches(first: 100, after: $after, filter: { incidentId: $id, status: $status }) {
  ${PAGE} nodes { id code status allocation { quantity
    need { id category { code } region { code } location { ${POINT} } }
    offer { id baseLocation { ${POINT} } origin { ${POINT} } } } } } }`;
// A bound on the pages one layer reads (100 rows each), so a huge incident cannot stall
// the map; what lies past it is left to the counties' shading.
export const MAX_PAGES = 50;

export const UNDER_WAY = ["ISSUED", "ACKNOWLEDGED", "EN_ROUTE"];
const CLOSED_NEED = ["CANCELLED", "EXPIRED", "FULFILLED"];
const OPEN_OFFER = ["AVAILABLE", "EXHAUSTED"];
let serial = 0;

function lonLat(point) {
  return [point.longitude, point.latitude];
}

function xy(at, lonLatPair) {
  return at(lonLatPair).map((v) => v.toFixed(1));
}

function needPoint(need, at, select) {
  const [cx, cy] = xy(at, lonLat(need.location));
  const what = `${categoryName(need.category.code)} ${formatNumber(need.quantity)} ${unitOf(need.category.code)}`;
  const dot = svg("circle", { cx, cy, r: 16, class: "need-point", "data-id": need.id, "data-region": need.region.code },
    title(t("map.needPoint", { what })));
  dot.addEventListener("click", () => select(need.region.code));
  return dot;
}

function offerPoint(offer, at) {
  const [x, y] = xy(at, lonLat(offer.baseLocation));
  const what = `${categoryName(offer.category.code)} ${formatNumber(offer.quantity)} ${unitOf(offer.category.code)}`;
  return svg("rect", { x: (x - 14).toFixed(1), y: (y - 14).toFixed(1), width: 28, height: 28, class: "offer-point", "data-id": offer.id },
    title(t("map.offerPoint", { what })));
}

function dispatchLine(dispatch, at, centroids, arrow) {
  const { need, offer, quantity } = dispatch.allocation;
  const to = need.location ? lonLat(need.location) : centroids.get(need.region.code);
  // The API's origin: the base, else the organization's county's centre (as matching
  // measured the distance from), which the line's title then says.
  const from = offer.origin || offer.baseLocation;
  if (!from || !to) return null;
  const [x1, y1] = xy(at, lonLat(from));
  const [x2, y2] = xy(at, to);
  const what = `${categoryName(need.category.code)} ${formatNumber(quantity)} ${unitOf(need.category.code)}`;
  const estimated = !offer.baseLocation;
  const says = t("map.dispatchLine", { code: dispatch.code, what }) + (estimated ? ` (${t("map.fromCountyCentre")})` : "");
  return svg("line", { x1, y1, x2, y2, class: estimated ? "dispatch-line estimated" : "dispatch-line", "marker-end": `url(#${arrow})`,
    "data-id": dispatch.id, "data-code": dispatch.code, "data-from-centre": estimated ? "true" : null }, title(says));
}

/** Every node of a list, page after page (up to MAX_PAGES). */
async function nodes(query, variables) {
  const all = [];
  let after = null;
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const list = Object.values(await gql(query, { ...variables, after }))[0];
      all.push(...list.nodes);
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
    }
  } catch {
    // A layer the viewer may not read leaves the map as it is.
  }
  return all;
}

/** The layers of an incident's map, for its projection `at` and counties' inner points. */
export async function mapLayers(incidentId, at, centroids, { dispatches = false, select = () => {} } = {}) {
  const id = incidentId;
  const [needs, offers, ...sent] = await Promise.all([
    nodes(NEEDS, { id }),
    nodes(OFFERS, { id }),
    ...(dispatches ? UNDER_WAY.map((status) => nodes(DISPATCHES, { id, status })) : []),
  ]);
  const arrowId = `map-arrow-${++serial}`;
  const arrow = svg("marker", { id: arrowId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: "auto-start-reverse" },
    svg("path", { d: "M0 0L10 5L0 10Z", class: "dispatch-arrow" }));
  const lines = sent.flat().filter((d) => UNDER_WAY.includes(d.status)).map((d) => dispatchLine(d, at, centroids, arrowId)).filter(Boolean);
  const needDots = needs.filter((n) => n.location && !CLOSED_NEED.includes(n.status)).map((n) => needPoint(n, at, select));
  const offerDots = offers.filter((o) => o.baseLocation && OPEN_OFFER.includes(o.status)).map((o) => offerPoint(o, at));
  return {
    defs: arrow,
    layer: svg("g", { class: "map-points" }, lines, offerDots, needDots),
    legend: [
      h("li", {}, symbol(svg("circle", { cx: 9, cy: 9, r: 6, class: "need-point" })), t("map.legendNeed")),
      h("li", {}, symbol(svg("rect", { x: 3, y: 3, width: 12, height: 12, class: "offer-point" })), t("map.legendOffer")),
      dispatches ? h("li", {}, symbol(svg("line", { x1: 1, y1: 9, x2: 28, y2: 9, class: "dispatch-line" }), 30), t("map.legendDispatch")) : null,
    ],
  };
}

function symbol(shape, width = 18) {
  return svg("svg", { class: "legend-symbol", viewBox: `0 0 ${width} 18`, width, height: 18, "aria-hidden": "true" }, shape);
}
