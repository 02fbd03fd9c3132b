// An office's staff in the admin console: invited by email, disabled and enabled again,
// sent a password-reset link, given another role; each account's partner tokens, revoked
// from here. The same account item serves the list of every account (admin_accounts.js).
import { gql, mutate } from "../api.js";
import { fail, field, form, h, ok, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { adminOnly, consoleLinks } from "./admin.js";

const OFFICE = `query Node($id: ID!) { node(id: $id) { ... on Office {
  id name deactivatedAt region { code fullName } } } }`;
const ACCOUNTS = `query Accounts($first: Int, $after: String, $filter: AccountFilter) {
  accounts(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id email role displayName awaitingInvitation disabledAt office { id name } } } }`;
const INVITE = `mutation InviteAccount($input: InviteAccountInput!) { inviteAccount(input: $input) {
  account { id email } userErrors { field message code } } }`;
const DISABLE = `mutation DisableAccount($input: DisableAccountInput!) { disableAccount(input: $input) {
  account { id disabledAt } userErrors { field message code } } }`;
const ENABLE = `mutation EnableAccount($input: EnableAccountInput!) { enableAccount(input: $input) {
  account { id disabledAt } userErrors { field message code } } }`;
const SEND_RESET = `mutation SendPasswordReset($input: SendPasswordResetInput!) {
  sendPasswordReset(input: $input) { account { id } userErrors { field message code } } }`;
const TOKENS = `query ApiTokens($first: Int, $after: String, $filter: ApiTokenFilter) {
  apiTokens(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id name kind scopes createdAt expiresAt revokedAt } } }`;
const CHANGE_ROLE = `mutation ChangeAccountRole($input: ChangeAccountRoleInput!) {
  changeAccountRole(input: $input) { account { id role } tokensRevoked userErrors { field message code } } }`;
const REVOKE = `mutation RevokeApiToken($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) {
  apiToken { id revokedAt } userErrors { field message code } } }`;

export const INVITED_ROLES = ["OFFICE_STAFF", "OFFICE_ADMIN", "HOTLINE_OPERATOR"];

function tokenItem(token) {
  return h("div.item", { "data-testid": "api-token" },
    h("strong", { text: token.name }),
    h("span.meta", { text: (token.scopes || []).map(label).join(" · ") }),
    h("span.meta", { text: t("console.tokenMade", { at: formatDate(token.createdAt) }) }),
    token.revokedAt
      ? h("span.status.error", { text: t("console.revokedAt", { at: formatDate(token.revokedAt) }) })
      : action(t("console.revoke"), () => mutate(REVOKE, { apiTokenId: token.id }), t("console.revoked")));
}

function tokens(account) {
  const box = h("div");
  const open = h("details", {}, h("summary", { text: t("console.tokens") }), box);
  open.addEventListener("toggle", () => {
    if (!open.open || box.childElementCount) return;
    const load = async (after) =>
      (await gql(TOKENS, { first: PAGE_SIZE, after, filter: { accountId: account.id } })).apiTokens;
    box.append(pager(load, tokenItem));
  });
  return open;
}

const OFFICE_KIND = ["OFFICE_STAFF", "OFFICE_ADMIN", "HOTLINE_OPERATOR", "ADMIN"];

/** The roles an account of this kind may take (the service decides; this only offers). */
function rolesFor(account) {
  if (account.role === "VOLUNTEER") return [];
  if (account.organization || account.role.startsWith("ORG_")) return ["ORG_ADMIN", "ORG_MEMBER"];
  return account.office ? OFFICE_KIND : [];
}

/** The role select of an account; `shown` is the element naming its role, kept true. */
function roleChanger(account, shown) {
  const roles = rolesFor(account);
  if (roles.length < 2) return null;
  const select = h("select", { "aria-label": t("console.newRole"), style: "width:auto" },
    roles.map((r) => h("option", { value: r, text: t(`console.role.${r}`), selected: r === account.role })));
  const out = h("span.status", { role: "status", "aria-live": "polite" });
  const change = h("button.small.secondary", { type: "button", text: t("console.changeRole") });
  change.addEventListener("click", async () => {
    const role = select.value;
    if (role === account.role) return;
    change.disabled = true;
    try {
      const payload = await mutate(CHANGE_ROLE, { accountId: account.id, role });
      if (payload.userErrors.length) {
        out.className = "status error";
        out.textContent = payload.userErrors.map((e) => e.message).join(" ");
      } else {
        ok(out, payload.tokensRevoked
          ? t("console.roleChangedRevoked", { count: payload.tokensRevoked })
          : t("console.roleChanged"));
        account.role = role;
        shown.textContent = t(`console.role.${role}`);
      }
    } catch (error) {
      fail(out, error);
    } finally {
      change.disabled = false;
    }
  });
  return h("span.actions", { "data-testid": "role-change" }, select, change, out);
}

function accountState(account) {
  if (account.disabledAt) return t("console.disabledAt", { at: formatDate(account.disabledAt) });
  return account.awaitingInvitation ? t("console.awaitingInvitation") : t("console.active");
}

export function accountItem(account, refresh) {
  const disabled = Boolean(account.disabledAt);
  const role = h("span.meta", { "data-testid": "account-role", text: t(`console.role.${account.role}`) });
  return h("div.item", { "data-testid": "account", "data-email": account.email },
    h("strong", { text: account.displayName || account.email }),
    account.displayName ? h("span", { text: account.email }) : null,
    role,
    account.office ? h("span.meta", { text: account.office.name }) : null,
    account.organization ? h("span.meta", { text: account.organization.name }) : null,
    h("span.meta", { "data-testid": "account-state", text: accountState(account) }),
    h("div.actions", {},
      disabled
        ? action(t("console.enable"), () => mutate(ENABLE, { accountId: account.id }), t("console.enabled"), refresh)
        : action(t("console.disable"), () => mutate(DISABLE, { accountId: account.id }), t("console.disabled"), refresh),
      disabled ? null : action(
        account.awaitingInvitation ? t("console.inviteAgain") : t("console.sendReset"),
        () => mutate(SEND_RESET, { accountId: account.id }), t("console.linkSent"))),
    roleChanger(account, role),
    tokens(account));
}

export async function officeStaffPage(officeId) {
  const refused = adminOnly();
  if (refused) return refused;
  const office = (await gql(OFFICE, { id: officeId })).node;
  if (!office) return [consoleLinks(), section(t("app.notFound"))];
  const box = h("div");
  const refresh = () => {
    const load = async (after) =>
      (await gql(ACCOUNTS, { first: PAGE_SIZE, after, filter: { officeId } })).accounts;
    box.replaceChildren(pager(load, (a) => accountItem(a, refresh)));
  };
  const invite = form(
    [
      field("email", t("field.email"), { type: "email", required: true }),
      field("role", t("field.role"), { choices: INVITED_ROLES.map((r) => [r, t(`console.role.${r}`)]) }),
    ],
    t("console.invite"),
    async (v) => {
      const payload = await mutate(INVITE, { ...v, officeId });
      if (!payload.userErrors.length) refresh();
      return payload;
    },
    (payload) => t("console.invited", { email: payload.account.email }),
  );
  refresh();
  return [
    consoleLinks(),
    section(office.name, h("p.meta", { text: office.region.fullName }),
      office.deactivatedAt
        ? h("p.status.error", { text: t("console.deactivatedAt", { at: formatDate(office.deactivatedAt) }) })
        : h("p", { text: t("console.inviteIntro") }),
      office.deactivatedAt ? null : invite),
    section(t("console.staff"), box),
  ];
}
