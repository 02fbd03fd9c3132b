// Language: one dictionary per language; Intl for dates and numbers.
import en from "../i18n/en.js";
import zh from "../i18n/zh-CN.js";

const DICTIONARIES = { "zh-CN": zh, en };
export const LANGUAGES = [
  ["zh-CN", "中文"],
  ["en", "English"],
];
// Account.locale (GraphQL enum) <-> BCP 47 tag.
export const FROM_LOCALE = { ZH_CN: "zh-CN", EN: "en" };
export const TO_LOCALE = { "zh-CN": "ZH_CN", en: "EN" };

let current = "zh-CN";

function stored() {
  const hit = document.cookie.split("; ").find((c) => c.startsWith("rh_locale="));
  return hit ? hit.slice("rh_locale=".length) : "";
}

export function initialLanguage() {
  const remembered = stored();
  if (DICTIONARIES[remembered]) return remembered;
  return (navigator.language || "").startsWith("en") ? "en" : "zh-CN";
}

export function setLanguage(lang) {
  current = DICTIONARIES[lang] ? lang : "zh-CN";
  document.documentElement.lang = current;
  document.cookie = `rh_locale=${current}; path=/; max-age=31536000; samesite=strict`;
}

export function language() {
  return current;
}

/** The text for `key` with {placeholders} filled; the key itself when missing. */
export function t(key, values = {}) {
  const text = DICTIONARIES[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** An enum value's label, e.g. t("enum.FLOOD"), falling back to the value. */
export function label(value) {
  const key = `enum.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

export function formatDate(iso) {
  if (!iso) return "";
  const options = { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(current, options).format(new Date(iso));
}

export function formatNumber(value) {
  return new Intl.NumberFormat(current).format(value ?? 0);
}

export function formatPercent(ratio) {
  return new Intl.NumberFormat(current, { style: "percent" }).format(ratio || 0);
}
