// A need as the office writes it: every field the API takes (beneficiaries and their
// special groups, required skills, a location typed or picked on the county's map, a
// description), for publishing and for editing; a likely duplicate named and published
// anyway only when confirmed; and, on each need of the office's list, edit (a field
// emptied there is cleared) and cancel.
import { mutate } from "../api.js";
import { categoryChoices, isoTime, localTime, SKILLS, SPECIAL_GROUPS, URGENCIES } from "../catalog.js";
import { field, form, h } from "../dom.js";
import { label, t } from "../i18n.js";
import { needPointMap } from "../area_map.js";
import { placeField } from "../places.js";
import { action } from "../pager.js";

const PUBLISH = `mutation PublishNeed($input: PublishNeedInput!) { publishNeed(input: $input) {
  need { id } duplicateOf { id quantity category { code } region { name } }
  userErrors { field message code } } }`;
const UPDATE = `mutation UpdateNeed($input: UpdateNeedInput!) { updateNeed(input: $input) {
  need { id } userErrors { field message code } } }`;
const CANCEL = `mutation CancelNeed($input: CancelNeedInput!) { cancelNeed(input: $input) {
  need { id status } userErrors { field message code } } }`;

const FINISHED = ["CANCELLED", "FULFILLED"];

function localOf(iso) {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function picked(select, values) {
  for (const option of select.querySelectorAll("option")) option.selected = values.includes(option.value);
}

/** The fields both forms share, filled from `need` when editing; `point` is the location
 * map, drawn after the latitude and longitude it sets. */
function contentFields(need, point) {
  const skills = field("requiredSkills", t("field.requiredSkills"), { choices: SKILLS, multiple: true });
  const groups = field("specialGroups", t("field.specialGroups"), { choices: SPECIAL_GROUPS, multiple: true });
  if (need) {
    picked(skills.querySelector("select"), need.requiredSkills);
    picked(groups.querySelector("select"), need.beneficiaries.specialGroups);
  }
  return [
    field("quantity", t("field.quantity"), { type: "number", required: true, value: need?.quantity }),
    field("urgency", t("field.urgency"), { choices: URGENCIES, value: need?.urgency }),
    field("neededBy", t("field.neededBy"), {
      type: "datetime-local", value: need ? localOf(need.neededBy) : localTime(3),
    }),
    field("count", t("field.beneficiaries"), { type: "number", value: need?.beneficiaries.count }),
    groups,
    skills,
    field("latitude", t("field.latitude"), { type: "number", step: "any", value: need?.location?.latitude, hint: t("hint.location") }),
    field("longitude", t("field.longitude"), { type: "number", step: "any", value: need?.location?.longitude }),
    point.element,
    field("description", t("field.description"), { type: "textarea", value: need?.description }),
  ];
}

/** The API's input from the form's values: blanks are left out, never sent as zero.
 * Editing `need`, a field it had and the office emptied is cleared (null leaves it). */
function content(v, need = null) {
  const number = (text) => (text === "" ? null : Number(text));
  const [latitude, longitude] = [number(v.latitude), number(v.longitude)];
  return {
    quantity: number(v.quantity) ?? 0,
    urgency: v.urgency,
    neededBy: isoTime(v.neededBy),
    description: v.description || null,
    requiredSkills: v.requiredSkills,
    beneficiaries: { count: number(v.count), specialGroups: v.specialGroups },
    // Half a point is an error the service names; no point at all is the county's.
    location: latitude === null && longitude === null ? null : { latitude, longitude },
    ...(need ? { clear: emptied(need, { latitude, longitude, description: v.description, count: number(v.count) }) } : {}),
  };
}

function emptied(need, now) {
  const clear = [];
  if (need.location && now.latitude === null && now.longitude === null) clear.push("LOCATION");
  if (need.description && !now.description) clear.push("DESCRIPTION");
  if (need.beneficiaries.count !== null && now.count === null) clear.push("BENEFICIARY_COUNT");
  return clear;
}

export async function publishCard(incident, onPublished) {
  const duplicate = h("div.duplicate", { "data-testid": "duplicate", hidden: true });
  const point = needPointMap(incident.regions.map((r) => r.code));
  let confirm = false;
  const card = form(
    [
      // Inside the incident's one region, the picker looks there; the service refuses a
      // place outside the incident either way.
      placeField("regionCode", t("field.regionCode"), {
        required: true,
        within: incident.regions.length === 1 ? incident.regions[0].code : null,
        chosen: incident.regions.length === 1 ? [incident.regions[0]] : [],
        hint: t("hint.needRegion"),
      }),
      field("categoryCode", t("field.category"), { choices: await categoryChoices() }),
      ...contentFields(null, point),
      duplicate,
    ],
    t("need.publish"),
    async (v) => {
      const input = { ...content(v), incidentId: incident.id, regionCode: v.regionCode,
        categoryCode: v.categoryCode, confirmDuplicate: confirm };
      confirm = false;
      const payload = await mutate(PUBLISH, input);
      // A published need names the one it was confirmed against; only a refusal asks.
      const refused = payload.duplicateOf && payload.userErrors.length;
      duplicate.hidden = !refused;
      if (refused) {
        const other = payload.duplicateOf;
        duplicate.replaceChildren(
          h("p", { text: t("need.duplicate", { quantity: other.quantity, region: other.region.name }) }),
          h("button.secondary", { type: "button", text: t("need.publishAnyway"), onclick: () => {
            confirm = true;
            card.requestSubmit();
          } }),
        );
      }
      if (!payload.userErrors.length) onPublished();
      return payload;
    },
    t("need.published"),
  );
  point.watch(card);
  return card;
}

/** Edit and cancel, under a need of the office's list. */
export function manageNeed(need, refresh) {
  if (FINISHED.includes(need.status)) return null;
  const point = needPointMap([need.region.code]);
  const edit = form(contentFields(need, point), t("need.save"), async (v) => {
    const payload = await mutate(UPDATE, { ...content(v, need), needId: need.id });
    // The list is read again, so the saved figures show where they are read.
    if (!payload.userErrors.length) refresh();
    return payload;
  }, t("need.saved"));
  const reason = h("input", {
    type: "text", maxlength: 2000, "aria-label": t("need.cancelReason"), placeholder: t("need.cancelReason"),
  });
  const cancel = () => mutate(CANCEL, { needId: need.id, reason: reason.value.trim() || null });
  // Each need's map is drawn when its form is first opened, not for the whole list.
  const details = h("details", {}, h("summary", { text: t("need.edit") }), edit);
  details.addEventListener("toggle", () => { if (details.open && !edit.dataset.watched) { edit.dataset.watched = "1"; point.watch(edit); } });
  return h("div.manage", { "data-testid": "manage-need" },
    details,
    h("div.actions", {}, reason, action(t("need.cancel"), cancel, label("CANCELLED"), refresh)));
}
