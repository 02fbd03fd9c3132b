// One-time links from an email: joining as invited (a name and a password) or a new
// password; either signs in. And the sign-in page's "forgot password" request.
import { gql } from "../api.js";
import { loadViewer, render } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { t } from "../i18n.js";

const ACCEPT = `mutation AcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { account { id role office { id } }
  userErrors { field message code } } }`;
const RESET = `mutation ResetPassword($input: ResetPasswordInput!) {
  resetPassword(input: $input) { account { id role office { id } }
  userErrors { field message code } } }`;
const REQUEST = `mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { ok userErrors { field message code } } }`;

function home(account) {
  if (account.role.startsWith("ORG")) return "#/org";
  if (account.role === "HOTLINE_OPERATOR") return "#/hotline";
  if (account.role === "VOLUNTEER") return "#/visits";
  return "#/office";
}

/** The link's form: the page's path carries the token; the session lands in the cookie. */
function linkForm(mutation, fields, buttonText, extra) {
  return form(fields, buttonText, async (v) => {
    const input = { ...extra(v), password: v.password, cookie: true };
    const payload = Object.values(await gql(mutation, { input }))[0];
    if (!payload.userErrors.length) {
      await loadViewer();
      location.hash = home(payload.account);
      await render();
    }
    return payload;
  }, t("signin.done"));
}

export function joinPage(token) {
  const fields = [
    field("displayName", t("field.displayName"), { required: true }),
    field("password", t("field.password"), { type: "password", required: true, hint: t("hint.password") }),
    // A refusal of the link itself (used, expired) is said here.
    h("p.field-error", { role: "alert", "data-error-for": "token" }),
  ];
  const joining = linkForm(ACCEPT, fields, t("link.join"), (v) => ({ token, displayName: v.displayName }));
  return section(t("link.joinTitle"), h("p", { text: t("link.joinIntro") }), joining);
}

export function resetPage(token) {
  const fields = [
    field("password", t("field.newPassword"), { type: "password", required: true, hint: t("hint.password") }),
    h("p.field-error", { role: "alert", "data-error-for": "token" }),
  ];
  const resetting = linkForm(RESET, fields, t("link.reset"), () => ({ token }));
  return section(t("link.resetTitle"), resetting);
}

/** A reset link by email, asked from the sign-in page. The answer never says whether the
 * address has an account. */
export function forgotPage() {
  const asking = form(
    [field("email", t("field.email"), { type: "email", required: true })],
    t("link.request"),
    async (v) => Object.values(await gql(REQUEST, { input: { email: v.email } }))[0],
    t("link.requested"),
  );
  return section(t("link.forgot"), asking);
}
