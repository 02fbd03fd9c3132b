// The inbox: the notifications so far, and new ones live (notificationReceived).
import { gql, mutate, subscribe } from "../api.js";
import { state } from "../app.js";
import { h, section } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { action, pager } from "../pager.js";
import { signInFirst } from "./organization.js";

const NOTIFICATIONS = `query Notifications($first: Int, $after: String) {
  notifications(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id subject body createdAt readAt } } }`;
const RECEIVED = `subscription NotificationReceived { notificationReceived { id subject body createdAt readAt } }`;
const MARK_READ = `mutation MarkNotificationRead($input: MarkNotificationReadInput!) {
  markNotificationRead(input: $input) { notification { id readAt } userErrors { field message code } } }`;

let closeLive = null;

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

export function inboxPage() {
  if (!state.viewer) return signInFirst();
  if (closeLive) closeLive();
  const live = h("ul.list.live", { "aria-live": "polite", "data-testid": "live" });
  const badge = h("p.live-state", { text: t("inbox.live") });
  closeLive = subscribe(RECEIVED, (data) => {
    live.prepend(h("li", {}, message(data.notificationReceived)));
  });
  window.addEventListener("hashchange", () => closeLive && closeLive(), { once: true });
  // Newest first would need `last`; the inbox lists oldest first, a page at a time.
  const load = async (after) => (await gql(NOTIFICATIONS, { first: 50, after })).notifications;
  return section(t("inbox.title"), badge, live, pager(load, message, { empty: t("inbox.empty") }));
}
