// What an office must follow up on an incident: blind spots (regions nobody has looked at)
// and overdue needs (past their needed-by, still short), each with its decisions.
import { gql, mutate } from "../api.js";
import { categoryName, isoTime, localTime, unitOf } from "../catalog.js";
import { h } from "../dom.js";
import { formatDate, formatNumber, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";

const BLIND_SPOTS = `query IncidentGaps($id: ID!) { node(id: $id) { ... on Incident { id
  coverage { blindSpots { region { code name } since } } } } }`;
const ASSESSED = `mutation MarkRegionAssessed($input: MarkRegionAssessedInput!) {
  markRegionAssessed(input: $input) { incident { id coverage { blindSpots { region { code } } } }
  userErrors { field message code } } }`;
const OVERDUE = `query OverdueNeeds($filter: NeedFilter, $first: Int, $after: String) {
  needs(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id quantity quantityOpen neededBy escalatedAt escalatedTo { name }
    category { code } region { name } } } }`;
const EXTEND = `mutation ExtendNeed($input: ExtendNeedInput!) { extendNeed(input: $input) {
  need { id status neededBy } userErrors { field message code } } }`;
const ESCALATE = `mutation EscalateNeed($input: EscalateNeedInput!) { escalateNeed(input: $input) {
  need { id status escalatedAt escalatedTo { id name } } userErrors { field message code } } }`;
const CANCEL = `mutation CancelNeed($input: CancelNeedInput!) { cancelNeed(input: $input) {
  need { id status } userErrors { field message code } } }`;

// The new needed-by an overdue need's date field offers first: this many days from now.
const EXTEND_DAYS = 3;
let serial = 0;

const MY_BLIND_SPOTS = `query MyBlindSpots($filter: IncidentFilter, $regionCode: String) {
  incidents(first: 20, filter: $filter) { nodes { id name
    coverage(regionCode: $regionCode) { blindSpots { region { code name } since } } } } }`;

export function blindSpotItem(incidentId, spot, refresh) {
  const note = h("input", {
    type: "text",
    name: "note",
    placeholder: t("blindSpots.note"),
    "aria-label": t("blindSpots.note"),
  });
  const mark = () =>
    mutate(ASSESSED, { incidentId, regionCode: spot.region.code, note: note.value || null });
  return h(
    "div.item",
    { "data-testid": "blind-spot" },
    h("strong", { text: `${spot.region.name} (${spot.region.code})` }),
    h("span", { text: t("blindSpots.since", { date: formatDate(spot.since) }) }),
    note,
    h("div.actions", {}, action(t("blindSpots.mark"), mark, t("blindSpots.marked"), refresh)),
  );
}

/** The incident's blind spots, each with a button to mark it assessed. */
export async function blindSpotsBlock(incidentId, refresh) {
  const { coverage } = (await gql(BLIND_SPOTS, { id: incidentId })).node;
  if (!coverage.blindSpots.length) return h("p", { text: t("blindSpots.none") });
  return h(
    "ul.list",
    {},
    coverage.blindSpots.map((spot) => h("li", {}, blindSpotItem(incidentId, spot, refresh))),
  );
}

function overdueItem(need, refresh) {
  const unit = unitOf(need.category.code);
  // The office picks the new needed-by; the service refuses one not later than now.
  const id = `extend-${++serial}`;
  const until = h("input", { id, type: "datetime-local", name: "neededBy", value: localTime(EXTEND_DAYS), required: true });
  const extend = () => mutate(EXTEND, { needId: need.id, neededBy: isoTime(until.value) });
  return h(
    "div.item",
    { "data-testid": "overdue-need" },
    h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": "OVERDUE", text: label("OVERDUE") }),
    h("span", { text: t("need.open", { open: formatNumber(need.quantityOpen), unit }) }),
    h("span", { text: t("need.by", { date: formatDate(need.neededBy) }) }),
    need.escalatedTo
      ? h("span", { text: t("overdue.escalatedTo", { office: need.escalatedTo.name }) })
      : null,
    h(
      "div.actions",
      {},
      h("span.extend", {}, h("label", { for: id, text: t("overdue.newNeededBy") }), until,
        action(t("overdue.extend"), extend, t("action.done"), refresh)),
      action(t("overdue.escalate"), () => mutate(ESCALATE, { needId: need.id }), t("action.done"), refresh),
      action(t("overdue.cancel"), () => mutate(CANCEL, { needId: need.id }), t("action.done"), refresh),
    ),
  );
}

/** The incident's OVERDUE needs, each with extend, escalate and cancel. */
export function overdueBlock(incidentId, refresh) {
  const filter = { incidentId, status: "OVERDUE" };
  const load = async (after) => (await gql(OVERDUE, { filter, first: PAGE_SIZE, after })).needs;
  return pager(load, (need) => overdueItem(need, refresh), { empty: t("overdue.none") });
}

/** Blind spots of the live incidents touching the office's jurisdiction, in it. */
export async function officeBlindSpots(regionCode) {
  const box = h("div", { "data-testid": "office-blind-spots" });
  const refresh = async () => {
    const variables = { filter: { regionCode }, regionCode };
    const incidents = (await gql(MY_BLIND_SPOTS, variables)).incidents.nodes;
    const withSpots = incidents.filter((i) => i.coverage.blindSpots.length);
    if (!withSpots.length) {
      box.replaceChildren(h("p", { text: t("blindSpots.none") }));
      return;
    }
    box.replaceChildren(...withSpots.map((incident) => h(
      "div",
      {},
      h("h3", {}, h("a", { href: `#/office/incidents/${incident.id}`, text: incident.name })),
      h("ul.list", {}, incident.coverage.blindSpots.map((spot) =>
        h("li", {}, blindSpotItem(incident.id, spot, refresh)))),
    )));
  };
  await refresh();
  return box;
}
