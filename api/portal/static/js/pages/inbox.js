// The inbox: the notifications so far, and new ones live (notificationReceived).
import { gql, mutate, subscribe } from "../api.js";
import { state } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";

const NOTIFICATIONS = `query Notifications($first: Int, $after: String) {
  notifications(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id subject body createdAt readAt } } }`;
const RECEIVED = `subscription NotificationReceived { notificationReceived { id subject body createdAt readAt } }`;
const MARK_READ = `mutation MarkNotificationRead($input: MarkNotificationReadInput!) {
  markNotificationRead(input: $input) { notification { id readAt } userErrors { field message code } } }`;

const CONTACTS = `query ViewerContacts { viewer { phone timeZone } }`;
const UPDATE_CONTACTS = `mutation UpdateViewerContacts($input: UpdateViewerInput!) {
  updateViewer(input: $input) { account { phone timeZone } userErrors { field message code } } }`;

let closeLive = null;

/** Where an account is told beside this inbox: the phone its SMSes go to (the visits it
 * is given) and the time zone messages tell times in. A volunteer says both on their
 * profile, with how they want to be told. */
async function contactsForm() {
  const { viewer } = await gql(CONTACTS, {});
  const saved = form(
    [
      field("phone", t("inbox.phone"), { type: "tel", value: viewer.phone ?? "", hint: t("inbox.phoneHint") }),
      field("timeZone", t("inbox.timeZone"), { value: viewer.timeZone ?? "Asia/Shanghai" }),
    ],
    t("inbox.saveContacts"),
    (v) => mutate(UPDATE_CONTACTS, { phone: v.phone, timeZone: v.timeZone }),
    t("inbox.contactsSaved"),
  );
  return h("details.contacts", { "data-testid": "contacts" }, h("summary", { text: t("inbox.contacts") }), saved);
}

function message(n) {
  return h(
    "article.message",
    { "data-testid": "notification", "data-unread": n.readAt ? null : "true" },
    h("h3", { text: n.subject }),
    h("p.meta", { text: formatDate(n.createdAt) }),
    h("p", { text: n.body }),
    n.readAt ? null : action(t("inbox.markRead"),
      () => mutate(MARK_READ, { notificationId: n.id }), t("inbox.read")),
  );
}

export async function inboxPage() {
  if (!state.viewer) return signInFirst();
  const contacts = state.viewer.volunteer ? null : await contactsForm();
  if (closeLive) closeLive();
  const live = h("ul.list.live", { "aria-live": "polite", "data-testid": "live" });
  const badge = h("p.live-state", { text: t("inbox.live") });
  closeLive = subscribe(RECEIVED, (data) => {
    live.prepend(h("li", {}, message(data.notificationReceived)));
  });
  window.addEventListener("hashchange", () => closeLive && closeLive(), { once: true });
  // Newest first would need `last`; the inbox lists oldest first, a page at a time.
  const load = async (after) => (await gql(NOTIFICATIONS, { first: 50, after })).notifications;
  return section(t("inbox.title"), contacts, badge, live, pager(load, message, { empty: t("inbox.empty") }));
}
