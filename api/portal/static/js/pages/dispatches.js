// Dispatches: providers move them on (ACKNOWLEDGED → EN_ROUTE → DELIVERED → COMPLETED);
// the receiving office confirms what arrived, and only that counts as delivered.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { categoryName, loadCategories, unitOf } from "../catalog.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, formatNumber, label, t } from "../i18n.js";
import { dispatchDownloads, reportLinks } from "../downloads.js";
import { action, pager, PAGE_SIZE } from "../pager.js";
import { signInFirst } from "./organization.js";

const DISPATCHES = `query Dispatches($filter: DispatchFilter, $first: Int, $after: String) {
  dispatches(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id code status deliveredQuantity receivedQuantity awaitingReceipt deadline issuedAt
    allocation { id quantity need { id incidentId category { code } region { name } } } } } }`;
const UPDATE = `mutation UpdateDispatchStatus($input: UpdateDispatchStatusInput!) {
  updateDispatchStatus(input: $input) { dispatch { id code status deliveredQuantity returnedQuantity }
  userErrors { field message code } } }`;

const CONFIRM = `mutation ConfirmReceipt($input: ConfirmReceiptInput!) {
  confirmReceipt(input: $input) { dispatch { id status deliveredQuantity receivedQuantity }
  userErrors { field message code } } }`;

const RECORD = `mutation RecordDelivery($input: RecordDeliveryInput!) {
  recordDelivery(input: $input) { dispatch { id status deliveredQuantity }
  userErrors { field message code } } }`;

const NEXT = { ISSUED: "ACKNOWLEDGED", ACKNOWLEDGED: "EN_ROUTE" };

function controls(dispatch, refresh) {
  // A volunteer serving from their own offer is the dispatch's provider, as an
  // organization is: they move it on and report what they delivered.
  const isProvider = Boolean(state.viewer.organization || state.viewer.volunteer);
  if (!isProvider) {
    if (dispatch.awaitingReceipt > 0) return receiptForm(dispatch, refresh);
    if (["DELIVERED", "COMPLETED", "CANCELLED"].includes(dispatch.status)) return null;
    return action(t("dispatch.cancel"),
      () => mutate(UPDATE, { dispatchId: dispatch.id, status: "CANCELLED" }), t("action.done"), refresh);
  }
  if (dispatch.status === "EN_ROUTE") {
    const deliver = form(
      [field("deliveredQuantity", t("field.deliveredQuantity"), { type: "number", value: dispatch.allocation.quantity })],
      t("dispatch.to.DELIVERED"),
      async (v) => {
        const payload = await mutate(UPDATE, { dispatchId: dispatch.id, status: "DELIVERED", deliveredQuantity: Number(v.deliveredQuantity) });
        if (!payload.userErrors.length) setTimeout(refresh, 600);
        return payload;
      },
      t("dispatch.delivered"),
    );
    deliver.classList.add("inline");
    return deliver;
  }
  if (dispatch.status === "DELIVERED") return deliveredControls(dispatch, refresh);
  const next = NEXT[dispatch.status];
  if (!next) return null;
  return action(t(`dispatch.to.${next}`),
    () => mutate(UPDATE, { dispatchId: dispatch.id, status: next }), t("action.done"), refresh);
}

/** Once delivered: another delivery while some is left, and completion, which hands what
 * was never delivered back to the need (and to the offer, unless the provider says it is gone). */
function deliveredControls(dispatch, refresh) {
  const left = dispatch.allocation.quantity - dispatch.deliveredQuantity;
  const complete = (capacityGone) => () =>
    mutate(UPDATE, { dispatchId: dispatch.id, status: "COMPLETED", capacityGone });
  const more = left > 0
    ? form(
      [
        field("quantity", t("field.deliveredQuantity"), { type: "number", value: left }),
        field("note", t("field.deliveryNote"), { required: false }),
      ],
      t("dispatch.recordDelivery"),
      async (v) => {
        const payload = await mutate(RECORD, {
          dispatchId: dispatch.id, quantity: Number(v.quantity), note: v.note || null,
        });
        if (!payload.userErrors.length) setTimeout(refresh, 600);
        return payload;
      },
      t("dispatch.delivered"),
    )
    : null;
  if (more) more.classList.add("inline");
  return h(
    "div.delivered-controls",
    {},
    more,
    h(
      "div.actions",
      {},
      action(t("dispatch.to.COMPLETED"), complete(false), t("action.done"), refresh),
      left > 0 ? action(t("dispatch.completeGone", { left: formatNumber(left) }), complete(true), t("action.done"), refresh) : null,
    ),
  );
}

/** The receiving office says how much of what was delivered arrived, and why if less. */
function receiptForm(dispatch, refresh) {
  const confirm = form(
    [
      field("quantityReceived", t("field.quantityReceived"), { type: "number", value: dispatch.awaitingReceipt }),
      field("note", t("field.receiptNote"), { required: false }),
    ],
    t("dispatch.confirm"),
    async (v) => {
      const payload = await mutate(CONFIRM, {
        dispatchId: dispatch.id, quantityReceived: Number(v.quantityReceived), note: v.note || null,
      });
      if (!payload.userErrors.length) setTimeout(refresh, 600);
      return payload;
    },
    t("dispatch.confirmed"),
  );
  confirm.classList.add("inline");
  return confirm;
}

function dispatchItem(dispatch, refresh) {
  const need = dispatch.allocation.need;
  const unit = unitOf(need.category.code);
  return h(
    "div.item",
    { "data-testid": "dispatch", "data-code": dispatch.code },
    h("strong", { text: `${dispatch.code} · ${categoryName(need.category.code)} · ${need.region.name}` }),
    h("span.badge", { "data-status": dispatch.status, text: label(dispatch.status) }),
    h("span", { text: t("dispatch.quantity", {
      quantity: formatNumber(dispatch.allocation.quantity),
      delivered: formatNumber(dispatch.deliveredQuantity),
      received: formatNumber(dispatch.receivedQuantity), unit }) }),
    h("span", { text: t("dispatch.deadline", { date: formatDate(dispatch.deadline) }) }),
    controls(dispatch, refresh),
  );
}

export async function dispatchesPage(incidentId) {
  if (!state.viewer) return signInFirst();
  await loadCategories();
  const box = h("div");
  // One incident's page links its file; the list across incidents links each one's.
  const files = incidentId ? null : dispatchDownloads();
  const refresh = () => {
    const filter = incidentId ? { incidentId } : null;
    const load = async (after) => {
      const page = (await gql(DISPATCHES, { filter, first: PAGE_SIZE, after })).dispatches;
      files?.add(page.nodes.map((d) => d.allocation.need.incidentId));
      return page;
    };
    box.replaceChildren(pager(load, (d) => dispatchItem(d, refresh)));
  };
  refresh();
  return section(t("dispatch.title"), incidentId ? reportLinks(incidentId, "dispatches") : files.element, box);
}
