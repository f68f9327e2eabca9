import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { adaptersWith, adapterWith, personId } from '../support/registry';

/** Where each adapter finds the demo person: those that return users, and those that only say an account exists. */
const finding = adaptersWith({ lookup: 'email' });
const existsOnly = adaptersWith({ existsOnly: true });
const egleAccounts = finding.map(personId).sort();
const sourceOf = (field: 'phone' | 'name.full' | 'nationalId', adapterName: string) =>
  adapters.find((adapter) => adapter.name === adapterName)?.fieldSources?.[field];

/** The person view over the demo data of every simulator (docs/demo-data.md). */
describe('GET /v1/people', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  const people = (query: string, scopes: Parameters<Harness['bearer']>[0] = 'all') =>
    harness.http.get(`/v1/people?${query}`).set('Authorization', harness.bearer(scopes));

  describe('Eglė Jankauskienė, at every adapter of the registry', () => {
    let body: Record<string, any>;
    beforeAll(async () => {
      const response = await people('email=egle.jankauskiene@example.com');
      expect(response.status).toBe(200);
      body = response.body;
    });

    it('when searched by email, then her readable accounts, one per adapter that finds users, are one person, linked with high confidence', () => {
      expect(body.data).toHaveLength(1);
      expect(body.data[0]).toMatchObject({ confidence: 'high', accounts: egleAccounts });
    });

    it('when linked, then every link gives its reasons', () => {
      for (const link of body.data[0].links) expect(link.reasons).toEqual(['same email', 'same E.164 phone']);
    });

    it('when a provider only says that an account exists, then it is attached to her as an account elsewhere', () => {
      expect(body.data[0].elsewhere).toEqual(existsOnly.map((adapter) => ({ connection: adapter.name, provider: adapter.name, matchedBy: 'email' })));
      for (const adapter of existsOnly) expect(body.connections[adapter.name]).toMatchObject({ status: 'ok', exists: true, count: 0 });
    });

    it('when the providers disagree on her name, then the conflict is listed with each origin, not resolved', () => {
      const conflict = body.data[0].record['name.full'];
      expect(conflict.value).toBeNull();
      expect(conflict.conflict.map((origin: { account: string }) => origin.account).sort()).toEqual(egleAccounts);
      // The deliberate conflict of docs/demo-data.md: one provider has her name without diacritics.
      expect(new Set(conflict.conflict.map((origin: { value: string }) => origin.value))).toEqual(new Set(['Eglė Jankauskienė', 'Egle Jankauskiene']));
      for (const origin of conflict.conflict) expect(origin.providerField).toBe(sourceOf('name.full', origin.connection)?.from);
    });

    it('when the providers agree, then the value comes with every provider field it came from', () => {
      const { phone } = body.data[0].record;
      expect(phone.value).toBe('+37060012345');
      expect(phone.sources.map((source: { account: string }) => source.account).sort()).toEqual(egleAccounts);
      for (const source of phone.sources) expect(source).toMatchObject({ providerField: sourceOf('phone', source.connection)?.from });
      const keepers = finding.filter((adapter) => adapter.fieldSources?.nationalId);
      expect(body.data[0].record.nationalId).toMatchObject({
        value: '48804120123',
        sources: keepers.map((adapter) => expect.objectContaining({ account: personId(adapter), providerField: sourceOf('nationalId', adapter.name)?.from })),
      });
    });

    it('when the person is merged, then account-level facts (status, timestamps) stay on the accounts', () => {
      expect(Object.keys(body.data[0].record)).not.toEqual(expect.arrayContaining(['createdAt']));
      expect(body.accounts).toHaveLength(egleAccounts.length);
    });
  });

  it('when Jonas Petraitis is searched, then his accounts stay apart and are shown as a candidate pair naming the phone', async () => {
    const { body } = await people('email=jonas.petraitis@example.com');
    const accounts = body.data.map((person: { accounts: string[] }) => person.accounts);
    expect(accounts).toHaveLength(2);
    expect(accounts.every((list: string[]) => list.length === 1)).toBe(true);
    expect(body.candidates).toEqual([{ accounts: accounts.flat(), reasons: ['same email'], conflicting: ['phone'] }]);
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
  /** The demo person where her national id and identity verification are mapped. */
  const adapter = adapterWith({ maps: ['nationalId', 'verification'] });
  const PERSON = encodeURIComponent(personId(adapter));
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  it('when asked, then each field that has a value says where it came from', async () => {
    const response = await harness.http.get(`/v1/users/${PERSON}?include=provenance`).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.provenance.nationalId).toEqual({
      value: '48804120123',
      account: personId(adapter),
      connection: adapter.name,
      providerField: adapter.fieldSources?.nationalId?.from,
      transform: adapter.fieldSources?.nationalId?.transform ?? null,
    });
    expect(response.body.provenance.verification).toMatchObject({ providerField: adapter.fieldSources?.verification?.from });
    for (const field of Object.keys(response.body.provenance)) expect(adapter.fieldSources).toHaveProperty([field]);
  });

  it('when the client lacks users:pii, then the provenance holds no personal-data-only field either', async () => {
    const response = await harness.http.get(`/v1/users/${PERSON}?include=provenance`).set('Authorization', harness.bearer(['users:read']));
    expect(response.body.provenance.nationalId).toBeUndefined();
    expect(response.body.provenance.dateOfBirth).toBeUndefined();
  });

  it('when include names something else, then 400', async () => {
    expect((await harness.http.get(`/v1/users/${PERSON}?include=everything`).set('Authorization', harness.bearer())).status).toBe(400);
  });
});
