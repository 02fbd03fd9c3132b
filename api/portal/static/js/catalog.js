// The taxonomy and enum values the forms offer, read once from the API.
import { gql } from "./api.js";
import { language, t } from "./i18n.js";

let categories = null;

export async function loadCategories() {
  if (!categories) {
    categories = (await gql("query Categories { categories { code unit nameEn nameZh retiredAt } }")).categories;
  }
  return categories;
}

export function categoryName(code) {
  const found = (categories || []).find((c) => c.code === code);
  if (!found) return code;
  return language() === "en" ? found.nameEn : found.nameZh;
}

export function unitOf(code) {
  const unit = (categories || []).find((c) => c.code === code)?.unit || "";
  const key = `unit.${unit}`;
  return unit && t(key) !== key ? t(key) : unit;
}

export async function categoryChoices() {
  // A retired category is still named where it is used, but new needs and offers leave it.
  return (await loadCategories()).filter((c) => !c.retiredAt).map((c) => [c.code, `${categoryName(c.code)} (${unitOf(c.code)})`]);
}

export const HAZARDS = ["FLOOD", "EARTHQUAKE", "TYPHOON", "LANDSLIDE", "DROUGHT", "WILDFIRE", "EPIDEMIC", "OTHER"];
export const LEVELS = ["LEVEL_I", "LEVEL_II", "LEVEL_III", "LEVEL_IV"];
export const PHASES = ["EMERGENCY_RESCUE", "TRANSITIONAL_RESETTLEMENT", "RECOVERY", "CLOSED"];
export const URGENCIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
export const KINDS = ["CHARITY", "SOCIAL_WORK_AGENCY", "VOLUNTEER_SERVICE_ORGANIZATION", "EMERGENCY_RESCUE_TEAM", "OTHER"];
export const SPECIAL_GROUPS = ["ELDERLY_ALONE", "LEFT_BEHIND_CHILDREN", "LEFT_BEHIND_ELDERLY", "DISABLED", "PREGNANT_WOMEN", "CHRONICALLY_ILL", "LOW_INCOME"];
export const SKILLS = ["PSYCHOLOGICAL_COUNSELING", "SOCIAL_WORK", "MEDICAL", "RESCUE", "CONSTRUCTION", "DRIVING", "LOGISTICS", "CARE_VISITS"];
export const WEBHOOK_EVENTS = [
  "NEED_PUBLISHED", "NEED_UPDATED", "NEED_CANCELLED", "NEED_OVERDUE",
  "OFFER_POSTED", "OFFER_UPDATED", "OFFER_WITHDRAWN",
  "ALLOCATION_PROPOSED", "ALLOCATION_ASSIGNED", "ALLOCATION_ACCEPTED", "ALLOCATION_DECLINED",
  "ALLOCATION_EXPIRED", "ALLOCATION_VETOED",
  "DISPATCH_ISSUED", "DISPATCH_STATUS_CHANGED", "DELIVERY_RECORDED", "DELIVERY_CONFIRMED",
  "MATCHING_ROUND_FINISHED", "ORGANIZATION_REVIEWED",
];

/** A datetime-local value as ISO-8601 with zone (the browser's). */
export function isoTime(local) {
  return local ? new Date(local).toISOString() : null;
}

/** A datetime-local value `days` from now. */
export function localTime(days) {
  const d = new Date(Date.now() + days * 86400000 - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

export function codesList(text) {
  return (text || "").split(/[\s,，;；]+/).filter(Boolean);
}
