// The office's hand on the matching: proposals waiting on providers, each of which it may
// veto with a reason, and an offer it assigns to a need itself (the provider still
// accepts or declines).
import { gql, mutate } from "../api.js";
import { categoryName, unitOf } from "../catalog.js";
import { field, form, h } from "../dom.js";
import { TO_LOCALE, formatNumber, label, language, t } from "../i18n.js";
import { action, pager } from "../pager.js";

const PROPOSED = `query IncidentProposals($filter: AllocationFilter, $first: Int, $after: String, $language: Locale) {
  allocations(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id quantity source explanation(language: $language)
    need { id category { code } region { name } urgency }
    offer { id provider { ... on Organization { name } ... on Volunteer { displayName } } } } } }`;
const VETO = `mutation VetoAllocation($input: VetoAllocationInput!) { vetoAllocation(input: $input) {
  allocation { id status } userErrors { field message code } } }`;
const SHORT_NEEDS = `query ShortNeeds($filter: NeedFilter) { needs(filter: $filter, first: 100) {
  nodes { id shortfall status category { code } region { name } } } }`;
const OPEN_OFFERS = `query OpenOffers($filter: OfferFilter) { offers(filter: $filter, first: 100) {
  nodes { id quantityFree category { code }
    provider { ... on Organization { name } ... on Volunteer { displayName } } } } }`;
const ASSIGN = `mutation AssignOffer($input: AssignOfferInput!) { assignOffer(input: $input) {
  allocation { id status quantity } userErrors { field message code } } }`;

function providerName(provider) {
  if (!provider) return "";
  return provider.name || provider.displayName || "";
}

function proposalItem(allocation, refresh) {
  const { need } = allocation;
  const unit = unitOf(need.category.code);
  const reason = h("input", {
    type: "text", name: "reason", maxlength: 2000,
    placeholder: t("steering.vetoReason"), "aria-label": t("steering.vetoReason"),
  });
  const veto = () => mutate(VETO, { allocationId: allocation.id, reason: reason.value });
  return h(
    "div.item",
    { "data-testid": "pending-proposal" },
    h("strong", { text: `${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": need.urgency, text: label(need.urgency) }),
    h("span.badge", { text: label(allocation.source) }),
    h("span", { text: t("steering.proposed", {
      quantity: formatNumber(allocation.quantity), unit,
      provider: providerName(allocation.offer.provider),
    }) }),
    h("p.explanation", { text: allocation.explanation }),
    h("div.actions", {}, reason, action(t("steering.veto"), veto, t("steering.vetoed"), refresh)),
  );
}

/** The incident's proposals waiting on providers, each with a veto. */
export function pendingProposalsBlock(incidentId, refresh) {
  const filter = { incidentId, status: "PROPOSED" };
  const load = async (after) => {
    const variables = { filter, first: 20, after, language: TO_LOCALE[language()] };
    return (await gql(PROPOSED, variables)).allocations;
  };
  return pager(load, (allocation) => proposalItem(allocation, refresh), {
    empty: t("steering.none"),
  });
}

function choicesOf(offers) {
  return offers.filter((o) => o.quantityFree > 0).map((o) => [o.id, t("steering.offerChoice", {
    provider: providerName(o.provider), free: formatNumber(o.quantityFree),
    unit: unitOf(o.category.code),
  })]);
}

/** The office proposes an available offer of the need's category for a need still short. */
export async function assignForm(incidentId, refresh) {
  const needs = (await gql(SHORT_NEEDS, { filter: { incidentId } })).needs.nodes
    .filter((n) => n.shortfall > 0 && n.status !== "CANCELLED" && n.status !== "EXPIRED");
  if (!needs.length) return h("p", { text: t("steering.noShortNeeds") });
  const needChoices = needs.map((n) => [n.id, t("steering.needChoice", {
    category: categoryName(n.category.code), region: n.region.name,
    shortfall: formatNumber(n.shortfall), unit: unitOf(n.category.code),
  })]);
  const needField = field("needId", t("steering.need"), { choices: needChoices });
  const offerField = field("offerId", t("steering.offer"), { choices: [] });
  const offerSelect = offerField.querySelector("select");
  const fillOffers = async () => {
    const need = needs.find((n) => n.id === needField.querySelector("select").value);
    const filter = { categoryCode: need.category.code, status: "AVAILABLE" };
    const offers = (await gql(OPEN_OFFERS, { filter })).offers.nodes;
    offerSelect.replaceChildren(...choicesOf(offers).map(([value, text]) => h("option", { value, text })));
  };
  needField.querySelector("select").addEventListener("change", fillOffers);
  await fillOffers();
  return form(
    [needField, offerField, field("quantity", t("field.quantity"), { type: "number", required: true })],
    t("steering.assign"),
    async (v) => {
      const payload = await mutate(ASSIGN, { ...v, quantity: Number(v.quantity) || 0 });
      if (!payload.userErrors.length) refresh();
      return payload;
    },
    t("steering.assigned"),
  );
}
