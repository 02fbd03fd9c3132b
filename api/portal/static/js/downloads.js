// An incident's reports as files, where the incident is shown: CSV for spreadsheets, and
// the same with HXL tags for humanitarian tools. The links use the portal's own session.
import { h } from "./dom.js";
import { t } from "./i18n.js";

export const PUBLIC_REPORTS = ["3w", "coverage", "needs", "offers"];
export const OFFICE_REPORTS = [...PUBLIC_REPORTS, "dispatches"];

export function downloadsBlock(incidentId, reports, regionCode = null) {
  const query = (format) => {
    const params = new URLSearchParams({ format });
    if (regionCode) params.set("regionCode", regionCode);
    return params.toString();
  };
  const href = (report, format) => `/exports/incidents/${encodeURIComponent(incidentId)}/${report}.csv?${query(format)}`;
  return h("ul.downloads", { "data-testid": "downloads" }, reports.map((report) => h("li", {},
    h("span", { text: t(`downloads.${report}`) }),
    h("a", { href: href(report, "csv"), download: "", text: "CSV", "data-report": report, "data-format": "csv" }),
    h("a", { href: href(report, "hxl"), download: "", text: "HXL", "data-report": report, "data-format": "hxl" }),
  )));
}
