// A county picked by typing a place name, keyboard only: type, ArrowDown/ArrowUp through the
// matches, Enter picks one. The picked code rides in a hidden input named regionCode.
import { gql } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

const SEARCH = `query PlaceSearch($text: String!) {
  placeSearch(text: $text, first: 8) { path region { code name level } } }`;

let serial = 0;

/** A labelled place field; `name` is the input the userErrors name (regionCode). */
export function placeField(name = "regionCode") {
  const id = `place${++serial}`;
  const code = h("input", { type: "hidden", name });
  const input = h("input", {
    id,
    type: "text",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": `${id}-list`,
    "aria-describedby": `${id}-error`,
    "data-testid": "place-input",
  });
  const list = h("ul.places", { id: `${id}-list`, role: "listbox", hidden: true });
  const picked = h("p.hint", { "data-testid": "place-picked", "aria-live": "polite" });
  const error = h("p.field-error", { id: `${id}-error`, role: "alert", "data-error-for": name });
  let matches = [];
  let active = -1;
  let timer = null;

  function show() {
    list.replaceChildren(...matches.map((m, i) => h("li", {
      id: `${id}-opt${i}`,
      role: "option",
      "aria-selected": i === active ? "true" : "false",
      text: `${m.path} (${m.region.code})`,
      onmousedown: (event) => { event.preventDefault(); pick(i); },
    })));
    list.hidden = matches.length === 0;
    input.setAttribute("aria-expanded", matches.length ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-opt${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function pick(i) {
    const match = matches[i];
    code.value = match.region.code;
    input.value = match.region.name;
    picked.textContent = t("place.picked", { path: match.path, code: match.region.code });
    matches = [];
    active = -1;
    show();
  }

  async function search() {
    const text = input.value.trim();
    code.value = /^\d{6}$/.test(text) ? text : "";
    picked.textContent = "";
    if (!text) { matches = []; show(); return; }
    matches = (await gql(SEARCH, { text })).placeSearch;
    active = matches.length ? 0 : -1;
    show();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && matches.length) {
      active = (active + 1) % matches.length;
      show();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && matches.length) {
      active = (active - 1 + matches.length) % matches.length;
      show();
      event.preventDefault();
    } else if (event.key === "Enter" && matches.length && active >= 0) {
      // Enter picks the match; it submits the form only once a place is picked.
      event.preventDefault();
      pick(active);
    } else if (event.key === "Escape") {
      matches = [];
      show();
    }
  });
  return h(
    "div.field",
    { "data-field": name },
    h("label", { for: id, text: t("field.place") }),
    input,
    code,
    list,
    picked,
    h("p.hint", { text: t("hint.place") }),
    error,
  );
}

/** Clear a place field after its form was sent. */
export function clearPlace(form) {
  for (const el of form.querySelectorAll("[data-testid=place-input], input[name=regionCode]")) {
    el.value = "";
  }
  const picked = form.querySelector("[data-testid=place-picked]");
  if (picked) picked.textContent = "";
}
