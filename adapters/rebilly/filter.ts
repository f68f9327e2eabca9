import { GatewayError } from '../../src/errors';

/**
 * NOTE: Rebilly's filter syntax (https://www.rebilly.com/docs/dev-docs/search-filters) joins terms
 * with `;` and values with `,`, splits `field:value` at `:`, and reads `!` as negation, `..` as a
 * range and a leading `@` as a value list. It documents no way to escape them, so a value holding
 * any of them is refused: a crafted value can never add a term or change what the term means.
 */
const FILTER_SYNTAX = /[;,:!]|\.\.|^@/;

/** One exact (case-insensitive) `field:value` term. */
export function exactFilterTerm(field: string, value: string): string {
  if (value === '' || FILTER_SYNTAX.test(value)) {
    throw new GatewayError('invalid_request', `Rebilly filters cannot search for this ${field}: it holds ; , : ! or .. or starts with @.`, {
      extensions: { invalidFields: [{ field, message: 'holds characters that Rebilly filters cannot escape' }] },
    });
  }
  return `${field}:${value}`;
}
