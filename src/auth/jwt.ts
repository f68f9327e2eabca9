import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { JwtConfig } from '../config/schema';
import { GatewayError } from '../errors';
import { tokenClaimsSchema } from './claims';
import { SCOPES, type Principal, type Scope } from './principal';

/** The audience and issuer of the embedded demo's tokens (and of `usergate token` without a config). */
export const DEMO_AUDIENCE = 'usergate';
export const DEMO_ISSUER = 'usergate';
/** The default `auth.jwt.maxLifetimeSeconds`, which the demo keeps. */
export const DEMO_MAX_LIFETIME_SECONDS = 86_400;

/** Every rejection looks the same to the client: the reason would only help an attacker. */
export const INVALID_TOKEN_DETAIL = 'The bearer token is missing, malformed, expired or not meant for this gateway.';

/** Verified tokens remembered at once; a client reuses its token for many requests. */
const VERIFIED_TOKENS_KEPT = 10_000;

interface Verified {
  principal: Principal;
  /** Epoch seconds from which the token is refused, clock tolerance included. */
  refusedFrom: number;
}

export class TokenVerifier {
  /**
   * Parsed once: given a string, jsonwebtoken parses the key on every call (and tries a shared
   * secret as a PEM public key first, which throws).
   */
  private readonly key: KeyObject;
  /** Only verified tokens are kept, each until its `exp`: a hit skips the signature check, never the expiry. */
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly config: JwtConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.key = verificationKey(config);
  }

  verify(token: string): Principal {
    const nowSeconds = Math.floor(this.now() / 1000);
    const remembered = this.verified.get(token);
    if (remembered && nowSeconds < remembered.refusedFrom) return remembered.principal;
    this.verified.delete(token);
    const payload = this.verifySignatureAndClaims(token, nowSeconds);
    const principal = toPrincipal(payload, this.config.issuer);
    this.remember(token, { principal, refusedFrom: payload.exp + this.config.clockToleranceSeconds });
    return principal;
  }

  private verifySignatureAndClaims(token: string, nowSeconds: number): ExpiringPayload {
    let payload: JwtPayload;
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: this.config.algorithms,
        audience: this.config.audience,
        issuer: this.config.issuer,
        clockTolerance: this.config.clockToleranceSeconds,
        clockTimestamp: nowSeconds,
        complete: true,
      });
      // RFC 7515 §4.1.11: a critical extension the recipient does not understand makes the JWS invalid; it understands none.
      if ('crit' in decoded.header) throw new Error('the header names critical extensions');
      if (typeof decoded.payload === 'string') throw new Error('payload is not a JSON object');
      payload = decoded.payload;
    } catch (error) {
      throw new GatewayError('unauthorized', INVALID_TOKEN_DETAIL, { cause: error });
    }
    const implausible = this.implausibleTime(payload, nowSeconds);
    if (implausible) throw new GatewayError('unauthorized', INVALID_TOKEN_DETAIL, { cause: new Error(implausible) });
    return payload as ExpiringPayload;
  }

  /**
   * What jsonwebtoken leaves to its caller: `exp` must be there and finite (`1e400` parses as
   * Infinity), no further away than the longest lifetime this gateway accepts, and `iat`, when
   * present, not in the future.
   */
  private implausibleTime(payload: JwtPayload, nowSeconds: number): string | undefined {
    const { clockToleranceSeconds, maxLifetimeSeconds } = this.config;
    if (!expires(payload)) return 'token has no exp';
    if (!Number.isFinite(payload.exp) || payload.exp > nowSeconds + maxLifetimeSeconds + clockToleranceSeconds) return 'exp is too far away';
    if (payload.iat === undefined) return undefined;
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return 'iat is not a time';
    return payload.iat > nowSeconds + clockToleranceSeconds ? 'iat is in the future' : undefined;
  }

  /** Bounded: past the limit the oldest entry goes (a Map iterates in insertion order). */
  private remember(token: string, verified: Verified): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, verified);
  }
}

/** Validated at start-up to hold exactly one of the two (see the config schema). */
function verificationKey(config: JwtConfig): KeyObject {
  if (config.secret) return createSecretKey(Buffer.from(config.secret));
  if (config.publicKey) return createPublicKey(config.publicKey);
  throw new Error('auth.jwt needs a secret or a publicKey');
}

type ExpiringPayload = JwtPayload & { exp: number };

function expires(payload: JwtPayload): payload is ExpiringPayload {
  return typeof payload.exp === 'number';
}

/** The claims, each of its type or the token is refused like any other bad token. */
function toPrincipal(payload: ExpiringPayload, issuer: string): Principal {
  const result = tokenClaimsSchema.validate(payload, { convert: false });
  if (result.error)
    throw new GatewayError('unauthorized', INVALID_TOKEN_DETAIL, { cause: new Error(`malformed claim: ${result.error.details[0]?.path.join('.')}`) });
  const claims = result.value;
  const requested = typeof claims.scope === 'string' ? claims.scope.split(' ') : (claims.scope ?? []);
  const known: readonly string[] = SCOPES;
  return {
    issuer: claims.iss ?? issuer,
    subject: claims.sub,
    scopes: new Set(requested.filter((scope): scope is Scope => known.includes(scope))),
    connections: claims.connections ? new Set(claims.connections) : null,
    tenant: claims.tenant,
    tenants: claims.tenants?.[0] === '*' ? 'all' : claims.tenants && new Set(claims.tenants),
  };
}

export interface MintOptions {
  subject: string;
  scopes: Scope[];
  connections?: string[];
  /** The token's own tenant (DESIGN §8); none means `default`. */
  tenant?: string;
  /** Tenants it may pick per request with `Usergate-Tenant`, or `['*']` for every one. */
  tenants?: string[];
  ttlSeconds: number;
}

/** Mints a client token with the gateway's own HS secret (dev and ops use; `usergate token`). */
export function mintToken(config: Pick<JwtConfig, 'secret' | 'algorithms' | 'audience' | 'issuer'>, options: MintOptions): string {
  if (!config.secret) {
    throw new Error('Tokens can only be minted with a shared secret (auth.jwt.secret); this gateway verifies with a public key.');
  }
  const claims: Record<string, unknown> = { scope: options.scopes.join(' ') };
  if (options.connections?.length) claims.connections = options.connections;
  if (options.tenant !== undefined) claims.tenant = options.tenant;
  if (options.tenants?.length) claims.tenants = options.tenants;
  return jwt.sign(claims, config.secret, {
    algorithm: config.algorithms[0] ?? 'HS256',
    audience: config.audience,
    issuer: config.issuer,
    subject: options.subject,
    expiresIn: options.ttlSeconds,
  });
}

/** `15m`, `12h`, `7d`, `90s` or plain seconds. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(ttl.trim());
  if (!match) throw new Error(`"${ttl}" is not a duration such as 15m, 12h or 3600`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
