import { startHarness, type Harness } from '../../../test/support/harness';
import { stripe } from '..';
import { STRIPE_API_VERSION } from '../auth';
import errorBody from '../fixtures/error-resource-missing.json';
import { stripeErrorSchema } from '../schema';
import { startStripeSimulator, type RunningStripeSimulator } from '../simulator/server';

const EGLE = 'cus_DemoEgle000001';

describe('Stripe through the gateway', () => {
  let harness: Harness;
  let simulator: RunningStripeSimulator;
  beforeAll(async () => {
    simulator = await startStripeSimulator();
    harness = await startHarness({ connections: [{ adapter: stripe, simulator, options: { defaultRegion: 'US' } }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  beforeEach(() => simulator.faults.clear());
  const get = (path: string) => harness.http.get(path).set('Authorization', harness.bearer());
  const last = () => simulator.received.at(-1)!;
  const post = (body: object, key?: string) => {
    const request = harness.http.post('/v1/users').set('Authorization', harness.bearer());
    return (key ? request.set('Idempotency-Key', key) : request).send({ connection: 'stripe', ...body });
  };

  it('when reading, then every call carries the pinned Stripe-Version (the official SDK 23.2.0 pin)', async () => {
    await get(`/v1/users/stripe:${EGLE}`);
    expect(last()).toMatchObject({ method: 'GET', path: `/v1/customers/${EGLE}`, stripeVersion: '2026-11-18.endive' });
    expect(STRIPE_API_VERSION).toBe('2026-11-18.endive');
  });

  it('when looking up an email written with capitals, then the exact and the lower-case spellings are both asked (the filter is case-sensitive)', async () => {
    const response = await get('/v1/users?email=Egle.Jankauskiene@example.com&connections=stripe');
    expect(response.body.data.map((user: { id: string }) => user.id)).toEqual([`stripe:${EGLE}`]);
    const emails = simulator.received.slice(-2).map((request) => (request.params as { email: string }).email);
    expect(emails.sort()).toEqual(['Egle.Jankauskiene@example.com', 'egle.jankauskiene@example.com']);
  });

  it('when an email belongs to two customers, then both come back (Stripe keeps emails unique nowhere)', async () => {
    const response = await get('/v1/users?email=shared.inbox@example.com&connections=stripe');
    expect(response.body.connections.stripe).toMatchObject({ status: 'ok', count: 2 });
  });

  it('when looking up a phone, then search is asked for the quoted number and only exact E.164 matches come back', async () => {
    const response = await get(`/v1/users?phone=${encodeURIComponent('+12125550147')}&connections=stripe`);
    // The demo's national number (212) 555-0147 is stored as typed: search matches words, so it is not found.
    expect(response.body.connections.stripe).toMatchObject({ status: 'ok', count: 0 });
    expect(last()).toMatchObject({ path: '/v1/customers/search', params: { query: 'phone:"+12125550147"' } });
    const found = await get(`/v1/users?phone=${encodeURIComponent('+37060012345')}&connections=stripe`);
    expect(found.body.data.map((user: { id: string }) => user.id)).toEqual([`stripe:${EGLE}`]);
  });

  it('when creating, then the parameters go form-encoded with bracket nesting, and the answer (200 at Stripe) is 201', async () => {
    const response = await post({
      user: {
        email: 'form@example.com',
        name: { full: 'Form Person' },
        address: { line1: 'Pylimo g. 4', postalCode: 'LT-01117', country: 'LT' },
        locale: 'lt',
      },
      options: { metadata: { 'crm id': 'a b&c' } },
    });
    expect(response.status).toBe(201);
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/v1/customers',
      contentType: 'application/x-www-form-urlencoded',
      params: {
        email: 'form@example.com',
        name: 'Form Person',
        address: { line1: 'Pylimo g. 4', postal_code: 'LT-01117', country: 'LT' },
        preferred_locales: ['lt'],
        metadata: { 'crm id': 'a b&c' },
      },
    });
    expect(response.body).toMatchObject({ address: { line1: 'Pylimo g. 4', city: null, country: 'LT' }, extensions: { metadata: { 'crm id': 'a b&c' } } });
  });

  it("when a create has an Idempotency-Key, then Stripe is sent one made unique to the client and connection, never the client's own", async () => {
    await post({ user: { email: 'keyed@example.com' } }, 'client-key-1');
    const forwarded = last().idempotencyKey;
    expect(forwarded).toMatch(/^usergate-[\w-]{43}$/);
    expect(forwarded).not.toContain('client-key-1');
    await post({ user: { email: 'keyed.other@example.com' } }, 'client-key-2');
    expect(last().idempotencyKey).not.toBe(forwarded);
  });

  it('when two clients send the same Idempotency-Key, then Stripe is sent two different keys', async () => {
    const create = (subject: string) =>
      harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer('all', { subject }))
        .set('Idempotency-Key', 'shared-key')
        .send({ connection: 'stripe', user: { email: `${subject}@example.com` } });
    await create('client-a');
    const first = last().idempotencyKey;
    await create('client-b');
    expect(last().idempotencyKey).not.toBe(first);
  });

  it('when a create has no Idempotency-Key, then none is sent', async () => {
    await post({ user: { email: 'unkeyed@example.com' } });
    expect(last().idempotencyKey).toBeUndefined();
  });

  it('when patching one address part, then the current address is read and sent back whole with the change', async () => {
    const response = await harness.http
      .patch(`/v1/users/stripe:${EGLE}`)
      .set('Authorization', harness.bearer())
      .send({ address: { city: 'Kaunas' } });
    expect(response.body.address).toEqual({ line1: 'Gedimino pr. 1', city: 'Kaunas', postalCode: 'LT-01103', state: null, country: 'LT' });
    expect(response.body.extensions.addressLine2).toBe('butas 4');
    expect(simulator.received.slice(-2).map(({ method, path }) => `${method} ${path}`)).toEqual([`GET /v1/customers/${EGLE}`, `POST /v1/customers/${EGLE}`]);
  });

  it('when patching a removal, then Stripe is sent the empty value that unsets it', async () => {
    const created = await post({ user: { email: 'to.clear@example.com', phone: '+37060000001' } });
    const response = await harness.http.patch(`/v1/users/${created.body.id}`).set('Authorization', harness.bearer()).send({ phone: null });
    expect(last().params).toEqual({ phone: '' });
    expect(response.body.phone).toBeNull();
  });

  it('when reading a deleted customer, then it is a user with status deleted, as Stripe keeps answering for it', async () => {
    const response = await get('/v1/users/stripe:cus_DemoGone000006');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'deleted', email: null });
  });

  it('when patching or deleting a deleted customer, then 404 user_not_found', async () => {
    expect((await harness.http.patch('/v1/users/stripe:cus_DemoGone000006').set('Authorization', harness.bearer()).send({ locale: 'en' })).status).toBe(404);
    expect((await harness.http.delete('/v1/users/stripe:cus_DemoGone000006').set('Authorization', harness.bearer())).status).toBe(404);
  });

  it("when the customer does not exist, then 404 user_not_found carries Stripe's code, and the documented 404 body holds against the schema", async () => {
    expect(stripeErrorSchema.validate(errorBody).error).toBeUndefined();
    const response = await get('/v1/users/stripe:cus_NoSuchCustomer01');
    expect(response.body).toMatchObject({ code: 'user_not_found', providerError: { status: 404, code: 'resource_missing' } });
  });

  it("when Stripe refuses a call, then the problem names Stripe's Request-Id, for a ticket to Stripe's support", async () => {
    const response = await get('/v1/users/stripe:cus_NoSuchCustomer01');
    expect(response.body.providerError.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
  });

  it('when the base URL points where Stripe has no such route, then 502 provider_error, not a missing user', async () => {
    const elsewhere = await startHarness({ connections: [{ adapter: stripe, simulator: { ...simulator, baseUrl: `${simulator.baseUrl}/elsewhere` } }] });
    try {
      const response = await elsewhere.http.get(`/v1/users/stripe:${EGLE}`).set('Authorization', elsewhere.bearer());
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'provider_error', providerError: { status: 404 } });
    } finally {
      await elsewhere.close();
    }
  });

  it('when Stripe refuses a call, then the log has its Request-Id, and no line holds the key, an email or a phone', async () => {
    await get('/v1/users/stripe:cus_NoSuchCustomer01');
    const logs = harness.logs.join('\n');
    expect(logs).toMatch(/"stripeRequestId":"req_[A-Za-z0-9]{14}"/);
    const secrets = [(simulator.credentials as { secretKey: string }).secretKey, 'egle.jankauskiene@example.com', '+37060012345', 'form@example.com'];
    expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
  });
});

describe('Stripe lookups past the page bound', () => {
  it('when more customers share an email than 5 pages of 100 hold, then the lookup stops there, says so in the log, and the answer keeps to its cap', async () => {
    const seed = Array.from({ length: 501 }, (_, index) => ({
      id: `cus_Same${String(index).padStart(10, '0')}`,
      object: 'customer',
      created: 1700000000 + index,
      livemode: false,
      email: 'same@example.com',
    }));
    const simulator = await startStripeSimulator({ seed });
    const harness = await startHarness({ connections: [{ adapter: stripe, simulator }] });
    try {
      const response = await harness.http.get('/v1/users?email=same@example.com').set('Authorization', harness.bearer());
      expect(response.body.connections.stripe).toMatchObject({ status: 'ok', count: 100, truncated: true });
      expect(simulator.received.filter((request) => request.path === '/v1/customers')).toHaveLength(5);
      expect(harness.logs.some((line) => line.includes('lookup stopped at the page limit'))).toBe(true);
    } finally {
      await harness.close();
      await simulator.close();
    }
  });
});
