// The admin console's other pages: deliveries (DEAD ones sent again through the workers),
// the audit log with its filters, and the category taxonomy.
import { gql, mutate } from "../api.js";
import { isoTime } from "../catalog.js";
import { field, form, h, section, values } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { placeField } from "../places.js";
import { adminOnly, consoleLinks } from "./admin.js";
import { actorField } from "./admin_actor.js";

const DELIVERIES = `query Deliveries($first: Int, $after: String, $filter: DeliveryFilter) {
  deliveries(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id channel status attempts lastError subject topic createdAt sentAt } } }`;
const REDELIVER = `mutation RedeliverNotification($input: RedeliverNotificationInput!) {
  redeliverNotification(input: $input) { notification { id status } userErrors { field message code } } }`;
const AUDIT = `query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id action entityType entityId actorId regionCode details createdAt } } }`;
const CATEGORIES = `query Categories { categories { code name nameZh nameEn unit group retiredAt } }`;
const RENAME = `mutation RenameCategory($input: RenameCategoryInput!) { renameCategory(input: $input) {
  category { code nameEn nameZh } userErrors { field message code } } }`;
const RETIRE = `mutation RetireCategory($input: RetireCategoryInput!) { retireCategory(input: $input) {
  category { code retiredAt } userErrors { field message code } } }`;
const ADD_CATEGORY = `mutation AddCategory($input: AddCategoryInput!) { addCategory(input: $input) {
  category { code } userErrors { field message code } } }`;

const GROUPS = ["RELIEF_SUPPLIES", "SERVICES", "RESCUE", "RESETTLEMENT", "REBUILDING"];
const CHANNELS = ["EMAIL", "SMS", "WEBHOOK", "INBOX"];
const STATUSES = ["DEAD", "FAILED", "PENDING", "SENDING", "SENT"];
const ENTITY_TYPES = ["Office", "Account", "ApiToken", "Organization", "Volunteer", "Incident",
  "Need", "Offer", "Allocation", "Dispatch", "Notification", "HelpRequest", "Person"];

/** A filter bar: its fields, and a button that reloads the list with their values. */
function filterBar(fields, reload) {
  const bar = h("form.filters", { novalidate: true }, fields,
    h("button.secondary", { type: "submit", text: t("console.filter") }));
  bar.addEventListener("submit", (event) => {
    event.preventDefault();
    reload(values(bar));
  });
  return bar;
}

function deliveryItem(n) {
  return h("div.item", { "data-testid": "delivery" },
    h("strong", { text: n.subject }),
    h("span.meta", { text: `${label(n.channel)} · ${label(n.status)} · ${t("console.attempts", { count: n.attempts })}` }),
    h("span.meta", { text: formatDate(n.createdAt) }),
    n.lastError ? h("p.status.error", { text: n.lastError }) : null,
    ["DEAD", "FAILED"].includes(n.status)
      ? action(t("console.redeliver"), () => mutate(REDELIVER, { notificationId: n.id }), t("console.requeued"))
      : null);
}

export function deliveriesPage() {
  const refused = adminOnly();
  if (refused) return refused;
  const box = h("div");
  const reload = (v) => {
    const filter = { status: v.status || null, channel: v.channel || null };
    const load = async (after) => (await gql(DELIVERIES, { first: PAGE_SIZE, after, filter })).deliveries;
    box.replaceChildren(pager(load, deliveryItem));
  };
  const bar = filterBar([
    field("status", t("console.status"), { choices: [["", t("console.any")], ...STATUSES.map((s) => [s, label(s)])], value: "DEAD" }),
    field("channel", t("console.channel"), { choices: [["", t("console.any")], ...CHANNELS.map((c) => [c, label(c)])] }),
  ], reload);
  reload({ status: "DEAD" });
  return [consoleLinks(), section(t("console.deliveries"), h("p", { text: t("console.deliveriesIntro") }), bar, box)];
}

function auditItem(e, byActor) {
  const actor = e.actorId
    ? h("button.secondary.small", { type: "button", text: t("console.sameActor"), onclick: () => byActor(e.actorId) })
    : h("span.meta", { text: t("console.noActor") });
  return h("div.item", { "data-testid": "audit-entry" },
    h("strong", { text: e.action }),
    h("span.meta", { text: `${e.entityType} · ${formatDate(e.createdAt)}` }),
    actor,
    h("code", { text: JSON.stringify(e.details) }));
}

export function auditPage() {
  const refused = adminOnly();
  if (refused) return refused;
  const box = h("div");
  const actor = actorField("actorId", t("console.actorPick"));
  const reload = (v) => {
    const filter = {
      action: v.action || null,
      entityType: v.entityType || null,
      actorId: v.actorId || null,
      regionCode: v.regionCode || null,
      since: v.since ? isoTime(v.since) : null,
      until: v.until ? isoTime(v.until) : null,
    };
    const load = async (after) => (await gql(AUDIT, { first: PAGE_SIZE, after, filter })).auditLog;
    box.replaceChildren(pager(load, (e) => auditItem(e, byActor)));
  };
  const bar = filterBar([
    field("action", t("console.action"), { hint: t("console.actionHint") }),
    field("entityType", t("console.entityType"), { choices: [["", t("console.any")], ...ENTITY_TYPES.map((e) => [e, e])] }),
    actor,
    placeField("regionCode", t("console.region"), { hint: t("console.regionHint") }),
    field("since", t("console.since"), { type: "datetime-local" }),
    field("until", t("console.until"), { type: "datetime-local" }),
  ], reload);
  // One actor's entries: the actor fills the filter, by name, so it reads what is shown.
  const byActor = async (id) => {
    await actor.setActor(id);
    reload(values(bar));
  };
  reload({});
  return [consoleLinks(), section(t("console.audit"), bar, box)];
}

function categoryItem(c, refresh) {
  const rename = form(
    [
      field("nameZh", t("console.nameZh"), { value: c.nameZh }),
      field("nameEn", t("console.nameEn"), { value: c.nameEn }),
    ],
    t("console.save"),
    (v) => mutate(RENAME, { code: c.code, nameZh: v.nameZh || null, nameEn: v.nameEn || null }),
    t("console.saved"),
  );
  return h("div.item", { "data-testid": "category", "data-code": c.code },
    h("strong", { text: `${c.nameZh} · ${c.nameEn}` }),
    h("span.meta", { text: `${c.code} · ${c.group} · ${c.unit}` }),
    c.retiredAt
      ? h("span.status.error", { text: t("console.retiredAt", { at: formatDate(c.retiredAt) }) })
      : h("div.actions", {},
          h("details", {}, h("summary", { text: t("console.rename") }), rename),
          h("details", {}, h("summary", { text: t("console.retire") }),
            h("p", { text: t("console.retireNote") }),
            action(t("console.retireNow"), () => mutate(RETIRE, { code: c.code }), t("console.retired"), refresh))));
}

export async function categoriesPage() {
  const refused = adminOnly();
  if (refused) return refused;
  const list = h("ul.list");
  const refresh = async () => {
    const found = (await gql(CATEGORIES)).categories;
    list.replaceChildren(...found.map((c) => h("li", {}, categoryItem(c, refresh))));
  };
  const add = form(
    [
      field("code", t("console.categoryCode"), { required: true, hint: t("console.categoryCodeHint") }),
      field("nameZh", t("console.nameZh"), { required: true }),
      field("nameEn", t("console.nameEn"), { required: true }),
      field("unit", t("console.unit"), { required: true }),
      field("group", t("console.group"), { choices: GROUPS.map((g) => [g, g]) }),
    ],
    t("console.addCategory"),
    async (v) => {
      const payload = await mutate(ADD_CATEGORY, v);
      if (!payload.userErrors.length) await refresh();
      return payload;
    },
    t("console.categoryAdded"),
  );
  await refresh();
  return [consoleLinks(), section(t("console.newCategory"), add), section(t("console.categories"), list)];
}
