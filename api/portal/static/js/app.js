// The portal shell: the viewer, the header (navigation, language, sign-out) and the router.
import { gql, mutate, signOut } from "./api.js";
import { h } from "./dom.js";
import { FROM_LOCALE, LANGUAGES, TO_LOCALE, initialLanguage, language, setLanguage, t } from "./i18n.js";
import { routes } from "./routes.js";

const VIEWER = `query Viewer { viewer { id email role locale displayName
  organization { id name status reviewReason } office { id name region { code name } }
  volunteer { id displayName } } }`;
const UPDATE_VIEWER = `mutation UpdateViewer($input: UpdateViewerInput!) {
  updateViewer(input: $input) { account { locale } userErrors { field message code } } }`;

export const state = { viewer: null };

export async function loadViewer() {
  state.viewer = (await gql(VIEWER)).viewer;
  if (state.viewer) setLanguage(FROM_LOCALE[state.viewer.locale] || language());
}

async function switchLanguage(lang) {
  setLanguage(lang);
  if (state.viewer) await mutate(UPDATE_VIEWER, { locale: TO_LOCALE[lang] });
  render();
}

function navigation() {
  const v = state.viewer;
  const links = [["#/", t("nav.home")]];
  if (!v) {
    links.push(["#/help", t("nav.help")], ["#/volunteer/signup", t("nav.volunteerSignup")]);
    links.push(["#/signup", t("nav.signup")], ["#/signin", t("nav.signin")]);
  }
  else if (v.role === "HOTLINE_OPERATOR") {
    links.push(["#/hotline", t("nav.hotline")], ["#/hotline/queue", t("nav.queue")]);
    links.push(["#/inbox", t("nav.inbox")]);
  } else if (v.organization) {
    links.push(["#/org", t("nav.organization")], ["#/org/offers", t("nav.offers")]);
    links.push(["#/org/proposals", t("nav.proposals")], ["#/dispatches", t("nav.dispatches")]);
    links.push(["#/org/roster", t("nav.roster")]);
    links.push(["#/visits", t("nav.visits")], ["#/inbox", t("nav.inbox")]);
  } else if (v.office || v.role === "ADMIN") {
    if (v.role === "ADMIN") links.push(["#/admin", t("nav.console")]);
    links.push(["#/office", t("nav.office")], ["#/office/incidents", t("nav.incidents")]);
    links.push(["#/office/people", t("nav.people")], ["#/visits", t("nav.visits")]);
    links.push(["#/hotline/queue", t("nav.queue")], ["#/hotline/waiting", t("nav.waiting")]);
    links.push(["#/dispatches", t("nav.dispatches")], ["#/inbox", t("nav.inbox")]);
  } else {
    // A volunteer: their own page (proposals, assignments), hours, profile and offers, the
    // dispatches of their own offers, the visits assigned to them, and what they were told.
    links.push(["#/volunteer", t("nav.volunteer")], ["#/volunteer/hours", t("nav.hours")]);
    links.push(["#/volunteer/profile", t("nav.volunteerProfile")], ["#/org/offers", t("nav.offers")]);
    links.push(["#/dispatches", t("nav.dispatches")]);
    links.push(["#/visits", t("nav.visits")], ["#/inbox", t("nav.inbox")]);
  }
  const current = location.hash || "#/";
  return h(
    "nav",
    { "aria-label": t("nav.label") },
    h("ul", {}, links.map(([href, text]) =>
      h("li", {}, h("a", { href, text, "aria-current": href === current ? "page" : null })))),
  );
}

function languageSwitch() {
  const select = h("select", { id: "language", onchange: (e) => switchLanguage(e.target.value) });
  for (const [code, name] of LANGUAGES) {
    select.append(h("option", { value: code, text: name, selected: code === language() }));
  }
  return h("div.language", {}, h("label", { for: "language", text: t("nav.language") }), select);
}

function header() {
  const who = state.viewer
    ? h("div.who", {},
        h("span", { text: state.viewer.email }),
        h("button.secondary.small", { type: "button", text: t("nav.signout"), onclick: async () => {
          await signOut();
          state.viewer = null;
          location.hash = "#/";
          render();
        } }))
    : null;
  return [h("a.brand", { href: "#/", text: t("app.name") }), navigation(), languageSwitch(), who];
}

// Each render's turn: a slow page that resolves after the user moved on must not
// replace the page they moved to.
let rendering = 0;

export async function render() {
  const turn = ++rendering;
  const top = document.getElementById("top");
  const main = document.getElementById("main");
  top.replaceChildren(...header().filter(Boolean));
  document.title = t("app.name");
  const path = (location.hash || "#/").slice(1);
  for (const [pattern, page] of routes) {
    const match = path.match(pattern);
    if (match) {
      main.replaceChildren(h("p", { text: t("app.loading") }));
      try {
        const content = [await page(...match.slice(1))].flat();
        if (turn === rendering) main.replaceChildren(...content);
      } catch (error) {
        if (turn === rendering) {
          main.replaceChildren(h("p.status.error", { role: "alert", text: String(error.message || error) }));
        }
      }
      return;
    }
  }
  main.replaceChildren(h("p", { text: t("app.notFound") }));
}

window.addEventListener("hashchange", () => {
  render().then(() => document.getElementById("main").focus({ preventScroll: true }));
});

setLanguage(initialLanguage());
loadViewer().catch(() => null).then(render);
