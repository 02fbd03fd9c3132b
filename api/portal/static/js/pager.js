// Cursor-connection lists: a page at a time, a "more" button while hasNextPage.
import { h, fail, ok, status } from "./dom.js";
import { t, formatNumber } from "./i18n.js";

export const PAGE_SIZE = 20;

/** load(after) -> connection {totalCount, pageInfo, nodes}; item(node) -> element. */
export function pager(load, item, { empty = t("list.empty") } = {}) {
  const list = h("ul.list");
  const count = h("p.count");
  const more = h("button.secondary", { type: "button", text: t("list.more"), hidden: true });
  const out = status();
  let after = null;
  async function next() {
    more.disabled = true;
    try {
      const page = await load(after);
      count.textContent = t("list.total", { count: formatNumber(page.totalCount) });
      if (!after && page.nodes.length === 0) list.append(h("li.empty", { text: empty }));
      for (const node of page.nodes) list.append(h("li", {}, item(node)));
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
    } catch (error) {
      fail(out, error);
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", next);
  next();
  return h("div.pager", {}, count, list, more, out);
}

/** A button whose action returns a payload; success or its userErrors are shown beside it. */
export function action(text, run, done = t("action.done"), then) {
  const out = h("span.status", { role: "status", "aria-live": "polite" });
  const button = h("button.small", { type: "button", text });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const payload = await run();
      if (payload && payload.userErrors && payload.userErrors.length) {
        out.className = "status error";
        out.textContent = payload.userErrors.map((e) => e.message).join(" ");
        button.disabled = false;
      } else {
        ok(out, done);
        if (then) then(payload);
      }
    } catch (error) {
      fail(out, error);
      button.disabled = false;
    }
  });
  return h("span.action", {}, button, out);
}
