import { createHash, createHmac, randomInt } from 'node:crypto';
import type { PreparedRequest } from '../../src/upstream/request';

/**
 * Paysera MAC access authentication (hmac-sha-256), as Paysera's official PHP, Java and Swift
 * clients implement it: https://developers.paysera.com/en/wallet/rest/v1/authentication
 */
export interface MacCredentials {
  macId: string;
  macKey: string;
}

export interface MacParameters {
  /** Whole unix seconds. */
  ts: number;
  nonce: string;
}

export interface SignableRequest {
  method: string;
  /** Path and query exactly as sent. */
  requestUri: string;
  host: string;
  port: number;
  body?: Buffer;
}

/** `body_hash=<base64 sha256>` form-url-encoded, or empty for an empty body. */
export function bodyHashExt(body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  return new URLSearchParams({ body_hash: createHash('sha256').update(body).digest('base64') }).toString();
}

/** Seven fields, each followed by a newline (so the string ends with one even when ext is empty). */
export function macStringToSign(request: SignableRequest, parameters: MacParameters, ext: string): string {
  return [parameters.ts, parameters.nonce, request.method.toUpperCase(), request.requestUri, request.host.toLowerCase(), request.port, ext]
    .map((field) => `${field}\n`)
    .join('');
}

export function computeMac(macKey: string, stringToSign: string): string {
  return createHmac('sha256', Buffer.from(macKey, 'utf8')).update(stringToSign, 'utf8').digest('base64');
}

export function macAuthorizationHeader(credentials: MacCredentials, request: SignableRequest, parameters: MacParameters): string {
  const ext = bodyHashExt(request.body);
  const mac = computeMac(credentials.macKey, macStringToSign(request, parameters, ext));
  const fields = [`id="${credentials.macId}"`, `ts="${parameters.ts}"`, `nonce="${parameters.nonce}"`, `mac="${mac}"`];
  if (ext) fields.push(`ext="${ext}"`);
  return `MAC ${fields.join(', ')}`;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomNonce(length = 32): string {
  return Array.from({ length }, () => NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)]).join('');
}

/** An authorizer for the upstream client: a fresh nonce and timestamp for every attempt. */
export function macAuthorizer(credentials: MacCredentials, now: () => number) {
  return (request: PreparedRequest) => ({
    authorization: macAuthorizationHeader(credentials, request, { ts: now(), nonce: randomNonce() }),
  });
}
