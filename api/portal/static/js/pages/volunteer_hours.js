// The volunteer's hours: confirmed and awaiting confirmation, each assignment's minutes,
// and the printable record of their confirmed service.
import { gql } from "../api.js";
import { state } from "../app.js";
import { loadCategories } from "../catalog.js";
import { h, section } from "../dom.js";
import { formatNumber, label, language, t } from "../i18n.js";
import { signInFirst } from "./organization.js";
import { MY_WORK, assignmentTitle, when } from "./volunteer_work.js";

const hours = (minutes) => formatNumber(Math.round((minutes / 60) * 100) / 100);

function served(assignment) {
  const minutes = assignment.status === "CONFIRMED"
    ? t("hours.confirmedMinutes", { minutes: assignment.minutesConfirmed })
    : assignment.minutes !== null ? t("vol.minutes", { minutes: assignment.minutes }) : "";
  return h(
    "div.item",
    { "data-testid": "served" },
    h("strong", { text: assignmentTitle(assignment) }),
    h("span.badge", { "data-status": assignment.status, text: label(assignment.status) }),
    h("span", { text: when(assignment) }),
    h("span", { text: minutes }),
  );
}

export async function volunteerHoursPage() {
  if (!state.viewer) return signInFirst();
  await loadCategories();
  const work = (await gql(MY_WORK)).myVolunteerWork;
  if (!work) return section(t("vol.notVolunteer"));
  const record = `/records/volunteer-service.html?lang=${encodeURIComponent(language())}`;
  const nodes = work.assignments.nodes;
  return section(
    t("hours.title"),
    h("p.total", { "data-testid": "confirmed-hours",
      text: t("hours.confirmed", { hours: hours(work.hours.confirmedMinutes) }) }),
    h("p", { text: t("hours.pending", { hours: hours(work.hours.pendingMinutes) }) }),
    h("p", {}, h("a", { href: record, target: "_blank", rel: "noopener", text: t("hours.record") })),
    h("h3", { text: t("hours.list") }),
    h("ul.list", {}, nodes.length
      ? nodes.map((a) => h("li", {}, served(a)))
      : h("li.empty", { text: t("vol.none") })),
  );
}
