// An organization's roster and deployments: its approved member volunteers with their
// hours, the deploy form on an accepted allocation (only those who may go can be chosen),
// and the deployments whose hours its admin confirms.
import { gql, mutate } from "../api.js";
import { render, state } from "../app.js";
import { categoryName, isoTime, loadCategories } from "../catalog.js";
import { field, h, section, status } from "../dom.js";
import { formatDate, formatNumber, label, t } from "../i18n.js";
import { action } from "../pager.js";
import { signInFirst } from "./organization.js";
import { joinRequestsCard } from "./join_requests.js";
import { assignmentTitle, when } from "./volunteer_work.js";

const ROSTER = `query Roster($allocationId: ID, $skill: Skill) {
  roster(allocationId: $allocationId, skill: $skill) {
    volunteer { id displayName skills }
    hours { confirmedMinutes pendingMinutes }
    eligible reason nextAssignment { id startsAt endsAt } } }`;
const ACCEPTED = `query AcceptedAllocations { allocations(first: 50, filter: { status: ACCEPTED }) {
  nodes { id quantity offer { id availableFrom availableUntil }
    need { id category { code } region { name } requiredSkills neededBy } } } }`;
const DEPLOYMENTS = `query Deployments($filter: AssignmentFilter) { assignments(filter: $filter, first: 50) {
  nodes { id status startsAt endsAt minutes minutesConfirmed volunteer { id displayName }
    need { id category { code } region { code fullName } } } } }`;
const DEPLOY = `mutation DeployVolunteers($input: DeployVolunteersInput!) { deployVolunteers(input: $input) {
  assignments { id status volunteer { id displayName } } userErrors { field message code } } }`;
const CONFIRM = `mutation ConfirmHours($input: ConfirmHoursInput!) { confirmHours(input: $input) {
  assignment { id status minutesConfirmed } userErrors { field message code } } }`;

const hours = (minutes) => formatNumber(Math.round((minutes / 60) * 100) / 100);

function member(entry) {
  const next = entry.nextAssignment;
  return h(
    "div.item",
    { "data-testid": "roster-member" },
    h("strong", { text: entry.volunteer.displayName }),
    h("span", { text: entry.volunteer.skills.map(label).join("、") }),
    h("span", { text: t("roster.hours", {
      confirmed: hours(entry.hours.confirmedMinutes), pending: hours(entry.hours.pendingMinutes) }) }),
    next ? h("span", { text: t("roster.next", { when: formatDate(next.startsAt) }) }) : null,
  );
}

/** When the chosen go: empty for the offer's whole window (ending by the need's date). */
function windowFields(allocation) {
  const earliest = allocation.offer?.availableFrom ?? null;
  const latest = [allocation.offer?.availableUntil, allocation.need.neededBy].filter(Boolean)
    .sort((a, b) => new Date(a) - new Date(b))[0] ?? null;
  const hint = earliest && latest
    ? t("roster.window.hint", { from: formatDate(earliest), until: formatDate(latest) }) : null;
  return [
    field("startsAt", t("roster.startsAt"), { type: "datetime-local", hint }),
    field("endsAt", t("roster.endsAt"), { type: "datetime-local" }),
  ];
}

function choices(entries, allocation) {
  const out = status();
  const boxes = entries.map((entry) => {
    const id = `deploy-${entry.volunteer.id}`;
    const box = h("input", { type: "checkbox", id, value: entry.volunteer.id, disabled: !entry.eligible });
    const why = entry.eligible ? "" : ` (${t(`roster.ineligible.${entry.reason}`)})`;
    return h("p.check", {}, box, h("label", { for: id, text: entry.volunteer.displayName + why }));
  });
  const span = h("div.deploy-window", {}, windowFields(allocation));
  const deploy = action(t("roster.deployNow"), () => {
    const chosen = boxes.map((p) => p.querySelector("input")).filter((b) => b.checked).map((b) => b.value);
    const when = (name) => isoTime(span.querySelector(`input[name="${name}"]`).value);
    return mutate(DEPLOY, { allocationId: allocation.id, volunteerIds: chosen,
      startsAt: when("startsAt"), endsAt: when("endsAt") });
  }, t("roster.deployed"), () => render());
  return h("div.deploy-choices", { "data-testid": "deploy-choices" }, boxes, span, deploy, out);
}

async function deployCard() {
  const accepted = (await gql(ACCEPTED)).allocations.nodes;
  if (!accepted.length) return section(t("roster.deploy"), h("p", { text: t("roster.noAllocation") }));
  const select = h("select", { id: "deploy-allocation", name: "allocationId" },
    accepted.map((a) => h("option", { value: a.id,
      text: `${categoryName(a.need.category.code)} · ${a.need.region.name} · ${formatDate(a.need.neededBy)}` })));
  const slot = h("div");
  const show = h("button.secondary", { type: "button", text: t("roster.show"), onclick: async () => {
    const entries = (await gql(ROSTER, { allocationId: select.value })).roster;
    slot.replaceChildren(choices(entries, accepted.find((a) => a.id === select.value)));
  } });
  return section(
    t("roster.deploy"),
    h("p", { text: t("roster.deploy.intro") }),
    h("div.field", {}, h("label", { for: "deploy-allocation", text: t("roster.allocation") }), select),
    show,
    slot,
  );
}

function deployment(assignment, confirming) {
  const minutes = h("input", { type: "number", min: 0, step: 1, name: "minutes",
    value: assignment.minutes ?? 0, "aria-label": t("roster.confirmMinutes") });
  const confirm = assignment.status === "CHECKED_OUT" && confirming
    ? h("div.actions", {}, minutes, action(t("roster.confirm"),
        () => mutate(CONFIRM, { assignmentId: assignment.id, minutes: Number(minutes.value) }),
        t("roster.confirmed"), () => render()))
    : null;
  const served = assignment.status === "CONFIRMED"
    ? t("hours.confirmedMinutes", { minutes: assignment.minutesConfirmed })
    : assignment.minutes !== null ? t("vol.minutes", { minutes: assignment.minutes }) : "";
  return h(
    "div.item",
    { "data-testid": "deployment" },
    h("strong", { text: `${assignment.volunteer?.displayName ?? ""} · ${assignmentTitle(assignment)}` }),
    h("span.badge", { "data-status": assignment.status, text: label(assignment.status) }),
    h("span", { text: when(assignment) }),
    h("span", { text: served }),
    confirm,
  );
}

export async function rosterPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  if (!viewer.organization) return section(t("org.none"));
  await loadCategories();
  const admin = viewer.role === "ORG_ADMIN";
  const entries = (await gql(ROSTER)).roster;
  const filter = { organizationId: viewer.organization.id };
  const deployed = (await gql(DEPLOYMENTS, { filter })).assignments.nodes;
  const csv = `/exports/volunteer-hours.csv?organizationId=${encodeURIComponent(viewer.organization.id)}`;
  const cards = [
    section(
      t("roster.title"),
      h("p", { text: t("roster.intro") }),
      h("ul.list", {}, entries.length
        ? entries.map((e) => h("li", {}, member(e)))
        : h("li.empty", { text: t("roster.none") })),
    ),
  ];
  if (admin) cards.push(await joinRequestsCard(viewer.organization.id), await deployCard());
  cards.push(section(
    t("roster.deployments"),
    h("ul.list", {}, deployed.length
      ? deployed.map((a) => h("li", {}, deployment(a, admin)))
      : h("li.empty", { text: t("list.empty") })),
    h("a", { href: csv, text: t("roster.csv") }),
  ));
  return cards;
}
