// A visit round's progress: coverage by region, the people not yet visited (reassigned
// to another visitor), and each finding turned into a need or referred to a department
// in one action.
import { gql, mutate } from "../api.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, formatPercent, label, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";
import { checkList, officeOnly } from "./person.js";

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

function findingActions(visit) {
  const referred = new Set(visit.referrals.map((r) => r.item));
  return visit.checks
    .filter((c) => c.status !== "OK")
    .map((c) => h("div.finding", { "data-testid": "finding", "data-item": c.item },
      h("span", { text: `${t(`visits.item.${c.item}`)}: ${t(`visits.status.${c.status}`)}` }),
      referred.has(c.item)
        ? referralState(visit.referrals.find((r) => r.item === c.item))
        : [
          action(t("round.toNeed"), () => mutate(REFER, { visitId: visit.id, item: c.item }), t("round.needPublished")),
          referForm(visit, c.item),
        ]));
}

let departments = 0;

/** Refer the finding to a department instead: the department (typed, or one of the usual
 * ones offered) and a note for it. */
function referForm(visit, item) {
  const list = `departments-${++departments}`;
  const el = form(
    [
      field("department", t("round.department"), { required: true }),
      field("note", t("round.referralNote")),
      h("datalist", { id: list }, t("round.departments").split(",").map((d) => h("option", { value: d }))),
    ],
    t("round.refer"),
    // Without a department the same mutation would publish a need: asked here first.
    (v) => (v.department
      ? mutate(REFER, { visitId: visit.id, item, department: v.department, note: v.note || null })
      : { userErrors: [{ field: ["department"], code: "REQUIRED", message: t("error.REQUIRED") }] }),
    t("round.referredTo"),
  );
  el.querySelector("input[name=department]").setAttribute("list", list);
  el.classList.add("inline", "refer");
  el.setAttribute("data-testid", "refer-finding");
  return el;
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
