// The hotline: the operator's fast intake form (keyboard only), the queue by urgency and
// waiting time, and the office's requests waiting too long.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { categoryChoices, categoryName, loadCategories, SPECIAL_GROUPS, URGENCIES } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { clearPlace, placeField } from "../places.js";
import { changedForm, duplicateForm } from "./hotline_actions.js";
import { loadNeedChoices, needForm, referralAnswers } from "./hotline_need.js";
import { signInFirst } from "./organization.js";

const SUBMIT = `mutation SubmitHelpRequest($input: SubmitHelpRequestInput!) {
  submitHelpRequest(input: $input) { helpRequest { id reference status receivedAt }
  userErrors { field message code } } }`;
const REQUEST_FIELDS = `id reference status urgency receivedAt callDownDueAt requesterName phone forWhom
    address peopleCount specialGroups categoryCodes description region { code name }
    incident { id } claimedBy { id displayName email } outcomes { id kind department answer answeredAt need { id status } }`;
const REQUESTS = `query HelpRequests($filter: HelpRequestFilter, $first: Int, $after: String) {
  helpRequests(filter: $filter, first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } nodes { ${REQUEST_FIELDS} } } }`;
const QUEUE = `query HelpRequestQueue($first: Int, $after: String) {
  helpRequestQueue(first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } nodes { ${REQUEST_FIELDS} } } }`;
const CLAIM = `mutation ClaimHelpRequest($input: ClaimHelpRequestInput!) { claimHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const TRIAGE = `mutation TriageHelpRequest($input: TriageHelpRequestInput!) { triageHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const ANSWER = `mutation AnswerHelpRequest($input: AnswerHelpRequestInput!) { answerHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const REFER = `mutation ReferHelpRequest($input: ReferHelpRequestInput!) { referHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const CLOSE = `mutation CloseHelpRequest($input: CloseHelpRequestInput!) { closeHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const RELEASE = `mutation ReleaseHelpRequest($input: ReleaseHelpRequestInput!) { releaseHelpRequest(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;
const CALL_DOWN = `mutation RecordCallDown($input: RecordCallDownInput!) { recordCallDown(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;

export const DEPARTMENTS = ["MINIMUM_LIVING_ALLOWANCE", "EXTREME_POVERTY_SUPPORT", "TEMPORARY_ASSISTANCE",
  "HOUSING", "HEALTH", "EDUCATION", "DISABILITY", "OTHER"];
// Whom the help is for: the need form's groups and the register's categories.
export const HELP_GROUPS = [...SPECIAL_GROUPS, "SCATTERED_DESTITUTE", "SCATTERED_ORPHAN", "CHILD_IN_DIFFICULTY"];

/** The fields a request is asked with, the operator's and the public's alike. */
export async function requestFields() {
  return [
    field("requesterName", t("field.requesterName"), { required: true }),
    field("phone", t("field.phone"), { type: "tel", required: true }),
    placeField("regionCode", t("field.place"), { required: true }),
    field("address", t("field.address")),
    field("forWhom", t("field.forWhom")),
    field("peopleCount", t("field.peopleCount"), { type: "number", value: "1" }),
    field("specialGroups", t("field.specialGroups"), { choices: HELP_GROUPS, multiple: true, hint: t("hotline.groupsHint") }),
    field("categoryCodes", t("field.needCategories"), { choices: await categoryChoices(), multiple: true }),
    field("description", t("field.helpDescription"), { type: "textarea" }),
  ];
}

/** The request's input from a form's values. */
export function requestInput(v) {
  return {
    requesterName: v.requesterName,
    phone: v.phone,
    regionCode: v.regionCode,
    address: v.address || null,
    forWhom: v.forWhom || null,
    peopleCount: Number.parseInt(v.peopleCount, 10) || 1,
    specialGroups: v.specialGroups || [],
    categoryCodes: v.categoryCodes || [],
    description: v.description || null,
    urgency: v.urgency || null,
  };
}

/** Ctrl+Enter sends the form from anywhere in it, the description included. */
export function sendOnCtrlEnter(el) {
  el.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      el.requestSubmit();
    }
  });
  return el;
}

export async function intakePage() {
  if (!state.viewer) return signInFirst();
  const taken = h("p", { "data-testid": "taken", "aria-live": "polite" });
  const urgency = field("urgency", t("field.urgency"), {
    choices: [["", t("urgency.untriaged")], ...URGENCIES.map((u) => [u, label(u)])],
  });
  const intake = form([...(await requestFields()), urgency], t("hotline.take"), async (v, el) => {
    const payload = await mutate(SUBMIT, requestInput(v));
    if (!payload.userErrors.length) {
      taken.textContent = t("hotline.taken", { reference: payload.helpRequest.reference });
      el.reset();
      clearPlace(el);
      el.querySelector("input")?.focus();
    }
    return payload;
  }, t("hotline.takenShort"));
  sendOnCtrlEnter(intake);
  setTimeout(() => intake.querySelector("input")?.focus(), 0);
  return [
    section(t("hotline.title"), h("p", { text: t("hotline.intro") }), intake, taken),
  ];
}

function waited(iso) {
  return Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
}

function noteInput(name) {
  return h("input", { type: "text", name, placeholder: t("hotline.note"), "aria-label": t("hotline.note") });
}

function steps(request, refresh) {
  const id = request.id;
  const note = noteInput("note");
  const run = (doc, extra = {}) => () => mutate(doc, { helpRequestId: id, ...extra });
  const withNote = (doc, extra = {}) => () =>
    mutate(doc, { helpRequestId: id, note: note.value || null, ...extra });
  if (request.status === "RECEIVED") {
    const urgency = h("select", { "aria-label": t("field.urgency") },
      URGENCIES.map((u) => h("option", { value: u, text: label(u) })));
    return [h("div.actions", {},
      action(t("hotline.claim"), run(CLAIM), t("action.done"), refresh),
      urgency,
      action(t("hotline.triage"), () => run(TRIAGE, { urgency: urgency.value })(), t("action.done"), refresh))];
  }
  const department = h("select", { "aria-label": t("field.department") },
    DEPARTMENTS.map((d) => h("option", { value: d, text: label(d) })));
  const callDown = request.callDownDueAt
    ? h("div.actions", {}, h("span", { text: t("hotline.callDownDue") }),
      action(label("STILL_NEEDED"), withNote(CALL_DOWN, { answer: "STILL_NEEDED" }), t("action.done"), refresh),
      action(label("NO_LONGER_NEEDED"), withNote(CALL_DOWN, { answer: "NO_LONGER_NEEDED" }), t("action.done"), refresh),
      changedForm(request, refresh))
    : null;
  return [
    note,
    h("div.actions", {},
      action(t("hotline.answer"), withNote(ANSWER), t("action.done"), refresh),
      department,
      action(t("hotline.refer"), () => withNote(REFER, { department: department.value })(), t("action.done"), refresh),
      request.status === "ACTIONED"
        ? action(t("hotline.close"), withNote(CLOSE), t("action.done"), refresh) : null,
      action(t("hotline.release"), run(RELEASE), t("action.done"), refresh)),
    needForm(request, refresh),
    request.status === "TRIAGED" ? duplicateForm(request, refresh) : null,
    ...referralAnswers(request, refresh),
    callDown,
  ];
}

export function requestItem(request, refresh) {
  const needed = [...request.categoryCodes.map(categoryName), request.description].filter(Boolean);
  return h(
    "div.item",
    { "data-testid": "help-request", "data-reference": request.reference },
    h("strong", { text: `${request.reference} · ${request.region.name}` }),
    h("span.badge", { "data-status": request.urgency || "RECEIVED", text: request.urgency ? label(request.urgency) : t("urgency.untriaged") }),
    h("span.badge", { "data-status": request.status, text: label(request.status) }),
    h("span", { text: t("hotline.waited", { minutes: waited(request.receivedAt), date: formatDate(request.receivedAt) }) }),
    h("span", { text: [request.requesterName, request.phone, request.forWhom].filter(Boolean).join(" · ") }),
    h("span", { text: [request.address, t("hotline.people", { count: request.peopleCount }), ...request.specialGroups.map(label)].filter(Boolean).join(" · ") }),
    h("span", { text: needed.join("；") }),
    request.claimedBy
      ? h("span", { text: t("hotline.claimedBy", { who: request.claimedBy.displayName || request.claimedBy.email }) })
      : null,
    request.outcomes.length
      ? h("span", { text: request.outcomes.map((o) => label(o.department || o.kind)).join("、") }) : null,
    steps(request, refresh),
  );
}

/** The open requests in the server's order: most urgent first, then the longest waiting
 * (the untriaged after the triaged), a page at a time. */
export async function queuePage() {
  if (!state.viewer) return signInFirst();
  await loadCategories();
  await loadNeedChoices();
  const box = h("div", { "data-testid": "queue" });
  const load = async (after) => (await gql(QUEUE, { first: PAGE_SIZE, after })).helpRequestQueue;
  // A step taken redraws the queue from its first page: the request may have moved.
  const refresh = () => box.replaceChildren(pager(load, (r) => requestItem(r, refresh), { empty: t("hotline.none") }));
  refresh();
  return [section(t("hotline.queue"), h("p", { text: t("hotline.queueIntro") }), box)];
}

export async function waitingPage() {
  if (!state.viewer) return signInFirst();
  await loadCategories();
  const list = (filter, empty) => {
    const load = async (after) => (await gql(REQUESTS, { filter, first: PAGE_SIZE, after })).helpRequests;
    return pager(load, (r) => requestItem(r, () => {}), { empty });
  };
  return [
    section(t("waiting.title"), h("p", { text: t("waiting.intro") }),
      list({ waitingTooLong: true, status: "RECEIVED" }, t("waiting.none"))),
    section(t("callDown.title"), h("p", { text: t("callDown.intro") }),
      list({ callDownDue: true, closed: false }, t("callDown.none"))),
  ];
}
