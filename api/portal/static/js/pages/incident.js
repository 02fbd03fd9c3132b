// One incident for its office: phase, needs (form and spreadsheet), matching, coverage.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { PHASES } from "../catalog.js";
import { coverageBlock, gapsBlock } from "../coverage.js";
import { h, ok, section, status } from "../dom.js";
import { label, t } from "../i18n.js";
import { action } from "../pager.js";
import { dispatchesPage } from "./dispatches.js";
import { blindSpotsBlock, overdueBlock } from "./follow_up.js";
import { importForm } from "./need_import.js";
import { signInFirst } from "./organization.js";
import { incidentSummary, needsList } from "./public.js";
import { assignForm, pendingProposalsBlock } from "./steering.js";
import { manageNeed, publishCard } from "./need_form.js";
import { incidentEditCard } from "./incident_edit.js";
import { incidentHoursSections } from "./incident_hours.js";
import { mapSection } from "./incident_map.js";
import { downloadsBlock, OFFICE_REPORTS, reportLinks } from "../downloads.js";

const INCIDENT = `query Incident($id: ID!) { node(id: $id) { ... on Incident {
  id name hazard responseLevel phase startedAt description regions { code name } } } }`;
const PHASE = `mutation UpdateIncidentPhase($input: UpdateIncidentPhaseInput!) {
  updateIncidentPhase(input: $input) { incident { id phase } userErrors { field message code } } }`;
const RUN = `mutation RunMatching($input: RunMatchingInput!) { runMatching(input: $input) {
  round { id status } userErrors { field message code } } }`;
const ROUND = `query MatchingRound($id: ID!) { node(id: $id) { ... on MatchingRound {
  id status error stats allocations(first: 1) { totalCount } } } }`;

function phaseCard(incident, refresh) {
  const next = PHASES[PHASES.indexOf(incident.phase) + 1];
  const buttons = [];
  if (next) buttons.push(action(t("incident.moveTo", { phase: label(next) }),
    () => mutate(PHASE, { incidentId: incident.id, phase: next }), t("action.done"), refresh));
  if (next && next !== "CLOSED") buttons.push(action(t("incident.close"),
    () => mutate(PHASE, { incidentId: incident.id, phase: "CLOSED" }), t("action.done"), refresh));
  return h("div.actions", {}, buttons);
}

function matchingCard(incidentId, onFinished) {
  const out = status();
  const run = h("button", { type: "button", text: t("matching.run") });
  run.addEventListener("click", async () => {
    run.disabled = true;
    const payload = await mutate(RUN, { incidentId });
    if (payload.userErrors.length) {
      out.className = "status error";
      out.textContent = payload.userErrors.map((e) => e.message).join(" ");
      run.disabled = false;
      return;
    }
    out.className = "status";
    out.textContent = t("matching.running");
    for (let i = 0; i < 120; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const round = (await gql(ROUND, { id: payload.round.id })).node;
      out.textContent = t("matching.status", { status: label(round.status) });
      if (round.status === "FINISHED") {
        ok(out, t("matching.finished", { count: round.allocations.totalCount }));
        onFinished();
        break;
      }
      if (round.status === "FAILED") {
        out.className = "status error";
        out.textContent = t("matching.failed", { error: round.error || "" });
        break;
      }
    }
    run.disabled = false;
  });
  return section(t("matching.title"), h("p", { text: t("matching.intro") }), run, out);
}

export async function incidentPage(id) {
  if (!state.viewer) return signInFirst();
  const incident = (await gql(INCIDENT, { id })).node;
  if (!incident) return section(t("app.notFound"));
  const coverage = h("div", {}, await coverageBlock(id));
  const gaps = h("div", {}, gapsBlock(id));
  const needs = h("div", {}, needsList(id, null, { reasons: true, manage: (need) => manageNeed(need, refresh) }));
  const blindSpots = h("div", { "data-testid": "blind-spots" });
  const overdue = h("div", { "data-testid": "overdue-needs" });
  const proposals = h("div", { "data-testid": "pending-proposals" });
  const assigning = h("div", { "data-testid": "assign-offer" });
  const refresh = async () => {
    coverage.replaceChildren(await coverageBlock(id));
    gaps.replaceChildren(gapsBlock(id));
    needs.replaceChildren(needsList(id, null, { reasons: true, manage: (need) => manageNeed(need, refresh) }));
    blindSpots.replaceChildren(await blindSpotsBlock(id, refresh));
    overdue.replaceChildren(overdueBlock(id, refresh));
    proposals.replaceChildren(pendingProposalsBlock(id, refresh));
    assigning.replaceChildren(await assignForm(id, refresh));
  };
  blindSpots.append(await blindSpotsBlock(id, refresh));
  overdue.append(overdueBlock(id, refresh));
  proposals.append(pendingProposalsBlock(id, refresh));
  assigning.append(await assignForm(id, refresh));
  const reload = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
  return [
    section(incident.name, incidentSummary(incident), phaseCard(incident, reload),
      h("p", {}, h("a", { href: `#/incidents/${id}`, text: t("incident.publicPage") })),
      h("p", {}, h("a", { href: `#/office/incidents/${id}/visits`, text: t("incident.visits") })),
      incident.phase === "CLOSED" ? null
        : incidentEditCard(incident, state.viewer.office?.region.code, reload)),
    await mapSection(id, { threeW: true }),
    section(t("coverage.title"), h("button.secondary.small", { type: "button", text: t("coverage.refresh"), onclick: refresh }),
      reportLinks(id, "coverage"), coverage),
    section(t("coverage.gaps"), gaps),
    section(t("blindSpots.title"), h("p", { text: t("blindSpots.intro") }), blindSpots),
    section(t("overdue.title"), h("p", { text: t("overdue.intro") }), overdue),
    matchingCard(id, refresh),
    section(t("steering.title"), h("p", { text: t("steering.intro") }), proposals),
    section(t("steering.assignTitle"), h("p", { text: t("steering.assignIntro") }), assigning),
    section(t("need.new"), await publishCard(incident, refresh)),
    section(t("import.title"), importForm(id, refresh)),
    section(t("incident.needs"), needs),
    await dispatchesPage(id),
    ...(await incidentHoursSections(id)),
    section(t("downloads.title"), h("p", { text: t("downloads.intro") }), downloadsBlock(id, OFFICE_REPORTS)),
  ];
}
