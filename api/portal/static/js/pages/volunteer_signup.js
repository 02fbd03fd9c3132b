// A volunteer's sign-up: the phone first (a code is sent to it by SMS), then the person,
// their skills and where they serve, and their consent to the use of their data.
import { gql, mutate, signIn } from "../api.js";
import { loadViewer, render } from "../app.js";
import { SKILLS, codesList } from "../catalog.js";
import { certificateRows, guardianFields } from "./volunteer_details.js";
import { field, form, h, ok, section, showErrors, status } from "../dom.js";
import { TO_LOCALE, language, t } from "../i18n.js";
import { placeField } from "../places.js";

const REQUEST_CODE = `mutation RequestPhoneCode($input: RequestPhoneCodeInput!) {
  requestPhoneCode(input: $input) { sent userErrors { field message code } } }`;
const VERIFIED = `query JoinableOrganizations { organizations(first: 100, filter: { status: VERIFIED }) {
  nodes { id name } } }`;
const REGISTER = `mutation RegisterVolunteer($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) { volunteer { id displayName }
  userErrors { field message code } } }`;

/** A labelled checkbox; the form's action reads `.checked` by name. */
export function checkbox(name, text, hint) {
  const id = `c-${name}`;
  return h(
    "div.field.check",
    { "data-field": name },
    h("input", { id, name, type: "checkbox", "aria-describedby": `${id}-error` }),
    h("label", { for: id, text }),
    hint ? h("p.hint", { text: hint }) : null,
    h("p.field-error", { id: `${id}-error`, role: "alert", "data-error-for": name }),
  );
}

export function checked(el, name) {
  return Boolean(el.querySelector(`input[name="${name}"]`)?.checked);
}

function phoneStep(onSent) {
  const out = status();
  const phone = field("phone", t("field.phone"), { type: "tel", required: true, hint: t("volunteer.phoneHint") });
  const el = h("form.inline", { novalidate: true }, phone,
    h("button", { type: "submit", text: t("volunteer.sendCode") }), out);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = el.querySelector("input[name=phone]").value.trim();
    const payload = await mutate(REQUEST_CODE, { phone: number });
    if (payload.userErrors.length) return showErrors(el, payload.userErrors, out);
    showErrors(el, []);
    ok(out, t("volunteer.codeSent"));
    onSent(number);
  });
  return el;
}

function detailsStep(phone, organizations) {
  const certificates = certificateRows();
  const fields = [
    field("phoneCode", t("field.phoneCode"), { required: true, hint: t("volunteer.codeHint") }),
    field("displayName", t("field.realName"), { required: true }),
    field("email", t("field.email"), { type: "email", required: true }),
    field("password", t("field.password"), { type: "password", required: true, hint: t("hint.password") }),
    field("birthDate", t("field.birthDate"), { type: "date", required: true }),
    placeField("regionCode", t("field.homeRegion"), { required: true }),
    field("skills", t("field.skills"), { choices: SKILLS, multiple: true }),
    certificates.element,
    field("languages", t("field.languages"), { hint: t("volunteer.languagesHint") }),
    placeField("serviceRegionCodes", t("field.serviceRegions"), { multiple: true }),
    field("serviceRadiusKm", t("field.serviceRadius"), { type: "number" }),
    // Joining waits for the organization's admin: its roster holds approved members.
    field("organizationId", t("field.joinOrganization"), {
      choices: [["", t("volunteer.noOrganization")], ...organizations.map((o) => [o.id, o.name])],
      hint: t("volunteer.joinHint"),
    }),
    guardianFields({}, checkbox("guardianConsent", t("volunteer.guardianConsent"))),
    checkbox("consentToPersonalData", t("volunteer.consent"), t("volunteer.consentHint")),
  ];
  return form(
    fields,
    t("volunteer.register"),
    async (v, el) => {
      const payload = await mutate(REGISTER, {
        phone,
        phoneCode: v.phoneCode,
        displayName: v.displayName,
        email: v.email,
        password: v.password,
        birthDate: v.birthDate || null,
        regionCode: v.regionCode,
        skills: v.skills,
        certificates: certificates.read(),
        languages: codesList(v.languages),
        serviceRegionCodes: codesList(v.serviceRegionCodes),
        serviceRadiusKm: v.serviceRadiusKm ? Number(v.serviceRadiusKm) : null,
        guardianName: v.guardianName || null,
        guardianPhone: v.guardianPhone || null,
        guardianConsent: checked(el, "guardianConsent") || null,
        consentToPersonalData: checked(el, "consentToPersonalData"),
        organizationId: v.organizationId || null,
        // The account speaks the language the page was read in.
        locale: TO_LOCALE[language()],
      });
      if (!payload.userErrors.length) {
        await signIn(v.email, v.password);
        await loadViewer();
        location.hash = "#/volunteer";
        await render();
      }
      return payload;
    },
    t("volunteer.registered"),
  );
}

export function volunteerSignUpPage() {
  const second = h("div", { "data-testid": "volunteer-details" });
  const first = phoneStep(async (phone) => {
    const organizations = (await gql(VERIFIED)).organizations.nodes;
    second.replaceChildren(detailsStep(phone, organizations));
  });
  return section(
    t("volunteer.signupTitle"),
    h("p", { text: t("volunteer.signupIntro") }),
    h("h3", { text: t("volunteer.step1") }),
    first,
    h("h3", { text: t("volunteer.step2") }),
    second,
  );
}
