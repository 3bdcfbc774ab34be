/** DOM helpers that set attributes and text through the DOM, so no value is parsed as markup. */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function element(
  tag: string,
  attributes: Record<string, string> = {},
  children: readonly Node[] = [],
): HTMLElement {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  created.append(...children);
  return created;
}

export function svg(tag: string, attributes: Record<string, string | number> = {}): SVGElement {
  const created = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
  return created;
}

/** Creates an SVG text element whose content is `content`, as text. */
export function svgText(content: string, attributes: Record<string, string | number>): SVGElement {
  const created = svg('text', attributes);
  created.textContent = content;
  return created;
}
