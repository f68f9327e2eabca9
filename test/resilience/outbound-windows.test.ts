import { adapters } from '../../adapters';
import { OutboundLimiter, pacedBelow, type Quota } from '../../src/resilience/outbound-limit';

/** Calls let through at once, until the limiter first asks to wait. */
async function burst(limiter: OutboundLimiter, cap: number): Promise<number> {
  let sent = 0;
  while (sent < cap && (await limiter.delayMs()) === 0) sent += 1;
  return sent;
}

/**
 * Calls let through when a client sends as fast as it may, second by second (time is faked), over
 * the longest window of the quota: what each second let through.
 */
async function sendFlatOut(quotas: readonly Quota[]): Promise<number[]> {
  const longest = Math.max(...quotas.map((quota) => quota.perSeconds));
  const cap = Math.max(...quotas.map((quota) => quota.requests)) + 1;
  const limiter = new OutboundLimiter('pacing-test', quotas);
  const perSecond: number[] = [];
  for (let second = 0; second < longest; second += 1) {
    perSecond.push(await burst(limiter, cap));
    jest.advanceTimersByTime(1_000);
  }
  return perSecond;
}

describe('outbound pacing over several windows', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('when calls would exceed a short window, then the limiter asks to wait less than that window', async () => {
    const limiter = new OutboundLimiter('two-windows', [
      { requests: 5, perSeconds: 1 },
      { requests: 8, perSeconds: 60 },
    ]);
    expect(await burst(limiter, 100)).toBe(5);
    const wait = await limiter.delayMs();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1_000);
  });

  it('when the long window is spent, then the limiter asks to wait for it even though the short one has room', async () => {
    const limiter = new OutboundLimiter('two-windows', [
      { requests: 5, perSeconds: 1 },
      { requests: 8, perSeconds: 60 },
    ]);
    expect(await burst(limiter, 100)).toBe(5);
    jest.advanceTimersByTime(1_000);
    expect(await burst(limiter, 100)).toBe(3);
    jest.advanceTimersByTime(1_000);
    const wait = await limiter.delayMs();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  const declaring = adapters.filter((adapter) => (adapter.quotas ?? []).length > 0);

  it.each(declaring.map((adapter) => [adapter.name, adapter.quotas ?? []] as const))(
    'when %s is called flat out, then no window of its declared quota gets more than 90% of it',
    async (_name, quotas) => {
      const paced = pacedBelow(quotas);
      const perSecond = await sendFlatOut(paced);
      for (const window of paced) {
        for (let start = 0; start + window.perSeconds <= perSecond.length; start += 1) {
          const inWindow = perSecond.slice(start, start + window.perSeconds).reduce((sum, count) => sum + count, 0);
          expect(inWindow).toBeLessThanOrEqual(window.requests);
        }
      }
      // Paced, not starved: the tightest window is filled.
      const total = perSecond.reduce((sum, count) => sum + count, 0);
      const longest = Math.max(...paced.map((window) => window.perSeconds));
      const allowed = Math.min(...paced.map((window) => window.requests * Math.ceil(longest / window.perSeconds)));
      expect(total).toBe(allowed);
    },
  );
});
