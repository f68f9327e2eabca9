import jwt from 'jsonwebtoken';
import { mintToken, TokenVerifier } from '../../src/auth/jwt';
import { clientKey } from '../../src/auth/principal';
import type { JwtConfig } from '../../src/config/schema';

const config: JwtConfig = {
  secret: 'token-verifier-test-secret-token-verifier-test',
  algorithms: ['HS256'],
  audience: 'usergate',
  issuer: 'usergate',
  clockToleranceSeconds: 30,
  maxLifetimeSeconds: 86_400,
};

/** Verified tokens are remembered so that a client's every request does not pay for the signature check. */
describe('token verification cache', () => {
  let nowMs: number;
  let verifier: TokenVerifier;
  beforeEach(() => {
    nowMs = Date.now();
    verifier = new TokenVerifier(config, () => nowMs);
  });
  afterEach(() => jest.restoreAllMocks());

  const token = (ttlSeconds: number) => mintToken(config, { subject: 'client-a', scopes: ['users:read'], ttlSeconds });

  it('when the same token comes again, then its signature is not checked again', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const issued = token(300);
    const first = verifier.verify(issued);
    expect(verifier.verify(issued)).toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('when a remembered token expires, then it is refused', () => {
    const issued = token(60);
    expect(verifier.verify(issued).subject).toBe('client-a');
    nowMs += (60 + config.clockToleranceSeconds - 1) * 1000;
    expect(verifier.verify(issued).subject).toBe('client-a');
    nowMs += 2000;
    expect(() => verifier.verify(issued)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
  });

  it('when a token is refused, then it is not remembered and is refused again', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const forged = `${token(300).slice(0, -4)}AAAA`;
    expect(() => verifier.verify(forged)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => verifier.verify(forged)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

describe('per-client state', () => {
  it('when two issuers name the same subject, then they are two clients', () => {
    const other: JwtConfig = { ...config, issuer: 'another-issuer' };
    const principal = (issuer: JwtConfig) =>
      new TokenVerifier(issuer).verify(mintToken(issuer, { subject: 'client-a', scopes: ['users:read'], ttlSeconds: 60 }));
    expect(clientKey(principal(config))).not.toBe(clientKey(principal(other)));
    expect(clientKey(principal(config))).toBe(clientKey(principal(config)));
  });
});
