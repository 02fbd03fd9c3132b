// Coverage: per category bars in the category's unit (needed / allocated / delivered /
// short), shares across categories and per region (units never add), and the gaps.
import { gql } from "./api.js";
import { categoryName, loadCategories, unitOf } from "./catalog.js";
import { h } from "./dom.js";
import { TO_LOCALE, formatNumber, formatPercent, label, language, t } from "./i18n.js";
import { pager, PAGE_SIZE } from "./pager.js";

const COVERAGE = `query IncidentCoverage($id: ID!) { node(id: $id) { ... on Incident { id
  coverage { needCount gapCount fullyCoveredShare weightedCoveredShare
    byCategory { categoryCode unit needed allocated delivered shortfall }
    byRegion { regionCode needCount gapCount fullyCoveredShare weightedCoveredShare region { name } } } } } }`;

const GAPS = `query Gaps($id: ID!, $first: Int, $after: String, $language: Locale) { node(id: $id) { ... on Incident {
  coverage { gaps(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id quantity shortfall status urgency neededBy category { code } region { name }
      shortfallReasons(language: $language) { code message } } } } } } }`;

function bar(name, row, unit) {
  const needed = row.needed || 0;
  const share = (value) => (needed ? Math.min(1, value / needed) : 0);
  const title = t("coverage.row", {
    allocated: formatNumber(row.allocated),
    delivered: formatNumber(row.delivered),
    needed: formatNumber(needed),
    shortfall: formatNumber(row.shortfall),
    unit,
  });
  return h(
    "div.bar-row",
    {},
    h("div.bar-label", {}, h("strong", { text: name }), h("span", { text: title })),
    h(
      "div.bar",
      { role: "img", "aria-label": `${name}: ${title}` },
      h("span.allocated", { style: `width:${share(row.allocated) * 100}%` }),
      h("span.delivered", { style: `width:${share(row.delivered) * 100}%` }),
    ),
    h("span.bar-value", { text: formatPercent(share(row.delivered)) }),
  );
}

function legend() {
  return h(
    "p.legend",
    {},
    h("span.key.allocated", { text: t("coverage.allocated") }),
    h("span.key.delivered", { text: t("coverage.delivered") }),
  );
}

/** Shares across categories: needs fully covered, and units covered weighted by urgency. */
function shares(name, row) {
  const share = (value) => (value === null || value === undefined ? "–" : formatPercent(value));
  return h(
    "div.bar-row",
    {},
    h("div.bar-label", {}, h("strong", { text: name }), h("span", { text: t("coverage.shares", {
      full: share(row.fullyCoveredShare),
      weighted: share(row.weightedCoveredShare),
      gaps: formatNumber(row.gapCount),
      needs: formatNumber(row.needCount),
    }) })),
  );
}

/** The coverage block of one incident (public data only). */
export async function coverageBlock(incidentId) {
  await loadCategories();
  const { coverage } = (await gql(COVERAGE, { id: incidentId })).node;
  const total = shares(t("coverage.total"), coverage);
  const byCategory = coverage.byCategory.map((c) =>
    bar(categoryName(c.categoryCode), c, unitOf(c.categoryCode) || c.unit),
  );
  const byRegion = coverage.byRegion.map((r) => shares(r.region?.name || r.regionCode, r));
  return h(
    "div.coverage",
    { "data-testid": "coverage" },
    legend(),
    total,
    h("h3", { text: t("coverage.byCategory") }),
    byCategory.length ? byCategory : h("p", { text: t("list.empty") }),
    h("h3", { text: t("coverage.byRegion") }),
    byRegion.length ? byRegion : h("p", { text: t("list.empty") }),
  );
}

/** Why a need is still short after the last round, in the page's language. */
export function reasonsOf(need) {
  const reasons = need.shortfallReasons || [];
  if (!reasons.length) return null;
  return h(
    "div.reasons",
    { "data-testid": "shortfall-reasons" },
    h("strong", { text: t("need.shortfallReasons") }),
    h("ul", {}, reasons.map((r) => h("li", { "data-code": r.code },
      h("span.badge", { text: label(r.code) }), " ", h("span", { text: r.message })))),
  );
}

/** Every need with a shortfall, most urgent first, each with its reasons. */
export function gapsBlock(incidentId) {
  const load = async (after) => {
    const variables = { id: incidentId, first: PAGE_SIZE, after, language: TO_LOCALE[language()] };
    return (await gql(GAPS, variables)).node.coverage.gaps;
  };
  const list = pager(load, (need) =>
    h(
      "div.item",
      {},
      h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
      h("span.badge", { "data-status": need.urgency, text: label(need.urgency) }),
      h("span.badge", { "data-status": need.status, text: label(need.status) }),
      h("span", {
        "data-testid": "shortfall",
        text: t("need.short", {
          shortfall: formatNumber(need.shortfall),
          quantity: formatNumber(need.quantity),
          unit: unitOf(need.category.code),
        }),
      }),
      reasonsOf(need),
    ),
    { empty: t("coverage.noGaps") },
  );
  return h("div", { "data-testid": "gaps" }, list);
}
