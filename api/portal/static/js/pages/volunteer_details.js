// Parts of the volunteer's sign-up and profile forms that are more than one input: the
// certificates (one row each), the home point (from the browser, or typed) and the
// guardian of a volunteer under 18.
import { SKILLS } from "../catalog.js";
import { field, h, ok, status } from "../dom.js";
import { label, t } from "../i18n.js";

let serial = 0;

function certificateRow(list, held = { skill: "", certificate: "" }) {
  const skill = h("select", { "aria-label": t("field.certificateSkill"), "data-part": "skill" },
    [["", t("volunteer.noCertificate")], ...SKILLS.map((s) => [s, label(s)])].map(([value, text]) =>
      h("option", { value, text, selected: value === held.skill })));
  const text = h("input", { type: "text", value: held.certificate, "aria-label": t("field.certificate"),
    "data-part": "certificate", maxlength: 200 });
  const row = h("div.slot", { "data-testid": "certificate" }, skill, text);
  row.append(h("button.secondary.small", { type: "button", text: t("volunteer.remove"), onclick: () => row.remove() }));
  list.append(row);
}

/** Certificate rows (skill, certificate) with add and remove; `read()` gives the filled ones. */
export function certificateRows(held = []) {
  const list = h("div.slots", { "data-testid": "certificates" });
  for (const c of held) certificateRow(list, c);
  if (!held.length) certificateRow(list);
  const element = h("fieldset.guardian", { "data-field": "certificates" },
    h("legend", { text: t("volunteer.certificates") }),
    h("p.hint", { text: t("volunteer.certificateHint") }),
    list,
    h("p.field-error", { role: "alert", "data-error-for": "certificates" }),
    h("button.secondary.small", { type: "button", text: t("volunteer.addCertificate"),
      onclick: () => certificateRow(list) }));
  const read = () => [...list.children]
    .map((row) => ({
      skill: row.querySelector('[data-part="skill"]').value,
      certificate: row.querySelector('[data-part="certificate"]').value.trim(),
    }))
    .filter((c) => c.skill && c.certificate);
  return { element, read };
}

/** The browser's position, or null when refused, unavailable or slow. */
function here() {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (found) => resolve(found.coords),
      () => resolve(null),
      { timeout: 8000, maximumAge: 60000 },
    );
  });
}

/** Latitude and longitude of home, typed or from "use my position"; `read()` gives
 * {latitude, longitude}, null when both are empty, or numbers the server checks. */
export function homePointFields(point = null) {
  const latitude = field("homeLatitude", t("field.homeLatitude"), { type: "number", step: "any", value: point?.latitude ?? "" });
  const longitude = field("homeLongitude", t("field.homeLongitude"), { type: "number", step: "any", value: point?.longitude ?? "" });
  const out = status();
  const use = h("button.secondary.small", { type: "button", text: t("volunteer.useMyPosition") });
  use.addEventListener("click", async () => {
    use.disabled = true;
    const found = await here();
    use.disabled = false;
    if (!found) {
      out.className = "status error";
      out.textContent = t("volunteer.noPosition");
      return;
    }
    // Five decimals: about a metre, more than a home point needs.
    latitude.querySelector("input").value = found.latitude.toFixed(5);
    longitude.querySelector("input").value = found.longitude.toFixed(5);
    ok(out, t("volunteer.positionTaken"));
  });
  const element = h("fieldset.guardian", { "data-field": "homeLocation" },
    h("legend", { text: t("volunteer.homePoint") }),
    h("p.hint", { text: t("volunteer.homePointHint") }),
    h("div.actions", {}, use, out),
    latitude, longitude,
    h("p.field-error", { role: "alert", "data-error-for": "homeLocation" }));
  const read = () => {
    const lat = latitude.querySelector("input").value.trim();
    const lng = longitude.querySelector("input").value.trim();
    if (!lat && !lng) return null;
    return { latitude: Number(lat || NaN), longitude: Number(lng || NaN) };
  };
  return { element, read };
}

/** The guardian's fieldset (a volunteer under 18), with the consent box checked if given. */
export function guardianFields(volunteer = {}, consentBox) {
  const id = `guardian-${++serial}`;
  return h("fieldset.guardian", { id },
    h("legend", { text: t("volunteer.guardian") }),
    h("p.hint", { text: t("volunteer.guardianHint") }),
    field("guardianName", t("field.guardianName"), { value: volunteer.guardianName ?? "" }),
    field("guardianPhone", t("field.guardianPhone"), { type: "tel", value: volunteer.guardianPhone ?? "" }),
    consentBox);
}
