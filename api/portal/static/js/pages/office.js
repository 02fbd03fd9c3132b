// Office pages: pending organizations and volunteers to review, incidents to open.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { codesList, HAZARDS, isoTime, LEVELS, localTime } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { t } from "../i18n.js";
import { pager, PAGE_SIZE } from "../pager.js";
import { officeBlindSpots } from "./follow_up.js";
import { signInFirst } from "./organization.js";
import { incidentSummary } from "./public.js";
import { placeField } from "../places.js";
import { reviewSection } from "./review.js";
import { volunteerReviewSection } from "./volunteer_review.js";

const INCIDENTS = `query Incidents($first: Int, $after: String, $filter: IncidentFilter) {
  incidents(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id name hazard responseLevel phase startedAt } } }`;
const CREATE = `mutation CreateIncident($input: CreateIncidentInput!) { createIncident(input: $input) {
  incident { id name } userErrors { field message code } } }`;

export async function officePage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  const office = viewer.office;
  return [
    section(office ? `${office.name} · ${office.region.name}` : t("nav.office"),
      h("p", { text: t("office.intro") })),
    office ? section(t("blindSpots.title"), h("p", { text: t("blindSpots.intro") }),
      await officeBlindSpots(office.region.code)) : null,
    reviewSection(office?.region.code),
    volunteerReviewSection(office?.region.code),
  ].filter(Boolean);
}

export function incidentsPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  const box = h("div");
  const filter = viewer.office ? { regionCode: viewer.office.region.code } : null;
  const refresh = () => {
    const load = async (after) => (await gql(INCIDENTS, { first: PAGE_SIZE, after, filter })).incidents;
    box.replaceChildren(pager(load, (i) => h("div.item", {},
      h("a", { href: `#/office/incidents/${i.id}`, text: i.name }), incidentSummary(i))));
  };
  const create = form(
    [
      field("name", t("field.incidentName"), { required: true }),
      field("hazard", t("field.hazard"), { choices: HAZARDS }),
      field("responseLevel", t("field.responseLevel"), { choices: LEVELS }),
      placeField("regionCodes", t("field.regionCodes"), {
        required: true, multiple: true, within: viewer.office?.region.code,
      }),
      field("startedAt", t("field.startedAt"), { type: "datetime-local", value: localTime(0) }),
      field("description", t("field.description"), { type: "textarea" }),
    ],
    t("incident.create"),
    async (v) => {
      const payload = await mutate(CREATE, {
        ...v,
        regionCodes: codesList(v.regionCodes),
        startedAt: isoTime(v.startedAt),
        description: v.description || null,
      });
      if (!payload.userErrors.length) {
        refresh();
        location.hash = `#/office/incidents/${payload.incident.id}`;
      }
      return payload;
    },
    t("incident.created"),
  );
  refresh();
  return [section(t("incident.new"), create), section(t("nav.incidents"), box)];
}
