// The office's review of the volunteers living in its jurisdiction, as review.js reviews
// organizations: approve, reject with a reason, suspend with a reason, reinstate, and the
// history of each volunteer's reviews. Joining an organization is its admin's answer,
// shown here for context only.
import { gql, mutate } from "../api.js";
import { field, h, ok, status } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { DECISIONS, DONE, historyOf, STATUSES } from "./review.js";

const VOLUNTEERS = `query VolunteerReviewList($first: Int, $after: String, $filter: VolunteerFilter) {
  volunteers(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id displayName phone email skills status reviewReason reviewedAt createdAt membershipStatus
    region { name } organization { name } } } }`;
const REVIEW = `mutation ReviewVolunteer($input: ReviewVolunteerInput!) {
  reviewVolunteer(input: $input) { volunteer { id status } userErrors { field message code } } }`;

function membership(volunteer) {
  const org = volunteer.organization;
  if (!org || volunteer.membershipStatus === "REJECTED") return null;
  const key = volunteer.membershipStatus === "APPROVED" ? "volunteerReview.memberOf" : "volunteerReview.applying";
  return h("span", { text: t(key, { org: org.name }) });
}

function volunteerItem(volunteer, decided) {
  const reason = field("reason", t("review.reason"), { type: "textarea" });
  const choices = DECISIONS[volunteer.status];
  const decide = (decision) => () => mutate(REVIEW, {
    volunteerId: volunteer.id, decision, reason: reason.querySelector("textarea").value.trim() || null,
  });
  const buttons = choices.map(([decision]) => action(
    t(`review.${decision.toLowerCase()}`), decide(decision), t(DONE[decision]),
    () => decided(`${volunteer.displayName}：${t(DONE[decision])}`)));
  const contact = [volunteer.phone, volunteer.email].filter(Boolean).join(" · ");
  return h(
    "div.item",
    { "data-testid": "reviewed-volunteer", "data-status": volunteer.status },
    h("strong", { text: volunteer.displayName }),
    h("span", { text: `${volunteer.region.name} · ${volunteer.skills.map(label).join("、") || t("volunteerReview.noSkills")}` }),
    contact ? h("span", { text: contact }) : null,
    membership(volunteer),
    h("span.meta", {}, h("span.badge", { "data-status": volunteer.status, text: label(volunteer.status) }),
      h("span", { text: formatDate(volunteer.reviewedAt || volunteer.createdAt) }),
      volunteer.reviewReason ? h("span", { text: `${t("review.reason")}: ${volunteer.reviewReason}` }) : null),
    choices.some(([, withReason]) => withReason) ? reason : null,
    h("div.actions", {}, buttons),
    historyOf(volunteer.id, "volunteer.reviewed"),
  );
}

/** The volunteer review section: a status to look at, and its volunteers with their decisions. */
export function volunteerReviewSection(regionCode) {
  const box = h("div");
  const out = status();
  const choose = h("select", { "aria-label": t("volunteerReview.showing") },
    STATUSES.map((s) => h("option", { value: s, text: label(s) })));
  const show = () => {
    const filter = { status: choose.value, ...(regionCode ? { regionCode } : {}) };
    const load = async (after) => (await gql(VOLUNTEERS, { first: PAGE_SIZE, after, filter })).volunteers;
    const decided = (text) => { ok(out, text); show(); };
    box.replaceChildren(pager(load, (v) => volunteerItem(v, decided), { empty: t("volunteerReview.none") }));
  };
  choose.addEventListener("change", show);
  show();
  return h("section.card", { "data-testid": "volunteer-review" }, h("h2", { text: t("volunteerReview.title") }),
    h("p", { text: t("volunteerReview.intro") }),
    h("label.inline", {}, t("volunteerReview.showing"), " ", choose), out, box);
}
