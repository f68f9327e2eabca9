import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { bodyHashExt, computeMac, macStringToSign } from '../auth';

export interface MacVerifierOptions {
  /** Client id → MAC key. */
  keys: ReadonlyMap<string, string>;
  /** The simulator's clock, in unix seconds. */
  now: () => number;
  /** How far `ts` may be from the server's clock. */
  toleranceSeconds: number;
}

const HEADER = /^MAC\s+(.+)$/;
const FIELD = /(\w+)="([^"]*)"/g;

/**
 * Checks Paysera MAC access authentication on every request: known id, fresh timestamp, unused
 * nonce, body hash over the exact raw bytes (binary bodies too) and the signature itself.
 */
export function verifyMac(options: MacVerifierOptions): RequestHandler {
  const seenNonces = new Map<string, number>();
  return (req, res, next) => {
    const fields = parseHeader(req.get('authorization'));
    if (!fields?.id || !fields.ts || !fields.nonce || !fields.mac) {
      deny(res, 'unauthorized', 'MAC authorization header is missing or malformed');
      return;
    }
    const key = options.keys.get(fields.id);
    if (key === undefined) {
      deny(res, 'unauthorized', 'Unknown client');
      return;
    }
    const ts = Number(fields.ts);
    if (!Number.isInteger(ts) || Math.abs(options.now() - ts) > options.toleranceSeconds) {
      deny(res, 'invalid_timestamp', 'Timestamp is too far from server time');
      return;
    }
    const body = rawBody(req);
    const expectedExt = bodyHashExt(body);
    if ((fields.ext ?? '') !== expectedExt) {
      deny(res, 'unauthorized', 'Body hash does not match the request body');
      return;
    }
    const [host, port] = hostAndPort(req);
    const expected = computeMac(
      key,
      macStringToSign({ method: req.method, requestUri: req.originalUrl, host, port }, { ts, nonce: fields.nonce }, expectedExt),
    );
    if (!sameString(expected, fields.mac)) {
      deny(res, 'unauthorized', 'MAC signature is invalid');
      return;
    }
    const nonceKey = `${fields.id}:${fields.nonce}`;
    if (seenNonces.has(nonceKey)) {
      deny(res, 'unauthorized', 'Nonce was already used');
      return;
    }
    remember(seenNonces, nonceKey, ts, options);
    res.locals.clientId = fields.id;
    next();
  };
}

function parseHeader(header: string | undefined): Record<string, string> | undefined {
  const fields = header ? HEADER.exec(header)?.[1] : undefined;
  if (fields === undefined) return undefined;
  return Object.fromEntries([...fields.matchAll(FIELD)].map(([, name = '', value = '']) => [name, value]));
}

function rawBody(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
}

function hostAndPort(req: Request): [string, number] {
  const [host = '', port] = (req.get('host') ?? '').toLowerCase().split(':');
  return [host, port ? Number(port) : req.protocol === 'https' ? 443 : 80];
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function remember(nonces: Map<string, number>, key: string, ts: number, options: MacVerifierOptions): void {
  nonces.set(key, ts);
  if (nonces.size < 10_000) return;
  const oldest = options.now() - options.toleranceSeconds;
  for (const [nonce, seenAt] of nonces) if (seenAt < oldest) nonces.delete(nonce);
}

export function deny(res: Response, error: string, description: string): void {
  res.status(401).json({ error, error_description: description });
}
