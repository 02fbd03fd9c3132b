// An organization's own page: its status, members and webhook subscriptions.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { WEBHOOK_EVENTS } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { pager, PAGE_SIZE } from "../pager.js";

const ADD_MEMBER = `mutation AddOrganizationMember($input: AddOrganizationMemberInput!) {
  addOrganizationMember(input: $input) { account { id email role } userErrors { field message code } } }`;
const CREATE_WEBHOOK = `mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { webhookSubscription { id url events active }
  secret userErrors { field message code } } }`;
const WEBHOOKS = `query Webhooks($first: Int, $after: String) { webhookSubscriptions(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id url events active createdAt } } }`;

export function signInFirst() {
  return section(t("signin.required"), h("a", { href: "#/signin", text: t("nav.signin") }));
}

function statusCard(org) {
  return section(
    org.name,
    h("p", {}, t("org.status"), " ", h("span.badge", { "data-status": org.status, "data-testid": "org-status", text: label(org.status) })),
    h("p.hint", { text: t(`org.status.${org.status}`) }),
    org.reviewReason ? h("p", { text: t("org.reason", { reason: org.reviewReason }) }) : null,
  );
}

function membersCard(org) {
  const addMember = form(
    [
      field("email", t("field.email"), { type: "email", required: true }),
      field("displayName", t("field.displayName")),
      field("role", t("field.role"), { choices: ["ORG_MEMBER", "ORG_ADMIN"] }),
      field("password", t("field.password"), { type: "password", required: true, hint: t("hint.password") }),
    ],
    t("org.addMember"),
    (v) => mutate(ADD_MEMBER, { ...v, organizationId: org.id, displayName: v.displayName || null }),
    (payload) => t("org.memberAdded", { email: payload.account.email }),
  );
  return section(t("org.members"), addMember);
}

function webhooksCard() {
  const secret = h("div.secret");
  const create = form(
    [
      field("url", t("field.url"), { type: "url", required: true, hint: t("hint.webhookUrl") }),
      field("events", t("field.events"), { choices: WEBHOOK_EVENTS, multiple: true }),
    ],
    t("webhook.create"),
    async (v) => {
      const payload = await mutate(CREATE_WEBHOOK, v);
      secret.replaceChildren();
      if (payload.secret) {
        secret.append(h("p", { text: t("webhook.secretOnce") }), h("code", { text: payload.secret }));
      }
      return payload;
    },
    t("webhook.created"),
  );
  const load = async (after) => (await gql(WEBHOOKS, { first: PAGE_SIZE, after })).webhookSubscriptions;
  const list = pager(load, (w) =>
    h("div.item", {},
      h("code", { text: w.url }),
      h("span", { text: w.events.map(label).join(", ") }),
      h("span.badge", { text: w.active ? t("webhook.active") : t("webhook.inactive") }),
      h("span", { text: formatDate(w.createdAt) })),
  );
  return section(t("webhook.title"), create, secret, list);
}

export function organizationPage() {
  const viewer = state.viewer;
  if (!viewer) return signInFirst();
  if (!viewer.organization) return section(t("org.none"));
  const org = viewer.organization;
  const cards = [statusCard(org)];
  if (viewer.role === "ORG_ADMIN") cards.push(membersCard(org), webhooksCard());
  return cards;
}
