// A place field: the user types a name in Chinese, pinyin or its initials, or a code, and
// picks from what matches. The form still sends codes (in a hidden input of the field's
// name, comma-separated when several may be picked), so no one has to know them.
import { gql } from "./api.js";
import { combobox } from "./combobox.js";
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

  function choose(region) {
    if (!multiple) picked.clear();
    picked.set(region.code, region.name);
    fullNames.set(region.code, region.fullName);
    input.value = multiple ? "" : region.fullName;
    render();
  }

  combobox(input, list, {
    search: async (text) => (await gql(SEARCH, { search: text, within })).regions,
    option: (region) => [
      { "data-code": region.code },
      h("strong", { text: region.name }),
      h("span.place-path", { text: ` ${region.fullName} · ${region.code}` }),
    ],
    choose,
    none: t("place.none"),
    typed: () => { if (!multiple) { picked.clear(); render(); } },
    waitMs: WAIT_MS,
    // Typing then Tab takes the best match too: a fast form needs no mouse. Several
    // places may be picked, so Tab then stays in the field for the next.
    tabTakes: multiple,
  });
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
