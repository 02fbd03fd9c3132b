// What anyone may see: incidents, and per incident its needs (each with its shortfall) and coverage.
import { gql } from "../api.js";
import { categoryName, loadCategories, unitOf } from "../catalog.js";
import { coverageBlock, gapsBlock, reasonsOf } from "../coverage.js";
import { h, section } from "../dom.js";
import { TO_LOCALE, formatDate, formatNumber, label, language, t } from "../i18n.js";
import { pager, PAGE_SIZE } from "../pager.js";
import { downloadsBlock, PUBLIC_REPORTS } from "../downloads.js";
import { mapSection } from "./incident_map.js";

const INCIDENTS = `query Incidents($first: Int, $after: String) { incidents(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id name hazard responseLevel phase startedAt regions { name } } } }`;

const INCIDENT = `query Incident($id: ID!) { node(id: $id) { ... on Incident {
  id name hazard responseLevel phase startedAt description regions { code name } } } }`;

const NEEDS = `query IncidentNeeds($filter: NeedFilter, $first: Int, $after: String) {
  needs(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id quantity shortfall quantityDelivered status urgency neededBy
    category { code } region { name } } } }`;

export function incidentSummary(incident) {
  return h(
    "p.meta",
    {},
    h("span.badge", { text: label(incident.hazard) }),
    h("span.badge", { text: label(incident.responseLevel) }),
    h("span.badge", { "data-status": incident.phase, text: label(incident.phase) }),
    h("span", { text: t("incident.started", { date: formatDate(incident.startedAt) }) }),
  );
}

export function homePage() {
  const load = async (after) => (await gql(INCIDENTS, { first: PAGE_SIZE, after })).incidents;
  const list = pager(load, (incident) =>
    h(
      "div.item",
      {},
      h("a", { href: `#/incidents/${incident.id}`, text: incident.name }),
      incidentSummary(incident),
      h("span", { text: incident.regions.map((r) => r.name).join("、") }),
    ),
  );
  return [
    section(t("home.title"), h("p", { text: t("home.intro") })),
    section(t("home.incidents"), list),
  ];
}

// The same list for the office, with why each need is still short after the last round.
const NEEDS_WITH_REASONS = `query NeedsWithReasons($filter: NeedFilter, $first: Int, $after: String, $language: Locale) {
  needs(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id quantity shortfall quantityDelivered status urgency neededBy
    category { code } region { code name } shortfallReasons(language: $language) { code message }
    description requiredSkills beneficiaries { count specialGroups } location { latitude longitude } } } }`;

export function needItem(need) {
  const unit = unitOf(need.category.code);
  return h(
    "div.item",
    {},
    h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": need.urgency, text: label(need.urgency) }),
    h("span.badge", { "data-status": need.status, text: label(need.status) }),
    h("span", {
      "data-testid": "shortfall",
      text: t("need.summary", {
        quantity: formatNumber(need.quantity),
        shortfall: formatNumber(need.shortfall),
        delivered: formatNumber(need.quantityDelivered),
        unit,
      }),
    }),
    h("span", { text: t("need.by", { date: formatDate(need.neededBy) }) }),
    reasonsOf(need),
  );
}

/** An incident's needs; with `reasons`, why each is short, and `manage(need)` below each. */
export function needsList(incidentId, status, { reasons = false, manage = null, regionCode = null } = {}) {
  const filter = { incidentId, ...(status ? { status } : {}), ...(regionCode ? { regionCode } : {}) };
  const load = async (after) => {
    if (!reasons) return (await gql(NEEDS, { filter, first: PAGE_SIZE, after })).needs;
    const variables = { filter, first: PAGE_SIZE, after, language: TO_LOCALE[language()] };
    return (await gql(NEEDS_WITH_REASONS, variables)).needs;
  };
  const item = manage
    ? (need) => h("div", { "data-testid": "managed-need" }, needItem(need), manage(need))
    : needItem;
  return pager(load, item);
}

export async function publicIncidentPage(id) {
  await loadCategories();
  const incident = (await gql(INCIDENT, { id })).node;
  if (!incident) return section(t("app.notFound"));
  return [
    section(
      incident.name,
      incidentSummary(incident),
      incident.description ? h("p", { text: incident.description }) : null,
      h("p", { text: incident.regions.map((r) => r.name).join("、") }),
    ),
    await mapSection(id),
    section(t("coverage.title"), await coverageBlock(id)),
    section(t("coverage.gaps"), gapsBlock(id)),
    // Every need, not only OPEN ones: a need 5 % covered is still a gap worth seeing.
    section(t("incident.needs"), needsList(id)),
    section(t("downloads.title"), h("p", { text: t("downloads.intro") }), downloadsBlock(id, PUBLIC_REPORTS)),
  ];
}
