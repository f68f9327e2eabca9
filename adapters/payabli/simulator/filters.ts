import type { PayabliUser } from '../types';

/**
 * The list endpoints' filters: bare query parameters `field(op)=value`
 * (https://docs.payabli.com/developers/developer-guides/pay-ops-reporting-engine-overview#filters-and-conditions-reference).
 * Field names are case-sensitive and an unknown name or operator is silently ignored, as Payabli does.
 */
type FieldReader = (user: PayabliUser) => string | number | null | undefined;

const USER_FIELDS = new Map<string, FieldReader>([
  ['email', (user) => user.Email],
  ['name', (user) => user.Name],
  ['status', (user) => user.UsrStatus],
]);

const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'ct', 'nct', 'in', 'nin'] as const;
type Operator = (typeof OPERATORS)[number];

export interface UserFilter {
  read: FieldReader;
  operator: Operator;
  value: string;
}

const FILTER = /^(\w+)\((\w+)\)$/;

export function userFilters(query: URLSearchParams): UserFilter[] {
  return [...query].flatMap(([key, value]) => {
    const [, field = '', operator = ''] = FILTER.exec(key) ?? [];
    const read = USER_FIELDS.get(field);
    return read && (OPERATORS as readonly string[]).includes(operator) ? [{ read, operator: operator as Operator, value }] : [];
  });
}

export function matchesAll(user: PayabliUser, filters: UserFilter[]): boolean {
  return filters.every((filter) => matches(filter.read(user), filter));
}

/** Text compares case-insensitively (like Payabli's database collation); numbers compare as numbers. */
function matches(actual: string | number | null | undefined, { operator, value }: UserFilter): boolean {
  if (actual === null || actual === undefined) return operator === 'ne' || operator === 'nct' || operator === 'nin';
  const have = typeof actual === 'number' ? actual : actual.toLowerCase();
  const want = (text: string) => (typeof actual === 'number' ? Number(text) : text.toLowerCase());
  switch (operator) {
    case 'eq':
      return have === want(value);
    case 'ne':
      return have !== want(value);
    case 'gt':
      return have > want(value);
    case 'ge':
      return have >= want(value);
    case 'lt':
      return have < want(value);
    case 'le':
      return have <= want(value);
    case 'ct':
      return String(have).includes(value.toLowerCase());
    case 'nct':
      return !String(have).includes(value.toLowerCase());
    case 'in':
      return value.split('|').map(want).includes(have);
    case 'nin':
      return !value.split('|').map(want).includes(have);
  }
}
