/** A comma-separated option (`--connections a,b`) as its items, blanks dropped; undefined when not given. */
export function commaList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
