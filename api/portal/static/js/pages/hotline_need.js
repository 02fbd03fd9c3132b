// Turning a triaged request into a need: the office's act (a hotline operator hands the
// request back to the queue for staff). The need is linked: its delivery closes the request.
import { mutate } from "../api.js";
import { state } from "../app.js";
import { categoryChoices, isoTime, localTime } from "../catalog.js";
import { field, form } from "../dom.js";
import { label, t } from "../i18n.js";

const CONVERT = `mutation ConvertHelpRequestToNeed($input: ConvertHelpRequestToNeedInput!) {
  convertHelpRequestToNeed(input: $input) { helpRequest { id status } need { id quantity status }
  userErrors { field message code } } }`;

let choices = [];

/** The categories the form offers, read once before the queue is drawn. */
export async function loadNeedChoices() {
  choices = await categoryChoices();
}

/** Office staff (and ADMIN) publish needs; hotline operators do not. */
function publishes() {
  const viewer = state.viewer;
  return Boolean(viewer) && (viewer.role === "ADMIN" || (viewer.office && viewer.role !== "HOTLINE_OPERATOR"));
}

/** The form, for a triaged request of an incident that has no need yet; else null. */
export function needForm(request, refresh) {
  const linked = request.outcomes.some((o) => o.kind === "NEED");
  if (!publishes() || !request.incident || request.status === "RECEIVED" || linked) return null;
  const el = form(
    [
      field("categoryCode", t("field.category"), { choices, value: request.categoryCodes[0] }),
      field("quantity", t("field.quantity"), { type: "number", value: String(request.peopleCount) }),
      field("neededBy", t("field.neededBy"), { type: "datetime-local", value: localTime(2) }),
    ],
    t("hotline.toNeed"),
    async (v) => {
      const payload = await mutate(CONVERT, {
        helpRequestId: request.id,
        incidentId: request.incident.id,
        categoryCode: v.categoryCode,
        quantity: Number.parseInt(v.quantity, 10) || 0,
        neededBy: isoTime(v.neededBy),
      });
      if (!payload.userErrors.length) setTimeout(refresh, 600);
      return payload;
    },
    t("hotline.toNeedDone"),
  );
  el.classList.add("inline");
  el.dataset.testid = "to-need";
  return el;
}

const ANSWER_REFERRAL = `mutation AnswerHelpRequestReferral($input: AnswerHelpRequestReferralInput!) {
  answerHelpRequestReferral(input: $input) { helpRequest { id status closedAt closeNote }
  referral { id kind department answer answeredAt } userErrors { field message code } } }`;

/** A form per referral still waiting for its department: the answer settles it, and the
 * last outcome settled closes the request. */
export function referralAnswers(request, refresh) {
  return request.outcomes
    .filter((o) => o.kind === "REFERRAL" && !o.answeredAt)
    .map((o) => {
      const el = form(
        [field("answer", t("hotline.referralAnswer", { department: label(o.department) }), { required: true })],
        t("hotline.recordAnswer"),
        async (v) => {
          const payload = await mutate(ANSWER_REFERRAL, { helpRequestOutcomeId: o.id, answer: v.answer });
          if (!payload.userErrors.length) setTimeout(refresh, 600);
          return payload;
        },
        t("hotline.answerRecorded"),
      );
      el.classList.add("inline");
      el.dataset.testid = "referral-answer";
      return el;
    });
}
