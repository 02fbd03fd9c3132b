// Sign in, and an organization's sign-up (registerOrganization).
import { mutate, signIn } from "../api.js";
import { render, loadViewer } from "../app.js";
import { categoryChoices, KINDS } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { t } from "../i18n.js";
import { placeField } from "../places.js";

const REGISTER = `mutation RegisterOrganization($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { organization { id name status }
  userErrors { field message code } } }`;

/** Where each role starts: a volunteer on their own page, never the office's. */
export function homeOf(role) {
  if (role === "VOLUNTEER") return "#/volunteer";
  return role.startsWith("ORG") ? "#/org" : "#/office";
}

export function signInPage() {
  const signInForm = form(
    [
      field("email", t("field.email"), { type: "email", required: true }),
      field("password", t("field.password"), { type: "password", required: true }),
    ],
    t("nav.signin"),
    async (v) => {
      const result = await signIn(v.email, v.password);
      if (!result.userErrors.length) {
        await loadViewer();
        location.hash = homeOf(result.role);
        await render();
      }
      return result;
    },
    t("signin.done"),
  );
  const forgot = h("p", {}, h("a", { href: "#/forgot", text: t("link.forgot") }));
  return section(t("signin.title"), signInForm, forgot);
}

export async function signUpPage() {
  const fields = [
    field("name", t("field.orgName"), { required: true }),
    field("kind", t("field.kind"), { choices: KINDS }),
    field("uscc", t("field.uscc"), { required: true, hint: t("hint.uscc") }),
    placeField("regionCode", t("field.regionCode"), { required: true }),
    field("contactName", t("field.contactName"), { required: true }),
    field("contactPhone", t("field.contactPhone"), { type: "tel", required: true }),
    field("contactEmail", t("field.contactEmail"), { type: "email", required: true }),
    field("serviceCategoryCodes", t("field.serviceCategories"), {
      choices: await categoryChoices(),
      multiple: true,
    }),
    field("adminEmail", t("field.adminEmail"), { type: "email", required: true }),
    field("adminPassword", t("field.adminPassword"), { type: "password", required: true, hint: t("hint.password") }),
  ];
  const signUp = form(
    fields,
    t("signup.submit"),
    (v) => mutate(REGISTER, v),
    (payload) => t("signup.done", { name: payload.organization.name }),
  );
  return section(t("signup.title"), h("p", { text: t("signup.intro") }), signUp);
}
