/**
 * JSON indented as `JSON.stringify(value, null, 2)` writes it, except that an array of plain values
 * (numbers, strings, null) stays on one line: a series of a hundred samples is one line, not a hundred.
 */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
}
