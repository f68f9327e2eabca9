import type { UpstreamResponse } from '../../../src/upstream/client';
import { stripeError } from '../errors';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  const text = JSON.stringify(body);
  return { status, headers, text, json: () => JSON.parse(text) as unknown };
}

const refusal = (param: string, code = 'parameter_invalid_string') => ({
  error: { type: 'invalid_request_error', code, param, message: `Invalid value for ${param}: jane@example.com` },
});

describe('Stripe errors → gateway errors', () => {
  it.each([
    ['email', 'email'],
    ['name', 'name.full'],
    ['address[postal_code]', 'address.postalCode'],
    ['preferred_locales', 'locale'],
    ['metadata', 'options.metadata'],
  ])("when Stripe refuses the parameter %s, then the client reads the canonical field %s, never Stripe's message", (param, field) => {
    const error = stripeError(answer(400, refusal(param)), 'stripe');
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, providerError: { status: 400, code: 'parameter_invalid_string' } });
    expect(error.extensions).toEqual({ invalidFields: [{ field, message: 'rejected by Stripe' }] });
    expect(error.message).not.toContain('jane@example.com');
  });

  it('when the 404 says resource_missing, then the customer does not exist; a 404 without it is a route Stripe lacks', () => {
    expect(stripeError(answer(404, refusal('id', 'resource_missing')), 'stripe')).toMatchObject({ code: 'user_not_found', extensions: undefined });
    expect(stripeError(answer(404, { error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/x).' } }), 'stripe').code).toBe(
      'provider_error',
    );
  });

  it('when a 400 says rate_limit, then it is a rate limit, as the official SDK reads it', () => {
    expect(stripeError(answer(400, { error: { type: 'invalid_request_error', code: 'rate_limit' } }), 'stripe').code).toBe('rate_limited');
  });

  it('when a key is reused with other parameters (idempotency_error) or is still in flight (409), then 409 conflict', () => {
    expect(stripeError(answer(400, { error: { type: 'idempotency_error', message: 'Keys for idempotent requests …' } }), 'stripe')).toMatchObject({
      code: 'conflict',
      providerError: { status: 400, code: 'idempotency_error' },
    });
    expect(stripeError(answer(409, { error: { type: 'invalid_request_error', code: 'idempotency_key_in_use' } }), 'stripe').code).toBe('conflict');
  });

  it("when Stripe refuses the connection's key (401), then it is the gateway's problem (502 provider_error), not the client's", () => {
    expect(
      stripeError(answer(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****1234' } }), 'stripe'),
    ).toMatchObject({
      code: 'provider_error',
      status: 502,
      providerError: { status: 401 },
    });
  });

  it('when the body is not Stripe’s error shape, then the status alone decides', () => {
    expect(stripeError(answer(503, '<html>'), 'stripe').code).toBe('provider_unavailable');
  });
});
