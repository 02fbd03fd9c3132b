// The volunteer's home (#/volunteer): who they are, when they serve, where to go next.
// Kept in its own file: the assignments and hours a volunteer serves are shown here too.
import { state } from "../app.js";
import { h, section } from "../dom.js";
import { label, t } from "../i18n.js";
import { signInFirst } from "./organization.js";
import { availabilityText, myVolunteer } from "./volunteer_profile.js";
import { volunteerWorkSections } from "./volunteer_work.js";

function row(term, value) {
  return [h("dt", { text: term }), h("dd", { text: value || "—" })];
}

export function profileSummary(volunteer) {
  const certified = volunteer.certificates.map((c) => `${label(c.skill)}：${c.certificate}`);
  return h(
    "dl.summary",
    { "data-testid": "volunteer-summary" },
    row(t("field.realName"), volunteer.displayName),
    row(t("field.phone"), volunteer.phone),
    row(t("field.homeRegion"), volunteer.region.name),
    row(t("field.skills"), volunteer.skills.map(label).join("、")),
    row(t("field.certificate"), certified.join("；")),
    row(t("field.languages"), volunteer.languages.join(", ")),
    row(t("volunteer.organization"), volunteer.organization
      ? `${volunteer.organization.name} (${label(volunteer.membershipStatus)})`
      : ""),
    row(t("volunteer.availabilityTitle"), availabilityText(volunteer.availability)),
  );
}

export function volunteerLinks() {
  return h("ul.links", {},
    h("li", {}, h("a", { href: "#/volunteer/profile", text: t("volunteer.editProfile") })),
    h("li", {}, h("a", { href: "#/org/offers", text: t("volunteer.myOffers") })),
    h("li", {}, h("a", { href: "#/inbox", text: t("nav.inbox") })));
}

export async function volunteerHomePage() {
  if (!state.viewer) return signInFirst();
  const volunteer = await myVolunteer();
  if (!volunteer) return section(t("volunteer.homeTitle"), h("p", { text: t("volunteer.onlyVolunteers") }));
  // What waits for an answer and what is coming first; who they are below.
  const work = (await volunteerWorkSections()) || [];
  return [
    ...work,
    section(t("volunteer.homeTitle", { name: volunteer.displayName }), profileSummary(volunteer), volunteerLinks()),
  ];
}
