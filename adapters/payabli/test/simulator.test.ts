import axios from 'axios';
import documented from '../fixtures/user-123.json';
import { startPayabliSimulator, type RunningPayabliSimulator } from '../simulator/server';

const as = (simulator: RunningPayabliSimulator, token = (simulator.credentials as { requestToken: string }).requestToken) =>
  axios.create({ baseURL: simulator.baseUrl, headers: { requestToken: token }, validateStatus: () => true });

describe('Payabli simulator', () => {
  let simulator: RunningPayabliSimulator;
  let payabli: ReturnType<typeof as>;
  beforeAll(async () => {
    simulator = await startPayabliSimulator();
    payabli = as(simulator);
  });
  afterAll(() => simulator.close());
  const emails = (records: Array<{ Email: string }>) => records.map((record) => record.Email);

  describe('tokens', () => {
    it('when there is no requestToken, then 401 with an isSuccess: false envelope', async () => {
      const response = await axios.get(`${simulator.baseUrl}/User/123`, { validateStatus: () => true });
      expect(response.status).toBe(401);
      expect(response.data).toMatchObject({ isSuccess: false, responseText: 'Unauthorized' });
    });

    it('when an organization token manages a user, then it is refused: an application token is needed', async () => {
      const response = await as(simulator, simulator.organizationToken).get('/User/123');
      expect(response.status).toBe(401);
      expect(response.data.responseData.explanation).toMatch(/application token/);
    });

    it('when an organization token lists users, then it is served (reporting takes organization tokens)', async () => {
      expect((await as(simulator, simulator.organizationToken).get('/Query/users/org/123')).status).toBe(200);
    });
  });

  // C# sdk 1.0.9 Token/TokenClient.cs + Types/PayabliAccessTokenResponse.cs; C# GetUserTest.cs sends Authorization without requestToken.
  describe('OAuth server-side tokens', () => {
    let client: { clientId: string; clientSecret: string };
    beforeAll(async () => {
      const oauth = await startPayabliSimulator({ auth: 'clientCredentials' });
      client = oauth.credentials as typeof client;
      await oauth.close();
    });
    const withClient = async <T>(use: (running: RunningPayabliSimulator) => Promise<T>) => {
      const running = await startPayabliSimulator({ credentials: client });
      try {
        return await use(running);
      } finally {
        await running.close();
      }
    };
    const buy = (running: RunningPayabliSimulator, body: object) => axios.post(`${running.baseUrl}/v2/Token/serverside`, body, { validateStatus: () => true });

    it('when started with an OAuth client, then it hands out that client id and secret as the credentials', async () => {
      await withClient(async (running) => expect(running.credentials).toEqual(client));
    });

    it('when a client id and secret are posted as JSON, with no other credential, then a bearer token comes back and the state is echoed', async () => {
      await withClient(async (running) => {
        const response = await buy(running, { ...client, state: 'xyz' });
        expect(response.status).toBe(200);
        expect(response.data).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600, state: 'xyz' });
      });
    });

    it('when the bearer token is sent alone, then a user is served as with an application token', async () => {
      await withClient(async (running) => {
        const { access_token: token } = (await buy(running, client)).data as { access_token: string };
        const response = await axios.get(`${running.baseUrl}/User/1001`, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true });
        expect(response.status).toBe(200);
        expect(response.data.userId).toBe(1001);
      });
    });

    it('when one OAuth client buys a second token, then the per-token limit still counts both as one client', async () => {
      const limited = await startPayabliSimulator({ credentials: client, requestsPerMinute: 1 });
      try {
        const tokens = await Promise.all([buy(limited, client), buy(limited, client)]);
        const read = (token: string) =>
          axios.get(`${limited.baseUrl}/User/1001`, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true });
        const [first, second] = tokens.map((response) => (response.data as { access_token: string }).access_token);
        expect((await read(first!)).status).toBe(200);
        expect((await read(second!)).status).toBe(429);
      } finally {
        await limited.close();
      }
    });

    it('when the secret is wrong, then 400 with an isSuccess: false envelope; an unknown bearer token is 401', async () => {
      await withClient(async (running) => {
        expect((await buy(running, { clientId: client.clientId, clientSecret: 'wrong' })).status).toBe(400);
        const response = await axios.get(`${running.baseUrl}/User/1001`, { headers: { authorization: 'Bearer not-issued' }, validateStatus: () => true });
        expect(response.status).toBe(401);
        expect(response.data).toMatchObject({ isSuccess: false, responseText: 'Unauthorized' });
      });
    });
  });

  describe('reads', () => {
    it('when a user is read, then it comes back in the documented PascalCase shape', async () => {
      const response = await payabli.get('/User/123');
      expect(response.status).toBe(200);
      expect({ ...response.data, snIdentifier: null, snData: null }).toEqual(documented);
    });

    it('when the user does not exist, then 400 whose body says it was not found', async () => {
      const response = await payabli.get('/User/424242');
      expect(response.status).toBe(400);
      expect(response.data).toMatchObject({ isSuccess: false, responseText: 'Record not found' });
    });

    it('when started with camelCaseReads, then user records come back with camelCase keys', async () => {
      const camel = await startPayabliSimulator({ camelCaseReads: true });
      try {
        expect(Object.keys((await as(camel).get('/User/1001')).data)).toEqual(expect.arrayContaining(['email', 'usrStatus', 'additionalData']));
      } finally {
        await camel.close();
      }
    });
  });

  describe('user lists', () => {
    it('when filtering email(eq), then the match ignores case', async () => {
      const response = await payabli.get('/Query/users/org/123?email(eq)=EGLE.Jankauskiene@example.com');
      expect(emails(response.data.Records)).toEqual(['egle.jankauskiene@example.com']);
    });

    it('when filtering name(ct), then users whose name contains the text match', async () => {
      const response = await payabli.get('/Query/users/org/123?name(ct)=reed');
      expect(emails(response.data.Records)).toEqual(['marcus.reed@example.com']);
    });

    it('when filtering status(in) with a | list, then users with any of those statuses match', async () => {
      const response = await payabli.get('/Query/users/org/123?status(in)=0|85');
      expect(emails(response.data.Records)).toEqual(['marcus.reed@example.com', 'lucia.fernandez@example.com']);
    });

    it('when a filter name has the wrong case, then it is silently ignored', async () => {
      const response = await payabli.get('/Query/users/org/123?Email(eq)=nobody@example.com');
      expect(response.data.Summary.totalRecords).toBe(7);
    });

    it('when paging, then fromRecord and limitRecord pick the page and Summary counts them all', async () => {
      const response = await payabli.get('/Query/users/org/123?fromRecord=2&limitRecord=2');
      expect(response.data.Records.map((record: { userId: number }) => record.userId)).toEqual([1002, 1003]);
      expect(response.data.Summary).toEqual({ pageIdentifier: null, pageSize: 2, totalPages: 4, totalRecords: 7 });
    });

    it('when limitRecord is 0, then every record comes back at once', async () => {
      const response = await payabli.get('/Query/users/org/123?limitRecord=0');
      expect(response.data.Records).toHaveLength(7);
    });
  });

  describe('writes', () => {
    it('when a user is created in camelCase, then it reads back in PascalCase with a zone-less UTC createdAt', async () => {
      const created = await payabli.post('/User', { email: 'sim.new@example.com', name: 'Sim New', scope: [{ orgType: 0, orgId: 123 }], usrStatus: 1 });
      expect(created.data).toEqual({ isSuccess: true, responseText: 'Success', responseData: expect.any(Number) });
      const read = await payabli.get(`/User/${created.data.responseData}`);
      expect(read.data).toMatchObject({
        Email: 'sim.new@example.com',
        Name: 'Sim New',
        UsrStatus: 1,
        Scope: [{ orgType: 0, orgId: 123, orgEntry: 'pilgrim-planner' }],
      });
      expect(read.data.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    });

    it('when a create is written in the read casing, then the keys are not read and the email is missing', async () => {
      const response = await payabli.post('/User', { Email: 'pascal@example.com', scope: [{ orgType: 0, orgId: 123 }] });
      expect(response.status).toBe(400);
      expect(response.data).toMatchObject({ isSuccess: false, responseCode: 3003, responseData: { explanation: 'email is required.' } });
    });

    it('when usrStatus is not 0, 1 or 85, then 400 with responseCode 3006', async () => {
      const response = await payabli.put('/User/1003', { usrStatus: -99 });
      expect(response.data).toMatchObject({ isSuccess: false, responseCode: 3006 });
    });

    it.each([
      ['null', { responseData: null }],
      ['absent', {}],
      ['digits', { responseData: expect.stringMatching(/^\d+$/) }],
      ['text', { responseData: 'Success' }],
    ] as const)('when started with createdIdAs %s, then create answers responseData so', async (createdIdAs, responseData) => {
      const silent = await startPayabliSimulator({ createdIdAs });
      try {
        const response = await as(silent).post('/User', { email: 'quiet@example.com', scope: [{ orgType: 0, orgId: 123 }] });
        expect(response.data).toEqual({ isSuccess: true, responseText: 'Success', ...responseData });
      } finally {
        await silent.close();
      }
    });

    it('when additionalData has an object value, as the SDKs type it, then it is stored and read back as sent', async () => {
      const additionalData = { crm: { id: 'X1', tier: 2 }, source: 'web' };
      const created = await payabli.post('/User', { email: 'typed@example.com', scope: [{ orgType: 0, orgId: 123 }], additionalData });
      expect(created.data).toMatchObject({ isSuccess: true });
      expect((await payabli.get(`/User/${created.data.responseData}`)).data.AdditionalData).toEqual(additionalData);
    });

    it('when an additionalData value is longer than 100 characters, then 400 with responseCode 3003', async () => {
      const response = await payabli.post('/User', {
        email: 'long@example.com',
        scope: [{ orgType: 0, orgId: 123 }],
        additionalData: { note: 'x'.repeat(101) },
      });
      expect(response.data).toMatchObject({ isSuccess: false, responseCode: 3003 });
    });

    it('when started with errorsWithStatus200, then a rejection is HTTP 200 with isSuccess: false', async () => {
      const soft = await startPayabliSimulator({ errorsWithStatus200: true });
      try {
        const response = await as(soft).get('/User/424242');
        expect(response.status).toBe(200);
        expect(response.data.isSuccess).toBe(false);
      } finally {
        await soft.close();
      }
    });
  });

  it('when a token goes over its requests per minute, then 429 with Retry-After', async () => {
    const limited = await startPayabliSimulator({ requestsPerMinute: 1 });
    try {
      expect((await as(limited).get('/User/123')).status).toBe(200);
      const refused = await as(limited).get('/User/123');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
