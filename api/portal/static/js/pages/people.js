// The office's register (特殊群体): counts by category, the persons filtered by county and
// category, the import of the file the office keeps, and one person registered by hand.
import { gql, mutate } from "../api.js";
import { state } from "../app.js";
import { field, form, h, section } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { pager } from "../pager.js";
import { placeField } from "../places.js";
import { signInFirst } from "./organization.js";
import { peopleImportForm } from "./people_import.js";
import { categoriesWith, officeOnly, peopleCounts } from "./person.js";

export { CATEGORIES, personPage } from "./person.js";
export { visitRoundPage } from "./visit_round.js";

const PEOPLE = `query People($filter: PersonFilter, $first: Int, $after: String) {
  people(filter: $filter, first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor }
  nodes { id category name idNumber phone address region { code name } lastVisitedAt } } }`;
const REGISTER = `mutation RegisterPerson($input: RegisterPersonInput!) { registerPerson(input: $input) {
  person { id name } userErrors { field message code } } }`;

function personItem(p) {
  return h(
    "article.person",
    { "data-testid": "person", "data-category": p.category },
    h("h3", {}, h("a", { href: `#/office/people/${p.id}`, text: p.name })),
    h("p.meta", { text: `${label(p.category)} · ${p.region.name} · ${p.idNumber}` }),
    h("p", { text: [p.phone, p.address].filter(Boolean).join(" · ") }),
    h("p.meta", { text: p.lastVisitedAt ? t("people.lastVisited", { at: formatDate(p.lastVisitedAt) }) : t("people.neverVisited") }),
  );
}

/** The register form: a known category or the office's own, or a new code typed. */
function registerForm(region, categories) {
  return form(
    [
      placeField("regionCode", t("people.region"), { required: true, within: region }),
      field("category", t("people.category"), { choices: categories }),
      field("newCategory", t("people.newCategory"), { hint: t("people.newCategoryHint") }),
      field("name", t("people.name"), { required: true }),
      field("idNumber", t("people.idNumber"), { required: true }),
      field("phone", t("people.phone"), { type: "tel" }),
      field("address", t("people.address")),
      field("guardianName", t("people.guardian")),
      field("guardianPhone", t("people.guardianPhone"), { type: "tel" }),
      field("notes", t("people.notes"), { type: "textarea" }),
    ],
    t("people.register"),
    async ({ newCategory, ...values }) => {
      const payload = await mutate(REGISTER, { ...values, category: newCategory || values.category });
      // A new code's refusal belongs beside the field it was typed in.
      for (const error of payload.userErrors) {
        if (newCategory && error.field?.at(-1) === "category") error.field = ["newCategory"];
      }
      return payload;
    },
    t("people.registered"),
  );
}

/** The filters: a county (typed by name) and a category; each change reloads the list. */
function filters(region, categories, onChange) {
  const el = h("form.inline.filters", { "data-testid": "people-filters" },
    placeField("regionCode", t("people.filterRegion"), { within: region, hint: t("people.filterRegionHint") }),
    field("category", t("people.category"), { choices: [["", t("people.allCategories")], ...categories.map((c) => [c, label(c)])] }));
  el.addEventListener("submit", (event) => event.preventDefault());
  el.addEventListener("change", () => {
    const code = el.querySelector("input[type=hidden][name=regionCode]").value;
    const category = el.querySelector("select[name=category]").value;
    onChange({ regionCode: code || null, category: category || null });
  });
  return el;
}

export async function peoplePage() {
  if (!officeOnly()) return signInFirst();
  const region = state.viewer.office?.region?.code;
  const counts = await peopleCounts(region);
  const categories = categoriesWith(counts.map((c) => c.category));
  const list = h("div", { "data-testid": "people-list" });
  const tally = h("ul.counts", { "data-testid": "people-counts" });
  const count = (found) => tally.replaceChildren(...found.map((c) => h("li", { text: `${label(c.category)}: ${c.count}` })));
  count(counts);
  let shown = {};
  const load = (filter) => {
    shown = filter;
    const page = async (after) => (await gql(PEOPLE, { first: 20, after, filter })).people;
    list.replaceChildren(pager(page, personItem, { empty: t("people.noneFound") }));
  };
  const imported = async () => {
    load(shown);
    count(await peopleCounts(region));
  };
  load({});
  return [
    section(t("people.counts"), tally),
    section(t("people.title"), h("p.hint", { text: t("people.sensitive") }), filters(region, categories, load), list),
    section(t("peopleImport.title"), h("p", { text: t("peopleImport.intro") }), peopleImportForm(imported)),
    section(t("people.new"), registerForm(region, categories)),
  ];
}
