// The office's review of the organizations of its jurisdiction: every decision the service
// knows (approve, reject, suspend, reinstate), a reason where one is required, and the
// history of each organization's reviews from the audit log.
import { gql, mutate } from "../api.js";
import { field, h, ok, status } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";

const ORGANIZATIONS = `query ReviewList($first: Int, $after: String, $filter: OrganizationFilter) {
  organizations(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id name kind uscc status reviewReason reviewedAt contactName contactPhone contactEmail createdAt
    region { name } } } }`;
const REVIEW = `mutation ReviewOrganization($input: ReviewOrganizationInput!) {
  reviewOrganization(input: $input) { organization { id status } userErrors { field message code } } }`;
const HISTORY = `query ReviewHistory($filter: AuditLogFilter) { auditLog(filter: $filter, first: 50) {
  nodes { id createdAt details } } }`;

export const DONE = {
  APPROVE: "review.approved", REJECT: "review.rejected",
  SUSPEND: "review.suspended", REINSTATE: "review.reinstated",
};
export const STATUSES = ["PENDING", "VERIFIED", "SUSPENDED", "REJECTED"];
// What the service allows from each status; a reason goes with the ones that take one.
// Volunteers are reviewed alike (volunteer_review.js).
export const DECISIONS = {
  PENDING: [["APPROVE", false], ["REJECT", true]],
  VERIFIED: [["SUSPEND", true]],
  SUSPENDED: [["REINSTATE", false]],
  REJECTED: [["APPROVE", false]],
};

/** The review history of one organization or volunteer: its `action` entries in the audit log. */
export function historyOf(id, action = "organization.reviewed") {
  const box = h("ol.history");
  const details = h("details", { "data-testid": "review-history" },
    h("summary", { text: t("review.history") }), box);
  details.addEventListener("toggle", async () => {
    if (!details.open) return;
    const filter = { entityId: id, action };
    const entries = (await gql(HISTORY, { filter })).auditLog.nodes;
    box.replaceChildren(...entries.map((e) => h("li", {
      text: `${formatDate(e.createdAt)} · ${label(e.details.from)} → ${label(e.details.to)}`
        + (e.details.reason ? ` · ${e.details.reason}` : ""),
    })));
    if (!entries.length) box.append(h("li", { text: t("review.noHistory") }));
  });
  return details;
}

function organizationItem(org, decided) {
  const reason = field("reason", t("review.reason"), { type: "textarea" });
  const needsReason = DECISIONS[org.status].some(([, withReason]) => withReason);
  const decide = (decision) => () => mutate(REVIEW, {
    organizationId: org.id, decision, reason: reason.querySelector("textarea").value.trim() || null,
  });
  const buttons = DECISIONS[org.status].map(([decision]) => action(
    t(`review.${decision.toLowerCase()}`), decide(decision), t(DONE[decision]),
    () => decided(`${org.name}：${t(DONE[decision])}`)));
  return h(
    "div.item",
    { "data-testid": "reviewed-organization", "data-status": org.status },
    h("strong", { text: org.name }),
    h("span", { text: `${label(org.kind)} · ${org.region.name} · ${org.uscc}` }),
    h("span", { text: `${org.contactName} · ${org.contactPhone} · ${org.contactEmail}` }),
    h("span.meta", {}, h("span.badge", { "data-status": org.status, text: label(org.status) }),
      h("span", { text: formatDate(org.reviewedAt || org.createdAt) }),
      org.reviewReason ? h("span", { text: `${t("review.reason")}: ${org.reviewReason}` }) : null),
    needsReason ? reason : null,
    h("div.actions", {}, buttons),
    historyOf(org.id),
  );
}

/** The review section: a status to look at, and its organizations with their decisions. */
export function reviewSection(regionCode) {
  const box = h("div");
  // The decided organization leaves the list it was in; what happened is said above it.
  const out = status();
  const choose = h("select", { "aria-label": t("review.showing") },
    STATUSES.map((s) => h("option", { value: s, text: label(s) })));
  const show = () => {
    const filter = { status: choose.value, ...(regionCode ? { regionCode } : {}) };
    const load = async (after) => (await gql(ORGANIZATIONS, { first: PAGE_SIZE, after, filter })).organizations;
    const decided = (text) => { ok(out, text); show(); };
    box.replaceChildren(pager(load, (org) => organizationItem(org, decided), { empty: t("review.none") }));
  };
  choose.addEventListener("change", show);
  show();
  return h("section.card", {}, h("h2", { text: t("review.title") }),
    h("label.inline", {}, t("review.showing"), " ", choose), out, box);
}
