/**
 * Rebilly's collection filter (https://www.rebilly.com/docs/dev-docs/search-filters): `field:value`
 * terms joined by `;` (AND), values joined by `,` (OR), `!` negates a value, `a..b`, `a..` and `..b`
 * are ranges. Exact values match case-insensitively. Value lists (`@name`) are not simulated.
 */
export type FilterValue = { negate: boolean } & ({ exact: string } | { range: { from?: string; to?: string } });

export interface FilterTerm {
  field: string;
  values: FilterValue[];
}

export class FilterSyntaxError extends Error {}

export function parseFilter(filter: string): FilterTerm[] {
  return filter.split(';').map((term) => {
    const separator = term.indexOf(':');
    if (separator <= 0) throw new FilterSyntaxError('Each filter term is field:value.');
    return {
      field: term.slice(0, separator),
      values: term
        .slice(separator + 1)
        .split(',')
        .map(parseValue),
    };
  });
}

function parseValue(raw: string): FilterValue {
  const negate = raw.startsWith('!');
  const value = negate ? raw.slice(1) : raw;
  if (value.startsWith('@')) throw new FilterSyntaxError('Value lists are not available in the simulator.');
  const range = value.indexOf('..');
  if (range < 0) return { negate, exact: value.toLowerCase() };
  return { negate, range: { from: value.slice(0, range) || undefined, to: value.slice(range + 2) || undefined } };
}

/** A term holds when any plain value matches (or there is none) and no negated value does. */
export function matchesFilter(terms: FilterTerm[], valueOf: (field: string) => string | undefined): boolean {
  return terms.every(({ field, values }) => {
    const actual = valueOf(field);
    const matches = (value: FilterValue) => actual !== undefined && matchesValue(value, actual);
    const plain = values.filter((value) => !value.negate);
    return (plain.length === 0 || plain.some(matches)) && !values.some((value) => value.negate && matches(value));
  });
}

function matchesValue(value: FilterValue, actual: string): boolean {
  if ('exact' in value) return actual.toLowerCase() === value.exact;
  const { from, to } = value.range;
  return (from === undefined || actual >= from) && (to === undefined || actual <= to);
}
