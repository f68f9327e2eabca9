import type { RebillyConnectionCredentials } from './types';

/**
 * Rebilly takes a secret API key in `REB-APIKEY` or a JWT as a bearer token (the `SecretApiKey` and
 * `JWT` security schemes; https://www.rebilly.com/docs/dev-docs/api-keys/). A JWT replaces the key,
 * so exactly one of them is sent.
 */
export function rebillyAuthHeaders(credentials: RebillyConnectionCredentials): Record<string, string> {
  return credentials.jwt !== undefined ? { authorization: `Bearer ${credentials.jwt}` } : { 'REB-APIKEY': credentials.apiKey };
}
