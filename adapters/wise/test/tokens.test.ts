import { Redis } from 'ioredis';
import supertest from 'supertest';
import { adapters } from '../../index';
import { createGateway, type Gateway } from '../../../src/gateway';
import { startHarness, type Harness } from '../../../test/support/harness';
import { TEST_REDIS_URL } from '../../../test/support/redis';
import { wise } from '..';
import { startWiseSimulator, type RunningWiseSimulator, type WiseSimulatorStartOptions } from '../simulator/server';
import type { TokenEvent } from '../simulator/tokens';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gateway with one Wise connection in front of its own simulator. */
async function wiseGateway(options: WiseSimulatorStartOptions = {}, redis = false) {
  const simulator = await startWiseSimulator(options);
  const harness = await startHarness({ connections: [{ adapter: wise, simulator }], redis });
  const auth = () => harness.bearer();
  let seen = 0;
  return {
    simulator,
    harness,
    read: (id: string, http = harness.http) => http.get(`/v1/users/wise:${id}`).set('Authorization', auth()),
    lookup: () => harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', auth()),
    async create(email: string): Promise<string> {
      const response = await harness.http.post('/v1/users').set('Authorization', auth()).send({ connection: 'wise', user: { email } });
      expect(response.status).toBe(201);
      return response.body.providerUserId as string;
    },
    /** Token events at the simulator since the last call. */
    newEvents(): TokenEvent[] {
      const events = simulator.tokens.events.slice(seen);
      seen = simulator.tokens.events.length;
      return events;
    },
    async close() {
      await harness.close();
      await simulator.close();
    },
  };
}
type WiseGateway = Awaited<ReturnType<typeof wiseGateway>>;

describe('Wise client-credentials token', () => {
  let wiseAt: WiseGateway;
  afterEach(() => wiseAt.close());

  it('when lookups run one after another, then one token serves them all', async () => {
    wiseAt = await wiseGateway();
    for (let i = 0; i < 3; i += 1) expect((await wiseAt.lookup()).body.connections.wise.status).toBe('ok');
    expect(wiseAt.newEvents()).toEqual(['client_credentials']);
  });

  it('when lookups run concurrently before any token exists, then one fetch serves them all', async () => {
    wiseAt = await wiseGateway();
    const responses = await Promise.all(Array.from({ length: 8 }, () => wiseAt.lookup()));
    expect(responses.map((response) => response.body.connections.wise.exists)).toEqual(Array(8).fill(true));
    expect(wiseAt.newEvents()).toEqual(['client_credentials']);
  });

  it('when the cached token is about to expire, then another is fetched before use and Wise never refuses one', async () => {
    wiseAt = await wiseGateway({ clientTokenLifetimeMs: 300 });
    await wiseAt.lookup();
    await sleep(280);
    expect((await wiseAt.lookup()).body.connections.wise.status).toBe('ok');
    expect(wiseAt.newEvents()).toEqual(['client_credentials', 'client_credentials']);
  });

  it('when Wise refuses the cached token early, then one new token is fetched and the call succeeds', async () => {
    wiseAt = await wiseGateway();
    await wiseAt.lookup();
    wiseAt.simulator.tokens.revokeClientTokens();
    expect((await wiseAt.lookup()).body.connections.wise.status).toBe('ok');
    expect(wiseAt.newEvents()).toEqual(['client_credentials', 'rejected', 'client_credentials']);
  });
});

// api-evangelist/wise openapi/wise-oauth-token-api-openapi.yml `token-response`: expires_in, expires_at,
// refresh_token_expires_in/_at and created_at, none required; fixtures/README.md.
describe("Wise token answers' expiry fields", () => {
  let wiseAt: WiseGateway;
  afterEach(() => wiseAt.close());

  it('when the client token answer says only expires_at, then the token is used and renewed by it', async () => {
    wiseAt = await wiseGateway({ tokenExpiryFields: 'timestamps', clientTokenLifetimeMs: 300 });
    expect((await wiseAt.lookup()).body.connections.wise.status).toBe('ok');
    await sleep(280);
    expect((await wiseAt.lookup()).body.connections.wise.status).toBe('ok');
    expect(wiseAt.newEvents()).toEqual(['client_credentials', 'client_credentials']);
  });

  it('when user token answers say only expires_at, refresh_token_expires_at and created_at, then the user token is kept and refreshed by them', async () => {
    wiseAt = await wiseGateway({ tokenExpiryFields: 'timestamps', userTokenLifetimeMs: 300 });
    const id = await wiseAt.create('timestamps.only@example.com');
    wiseAt.newEvents();
    expect((await wiseAt.read(id)).status).toBe(200);
    await sleep(280);
    expect((await wiseAt.read(id)).status).toBe(200);
    // Refreshed (never bought again): once, or twice when a loaded machine made the first read late in the 300 ms.
    const events = wiseAt.newEvents();
    expect(events).toContain('refresh_token');
    expect(new Set(events)).toEqual(new Set(['refresh_token']));
  });

  it('when token answers say only the seconds (expires_in), then they serve as before', async () => {
    wiseAt = await wiseGateway({ tokenExpiryFields: 'seconds' });
    const id = await wiseAt.create('seconds.only@example.com');
    expect((await wiseAt.read(id)).status).toBe(200);
    expect(wiseAt.newEvents()).toEqual(['client_credentials', 'registration_code']);
  });
});

describe('Wise user tokens', () => {
  let wiseAt: WiseGateway;
  afterEach(() => wiseAt.close());

  it('when a created user is read, then the token from its registration code is used, with no refresh', async () => {
    wiseAt = await wiseGateway();
    const id = await wiseAt.create('kept.token@example.com');
    expect((await wiseAt.read(id)).status).toBe(200);
    expect(wiseAt.newEvents()).toEqual(['client_credentials', 'registration_code']);
  });

  it('when the stored access token is about to expire, then it is refreshed before use and Wise never sees it refused', async () => {
    wiseAt = await wiseGateway({ userTokenLifetimeMs: 300 });
    const id = await wiseAt.create('short.lived@example.com');
    wiseAt.newEvents();
    await sleep(280);
    expect((await wiseAt.read(id)).status).toBe(200);
    // Refreshed (never bought again): once, or twice when a loaded machine made the first read late in the 300 ms.
    const events = wiseAt.newEvents();
    expect(events).toContain('refresh_token');
    expect(new Set(events)).toEqual(new Set(['refresh_token']));
  });

  it('when Wise refuses the stored token (someone refreshed it), then one refresh runs and the old token is never sent again', async () => {
    wiseAt = await wiseGateway();
    const id = await wiseAt.create('refreshed.elsewhere@example.com');
    wiseAt.newEvents();
    wiseAt.simulator.tokens.invalidateAccessTokens(Number(id));
    expect((await wiseAt.read(id)).status).toBe(200);
    expect((await wiseAt.read(id)).status).toBe(200);
    expect(wiseAt.newEvents()).toEqual(['rejected', 'refresh_token']);
  });

  it('when many reads of that user run concurrently after the token was refused, then exactly one refresh runs', async () => {
    wiseAt = await wiseGateway();
    const id = await wiseAt.create('busy.user@example.com');
    wiseAt.newEvents();
    wiseAt.simulator.tokens.invalidateAccessTokens(Number(id));
    const responses = await Promise.all(Array.from({ length: 8 }, () => wiseAt.read(id)));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(wiseAt.newEvents().filter((event) => event === 'refresh_token')).toEqual(['refresh_token']);
  });

  it('when Wise no longer takes the refresh token (the user reclaimed the account), then 403 forbidden and the tokens are dropped', async () => {
    wiseAt = await wiseGateway();
    const id = await wiseAt.create('reclaimed@example.com');
    wiseAt.simulator.tokens.revokeUser(Number(id));
    const response = await wiseAt.read(id);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'forbidden', providerError: { status: 401, code: 'invalid_grant' } });
    wiseAt.newEvents();
    expect((await wiseAt.read(id)).status).toBe(403);
    expect(wiseAt.newEvents()).not.toContain('refresh_token');
  });
});

describe('Wise user tokens in Redis', () => {
  let wiseAt: WiseGateway;
  let redis: Redis;
  let second: Gateway | undefined;
  beforeEach(async () => {
    wiseAt = await wiseGateway({}, true);
    redis = new Redis(TEST_REDIS_URL);
  });
  afterEach(async () => {
    await second?.close();
    second = undefined;
    redis.disconnect();
    await wiseAt.close();
  });
  const recordKey = (harness: Harness, id: string) => `${harness.gateway.config.redis!.keyPrefix}wise:user-tokens:wise:${id}`;

  it('when a user is created, then its tokens are stored sealed: no token Wise issued appears in the stored value', async () => {
    const id = await wiseAt.create('sealed@example.com');
    const stored = await redis.get(recordKey(wiseAt.harness, id));
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const issued = wiseAt.simulator.tokens.issuedTokens();
    expect(issued.length).toBeGreaterThan(1);
    expect(issued.filter((token) => stored!.includes(token))).toEqual([]);
  });

  it("when a sealed record is copied under another user's key, then it does not open and that user's read is refused, not served", async () => {
    const [first, other] = [await wiseAt.create('first@example.com'), await wiseAt.create('other@example.com')];
    await redis.set(recordKey(wiseAt.harness, other), (await redis.get(recordKey(wiseAt.harness, first)))!);
    const response = await wiseAt.read(other);
    expect(response.status).toBe(403);
    expect(wiseAt.harness.logs.some((line) => line.includes('does not open'))).toBe(true);
  });

  it('when two gateway instances share the store, then a user created on one reads on the other and one refresh serves both', async () => {
    const { logger } = wiseAt.harness.gateway;
    second = createGateway(wiseAt.harness.gateway.config, { adapters, logger, auditLogger: logger });
    await second.ready();
    const secondHttp = supertest(second.app);
    const id = await wiseAt.create('shared@example.com');
    expect((await wiseAt.read(id, secondHttp)).status).toBe(200);
    wiseAt.newEvents();
    wiseAt.simulator.tokens.invalidateAccessTokens(Number(id));
    const reads = Array.from({ length: 8 }, (_, index) => wiseAt.read(id, index % 2 ? secondHttp : wiseAt.harness.http));
    expect((await Promise.all(reads)).map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(wiseAt.newEvents().filter((event) => event === 'refresh_token')).toEqual(['refresh_token']);
  });
});
