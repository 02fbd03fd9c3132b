// The volunteer's work, on their home: proposals of their time waiting for an answer,
// and the assignments to check in and out of (with the browser's position if allowed).
import { gql, mutate } from "../api.js";
import { render } from "../app.js";
import { categoryName, loadCategories } from "../catalog.js";
import { h, section } from "../dom.js";
import { TO_LOCALE, formatDate, label, language, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { proposalItem } from "./proposals.js";

const PROPOSALS = `query VolunteerProposals($first: Int, $after: String, $language: Locale) {
  allocations(first: $first, after: $after, filter: { status: PROPOSED }) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id quantity explanation(language: $language)
      need { id category { code } region { name } urgency neededBy } } } }`;
export const MY_WORK = `query MyVolunteerWork { myVolunteerWork { id skills
  assignments(first: 50) { nodes { id status startsAt endsAt checkedInAt checkedOutAt minutes
    minutesConfirmed need { id category { code } region { code fullName } } } }
  hours { confirmedMinutes pendingMinutes } } }`;
const ACCEPT = `mutation AcceptProposal($input: AcceptAllocationInput!) { acceptAllocation(input: $input) {
  allocation { id status } userErrors { field message code } } }`;
const CHECK_IN = `mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) {
  assignment { id status checkedInAt } userErrors { field message code } } }`;
const CHECK_OUT = `mutation CheckOut($input: CheckOutInput!) { checkOut(input: $input) {
  assignment { id status checkedOutAt minutes } userErrors { field message code } } }`;

/** The browser's position, or null when refused, unavailable or slow. */
function position() {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (found) => resolve({ latitude: found.coords.latitude, longitude: found.coords.longitude }),
      () => resolve(null),
      { timeout: 8000, maximumAge: 60000 },
    );
  });
}

function volunteerProposal(allocation) {
  return proposalItem(allocation.need, allocation, {
    testId: "volunteer-proposal", accept: ACCEPT, accepted: "vol.accepted", then: () => render(),
  });
}

export function when(assignment) {
  return t("vol.when", { from: formatDate(assignment.startsAt), until: formatDate(assignment.endsAt) });
}

export function assignmentTitle(assignment) {
  const need = assignment.need;
  return `${categoryName(need.category.code)} · ${need.region.fullName}`;
}

function assignmentItem(assignment, share) {
  const moving = async (document) => {
    const location = share.checked ? await position() : null;
    return mutate(document, { assignmentId: assignment.id, location });
  };
  const buttons = [];
  if (assignment.status === "PLANNED") {
    buttons.push(action(t("vol.checkIn"), () => moving(CHECK_IN), t("vol.checkedIn"), () => render()));
  } else if (assignment.status === "CHECKED_IN") {
    buttons.push(action(t("vol.checkOut"), () => moving(CHECK_OUT), t("vol.checkedOut"), () => render()));
  }
  return h(
    "div.item",
    { "data-testid": "assignment" },
    h("strong", { text: assignmentTitle(assignment) }),
    h("span.badge", { "data-status": assignment.status, text: label(assignment.status) }),
    h("span", { text: when(assignment) }),
    assignment.minutes !== null ? h("span", { text: t("vol.minutes", { minutes: assignment.minutes }) }) : null,
    h("div.actions", {}, buttons),
  );
}

/** The home's sections of proposals and assignments; null for anyone but a volunteer. */
export async function volunteerWorkSections() {
  await loadCategories();
  const work = (await gql(MY_WORK)).myVolunteerWork;
  if (!work) return null;
  const load = async (after) => {
    const variables = { first: 20, after, language: TO_LOCALE[language()] };
    return (await gql(PROPOSALS, variables)).allocations;
  };
  const proposals = pager(load, volunteerProposal, { empty: t("proposal.none") });
  const share = h("input", { type: "checkbox", id: "share-location" });
  // Until the hours are confirmed, an assignment stays here: coming, under way, or awaiting.
  const open = ["PLANNED", "CHECKED_IN", "CHECKED_OUT"];
  const coming = work.assignments.nodes.filter((a) => open.includes(a.status));
  const list = h("ul.list", {}, coming.length
    ? coming.map((a) => h("li", {}, assignmentItem(a, share)))
    : h("li.empty", { text: t("vol.none") }));
  return [
    section(t("vol.proposals"), h("p", { text: t("vol.proposals.intro") }), proposals),
    section(
      t("vol.next"),
      h("p.check", {}, share, h("label", { for: "share-location", text: t("vol.shareLocation") })),
      list,
      h("a", { href: "#/volunteer/hours", text: t("nav.hours") }),
    ),
  ];
}
