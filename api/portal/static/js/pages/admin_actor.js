// The audit log's actor, picked by email or name from the accounts that match (as places
// are picked by name): nobody copies an account's id. The form still sends the id, in a
// hidden input of the field's name.
import { gql } from "../api.js";
import { combobox } from "../combobox.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

const MATCHES = `query ActorMatches($filter: AccountFilter) {
  accounts(first: 8, filter: $filter) { nodes { id email displayName role } } }`;
const ACTOR = `query Actor($id: ID!) { node(id: $id) { ... on Account { id email displayName } } }`;
const WAIT_MS = 200;

let serial = 0;

function named(account) {
  return account.displayName ? `${account.displayName} <${account.email}>` : account.email;
}

/** actorField("actorId", label): the element, and setActor(id) to fill it from an entry. */
export function actorField(name, text) {
  const id = `a${++serial}-${name}`;
  const hidden = h("input", { type: "hidden", name });
  const input = h("input", {
    id, type: "text", role: "combobox", autocomplete: "off", "aria-autocomplete": "list",
    "aria-expanded": "false", "aria-controls": `${id}-list`, "data-testid": "actor-input",
  });
  const list = h("ul.place-options", { id: `${id}-list`, role: "listbox", hidden: true });
  const chosen = h("p.hint", { "data-testid": "actor-picked", "aria-live": "polite" });
  const close = combobox(input, list, {
    search: async (typed) => (await gql(MATCHES, { filter: { text: typed } })).accounts.nodes,
    option: (account) => [
      { "data-id": account.id },
      h("strong", { text: account.displayName || account.email }),
      h("span.place-path", { text: ` ${account.email} · ${t(`console.role.${account.role}`)}` }),
    ],
    choose,
    none: t("console.actorNone"),
    typed: () => { hidden.value = ""; chosen.textContent = ""; },
    waitMs: WAIT_MS,
  });

  function choose(account) {
    hidden.value = account ? account.id : "";
    input.value = account ? named(account) : "";
    chosen.textContent = account ? t("console.actorChosen", { who: named(account) }) : "";
    close();
  }

  const clear = h("button.secondary.small", {
    type: "button", text: t("console.actorClear"), onclick: () => { choose(null); input.focus(); },
  });
  const element = h("div.field.place", { "data-field": name },
    h("label", { for: id, text }), h("div.place-box", {}, input, list), chosen, hidden,
    h("p.hint", { text: t("console.actorPickHint") }), clear);
  /** The actor of an entry, by id: its email and name are read back for the field. */
  element.setActor = async (actorId) => {
    const found = (await gql(ACTOR, { id: actorId })).node;
    choose(found || { id: actorId, email: actorId });
  };
  return element;
}
