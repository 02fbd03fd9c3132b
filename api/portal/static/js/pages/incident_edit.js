// The incident as it unfolds: its name, response level and description, and the regions
// it reaches: a county added as the flood spreads, one removed once no live need holds it.
import { mutate } from "../api.js";
import { LEVELS } from "../catalog.js";
import { field, form, h } from "../dom.js";
import { t } from "../i18n.js";
import { action } from "../pager.js";
import { placeField } from "../places.js";

const UPDATE = `mutation UpdateIncident($input: UpdateIncidentInput!) { updateIncident(input: $input) {
  incident { id name description responseLevel regions { code name } } userErrors { field message code } } }`;

export function incidentEditCard(incident, jurisdiction, reload) {
  const regions = h("ul.region-list", { "data-testid": "incident-regions" }, incident.regions.map((r) =>
    h("li", {}, h("span", { text: `${r.name} (${r.code})` }),
      incident.regions.length > 1 ? action(t("incident.removeRegion"),
        () => mutate(UPDATE, { incidentId: incident.id, removeRegionCodes: [r.code] }),
        t("action.done"), reload) : null)));
  const details = form(
    [
      field("name", t("field.incidentName"), { required: true, value: incident.name }),
      field("responseLevel", t("field.responseLevel"), { choices: LEVELS, value: incident.responseLevel }),
      field("description", t("field.description"), { type: "textarea", value: incident.description }),
    ],
    t("incident.save"),
    async (v) => {
      const payload = await mutate(UPDATE, { incidentId: incident.id, ...v });
      if (!payload.userErrors.length) reload();
      return payload;
    },
    t("incident.saved"),
  );
  const spread = form(
    [placeField("addRegionCodes", t("incident.addRegions"), { multiple: true, within: jurisdiction })],
    t("incident.add"),
    async (v) => {
      const codes = v.addRegionCodes ? v.addRegionCodes.split(",") : [];
      const payload = await mutate(UPDATE, { incidentId: incident.id, addRegionCodes: codes });
      if (!payload.userErrors.length) reload();
      return payload;
    },
    t("incident.added"),
  );
  return h("div.incident-edit", {}, h("h3", { text: t("incident.regions") }), regions, spread,
    h("details", {}, h("summary", { text: t("incident.edit") }), details));
}
