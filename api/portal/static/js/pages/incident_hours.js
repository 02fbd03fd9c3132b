// Volunteer hours on the office's incident page: assignments checked out and awaiting the
// office's confirmation (a volunteer serving on their own has no organization to confirm
// them, so the office of the need does), and the hours served, per volunteer, per
// organization and in all, with the volunteer record CSV.
import { gql, mutate } from "../api.js";
import { h, section } from "../dom.js";
import { formatNumber, label, t } from "../i18n.js";
import { action } from "../pager.js";
import { assignmentTitle, when } from "./volunteer_work.js";

const INCIDENT_ASSIGNMENTS = `query IncidentAssignments($filter: AssignmentFilter, $after: String) {
  assignments(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id status startsAt endsAt minutes minutesConfirmed volunteer { id displayName }
      organization { id name } need { id category { code } region { code fullName } } } } }`;
const HOURS = `query IncidentVolunteerHours($filter: VolunteerHoursFilter!, $after: String) {
  volunteerHours(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { volunteer { id displayName } maskedName confirmedMinutes pendingMinutes assignments } } }`;
const CONFIRM = `mutation ConfirmHours($input: ConfirmHoursInput!) { confirmHours(input: $input) {
  assignment { id status minutesConfirmed } userErrors { field message code } } }`;

const hours = (minutes) => formatNumber(Math.round((minutes / 60) * 100) / 100);

/** Every page of a connection: an incident's report must count all, not the first 100. */
async function all(document, field, variables) {
  const found = [];
  let after = null;
  for (let page = 0; page < 50; page++) {
    const connection = (await gql(document, { ...variables, after }))[field];
    found.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return found;
}

function awaiting(assignment, refresh) {
  const minutes = h("input", { type: "number", min: 0, step: 1, name: "minutes",
    value: assignment.minutes ?? 0, "aria-label": t("roster.confirmMinutes") });
  const serves = assignment.organization?.name ?? t("officeHours.ownOffer");
  return h(
    "div.item",
    { "data-testid": "awaiting-hours" },
    h("strong", { text: `${assignment.volunteer?.displayName ?? ""} · ${assignmentTitle(assignment)}` }),
    h("span.badge", { "data-status": assignment.status, text: label(assignment.status) }),
    h("span", { text: `${serves} · ${when(assignment)}` }),
    h("span", { text: t("vol.minutes", { minutes: assignment.minutes ?? 0 }) }),
    h("div.actions", {}, minutes, action(t("roster.confirm"),
      () => mutate(CONFIRM, { assignmentId: assignment.id, minutes: Number(minutes.value) }),
      t("roster.confirmed"), refresh)),
  );
}

/** Confirmed and pending minutes per organization; volunteers on their own in one row. */
function perOrganization(assignments) {
  const rows = new Map();
  for (const a of assignments) {
    const key = a.organization?.id ?? "";
    const row = rows.get(key) ?? { name: a.organization?.name ?? t("officeHours.ownOffer"), confirmed: 0, pending: 0 };
    if (a.status === "CONFIRMED") row.confirmed += a.minutesConfirmed ?? 0;
    if (a.status === "CHECKED_OUT") row.pending += a.minutes ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()].sort((x, y) => y.confirmed - x.confirmed || y.pending - x.pending);
}

function table(caption, head, rows, testId) {
  return h(
    "div.table-wrap", {},
    h("table.hours-table", { "data-testid": testId },
      h("caption", { text: caption }),
      h("thead", {}, h("tr", {}, head.map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((text) => h("td", { text })))))),
  );
}

async function report(incidentId) {
  const filter = { incidentId };
  const [assignments, perVolunteer] = await Promise.all([
    all(INCIDENT_ASSIGNMENTS, "assignments", { filter }),
    all(HOURS, "volunteerHours", { filter }),
  ]);
  const confirmed = perVolunteer.reduce((sum, v) => sum + v.confirmedMinutes, 0);
  const pending = perVolunteer.reduce((sum, v) => sum + v.pendingMinutes, 0);
  const head = [t("officeHours.confirmedHours"), t("officeHours.pendingHours")];
  const csv = `/exports/volunteer-hours.csv?incidentId=${encodeURIComponent(incidentId)}`;
  return {
    awaiting: assignments.filter((a) => a.status === "CHECKED_OUT"),
    block: h(
      "div", {},
      h("p.total", { "data-testid": "hours-total",
        text: t("officeHours.total", { confirmed: hours(confirmed), pending: hours(pending) }) }),
      perVolunteer.length ? [
        table(t("officeHours.perVolunteer"), [t("officeHours.volunteer"), ...head, t("officeHours.assignments")],
          perVolunteer.map((v) => [v.volunteer?.displayName ?? v.maskedName,
            hours(v.confirmedMinutes), hours(v.pendingMinutes), formatNumber(v.assignments)]),
          "hours-per-volunteer"),
        table(t("officeHours.perOrganization"), [t("officeHours.organization"), ...head],
          perOrganization(assignments).map((o) => [o.name, hours(o.confirmed), hours(o.pending)]),
          "hours-per-organization"),
      ] : h("p.empty", { text: t("officeHours.none") }),
      h("p", {}, h("a", { href: csv, download: "", text: t("roster.csv") })),
    ),
  };
}

/** The page's two cards: hours to confirm, and the incident's hours report. */
export async function incidentHoursSections(incidentId) {
  const pending = h("div", { "data-testid": "hours-awaiting" });
  const served = h("div", { "data-testid": "hours-report" });
  const refresh = async () => {
    const found = await report(incidentId);
    pending.replaceChildren(h("ul.list", {}, found.awaiting.length
      ? found.awaiting.map((a) => h("li", {}, awaiting(a, refresh)))
      : h("li.empty", { text: t("officeHours.nothingAwaiting") })));
    served.replaceChildren(found.block);
  };
  await refresh();
  return [
    section(t("officeHours.awaiting"), h("p", { text: t("officeHours.awaitingIntro") }), pending),
    section(t("officeHours.title"), served),
  ];
}
