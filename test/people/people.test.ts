import { startHarness, type Harness } from '../support/harness';

/** The person view over the demo data of every simulator (docs/demo-data.md). */
describe('GET /v1/people', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  const people = (query: string, scopes: Parameters<Harness['bearer']>[0] = 'all') =>
    harness.http.get(`/v1/people?${query}`).set('Authorization', harness.bearer(scopes));

  describe('Eglė Jankauskienė, in all four providers', () => {
    let body: Record<string, any>;
    beforeAll(async () => {
      const response = await people('email=egle.jankauskiene@example.com');
      expect(response.status).toBe(200);
      body = response.body;
    });

    it('when searched by email, then her three readable accounts are one person, linked with high confidence', () => {
      expect(body.data).toHaveLength(1);
      expect(body.data[0]).toMatchObject({
        confidence: 'high',
        accounts: ['payabli:1001', 'paysera:1001', 'rebilly:usr_01JDEMOEGLE0000000000000001'],
      });
    });

    it('when linked, then every link gives its reasons', () => {
      for (const link of body.data[0].links) expect(link.reasons).toEqual(['same email', 'same E.164 phone']);
    });

    it('when Wise only says that an account exists, then it is attached to her as an account elsewhere', () => {
      expect(body.data[0].elsewhere).toEqual([{ connection: 'wise', provider: 'wise', matchedBy: 'email' }]);
      expect(body.connections.wise).toMatchObject({ status: 'ok', exists: true, count: 0 });
    });

    it('when the providers disagree on her name, then the conflict is listed with each origin, not resolved', () => {
      expect(body.data[0].record['name.full']).toEqual({
        value: null,
        conflict: [
          {
            value: 'Eglė Jankauskienė',
            account: 'paysera:1001',
            connection: 'paysera',
            providerField: 'display_name',
            transform: 'else identity.name + identity.surname',
          },
          {
            value: 'Eglė Jankauskienė',
            account: 'rebilly:usr_01JDEMOEGLE0000000000000001',
            connection: 'rebilly',
            providerField: 'firstName + lastName',
            transform: 'joined',
          },
          {
            value: 'Egle Jankauskiene',
            account: 'payabli:1001',
            connection: 'payabli',
            providerField: 'Name',
            transform: 'one name: never split into given and family',
          },
        ],
      });
    });

    it('when the providers agree, then the value comes with every provider field it came from', () => {
      expect(body.data[0].record.phone).toEqual({
        value: '+37060012345',
        sources: [
          { account: 'paysera:1001', connection: 'paysera', providerField: 'phone', transform: 'country code and number → E.164 (+ prefix)' },
          {
            account: 'rebilly:usr_01JDEMOEGLE0000000000000001',
            connection: 'rebilly',
            providerField: 'mobilePhone',
            transform: 'else businessPhone; E.164 with the connection’s defaultRegion',
          },
          { account: 'payabli:1001', connection: 'payabli', providerField: 'Phone', transform: 'national number → E.164 with the connection’s defaultRegion' },
        ],
      });
      expect(body.data[0].record.nationalId).toMatchObject({
        value: '48804120123',
        sources: [{ account: 'paysera:1001', connection: 'paysera', providerField: 'identity.code' }],
      });
    });

    it('when the person is merged, then account-level facts (status, timestamps) stay on the accounts', () => {
      expect(Object.keys(body.data[0].record)).not.toEqual(expect.arrayContaining(['createdAt']));
      expect(body.accounts).toHaveLength(3);
    });
  });

  it('when Jonas Petraitis is searched, then his two accounts stay apart and are shown as a candidate pair naming the phone', async () => {
    const { body } = await people('email=jonas.petraitis@example.com');
    expect(body.data.map((person: { accounts: string[] }) => person.accounts)).toEqual([['paysera:1007'], ['rebilly:usr_01JDEMOJONAS000000000000001']]);
    expect(body.candidates).toEqual([
      { accounts: ['paysera:1007', 'rebilly:usr_01JDEMOJONAS000000000000001'], reasons: ['same email'], conflicting: ['phone'] },
    ]);
  });

  it('when the client lacks users:pii, then nothing personal-data-only appears in the merged record', async () => {
    const { body } = await people('email=egle.jankauskiene@example.com', ['users:read']);
    const record = body.data[0].record;
    expect(record.nationalId).toBeUndefined();
    expect(record.dateOfBirth).toBeUndefined();
    expect(record['address.city']).toBeUndefined();
  });

  it('when searching people by national id without users:pii, then 403', async () => {
    expect((await people('nationalId=48804120123&nationality=LT', ['users:read'])).status).toBe(403);
  });
});

describe('GET /v1/users/{id}?include=provenance', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('when asked, then each field that has a value says where it came from', async () => {
    const response = await harness.http.get('/v1/users/paysera:1001?include=provenance').set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.provenance.nationalId).toEqual({
      value: '48804120123',
      account: 'paysera:1001',
      connection: 'paysera',
      providerField: 'identity.code',
      transform: null,
    });
    expect(response.body.provenance.verification).toMatchObject({ value: 'full', providerField: 'identification_level' });
    expect(response.body.provenance.timezone).toBeUndefined();
  });

  it('when the client lacks users:pii, then the provenance holds no personal-data-only field either', async () => {
    const response = await harness.http.get('/v1/users/paysera:1001?include=provenance').set('Authorization', harness.bearer(['users:read']));
    expect(response.body.provenance.nationalId).toBeUndefined();
    expect(response.body.provenance.dateOfBirth).toBeUndefined();
  });

  it('when include names something else, then 400', async () => {
    expect((await harness.http.get('/v1/users/paysera:1001?include=everything').set('Authorization', harness.bearer())).status).toBe(400);
  });
});
