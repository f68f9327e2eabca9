import type { UpstreamResponse } from '../../src/upstream/client';
import { canonicalFieldNames, defaultMeaning, providerError, type ProviderErrorTable } from '../../src/provider-kit/errors';

const table: ProviderErrorTable = {
  provider: 'Acme',
  byStatus: { 404: { code: 'not_found', detail: 'Acme has no such thing.' } },
  byCode: { email_taken: { code: 'conflict', detail: 'That email belongs to another Acme user.' } },
  fields: { postal_code: 'address.postalCode', first_name: 'name.given' },
};

function answer(status: number, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers, text: '', json: () => ({}) };
}

describe('provider kit: error table', () => {
  it.each([
    [400, 'invalid_request'],
    [401, 'provider_error'],
    [403, 'forbidden'],
    [404, 'user_not_found'],
    [409, 'conflict'],
    [418, 'invalid_request'],
    [422, 'invalid_request'],
    [429, 'rate_limited'],
    [500, 'provider_error'],
    [502, 'provider_unavailable'],
    [503, 'provider_unavailable'],
    [504, 'provider_unavailable'],
  ])('when a provider answers %i and says nothing more, then the code is %s', (status, code) => {
    expect(defaultMeaning(status, 'Acme').code).toBe(code);
  });

  it('when the provider overrides a status, then its own meaning wins', () => {
    expect(providerError(table, answer(404), 'acme-eu')).toMatchObject({ code: 'not_found', message: 'Acme has no such thing.' });
  });

  it("when the provider's own code is in its table, then the code decides over the status", () => {
    const error = providerError(table, answer(400), 'acme-eu', { code: 'email_taken' });
    expect(error).toMatchObject({ code: 'conflict', origin: 'provider', connection: 'acme-eu', providerError: { status: 400, code: 'email_taken' } });
  });

  it("when the provider's code is an Object key (constructor), then it is no entry of the table", () => {
    expect(providerError(table, answer(400), 'acme-eu', { code: 'constructor' }).code).toBe('invalid_request');
  });

  it('when the provider code holds anything but a code (spaces, an email), then it is not passed on', () => {
    expect(providerError(table, answer(400), 'acme-eu', { code: 'jane@example.com is taken' }).providerError).toEqual({ status: 400 });
  });

  it('when the provider names refused fields, then they come back in canonical names, once each, the unknown ones as the provider named them', () => {
    const error = providerError(table, answer(422), 'acme-eu', { invalidFields: ['postal_code', 'first_name', 'postal_code', 'nickname'] });
    expect(error.extensions).toEqual({
      invalidFields: [
        { field: 'address.postalCode', message: 'rejected by Acme' },
        { field: 'name.given', message: 'rejected by Acme' },
        { field: 'nickname', message: 'rejected by Acme' },
      ],
    });
  });

  it('when a refused field name holds a value rather than a name, then it is dropped', () => {
    expect(canonicalFieldNames(table, ['jane doe <jane@example.com>', 'first_name'])).toEqual(['name.given']);
  });

  it('when the answer says Retry-After, then the error carries it; with none, none', () => {
    expect(providerError(table, answer(429, { 'retry-after': '30' }), 'acme-eu').retryAfter).toBe(30);
    expect(providerError(table, answer(429), 'acme-eu').retryAfter).toBeUndefined();
  });

  it("when the provider reads its rate limit from its own headers, then the table's reader is used", () => {
    const own: ProviderErrorTable = { provider: 'Acme', readRateLimit: (headers) => ({ retryAfterSeconds: Number(headers['x-acme-wait']) }) };
    expect(providerError(own, answer(429, { 'x-acme-wait': '7' }), 'acme-eu').retryAfter).toBe(7);
  });
});
