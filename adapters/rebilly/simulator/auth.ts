import type { RequestHandler } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { SendProblem } from './problems';

export interface RebillySimulatorKeys {
  /** Secret API keys accepted in `REB-APIKEY`. */
  apiKeys: ReadonlySet<string>;
  /** Signs the JWTs the simulator accepts as `Authorization: Bearer` (HS256, `exp` required). */
  jwtSecret: string;
}

export function mintSimulatorJwt(secret: string): string {
  const claims: JwtPayload = { sub: 'usergate-simulator' };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: '7d' });
}

/**
 * Checks the `SecretApiKey` or `JWT` scheme on every request. The simulator is stricter than the
 * docs ("a JWT replaces the key header") and refuses both at once, so that a client sending both is caught.
 */
export function requireRebillyAuth(keys: RebillySimulatorKeys, problem: SendProblem): RequestHandler {
  return (req, res, next) => {
    const apiKey = req.get('reb-apikey');
    const bearer = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (apiKey !== undefined && bearer !== undefined) {
      problem(res, 401, 'Unauthorized', 'Send REB-APIKEY or a JWT, not both.');
      return;
    }
    const valid = apiKey !== undefined ? keys.apiKeys.has(apiKey) : bearer !== undefined && verifies(bearer, keys.jwtSecret);
    if (!valid) {
      problem(res, 401, 'Unauthorized', 'Invalid credentials used.');
      return;
    }
    next();
  };
}

function verifies(token: string, secret: string): boolean {
  try {
    jwt.verify(token, secret, { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}
