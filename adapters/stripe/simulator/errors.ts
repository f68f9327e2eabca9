import type { Response } from 'express';

/** Stripe's error types (`#/components/schemas/api_errors`). */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeFailure {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
}

/** Every error answer: `{ error: {…} }`, which the official SDK needs on every non-2xx (it tells success by `error` alone). */
export function sendError(res: Response, status: number, failure: StripeFailure): void {
  const docUrl = failure.code ? `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}` : undefined;
  res.status(status).json({
    error: {
      ...(failure.code && { code: failure.code }),
      ...(docUrl && { doc_url: docUrl }),
      message: failure.message,
      ...(failure.param && { param: failure.param }),
      request_log_url: `https://dashboard.stripe.com/test/logs/${String(res.getHeader('request-id'))}`,
      type: failure.type,
    },
  });
}

export const invalidRequest = (message: string, param?: string, code?: string): StripeFailure => ({ type: 'invalid_request_error', message, param, code });

export function noSuchCustomer(id: string): StripeFailure {
  return invalidRequest(`No such customer: '${id}'`, 'id', 'resource_missing');
}

/**
 * Stripe's error body for a status the fault knobs make the simulator answer with (the statuses of
 * docs.stripe.com/api/errors; docs/providers/stripe-notes.md §3.2): a 409 is another request with
 * the same idempotency key, a 429 a rate limit (`code: rate_limit`), 5xx an `api_error`.
 */
export function stripeErrorBody(status: number): unknown {
  const failure =
    FAULTS[status] ?? (status >= 500 ? { type: 'api_error', message: 'An unknown error occurred' } : invalidRequest('The request could not be handled.'));
  return { error: { ...(failure.code && { code: failure.code }), message: failure.message, type: failure.type } };
}

const FAULTS: Readonly<Record<number, StripeFailure>> = {
  400: invalidRequest('Received unknown parameter: nickname', 'nickname', 'parameter_unknown'),
  401: invalidRequest('Invalid API Key provided: sk_test_****1234'),
  403: invalidRequest("The provided key 'rk_test_****1234' does not have the required permissions for this endpoint on account 'acct_1Example'."),
  404: invalidRequest("No such customer: 'cus_NffrFeUfNV2Hib'", 'id', 'resource_missing'),
  409: {
    type: 'invalid_request_error',
    code: 'idempotency_key_in_use',
    message:
      'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through).',
  },
  429: invalidRequest('Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', undefined, 'rate_limit'),
};
