import { readRebillyRateLimit } from '../rate-limit';

const now = Date.UTC(2024, 3, 15, 13, 24, 0);
const inAMinute = String(now / 1000 + 60);

describe("Rebilly's rate-limit headers", () => {
  it('when X-RateLimit-Retry-After holds a unix timestamp, then the wait is the time left until it', () => {
    expect(readRebillyRateLimit({ 'x-ratelimit-retry-after': inAMinute, 'x-ratelimit-limit': '3000', 'x-ratelimit-remaining': '0' }, now)).toEqual({
      limit: 3000,
      remaining: 0,
      resetAt: now / 1000 + 60,
      retryAfterSeconds: 60,
    });
  });

  it('when only Retry-After is sent, then it is read as delta-seconds', () => {
    expect(readRebillyRateLimit({ 'retry-after': '7' }, now).retryAfterSeconds).toBe(7);
  });

  it("when both are sent, then Rebilly's own header wins", () => {
    expect(readRebillyRateLimit({ 'x-ratelimit-retry-after': inAMinute, 'retry-after': '7' }, now).retryAfterSeconds).toBe(60);
  });

  it('when the reset time has already passed, then the wait is zero', () => {
    expect(readRebillyRateLimit({ 'x-ratelimit-retry-after': String(now / 1000 - 5) }, now).retryAfterSeconds).toBe(0);
  });

  it('when X-RateLimit-Retry-After is not a timestamp, then it is ignored', () => {
    expect(readRebillyRateLimit({ 'x-ratelimit-retry-after': 'soon' }, now)).toEqual({});
  });
});
