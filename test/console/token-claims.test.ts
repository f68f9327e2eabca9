import jwt from 'jsonwebtoken';
import { canSeePii, readTokenClaims } from '../../src/console/client/token-claims';

const sign = (claims: Record<string, unknown>) => jwt.sign(claims, 'not-verified-here', { subject: 'ops-žana', expiresIn: 600 });

describe('token claims, read for display', () => {
  it('when a token carries scopes, connections and a subject, then they are read as the gateway reads them', () => {
    const claims = readTokenClaims(sign({ scope: 'users:read users:pii', connections: ['northpay'] }));
    expect(claims).toMatchObject({ subject: 'ops-žana', scopes: ['users:read', 'users:pii'], connections: ['northpay'] });
    expect(claims?.expiresAt).toBeInstanceOf(Date);
  });

  it('when a token carries a tenant and the tenants it may pick, then both are read', () => {
    expect(readTokenClaims(sign({ tenant: 'acme', tenants: ['acme', 'globex'] }))).toMatchObject({ tenant: 'acme', tenants: ['acme', 'globex'] });
  });

  it('when a token carries no tenant claims, then it acts in the default tenant and may pick none', () => {
    expect(readTokenClaims(sign({ scope: 'users:read' }))).toMatchObject({ tenant: 'default', tenants: [] });
  });

  it('when the token has users:pii, then PII fields are expected', () => {
    expect(canSeePii(readTokenClaims(sign({ scope: ['users:read', 'users:pii'] })))).toBe(true);
  });

  it('when the token lacks users:pii, then PII fields are known to be withheld', () => {
    expect(canSeePii(readTokenClaims(sign({ scope: 'users:read' })))).toBe(false);
  });

  it('when the token is not a JWT, then there are no claims', () => {
    expect(readTokenClaims('not-a-token')).toBeNull();
  });
});
