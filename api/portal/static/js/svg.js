// SVG elements for the maps, made as dom.js makes HTML ones.
const NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, value);
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

/** A <title> child: what a pointer hovering the shape, and a screen reader, are told. */
export function title(text) {
  return svg("title", {}, document.createTextNode(text));
}
