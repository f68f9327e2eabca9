/**
 * JSON with object keys sorted at every depth, so that equal values give equal text whatever
 * order their keys were written in (for fingerprints and for telling a real change from a repeat).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  // Like JSON.stringify, an undefined value is written as null.
  return value === undefined ? 'null' : JSON.stringify(value);
}
