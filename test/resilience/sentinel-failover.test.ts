import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { startSentinelGroup, type SentinelGroup } from '../support/redis-topology';
import { adapterWith, newUserRequest } from '../support/registry';

const adapter = adapterWith({ create: true });

/** A real master, replica and sentinel (started here); the gateway finds its master through sentinel. */
describe('Sentinel failover under writes', () => {
  let group: SentinelGroup | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    group = await startSentinelGroup();
    harness = await startHarness({ redis: { sentinel: { sentinels: group.sentinels, name: group.name } }, logLevel: 'warn', connections: [{ adapter }] });
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
    await group?.stop();
  });

  const creates = () => harness!.simulators[adapter.name]!.requests.filter((request) => request.method === 'POST').length;
  const create = (key: string, body: object) => harness!.http.post('/v1/users').set('Authorization', harness!.bearer()).set('Idempotency-Key', key).send(body);

  /** A repeat as a client makes it: a 503 says "retry shortly", so it does, for a while. */
  const repeat = async (key: string, body: object) => {
    let response = await create(key, body);
    for (let attempt = 0; response.status === 503 && attempt < 20; attempt += 1) {
      await delay(250);
      response = await create(key, body);
    }
    return response;
  };

  it('when sentinel fails the master over during keyed creates, then every acknowledged key replays and nothing is created twice', async () => {
    const acknowledged: Array<{ key: string; body: object }> = [];
    let writing = true;
    let sequence = 0;
    const writer = async () => {
      while (writing) {
        const key = `failover-${(sequence += 1)}`;
        const body = newUserRequest(adapter);
        const response = await create(key, body);
        if (response.status === 201) acknowledged.push({ key, body });
        // Refusals (503 while Redis switches) are not acknowledged; they are allowed, and paced.
        else await delay(20);
      }
    };
    const writers = Promise.all([writer(), writer()]);
    await delay(500);
    const before = acknowledged.length;
    await group!.failover();
    const duringFailover = acknowledged.length - before;
    await delay(1_000);
    writing = false;
    await writers;

    const created = creates();
    const repeats = await Promise.all(acknowledged.map(({ key, body }) => repeat(key, body)));
    const lost = repeats.filter((response) => response.status !== 201 || response.headers['idempotent-replayed'] !== 'true');
    expect({ acknowledgedDuringFailover: duringFailover > 0, lost: lost.length, createdAgain: creates() - created }).toEqual({
      acknowledgedDuringFailover: true,
      lost: 0,
      createdAgain: 0,
    });
  }, 90_000);
});
