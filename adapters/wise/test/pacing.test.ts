import { pacedBelow } from '../../../src/resilience/outbound-limit';
import { startHarness, type Harness } from '../../../test/support/harness';
import { wise } from '..';
import { DOCUMENTED_RATE_LIMIT } from '../simulator/rate-limit';
import { startWiseSimulator, type RunningWiseSimulator } from '../simulator/server';

describe('Wise pacing', () => {
  it("when the adapter declares its quota, then it is both of Wise's windows, as its simulator enforces them", () => {
    expect(wise.quotas).toEqual([
      { requests: DOCUMENTED_RATE_LIMIT.perSecond, perSeconds: 1 },
      { requests: DOCUMENTED_RATE_LIMIT.perMinute, perSeconds: 60 },
    ]);
  });

  // NOTE: the minute window scaled down so that a test spends it in seconds; Wise's own second window.
  describe('a per-second and a per-minute window (100 a second, 30 a minute)', () => {
    const limit = { perSecond: DOCUMENTED_RATE_LIMIT.perSecond, perMinute: 30 };
    let simulator: RunningWiseSimulator;
    let harness: Harness;
    beforeAll(async () => {
      simulator = await startWiseSimulator({ rateLimit: limit });
      const outboundLimit = pacedBelow([
        { requests: limit.perSecond, perSeconds: 1 },
        { requests: limit.perMinute, perSeconds: 60 },
      ]);
      harness = await startHarness({ connections: [{ adapter: wise, simulator, timeouts: { totalMs: 2_000 }, settings: { outboundLimit, retries: 0 } }] });
    });
    afterAll(async () => {
      await harness.close();
      await simulator.close();
    });

    it('when reads go on past the minute window, then the gateway holds them back and Wise never answers 429', async () => {
      const statuses: Array<{ status: number; origin?: string }> = [];
      for (let index = 0; index < 40; index += 1) {
        const response = await harness.http.get('/v1/users/wise:5001').set('Authorization', harness.bearer());
        statuses.push({ status: response.status, origin: response.body.origin as string | undefined });
      }
      expect(statuses.filter(({ status }) => status === 200)).toHaveLength(27);
      expect(statuses.filter(({ status }) => status !== 200).every(({ status, origin }) => status === 429 && origin === 'gateway')).toBe(true);
    });
  });
});
