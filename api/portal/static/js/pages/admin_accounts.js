// Every account in the admin console, not only an office's staff: narrowed by role, office,
// organization or text; each one disabled or enabled, given another role of its kind, and
// its partner tokens listed and revoked (an organization's or a volunteer's too).
import { gql } from "../api.js";
import { field, h, section, values } from "../dom.js";
import { t } from "../i18n.js";
import { pager, PAGE_SIZE } from "../pager.js";
import { adminOnly, consoleLinks } from "./admin.js";
import { accountItem } from "./admin_staff.js";

const ACCOUNTS = `query Accounts($first: Int, $after: String, $filter: AccountFilter) {
  accounts(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id email role displayName awaitingInvitation disabledAt office { id name } organization { id name } } } }`;
// The choices of the office and organization filters: the first hundred of each by name
// is what a console over one province holds; the text filter finds anyone else.
const CHOICES = `query AccountFilterChoices {
  offices(first: 100) { nodes { id name } }
  organizations(first: 100) { nodes { id name } } }`;

export const ROLES = ["ADMIN", "OFFICE_ADMIN", "OFFICE_STAFF", "HOTLINE_OPERATOR", "ORG_ADMIN", "ORG_MEMBER", "VOLUNTEER"];

function choices(nodes) {
  const named = [...nodes].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  return [["", t("console.any")], ...named.map((n) => [n.id, n.name])];
}

export async function accountsPage() {
  const refused = adminOnly();
  if (refused) return refused;
  const found = await gql(CHOICES);
  const box = h("div");
  const reload = (v) => {
    const filter = {
      role: v.role || null,
      officeId: v.officeId || null,
      organizationId: v.organizationId || null,
      text: v.text || null,
    };
    const load = async (after) => (await gql(ACCOUNTS, { first: PAGE_SIZE, after, filter })).accounts;
    box.replaceChildren(pager(load, (a) => accountItem(a, refresh)));
  };
  // Side by side where the screen is wide, one under another on a phone.
  const bar = h("form.filters", {
    novalidate: true, "aria-label": t("console.accountFilters"),
    style: "display:grid;grid-template-columns:repeat(auto-fit,minmax(13em,1fr));gap:0 16px;align-items:start",
  },
    field("text", t("console.accountText"), { type: "search", hint: t("console.accountTextHint") }),
    field("role", t("field.role"), { choices: [["", t("console.any")], ...ROLES.map((r) => [r, t(`console.role.${r}`)])] }),
    field("officeId", t("console.office"), { choices: choices(found.offices.nodes) }),
    field("organizationId", t("console.organization"), { choices: choices(found.organizations.nodes) }),
    h("div", {}, h("button.secondary", { type: "submit", text: t("console.filter") })));
  const refresh = () => reload(values(bar));
  bar.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  reload({});
  return [consoleLinks(), section(t("console.accounts"), h("p", { text: t("console.accountsIntro") }), bar, box)];
}
