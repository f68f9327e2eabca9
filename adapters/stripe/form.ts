import { stringify } from 'qs';

/**
 * Stripe's request encoding (`application/x-www-form-urlencoded`, in the body of a POST and the
 * query of a GET): nesting by brackets (`address[line1]=…`, `metadata[crm]=…`), arrays indexed
 * (`preferred_locales[0]=lt`), and `''` for a value to unset. Brackets go percent-encoded, which
 * Stripe reads as it reads them bare (the official SDK's `stringifyRequestData` says "server accepts both").
 */
export function stripeForm(params: object): string {
  return stringify(params, { arrayFormat: 'indices' });
}

/** A form body for an upstream request. */
export function formBody(params: object): { bytes: Buffer; contentType: string } {
  return { bytes: Buffer.from(stripeForm(params), 'utf8'), contentType: 'application/x-www-form-urlencoded' };
}
