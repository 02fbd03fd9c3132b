// Two steps of working a request: marking it a duplicate of another (found by the
// reference code the caller or the queue gives), and a call-down answered "it changed".
import { gql, mutate } from "../api.js";
import { URGENCIES } from "../catalog.js";
import { field, form } from "../dom.js";
import { label, t } from "../i18n.js";

const BY_REFERENCE = `query HelpRequestByReference($filter: HelpRequestFilter) {
  helpRequests(filter: $filter, first: 1) { nodes { id reference } } }`;
const DUPLICATE = `mutation MarkHelpRequestDuplicate($input: MarkHelpRequestDuplicateInput!) {
  markHelpRequestDuplicate(input: $input) { helpRequest { id status } userErrors { field message code } } }`;
const CALL_DOWN = `mutation RecordCallDown($input: RecordCallDownInput!) { recordCallDown(input: $input) {
  helpRequest { id status } userErrors { field message code } } }`;

function refusal(field, code, message) {
  return { userErrors: [{ field: [field], code, message }] };
}

function inline(el, testid) {
  el.classList.add("inline");
  el.setAttribute("data-testid", testid);
  return el;
}

/** The request repeats another: typed by its reference, looked up, then marked. */
export function duplicateForm(request, refresh) {
  const el = form(
    [field("duplicateOf", t("hotline.duplicateOf"), { hint: t("hotline.duplicateHint") })],
    t("hotline.markDuplicate"),
    async (v) => {
      const reference = v.duplicateOf.trim().toUpperCase();
      if (!reference) return refusal("duplicateOf", "REQUIRED", t("error.REQUIRED"));
      const found = (await gql(BY_REFERENCE, { filter: { reference } })).helpRequests.nodes[0];
      if (!found) return refusal("duplicateOf", "NO_SUCH_REFERENCE", t("hotline.noSuchReference"));
      const payload = await mutate(DUPLICATE, { helpRequestId: request.id, duplicateOf: found.id });
      if (!payload.userErrors.length) refresh();
      return payload;
    },
    t("hotline.markedDuplicate"),
  );
  return inline(el, "mark-duplicate");
}

/** The requester still needs help, but something else now: the urgency, what is needed. */
export function changedForm(request, refresh) {
  const el = form(
    [
      field("urgency", t("field.urgency"), {
        choices: [["", t("hotline.urgencySame")], ...URGENCIES.map((u) => [u, label(u)])],
      }),
      field("description", t("hotline.changedDescription")),
    ],
    label("CHANGED"),
    async (v) => {
      const payload = await mutate(CALL_DOWN, {
        helpRequestId: request.id,
        answer: "CHANGED",
        urgency: v.urgency || null,
        description: v.description || null,
      });
      if (!payload.userErrors.length) refresh();
      return payload;
    },
    t("action.done"),
  );
  return inline(el, "call-down-changed");
}
