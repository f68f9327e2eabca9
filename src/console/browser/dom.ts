type Child = Node | string | null | undefined | false;

/**
 * Builds an element. Text goes in as text nodes, never as HTML, so nothing a provider returns can
 * become markup; attributes set to false are left out.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false) element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
  return element;
}

/** The page's element with this id, of the expected kind (the page and this code ship together). */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`The console page has no #${id}.`);
  return element;
}

/** An element id made from any text (global ids hold colons), for aria-labelledby. */
export function elementId(prefix: string, text: string): string {
  return `${prefix}-${text.replace(/\W+/g, '-')}`;
}
