// Proposed allocations of the organization's offers, with why, to accept or decline.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { categoryName, loadCategories, unitOf } from "../catalog.js";
import { h, section } from "../dom.js";
import { TO_LOCALE, formatNumber, label, language, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";

// The organization's own PROPOSED allocations, each with its need and the reasons in the
// page's language.
const PROPOSALS = `query Proposals($first: Int, $after: String, $language: Locale) {
  allocations(first: $first, after: $after, filter: { status: PROPOSED }) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id quantity status explanation(language: $language)
      need { id category { code } region { name } urgency } } } }`;
const ACCEPT = `mutation AcceptAllocation($input: AcceptAllocationInput!) { acceptAllocation(input: $input) {
  allocation { id status } dispatch { id code status } userErrors { field message code } } }`;
const DECLINE = `mutation DeclineAllocation($input: DeclineAllocationInput!) { declineAllocation(input: $input) {
  allocation { id status } userErrors { field message code } } }`;

/** A proposal to accept or decline (saying why); a volunteer's page names its own
 * test id, accepting mutation, message and what follows an acceptance. */
export function proposalItem(need, allocation, {
  testId = "proposal", accept = ACCEPT, accepted = "proposal.accepted", then,
} = {}) {
  const unit = unitOf(need.category.code);
  // A decline says why: rounds then stop proposing this offer for this need.
  const reason = h("input", {
    type: "text", name: "reason", maxlength: 2000,
    placeholder: t("proposal.reason"), "aria-label": t("proposal.reason"),
  });
  return h(
    "div.item.proposal",
    { "data-testid": testId },
    h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": need.urgency, text: label(need.urgency) }),
    h("span", { text: t("proposal.quantity", { quantity: formatNumber(allocation.quantity), unit }) }),
    h("p.explanation", { text: allocation.explanation }),
    h("div.actions", {},
      action(t("proposal.accept"), () => mutate(accept, { allocationId: allocation.id }),
        t(accepted), then),
      reason,
      action(t("proposal.decline"),
        () => mutate(DECLINE, { allocationId: allocation.id, reason: reason.value }),
        t("proposal.declined"))),
  );
}

export async function proposalsPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  await loadCategories();
  const load = async (after) => {
    const variables = { first: 50, after, language: TO_LOCALE[language()] };
    const page = (await gql(PROPOSALS, variables)).allocations;
    return { ...page, nodes: page.nodes.map((allocation) => ({ need: allocation.need, allocation })) };
  };
  const list = pager(load, ({ need, allocation }) => proposalItem(need, allocation), {
    empty: t("proposal.none"),
  });
  return section(t("proposal.title"), h("p", { text: t("proposal.intro") }), list);
}
