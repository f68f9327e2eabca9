import { adapters } from '../../../adapters';
import { ConfigError, parseConfig } from '../../../src/config/load';

const configWith = (rebilly: Record<string, unknown>) => ({
  auth: { jwt: { secret: 'x'.repeat(32), audience: 'a', issuer: 'i' } },
  connections: { rebilly: { adapter: 'rebilly', baseUrl: 'https://api-sandbox.rebilly.com/organizations/org_1', ...rebilly } },
});
const problemsOf = (rebilly: Record<string, unknown>) => {
  try {
    parseConfig(configWith(rebilly), adapters, {});
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('Rebilly connection config', () => {
  it('when the credentials hold an API key, then the connection is valid with the default page size', () => {
    const config = parseConfig(configWith({ credentials: { apiKey: 'sk_live_123' } }), adapters, {});
    expect(config.connections.rebilly!.options).toEqual({ pageSize: 100, mfa: 'read' });
  });

  it('when mfa is neither read nor skip, then the config is refused', () => {
    expect(problemsOf({ credentials: { apiKey: 'sk_live_123' }, options: { mfa: 'sometimes' } })).toEqual([
      'connections.rebilly.options.mfa: must be one of [read, skip]',
    ]);
  });

  it('when the credentials hold both an API key and a JWT, then the config is refused without their values', () => {
    const problems = problemsOf({ credentials: { apiKey: 'sk_live_123', jwt: 'aaa.bbb.ccc' } });
    expect(problems).toEqual(['connections.rebilly.credentials: must have apiKey or jwt, not both']);
  });

  it('when the credentials hold neither, then the config is refused', () => {
    expect(problemsOf({ credentials: {} })).toEqual(['connections.rebilly.credentials: must have apiKey or jwt']);
  });

  it('when the JWT is not a JWT or defaultRegion no country, then each is refused by key', () => {
    expect(problemsOf({ credentials: { jwt: 'not a token' }, options: { defaultRegion: 'XX' } })).toEqual([
      'connections.rebilly.credentials.jwt: is not a valid JWT',
      'connections.rebilly.options.defaultRegion: must be an ISO 3166-1 alpha-2 country code',
    ]);
  });
});
