// The offer form's service area, drawn as it is filled in: the chosen regions' counties
// shaded and named, the base point and the travel radius as a circle around it, over the
// counties of the organization's home prefecture. A click on the map sets the base point.
// A sentence under it says the same in words, so it reads without the picture. The need
// form's location map is the same drawing for one point: the need's county, its point,
// a click to set it (needPointMap).
import { gql } from "./api.js";
import { h } from "./dom.js";
import { formatNumber, t } from "./i18n.js";
import { circleBox, pathOf, projection } from "./geo.js";
import { svg, title } from "./svg.js";

const WIDTH = 600;
const HOME = `query OfferAreaHome { viewer { organization { region { code } } } }`;
const WAIT_MS = 250;
const outlines = new Map(); // the `within` list -> its features, fetched once per page

function subtreePrefix(code) {
  return code.endsWith("0000") ? code.slice(0, 2) : code.endsWith("00") ? code.slice(0, 4) : code;
}

async function features(within) {
  const key = [...new Set(within)].sort().join(",");
  if (!outlines.has(key)) {
    outlines.set(key, fetch(`/maps/regions.geojson?within=${encodeURIComponent(key)}`)
      .then((r) => (r.ok ? r.json() : { features: [] })).then((c) => c.features));
  }
  return outlines.get(key);
}

function number(form, name) {
  const input = form.elements.namedItem(name);
  const value = input && input.value.trim() !== "" ? Number(input.value) : NaN;
  return Number.isFinite(value) ? value : null;
}

function read(form) {
  const codes = (form.elements.namedItem("serviceRegionCodes")?.value || "").split(",").filter(Boolean);
  const [lat, lon, km] = [number(form, "latitude"), number(form, "longitude"), number(form, "maxTravelKm")];
  const base = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lon, lat] : null;
  return { codes, base, km: base && km !== null && km > 0 ? km : null };
}

function draw(all, area, onPick) {
  const chosenPrefixes = area.codes.map(subtreePrefix);
  const chosen = (code) => chosenPrefixes.some((p) => code.startsWith(p));
  const extra = area.base ? (area.km ? circleBox(area.base, area.km) : [area.base]) : [];
  const { height, at, back, perKm } = projection(all, WIDTH, extra);
  const shapes = all.map((f) => svg("path", {
    d: pathOf(f.geometry, at), class: chosen(f.id) ? "area-county chosen" : "area-county",
    "fill-rule": "evenodd", "data-code": f.id, "data-chosen": chosen(f.id) ? "true" : null,
  }, title(f.properties.name)));
  const names = all.filter((f) => chosen(f.id)).map((f) => {
    const [x, y] = at([f.properties.longitude, f.properties.latitude]);
    return svg("text", { x: x.toFixed(1), y: y.toFixed(1), class: "area-label", "text-anchor": "middle" },
      document.createTextNode(f.properties.name));
  });
  const reach = [];
  if (area.base) {
    const [cx, cy] = at(area.base).map((v) => v.toFixed(1));
    if (area.km) {
      reach.push(svg("circle", { cx, cy, r: (area.km * perKm).toFixed(1), class: "area-radius", "data-km": area.km },
        title(t("area.radius", { km: formatNumber(area.km) }))));
    }
    reach.push(svg("rect", { x: cx - 9, y: cy - 9, width: 18, height: 18, class: "offer-point area-base" }, title(t("area.base"))));
  }
  const pad = 12;
  const map = svg("svg", {
    viewBox: `${-pad} ${-pad} ${WIDTH + 2 * pad} ${height + 2 * pad}`, class: "area-map", role: "img",
    "aria-label": t("area.title"), "data-testid": "service-area-map", "data-per-km": perKm.toFixed(6),
  }, svg("g", {}, shapes), svg("g", {}, reach), svg("g", {}, names));
  clickToPick(map, back, onPick);
  return map;
}

/** A click on `map` calls onPick([lon, lat]) of the point under it. */
function clickToPick(map, back, onPick) {
  map.addEventListener("click", (event) => {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(map.getScreenCTM().inverse());
    onPick(back([point.x, point.y]));
  });
}

/** Type a point into the form's latitude and longitude (null: empty them), as if typed. */
function setPoint(form, point) {
  for (const [name, value] of [["latitude", point?.[1]], ["longitude", point?.[0]]]) {
    const input = form.elements.namedItem(name);
    input.value = value === undefined ? "" : value.toFixed(4);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function summary(all, area) {
  const names = all.filter((f) => area.codes.some((c) => f.id.startsWith(subtreePrefix(c)))).map((f) => f.properties.name);
  const parts = [];
  if (names.length) parts.push(t("area.regions", { names: names.join("、") }));
  if (area.base && area.km) parts.push(t("area.within", { km: formatNumber(area.km) }));
  else if (area.base) parts.push(t("area.baseOnly"));
  return parts.length ? parts.join(" · ") : t("area.empty");
}

/** The service-area map of an offer form: put `element` among its fields, then `watch(form)`. */
export function serviceAreaMap() {
  const picture = h("div.area-picture");
  const words = h("p.hint", { "data-testid": "service-area-summary", "aria-live": "polite" });
  const legend = h("ul.map-legend", {},
    h("li", {}, h("span.swatch.area-chosen"), t("area.legendRegions")),
    h("li", {}, h("span.swatch.area-circle"), t("area.legendRadius")));
  const element = h("div.field.area", {}, h("span.label", { text: t("area.title") }), picture, legend, words,
    h("p.hint", { text: t("area.hint") }));
  let home = null;
  let drawn = 0;

  async function redraw(form) {
    const mine = ++drawn;
    const area = read(form);
    if (home === null) {
      const code = (await gql(HOME).catch(() => null))?.viewer?.organization?.region?.code;
      home = code ? [code.slice(0, 4) + "00"] : [];
    }
    const within = [...home, ...area.codes];
    const all = within.length ? await features(within) : [];
    if (mine !== drawn) return; // a later change's drawing wins
    words.textContent = summary(all, area);
    const pick = (point) => setPoint(form, point);
    picture.replaceChildren(all.length || area.base ? draw(all, area, pick) : h("p", { text: t("area.nothing") }));
  }

  function watch(form) {
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => redraw(form), WAIT_MS); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    redraw(form);
  }
  return { element, watch };
}

function drawPoint(all, region, base, onPick) {
  const { height, at, back } = projection(all, WIDTH, base ? [base] : []);
  const inside = (code) => region !== null && code.startsWith(subtreePrefix(region));
  const shapes = all.map((f) => svg("path", {
    d: pathOf(f.geometry, at), class: inside(f.id) ? "area-county chosen" : "area-county",
    "fill-rule": "evenodd", "data-code": f.id,
  }, title(f.properties.name)));
  const names = all.map((f) => {
    const [x, y] = at([f.properties.longitude, f.properties.latitude]);
    return svg("text", { x: x.toFixed(1), y: y.toFixed(1), class: "area-label", "text-anchor": "middle" },
      document.createTextNode(f.properties.name));
  });
  const marks = [];
  if (base) {
    const [cx, cy] = at(base).map((v) => v.toFixed(1));
    marks.push(svg("circle", { cx, cy, r: 12, class: "need-point", "data-testid": "need-point-mark" }, title(t("pointMap.point"))));
  }
  const pad = 12;
  const map = svg("svg", {
    viewBox: `${-pad} ${-pad} ${WIDTH + 2 * pad} ${height + 2 * pad}`, class: "area-map", role: "img",
    "aria-label": t("pointMap.title"), "data-testid": "need-point-map",
  }, svg("g", {}, shapes), svg("g", {}, names), svg("g", {}, marks));
  clickToPick(map, back, onPick);
  return map;
}

/** The location map of a need form: the counties of the region picked in its `regionCode`
 * field (else `regions`, the need's or the incident's), the point as a circle; a click
 * sets latitude and longitude, a button empties them (the county's centre is used). Put
 * `element` among the fields, then `watch(form)`. */
export function needPointMap(regions) {
  const picture = h("div.area-picture");
  const words = h("p.hint", { "data-testid": "need-point-summary", "aria-live": "polite" });
  const remove = h("button.secondary.small", { type: "button", text: t("pointMap.remove"), hidden: true });
  const element = h("div.field.area", {}, h("span.label", { text: t("pointMap.title") }), picture, words,
    remove, h("p.hint", { text: t("pointMap.hint") }));
  let drawn = 0;

  async function redraw(form) {
    const mine = ++drawn;
    const region = form.elements.namedItem("regionCode")?.value || (regions.length === 1 ? regions[0] : null);
    const within = region ? [region] : regions;
    const all = within.length ? await features(within) : [];
    if (mine !== drawn) return; // a later change's drawing wins
    const { base } = read(form);
    words.textContent = base
      ? t("pointMap.at", { latitude: base[1].toFixed(4), longitude: base[0].toFixed(4) })
      : t("pointMap.none");
    remove.hidden = !base;
    picture.replaceChildren(all.length ? drawPoint(all, region, base, (point) => setPoint(form, point)) : h("p", { text: t("area.nothing") }));
  }

  function watch(form) {
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => redraw(form), WAIT_MS); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    remove.addEventListener("click", () => setPoint(form, null));
    redraw(form);
  }
  return { element, watch };
}
