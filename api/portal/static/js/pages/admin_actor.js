// The audit log's actor, picked by email or name from the accounts that match (as places
// are picked by name): nobody copies an account's id. The form still sends the id, in a
// hidden input of the field's name.
import { gql } from "../api.js";
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
  let matches = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(account) {
    hidden.value = account ? account.id : "";
    input.value = account ? named(account) : "";
    chosen.textContent = account ? t("console.actorChosen", { who: named(account) }) : "";
    close();
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-o${index}`);
  }

  async function ask(typed) {
    const mine = ++asked;
    const found = (await gql(MATCHES, { filter: { text: typed } })).accounts.nodes;
    if (mine !== asked) return; // a later keystroke's answer wins
    matches = found;
    list.replaceChildren(...found.map((account, i) => h("li", {
      id: `${id}-o${i}`, role: "option", "aria-selected": "false", "data-id": account.id,
      onmousedown: (event) => { event.preventDefault(); choose(account); },
    }, h("strong", { text: account.displayName || account.email }),
    h("span.place-path", { text: ` ${account.email} · ${t(`console.role.${account.role}`)}` }))));
    if (!found.length) list.append(h("li.place-none", { text: t("console.actorNone") }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(found.length ? 0 : -1);
  }

  input.addEventListener("input", () => {
    hidden.value = "";
    chosen.textContent = "";
    clearTimeout(timer);
    const typed = input.value.trim();
    if (!typed) { close(); return; }
    timer = setTimeout(() => ask(typed).catch(close), WAIT_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && matches.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight((active + 1) % matches.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight((active - 1 + matches.length) % matches.length);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(matches[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
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
