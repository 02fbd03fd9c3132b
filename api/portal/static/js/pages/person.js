// A person of the register: the whole history of visits and what their findings became,
// and the office's form to edit the record one field at a time.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { signInFirst } from "./organization.js";

const HISTORY = `query PersonHistory($id: ID!) { node(id: $id) { ... on Person {
  id name category idNumber phone phoneInFull address guardianName guardianPhone guardianPhoneInFull
  notes lastVisitedAt region { code name }
  visits { id status dueAt visitedAt notFoundReason actions checks { item status note }
    referrals { kind item department need { id status category { code } } } } } } }`;
const COUNTS = `query PeopleCounts($regionCode: String!) { peopleCounts(regionCode: $regionCode) { category count } }`;
const UPDATE = `mutation UpdatePerson($input: UpdatePersonInput!) { updatePerson(input: $input) {
  person { id } userErrors { field message code } } }`;

export const CATEGORIES = [
  "SCATTERED_DESTITUTE", "SCATTERED_ORPHAN", "CHILD_IN_DIFFICULTY", "DISABLED",
  "LEFT_BEHIND_ELDERLY", "LEFT_BEHIND_CHILD",
];

export function officeOnly() {
  const v = state.viewer;
  return v && (v.office || v.role === "ADMIN");
}

/** The viewer's office covers the county (its code's prefix), or the viewer is ADMIN. */
export function ofJurisdiction(code) {
  const v = state.viewer;
  if (v?.role === "ADMIN") return true;
  const office = v?.office?.region?.code;
  return Boolean(office) && code.startsWith(office.replace(/(00)+$/, ""));
}

/** How many persons of each category the office's register holds (none without an office). */
export async function peopleCounts(region) {
  return region ? (await gql(COUNTS, { regionCode: region })).peopleCounts : [];
}

/** The known categories, then the codes the office added (as its register holds them). */
export function categoriesWith(extra) {
  return [...new Set([...CATEGORIES, ...extra.filter(Boolean)])];
}

export function checkList(checks) {
  return h("ul.checks", {}, checks.map((c) =>
    h("li", { "data-status": c.status, text: `${t(`visits.item.${c.item}`)}: ${t(`visits.status.${c.status}`)}${c.note ? ` (${c.note})` : ""}` })));
}

// What the edit form shows in each field, from the record as read.
const EDITABLE = {
  category: (p) => p.category,
  name: (p) => p.name,
  phone: (p) => p.phoneInFull || "",
  address: (p) => p.address || "",
  guardianName: (p) => p.guardianName || "",
  guardianPhone: (p) => p.guardianPhoneInFull || "",
  notes: (p) => p.notes || "",
};

/** Only the fields the office changed are sent: the audit names exactly those, and an
 * ID number left blank stays as it is (it is never shown in full in the form). */
export function changedFields(person, values) {
  const changed = {};
  for (const [name, shown] of Object.entries(EDITABLE)) {
    if ((values[name] ?? "") !== shown(person)) changed[name] = values[name] ?? "";
  }
  if (values.idNumber) changed.idNumber = values.idNumber;
  return changed;
}

/** The edit form; `current()` is the record as last read, `reread()` reads it again. */
function editForm(current, reread, categories) {
  const p = current();
  const value = (name) => EDITABLE[name](p);
  const el = form(
    [
      field("category", t("people.category"), { choices: categoriesWith([...categories, p.category]), value: p.category }),
      field("name", t("people.name"), { required: true, value: value("name") }),
      field("idNumber", t("people.idNumber"), { hint: t("people.idNumberKeep") }),
      field("phone", t("people.phone"), { type: "tel", value: value("phone") }),
      field("address", t("people.address"), { value: value("address") }),
      field("guardianName", t("people.guardian"), { value: value("guardianName") }),
      field("guardianPhone", t("people.guardianPhone"), { type: "tel", value: value("guardianPhone") }),
      field("notes", t("people.notes"), { type: "textarea", value: value("notes") }),
    ],
    t("people.save"),
    async (values) => {
      const changed = changedFields(current(), values);
      if (!Object.keys(changed).length) return { userErrors: [] };
      const payload = await mutate(UPDATE, { personId: p.id, ...changed });
      if (!payload.userErrors.length) {
        await reread();
        // The fields show what is now stored (a phone as +86…), the ID number blank again.
        for (const [name, shown] of Object.entries(EDITABLE)) el.elements[name].value = shown(current());
        el.elements.idNumber.value = "";
      }
      return payload;
    },
    t("people.saved"),
  );
  el.setAttribute("data-testid", "person-edit");
  return el;
}

function historyItem(v) {
  return h(
    "li", { "data-testid": "history-visit" },
    h("p", { text: `${t(`visits.done.${v.status}`)} ${formatDate(v.visitedAt || v.dueAt)}` }),
    v.notFoundReason ? h("p", { text: v.notFoundReason }) : null,
    checkList(v.checks),
    v.actions ? h("p", { text: v.actions }) : null,
    h("ul", {}, v.referrals.map((r) => h("li", { text: r.need
      ? t("people.becameNeed", { item: t(`visits.item.${r.item}`), category: label(r.need.category.code), status: label(r.need.status) })
      : t("people.referred", { item: t(`visits.item.${r.item}`), department: r.department }) }))),
  );
}

export async function personPage(id) {
  if (!state.viewer) return signInFirst();
  let p = (await gql(HISTORY, { id })).node;
  if (!p) return section(t("people.title"), h("p", { text: t("app.notFound") }));
  const summary = h("div.person-summary");
  const show = () => summary.replaceChildren(
    h("p.meta", { "data-testid": "person-summary", text: `${label(p.category)} · ${p.region.name} · ${p.idNumber}` }),
    h("p", { "data-testid": "person-contact", text: [p.phone, p.address, p.guardianName, p.guardianPhone].filter(Boolean).join(" · ") }),
    p.notes ? h("p", { text: p.notes }) : null,
  );
  const reread = async () => {
    p = (await gql(HISTORY, { id })).node || p;
    show();
  };
  show();
  const history = p.visits.map(historyItem);
  const shown = [section(
    p.name,
    summary,
    h("h3", { text: t("people.history") }),
    history.length ? h("ul.list", {}, history) : h("p", { text: t("people.neverVisited") }),
    h("p", {}, h("a", { href: "#/office/people", text: t("people.back") })),
  )];
  // Only the office of jurisdiction may edit; a visitor assigned reads the page alone.
  if (ofJurisdiction(p.region.code)) {
    const own = (await peopleCounts(state.viewer.office?.region?.code)).map((c) => c.category);
    shown.push(section(t("people.edit"), editForm(() => p, reread, own)));
  }
  return shown;
}
