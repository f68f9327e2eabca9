import axios from 'axios';
import jwt from 'jsonwebtoken';
import { startRebillySimulator, type RebillySimulator } from '../simulator/server';

const ULID_USER_ID = /^usr_[0-9A-HJKMNP-TV-Z]{26}$/;

describe('Rebilly simulator', () => {
  let simulator: RebillySimulator;
  let apiKey: string;
  beforeAll(async () => {
    simulator = await startRebillySimulator();
    apiKey = (simulator.credentials as { apiKey: string }).apiKey;
  });
  afterAll(() => simulator.close());

  const send = (method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; base?: string } = {}) =>
    axios.request({
      method,
      url: `${options.base ?? simulator.baseUrl}${path}`,
      data: options.body,
      headers: options.headers ?? { 'REB-APIKEY': apiKey },
      validateStatus: () => true,
    });

  describe('auth', () => {
    it('when no credentials are sent, then 401 with a problem-details body', async () => {
      const response = await send('GET', '/users', { headers: {} });
      expect(response.status).toBe(401);
      expect(response.data).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: expect.any(String) });
    });

    it('when both REB-APIKEY and a bearer token are sent, then 401', async () => {
      const response = await send('GET', '/users', { headers: { 'REB-APIKEY': apiKey, authorization: 'Bearer a.b.c' } });
      expect(response.status).toBe(401);
    });

    it('when the JWT was signed with another key, then 401', async () => {
      const forged = jwt.sign({ sub: 'x' }, 'another-secret-another-secret-00', { expiresIn: 60 });
      expect((await send('GET', '/users', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    });

    it('when started in JWT mode, then its JWT is accepted', async () => {
      const jwtSimulator = await startRebillySimulator({ auth: 'jwt' });
      try {
        const { jwt: token } = jwtSimulator.credentials as { jwt: string };
        const response = await axios.get(`${jwtSimulator.baseUrl}/users/usr_01JDEMOEGLE0000000000000001`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.data.email).toBe('egle.jankauskiene@example.com');
      } finally {
        await jwtSimulator.close();
      }
    });

    it('when the path names another organization, then 403', async () => {
      const origin = new URL(simulator.baseUrl).origin;
      expect((await send('GET', '/organizations/org_other/users', { base: origin })).status).toBe(403);
    });

    it('when the path names no organization, then the key default organization is served', async () => {
      const origin = new URL(simulator.baseUrl).origin;
      expect((await send('GET', '/users/usr_01JDEMOEGLE0000000000000001', { base: origin })).status).toBe(200);
    });
  });

  describe('lists', () => {
    it('when listing with limit and offset, then a bare array comes with the Pagination headers', async () => {
      const response = await send('GET', '/users?limit=2&offset=2&sort=createdTime');
      expect(Array.isArray(response.data)).toBe(true);
      expect(response.data.map((user: { id: string }) => user.id)).toEqual(['usr_01JDEMOEGLE0000000000000001', 'usr_01JDEMOJONAS000000000000001']);
      expect(response.headers).toMatchObject({ 'pagination-total': '6', 'pagination-limit': '2', 'pagination-offset': '2' });
    });

    it('when filtering by status with OR and negation, then only the matching users come back', async () => {
      const response = await send('GET', `/users?filter=${encodeURIComponent('status:active,inactive;country:!LT')}`);
      expect(response.data.map((user: { email: string }) => user.email).sort()).toEqual([
        'former.admin@example.com',
        'support.desk@example.com',
        'user@example.com',
      ]);
    });

    it('when q is given, then names and emails are searched partially', async () => {
      const response = await send('GET', '/users?q=kazlausk');
      expect(response.data.map((user: { id: string }) => user.id)).toEqual(['usr_01JG7B2C9D4E6F8H0J2K4M6N8P']);
    });

    it('when filtering by a field the users list does not know, then 400', async () => {
      expect((await send('GET', '/users?filter=password:x')).status).toBe(400);
    });

    it('when limit is above 1000, then 400', async () => {
      expect((await send('GET', '/users?limit=1001')).status).toBe(400);
    });

    // Rebilly/api-definitions openapi/components/parameters/collectionLimit.yaml: integer, minimum 0, maximum 1000, no default.
    it('when no limit is sent, then none is recorded (the spec has no default) and the simulator serves its page of 100', async () => {
      const before = simulator.receivedLists.length;
      const response = await send('GET', '/users');
      expect(simulator.receivedLists.slice(before)).toEqual([{ filter: [], offset: 0 }]);
      expect(response.headers['pagination-limit']).toBe('100');
    });

    it('when limit is 0 (the minimum), then it is taken and no user comes back', async () => {
      const response = await send('GET', '/users?limit=0');
      expect(response.status).toBe(200);
      expect(response.data).toEqual([]);
    });

    it("when listing, then no user carries the 2022 API's password or TOTP fields, though a record has them", async () => {
      const response = await send('GET', '/users?limit=1000');
      expect(response.data.length).toBeGreaterThan(1);
      for (const user of response.data as Record<string, unknown>[]) {
        expect(Object.keys(user)).not.toEqual(expect.arrayContaining(['password']));
        expect(user).not.toHaveProperty('password');
        expect(user).not.toHaveProperty('totpRequired');
        expect(user).not.toHaveProperty('totpSecret');
        expect(user).not.toHaveProperty('totpUrl');
      }
    });
  });

  describe('users', () => {
    // Rebilly/api-definitions 567109d (2023-09-11) removed password, totpRequired, totpSecret and totpUrl from User.yaml.
    it('when reading the documented example, then it comes as the current User schema has it: no password nor TOTP fields', async () => {
      const response = await send('GET', '/users/4f6cf35x-2c4y-483z-a0a9-158621f77a21');
      expect(response.data).toMatchObject({ email: 'user@example.com', computedPermissions: expect.any(Array) });
      for (const field of ['password', 'totpRequired', 'totpSecret', 'totpUrl']) expect(response.data).not.toHaveProperty(field);
      expect(response.data._links).toEqual([{ href: `${simulator.baseUrl}/users/4f6cf35x-2c4y-483z-a0a9-158621f77a21`, rel: 'self' }]);
    });

    it('when creating, then 201 with a usr_ ULID id, a Location and a pending user', async () => {
      const response = await send('POST', '/users', { body: { email: 'new.sim@example.com', firstName: 'New', lastName: 'User', status: 'active' } });
      expect(response.status).toBe(201);
      expect(response.data.id).toMatch(ULID_USER_ID);
      expect(response.headers.location).toBe(`${simulator.baseUrl}/users/${response.data.id}`);
      expect(response.data.status).toBe('pending-confirmation');
    });

    it('when required fields are missing or too long, then 422 lists each invalid field', async () => {
      const response = await send('POST', '/users', { body: { email: 'x@example.com', firstName: 'x'.repeat(46) } });
      expect(response.status).toBe(422);
      expect(response.data.invalidFields.map((invalid: { field: string }) => invalid.field)).toEqual(['firstName', 'lastName']);
    });

    it('when the email is already in use, then 422 names the email', async () => {
      const response = await send('POST', '/users', { body: { email: 'EGLE.jankauskiene@example.com', firstName: 'A', lastName: 'B' } });
      expect(response.status).toBe(422);
      expect(response.data.invalidFields).toEqual([{ field: 'email', message: expect.any(String) }]);
    });

    it('when PUT names an id that does not exist, then it creates it (201), and a second PUT updates it (200)', async () => {
      const body = { email: 'upserted@example.com', firstName: 'Up', lastName: 'Serted' };
      const created = await send('PUT', '/users/my-second-key', { body });
      expect(created.status).toBe(201);
      const updated = await send('PUT', '/users/my-second-key', { body: { ...body, lastName: 'Again' } });
      expect(updated.status).toBe(200);
      expect(updated.data).toMatchObject({ id: 'my-second-key', lastName: 'Again', createdTime: created.data.createdTime });
    });

    // openapi/paths/users@{id}@mfa.yaml → ProfileMfa: status active|inactive, type duo|otp|null, lastAuthTime, _links.
    it("when reading MFA, then it is the user's enrolment as ProfileMfa, with its self link", async () => {
      const response = await send('GET', '/users/usr_01JDEMOEGLE0000000000000001/mfa');
      expect(response.data).toEqual({
        status: 'active',
        type: 'otp',
        lastAuthTime: '2025-03-14T07:45:10Z',
        _links: [{ href: `${simulator.baseUrl}/users/usr_01JDEMOEGLE0000000000000001/mfa`, rel: 'self' }],
      });
    });

    it("when a user's record says totpRequired: true but it has no MFA enrolment, then MFA is inactive (it is not derived from the body)", async () => {
      const response = await send('GET', '/users/4f6cf35x-2c4y-483z-a0a9-158621f77a21/mfa');
      expect(response.data).toMatchObject({ status: 'inactive', type: null, lastAuthTime: null });
    });
  });
});

describe('Rebilly simulator options', () => {
  it("when legacyUserFields is on, then a read of one user carries the 2022 API's fields its record has, and a list still does not", async () => {
    const simulator = await startRebillySimulator({ legacyUserFields: true });
    const headers = { 'REB-APIKEY': (simulator.credentials as { apiKey: string }).apiKey };
    try {
      const one = await axios.get(`${simulator.baseUrl}/users/4f6cf35x-2c4y-483z-a0a9-158621f77a21`, { headers });
      expect(one.data).toMatchObject({ password: 'pa$$word', totpRequired: true, totpSecret: 'string', totpUrl: 'string' });
      const list = await axios.get(`${simulator.baseUrl}/users`, { headers });
      expect(JSON.stringify(list.data)).not.toContain('pa$$word');
    } finally {
      await simulator.close();
    }
  });

  it('when legacy errors are on, then a 422 carries an error string and invalidFields as a map', async () => {
    const simulator = await startRebillySimulator({ legacyErrors: true });
    try {
      const response = await axios.post(
        `${simulator.baseUrl}/users`,
        { email: 'x@example.com' },
        {
          headers: { 'REB-APIKEY': (simulator.credentials as { apiKey: string }).apiKey },
          validateStatus: () => true,
        },
      );
      expect(response.status).toBe(422);
      expect(response.data).toEqual({ error: expect.any(String), invalidFields: { firstName: expect.any(String), lastName: expect.any(String) } });
    } finally {
      await simulator.close();
    }
  });

  it('when a quota is set, then writes past it get 429 with X-RateLimit-Retry-After, and reads are not counted', async () => {
    const simulator = await startRebillySimulator({ quota: { requests: 1, windowSeconds: 60 } });
    try {
      const headers = { 'REB-APIKEY': (simulator.credentials as { apiKey: string }).apiKey };
      const put = () =>
        axios.put(`${simulator.baseUrl}/users/quota-user`, { email: 'q@example.com', firstName: 'Q', lastName: 'U' }, { headers, validateStatus: () => true });
      expect((await put()).status).toBe(201);
      expect((await axios.get(`${simulator.baseUrl}/users/quota-user`, { headers })).status).toBe(200);
      const limited = await put();
      expect(limited.status).toBe(429);
      expect(limited.data).toMatchObject({ title: 'Rate Limit Exceeded', status: 429 });
      expect(Number(limited.headers['x-ratelimit-retry-after']) - Date.now() / 1000).toBeGreaterThan(50);
    } finally {
      await simulator.close();
    }
  });
});
