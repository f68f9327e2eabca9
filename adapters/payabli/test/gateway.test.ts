import { expectCanonical, expectNoNeverReturnedKeys } from '../../../test/contract/suite';
import { startHarness, type ConnectionUnderTest, type Harness } from '../../../test/support/harness';
import { payabli } from '..';
import { startPayabliSimulator, type PayabliSimulatorStartOptions, type RunningPayabliSimulator } from '../simulator/server';
import type { PayabliUser } from '../types';

describe('Payabli through the gateway', () => {
  let harness: Harness;
  let simulator: RunningPayabliSimulator;
  beforeAll(async () => {
    simulator = await startPayabliSimulator();
    harness = await startHarness({ connections: [{ adapter: payabli, simulator }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  beforeEach(() => simulator.faults.clear());
  const auth = () => harness.bearer();
  const calls = () => simulator.requests.length;
  const lastCalls = (count: number) => simulator.requests.slice(-count).map(({ method, path }) => `${method} ${path}`);

  describe('GET /v1/users/{id}', () => {
    it('when the demo person is read, then every Payabli field lands in the canonical user', async () => {
      const response = await harness.http.get('/v1/users/payabli:1001').set('Authorization', auth());
      expect(response.status).toBe(200);
      expectCanonical(response.body);
      expect(response.body).toMatchObject({
        id: 'payabli:1001',
        email: 'egle.jankauskiene@example.com',
        phone: '+37060012345',
        name: { given: null, family: null, full: 'Egle Jankauskiene' },
        status: 'active',
        locale: 'lt',
        timezone: 'UTC+02:00',
        mfaEnabled: true,
        createdAt: '2023-03-14T09:26:53Z',
        lastLoginAt: '2024-11-02T18:05:00Z',
        extensions: { socialProvider: null, mfaMode: 1, additionalData: { crmId: 'CRM-1001' } },
      });
    });

    // The SDKs' mock answers: node `2022-07-01T15:00:01Z`, C# `2022-07-01T15:00:01.000Z` (seed users 1004 and 1006).
    it('when timestamps carry a zone (Z, or .000Z), then they map as the zone-less ones do', async () => {
      const zulu = await harness.http.get('/v1/users/payabli:1004').set('Authorization', auth());
      const fraction = await harness.http.get('/v1/users/payabli:1006').set('Authorization', auth());
      expect(zulu.body.createdAt).toBe('2022-02-28T12:00:00Z');
      expect(fraction.body.createdAt).toBe('2024-01-15T06:30:00Z');
    });

    it("when Payabli sends the user's social-login identifier and data, then neither reaches the client", async () => {
      const response = await harness.http.get('/v1/users/payabli:123').set('Authorization', auth());
      expect(response.status).toBe(200);
      expectNoNeverReturnedKeys(response.body);
      expect(response.text).not.toMatch(/109876543210987654321|simulated-social-token/);
    });

    it('when almost every Payabli field is null, then the canonical user is complete with nulls', async () => {
      const response = await harness.http.get('/v1/users/payabli:1002').set('Authorization', auth());
      expectCanonical(response.body);
      expect(response.body).toMatchObject({ status: null, phone: null, createdAt: null, extensions: { scope: expect.any(Array), access: null } });
    });

    it('when UsrStatus is undocumented, then status is null and the value is logged once', async () => {
      await harness.http.get('/v1/users/payabli:1006').set('Authorization', auth());
      const response = await harness.http.get('/v1/users/payabli:1006').set('Authorization', auth());
      expect(response.body.status).toBeNull();
      expect(harness.logs.filter((line) => line.includes('"field":"UsrStatus"'))).toHaveLength(1);
    });

    it.each(['12a', '-5', '1.5', '1234567890123456789'])('when the id is %s (not a Payabli integer id), then 400 invalid_user_id and no call', async (id) => {
      const before = calls();
      const response = await harness.http.get(`/v1/users/payabli:${id}`).set('Authorization', auth());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_user_id');
      expect(calls()).toBe(before);
    });

    it("when Payabli answers 'not found' as a 400, then 404 user_not_found with the provider's status", async () => {
      const response = await harness.http.get('/v1/users/payabli:424242').set('Authorization', auth());
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'user_not_found', providerError: { status: 400 } });
    });
  });

  describe('GET /v1/users?email= (lookup)', () => {
    it('when looking up by email, then the org list is asked with a bare email(eq) filter and a positive page size', async () => {
      const response = await harness.http.get('/v1/users?email=egle.jankauskiene%40example.com').set('Authorization', auth());
      expect(response.body.data.map((user: { id: string }) => user.id)).toEqual(['payabli:1001']);
      expect(simulator.urls.at(-1)).toBe('/api/Query/users/org/123?email(eq)=egle.jankauskiene%40example.com&fromRecord=0&limitRecord=20');
    });

    it('when the email holds & and =, then they stay inside the filter value and cannot add a parameter', async () => {
      const response = await harness.http.get(`/v1/users?email=${encodeURIComponent('a&limitRecord=0@example.com')}`).set('Authorization', auth());
      expect(response.body.connections.payabli).toMatchObject({ status: 'ok', count: 0 });
      expect(simulator.urls.at(-1)).toBe('/api/Query/users/org/123?email(eq)=a%26limitRecord%3D0%40example.com&fromRecord=0&limitRecord=20');
    });
  });

  describe('POST /v1/users', () => {
    const create = (user: object, extra: object = {}) =>
      harness.http
        .post('/v1/users')
        .set('Authorization', auth())
        .send({ connection: 'payabli', user, password: 'Secret-Password-22', ...extra });

    it("when Payabli gives the new id, then the user is read back by it with Payabli's forms translated", async () => {
      const response = await create({
        email: 'rosa.diaz@example.com',
        name: { given: 'Rosa', family: 'Díaz' },
        phone: '+12125550188',
        timezone: 'UTC-05:00',
        status: 'inactive',
        locale: 'es',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ name: { full: 'Rosa Díaz' }, phone: '+12125550188', timezone: 'UTC-05:00', status: 'inactive', locale: 'es' });
      expect(lastCalls(2)).toEqual(['POST /api/User', `GET /api/User/${response.body.providerUserId}`]);
    });

    // node sdk 0.0.114 `AdditionalData.d.ts`: Record<string, Record<string, unknown>>; the docs' example: string values.
    it('when additionalData has a string value and an object value, then Payabli stores both and the user reads them back', async () => {
      const additionalData = { crmId: 'CRM-2002', crm: { id: 'X1', tier: 2, vip: true } };
      const response = await create({ email: 'typed.data@example.com' }, { options: { additionalData } });
      expect(response.status).toBe(201);
      expect(response.body.extensions.additionalData).toEqual(additionalData);
    });

    it('when an additionalData object value nests another object or holds more than 20 entries, then 400 and Payabli is not called', async () => {
      const before = calls();
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`k${index}`, index]));
      expect((await create({ email: 'nested.data@example.com' }, { options: { additionalData: { crm: { inner: { deep: 1 } } } } })).status).toBe(400);
      expect((await create({ email: 'wide.data@example.com' }, { options: { additionalData: { crm: many } } })).status).toBe(400);
      expect(calls()).toBe(before);
    });

    it('when an additionalData value is longer than the 100 characters Payabli documents, then 400 and Payabli is not called', async () => {
      const before = calls();
      const response = await create({ email: 'long.data@example.com' }, { options: { additionalData: { note: 'x'.repeat(101) } } });
      expect(response.status).toBe(400);
      expect(calls()).toBe(before);
    });

    it("when Payabli rejects the password, then 400 carries Payabli's explanation and only its status and code", async () => {
      const response = await create({ email: 'weak.password@example.com' }, { password: 'alllowercase' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'invalid_request',
        detail: expect.stringMatching(/^Payabli: The password needs/),
        providerError: { status: 400, code: '3003' },
      });
    });

    it('when the email is already used, then 409 conflict', async () => {
      const response = await create({ email: 'egle.jankauskiene@example.com' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('conflict');
    });
  });

  describe('PATCH /v1/users/{id}', () => {
    it('when status, time zone and phone change, then Payabli is sent them and the user is read back', async () => {
      const response = await harness.http
        .patch('/v1/users/payabli:1004')
        .set('Authorization', auth())
        .send({ status: 'active', timezone: 'UTC+03:00', phone: '+34699111222' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'active', timezone: 'UTC+03:00', phone: '+34699111222' });
      expect(lastCalls(2)).toEqual(['PUT /api/User/1004', 'GET /api/User/1004']);
    });

    it('when only the family name changes, then 400 (Payabli keeps one name) and Payabli is not called', async () => {
      const before = calls();
      const response = await harness.http
        .patch('/v1/users/payabli:1004')
        .set('Authorization', auth())
        .send({ name: { family: 'Fernández-Ruiz' } });
      expect(response.status).toBe(400);
      expect(calls()).toBe(before);
    });
  });

  it('when deleting a user Payabli does not have, then 404 user_not_found', async () => {
    const response = await harness.http.delete('/v1/users/payabli:424242').set('Authorization', auth());
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('user_not_found');
  });

  describe('provider-only operations', () => {
    const setMfa = (userId: string, body: object, token = auth()) =>
      harness.http.put(`/v1/connections/payabli/users/${userId}/mfa`).set('Authorization', token).send(body);

    it('when MFA is turned on, then 204 and the user reads back with MFA and its mode', async () => {
      expect((await setMfa('1003', { mfa: true, mfaMode: 2 })).status).toBe(204);
      const read = await harness.http.get('/v1/users/payabli:1003').set('Authorization', auth());
      expect(read.body).toMatchObject({ mfaEnabled: true, extensions: { mfaMode: 2 } });
    });

    it('when MFA is set for a user Payabli does not have, then 404 user_not_found', async () => {
      expect((await setMfa('424242', { mfa: true, mfaMode: 1 })).status).toBe(404);
    });

    it('when the user id is not a Payabli id, then 400 and Payabli is not called', async () => {
      const before = calls();
      expect((await setMfa('abc', { mfa: true, mfaMode: 1 })).status).toBe(400);
      expect(calls()).toBe(before);
    });

    it('when the client lacks users:write, then 403 and Payabli is not called', async () => {
      const before = calls();
      expect((await setMfa('1003', { mfa: false, mfaMode: 0 }, harness.bearer(['users:read']))).status).toBe(403);
      expect(calls()).toBe(before);
    });

    it('when a password reset is asked for, then 202 and Payabli gets POST /User/authreset', async () => {
      const response = await harness.http
        .post('/v1/connections/payabli/password-reset')
        .set('Authorization', auth())
        .send({ email: 'marcus.reed@example.com' });
      expect(response.status).toBe(202);
      expect(lastCalls(1)).toEqual(['POST /api/User/authreset']);
    });

    it('when a password reset names an unknown email, then 404 user_not_found', async () => {
      const response = await harness.http.post('/v1/connections/payabli/password-reset').set('Authorization', auth()).send({ email: 'nobody@example.com' });
      expect(response.status).toBe(404);
    });

    it('when connections are listed, then Payabli shows both operations under its connection', async () => {
      const response = await harness.http.get('/v1/connections').set('Authorization', auth());
      const operations = response.body.data[0].capabilities.operations.map(({ method, path }: { method: string; path: string }) => `${method} ${path}`);
      expect(operations).toEqual(['PUT /v1/connections/payabli/users/{userId}/mfa', 'POST /v1/connections/payabli/password-reset']);
    });
  });
});

describe('Payabli connection variants', () => {
  /** A gateway in front of a simulator started with `options`, the connection config changed by `connection`. */
  async function gatewayFor(options: PayabliSimulatorStartOptions, connection: Pick<ConnectionUnderTest, 'credentials' | 'options'> = {}) {
    const simulator = await startPayabliSimulator(options);
    const harness = await startHarness({ connections: [{ adapter: payabli, simulator, ...connection }] });
    return { simulator, harness, close: () => harness.close().then(() => simulator.close()) };
  }
  const sharing = (count: number): PayabliUser[] =>
    Array.from({ length: count }, (_, index) => ({ userId: 5000 + index, Email: 'shared@example.com', Scope: [{ orgType: 0, orgId: 123 }] }));

  it("when the connection's token is an organization token, then 502 provider_error with the provider's 401", async () => {
    const { harness, close } = await gatewayFor(
      { organizationToken: 'org-token', credentials: { requestToken: 'app-token' } },
      { credentials: { requestToken: 'org-token' } },
    );
    try {
      const response = await harness.http.get('/v1/users/payabli:1001').set('Authorization', harness.bearer());
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'provider_error', providerError: { status: 401 } });
    } finally {
      await close();
    }
  });

  it('when a create is refused with HTTP 200 and isSuccess: false, then it is an error, not a 201', async () => {
    const { harness, close } = await gatewayFor({ errorsWithStatus200: true });
    try {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'payabli', user: { email: 'soft.fail@example.com' }, password: 'alllowercase' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_request', providerError: { status: 200, code: '3003' } });
    } finally {
      await close();
    }
  });

  it('when an update of a missing user answers HTTP 200 with isSuccess: false, then 404 and the user is not read back', async () => {
    const { harness, simulator, close } = await gatewayFor({ errorsWithStatus200: true });
    try {
      const response = await harness.http.patch('/v1/users/payabli:424242').set('Authorization', harness.bearer()).send({ locale: 'en' });
      expect(response.status).toBe(404);
      expect(simulator.requests.map(({ method }) => method)).toEqual(['PUT']);
    } finally {
      await close();
    }
  });

  // The SDKs type AddUserResponse.responseData `string` (node 0.0.114, C#); the docs' example answers null; node's AddUser mock has none.
  it.each([
    ['null', 'null'],
    ['absent', 'no responseData at all'],
    ['text', 'text that is no id'],
  ] as const)('when Payabli creates a user and says %s (%s), then the new user is found by its email', async (createdIdAs, _what) => {
    const { harness, simulator, close } = await gatewayFor({ createdIdAs });
    try {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'payabli', user: { email: 'no.id@example.com', name: { full: 'No Id' } }, password: 'Secret-Password-22' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ email: 'no.id@example.com', name: { full: 'No Id' }, id: expect.stringMatching(/^payabli:\d+$/) });
      expect(simulator.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /api/User', 'GET /api/Query/users/org/123']);
    } finally {
      await close();
    }
  });

  it('when Payabli answers the new id as a string of digits, then the user is read by it', async () => {
    const { harness, simulator, close } = await gatewayFor({ createdIdAs: 'digits' });
    try {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'payabli', user: { email: 'digits.id@example.com' }, password: 'Secret-Password-22' });
      expect(response.status).toBe(201);
      expect(simulator.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /api/User', `GET /api/User/${response.body.providerUserId}`]);
    } finally {
      await close();
    }
  });

  it('when Payabli gives no id and the connection has no orgId to search, then 502 provider_error', async () => {
    const { harness, close } = await gatewayFor({ createdIdAs: 'null' }, { options: { defaultRegion: 'US' } });
    try {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'payabli', user: { email: 'lost@example.com' }, options: { scope: [{ orgType: 0, orgId: 123 }] } });
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('provider_error');
    } finally {
      await close();
    }
  });

  it('when Payabli spells user keys in camelCase, then the canonical user is the same', async () => {
    const camel = await gatewayFor({ camelCaseReads: true });
    const documented = await gatewayFor({});
    try {
      const read = (harness: Harness) => harness.http.get('/v1/users/payabli:1001').set('Authorization', harness.bearer());
      expect((await read(camel.harness)).body).toEqual((await read(documented.harness)).body);
    } finally {
      await camel.close();
      await documented.close();
    }
  });

  it('when the connection has no orgId, then email lookup is unsupported and Payabli is not called', async () => {
    const { harness, simulator, close } = await gatewayFor({}, { options: { defaultRegion: 'US' } });
    try {
      const response = await harness.http.get('/v1/users?email=egle.jankauskiene%40example.com').set('Authorization', harness.bearer());
      expect(response.body.connections.payabli).toEqual({ status: 'unsupported' });
      expect(simulator.requests).toEqual([]);
    } finally {
      await close();
    }
  });

  it('when the connection names an entry and level, then user reads carry them', async () => {
    const { harness, simulator, close } = await gatewayFor({}, { options: { orgId: 123, entry: 'pilgrim-planner', level: 2 } });
    try {
      await harness.http.get('/v1/users/payabli:1001').set('Authorization', harness.bearer());
      expect(simulator.urls).toEqual(['/api/User/1001?entry=pilgrim-planner&level=2']);
    } finally {
      await close();
    }
  });

  it('when more users share an email than fit a page, then the lookup reads page after page', async () => {
    const { harness, simulator, close } = await gatewayFor({ seed: sharing(45) });
    try {
      const response = await harness.http.get('/v1/users?email=shared%40example.com').set('Authorization', harness.bearer());
      expect(response.body.connections.payabli).toMatchObject({ status: 'ok', count: 45 });
      expect(simulator.urls.map((url) => /fromRecord=(\d+)&limitRecord=(\d+)/.exec(url)!.slice(1).join('+'))).toEqual(['0+20', '20+20', '40+20']);
    } finally {
      await close();
    }
  });

  it('when an email matches more users than the paging bound, then the lookup stops there with provider_error', async () => {
    const { harness, simulator, close } = await gatewayFor({ seed: sharing(101) });
    try {
      const response = await harness.http.get('/v1/users?email=shared%40example.com').set('Authorization', harness.bearer());
      expect(response.body.connections.payabli).toMatchObject({ status: 'error', error: { code: 'provider_error' } });
      expect(simulator.requests).toHaveLength(5);
    } finally {
      await close();
    }
  });
});
