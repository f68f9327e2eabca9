import type { StripeCustomer } from '../types';

/**
 * Stripe's search query language for customers (docs/providers/stripe-notes.md §2.2; https://docs.stripe.com/search):
 * clauses `field:"value"` (a string matches when it holds the query's words in the same order, in
 * any case), `field~"value"` (a substring, at least 3 characters), `metadata["key"]:"value"`,
 * `created>123` (and `<`, `>=`, `<=`, `:`), `-` before a clause negates it; clauses are joined by
 * spaces or `AND`, or by `OR`, never both; up to 10. Quotes are required around strings, and `\`
 * escapes a quote or a backslash inside them. Fields: `created`, `email`, `metadata`, `name`, `phone`.
 */
export type CustomerFilter = (customer: StripeCustomer) => boolean;

const STRING_FIELDS = new Set(['email', 'name', 'phone']);
const CLAUSE = /^(-?)(email|name|phone|created|metadata\["((?:[^"\\]|\\.)*)"\])(:|~|>=|<=|>|<)/;
const QUOTED = /^"((?:[^"\\]|\\.)*)"/;
const NUMBER = /^\d+/;
const MAX_CLAUSES = 10;

/** A filter for the query, or why Stripe would refuse it (a 400 naming `query`). */
export function parseSearchQuery(query: string): { filter: CustomerFilter } | { problem: string } {
  const clauses: CustomerFilter[] = [];
  const joins: string[] = [];
  let rest = query.trim();
  while (rest.length > 0) {
    if (clauses.length > 0) {
      const join = /^\s+(?:(AND|OR)\s+)?/.exec(rest);
      if (!join) return { problem: `Invalid query: expected a space, AND or OR before "${rest.slice(0, 20)}"` };
      joins.push(join[1] ?? 'AND');
      rest = rest.slice(join[0].length);
    }
    const parsed = parseClause(rest);
    if ('problem' in parsed) return parsed;
    clauses.push(parsed.filter);
    rest = rest.slice(parsed.length);
  }
  if (clauses.length === 0) return { problem: 'Invalid query: it is empty' };
  if (clauses.length > MAX_CLAUSES) return { problem: `Invalid query: at most ${MAX_CLAUSES} clauses` };
  if (new Set(joins).size > 1) return { problem: 'Invalid query: AND and OR cannot be mixed' };
  const any = joins[0] === 'OR';
  return { filter: (customer) => (any ? clauses.some((clause) => clause(customer)) : clauses.every((clause) => clause(customer))) };
}

function parseClause(text: string): { filter: CustomerFilter; length: number } | { problem: string } {
  const head = CLAUSE.exec(text);
  if (!head) return { problem: `Invalid query: no field this search knows at "${text.slice(0, 20)}"` };
  const [matched, negation, field = '', metadataKey, operator = ''] = head;
  const valueText = text.slice(matched.length);
  const negate = (filter: CustomerFilter): CustomerFilter => (negation ? (customer) => !filter(customer) : filter);
  if (field === 'created') {
    const number = NUMBER.exec(valueText);
    if (!number || operator === '~') return { problem: 'Invalid query: created takes a unix time' };
    const bound = Number(number[0]);
    return { filter: negate((customer) => compare(customer.created, operator, bound)), length: matched.length + number[0].length };
  }
  const quoted = QUOTED.exec(valueText);
  if (!quoted || (operator !== ':' && operator !== '~')) return { problem: 'Invalid query: string values need quotation marks and : or ~' };
  const value = unescape(quoted[1] ?? '');
  if (operator === '~' && value.length < 3) return { problem: 'Invalid query: a substring needs at least 3 characters' };
  const read = (customer: StripeCustomer): string | null | undefined =>
    metadataKey === undefined
      ? STRING_FIELDS.has(field)
        ? customer[field as 'email' | 'name' | 'phone']
        : undefined
      : customer.metadata?.[unescape(metadataKey)];
  const matches = operator === '~' ? substring(value) : words(value);
  return { filter: negate((customer) => matches(read(customer))), length: matched.length + quoted[0].length };
}

function compare(actual: number, operator: string, bound: number): boolean {
  switch (operator) {
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    default:
      return actual === bound;
  }
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

const wordsOf = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

/** "An exact match on a string type returns any record where that record contains all of the words from the query in the same order." */
function words(value: string): (actual: string | null | undefined) => boolean {
  const wanted = wordsOf(value);
  return (actual) => {
    if (!actual) return false;
    let next = 0;
    for (const word of wordsOf(actual)) if (word === wanted[next]) next += 1;
    return wanted.length > 0 && next >= wanted.length;
  };
}

function substring(value: string): (actual: string | null | undefined) => boolean {
  const wanted = value.toLowerCase();
  return (actual) => Boolean(actual?.toLowerCase().includes(wanted));
}
