// The register's import: the CSV or XLSX file an office keeps goes to importPeople, all
// rows or none; each refused row comes back by its number and the field's name.
import { mutate } from "../api.js";
import { field, h, ok, status } from "../dom.js";
import { language, t } from "../i18n.js";
import { base64 } from "./need_import.js";

const IMPORT = `mutation ImportPeople($input: ImportPeopleInput!) { importPeople(input: $input) {
  people { id } userErrors { field message code } } }`;

// The error's field (as the input names it) -> the form's label key.
const LABELS = {
  regionCode: "people.region", category: "people.category", name: "people.name",
  idNumber: "people.idNumber", phone: "people.phone", address: "people.address",
  guardianName: "people.guardian", guardianPhone: "people.guardianPhone", notes: "people.notes",
};

function message(error) {
  // The server words its messages in English; Chinese shows the code's text when known.
  const known = t(`error.${error.code}`);
  return known === `error.${error.code}` || language() === "en" ? error.message : known;
}

function rowError(error) {
  const [, row, column] = error.field || [];
  const where = row ? t("import.at", { row, field: column ? t(LABELS[column] || column) : "" }) : "";
  return h("li", { "data-row": row || "", text: `${where} ${message(error)}` });
}

function refused(out, text) {
  out.className = "status error";
  out.textContent = text;
}

export function peopleImportForm(onImported) {
  const out = status();
  const problems = h("ul.row-errors", { "data-testid": "import-errors" });
  const file = field("file", t("peopleImport.file"), { type: "file", accept: ".csv,.xlsx", hint: t("peopleImport.hint") });
  const el = h("form", { "data-testid": "people-import" }, file,
    h("button", { type: "submit", text: t("import.submit") }), out, problems);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const chosen = el.querySelector("input[type=file]").files[0];
    if (!chosen) return refused(out, t("import.choose"));
    const input = { fileName: chosen.name, contentBase64: base64(await chosen.arrayBuffer()) };
    try {
      const payload = await mutate(IMPORT, input);
      if (payload.userErrors.length) {
        refused(out, t("peopleImport.refused", { count: payload.userErrors.length }));
        problems.replaceChildren(...payload.userErrors.map(rowError));
      } else {
        ok(out, t("peopleImport.done", { count: payload.people.length }));
        el.reset();
        onImported();
      }
    } catch (error) {
      refused(out, String(error.message || error));
    }
    return null;
  });
  return el;
}
