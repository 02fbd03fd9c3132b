// An incident's reports as files, where the incident is shown: CSV for spreadsheets, and
// the same with HXL tags for humanitarian tools. The links use the portal's own session.
// The whole list sits at an incident page's foot; one report's links sit beside the
// section that shows it (reportLinks), so nobody scrolls down to find them.
import { gql } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

export const PUBLIC_REPORTS = ["3w", "coverage", "needs", "offers"];
export const OFFICE_REPORTS = [...PUBLIC_REPORTS, "dispatches"];

function href(incidentId, report, format, regionCode = null) {
  const params = new URLSearchParams({ format });
  if (regionCode) params.set("regionCode", regionCode);
  return `/exports/incidents/${encodeURIComponent(incidentId)}/${report}.csv?${params}`;
}

function links(incidentId, report, regionCode = null) {
  return ["csv", "hxl"].map((format) => h("a", {
    href: href(incidentId, report, format, regionCode), download: "", text: format.toUpperCase(),
    "data-report": report, "data-format": format,
  }));
}

export function downloadsBlock(incidentId, reports, regionCode = null) {
  return h("ul.downloads", { "data-testid": "downloads" }, reports.map((report) => h("li", {},
    h("span", { text: t(`downloads.${report}`) }), ...links(incidentId, report, regionCode))));
}

/** One report's CSV and HXL links, for beside the section that shows it; `caption`
 * names what they hold (by default: this report, as the section shows it). */
export function reportLinks(incidentId, report, caption = t("downloads.this")) {
  // Laid out through the CSSOM (the CSP allows it): a line, wrapping on a phone.
  return h("p.report-links", { "data-testid": `download-${report}`, style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: baseline" },
    h("span", { text: caption }), ...links(incidentId, report));
}

const INCIDENT_NAME = `query IncidentName($id: ID!) { node(id: $id) { ... on Incident { id name } } }`;

/** The dispatches' downloads of each incident add(incidentIds) names, as a list across
 * incidents (#/dispatches) loads them: one line per incident, by its name. */
export function dispatchDownloads() {
  const box = h("div", { "data-testid": "dispatch-downloads" });
  const shown = new Set();
  async function add(incidentIds) {
    const fresh = [...new Set(incidentIds)].filter((id) => !shown.has(id));
    if (!fresh.length) return;
    fresh.forEach((id) => shown.add(id));
    const named = await Promise.all(fresh.map((id) => gql(INCIDENT_NAME, { id }).then((d) => d.node, () => null)));
    for (const incident of named.filter((n) => n && n.name)) {
      box.append(reportLinks(incident.id, "dispatches", t("downloads.dispatchesOf", { name: incident.name })));
    }
  }
  return { element: box, add };
}
