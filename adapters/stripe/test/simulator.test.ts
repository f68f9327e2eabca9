import { stripeForm } from '../form';
import { stripeCustomerListSchema, stripeErrorSchema, stripeSearchResultSchema } from '../schema';
import { startStripeSimulator, type RunningStripeSimulator } from '../simulator/server';

describe('Stripe simulator', () => {
  let simulator: RunningStripeSimulator;
  let key: string;
  beforeAll(async () => {
    simulator = await startStripeSimulator();
    key = (simulator.credentials as { secretKey: string }).secretKey;
  });
  afterAll(() => simulator.close());

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${simulator.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });
  const json = async (path: string, init?: RequestInit) => (await call(path, init)).json() as Promise<Record<string, unknown>>;
  const post = (path: string, params: object, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', body: stripeForm(params), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  const search = async (query: string) => json(`/v1/customers/search?${stripeForm({ query, limit: 100 })}`);
  const ids = (body: Record<string, unknown>) => (body.data as { id: string }[]).map((customer) => customer.id);

  it('when a request has no key, then 401 says how to give one; with a wrong key it masks all but its last four characters', async () => {
    const none = await fetch(`${simulator.baseUrl}/v1/customers`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('You did not provide an API key');
    const wrong = await fetch(`${simulator.baseUrl}/v1/customers`, { headers: { authorization: 'Bearer sk_test_abcdefghijklmnop1234' } });
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe('Invalid API Key provided: sk_test_****************1234');
  });

  it('when the key comes as HTTP Basic with an empty password, then it is accepted', async () => {
    const response = await fetch(`${simulator.baseUrl}/v1/customers`, { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
    expect(response.status).toBe(200);
  });

  it('when any request is answered, then it has a Request-Id and echoes Stripe-Version, in either form', async () => {
    for (const version of ['2026-11-18.endive', '2023-08-16']) {
      const response = await call('/v1/customers', { headers: { 'stripe-version': version } });
      expect(response.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{14}$/);
      expect(response.headers.get('stripe-version')).toBe(version);
    }
  });

  it('when listing, then customers come newest first, 10 by default, with has_more and a cursor that pages on', async () => {
    const first = await json('/v1/customers?limit=2');
    expect(stripeCustomerListSchema.validate(first).error).toBeUndefined();
    expect(first).toMatchObject({ object: 'list', url: '/v1/customers', has_more: true });
    const next = await json(`/v1/customers?limit=2&starting_after=${ids(first)[1]!}`);
    const back = await json(`/v1/customers?limit=2&ending_before=${ids(next)[0]!}`);
    expect(ids(back)).toEqual(ids(first));
  });

  it('when listing with a limit out of 1..100 or an unknown parameter, then 400 names the parameter', async () => {
    expect((await json('/v1/customers?limit=101')).error).toMatchObject({ param: 'limit', type: 'invalid_request_error' });
    expect((await json('/v1/customers?nickname=x')).error).toMatchObject({ param: 'nickname', code: 'parameter_unknown' });
  });

  it('when listing by email, then the match is exact and case-sensitive; by created, the range applies', async () => {
    expect(ids(await json('/v1/customers?email=EGLE.JANKAUSKIENE@example.com'))).toEqual([]);
    expect(ids(await json('/v1/customers?email=egle.jankauskiene@example.com'))).toEqual(['cus_DemoEgle000001']);
    expect(ids(await json('/v1/customers?created[gte]=1700000000&created[lt]=1700000100'))).toEqual(['cus_DemoShared00004']);
  });

  it('when searching, then string clauses match words in order in any case, ~ a substring, - negates, and AND or OR join', async () => {
    expect(ids(await search('name:"jankauskienė"'))).toEqual(['cus_DemoEgle000001']);
    expect(ids(await search('email~"shared.inbox" AND -name:"north"'))).toEqual(['cus_DemoShared00005']);
    expect(ids(await search('metadata["crmId"]:"CRM-1001" OR phone:"+34 612 34 56 78"')).sort()).toEqual(['cus_DemoEgle000001', 'cus_DemoLucia000003']);
  });

  it('when a search mixes AND and OR, misses its quotes, or tries to break out of them, then 400 names the query', async () => {
    for (const query of ['name:"a" AND name:"b" OR name:"c"', 'name:jenny', 'phone:"+1\\" OR email:"x"']) {
      const body = await search(query);
      expect(stripeErrorSchema.validate(body).error).toBeUndefined();
      expect(body.error).toMatchObject({ param: 'query' });
    }
  });

  it('when a search has more results than its limit, then next_page pages on until has_more is false', async () => {
    const first = await json(`/v1/customers/search?${stripeForm({ query: 'created>0', limit: 2 })}`);
    expect(stripeSearchResultSchema.validate(first).error).toBeUndefined();
    expect(first).toMatchObject({ object: 'search_result', has_more: true, next_page: expect.any(String) });
    const second = await json(`/v1/customers/search?${stripeForm({ query: 'created>0', limit: 2, page: first.next_page })}`);
    expect(ids(second)).not.toEqual(ids(first));
  });

  it('when updating metadata, then keys merge, an empty value unsets one key and an empty metadata all of them', async () => {
    const created = (await (await post('/v1/customers', { metadata: { a: '1', b: '2' } })).json()) as { id: string };
    expect(await (await post(`/v1/customers/${created.id}`, { metadata: { b: '', c: '3' } })).json()).toMatchObject({ metadata: { a: '1', c: '3' } });
    expect(await (await post(`/v1/customers/${created.id}`, { metadata: '' })).json()).toMatchObject({ metadata: {} });
  });

  it('when updating an address, then it is replaced whole: parts not sent become null', async () => {
    const created = (await (await post('/v1/customers', { address: { line1: 'A 1', city: 'Vilnius' } })).json()) as { id: string };
    expect(await (await post(`/v1/customers/${created.id}`, { address: { city: 'Kaunas' } })).json()).toMatchObject({
      address: { line1: null, city: 'Kaunas' },
    });
  });

  it('when a create sends a parameter Stripe has but the simulator does not model, then 400 says so rather than ignoring it', async () => {
    expect(await (await post('/v1/customers', { shipping: { name: 'X' } })).json()).toMatchObject({
      error: { param: 'shipping', type: 'invalid_request_error' },
    });
  });

  it('when a route does not exist, then 404 in Stripe’s error shape names the request line', async () => {
    const body = await json('/v1/customer');
    expect(body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/customer)') });
  });

  it('when the fault knobs play a 429, then the body is Stripe’s rate-limit error', async () => {
    simulator.faults.set({ rateLimitRate: 1, count: 1 });
    const response = await call('/v1/customers');
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
  });
});
