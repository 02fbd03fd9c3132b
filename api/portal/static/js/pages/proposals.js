// Proposed allocations of the organization's offers, with why, to accept or decline.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { categoryName, loadCategories, unitOf } from "../catalog.js";
import { h, section } from "../dom.js";
import { formatNumber, label, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";

// Proposals hang off needs (as in the contract's Needs query); the page keeps its own.
const NEEDS = `query Proposals($first: Int, $after: String) { needs(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id category { code } region { name } urgency
    allocations(first: 50) { nodes { id quantity status explanation
      offer { id provider { __typename ... on Organization { id } } } } } } } }`;
const ACCEPT = `mutation AcceptAllocation($input: AcceptAllocationInput!) { acceptAllocation(input: $input) {
  allocation { id status } dispatch { id code status } userErrors { field message code } } }`;
const DECLINE = `mutation DeclineAllocation($input: DeclineAllocationInput!) { declineAllocation(input: $input) {
  allocation { id status } userErrors { field message code } } }`;

function proposalItem(need, allocation) {
  const unit = unitOf(need.category.code);
  return h(
    "div.item.proposal",
    { "data-testid": "proposal" },
    h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": need.urgency, text: label(need.urgency) }),
    h("span", { text: t("proposal.quantity", { quantity: formatNumber(allocation.quantity), unit }) }),
    h("p.explanation", { text: allocation.explanation }),
    h("div.actions", {},
      action(t("proposal.accept"), () => mutate(ACCEPT, { allocationId: allocation.id }),
        t("proposal.accepted")),
      action(t("proposal.decline"), () => mutate(DECLINE, { allocationId: allocation.id }),
        t("proposal.declined"))),
  );
}

export async function proposalsPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  await loadCategories();
  const mine = (a) => a.status === "PROPOSED" && a.offer.provider?.id === viewer.organization.id;
  // Page through needs, showing only those with a proposal for this organization.
  const load = async (after) => {
    const page = (await gql(NEEDS, { first: 50, after })).needs;
    const nodes = page.nodes.flatMap((need) =>
      need.allocations.nodes.filter(mine).map((allocation) => ({ need, allocation })));
    return { ...page, totalCount: nodes.length, nodes };
  };
  const list = pager(load, ({ need, allocation }) => proposalItem(need, allocation), {
    empty: t("proposal.none"),
  });
  return section(t("proposal.title"), h("p", { text: t("proposal.intro") }), list);
}
