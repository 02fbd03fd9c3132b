// Visit records typed on a phone survive a dropped network: the form's draft and every
// submission wait in localStorage until the server has them. Each submission keeps its
// clientId, so sending it again after a timeout never records a visit twice.
import { mutate } from "./api.js";

const OUTBOX = "rh.visits.outbox";
const DRAFT = "rh.visits.draft.";

const RECORD = `mutation RecordVisit($input: RecordVisitInput!) { recordVisit(input: $input) {
  visit { id status visitedAt checks { item status note } } userErrors { field message code } } }`;

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

export function draft(visitId) {
  return read(DRAFT + visitId, null);
}

export function saveDraft(visitId, values) {
  localStorage.setItem(DRAFT + visitId, JSON.stringify(values));
}

export function pending() {
  return read(OUTBOX, []);
}

function keep(items) {
  localStorage.setItem(OUTBOX, JSON.stringify(items));
}

/** A fresh client id for one record of one visit. */
export function newClientId() {
  const random = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `portal-${random}`;
}

/** Queue the record and try to send it: "sent" (with the payload), "refused" (with the
 * userErrors, the record dropped from the queue), or "waiting" (the network is away). */
export async function submit(input) {
  keep([...pending().filter((item) => item.visitId !== input.visitId), input]);
  return send(input);
}

async function send(input) {
  let payload;
  try {
    payload = await mutate(RECORD, input);
  } catch (error) {
    // Offline, or the server away: the record stays queued for the next try.
    return { state: "waiting", error };
  }
  keep(pending().filter((item) => item.clientId !== input.clientId));
  if (payload.userErrors.length) return { state: "refused", payload };
  localStorage.removeItem(DRAFT + input.visitId);
  return { state: "sent", payload };
}

const listeners = new Set();

/** Called with each result of a retry, e.g. to refresh the page. */
export function onRetried(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Send every queued record again; the page calls it when the network comes back. */
export async function flush() {
  for (const input of pending()) {
    const result = await send(input);
    if (result.state === "waiting") return;
    for (const listener of listeners) listener(input, result);
  }
}

window.addEventListener("online", () => flush());
setTimeout(() => flush(), 0);
