// A place field: the user types a name in Chinese, pinyin or its initials, or a code, and
// picks from what matches. The form still sends codes (in a hidden input of the field's
// name, comma-separated when several may be picked), so no one has to know them.
import { gql } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

const SEARCH = `query PlaceSearch($search: String!, $within: String) {
  regions(search: $search, parentCode: $within, first: 8) { code name fullName level } }`;
const WAIT_MS = 150; // one request per pause in typing, not per key

let serial = 0;

/**
 * placeField("regionCode", label, {multiple, required, within, hint, chosen: [{code, name}]})
 * `within` keeps the matches inside a region (an office's jurisdiction).
 */
export function placeField(name, text, options = {}) {
  const { multiple = false, required = false, within = null, hint } = options;
  const id = `p${++serial}-${name}`;
  const picked = new Map((options.chosen || []).map((r) => [r.code, r.name]));
  const hidden = h("input", { type: "hidden", name });
  const input = h("input", {
    id, type: "text", role: "combobox", autocomplete: "off", required: required || undefined,
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-list`,
    placeholder: t("place.placeholder"), "data-place-for": name, "data-testid": "place-input",
  });
  const list = h("ul.place-options", { id: `${id}-list`, role: "listbox", hidden: true });
  const chips = h("div.place-chips", { "aria-live": "polite" });
  // What a single pick stands for, in full, so a caller on the phone can read it back.
  const said = h("p.hint", { "data-testid": "place-picked", "aria-live": "polite" });
  const fullNames = new Map();
  let matches = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function render() {
    hidden.value = [...picked.keys()].join(",");
    // Whoever draws the picks (the offer form's map) hears of each one.
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
    if (!multiple) {
      const [code] = picked.keys();
      said.textContent = code ? t("place.picked", { path: fullNames.get(code) || picked.get(code), code }) : "";
      return;
    }
    chips.replaceChildren(...[...picked].map(([code, label]) => h("span.chip", { "data-code": code },
      label,
      h("button.chip-remove", {
        type: "button", text: "×", "aria-label": `${t("place.remove")} ${label}`,
        onclick: () => { picked.delete(code); render(); input.focus(); },
      }))));
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(region) {
    if (!multiple) picked.clear();
    picked.set(region.code, region.name);
    fullNames.set(region.code, region.fullName);
    input.value = multiple ? "" : region.fullName;
    close();
    render();
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-o${index}`);
  }

  async function ask(text) {
    const mine = ++asked;
    const found = (await gql(SEARCH, { search: text, within })).regions;
    if (mine !== asked) return; // a later keystroke's answer wins
    matches = found;
    list.replaceChildren(...found.map((region, i) => h("li", {
      id: `${id}-o${i}`, role: "option", "aria-selected": "false", "data-code": region.code,
      onmousedown: (event) => { event.preventDefault(); choose(region); },
    }, h("strong", { text: region.name }), h("span.place-path", { text: ` ${region.fullName} · ${region.code}` }))));
    if (!found.length) list.append(h("li.place-none", { text: t("place.none") }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(found.length ? 0 : -1);
  }

  input.addEventListener("input", () => {
    if (!multiple) { picked.clear(); render(); }
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(() => ask(text).catch(close), WAIT_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && matches.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight((active + 1) % matches.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight((active - 1 + matches.length) % matches.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && open && active >= 0) {
      // Typing then Enter or Tab takes the best match: a fast form needs no mouse.
      if (event.key === "Enter" || multiple) event.preventDefault();
      choose(matches[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  render();
  if (!multiple && picked.size) input.value = [...picked.values()][0];

  const error = h("p.field-error", { id: `${id}-error`, role: "alert", "data-error-for": name });
  input.setAttribute("aria-describedby", `${id}-error`);
  return h("div.field.place", { "data-field": name },
    h("label", { for: id, text }), h("div.place-box", {}, input, list), chips, multiple ? null : said, hidden,
    h("p.hint", { text: hint || t(multiple ? "hint.places" : "hint.place") }), error);
}

/** Empty every place field of a form, after it was sent. */
export function clearPlace(form) {
  for (const field of form.querySelectorAll(".field.place")) {
    field.querySelector("[role=combobox]").value = "";
    field.querySelector("input[type=hidden]").value = "";
    const said = field.querySelector("[data-testid=place-picked]");
    if (said) said.textContent = "";
  }
}
