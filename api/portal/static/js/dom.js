// Small DOM helpers: elements, labelled fields, userErrors beside their fields, notices.
import { t, label, language } from "./i18n.js";

let serial = 0;

/** h("p.note", {text: "…"}, child, …): an element with attributes and children. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const el = document.createElement(tag || "div");
  if (classes.length) el.className = classes.join(" ");
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    // Through the CSSOM: the CSP (style-src 'self') blocks style attributes, not this.
    else if (name === "style") el.style.cssText = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) el.append(child);
  }
  return el;
}

/** A labelled field; `name` is the input field the userErrors name. */
export function field(name, text, options = {}) {
  const id = `f${++serial}-${name}`;
  const { type = "text", choices, required, value, hint, multiple, accept } = options;
  let input;
  if (choices) {
    input = h("select", { id, name, required, multiple });
    for (const choice of choices) {
      const [val, txt] = Array.isArray(choice) ? choice : [choice, label(choice)];
      input.append(h("option", { value: val, text: txt, selected: value === val }));
    }
  } else if (type === "textarea") {
    input = h("textarea", { id, name, required, rows: 3 });
    input.value = value ?? "";
  } else {
    input = h("input", { id, name, type, required, value, accept, step: options.step });
  }
  const error = h("p.field-error", { id: `${id}-error`, role: "alert", "data-error-for": name });
  input.setAttribute("aria-describedby", `${id}-error`);
  return h(
    "div.field",
    { "data-field": name },
    h("label", { for: id, text }),
    input,
    hint ? h("p.hint", { text: hint }) : null,
    error,
  );
}

export function submit(text) {
  return h("button", { type: "submit", text });
}

export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.multiple) out[el.name] = [...el.selectedOptions].map((o) => o.value);
    else out[el.name] = el.value.trim();
  }
  return out;
}

function errorText(error) {
  // The server words its messages in English; other languages show the code's text.
  const known = t(`error.${error.code}`);
  if (known === `error.${error.code}` || language() === "en") return error.message;
  return known;
}

/** Put each userError beside its field (by the last matching path part) or in the status. */
export function showErrors(form, errors, status) {
  for (const el of form.querySelectorAll(".field-error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const general = [];
  for (const error of errors) {
    const path = error.field || [];
    const slot = [...path].reverse().map((p) => form.querySelector(`[data-error-for="${p}"]`));
    const target = slot.find(Boolean);
    if (target) {
      target.textContent = errorText(error);
      target.parentElement.querySelector("input,select,textarea")?.setAttribute("aria-invalid", "true");
    } else general.push(error);
  }
  if (status) {
    status.className = "status error";
    status.textContent = general.length ? general.map(errorText).join(" ") : t("form.fix");
  }
  form.querySelector("[aria-invalid]")?.focus();
}

/** A live region for a form's outcome. */
export function status() {
  return h("p.status", { role: "status", "aria-live": "polite" });
}

export function ok(el, text) {
  el.className = "status success";
  el.textContent = text;
}

export function fail(el, error) {
  el.className = "status error";
  el.textContent = `${t("error.request")} ${error.message || error}`;
}

/** A form that runs `action(values)` -> payload with userErrors, reporting the outcome. */
export function form(fields, buttonText, action, successText) {
  const out = status();
  const el = h("form", { novalidate: true }, fields, submit(buttonText), out);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = el.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const payload = await action(values(el), el);
      if (payload && payload.userErrors && payload.userErrors.length) {
        showErrors(el, payload.userErrors, out);
      } else {
        showErrors(el, []);
        ok(out, typeof successText === "function" ? successText(payload) : successText);
      }
    } catch (error) {
      fail(out, error);
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

export function section(title, ...children) {
  return h("section.card", {}, h("h2", { text: title }), ...children);
}
