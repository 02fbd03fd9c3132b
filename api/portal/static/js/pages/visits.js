// The visitor's pages: my visits still to make, and the visit form (a phone at 390 px).
import { gql } from "../api.js";
import { state } from "../app.js";
import { h, section, showErrors, status } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { draft, flush, newClientId, onRetried, pending, saveDraft, submit } from "../visit_outbox.js";
import { signInFirst } from "./organization.js";

const MY_VISITS = `query MyVisits($first: Int, $after: String, $filter: VisitFilter) {
  myVisits(first: $first, after: $after, filter: $filter) { totalCount
  edges { node { id status dueAt priority
    person { id name address phone phoneInFull category guardianName guardianPhoneInFull } } } } }`;
const VISIT = `query Visit($id: ID!) { node(id: $id) { ... on Visit { id status dueAt visitedAt
  person { id name address phoneInFull category } checks { item status note } } } }`;

export const ITEMS = ["LIVING", "HOUSING", "DRINKING_WATER", "ELECTRICITY", "HEALTH"];
const STATUSES = ["OK", "AT_RISK", "NOT_OK"];

function visitCard(visit) {
  const person = visit.person || {};
  const phone = person.phoneInFull;
  return h(
    "article.visit",
    { "data-testid": "my-visit" },
    h("h3", {}, h("a", { href: `#/visits/${visit.id}`, text: person.name || t("visits.person") })),
    h("p.meta", { text: `${label(person.category)} · ${t("visits.due", { due: formatDate(visit.dueAt) })}` }),
    person.address ? h("p", { text: person.address }) : null,
    phone ? h("p", {}, h("a", { href: `tel:${phone}`, text: phone })) : null,
    pending().some((item) => item.visitId === visit.id)
      ? h("p.status.waiting", { text: t("visits.queued") })
      : null,
  );
}

export async function myVisitsPage() {
  if (!state.viewer) return signInFirst();
  const data = await gql(MY_VISITS, { first: 100, filter: { status: "PLANNED" } });
  const visits = data.myVisits.edges.map((edge) => edge.node);
  const list = visits.length
    ? h("ul.list", {}, visits.map((visit) => h("li", {}, visitCard(visit))))
    : h("p.empty", { text: t("visits.none") });
  return section(t("visits.title"), h("p.count", { text: t("list.total", { count: visits.length }) }), list);
}

function choice(name, value, text, checked) {
  const id = `v-${name}-${value}`;
  return h(
    "label.choice",
    { for: id },
    h("input", { type: "radio", id, name, value, checked }),
    h("span", { text }),
  );
}

function checkRow(item, saved) {
  const current = saved?.status || "OK";
  return h(
    "fieldset.check",
    { "data-item": item },
    h("legend", { text: t(`visits.item.${item}`) }),
    h("div.choices", {}, STATUSES.map((s) => choice(`check-${item}`, s, t(`visits.status.${s}`), s === current))),
    h("label", { for: `note-${item}`, text: t("visits.note") }),
    h("input", { id: `note-${item}`, name: `note-${item}`, value: saved?.note || "" }),
  );
}

function formValues(form) {
  const outcome = form.querySelector("input[name=outcome]:checked")?.value || "VISITED";
  const checks = ITEMS.map((item) => ({
    item,
    status: form.querySelector(`input[name=check-${item}]:checked`)?.value || "OK",
    note: form.querySelector(`[name=note-${item}]`).value.trim() || null,
  }));
  return {
    outcome,
    checks,
    actions: form.querySelector("[name=actions]").value.trim() || null,
    notFoundReason: form.querySelector("[name=notFoundReason]").value.trim() || null,
  };
}

export async function visitFormPage(visitId) {
  if (!state.viewer) return signInFirst();
  const visit = (await gql(VISIT, { id: visitId })).node;
  if (!visit) return section(t("visits.form"), h("p", { text: t("app.notFound") }));
  if (visit.status !== "PLANNED") {
    return section(visit.person?.name || t("visits.form"), h("p.status.success", { text: t(`visits.done.${visit.status}`) }),
      h("a", { href: "#/visits", text: t("visits.back") }));
  }
  // A draft keeps its client id: whatever was typed, and a submission not yet answered.
  const saved = draft(visitId) || { clientId: newClientId(), outcome: "VISITED", checks: [] };
  const byItem = Object.fromEntries((saved.checks || []).map((c) => [c.item, c]));
  const out = status();
  const reasonField = h("div.field", { "data-field": "notFoundReason" },
    h("label", { for: "notFoundReason", text: t("visits.notFoundReason") }),
    h("input", { id: "notFoundReason", name: "notFoundReason", value: saved.notFoundReason || "" }),
    h("p.field-error", { "data-error-for": "notFoundReason", role: "alert" }));
  const form = h(
    "form.visit-form",
    { novalidate: true, "data-testid": "visit-form" },
    h("fieldset.outcome", {},
      h("legend", { text: t("visits.outcome") }),
      choice("outcome", "VISITED", t("visits.outcome.VISITED"), saved.outcome !== "NOT_FOUND"),
      choice("outcome", "NOT_FOUND", t("visits.outcome.NOT_FOUND"), saved.outcome === "NOT_FOUND")),
    reasonField,
    h("div.checks", { "data-error-for": "checks" }, ITEMS.map((item) => checkRow(item, byItem[item]))),
    h("div.field", { "data-field": "actions" },
      h("label", { for: "actions", text: t("visits.actions") }),
      h("textarea", { id: "actions", name: "actions", rows: 3 }),
      h("p.field-error", { "data-error-for": "actions", role: "alert" })),
    h("button", { type: "submit", text: t("visits.submit") }),
    out,
  );
  form.querySelector("[name=actions]").value = saved.actions || "";
  const remember = () => saveDraft(visitId, { ...formValues(form), clientId: saved.clientId });
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);

  const answered = (result) => {
    if (result.state === "sent") {
      out.className = "status success";
      out.textContent = t("visits.sent");
    } else if (result.state === "refused") {
      showErrors(form, result.payload.userErrors, out);
    } else {
      out.className = "status waiting";
      out.textContent = t("visits.queued");
    }
  };
  const stop = onRetried((input, result) => {
    if (input.visitId === visitId) answered(result);
  });
  window.addEventListener("hashchange", stop, { once: true });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    remember();
    const values = formValues(form);
    // The visit happened when it was saved here, not when a dropped network lets it go.
    const input = { visitId, clientId: saved.clientId, ...values, visitedAt: new Date().toISOString() };
    if (values.outcome === "NOT_FOUND") input.checks = [];
    answered(await submit(input));
  });
  const person = visit.person || {};
  return section(
    person.name || t("visits.form"),
    h("p.meta", { text: `${label(person.category)} · ${person.address || ""}` }),
    person.phoneInFull ? h("p", {}, h("a", { href: `tel:${person.phoneInFull}`, text: person.phoneInFull })) : null,
    form,
    h("p", {}, h("a", { href: "#/visits", text: t("visits.back") })),
  );
}

export { flush };
