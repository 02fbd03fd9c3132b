// The office's register (特殊群体), a person's page with the whole history, and a visit
// round's progress with its findings turned into needs in one action.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, formatPercent, label, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";
import { placeField } from "../places.js";

const PEOPLE = `query People($filter: PersonFilter, $first: Int, $after: String) {
  people(filter: $filter, first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor }
  nodes { id category name idNumber phone address region { code name } lastVisitedAt } } }`;
const COUNTS = `query PeopleCounts($regionCode: String!) { peopleCounts(regionCode: $regionCode) { category count } }`;
const REGISTER = `mutation RegisterPerson($input: RegisterPersonInput!) { registerPerson(input: $input) {
  person { id name } userErrors { field message code } } }`;
const HISTORY = `query PersonHistory($id: ID!) { node(id: $id) { ... on Person {
  id name category idNumber phone address guardianName guardianPhone notes lastVisitedAt region { name }
  visits { id status dueAt visitedAt notFoundReason actions checks { item status note }
    referrals { kind item department need { id status category { code } } } } } } }`;
const COVERAGE = `query VisitCoverage($id: ID!) { node(id: $id) { ... on Incident { id name
  visitCoverage { registered planned visited notFound atRisk referralsOpen overdue visitedOnTimeShare
    byRegion { regionCode registered planned visited notFound atRisk referralsOpen overdue region { name } }
    unvisited(first: 50) { id dueAt priority person { id name category } } } } } }`;
const RECORDED = `query Visits($filter: VisitFilter, $first: Int, $after: String) {
  visits(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id status visitedAt checks { item status note } referrals { id item kind department closedAt answer }
    person { id name category } } } }`;
const PLAN = `mutation PlanVisitRound($input: PlanVisitRoundInput!) { planVisitRound(input: $input) {
  visitRound { id dueAt planned } userErrors { field message code } } }`;
const VISITORS = `query VisitorChoices { visitorChoices { kind id label } }`;
const REASSIGN = `mutation ReassignVisit($input: ReassignVisitInput!) { reassignVisit(input: $input) {
  visit { id status } userErrors { field message code } } }`;
const VISITOR_FIELD = { ACCOUNT: "accountId", ORGANIZATION: "organizationId", VOLUNTEER: "volunteerId" };
const CLOSE_REFERRAL = `mutation CloseFindingReferral($input: CloseFindingReferralInput!) {
  closeFindingReferral(input: $input) { referral { id kind item department closedAt answer }
  userErrors { field message code } } }`;
const REFER = `mutation ReferFinding($input: ReferFindingInput!) { referFinding(input: $input) {
  need { id category { code } } referral { id kind } userErrors { field message code } } }`;

export const CATEGORIES = [
  "SCATTERED_DESTITUTE", "SCATTERED_ORPHAN", "CHILD_IN_DIFFICULTY", "DISABLED",
  "LEFT_BEHIND_ELDERLY", "LEFT_BEHIND_CHILD",
];

function officeOnly() {
  const v = state.viewer;
  return v && (v.office || v.role === "ADMIN");
}

function personItem(p) {
  return h(
    "article.person",
    { "data-testid": "person" },
    h("h3", {}, h("a", { href: `#/office/people/${p.id}`, text: p.name })),
    h("p.meta", { text: `${label(p.category)} · ${p.region.name} · ${p.idNumber}` }),
    h("p", { text: [p.phone, p.address].filter(Boolean).join(" · ") }),
    h("p.meta", { text: p.lastVisitedAt ? t("people.lastVisited", { at: formatDate(p.lastVisitedAt) }) : t("people.neverVisited") }),
  );
}

export async function peoplePage() {
  if (!officeOnly()) return signInFirst();
  const region = state.viewer.office?.region?.code;
  const counts = region ? (await gql(COUNTS, { regionCode: region })).peopleCounts : [];
  const register = form(
    [
      placeField("regionCode", t("people.region"), { required: true, within: region }),
      field("category", t("people.category"), { choices: CATEGORIES }),
      field("name", t("people.name"), { required: true }),
      field("idNumber", t("people.idNumber"), { required: true }),
      field("phone", t("people.phone"), { type: "tel" }),
      field("address", t("people.address")),
      field("guardianName", t("people.guardian")),
      field("guardianPhone", t("people.guardianPhone"), { type: "tel" }),
      field("notes", t("people.notes"), { type: "textarea" }),
    ],
    t("people.register"),
    (values) => mutate(REGISTER, values),
    t("people.registered"),
  );
  const load = async (after) => (await gql(PEOPLE, { first: 20, after })).people;
  return [
    section(t("people.counts"), h("ul.counts", {}, counts.map((c) => h("li", { text: `${label(c.category)}: ${c.count}` })))),
    section(t("people.title"), h("p.hint", { text: t("people.sensitive") }), pager(load, personItem)),
    section(t("people.new"), register),
  ];
}

function checkList(checks) {
  return h("ul.checks", {}, checks.map((c) =>
    h("li", { "data-status": c.status, text: `${t(`visits.item.${c.item}`)}: ${t(`visits.status.${c.status}`)}${c.note ? ` (${c.note})` : ""}` })));
}

export async function personPage(id) {
  if (!state.viewer) return signInFirst();
  const p = (await gql(HISTORY, { id })).node;
  if (!p) return section(t("people.title"), h("p", { text: t("app.notFound") }));
  const history = p.visits.map((v) => h(
    "li", { "data-testid": "history-visit" },
    h("p", { text: `${t(`visits.done.${v.status}`)} ${formatDate(v.visitedAt || v.dueAt)}` }),
    v.notFoundReason ? h("p", { text: v.notFoundReason }) : null,
    checkList(v.checks),
    v.actions ? h("p", { text: v.actions }) : null,
    h("ul", {}, v.referrals.map((r) => h("li", { text: r.need
      ? t("people.becameNeed", { item: t(`visits.item.${r.item}`), category: label(r.need.category.code), status: label(r.need.status) })
      : t("people.referred", { item: t(`visits.item.${r.item}`), department: r.department }) }))),
  ));
  return section(
    p.name,
    h("p.meta", { text: `${label(p.category)} · ${p.region.name} · ${p.idNumber}` }),
    h("p", { text: [p.phone, p.address, p.guardianName, p.guardianPhone].filter(Boolean).join(" · ") }),
    p.notes ? h("p", { text: p.notes }) : null,
    h("h3", { text: t("people.history") }),
    history.length ? h("ul.list", {}, history) : h("p", { text: t("people.neverVisited") }),
  );
}

function findingActions(visit) {
  const referred = new Set(visit.referrals.map((r) => r.item));
  return visit.checks
    .filter((c) => c.status !== "OK")
    .map((c) => h("div.finding", { "data-testid": "finding", "data-item": c.item },
      h("span", { text: `${t(`visits.item.${c.item}`)}: ${t(`visits.status.${c.status}`)}` }),
      referred.has(c.item)
        ? referralState(visit.referrals.find((r) => r.item === c.item))
        : action(t("round.toNeed"), () => mutate(REFER, { visitId: visit.id, item: c.item }), t("round.needPublished"))));
}

/** A referral: done, or (a department's, still open) a form for the department's answer. */
function referralState(referral) {
  if (referral.kind !== "DEPARTMENT" || referral.closedAt) {
    return h("span.status.success", { text: referral.answer || t("round.referred") });
  }
  const answer = form(
    [field("answer", t("round.departmentAnswer", { department: referral.department }), { required: true })],
    t("round.closeReferral"),
    (v) => mutate(CLOSE_REFERRAL, { findingReferralId: referral.id, answer: v.answer }),
    t("round.referralClosed"),
  );
  answer.classList.add("inline");
  return answer;
}

/** The office gives a planned visit to another visitor: a colleague or a provider. */
function reassignAction(visit, choices) {
  if (!choices.length) return null;
  const visitor = h("select", { "aria-label": t("round.visitor") }, choices.map((c, index) =>
    h("option", { value: String(index), text: `${c.label}（${t(`round.visitorKind.${c.kind}`)}）` })));
  const move = () => {
    const chosen = choices[Number(visitor.value)];
    return mutate(REASSIGN, { visitId: visit.id, [VISITOR_FIELD[chosen.kind]]: chosen.id });
  };
  return h("div.actions", {}, visitor, action(t("round.reassign"), move, t("round.reassigned")));
}

export async function visitRoundPage(incidentId) {
  if (!officeOnly()) return signInFirst();
  const incident = (await gql(COVERAGE, { id: incidentId })).node;
  if (!incident) return section(t("round.title"), h("p", { text: t("app.notFound") }));
  const c = incident.visitCoverage;
  const plan = form(
    [field("withinHours", t("round.withinHours"), { type: "number", value: "72" })],
    t("round.plan"),
    (values) => mutate(PLAN, { incidentId, withinHours: Number(values.withinHours) || 72 }),
    (payload) => t("round.planned", { count: payload.visitRound.planned }),
  );
  const figures = h("dl.figures", { "data-testid": "visit-coverage" },
    ...[["registered", c.registered], ["visited", c.visited], ["notFound", c.notFound], ["atRisk", c.atRisk],
      ["referralsOpen", c.referralsOpen], ["overdue", c.overdue]]
      .flatMap(([key, value]) => [h("dt", { text: t(`round.${key}`) }), h("dd", { text: String(value) })]),
    h("dt", { text: t("round.onTime") }),
    h("dd", { text: c.visitedOnTimeShare === null ? "—" : formatPercent(c.visitedOnTimeShare) }));
  const regions = h("table.regions", {},
    h("thead", {}, h("tr", {}, ["region", "registered", "visited", "notFound", "atRisk", "overdue"].map((k) => h("th", { text: t(`round.${k}`) })))),
    h("tbody", {}, c.byRegion.map((r) => h("tr", {}, [r.region.name, r.registered, r.visited, r.notFound, r.atRisk, r.overdue].map((v) => h("td", { text: String(v) }))))));
  const choices = (await gql(VISITORS)).visitorChoices;
  const unvisited = h("ol.list", { "data-testid": "unvisited" }, c.unvisited.map((v) =>
    h("li", { "data-testid": "unvisited-visit", "data-visit": v.id },
      h("span", { text: `${v.person ? v.person.name : ""} · ${label(v.person?.category)} · ${t("visits.due", { due: formatDate(v.dueAt) })}` }),
      reassignAction(v, choices))));
  const load = async (after) => (await gql(RECORDED, { first: 20, after, filter: { incidentId, status: "VISITED" } })).visits;
  const recorded = (v) => h("article.visit", { "data-testid": "recorded-visit" },
    h("h3", { text: v.person ? v.person.name : "" }), checkList(v.checks), ...findingActions(v));
  return [
    section(`${t("round.title")} · ${incident.name}`, figures, h("div.table-wrap", {}, regions), plan),
    section(t("round.unvisited"), c.unvisited.length ? unvisited : h("p.empty", { text: t("visits.none") })),
    section(t("round.findings"), pager(load, recorded)),
  ];
}
