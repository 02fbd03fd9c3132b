// The volunteer's profile and availability (#/volunteer/profile): what they can do, where,
// and when — weekly slots in their time zone, and date ranges.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { SKILLS, codesList, isoTime } from "../catalog.js";
import { field, form, h, ok, section, showErrors, status } from "../dom.js";
import { label, t } from "../i18n.js";
import { placeField } from "../places.js";
import { signInFirst } from "./organization.js";
import { certificateRows, guardianFields, homePointFields } from "./volunteer_details.js";
import { checkbox, checked } from "./volunteer_signup.js";

export const MY_PROFILE = `query MyVolunteerProfile { viewer { id volunteer {
  id displayName phone email skills languages notifyBy membershipStatus region { code name }
  certificates { skill certificate } serviceRegionCodes serviceRadiusKm
  homeLocation { latitude longitude } birthDate consentedAt guardianName guardianPhone
  guardianConsentedAt organization { id name }
  availability { timeZone weekly { weekday from until } ranges { from until } } } } }`;
const UPDATE = `mutation UpdateVolunteerProfile($input: UpdateVolunteerProfileInput!) {
  updateVolunteerProfile(input: $input) { volunteer { id displayName skills }
  userErrors { field message code } } }`;
const SET_AVAILABILITY = `mutation SetAvailability($input: SetAvailabilityInput!) {
  setAvailability(input: $input) { volunteer { id availability {
  weekly { weekday from until } ranges { from until } } } userErrors { field message code } } }`;

export const WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** The signed-in volunteer's profile, or null for any other viewer. */
export async function myVolunteer() {
  return (await gql(MY_PROFILE)).viewer?.volunteer ?? null;
}

/** "Mon 08:00–12:00; 1 Dec 08:00 – 5 Dec 20:00" in the reader's language. */
export function availabilityText(availability) {
  if (!availability) return t("volunteer.noAvailability");
  const weekly = availability.weekly.map((s) => `${label(s.weekday)} ${s.from}–${s.until}`);
  const local = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const ranges = availability.ranges.map((r) => `${local(r.from)} – ${local(r.until)}`);
  return [...weekly, ...ranges].join("; ");
}

function choose(select, chosen) {
  for (const option of select.options) option.selected = chosen.includes(option.value);
}

/** A userError of the page's own, shown beside the field as the server's are. */
function refused(field, message) {
  return { userErrors: [{ field: [field], message, code: "INVALID" }] };
}

function profileForm(volunteer) {
  const skills = field("skills", t("field.skills"), { choices: SKILLS, multiple: true });
  choose(skills.querySelector("select"), volunteer.skills);
  const certificates = certificateRows(volunteer.certificates);
  const home = homePointFields(volunteer.homeLocation);
  const consent = checkbox("guardianConsent", t("volunteer.guardianConsent"));
  consent.querySelector("input").checked = Boolean(volunteer.guardianConsentedAt);
  // The inbox always; email and SMS as the person chooses.
  const told = field("notifyBy", t("field.notifyBy"), {
    choices: ["EMAIL", "SMS"], multiple: true, hint: t("volunteer.notifyByHint"),
  });
  choose(told.querySelector("select"), volunteer.notifyBy);
  return form(
    [
      field("displayName", t("field.realName"), { required: true, value: volunteer.displayName }),
      field("birthDate", t("field.birthDate"), { type: "date", required: true, value: volunteer.birthDate ?? "" }),
      placeField("regionCode", t("field.homeRegion"), { chosen: [volunteer.region] }),
      home.element,
      skills,
      certificates.element,
      field("languages", t("field.languages"), { value: volunteer.languages.join(", "), hint: t("volunteer.languagesHint") }),
      placeField("serviceRegionCodes", t("field.serviceRegions"), {
        multiple: true,
        chosen: volunteer.serviceRegionCodes.map((code) => ({ code, name: code })),
      }),
      field("serviceRadiusKm", t("field.serviceRadius"), { type: "number", value: volunteer.serviceRadiusKm ?? "" }),
      guardianFields(volunteer, consent),
      told,
    ],
    t("volunteer.saveProfile"),
    (v, el) => {
      const point = home.read();
      if (point && !(Number.isFinite(point.latitude) && Number.isFinite(point.longitude))) {
        return refused("homeLocation", t("volunteer.homePointInvalid"));
      }
      return mutate(UPDATE, {
        displayName: v.displayName,
        birthDate: v.birthDate || null,
        regionCode: v.regionCode || null,
        homeLocation: point,
        skills: v.skills,
        certificates: certificates.read(),
        languages: codesList(v.languages),
        serviceRegionCodes: codesList(v.serviceRegionCodes),
        serviceRadiusKm: v.serviceRadiusKm ? Number(v.serviceRadiusKm) : null,
        // Empty clears: a volunteer come of age may drop their guardian.
        guardianName: v.guardianName,
        guardianPhone: v.guardianPhone,
        guardianConsent: checked(el, "guardianConsent"),
        notifyBy: v.notifyBy,
      });
    },
    t("volunteer.profileSaved"),
  );
}

function slotRow(slot = { weekday: "MONDAY", from: "08:00", until: "18:00" }) {
  const day = h("select", { "aria-label": t("field.weekday"), "data-part": "weekday" });
  for (const d of WEEKDAYS) day.append(h("option", { value: d, text: label(d), selected: d === slot.weekday }));
  const row = h("div.slot", { "data-testid": "weekly-slot" }, day,
    h("input", { type: "time", value: slot.from, "aria-label": t("field.from"), "data-part": "from" }),
    h("input", { type: "time", value: slot.until, "aria-label": t("field.until"), "data-part": "until" }));
  row.append(h("button.secondary.small", { type: "button", text: t("volunteer.remove"), onclick: () => row.remove() }));
  return row;
}

function local(iso) {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function rangeRow(range = null) {
  const row = h("div.slot", { "data-testid": "date-range" },
    h("input", { type: "datetime-local", value: range ? local(range.from) : "", "aria-label": t("field.from"), "data-part": "from" }),
    h("input", { type: "datetime-local", value: range ? local(range.until) : "", "aria-label": t("field.until"), "data-part": "until" }));
  row.append(h("button.secondary.small", { type: "button", text: t("volunteer.remove"), onclick: () => row.remove() }));
  return row;
}

function part(row, name) {
  return row.querySelector(`[data-part="${name}"]`).value;
}

function availabilityForm(availability, shown) {
  const weekly = h("div.slots", {}, (availability?.weekly || []).map(slotRow));
  const ranges = h("div.slots", {}, (availability?.ranges || []).map(rangeRow));
  const error = (name) => h("p.field-error", { role: "alert", "data-error-for": name });
  const out = status();
  const el = h("form", { novalidate: true },
    h("h3", { text: t("volunteer.weekly") }), weekly, error("weekly"),
    h("button.secondary.small", { type: "button", text: t("volunteer.addSlot"), onclick: () => weekly.append(slotRow()) }),
    h("h3", { text: t("volunteer.ranges") }), ranges, error("ranges"), error("timeZone"),
    h("button.secondary.small", { type: "button", text: t("volunteer.addRange"), onclick: () => ranges.append(rangeRow()) }),
    h("p.hint", { text: t("volunteer.timeZoneHint") }),
    h("button", { type: "submit", text: t("volunteer.saveAvailability") }), out);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = {
      weekly: [...weekly.children].map((r) => ({ weekday: part(r, "weekday"), from: part(r, "from"), until: part(r, "until") })),
      ranges: [...ranges.children].map((r) => ({ from: isoTime(part(r, "from")), until: isoTime(part(r, "until")) })),
    };
    const payload = await mutate(SET_AVAILABILITY, input);
    if (payload.userErrors.length) return showErrors(el, payload.userErrors, out);
    ok(out, t("volunteer.availabilitySaved"));
    shown.textContent = availabilityText(payload.volunteer.availability);
  });
  return el;
}

export async function volunteerProfilePage() {
  if (!state.viewer) return signInFirst();
  const volunteer = await myVolunteer();
  if (!volunteer) return section(t("volunteer.profileTitle"), h("p", { text: t("volunteer.onlyVolunteers") }));
  const shown = h("p", { "data-testid": "availability-now", text: availabilityText(volunteer.availability) });
  return [
    section(t("volunteer.availabilityTitle"), shown, availabilityForm(volunteer.availability, shown)),
    section(t("volunteer.profileTitle"), profileForm(volunteer)),
  ];
}
