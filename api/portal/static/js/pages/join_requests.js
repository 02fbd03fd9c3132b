// Volunteers asking to join the organization: its admin approves (they join the roster)
// or declines each request, on the roster page.
import { gql, mutate } from "../api.js";
import { render } from "../app.js";
import { h, section } from "../dom.js";
import { label, t } from "../i18n.js";
import { action } from "../pager.js";

const PENDING = `query JoinRequests($filter: VolunteerFilter) { volunteers(filter: $filter, first: 50) {
  nodes { id displayName skills phone region { name } } } }`;
const ANSWER = `mutation ReviewVolunteerMembership($input: ReviewVolunteerMembershipInput!) {
  reviewVolunteerMembership(input: $input) { volunteer { id membershipStatus }
  userErrors { field message code } } }`;

function request(volunteer) {
  const answer = (decision, done) =>
    action(t(`join.${decision.toLowerCase()}`),
      () => mutate(ANSWER, { volunteerId: volunteer.id, decision }), t(done), () => render());
  return h(
    "div.item",
    { "data-testid": "join-request" },
    h("strong", { text: volunteer.displayName }),
    h("span", { text: `${volunteer.region.name} · ${volunteer.phone}` }),
    h("span", { text: volunteer.skills.map(label).join("、") }),
    h("div.actions", {}, answer("APPROVE", "join.approved"), answer("REJECT", "join.rejected")),
  );
}

/** The card of requests waiting for the admin's answer (none: a line saying so). */
export async function joinRequestsCard(organizationId) {
  const filter = { organizationId, membershipStatus: "PENDING" };
  const waiting = (await gql(PENDING, { filter })).volunteers.nodes;
  return section(
    t("join.title"),
    h("ul.list", {}, waiting.length
      ? waiting.map((v) => h("li", {}, request(v)))
      : h("li.empty", { text: t("join.none") })),
  );
}
