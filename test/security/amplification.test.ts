import fc from 'fast-check';
import { adapters } from '../../adapters';
import { ANSWER_LIMITS } from '../../src/limits';
import { startHarness, type Harness } from '../support/harness';

/** The demo person every simulator knows (docs/demo-data.md). */
const EMAIL = 'egle.jankauskiene@example.com';
const VIEWS = ['/v1/users', '/v1/people'] as const;

/** Whatever the connection list, an answer stays within what its caps allow: well under this. */
const ANSWER_BYTES_BOUND = 1024 * 1024;

describe('one request cannot make the gateway build an answer that grows with its input', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  const upstreamCalls = () => Object.values(harness.simulators).reduce((sum, simulator) => sum + simulator.requests.length, 0);
  const lookup = (view: string, connections: string) =>
    harness.http.get(`${view}?email=${EMAIL}&connections=${connections}`).set('Authorization', harness.bearer());

  describe.each(VIEWS)('%s', (view) => {
    it('when a connection is named a thousand times, then 400 names it and no provider is called', async () => {
      const name = adapters[0]!.name;
      const before = upstreamCalls();
      const response = await lookup(view, Array.from({ length: 1000 }, () => name).join(','));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_request');
      expect(response.body.detail).toContain(`"${name}"`);
      expect(upstreamCalls()).toBe(before);
    });

    it('when a connection is named twice, then 400', async () => {
      const name = adapters[0]!.name;
      expect((await lookup(view, `${name},${name}`)).status).toBe(400);
    });

    it(`when more than ${ANSWER_LIMITS.connectionsPerRequest} connections are named, then 400`, async () => {
      const names = Array.from({ length: ANSWER_LIMITS.connectionsPerRequest + 1 }, (_, index) => `c${index}`);
      const response = await lookup(view, names.join(','));
      expect(response.status).toBe(400);
      expect(response.body.detail).toContain(String(ANSWER_LIMITS.connectionsPerRequest));
    });
  });

  describe('property: random connection lists (repeated, mixed-case, unknown names)', () => {
    const known = () => harness.gateway.connections.list().map((connection) => connection.name);
    const name = fc.oneof(
      fc.constantFrom(...adapters.map((adapter) => adapter.name)),
      fc.constantFrom(...adapters.map((adapter) => adapter.name.toUpperCase())),
      fc.constantFrom(...adapters.map((adapter) => `${adapter.name[0]!.toUpperCase()}${adapter.name.slice(1)}`)),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    );
    // Known names alone too: a list of them is often valid, and often names one twice, which only the repeat check refuses.
    const knownNames = fc.constantFrom(...adapters.map((adapter) => adapter.name));
    const lists = fc.oneof(fc.array(name, { minLength: 1, maxLength: 80 }), fc.array(knownNames, { minLength: 1, maxLength: 2 * adapters.length }));

    it.each(VIEWS)(
      'when %s is asked with any list, then it is 200 within the caps or 400, and never calls a connection twice',
      async (view) => {
        await fc.assert(
          fc.asyncProperty(lists, async (names) => {
            const before = upstreamCalls();
            const response = await lookup(view, names.join(','));
            const calls = upstreamCalls() - before;
            const valid =
              names.length <= ANSWER_LIMITS.connectionsPerRequest &&
              new Set(names).size === names.length &&
              names.every((candidate) => known().includes(candidate));
            expect(response.status).toBe(valid ? 200 : 400);
            expect(response.text.length).toBeLessThan(ANSWER_BYTES_BOUND);
            if (!valid) {
              expect(calls).toBe(0);
              return;
            }
            expect(Object.keys(response.body.connections).sort()).toEqual([...names].sort());
            expect(calls).toBeLessThanOrEqual(names.length * 2);
            const accounts = view === '/v1/users' ? response.body.data : response.body.accounts;
            expect(accounts.length).toBeLessThanOrEqual(ANSWER_LIMITS.accounts);
            if (view === '/v1/people') {
              const links = response.body.data.flatMap((person: { links: unknown[] }) => person.links);
              expect(links.length).toBeLessThanOrEqual(ANSWER_LIMITS.links);
              expect(response.body.candidates.length).toBeLessThanOrEqual(ANSWER_LIMITS.candidates);
            }
          }),
          { numRuns: 40 },
        );
      },
      120_000,
    );
  });
});

/**
 * More accounts than an answer may carry: one person at many connections of one adapter (all on
 * one simulator), so that every account links to every other.
 */
describe('when a lookup finds more accounts than an answer may carry', () => {
  const copies = ANSWER_LIMITS.accounts + 10;
  let harness: Harness;
  beforeAll(async () => {
    const adapter = await adapterThatFinds(EMAIL);
    const simulator = await adapter.startSimulator();
    harness = await startHarness({
      connections: Array.from({ length: copies }, (_, index) => ({ adapter, simulator, name: `copy-${index}` })),
    });
    afterAllClose.push(() => simulator.close());
  }, 60_000);
  const afterAllClose: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await harness.close();
    await Promise.all(afterAllClose.map((close) => close()));
  });

  it('then the fan-out carries the first accounts up to the cap and marks the connections it cut', async () => {
    const response = await harness.http.get(`/v1/users?email=${EMAIL}`).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(ANSWER_LIMITS.accounts);
    const outcomes = Object.values(response.body.connections) as { count: number; truncated?: boolean }[];
    expect(outcomes).toHaveLength(copies);
    expect(outcomes.filter((outcome) => outcome.truncated)).toHaveLength(copies - ANSWER_LIMITS.accounts);
    expect(outcomes.reduce((sum, outcome) => sum + outcome.count, 0)).toBe(ANSWER_LIMITS.accounts);
  });

  it('then the people view lists links and candidates up to their caps and says what it left out', async () => {
    const response = await harness.http.get(`/v1/people?email=${EMAIL}`).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.accounts).toHaveLength(ANSWER_LIMITS.accounts);
    expect(response.body.data).toHaveLength(1);
    expect(response.body.data[0].accounts).toHaveLength(ANSWER_LIMITS.accounts);
    expect(response.body.data[0].links).toHaveLength(ANSWER_LIMITS.links);
    expect(response.body.truncated).toEqual(['accounts', 'links']);
  });
});

/** The first adapter whose demo data answers a lookup of this email with an account. */
async function adapterThatFinds(email: string) {
  const probe = await startHarness();
  try {
    for (const adapter of adapters) {
      const response = await probe.http.get(`/v1/users?email=${email}&connections=${adapter.name}`).set('Authorization', probe.bearer());
      if (response.body.data?.length === 1) return adapter;
    }
    throw new Error(`no adapter's demo data has ${email}`);
  } finally {
    await probe.close();
  }
}
