// The admin console (ADMIN only): offices made, renamed, moved and deactivated; each
// office's page lists its staff (admin_staff.js).
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { placeField } from "../places.js";
import { signInFirst } from "./organization.js";

const OFFICES = `query Offices($first: Int, $after: String) {
  offices(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id name deactivatedAt region { code name fullName } } } }`;
const CREATE = `mutation CreateOffice($input: CreateOfficeInput!) { createOffice(input: $input) {
  office { id name } userErrors { field message code } } }`;
const UPDATE = `mutation UpdateOffice($input: UpdateOfficeInput!) { updateOffice(input: $input) {
  office { id name region { code name } } userErrors { field message code } } }`;
const DEACTIVATE = `mutation DeactivateOffice($input: DeactivateOfficeInput!) {
  deactivateOffice(input: $input) { office { id deactivatedAt } userErrors { field message code } } }`;

/** The console's own navigation, on each of its pages. */
export function consoleLinks() {
  const links = [
    ["#/admin", t("console.offices")],
    ["#/admin/accounts", t("console.accounts")],
    ["#/admin/deliveries", t("console.deliveries")],
    ["#/admin/audit", t("console.audit")],
    ["#/admin/categories", t("console.categories")],
  ];
  return h("nav.console", { "aria-label": t("console.title") },
    h("ul.tabs", {}, links.map(([href, text]) => h("li", {}, h("a", {
      href, text, "aria-current": href === location.hash ? "page" : null,
    })))));
}

/** The page for ADMIN, or why not. */
export function adminOnly() {
  if (!state.viewer) return signInFirst();
  if (state.viewer.role !== "ADMIN") return section(t("console.title"), h("p", { text: t("console.adminOnly") }));
  return null;
}

function officeItem(office, refresh) {
  const off = Boolean(office.deactivatedAt);
  const edit = form(
    [
      field("name", t("field.officeName"), { value: office.name }),
      placeField("regionCode", t("field.jurisdiction"), {
        chosen: [{ code: office.region.code, name: office.region.name }],
      }),
    ],
    t("console.save"),
    (v) => mutate(UPDATE, { officeId: office.id, name: v.name || null, regionCode: v.regionCode || null }),
    t("console.saved"),
  );
  const details = h("details", {}, h("summary", { text: t("console.edit") }), edit);
  return h("div.item", { "data-testid": "office" },
    h("a", { href: `#/admin/offices/${office.id}`, text: office.name }),
    h("p.meta", { text: office.region.fullName }),
    off
      ? h("p.status.error", { text: t("console.deactivatedAt", { at: formatDate(office.deactivatedAt) }) })
      : h("details", {}, h("summary", { text: t("console.deactivate") }),
          h("p", { text: t("console.deactivateConfirm", { name: office.name }) }),
          action(t("console.deactivateNow"), () => mutate(DEACTIVATE, { officeId: office.id }),
            t("console.deactivated"), refresh)),
    off ? null : details,
  );
}

export function adminPage() {
  const refused = adminOnly();
  if (refused) return refused;
  const box = h("div");
  const refresh = () => {
    const load = async (after) => (await gql(OFFICES, { first: PAGE_SIZE, after })).offices;
    box.replaceChildren(pager(load, (o) => officeItem(o, refresh)));
  };
  const create = form(
    [
      field("name", t("field.officeName"), { required: true }),
      placeField("regionCode", t("field.jurisdiction"), { required: true, hint: t("console.jurisdictionHint") }),
    ],
    t("console.createOffice"),
    async (v) => {
      const payload = await mutate(CREATE, v);
      if (!payload.userErrors.length) location.hash = `#/admin/offices/${payload.office.id}`;
      return payload;
    },
    t("console.officeCreated"),
  );
  refresh();
  return [
    consoleLinks(),
    section(t("console.newOffice"), h("p", { text: t("console.deactivateNote") }), create),
    section(t("console.offices"), box),
  ];
}
