import { sealCredentials, unsealCredentials } from '../../src/connections/catalog';
import { resealUnderCurrentKey } from '../../src/connections/reseal-credentials';
import { KeyRing } from '../../src/secrets/key-ring';
import { BACKENDS, newConnection, type TestDatabase } from '../support/stores';

const k0 = KeyRing.generateEntry('k0');
const k1 = KeyRing.generateEntry('k1');
const k2 = KeyRing.generateEntry('k2');
const underK1 = KeyRing.parse(k1);
const rotating = KeyRing.parse(`${k2},${k1}`);
const onlyK2 = KeyRing.parse(k2);

describe.each(BACKENDS)('re-sealing stored credentials under a new key, on %s', (_kind, setUp) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await setUp();
  });
  afterEach(() => database.dispose());

  async function storeUnder(ring: KeyRing, count: number, tenant = 'acme') {
    const store = await database.open();
    const created = [];
    for (let index = 0; index < count; index += 1) {
      const name = `wallet-${index}`;
      created.push(await store.create(newConnection({ tenant, name, ...sealCredentials({ apiKey: `secret-${index}` }, tenant, name, ring) })));
    }
    return { store, created };
  }

  it('when records are sealed under k1 and the ring is k2,k1, then every one is under k2 and opens with k2 alone, revision and fingerprint unchanged', async () => {
    const { store, created } = await storeUnder(underK1, 3);
    const report = await resealUnderCurrentKey(store, rotating);
    expect(report).toEqual({ keyId: 'k2', resealed: 3, alreadyCurrent: 0, unreadable: [], gone: 0 });
    for (const [index, before] of created.entries()) {
      const after = (await store.get(before.tenant, before.name))!;
      expect(KeyRing.sealedKeyId(after.sealedCredentials)).toBe('k2');
      expect(unsealCredentials(after, onlyK2)).toEqual({ apiKey: `secret-${index}` });
      expect(after).toMatchObject({ revision: before.revision, credentialsFingerprint: before.credentialsFingerprint, id: before.id });
    }
  });

  it('when the rotation runs again, then everything is already current and nothing is written', async () => {
    const { store } = await storeUnder(underK1, 2);
    await resealUnderCurrentKey(store, rotating);
    const version = await store.currentVersion();
    expect(await resealUnderCurrentKey(store, rotating)).toMatchObject({ resealed: 0, alreadyCurrent: 2, unreadable: [] });
    expect(await store.currentVersion()).toBe(version);
  });

  it('when a record is sealed under a key the ring does not have, then it is counted unreadable, named, and left as it was', async () => {
    const { store } = await storeUnder(underK1, 2);
    const lost = await store.create(newConnection({ tenant: 'globex', name: 'old', ...sealCredentials({ apiKey: 'x' }, 'globex', 'old', KeyRing.parse(k0)) }));
    const report = await resealUnderCurrentKey(store, rotating);
    expect(report).toMatchObject({ resealed: 2, alreadyCurrent: 0, unreadable: [{ tenant: 'globex', name: 'old', keyId: 'k0' }] });
    expect((await store.get('globex', 'old'))?.sealedCredentials).toBe(lost.sealedCredentials);
  });

  it('when credentials are rotated by a gateway while the key rotation runs, then nothing is lost: the newest credentials end up under k2', async () => {
    const { store } = await storeUnder(underK1, 20);
    const gateway = await database.open();
    const rotation = resealUnderCurrentKey(store, rotating);
    // A gateway that already has the new keys writes new credentials for half of the connections meanwhile.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        gateway.update('acme', `wallet-${index * 2}`, {
          credentials: sealCredentials({ apiKey: `new-${index * 2}` }, 'acme', `wallet-${index * 2}`, rotating),
        }),
      ),
    );
    const report = await rotation;
    expect(report.resealed + report.alreadyCurrent).toBe(20);
    for (let index = 0; index < 20; index += 1) {
      const record = (await store.get('acme', `wallet-${index}`))!;
      expect(unsealCredentials(record, onlyK2)).toEqual({ apiKey: index % 2 === 0 ? `new-${index}` : `secret-${index}` });
    }
  });
});
