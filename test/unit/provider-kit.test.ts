import { accessTokenExpiry, refreshTokenExpiry, renewalTime } from '../../src/provider-kit/token-answer';

const NOW = Date.parse('2025-04-11T00:00:00Z');

describe('provider kit: token answer expiry', () => {
  it('when only expires_in is given, then the token expires that many seconds from now', () => {
    expect(accessTokenExpiry({ access_token: 't', expires_in: 3600 }, NOW)).toBe(NOW + 3_600_000);
  });

  it('when expires_at and expires_in disagree, then expires_at wins', () => {
    expect(accessTokenExpiry({ access_token: 't', expires_in: 43199, expires_at: '2025-04-11T00:10:00.000Z' }, NOW)).toBe(NOW + 600_000);
  });

  it("when created_at comes with expires_at, then the lifetime between them counts from this machine's now (a skewed provider clock cancels out)", () => {
    const skewedByAnHour = { access_token: 't', created_at: '2025-04-11T01:00:00.12345Z', expires_at: '2025-04-11T01:10:00.12345Z', expires_in: 43199 };
    expect(accessTokenExpiry(skewedByAnHour, NOW)).toBe(NOW + 600_000);
  });

  it('when expires_at is already past and created_at is absent, then expires_in is used instead', () => {
    expect(accessTokenExpiry({ access_token: 't', expires_at: '2025-04-10T00:00:00Z', expires_in: 60 }, NOW)).toBe(NOW + 60_000);
  });

  it('when expires_at is not a timestamp and there is no expires_in, then the expiry is unknown', () => {
    expect(accessTokenExpiry({ access_token: 't', expires_at: 'soon' }, NOW)).toBeUndefined();
  });

  it('when the refresh token has refresh_token_expires_at, then it wins over refresh_token_expires_in', () => {
    const answer = { access_token: 't', refresh_token_expires_in: 628639555, refresh_token_expires_at: '2045-03-12T13:49:23.552Z' };
    expect(refreshTokenExpiry(answer, NOW)).toBe(Date.parse('2045-03-12T13:49:23.552Z'));
  });

  it('when a token lives twelve hours, then it is renewed a minute early; when it lives five minutes, then thirty seconds early', () => {
    expect(renewalTime(NOW + 12 * 3_600_000, NOW)).toBe(NOW + 12 * 3_600_000 - 60_000);
    expect(renewalTime(NOW + 300_000, NOW)).toBe(NOW + 270_000);
  });
});
