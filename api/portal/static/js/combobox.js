// A search box that lists what matches as the user types and takes one with the keyboard
// (arrows, Enter, Escape) or the mouse: the place picker and the audit log's actor share
// it. One request per pause in typing; a later keystroke's answer wins.
import { h } from "./dom.js";

/**
 * combobox(input, list, {search, option, choose, none, typed, waitMs, tabTakes})
 * - search(text) -> Promise of the matching items;
 * - option(item) -> [attributes, ...children] of the item's <li>;
 * - choose(item) when one is taken; `none`: the text when nothing matches;
 * - typed() on every keystroke (what was picked before no longer stands);
 * - tabTakes: Tab takes the highlighted match too (true: and stays in the field).
 * Returns close(), to call when the caller takes a value itself.
 */
export function combobox(input, list, spec) {
  const { search, option, choose, none, typed = () => {}, waitMs = 150, tabTakes = null } = spec;
  const id = input.id;
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

  function take(item) {
    close();
    choose(item);
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-o${index}`);
  }

  async function ask(text) {
    const mine = ++asked;
    const found = await search(text);
    if (mine !== asked) return;
    matches = found;
    list.replaceChildren(...found.map((item, i) => {
      const [attributes, ...children] = option(item);
      return h("li", {
        id: `${id}-o${i}`, role: "option", "aria-selected": "false", ...attributes,
        onmousedown: (event) => { event.preventDefault(); take(item); },
      }, ...children);
    }));
    if (!found.length) list.append(h("li.place-none", { text: none }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(found.length ? 0 : -1);
  }

  input.addEventListener("input", () => {
    typed();
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(() => ask(text).catch(close), waitMs);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && matches.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight((active + 1) % matches.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight((active - 1 + matches.length) % matches.length);
    } else if ((event.key === "Enter" || (event.key === "Tab" && tabTakes !== null)) && open && active >= 0) {
      // Typing then Enter (or Tab, where a fast form wants it) takes the best match.
      if (event.key === "Enter" || tabTakes) event.preventDefault();
      take(matches[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  return close;
}
