// An incident's map with what a click on a county opens: its needs and, for those who
// may read it, who works there (3W).
import { gql } from "../api.js";
import { categoryName, unitOf } from "../catalog.js";
import { h, section } from "../dom.js";
import { formatNumber, t } from "../i18n.js";
import { incidentMap } from "../map.js";
import { needsList } from "./public.js";

const THREE_W = `query CountyThreeW($id: ID!, $regionCode: String) { node(id: $id) { ... on Incident {
  threeW(regionCode: $regionCode) { rows { organizationName categoryCode allocated delivered } } } } }`;

async function whoWorksThere(incidentId, regionCode) {
  const report = (await gql(THREE_W, { id: incidentId, regionCode })).node.threeW;
  if (!report || !report.rows.length) return h("p", { text: t("map.nobodyYet") });
  return h("ul.list", {}, report.rows.map((row) => h("li", {
    text: t("map.threeWRow", {
      who: row.organizationName || t("map.volunteer"), what: categoryName(row.categoryCode),
      allocated: formatNumber(row.allocated), delivered: formatNumber(row.delivered), unit: unitOf(row.categoryCode),
    }),
  })));
}

export async function mapSection(incidentId, { threeW = false, dispatches = threeW } = {}) {
  const detail = h("div.county-detail", { "data-testid": "county-detail", "aria-live": "polite" });
  const select = async (code, name) => {
    detail.replaceChildren(h("h3", { text: name }), h("h4", { text: t("incident.needs") }),
      needsList(incidentId, null, { regionCode: code }));
    if (threeW) detail.append(h("h4", { text: t("map.whoWorks") }), await whoWorksThere(incidentId, code));
  };
  return section(t("map.title"), h("p", { text: t("map.intro") }), await incidentMap(incidentId, select, { dispatches }), detail);
}
