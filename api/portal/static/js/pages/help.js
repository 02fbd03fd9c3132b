// The public's help page, no account: ask for help, get a reference, check progress with
// the reference and the phone.
import { gql, mutate } from "../api.js";
import { form, field, h, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { clearPlace } from "../places.js";
import { requestFields, requestInput, sendOnCtrlEnter } from "./hotline.js";

const SUBMIT = `mutation SubmitHelpRequest($input: SubmitHelpRequestInput!) {
  submitHelpRequest(input: $input) { helpRequest { id reference status receivedAt }
  userErrors { field message code } } }`;
const PROGRESS = `query HelpRequestProgress($reference: String!, $phone: String!) {
  helpRequestProgress(reference: $reference, phone: $phone) {
    reference status receivedAt updatedAt closedAt outcomes { kind department createdAt } } }`;

export async function helpPage() {
  const given = h("div", { "data-testid": "reference", "aria-live": "polite" });
  const ask = form(await requestFields(), t("help.submit"), async (v, el) => {
    const payload = await mutate(SUBMIT, requestInput(v));
    if (!payload.userErrors.length) {
      const reference = payload.helpRequest.reference;
      given.replaceChildren(
        h("p", { text: t("help.given") }),
        h("p.reference", { text: reference }),
        h("p", { text: t("help.keep") }),
        h("a", { href: "#/help/progress", text: t("help.check") }),
      );
      el.reset();
      clearPlace(el);
    }
    return payload;
  }, t("help.sent"));
  sendOnCtrlEnter(ask);
  return [
    section(t("help.title"), h("p", { text: t("help.intro") }), ask, given),
    section(t("help.progressTitle"), h("a", { href: "#/help/progress", text: t("help.check") })),
  ];
}

function progressOf(found) {
  if (!found) return h("p", { "data-testid": "progress", text: t("help.notFound") });
  return h(
    "div.item",
    { "data-testid": "progress" },
    h("strong", { text: found.reference }),
    h("span.badge", { "data-status": found.status, text: label(found.status) }),
    h("span", { text: t("help.received", { date: formatDate(found.receivedAt) }) }),
    h("ul.list", {}, found.outcomes.map((o) => h("li", {
      text: `${formatDate(o.createdAt)} · ${label(o.kind)}${o.department ? ` · ${label(o.department)}` : ""}`,
    }))),
    found.closedAt ? h("span", { text: t("help.closed", { date: formatDate(found.closedAt) }) }) : null,
  );
}

export function progressPage() {
  const shown = h("div");
  const check = form(
    [
      field("reference", t("field.reference"), { required: true }),
      field("phone", t("field.phone"), { type: "tel", required: true }),
    ],
    t("help.check"),
    async (v) => {
      const found = (await gql(PROGRESS, { reference: v.reference, phone: v.phone })).helpRequestProgress;
      shown.replaceChildren(progressOf(found));
      return { userErrors: [] };
    },
    "",
  );
  return [section(t("help.progressTitle"), h("p", { text: t("help.progressIntro") }), check, shown)];
}
