import Stripe from 'stripe';
import type { RunningSimulator } from '../../../src/connections/adapter';
import { stripe as adapter } from '..';

/**
 * The official `stripe` SDK, unchanged, pointed at the simulator with its own options (`host`,
 * `port`, `protocol`; telemetry off, no retries): what it sends and reads is what Stripe serves.
 */
describe('the official stripe SDK against the simulator', () => {
  let simulator: RunningSimulator;
  let client: Stripe;
  const sdkFor = (apiKey: string) => {
    const { hostname, port } = new URL(simulator.baseUrl);
    return new Stripe(apiKey, { host: hostname, port: Number(port), protocol: 'http', telemetry: false, maxNetworkRetries: 0 });
  };
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    client = sdkFor((simulator.credentials as { secretKey: string }).secretKey);
  });
  afterAll(() => simulator.close());

  it('when it lists customers by email, then it gets the list object with the exact matches, newest first', async () => {
    const list = await client.customers.list({ email: 'shared.inbox@example.com', limit: 10 });
    expect(list.object).toBe('list');
    expect(list.data.map((customer) => customer.id)).toEqual(['cus_DemoShared00005', 'cus_DemoShared00004']);
    expect(list.has_more).toBe(false);
  });

  it('when it auto-paginates, then it walks every page with starting_after', async () => {
    const ids: string[] = [];
    for await (const customer of client.customers.list({ limit: 2 })) ids.push(customer.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids).toContain('cus_DemoEgle000001');
    expect(simulator.requests.filter((request) => request.query?.includes('starting_after')).length).toBeGreaterThan(0);
  });

  it('when it retrieves a customer, then it reads every field of the documented shape, and the request id', async () => {
    const customer = await client.customers.retrieve('cus_DemoEgle000001');
    if (customer.deleted) throw new Error('the demo person is not deleted');
    expect(customer).toMatchObject({ object: 'customer', email: 'egle.jankauskiene@example.com', address: { city: 'Vilnius', country: 'LT' } });
    expect(customer.lastResponse.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(customer.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
  });

  it('when it creates, updates and deletes a customer, then each answer is what Stripe answers, nested parameters included', async () => {
    const created = await client.customers.create({
      email: 'sdk.user@example.com',
      name: 'Sdk User',
      address: { line1: 'Gedimino pr. 2', city: 'Vilnius', country: 'LT' },
      metadata: { 'crm id': 'a b&c' },
      preferred_locales: ['lt', 'en'],
    });
    expect(created).toMatchObject({
      object: 'customer',
      address: { line1: 'Gedimino pr. 2', line2: null },
      metadata: { 'crm id': 'a b&c' },
      preferred_locales: ['lt', 'en'],
    });
    const updated = await client.customers.update(created.id, { phone: '+37060099999', metadata: { 'crm id': '' }, description: '' });
    expect(updated).toMatchObject({ phone: '+37060099999', metadata: {}, name: 'Sdk User', description: null });
    const deleted = await client.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: 'customer', deleted: true });
    const retrieved = await client.customers.retrieve(created.id);
    expect(retrieved.deleted).toBe(true);
  });

  it('when it asks for a customer that does not exist, then it raises StripeInvalidRequestError 404 resource_missing', async () => {
    const error = await client.customers.retrieve('cus_NoSuchCustomer01').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', requestId: expect.stringMatching(/^req_/) });
  });

  it('when its key is wrong, then it raises StripeAuthenticationError, and the message masks the key', async () => {
    const error = await sdkFor('sk_test_WrongKey0000000000000001')
      .customers.list()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401 });
    expect((error as Error).message).toContain('sk_test_*');
    expect((error as Error).message).not.toContain('WrongKey');
  });

  it('when it repeats a create with the same idempotency key, then the first customer is replayed, once created', async () => {
    const idempotencyKey = `sdk-replay-${Date.now()}`;
    const first = await client.customers.create({ email: 'replay@example.com' }, { idempotencyKey });
    const again = await client.customers.create({ email: 'replay@example.com' }, { idempotencyKey });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.requestId).not.toBe(again.lastResponse.requestId);
    expect((await client.customers.list({ email: 'replay@example.com' })).data).toHaveLength(1);
  });

  it('when it reuses an idempotency key with other parameters, then it raises StripeIdempotencyError', async () => {
    const idempotencyKey = `sdk-mismatch-${Date.now()}`;
    await client.customers.create({ email: 'first@example.com' }, { idempotencyKey });
    const error = await client.customers.create({ email: 'second@example.com' }, { idempotencyKey }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('when it searches by phone, then the search result pages with next_page', async () => {
    const result = await client.customers.search({ query: 'phone:"+37060012345"' });
    expect(result).toMatchObject({ object: 'search_result', has_more: false, next_page: null });
    expect(result.data.map((customer) => customer.id)).toEqual(['cus_DemoEgle000001']);
  });
});
