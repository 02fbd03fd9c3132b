// Spreadsheet import (CSV or XLSX): the file goes to importNeeds; bad rows come back by number.
import { mutate } from "../api.js";
import { field, h, ok, status } from "../dom.js";
import { t } from "../i18n.js";

const IMPORT = `mutation ImportNeeds($input: ImportNeedsInput!) { importNeeds(input: $input) {
  needs { id } userErrors { field message code } } }`;
const COLUMNS = "regionCode, categoryCode, quantity, urgency, neededBy, description, requiredSkills, beneficiaryCount, specialGroups, latitude, longitude";

export function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function rowError(error) {
  const [, row, column] = error.field || [];
  const where = row ? t("import.at", { row, field: column || "" }) : "";
  return h("li", { text: `${where} ${error.message}` });
}

export function importForm(incidentId, onImported) {
  const out = status();
  const problems = h("ul.row-errors", { "data-testid": "import-errors" });
  const file = field("file", t("import.file"), { type: "file", accept: ".csv,.xlsx", hint: t("import.hint", { columns: COLUMNS }) });
  const el = h("form", {}, file, h("button", { type: "submit", text: t("import.submit") }), out, problems);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const chosen = el.querySelector("input[type=file]").files[0];
    if (!chosen) {
      out.className = "status error";
      out.textContent = t("import.choose");
      return;
    }
    const input = { incidentId, fileName: chosen.name, contentBase64: base64(await chosen.arrayBuffer()) };
    try {
      const payload = await mutate(IMPORT, input);
      if (payload.userErrors.length) {
        out.className = "status error";
        out.textContent = t("import.refused", { count: payload.userErrors.length });
        problems.replaceChildren(...payload.userErrors.map(rowError));
      } else {
        ok(out, t("import.done", { count: payload.needs.length }));
        onImported();
      }
    } catch (error) {
      out.className = "status error";
      out.textContent = String(error.message || error);
    }
  });
  return el;
}
